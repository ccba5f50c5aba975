"""The MJPEG camera simulator on the wire: the multipart stream, the snapshot, the controls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import cv2
import httpx
import numpy as np
import pytest

from simulators.camera import BOUNDARY, CameraSimulator
from simulators.camera_routes import add_camera_routes

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
async def sim() -> AsyncIterator[CameraSimulator]:
    simulator = CameraSimulator(0, width=160, height=120, fps=20)
    await simulator.start()
    yield simulator
    await simulator.stop()


async def http_get(port: int, path: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    return reader, writer


async def read_part(reader: asyncio.StreamReader) -> bytes:
    assert await reader.readline() == f"--{BOUNDARY}\r\n".encode()
    assert await reader.readline() == b"Content-Type: image/jpeg\r\n"
    length_line = await reader.readline()
    assert length_line.startswith(b"Content-Length: ")
    assert await reader.readline() == b"\r\n"
    jpeg = await reader.readexactly(int(length_line[16:]))
    assert await reader.readexactly(2) == b"\r\n"
    return jpeg


async def test_stream_is_multipart_jpeg(sim: CameraSimulator) -> None:
    reader, writer = await http_get(sim.port, "/stream.mjpg")
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 200 OK\r\n")
        assert f"multipart/x-mixed-replace; boundary={BOUNDARY}".encode() in head
        parts = [await asyncio.wait_for(read_part(reader), 5) for _ in range(3)]
    finally:
        writer.close()
    for jpeg in parts:
        assert jpeg[:2] == b"\xff\xd8" and jpeg[-2:] == b"\xff\xd9"
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert image is not None and image.shape == (120, 160, 3)
    assert len(set(parts)) == 3  # the scene moves and the counter changes


async def test_snapshot_and_unknown_paths(sim: CameraSimulator) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{sim.port}") as client:
        snap = await client.get("/snapshot.jpg")
        assert snap.status_code == 200 and snap.headers["content-type"] == "image/jpeg"
        assert cv2.imdecode(np.frombuffer(snap.content, np.uint8), 1) is not None
        assert (await client.get("/nothing")).status_code == 404


async def test_freeze_holds_frames_and_unplug_refuses(sim: CameraSimulator) -> None:
    reader, writer = await http_get(sim.port, "/stream.mjpg")
    await reader.readuntil(b"\r\n\r\n")
    await read_part(reader)
    sim.freeze(True)
    sent = sim.frames_sent
    # at most the part already on its way, then nothing (the connection stays open)
    with pytest.raises(TimeoutError):
        while True:
            await asyncio.wait_for(read_part(reader), 0.5)
    assert sim.frames_sent <= sent + 1
    sim.freeze(False)
    await asyncio.wait_for(read_part(reader), 5)
    await sim.unplug()
    await asyncio.wait_for(reader.read(), 5)  # returns only at the end of the stream
    assert reader.at_eof()  # closed by the camera
    writer.close()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", sim.port)
    await sim.replug()
    reader, writer = await http_get(sim.port, "/stream.mjpg")
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
    writer.close()


async def test_control_routes(sim: CameraSimulator) -> None:
    from fastapi import FastAPI

    app = FastAPI()
    add_camera_routes(app, sim)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://control") as client:
        assert (await client.post("/camera/document", json={"on": True})).json()["document"]
        assert (await client.post("/camera/dark", json={"on": True})).json()["dark"]
        assert (await client.post("/camera/freeze", json={"on": True})).json()["frozen"]
        assert (await client.post("/camera/unplug")).json()["plugged"] is False
        assert (await client.post("/camera/replug")).json()["plugged"] is True
        assert (await client.post("/camera/dark", json={"on": "maybe"})).status_code == 422
        state = (await client.get("/camera")).json()
    assert state["url"] == sim.url and state["frozen"] and state["document"]
