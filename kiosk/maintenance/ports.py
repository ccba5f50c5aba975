"""The staff UI port: everything the maintenance flow may ask of the staff member at the terminal.

Like the customer port (kiosk.flows.ports): the Qt side (screens/staff_port.py) implements
`MaintenanceUI` by showing the maintenance screens; tests implement it with a scripted fake. Texts
are not here: the flow passes a `StaffMessage` key and parameters, the screens hold the words in
both languages.

Every `ask_*`/`show_*` coroutine that waits for the staff member may raise `StaffExit` (the staff
member pressed "Exit maintenance") or `GoBack` (Back: one level up). Cancelling the coroutine's
task (idle time-out, the operator switch turned back to run) must leave the UI able to show the
next screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.backoffice.fleet_models import MethodTotal, ReconciliationDifference
from kiosk.maintenance.roles import Action, Role


class StaffExit(Exception):
    """The staff member pressed Exit: back to the customer screens."""


class StaffMessage(StrEnum):
    """Everything the maintenance flow may tell the staff member (screens hold the texts)."""

    # login
    UNKNOWN_STAFF = "unknown_staff"  # no such staff id (or card not registered)
    CARD_NOT_RECOGNISED = "card_not_recognised"  # the staff card failed its authentication
    PIN_WRONG = "pin_wrong"  # params: attempts_left
    LOCKED = "locked"  # params: until (local time "HH:MM")
    REAUTH = "reauth"  # 15 minutes passed: enter the PIN again to go on
    SWITCH_ENTRY = "switch_entry"  # the operator switch is at maintenance: log in to continue
    # devices
    SELF_TEST_RUNNING = "self_test_running"  # params: device, instruction (what to do, if any)
    SELF_TEST_PASSED = "self_test_passed"  # params: device, detail
    SELF_TEST_FAILED = "self_test_failed"  # params: device, detail
    DEVICE_RESET = "device_reset"  # params: device, state
    DEVICE_RESET_FAILED = "device_reset_failed"  # params: device, detail
    PAPER_REFILL_RECORDED = "paper_refill_recorded"  # params: device
    # terminal
    CONFIRM_OUT_OF_SERVICE = "confirm_out_of_service"
    CONFIRM_IN_SERVICE = "confirm_in_service"
    NOW_OUT_OF_SERVICE = "now_out_of_service"
    NOW_IN_SERVICE = "now_in_service"
    # journal
    REPRINTED = "reprinted"  # params: reference
    REPRINT_FAILED = "reprint_failed"  # params: reference, detail
    # reconciliation
    RECONCILING = "reconciling"
    RECONCILIATION_PRINTED = "reconciliation_printed"
    RECONCILIATION_PRINT_FAILED = "reconciliation_print_failed"  # params: detail
    RECONCILIATION_SENT = "reconciliation_sent"  # params: report_id
    RECONCILIATION_SEND_FAILED = "reconciliation_send_failed"  # params: detail
    BACKOFFICE_UNREACHABLE = "backoffice_unreachable"  # settlement could not be fetched
    # export
    EXPORTING = "exporting"
    EXPORT_DONE = "export_done"  # params: folder, files
    EXPORT_NO_DRIVE = "export_no_drive"  # params: folder (the configured mount point)
    EXPORT_FAILED = "export_failed"  # params: detail
    # any action
    ACTION_FAILED = "action_failed"  # params: action, detail (an unexpected fault, logged)
    ACTION_DENIED = "action_denied"  # params: action (not allowed for the role)


class ReviewAdvice(StrEnum):
    """What staff should do about a transaction in MANUAL_REVIEW (screens hold the texts)."""

    CARD_REVERSAL_FAILED = "card_reversal_failed"  # call the acquirer with trace no. and RRN
    CODE_PAYMENT_UNRESOLVED = "code_payment_unresolved"  # check the merchant portal by order no.
    QR_ORDER_UNRESOLVED = "qr_order_unresolved"  # same, for a terminal-shown QR order
    PREPAID_NOT_WRITTEN = "prepaid_not_written"  # paid, card refused: issue a refund or rewrite
    POSTING_FAILED = "posting_failed"  # paid, the back office never booked it: post by hand
    OTHER = "other"


@dataclass(frozen=True)
class LoginPrompt:
    """The staff login: the staff id on the keypad (unless a staff card gave it), then the PIN."""

    staff_id: str | None = None  # known from the staff card; None: ask for it
    staff_name: str | None = None
    error: StaffMessage | None = None
    params: dict[str, str] = field(default_factory=dict)
    reauth: bool = False  # the same staff member again after `reauth_after_s`


@dataclass(frozen=True)
class StaffLogin:
    """What the staff member typed."""

    staff_id: str
    pin: str


@dataclass(frozen=True)
class DeviceRow:
    """One device on the dashboard."""

    name: str
    device_class: str  # printer | scanner | payment_module | card_reader | sensors
    state: str  # DeviceState value
    status: dict[str, str]  # per-class fields, e.g. {"paper": "low", "cover": "closed"}
    available: bool  # offered to customers now
    last_error: str | None
    last_error_at: str | None  # local time, "YYYY-MM-DD HH:MM:SS"
    counters: dict[str, int]  # e.g. {"receipts_since_refill": 37, "paper_left_pct": 90}
    actions: list[Action]  # what this role may do to this device (SELF_TEST, RESET_DEVICE, ...)


@dataclass(frozen=True)
class DashboardView:
    """The maintenance home screen."""

    staff_id: str
    staff_name: str
    role: Role
    in_service: bool
    devices: list[DeviceRow]
    transactions_today: int
    paid_today_fen: int
    manual_review: int  # transactions waiting for staff (any day)
    queued_events: int  # fleet events not yet delivered to the back office
    actions: list[Action]  # terminal-wide actions this role may take (journal, reconcile, ...)


@dataclass(frozen=True)
class StaffRequest:
    """What the staff member chose on the dashboard: an action, on a device for device actions."""

    action: Action
    device: str | None = None


class JournalFilter(StrEnum):
    """Which of the day's transactions the journal screen lists."""

    ALL = "all"
    PAID = "paid"
    NOT_PAID = "not_paid"  # declined, reversed, refunded
    MANUAL_REVIEW = "manual_review"
    UNFINISHED = "unfinished"


