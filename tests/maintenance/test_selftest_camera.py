"""The camera self-test ("snapshot") and its dashboard fields, against the MJPEG camera simulator
through the real DeviceManager and driver."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_journal_view import MORNING, StepClock
from test_reconcile import make_settings

from drivers.interfaces import Camera
from kiosk.clock import SystemClock
from kiosk.config import DeviceSettings, Settings
from kiosk.devices.manager import DeviceManager
from kiosk.devices.status import DeviceState, StatusChanged
from kiosk.maintenance import selftest
from kiosk.maintenance.counters import PersistentCounters
from kiosk.maintenance.dashboard import status_fields
from kiosk.maintenance.selftest import SelfTestResult, run_self_test
from kiosk.maintenance.store import MAINTENANCE_DB, open_store
from simulators.camera import CameraSimulator

pytestmark = pytest.mark.timeout(30)


@dataclass
class Rig:
    """The camera simulator and a started DeviceManager on it."""

    sim: CameraSimulator
    devices: DeviceManager
    settings: Settings
    counters: PersistentCounters
    clock: StepClock

    async def run(self, name: str = "camera") -> SelfTestResult:
        return await run_self_test(
            self.devices, name, settings=self.settings, clock=self.clock, counters=self.counters
        )

    def camera(self) -> Camera:
        camera = self.devices.camera()
        assert camera is not None
        return camera


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    sim = CameraSimulator(0, width=320, height=240, fps=15)
    await sim.start()
    devices = {"camera": DeviceSettings(driver="opencv_camera", url=sim.url, width=320, height=240)}
    settings = make_settings(tmp_path).model_copy(update={"devices": devices})
    manager = DeviceManager(devices, SystemClock(), tmp_path, blink_s=0.1, backoff_min_s=0.05)
    await manager.start()
    clock = StepClock(MORNING)
    counters = PersistentCounters(open_store(tmp_path / MAINTENANCE_DB), clock, 400)
    yield Rig(sim, manager, settings, counters, clock)
    await manager.stop()
    await sim.stop()


async def wait_frames(camera: Camera, count: int) -> None:
    loop = asyncio.get_running_loop()
    enough = asyncio.Event()
    seen = [0]

    def listener(_frame: object) -> None:
        seen[0] += 1
        if seen[0] == count:
            loop.call_soon_threadsafe(enough.set)

    camera.add_frame_listener(listener)
    try:
        await asyncio.wait_for(enough.wait(), 5.0)
    finally:
        camera.remove_frame_listener(listener)


async def test_snapshot_reports_size_and_brightness(rig: Rig) -> None:
    assert selftest.test_kind(rig.devices, "camera") == "snapshot"
    assert selftest.INSTRUCTIONS["snapshot"]
    result = await rig.run()
    assert result.passed, result.detail
    assert result.test == "snapshot"
    match = re.fullmatch(r"320x240 JPEG \d+ kB, brightness (\d+)/255, [\d.]+ fps", result.detail)
    assert match is not None, result.detail
    assert int(match.group(1)) >= selftest.MIN_BRIGHTNESS


async def test_a_covered_lens_fails(rig: Rig) -> None:
    rig.sim.set_dark(True)
    await wait_frames(rig.camera(), 3)
    result = await rig.run()
    assert not result.passed
    assert "too dark" in result.detail and "320x240" in result.detail


async def test_a_frozen_camera_is_not_available(rig: Rig) -> None:
    camera = rig.camera()
    gone = asyncio.Event()

    def listener(event: StatusChanged) -> None:
        if event.status.device == DeviceState.NO_DEVICE:
            gone.set()

    camera.add_listener(listener)
    rig.sim.freeze(True)
    await asyncio.wait_for(gone.wait(), 10.0)
    result = await rig.run()
    assert not result.passed
    assert result.detail == "device not available: no_device"


async def test_dashboard_shows_streaming_and_fps(rig: Rig) -> None:
    camera = rig.camera()
    await wait_frames(camera, 16)
    fields = status_fields(camera.status)
    assert fields["streaming"] == "yes"
    assert 8.0 <= float(fields["fps"]) <= 22.0
    info = next(i for i in rig.devices.device_infos() if i.name == "camera")
    assert info.device_class == "camera" and info.available
