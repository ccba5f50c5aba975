"""Python's cyclic garbage is collected in the GUI thread only.

Python runs its cyclic collector in whichever thread happens to allocate when a threshold is
crossed: here that may be the camera's capture thread, a worker of `asyncio.to_thread`, or the
simulators' loop thread. If such a collection frees a Qt object left in a reference cycle (a
replaced screen with a QTimer, say), the C++ destructor runs in that thread, Qt cannot unregister
the timer from there, and the GUI thread's event loop later fires a timer on freed memory: a
SIGSEGV in QTimerInfoList::activateTimers. The VTM test files crashed that way about one run in
three before this; none in ten after.

So, while the terminal runs, automatic collection is off and a timer in the GUI thread collects
each generation when its count passes the usual threshold. The objects alive at start-up are
frozen out of the collector's view (`gc.freeze`), so a full collection only scans what the running
terminal created and stays short.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

CHECK_MS = 250  # a generation-0 collection of a few hundred objects costs well under 1 ms


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects from a GUI-thread timer; `stop()` restores."""

    def __init__(self, interval_ms: int = CHECK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._threshold = gc.get_threshold()
        gc.disable()
        gc.freeze()
        self.collections = [0, 0, 0]
        self.longest_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold (if any)."""
        counts = gc.get_count()
        generation = -1
        for index in range(3):
            if counts[index] > self._threshold[index]:
                generation = index
        if generation < 0:
            return
        started = time.perf_counter()
        gc.collect(generation)
        elapsed_ms = (time.perf_counter() - started) * 1000
        self.collections[generation] += 1
        if elapsed_ms > self.longest_ms:
            self.longest_ms = elapsed_ms
            log.debug("gc generation %d took %.1f ms", generation, elapsed_ms)

    def stop(self) -> None:
        """Stop the timer, collect once here, and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
