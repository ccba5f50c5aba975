"""SerialScanner against a raw pty peer: framing, debounce, trigger bytes, garbage, line drop."""

from __future__ import annotations

import asyncio
import logging

import pytest
from device_peers import FakeClock, PtyPeer

from drivers.interfaces import DeviceGone
from drivers.serial_scanner import FrameDecoder, SerialScanner
from kiosk.devices.status import DeviceState, ScannerStatus, StatusChanged

WECHAT_CODE = "134567890123456789"
ALIPAY_CODE = "286543210987654321"


def test_decoder_frames_on_cr_crlf_and_lf() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"111\r222\r\n333\n", 0.0) == ["111", "222", "333"]


def test_decoder_joins_a_frame_split_across_chunks() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"1345", 0.0) == []
    assert decoder.feed(b"6789\r", 0.1) == ["13456789"]


def test_decoder_drops_stale_partial_frame() -> None:
    discarded: list[tuple[str, int]] = []
    decoder = FrameDecoder(frame_gap_s=1.0, on_discard=lambda r, n: discarded.append((r, n)))
    assert decoder.feed(b"99", 0.0) == []
    assert decoder.feed(b"123\r", 5.0) == ["123"]
    assert discarded == [("stale partial frame", 2)]


def test_decoder_discards_garbage_and_overlong_frames() -> None:
    discarded: list[str] = []
    decoder = FrameDecoder(on_discard=lambda r, n: discarded.append(r))
    assert decoder.feed(b"\x00\x01\xff\xfe\r", 0.0) == []
    assert decoder.feed(b"\x1b[2J\r", 0.0) == []
    assert decoder.feed(b"7" * 600, 0.0) == []
    assert decoder.feed(b"7" * 100 + b"\rOK\r", 0.0) == ["OK"]
    assert discarded == ["frame is not UTF-8", "non-printable bytes in frame", "over-long frame"]
    assert decoder.feed(b"8" * 512 + b"\r", 0.0) == ["8" * 512]


async def _open(
    peer: PtyPeer, clock: FakeClock, debounce_s: float = 3.0, max_code_age_s: float = 10.0
) -> SerialScanner:
    scanner = SerialScanner(
        "scanner", peer.url, clock=clock, debounce_s=debounce_s, max_code_age_s=max_code_age_s
    )
    await scanner.open()
    return scanner


async def test_reads_a_code_and_reports_online(pty_peer: PtyPeer, clock: FakeClock) -> None:
    events: list[StatusChanged] = []
    scanner = SerialScanner("scanner", pty_peer.url, clock=clock)
    scanner.add_listener(events.append)
    await scanner.open()
    assert scanner.status.device == DeviceState.ONLINE
    assert scanner.status.scanner == ScannerStatus.ON
    assert events[-1].changes == {"device": DeviceState.ONLINE, "scanner": ScannerStatus.ON}
    pty_peer.write(WECHAT_CODE.encode() + b"\r\n")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == WECHAT_CODE
    await scanner.close()


async def test_same_code_within_debounce_is_dropped(pty_peer: PtyPeer, clock: FakeClock) -> None:
    scanner = await _open(pty_peer, clock, debounce_s=3.0)
    pty_peer.write(WECHAT_CODE.encode() + b"\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == WECHAT_CODE
    clock.advance(2.0)
    pty_peer.write(WECHAT_CODE.encode() + b"\r" + ALIPAY_CODE.encode() + b"\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == ALIPAY_CODE
    clock.advance(3.5)
    pty_peer.write(WECHAT_CODE.encode() + b"\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == WECHAT_CODE
    await scanner.close()


async def test_stale_code_is_not_handed_to_a_later_reader(
    pty_peer: PtyPeer, clock: FakeClock
) -> None:
    scanner = await _open(pty_peer, clock, max_code_age_s=10.0)
    pty_peer.write(b"OLD\r")
    # Let the reader take the frame in without anybody asking for a code.
    pty_peer.write(b"MARK\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "OLD"
    clock.advance(11.0)
    pty_peer.write(b"NEW\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "NEW"
    await scanner.close()


async def test_trigger_commands_on_the_wire(pty_peer: PtyPeer, clock: FakeClock) -> None:
    scanner = await _open(pty_peer, clock)
    await scanner.set_scanning(False)
    assert await pty_peer.read_exactly(3) == b"\x16\x55\x0d"
    assert scanner.status.scanner == ScannerStatus.OFF
    pty_peer.write(b"IGNORED\r")
    await scanner.set_scanning(True)
    assert await pty_peer.read_exactly(3) == b"\x16\x54\x0d"
    assert scanner.status.scanner == ScannerStatus.ON
    pty_peer.write(b"WANTED\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == "WANTED"
    await scanner.close()


async def test_garbage_never_blocks_and_never_logs_content(
    pty_peer: PtyPeer, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    scanner = await _open(pty_peer, clock)
    pty_peer.write(b"\x00\x9f\x80SECRET\x07\r" + b"Z" * 2000)
    pty_peer.write(b"\r" + WECHAT_CODE.encode() + b"\r")
    assert await asyncio.wait_for(scanner.read_code(), 2.0) == WECHAT_CODE
    assert scanner.discarded_frames == 2
    assert "SECRET" not in caplog.text
    assert WECHAT_CODE not in caplog.text
    await scanner.close()


async def test_line_drop_during_read_raises_device_gone(
    pty_peer: PtyPeer, clock: FakeClock
) -> None:
    events: list[StatusChanged] = []
    scanner = await _open(pty_peer, clock)
    scanner.add_listener(events.append)
    waiting = asyncio.create_task(scanner.read_code())
    done, _ = await asyncio.wait({waiting}, timeout=0.05)
    assert not done  # the read is waiting when the line drops
    pty_peer.hang_up()
    with pytest.raises(DeviceGone):
        await asyncio.wait_for(waiting, 2.0)
    assert scanner.status.device == DeviceState.NO_DEVICE
    assert scanner.status.scanner == ScannerStatus.INOPERATIVE
    assert events[-1].changes["device"] == DeviceState.NO_DEVICE
    with pytest.raises(DeviceGone):
        await scanner.read_code()
    with pytest.raises(DeviceGone):
        await scanner.set_scanning(True)
    await scanner.close()


async def test_open_without_device_is_gone(clock: FakeClock) -> None:
    scanner = SerialScanner("scanner", "serial:///nonexistent/tty0", clock=clock)
    with pytest.raises(DeviceGone):
        await scanner.open()
    assert scanner.status.device == DeviceState.NO_DEVICE


async def test_trigger_off_is_restored_after_reconnect(clock: FakeClock) -> None:
    first = PtyPeer()
    scanner = await _open(first, clock)
    await scanner.set_scanning(False)
    assert await first.read_exactly(3) == b"\x16U\r"
    first.hang_up()
    with pytest.raises(DeviceGone):
        await asyncio.wait_for(scanner.read_code(), 2.0)
    await scanner.close()
    second = PtyPeer()
    scanner.url = second.url
    await scanner.open()
    assert await second.read_exactly(3) == b"\x16U\r"
    assert scanner.status.scanner == ScannerStatus.OFF
    await scanner.close()
    second.hang_up()
