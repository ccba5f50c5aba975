"""Byte transports: URL parsing, serial (pty) and socket I/O, and the device-gone signal."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from device_peers import PtyPeer, TcpPeer

from drivers.interfaces import DeviceError, DeviceGone, DeviceTimeout
from drivers.transport import (
    BUFFER_LIMIT,
    SerialTransport,
    SocketTransport,
    transport_from_url,
)


def test_serial_url_absolute_and_relative() -> None:
    absolute = transport_from_url("serial:///dev/ttyUSB0?baud=115200")
    assert isinstance(absolute, SerialTransport)
    assert absolute.path == Path("/dev/ttyUSB0")
    assert absolute.baud == 115200
    relative = transport_from_url("serial://var/run/scanner.tty?baud=9600", Path("/srv/kiosk"))
    assert isinstance(relative, SerialTransport)
    assert relative.path == Path("/srv/kiosk/var/run/scanner.tty")
    assert relative.baud == 9600


def test_socket_url() -> None:
    transport = transport_from_url("socket://127.0.0.1:9100")
    assert isinstance(transport, SocketTransport)
    assert (transport.host, transport.port) == ("127.0.0.1", 9100)


@pytest.mark.parametrize(
    "url", ["ipp://host/print", "socket://127.0.0.1", "serial://x?baud=fast", "serial://"]
)
def test_bad_urls_are_explained(url: str) -> None:
    with pytest.raises(DeviceError):
        transport_from_url(url)


async def test_missing_serial_device_is_gone(tmp_path: Path) -> None:
    transport = transport_from_url(f"serial://{tmp_path}/nothing.tty")
    with pytest.raises(DeviceGone):
        await transport.open()
    assert transport.closed


async def test_serial_round_trip_and_hang_up(pty_peer: PtyPeer) -> None:
    transport = transport_from_url(pty_peer.url)
    await transport.open()
    assert not transport.closed
    await transport.write(b"\x16T\r")
    assert await pty_peer.read_exactly(3) == b"\x16T\r"
    pty_peer.write(b"6912345678901234\r")
    received = b""
    while not received.endswith(b"\r"):
        received += await transport.read(timeout=2.0)
    assert received == b"6912345678901234\r"
    with pytest.raises(DeviceTimeout):
        await transport.read(timeout=0.05)
    pty_peer.hang_up()
    with pytest.raises(DeviceGone):
        await transport.read(timeout=2.0)
    await asyncio.wait_for(transport.wait_closed(), 2.0)
    assert transport.closed
    with pytest.raises(DeviceGone):
        await transport.write(b"x")
    await transport.close()


async def test_socket_round_trip_and_peer_close(tcp_peer: TcpPeer) -> None:
    transport = transport_from_url(tcp_peer.url)
    await transport.open()
    reader, writer = await tcp_peer.accept()
    await transport.write(b"\x10\x04\x04")
    assert await asyncio.wait_for(reader.readexactly(3), 2.0) == b"\x10\x04\x04"
    writer.write(b"\x12")
    await writer.drain()
    assert await transport.read(timeout=2.0) == b"\x12"
    writer.close()
    chunks = [chunk async for chunk in transport]
    assert chunks == []
    assert transport.closed


async def test_refused_connection_is_gone() -> None:
    peer = TcpPeer()
    await peer.start()
    url = peer.url
    await peer.close()
    assert peer.server is not None
    await peer.server.wait_closed()
    with pytest.raises(DeviceGone):
        await transport_from_url(url).open()


async def test_receive_buffer_is_bounded(tcp_peer: TcpPeer) -> None:
    transport = transport_from_url(tcp_peer.url)
    await transport.open()
    _, writer = await tcp_peer.accept()
    writer.write(b"a" * BUFFER_LIMIT + b"b" * 100)
    await writer.drain()
    writer.close()
    await asyncio.wait_for(transport.wait_closed(), 2.0)
    data = b""
    async for chunk in transport:
        data += chunk
    assert len(data) == BUFFER_LIMIT
    assert data.endswith(b"b" * 100)
    assert transport.dropped_bytes == 100
