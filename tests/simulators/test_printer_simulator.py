"""PrinterSimulator over real TCP and pty with raw bytes: status, ASB, jobs, paper, unplug."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sim_peers import HostEnd

from simulators.printer import PrintedJob, PrinterSimulator

JOB = (
    b"\x1b\x40\x1b\x61\x01\x1c\x26\xbd\xc9\xb7\xd1\xb3\xc9\xb9\xa6\x1c\x2e\x0a\x1b\x61\x00"
    b"\x1c\x26\xb5\xe7\xb7\xd1\x1c\x2e    \x1c\x26\xa3\xa4\x1c\x2e1.00\x0a"
    b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"
    b"\x1d\x28\x6b\x03\x00\x31\x43\x04"
    b"\x1d\x28\x6b\x03\x00\x31\x45\x31"
    b"\x1d\x28\x6b\x06\x00\x31\x50\x30REF"
    b"\x1d\x28\x6b\x03\x00\x31\x51\x30"
    b"\x1d\x56\x42\x00"
)


@pytest.fixture
async def printer() -> AsyncIterator[PrinterSimulator]:
    sim = PrinterSimulator(port=0, columns=12)
    await sim.start()
    yield sim
    await sim.stop()


async def _connect(sim: PrinterSimulator) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(sim.host, sim.port)


async def test_real_time_status_follows_the_state(printer: PrinterSimulator) -> None:
    reader, writer = await _connect(printer)
    writer.write(b"\x10\x04\x04")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x12"
    printer.set_paper("near_end")
    writer.write(b"\x10\x04\x04")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x1e"
    printer.set_paper("out")
    writer.write(b"\x10\x04\x04\x10\x04\x01")
    assert await asyncio.wait_for(reader.readexactly(2), 2.0) == b"\x72\x1a"
    printer.set_paper("full")
    printer.set_cover(True)
    writer.write(b"\x10\x04\x02")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x16"
    writer.close()


async def test_asb_pushes_on_change_only_when_enabled(printer: PrinterSimulator) -> None:
    reader, writer = await _connect(printer)
    quiet_reader, quiet_writer = await _connect(printer)
    writer.write(b"\x1d\x61\x0e")
    assert await asyncio.wait_for(reader.readexactly(4), 2.0) == b"\x10\x00\x00\x00"
    printer.set_cover(True)
    assert await asyncio.wait_for(reader.readexactly(4), 2.0) == b"\x38\x00\x00\x00"
    printer.set_cover(False)
    printer.set_paper("near_end")
    assert await asyncio.wait_for(reader.readexactly(8), 2.0) == (
        b"\x10\x00\x00\x00" + b"\x10\x00\x03\x00"
    )
    quiet_writer.write(b"\x10\x04\x04")
    # The first byte the quiet connection gets is the reply: no ASB was pushed to it.
    assert await asyncio.wait_for(quiet_reader.readexactly(1), 2.0) == b"\x1e"
    writer.close()
    quiet_writer.close()


async def test_a_job_is_kept_with_text_qr_and_png(printer: PrinterSimulator) -> None:
    seen: list[PrintedJob] = []
    printer.on_job = seen.append
    _, writer = await _connect(printer)
    writer.write(JOB)
    jobs = await printer.wait_jobs(1, timeout=2.0)
    job = jobs[0]
    assert job.raw == JOB
    assert job.text == "  缴费成功\n电费    ￥1.00\n[QR:REF]"
    assert job.qr_payloads == ["REF"]
    assert job.complete
    assert job.png().startswith(b"\x89PNG\r\n\x1a\n")
    assert seen == [job]
    assert printer.job_completed.is_set()
    writer.close()


async def test_out_of_paper_discards_the_job(printer: PrinterSimulator) -> None:
    reader, writer = await _connect(printer)
    printer.set_paper("out")
    writer.write(JOB + b"\x10\x04\x04")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x72"
    assert printer.jobs == []
    printer.set_paper("full")
    writer.write(JOB)
    await printer.wait_jobs(1, timeout=2.0)
    writer.close()


async def test_paper_running_out_mid_job_leaves_an_incomplete_receipt(
    printer: PrinterSimulator,
) -> None:
    reader, writer = await _connect(printer)
    writer.write(b"\x1b\x40first line\x0a\x10\x04\x04")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x12"
    printer.set_paper("out")
    job = (await printer.wait_jobs(1, timeout=2.0))[0]
    assert not job.complete
    assert job.text == "first line"
    writer.close()


async def test_unplug_drops_connections_and_replug_listens_on_the_same_port(
    printer: PrinterSimulator,
) -> None:
    reader, _ = await _connect(printer)
    port = printer.port
    printer.unplug()
    assert await asyncio.wait_for(reader.read(), 2.0) == b""
    with pytest.raises(OSError):
        await _connect(printer)
    await printer.replug()
    assert printer.port == port
    reader, writer = await _connect(printer)
    writer.write(b"\x10\x04\x01")
    assert await asyncio.wait_for(reader.readexactly(1), 2.0) == b"\x12"
    writer.close()


async def test_pty_front_end(tmp_path: Path) -> None:
    sim = PrinterSimulator(port=0, pty_link=tmp_path / "printer.tty", columns=12)
    await sim.start()
    assert sim.pty_path == str(tmp_path / "printer.tty")
    host = HostEnd(str(tmp_path / "printer.tty"))
    host.write(b"\x10\x04\x04")
    assert await host.read_exactly(1) == b"\x12"
    host.write(JOB)
    assert (await sim.wait_jobs(1, timeout=2.0))[0].qr_payloads == ["REF"]
    host.close()
    await sim.stop()
    assert not (tmp_path / "printer.tty").exists()
