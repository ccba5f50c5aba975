"""A pcscd plus a card simulator for tests: one per process, shared by every test module using it.

Tests use vpcd's second slot ("Virtual PCD 00 01", port + 1) so that a demo running on the first
slot of the same pcscd is not disturbed.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path

from simulators.pcscd import PcscdInfo, ensure_pcscd, stop_pcscd
from simulators.prepaid_card.sim import PrepaidCardSimulator

TEST_SLOT = 1


@dataclass
class CardRig:
    """The running pieces: pcscd, the simulator on the test slot, and the reader's URL."""

    run_dir: Path
    pcscd: PcscdInfo
    sim: PrepaidCardSimulator
    reader_name: str

    @property
    def url(self) -> str:
        """The `pcsc://` URL of the test slot."""
        return f"pcsc://{self.reader_name}"


_lock = threading.Lock()
_rig: CardRig | None = None
_users = 0


def acquire_rig(run_dir: Path) -> CardRig:
    """The process's rig, started on first use (pcscd in `run_dir` if none runs). Raises
    `simulators.pcscd.PcscdError` with the reason when pcscd cannot be started."""
    global _rig, _users
    with _lock:
        if _rig is None:
            info = ensure_pcscd(run_dir)
            name = f"Virtual PCD 00 {TEST_SLOT:02d}"
            if name not in info.readers:
                raise RuntimeError(f"pcscd lists {info.readers}, not {name!r}")
            sim = PrepaidCardSimulator(info.port + TEST_SLOT, info)
            asyncio.run(sim.start())
            _rig = CardRig(run_dir, info, sim, name)
        _users += 1
        return _rig


def release_rig() -> None:
    """One user is done; the last one stops the simulator and the pcscd the rig started."""
    global _rig, _users
    with _lock:
        _users -= 1
        if _users > 0 or _rig is None:
            return
        rig, _rig = _rig, None
        asyncio.run(rig.sim.stop())
        if rig.pcscd.started_here:
            stop_pcscd(rig.run_dir)
