"""ScannerSimulator through raw bytes on its pty: frames out, trigger commands in, unplug."""

from __future__ import annotations

import errno
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sim_peers import HostEnd

from simulators.scanner import ScannerSimulator


@pytest.fixture
async def simulator(tmp_path: Path) -> AsyncIterator[ScannerSimulator]:
    sim = ScannerSimulator(tmp_path / "run" / "scanner.tty")
    await sim.start()
    yield sim
    await sim.stop()


async def test_link_points_at_the_pty_and_codes_come_out_terminated(
    simulator: ScannerSimulator,
) -> None:
    assert simulator.link is not None and simulator.link.is_symlink()
    assert os.readlink(simulator.link) == simulator.slave_path
    assert simulator.url == f"serial://{simulator.link}?baud=9600"
    host = HostEnd(simulator.path)
    assert simulator.present("134567890123456789")
    assert await host.read_exactly(19) == b"134567890123456789\x0d"
    assert simulator.present("286543210987654321", terminator=b"\r\n")
    assert await host.read_exactly(20) == b"286543210987654321\x0d\x0a"
    simulator.send_raw(b"\x00\xff\x1b")
    assert await host.read_exactly(3) == b"\x00\xff\x1b"
    host.close()


async def test_honeywell_trigger_commands(simulator: ScannerSimulator) -> None:
    host = HostEnd(simulator.path)
    host.write(b"\x16\x55\x0d")
    assert await simulator.wait_commands(1, timeout=2.0) == [b"\x16\x55\x0d"]
    assert not simulator.scanning
    assert not simulator.present("IGNORED")
    host.write(b"\x16\x54\x0d")
    await simulator.wait_commands(2, timeout=2.0)
    assert simulator.scanning
    assert simulator.present("READ")
    assert await host.read_exactly(5) == b"READ\r"
    host.close()


async def test_host_trigger_mode_reads_nothing_until_triggered(tmp_path: Path) -> None:
    sim = ScannerSimulator(start_on=False)
    await sim.start()
    host = HostEnd(sim.path)
    assert not sim.present("EARLY")
    host.write(b"junk\x16T\x0d")  # noise before a command is skipped, the command still counts
    await sim.wait_commands(1, timeout=2.0)
    assert sim.commands == [b"\x16T\r"]
    assert sim.present("LATE")
    assert await host.read_exactly(5) == b"LATE\r"
    host.close()
    await sim.stop()


async def test_unplug_gives_eio_and_replug_repoints_the_link(
    simulator: ScannerSimulator,
) -> None:
    host = HostEnd(simulator.path)
    old_slave = simulator.slave_path
    simulator.unplug()
    assert not simulator.plugged
    assert simulator.link is not None and not simulator.link.exists()
    # Linux reports the hang-up as end of file or EIO depending on the tty state; both mean gone.
    with pytest.raises((EOFError, OSError)) as failure:
        await host.read_exactly(1)
    error = failure.value
    assert isinstance(error, EOFError) or (isinstance(error, OSError) and error.errno == errno.EIO)
    assert not simulator.present("NOBODY")
    host.close()
    simulator.replug()
    assert simulator.link.is_symlink()
    assert simulator.slave_path is not None
    assert os.readlink(simulator.link) == simulator.slave_path
    again = HostEnd(simulator.path)
    assert simulator.present("BACK")
    assert await again.read_exactly(5) == b"BACK\r"
    again.close()
    assert old_slave is not None
