"""The sensors simulator and staff cards inside SimulatorHost: endpoints, settings, the remote
controls and the hardware panel's buttons."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QGroupBox, QPushButton, QWidget

from kiosk.config import load_settings
from simulators.host import SimulatorHost, with_simulators
from simulators.panel import HardwarePanel
from simulators.remote import SimulatorRemote

CONFIG = Path(__file__).resolve().parents[2] / "config.toml"


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHost]:
    sims = SimulatorHost(tmp_path_factory.mktemp("sensors-host"))
    sims.start()
    yield sims
    sims.stop()


def test_endpoints_and_settings_point_at_the_sensors(host: SimulatorHost, tmp_path: Path) -> None:
    assert host.endpoints is not None and host.sensors is not None
    assert host.endpoints.sensors_url == host.sensors.url
    assert host.sensors.link is not None and host.sensors.link.is_symlink()
    settings = with_simulators(load_settings(CONFIG), host.endpoints, tmp_path / "data")
    (sensors,) = [d for d in settings.devices.values() if d.driver == "modbus_sensors"]
    assert sensors.url == host.sensors.url


def test_remote_controls(host: SimulatorHost) -> None:
    assert host.endpoints is not None and host.sensors is not None
    sim = host.sensors

    async def drive() -> dict[str, object]:
        assert host.endpoints is not None
        remote = SimulatorRemote(host.endpoints.control_url, host.endpoints.backoffice_url)
        try:
            await remote.door("open")
            await remote.operator_switch("maintenance")
            await remote.sensors_garbage(b"\xff\xfe")
            await remote.sensors_silent(True)
            await remote.sensors_fault(4)
            state = await remote.sensors_state()
            await remote.sensors_fault(None)
            await remote.sensors_silent(False)
            await remote.sensors_plugged(False)
            assert not (await remote.sensors_state())["plugged"]
            await remote.sensors_plugged(True)
            await remote.insert_staff_card("staff-operator")
            state["slot"] = await remote.card_in_slot()
            state["catalogue"] = [c["name"] for c in await remote.staff_cards()]
            await remote.remove_card()
            return state
        finally:
            await remote.aclose()

    state = asyncio.run(drive())
    assert (state["door"], state["switch"]) == ("open", "maintenance")
    assert (state["silent"], state["fault"], state["garbage_pending"]) == (True, 4, 2)
    assert state["slot"] == {
        "kind": "staff",
        "name": "staff-operator",
        "serial": "5347535400001001",
    }
    assert "staff-forged" in state["catalogue"]  # type: ignore[operator]
    assert host.call(lambda: sim.plugged) is True
    host.call(lambda: sim.set_door("closed"))
    host.call(lambda: sim.set_switch("run"))


def _in_box(widget: QWidget, box: str) -> bool:
    parent = widget.parent()
    return isinstance(parent, QGroupBox) and parent.title() == box


def _button(panel: HardwarePanel, text: str, box: str) -> QPushButton:
    for button in panel.findChildren(QPushButton):
        if button.text() == text and _in_box(button, box):
            return button
    raise LookupError(text)


def test_panel_buttons(host: SimulatorHost, qtbot: object) -> None:
    assert host.sensors is not None and host.card is not None
    sim, card = host.sensors, host.card
    panel = HardwarePanel(host)
    panel.show()
    try:
        box = "Sensors (door, operator switch)"
        _button(panel, "Door open", box).click()
        assert host.call(lambda: sim.door.value) == "open"
        _button(panel, "Switch: maintenance", box).click()
        assert host.call(lambda: sim.switch.value) == "maintenance"
        _button(panel, "Silent", box).click()
        assert host.call(lambda: sim.silent) is True
        _button(panel, "Answer again", box).click()
        _button(panel, "Door closed", box).click()
        _button(panel, "Switch: run", box).click()
        assert host.call(lambda: (sim.door.value, sim.switch.value, sim.silent)) == (
            "closed",
            "run",
            False,
        )
        staff_box = "IC card reader (staff cards)"
        (picker,) = [c for c in panel.findChildren(QComboBox) if _in_box(c, staff_box)]
        picker.setCurrentIndex(picker.findData("staff-technician"))
        _button(panel, "Insert staff card", staff_box).click()
        staff = host.call(lambda: card.current_staff_card)
        assert staff is not None and staff.spec.staff_id == "3001"
        _button(panel, "Remove", staff_box).click()
        assert host.call(lambda: card.current_staff_card) is None
    finally:
        panel.close()
