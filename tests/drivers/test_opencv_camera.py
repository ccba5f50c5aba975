"""The OpenCV camera driver against the MJPEG camera simulator over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.interfaces import CameraFrame, DeviceGone
from drivers.opencv_camera import OpenCvCamera, frame_brightness
from kiosk.clock import SystemClock
from kiosk.config import DeviceSettings
from kiosk.devices.manager import DeviceManager, device_class
from kiosk.devices.status import DeviceState, StatusChanged
from simulators.camera import CameraSimulator

pytestmark = pytest.mark.timeout(30)
FPS = 20
STALL_S = 0.6


@pytest.fixture
async def sim() -> AsyncIterator[CameraSimulator]:
    simulator = CameraSimulator(0, width=320, height=240, fps=FPS)
    await simulator.start()
    yield simulator
    await simulator.stop()


def camera_for(sim: CameraSimulator) -> OpenCvCamera:
    return OpenCvCamera(
        "camera", sim.url, width=320, height=240, fps=FPS, clock=SystemClock(), stall_s=STALL_S
    )


class FrameCounter:
    """Counts frames from the capture thread; `reached` is set once `target` have come."""

    def __init__(self, loop: asyncio.AbstractEventLoop, target: int) -> None:
        self.loop = loop
        self.target = target
        self.frames: list[CameraFrame] = []
        self.reached = asyncio.Event()
        self._lock = threading.Lock()

    def __call__(self, frame: CameraFrame) -> None:
        with self._lock:
            self.frames.append(frame)
            if len(self.frames) == self.target:
                self.loop.call_soon_threadsafe(self.reached.set)


async def wait_state(camera: OpenCvCamera, state: DeviceState, timeout: float = 5.0) -> None:
    changed = asyncio.Event()

    def listener(event: StatusChanged) -> None:
        if event.status.device == state:
            changed.set()

    camera.add_listener(listener)
    if camera.status.device != state:
        await asyncio.wait_for(changed.wait(), timeout)


async def test_frames_arrive_at_about_the_fps(sim: CameraSimulator) -> None:
    camera = camera_for(sim)
    counter = FrameCounter(asyncio.get_running_loop(), target=FPS + 1)
    camera.add_frame_listener(counter)
    await camera.open()
    try:
        assert camera.status.device == DeviceState.ONLINE
        assert camera.status.streaming
        await asyncio.wait_for(counter.reached.wait(), 5.0)
        frames = counter.frames[: FPS + 1]
        elapsed = frames[-1].at - frames[0].at
        assert FPS * 0.6 <= FPS / elapsed <= FPS * 1.5
        assert [f.seq for f in frames] == sorted({f.seq for f in frames})
        assert frames[0].bgr.shape == (240, 320, 3) and frames[0].bgr.dtype == np.uint8
        latest = camera.latest_frame()
        assert latest is not None and latest.seq >= frames[-1].seq
        assert FPS * 0.6 <= camera.status.fps <= FPS * 1.5
    finally:
        await camera.close()
    assert camera.status.device == DeviceState.NO_DEVICE and not camera.status.streaming


async def test_snapshot_decodes_and_shows_the_document(sim: CameraSimulator) -> None:
    camera = camera_for(sim)
    await camera.open()
    try:
        plain = cv2.imdecode(np.frombuffer(await camera.snapshot_jpeg(), np.uint8), 1)
        assert plain is not None and plain.shape == (240, 320, 3)
        sim.show_document(True)
        counter = FrameCounter(asyncio.get_running_loop(), target=3)
        camera.add_frame_listener(counter)
        await asyncio.wait_for(counter.reached.wait(), 5.0)
        card = cv2.imdecode(np.frombuffer(await camera.snapshot_jpeg(), np.uint8), 1)
        assert card is not None
        # the white card lifts the brightness of the picture
        assert frame_brightness(card) > frame_brightness(plain) + 10
    finally:
        await camera.close()


async def test_freeze_makes_the_camera_gone_and_close_is_prompt(sim: CameraSimulator) -> None:
    camera = camera_for(sim)
    await camera.open()
    sim.freeze(True)
    await wait_state(camera, DeviceState.NO_DEVICE, timeout=STALL_S * 5)
    assert "no frame" in (camera.status.last_error or "")
    assert not camera.status.streaming
    with pytest.raises(DeviceGone):
        await camera.open()  # connects, but no picture comes
    sim.freeze(False)
    await camera.open()
    assert camera.status.device == DeviceState.ONLINE
    loop = asyncio.get_running_loop()
    started = loop.time()
    await camera.close()
    assert loop.time() - started < 1.0
    await camera.close()  # twice is fine


async def test_unplug_gives_device_gone_on_open(sim: CameraSimulator) -> None:
    camera = camera_for(sim)
    await camera.open()
    await sim.unplug()
    await wait_state(camera, DeviceState.NO_DEVICE, timeout=STALL_S * 5)
    with pytest.raises(DeviceGone, match="does not answer"):
        await camera.open()
    await sim.replug()
    await camera.open()
    assert camera.status.device == DeviceState.ONLINE
    await camera.close()


async def test_a_url_that_is_no_camera_is_refused(sim: CameraSimulator) -> None:
    wrong = OpenCvCamera("camera", f"http://127.0.0.1:{sim.port}/nothing", stall_s=STALL_S)
    with pytest.raises(DeviceGone, match="HTTP 404"):
        await wrong.open()
    missing = OpenCvCamera("camera", "camera://97", stall_s=STALL_S)
    with pytest.raises(DeviceGone, match="no camera at index 97"):
        await missing.open()


async def test_manager_reconnects_after_a_freeze(sim: CameraSimulator, tmp_path: Path) -> None:
    settings = DeviceSettings(driver="opencv_camera", url=sim.url, width=320, height=240, fps=FPS)
    manager = DeviceManager(
        {"camera": settings}, SystemClock(), tmp_path, blink_s=0.1, backoff_min_s=0.05
    )
    await manager.start()
    try:
        camera = manager.camera()
        assert isinstance(camera, OpenCvCamera)
        assert device_class(camera) == "camera"
        assert manager.availability().camera
        camera.stall_s = STALL_S
        sim.freeze(True)
        await wait_state(camera, DeviceState.NO_DEVICE, timeout=10)
        sim.freeze(False)
        await wait_state(camera, DeviceState.ONLINE, timeout=10)
        counter = FrameCounter(asyncio.get_running_loop(), target=3)
        camera.add_frame_listener(counter)
        await asyncio.wait_for(counter.reached.wait(), 5.0)
        info = next(i for i in manager.device_infos() if i.name == "camera")
        assert info.device_class == "camera" and "no frame" in (info.last_error or "")
    finally:
        await manager.stop()
