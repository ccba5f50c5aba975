"""The hardware panel's boxes for the payment module, the IC card reader and the customer's phone.

Each button goes through the panel's `do(label, work)`, which runs the work on the simulators'
loop and reports the outcome in the panel's status line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QPushButton

from simulators.remote import SimulatorRemote

Do = Callable[[str, Callable[[], Awaitable[Any]]], Any]

# label -> the payment module's script for the next sale
SALE_SCRIPTS: dict[str, dict[str, Any]] = {
    "approve": {},
    "decline 51 (insufficient funds)": {"issuer": "decline:51"},
    "decline 54 (expired card)": {"issuer": "decline:54"},
    "wrong PIN": {"pin": "wrong"},
    "customer cancels at the PIN pad": {"pin": "cancel"},
    "no card inserted": {"pin": "no_card"},
    "module never answers": {"answer": "none"},
    "answer lost (charged)": {"answer": "lost"},
}

CARDS = (
    "residential",
    "residential-2",
    "residential-3",
    "residential-4",
    "commercial",
    "unissued",
    "foreign",
    "wrong-meter-type",
    "damaged",
    "wrong-way",
)


def _button(text: str, action: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(action)
    return button


def payment_module_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """Script the next bank-card sale, take the card, unplug the module."""
    box = QGroupBox("Bank card payment module")
    grid = QGridLayout(box)
    script = QComboBox()
    script.addItems(list(SALE_SCRIPTS))
    leave = QCheckBox("customer leaves the card in the slot")

    def apply() -> None:
        body = dict(SALE_SCRIPTS[script.currentText()], take_card=not leave.isChecked())
        do("next sale", lambda: remote.next_card_sale(**body))

    grid.addWidget(QLabel("Next sale:"), 0, 0)
    grid.addWidget(script, 0, 1)
    grid.addWidget(leave, 0, 2)
    grid.addWidget(_button("Apply", apply), 0, 3)
    grid.addWidget(_button("Take the card", lambda: do("take", remote.take_bank_card)), 1, 0)
    grid.addWidget(
        _button("Reversals fail ×3", lambda: do("reversals", lambda: remote.reversal_fails(3))),
        1,
        1,
    )
    grid.addWidget(
        _button("Unplug", lambda: do("unplug", lambda: remote.payment_module_plugged(False))), 1, 2
    )
    grid.addWidget(
        _button("Re-plug", lambda: do("replug", lambda: remote.payment_module_plugged(True))), 1, 3
    )
    return box


def card_reader_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """Insert and remove prepaid meter cards, load the card into the meter, pull it mid-write."""
    box = QGroupBox("IC card reader (prepaid meter cards)")
    grid = QGridLayout(box)
    card = QComboBox()
    card.addItems(list(CARDS))
    grid.addWidget(card, 0, 0)
    grid.addWidget(
        _button("Insert", lambda: do("insert", lambda: remote.insert_card(card.currentText()))),
        0,
        1,
    )
    grid.addWidget(_button("Remove", lambda: do("remove", remote.remove_card)), 0, 2)
    grid.addWidget(
        _button("Put the card into its meter", lambda: do("meter", remote.load_card_into_meter)),
        1,
        0,
    )
    grid.addWidget(
        _button(
            "Pull out during the next write",
            lambda: do("pull", lambda: remote.remove_card_on_write("before")),
        ),
        1,
        1,
        1,
        2,
    )
    return box


def phone_box(remote: SimulatorRemote, do: Do) -> QGroupBox:
    """The customer's phone scanning the QR the terminal shows."""
    box = QGroupBox("Customer's phone (terminal-shown QR)")
    grid = QGridLayout(box)

    def scan(behaviour: str) -> Callable[[], None]:
        return lambda: do("phone", lambda: remote.phone_scan_shown(behaviour))

    grid.addWidget(_button("Scan and pay", scan("ok")), 0, 0)
    grid.addWidget(_button("Scan: not enough money", scan("insufficient_funds")), 0, 1)
    return box
