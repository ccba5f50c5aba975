"""The hardware panel's boxes for the auxiliaries (door, operator switch, the I/O module's line)
and for staff cards in the IC card reader.

Each button goes through the panel's `do(label, work)`, which runs the work on the simulators'
loop and reports the outcome in the panel's status line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QPushButton

from simulators.panel_cards import Do
from simulators.remote import SimulatorRemote
from simulators.staff_cards import CATALOGUE as STAFF_CARDS

# a few bytes of line noise: a stray unit-1 header that claims a long frame, then junk
GARBAGE = bytes.fromhex("01 02 FA 00 FF 13")


def _button(text: str, action: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(action)
    return button


def sensors_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """Open or close the cabinet door, turn the key switch, disturb the module's line."""
    box = QGroupBox("Sensors (door, operator switch)")
    grid = QGridLayout(box)
    buttons = (
        ("Door open", "door", lambda: remote.door("open")),
        ("Door closed", "door", lambda: remote.door("closed")),
        ("Switch: run", "switch", lambda: remote.operator_switch("run")),
        ("Switch: maintenance", "switch", lambda: remote.operator_switch("maintenance")),
        ("Garbage", "garbage", lambda: remote.sensors_garbage(GARBAGE)),
        ("Silent", "silent", lambda: remote.sensors_silent(True)),
        ("Answer again", "silent", lambda: remote.sensors_silent(False)),
        ("Unplug", "unplug", lambda: remote.sensors_plugged(False)),
        ("Re-plug", "replug", lambda: remote.sensors_plugged(True)),
    )

    def act(label: str, work: Callable[[], Awaitable[object]]) -> Callable[[], None]:
        return lambda: do(label, work)

    for index, (text, label, work) in enumerate(buttons):
        grid.addWidget(_button(text, act(label, work)), index // 4, index % 4)
    return box


def staff_card_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """Pick a staff card and put it into the IC card reader (or take it out)."""
    box = QGroupBox("IC card reader (staff cards)")
    grid = QGridLayout(box)
    card = QComboBox()
    for spec in STAFF_CARDS:
        card.addItem(f"{spec.name} ({spec.staff_id})", spec.name)
    grid.addWidget(card, 0, 0)
    grid.addWidget(
        _button(
            "Insert staff card",
            lambda: do("insert staff card", lambda: remote.insert_staff_card(card.currentData())),
        ),
        0,
        1,
    )
    grid.addWidget(_button("Remove", lambda: do("remove", remote.remove_card)), 0, 2)
    return box


def camera_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """Hold a document up, freeze the stream, cover the lens, unplug the camera."""
    box = QGroupBox("Camera (MJPEG)")
    grid = QGridLayout(box)
    buttons = (
        ("Show document", "document", lambda: remote.camera_document(True)),
        ("Put document away", "document", lambda: remote.camera_document(False)),
        ("Freeze", "freeze", lambda: remote.camera_freeze(True)),
        ("Unfreeze", "freeze", lambda: remote.camera_freeze(False)),
        ("Dark", "dark", lambda: remote.camera_dark(True)),
        ("Light", "dark", lambda: remote.camera_dark(False)),
        ("Unplug", "unplug", lambda: remote.camera_plugged(False)),
        ("Re-plug", "replug", lambda: remote.camera_plugged(True)),
    )

    def act(label: str, work: Callable[[], Awaitable[object]]) -> Callable[[], None]:
        return lambda: do(f"camera {label}", work)

    for index, (text, label, work) in enumerate(buttons):
        grid.addWidget(_button(text, act(label, work)), index // 4, index % 4)
    return box
