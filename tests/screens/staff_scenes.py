"""Deterministic contents for the maintenance screens and the idle screen out of service: used by
the staff screen tests and their screenshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from screen_scenes import IDLE_INFO

from kiosk.backoffice.fleet_models import DifferenceKind, MethodTotal, ReconciliationDifference
from kiosk.maintenance.ports import (
    DashboardView,
    DeviceRow,
    JournalFilter,
    JournalRow,
    JournalView,
    LoginPrompt,
    ReconciliationView,
    ReviewAdvice,
    StaffMessage,
)
from kiosk.maintenance.roles import Action, Role
from screens.main_window import MainWindow
from screens.staff_base import StaffIdentity

IDLE_OUT_OF_SERVICE = replace(
    IDLE_INFO,
    out_of_service=True,
    next_counter_hint="请到旁边的 2 号自助缴费机或 1 号人工窗口办理",
    next_counter_hint_en="Please use self-service terminal 2 next to this one, or counter 1",
)

CARD_LOGIN = LoginPrompt(staff_id="2001", staff_name="李主管")
PIN_WRONG_LOGIN = LoginPrompt(
    staff_id="2001",
    staff_name="李主管",
    error=StaffMessage.PIN_WRONG,
    params={"attempts_left": "3"},
)


def _devices(role_actions: list[Action]) -> list[DeviceRow]:
    printer_actions: list[Action] = [*role_actions, Action.PAPER_REFILLED]
    return [
        DeviceRow(
            name="printer",
            device_class="printer",
            state="online",
            status={"paper": "low", "cover": "closed"},
            available=True,
            last_error="paper near end",
            last_error_at="2026-03-14 08:12:40",
            counters={"receipts_since_refill": 361, "paper_left_pct": 10},
            actions=printer_actions,
        ),
        DeviceRow(
            name="scanner",
            device_class="scanner",
            state="online",
            status={"scanner": "on"},
            available=True,
            last_error=None,
            last_error_at=None,
            counters={},
            actions=role_actions,
        ),
        DeviceRow(
            name="payment",
            device_class="payment_module",
            state="no_device",
            status={"media": "unknown"},
            available=False,
            last_error="no answer to ENQ (3 tries)",
            last_error_at="2026-03-14 09:01:05",
            counters={},
            actions=role_actions,
        ),
        DeviceRow(
            name="card_reader",
            device_class="card_reader",
            state="online",
            status={"media": "not_present", "chip_power": "no_card"},
            available=True,
            last_error=None,
            last_error_at=None,
            counters={},
            actions=role_actions,
        ),
        DeviceRow(
            name="sensors",
            device_class="sensors",
            state="online",
            status={"door": "open", "operator_switch": "run"},
            available=True,
            last_error=None,
            last_error_at=None,
            counters={},
            actions=role_actions,
        ),
    ]


OPERATOR_VIEW = DashboardView(
    staff_id="1001",
    staff_name="王师傅",
    role=Role.OPERATOR,
    in_service=True,
    devices=_devices([Action.SELF_TEST]),
    transactions_today=37,
    paid_today_fen=1_234_560,
    manual_review=1,
    queued_events=0,
    actions=[],
)

TECHNICIAN_VIEW = DashboardView(
    staff_id="3001",
    staff_name="张工",
    role=Role.TECHNICIAN,
    in_service=False,
    devices=_devices([Action.SELF_TEST, Action.RESET_DEVICE]),
    transactions_today=37,
    paid_today_fen=1_234_560,
    manual_review=1,
    queued_events=12,
    actions=[
        Action.IN_SERVICE,
        Action.VIEW_JOURNAL,
        Action.RECONCILE,
        Action.EXPORT_LOGS,
        Action.VIEW_CONFIG,
    ],
)

JOURNAL_ROWS = [
    JournalRow(
        reference="260314093012",
        time="09:30:12",
        method="wechat",
        purpose="bill",
        amount_fen=12_873,
        state="completed",
        masked_account="03******78",
        masked_card=None,
        can_reprint=True,
    ),
    JournalRow(
        reference="260314091544",
        time="09:15:44",
        method="unionpay",
        purpose="topup",
        amount_fen=20_000,
        state="manual_review",
        masked_account="03******91",
        masked_card="**** 1234",
        can_reprint=False,
        advice=ReviewAdvice.CARD_REVERSAL_FAILED,
    ),
    JournalRow(
        reference="260314085901",
        time="08:59:01",
        method="alipay_qr",
        purpose="prepaid",
        amount_fen=5_000,
        state="declined",
        masked_account="03******12",
        masked_card="5A3F****9C01",
        can_reprint=False,
    ),
]

JOURNAL_VIEW = JournalView(
    day="2026-03-14",
    filter=JournalFilter.ALL,
    rows=JOURNAL_ROWS,
    count=3,
    paid_fen=32_873,
)

RECONCILIATION_VIEW = ReconciliationView(
    day="2026-03-14",
    totals=[
        MethodTotal(
            method="wechat",
            journal_count=20,
            journal_fen=845_600,
            backoffice_count=20,
            backoffice_fen=845_600,
        ),
        MethodTotal(
            method="alipay",
            journal_count=11,
            journal_fen=301_220,
            backoffice_count=10,
            backoffice_fen=288_347,
        ),
        MethodTotal(
            method="unionpay",
            journal_count=6,
            journal_fen=87_740,
            backoffice_count=6,
            backoffice_fen=87_740,
        ),
    ],
    differences=[
        ReconciliationDifference(
            out_trade_no="T0117260314101502",
            kind=DifferenceKind.MISSING_IN_BACKOFFICE,
            method="alipay",
            journal_fen=12_873,
            journal_state="completed",
        ),
        ReconciliationDifference(
            out_trade_no="T0117260314112040",
            kind=DifferenceKind.STATE_DIFFERS,
            method="unionpay",
            journal_fen=20_000,
            backoffice_fen=20_000,
            journal_state="paid",
            backoffice_state="refunded",
        ),
    ],
    printed=True,
    sent_report_id=None,
)

SUPERVISOR = StaffIdentity("2001", "李主管", Role.SUPERVISOR)

STAFF_SCENES: dict[str, Callable[[MainWindow], None]] = {}


def scene(name: str) -> Callable[[Callable[[MainWindow], None]], Callable[[MainWindow], None]]:
    """Register a scene under `name`."""

    def register(fill: Callable[[MainWindow], None]) -> Callable[[MainWindow], None]:
        STAFF_SCENES[name] = fill
        return fill

    return register


def _staff(window: MainWindow, screen_name: str, identity: StaffIdentity | None) -> None:
    window.show_screen(screen_name)
    screen = window.screen_named(screen_name)
    screen.set_identity(identity)  # type: ignore[attr-defined]


@scene("idle_out_of_service")
def idle_out_of_service(window: MainWindow) -> None:
    window.idle.set_info(IDLE_OUT_OF_SERVICE, window.idle.language())
    window.show_screen("idle")


@scene("staff_login_card")
def staff_login_card(window: MainWindow) -> None:
    window.staff_login.set_prompt(CARD_LOGIN)
    for digit in "2468":
        window.staff_login.keypad.press(digit)
    _staff(window, "staff_login", None)


@scene("staff_login_error")
def staff_login_error(window: MainWindow) -> None:
    window.staff_login.set_prompt(PIN_WRONG_LOGIN)
    _staff(window, "staff_login", None)


@scene("staff_dashboard_operator")
def staff_dashboard_operator(window: MainWindow) -> None:
    window.staff_dashboard.set_view(OPERATOR_VIEW)
    _staff(window, "staff_dashboard", StaffIdentity("1001", "王师傅", Role.OPERATOR))


@scene("staff_dashboard_technician")
def staff_dashboard_technician(window: MainWindow) -> None:
    window.staff_dashboard.set_view(TECHNICIAN_VIEW)
    _staff(window, "staff_dashboard", StaffIdentity("3001", "张工", Role.TECHNICIAN))


@scene("staff_journal")
def staff_journal(window: MainWindow) -> None:
    window.staff_journal.set_view(JOURNAL_VIEW)
    window.staff_journal.table.selectRow(1)
    _staff(window, "staff_journal", SUPERVISOR)


@scene("staff_reconcile")
def staff_reconcile(window: MainWindow) -> None:
    window.staff_reconcile.set_view(RECONCILIATION_VIEW)
    _staff(window, "staff_reconcile", SUPERVISOR)


@scene("staff_self_test_failed")
def staff_self_test_failed(window: MainWindow) -> None:
    window.staff_result.set_result(
        StaffMessage.SELF_TEST_FAILED,
        {"device": "printer", "test": "print", "detail": "paper out: refill the roll"},
        ok=False,
    )
    _staff(window, "staff_result", SUPERVISOR)


@scene("staff_self_test_running")
def staff_self_test_running(window: MainWindow) -> None:
    window.staff_progress.set_message(
        StaffMessage.SELF_TEST_RUNNING, {"device": "scanner", "test": "scan"}
    )
    _staff(window, "staff_progress", SUPERVISOR)
