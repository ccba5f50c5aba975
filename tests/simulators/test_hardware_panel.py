"""The hardware panel drives the running simulators: what a person clicks reaches the devices'
wire and the back office."""

from __future__ import annotations

import os
import select
import termios
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton

from simulators.host import SimulatorHost
from simulators.panel import HardwarePanel


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHost]:
    sims = SimulatorHost(tmp_path_factory.mktemp("panel"))
    sims.start()
    yield sims
    sims.stop()


@pytest.fixture
def panel(host: SimulatorHost, qtbot: object) -> Iterator[HardwarePanel]:
    window = HardwarePanel(host)
    window.show()
    yield window
    window.close()


def _button(panel: HardwarePanel, text: str, box: str) -> QPushButton:
    for button in panel.findChildren(QPushButton):
        if button.text() == text and button.parent().title() == box:  # type: ignore[attr-defined]
            return button
    raise LookupError(text)


def _read_line(fd: int, timeout: float = 5.0) -> bytes:
    data = b""
    while not data.endswith(b"\r"):
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"nothing more on the scanner line after {data!r}"
        data += os.read(fd, 256)
    return data


def test_paper_and_cover_buttons_change_the_printer(
    panel: HardwarePanel, host: SimulatorHost
) -> None:
    assert host.printer is not None
    _button(panel, "Out", "Receipt printer").click()
    assert host.call(lambda: host.printer.state.paper.value if host.printer else None) == "out"
    _button(panel, "Cover open", "Receipt printer").click()
    assert host.call(lambda: host.printer.state.cover_open if host.printer else None) is True
    _button(panel, "Paper full", "Receipt printer").click()
    _button(panel, "Cover closed", "Receipt printer").click()
    assert host.call(lambda: host.printer.state.paper.value if host.printer else None) == "full"


def test_payment_code_and_bill_buttons_send_frames_on_the_scanner_line(
    panel: HardwarePanel, host: SimulatorHost
) -> None:
    assert host.scanner is not None
    fd = os.open(host.scanner.path, os.O_RDWR | os.O_NOCTTY)
    try:
        tty.setraw(fd)
        termios.tcflush(fd, termios.TCIFLUSH)
        _button(panel, "WeChat payment code", "QR / barcode scanner").click()
        code = _read_line(fd)[:-1].decode()
        assert len(code) == 18 and 10 <= int(code[:2]) <= 15
        _button(panel, "Alipay payment code", "QR / barcode scanner").click()
        code = _read_line(fd)[:-1].decode()
        assert 16 <= len(code) <= 24 and 25 <= int(code[:2]) <= 30
        bills = panel.findChild(QComboBox)
        assert bills is not None
        _button(panel, "Show bill barcode", "QR / barcode scanner").click()
        code = _read_line(fd)[:-1].decode()
        assert len(code) == 18 and code.isdigit()
    finally:
        os.close(fd)


def test_next_payment_behaviour_reaches_the_back_office(
    panel: HardwarePanel, host: SimulatorHost
) -> None:
    import httpx

    assert host.endpoints is not None
    combo = next(c for c in panel.findChildren(QComboBox) if c.findText("decline") >= 0)
    combo.setCurrentText("decline")
    _button(panel, "Apply", "Back office").click()
    with httpx.Client(base_url=host.endpoints.backoffice_url) as client:
        code = client.post("/_sim/payment-codes", json={"provider": "wechat"}).json()["code"]
        accounts = client.get("/_sim/accounts", params={"kind": "prepaid"}).json()
        answer = client.post(
            "/api/v1/payments/micropay",
            headers={"Idempotency-Key": "PANELTEST0001"},
            json={
                "out_trade_no": "PANELTEST0001",
                "terminal_id": "T1",
                "account_no": accounts[0]["account_no"],
                "amount_fen": 1000,
                "provider": "wechat",
                "auth_code": code,
                "purpose": "topup",
            },
        ).json()
    assert answer["state"] == "failed"
    combo.setCurrentText("normal")
    _button(panel, "Apply", "Back office").click()


def test_simulators_start_over_a_stale_scanner_link(tmp_path: Path) -> None:
    # `kiosk run` twice in a row: the first run's link still points at its old pty.
    link = tmp_path / "run" / "scanner.tty"
    link.parent.mkdir()
    link.symlink_to("/dev/pts/999")
    sims = SimulatorHost(tmp_path / "sims", scanner_link=link)
    try:
        endpoints = sims.start()
        assert link.is_symlink() and os.path.realpath(link) != "/dev/pts/999"
        assert str(link) in endpoints.scanner_url
    finally:
        sims.stop()