@dataclass(frozen=True)
class JournalRow:
    """One transaction, masked: no names, no full account or card numbers."""

    reference: str
    time: str  # local "HH:MM:SS"
    method: str  # PayMethod value
    purpose: str  # bill | topup | prepaid
    amount_fen: int
    state: str  # TxState value
    masked_account: str  # e.g. "33******89"
    masked_card: str | None  # bank card "**** 1234", prepaid card serial masked, or None
    can_reprint: bool  # posted or completed, and the role may reprint
    advice: ReviewAdvice | None = None  # only for MANUAL_REVIEW


@dataclass(frozen=True)
class JournalView:
    """The day's journal."""

    day: str  # "YYYY-MM-DD", the hall's local day
    filter: JournalFilter
    rows: list[JournalRow]  # newest first
    count: int
    paid_fen: int


@dataclass(frozen=True)
class JournalRequest:
    """A new filter, or a reprint of `reprint` (a reference). Back raises GoBack."""

    filter: JournalFilter | None = None
    reprint: str | None = None


@dataclass(frozen=True)
class ReconciliationView:
    """Day-end reconciliation: totals by method on both sides and the differences."""

    day: str
    totals: list[MethodTotal]
    differences: list[ReconciliationDifference]
    printed: bool
    sent_report_id: str | None


class ReconciliationRequest(StrEnum):
    """The buttons of the reconciliation screen (Back raises GoBack)."""

    PRINT = "print"
    SEND = "send"


class MaintenanceUI(Protocol):
    """The port the maintenance flow talks to. Implemented by screens/ (Qt) and by tests."""

    async def ask_staff_login(self, prompt: LoginPrompt) -> StaffLogin:
        """The login screen; returns the staff id (prompt's, or typed) and the PIN typed."""
        ...

    async def show_dashboard(self, view: DashboardView) -> StaffRequest:
        """The dashboard until the staff member chooses an action (only `view.actions` and each
        row's `actions` are offered)."""
        ...

    async def show_journal(self, view: JournalView) -> JournalRequest:
        """The journal list until a filter or a reprint is chosen."""
        ...

    async def show_reconciliation(self, view: ReconciliationView) -> ReconciliationRequest:
        """The reconciliation until Print or Send is pressed."""
        ...

    async def show_config(self, text: str) -> None:
        """The configuration as text (secrets already removed); returns on Back."""
        ...

    def show_staff_progress(self, message: StaffMessage, params: dict[str, str]) -> None:
        """A busy screen ("self-test running", "reconciling") until the next screen."""
        ...

    async def show_staff_result(
        self, message: StaffMessage, params: dict[str, str], ok: bool
    ) -> None:
        """A result (passed / failed / done) with an OK button; returns when acknowledged."""
        ...

    async def confirm_staff(self, message: StaffMessage, params: dict[str, str]) -> bool:
        """A yes / no question."""
        ...

    def set_on_activity(self, callback: Callable[[], None] | None) -> None:
        """Call `callback` for every touch on a staff screen (keeps the staff session awake
        while staff type or scroll without answering yet); None stops it."""
        ...
