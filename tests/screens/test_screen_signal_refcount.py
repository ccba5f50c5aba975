"""PySide6 6.12.0 on CPython 3.11 corrupts the refcount of True/None on signal emission and
aborts with `Fatal Python error: bool_dealloc` (DESIGN.md, known traps). Emitting a thousand
bool/None signals in a fresh interpreter must exit 0 with the pinned PySide6."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

EMITTER = textwrap.dedent(
    """
    import gc
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        flag = Signal(bool)
        anything = Signal(object)

    app = QCoreApplication([])
    emitter = Emitter()
    seen = []
    emitter.flag.connect(seen.append)
    emitter.anything.connect(seen.append)
    for i in range(1000):
        emitter.flag.emit(i % 2 == 0)
        emitter.anything.emit(None)
        if i % 100 == 0:
            gc.collect()
    assert len(seen) == 2000, len(seen)
    assert seen.count(None) == 1000 and seen.count(True) == 500
    print("emitted", len(seen))
    """
)


def test_thousand_bool_and_none_emissions_exit_cleanly() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", EMITTER], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "emitted 2000" in result.stdout
