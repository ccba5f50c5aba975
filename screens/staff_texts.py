"""The texts of the maintenance screens: every `StaffMessage`, `ReviewAdvice`, `Action`, `Role`,
device class / state / status value, self-test kind, journal filter and state, in both languages.

Every text is an English source string under the "Staff" translation context (the Chinese lives in
resources/i18n/kiosk_zh_CN.ts). Values the table does not know (a new status field, a device
class added later) are shown as they are rather than hidden, because staff must see them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from kiosk.backoffice.fleet_models import DifferenceKind
from kiosk.maintenance.ports import JournalFilter, ReviewAdvice, StaffMessage
from kiosk.maintenance.roles import Action, Role
from kiosk.money import format_yuan
from screens.messages import MessageText


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def _message_source(message: StaffMessage) -> tuple[str, str]:
    """Source texts; literal calls so that lupdate finds every string."""
    texts: dict[StaffMessage, tuple[str, str]] = {
        StaffMessage.UNKNOWN_STAFF: (
            QCoreApplication.translate("Staff", "Unknown staff ID or card"),
            QCoreApplication.translate(
                "Staff", "Check the ID, or ask the hall supervisor to register you."
            ),
        ),
        StaffMessage.CARD_NOT_RECOGNISED: (
            QCoreApplication.translate("Staff", "This staff card was not recognised"),
            QCoreApplication.translate(
                "Staff", "The card failed its check. Log in with your staff ID and PIN."
            ),
        ),
        StaffMessage.PIN_WRONG: (
            QCoreApplication.translate("Staff", "Wrong PIN"),
            QCoreApplication.translate(
                "Staff", "{attempts_left} attempts left before the account is locked."
            ),
        ),
        StaffMessage.LOCKED: (
            QCoreApplication.translate("Staff", "Account locked after too many wrong PINs"),
            QCoreApplication.translate(
                "Staff", "Try again after {until}, or ask the hall supervisor."
            ),
        ),
        StaffMessage.REAUTH: (
            QCoreApplication.translate("Staff", "Please confirm it is still you"),
            QCoreApplication.translate("Staff", "Enter your PIN again to go on."),
        ),
        StaffMessage.SWITCH_ENTRY: (
            QCoreApplication.translate("Staff", "Operator switch at maintenance"),
            QCoreApplication.translate("Staff", "Log in to continue, or turn the key back to run."),
        ),
        StaffMessage.SELF_TEST_RUNNING: (
            QCoreApplication.translate("Staff", "Self-test of {device}…"),
            QCoreApplication.translate("Staff", "{instruction}"),
        ),
        StaffMessage.SELF_TEST_PASSED: (
            QCoreApplication.translate("Staff", "Self-test of {device} passed"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.SELF_TEST_FAILED: (
            QCoreApplication.translate("Staff", "Self-test of {device} failed"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.DEVICE_RESET: (
            QCoreApplication.translate("Staff", "{device} was reconnected"),
            QCoreApplication.translate("Staff", "State now: {state}."),
        ),
        StaffMessage.DEVICE_RESET_FAILED: (
            QCoreApplication.translate("Staff", "{device} could not be reconnected"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.PAPER_REFILL_RECORDED: (
            QCoreApplication.translate("Staff", "Paper refill recorded for {device}"),
            QCoreApplication.translate("Staff", "The receipt counter starts again from zero."),
        ),
        StaffMessage.CONFIRM_OUT_OF_SERVICE: (
            QCoreApplication.translate("Staff", "Take this terminal out of service?"),
            QCoreApplication.translate(
                "Staff", "Customers will be sent to the next terminal or counter."
            ),
        ),
        StaffMessage.CONFIRM_IN_SERVICE: (
            QCoreApplication.translate("Staff", "Put this terminal back in service?"),
            QCoreApplication.translate(
                "Staff", "Customers can use it again as soon as you exit maintenance."
            ),
        ),
        StaffMessage.NOW_OUT_OF_SERVICE: (
            QCoreApplication.translate("Staff", "The terminal is out of service"),
            QCoreApplication.translate(
                "Staff", "The idle screen shows where customers can go instead."
            ),
        ),
        StaffMessage.NOW_IN_SERVICE: (
            QCoreApplication.translate("Staff", "The terminal is in service"),
            QCoreApplication.translate(
                "Staff", "Customers can use it again after you exit maintenance."
            ),
        ),
        StaffMessage.REPRINTED: (
            QCoreApplication.translate("Staff", "Receipt {reference} reprinted"),
            QCoreApplication.translate("Staff", "Hand the receipt to the customer."),
        ),
        StaffMessage.REPRINT_FAILED: (
            QCoreApplication.translate("Staff", "Receipt {reference} could not be reprinted"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.RECONCILING: (
            QCoreApplication.translate("Staff", "Reconciling the day…"),
            QCoreApplication.translate(
                "Staff", "Fetching the back office's settlement and comparing it with the journal."
            ),
        ),
        StaffMessage.RECONCILIATION_PRINTED: (
            QCoreApplication.translate("Staff", "Reconciliation printed"),
            QCoreApplication.translate("Staff", "Take the report from the receipt printer."),
        ),
        StaffMessage.RECONCILIATION_PRINT_FAILED: (
            QCoreApplication.translate("Staff", "The reconciliation could not be printed"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.RECONCILIATION_SENT: (
            QCoreApplication.translate("Staff", "Reconciliation sent to the back office"),
            QCoreApplication.translate("Staff", "Report ID {report_id}."),
        ),
        StaffMessage.RECONCILIATION_SEND_FAILED: (
            QCoreApplication.translate("Staff", "The reconciliation could not be sent"),
            QCoreApplication.translate("Staff", "{detail} Try again later; the report is kept."),
        ),
        StaffMessage.BACKOFFICE_UNREACHABLE: (
            QCoreApplication.translate("Staff", "The back office cannot be reached"),
            QCoreApplication.translate(
                "Staff", "The settlement could not be fetched. Try again later."
            ),
        ),
        StaffMessage.EXPORTING: (
            QCoreApplication.translate("Staff", "Exporting logs and the journal…"),
            QCoreApplication.translate("Staff", "Do not remove the drive."),
        ),
        StaffMessage.EXPORT_DONE: (
            QCoreApplication.translate("Staff", "Export finished"),
            QCoreApplication.translate("Staff", "{files} files written to {folder}."),
        ),
        StaffMessage.EXPORT_NO_DRIVE: (
            QCoreApplication.translate("Staff", "No removable drive found"),
            QCoreApplication.translate(
                "Staff", "Plug a drive in so that it is mounted at {folder}, then try again."
            ),
        ),
        StaffMessage.EXPORT_FAILED: (
            QCoreApplication.translate("Staff", "The export failed"),
            QCoreApplication.translate("Staff", "{detail}"),
        ),
        StaffMessage.ACTION_FAILED: (
            QCoreApplication.translate("Staff", "{action} failed"),
            QCoreApplication.translate("Staff", "{detail} The fault was logged."),
        ),
        StaffMessage.ACTION_DENIED: (
            QCoreApplication.translate("Staff", "{action} is not allowed for your role"),
            QCoreApplication.translate("Staff", "Ask a supervisor or technician."),
        ),
    }
    # A message added to the port before its words: show its key rather than fail the flow.
    return texts.get(message, (message.value, "{detail}"))


def staff_message_text(
    message: StaffMessage, params: Mapping[str, str] | None = None
) -> MessageText:
    """`message` in the current language with its parameters; a missing one shows as a dash.

    SELF_TEST_RUNNING's instruction comes from the self-test kind (`test`, or `instruction` when
    it names a kind); DEVICE_RESET's state is translated."""
    values = _Blank(params or {})
    kind = values.get("test") or values.get("instruction") or ""
    if message is StaffMessage.SELF_TEST_RUNNING:
        values["instruction"] = (
            self_test_instruction(kind)
            if kind
            else QCoreApplication.translate("Staff", "Please wait.")
        )
    if values.get("action") in {a.value for a in Action}:
        values["action"] = action_text(Action(values["action"]))
    if message is StaffMessage.DEVICE_RESET and "state" in values:
        values["state"] = device_state_name(values["state"])
    title, detail = _message_source(message)
    return MessageText(title.format_map(values), detail.format_map(values))


def self_test_instruction(kind: str) -> str:
    """What the staff member does (or waits for) during a self-test of this kind."""
    texts = {
        "print": QCoreApplication.translate(
            "Staff", "Printing a test receipt. Check that it is complete and readable."
        ),
        "scan": QCoreApplication.translate("Staff", "Show a QR code or barcode to the scanner."),
        "card_read": QCoreApplication.translate("Staff", "Insert a card into the IC card reader."),
        "echo": QCoreApplication.translate("Staff", "Checking that the payment module answers."),
        "sensors": QCoreApplication.translate(
            "Staff", "Reading the door and operator switch sensors."
        ),
        "none": QCoreApplication.translate("Staff", "This device has no self-test."),
    }
    return texts.get(kind, kind)


def review_advice_text(advice: ReviewAdvice) -> str:
    """What staff should do about a transaction waiting in MANUAL_REVIEW."""
    texts = {
        ReviewAdvice.CARD_REVERSAL_FAILED: QCoreApplication.translate(
            "Staff",
            "The bank card payment could not be reversed. Call the acquirer with the trace "
            "number and RRN from the receipt log, and ask them to reverse it.",
        ),
        ReviewAdvice.CODE_PAYMENT_UNRESOLVED: QCoreApplication.translate(
            "Staff",
            "The payment code's result is unknown. Look the order number up in the merchant "
            "portal: if paid, post it by hand; if not, close it.",
        ),
        ReviewAdvice.QR_ORDER_UNRESOLVED: QCoreApplication.translate(
            "Staff",
            "The on-screen QR order's result is unknown. Look the order number up in the "
            "merchant portal: if paid, post it by hand; if not, close it.",
        ),
        ReviewAdvice.PREPAID_NOT_WRITTEN: QCoreApplication.translate(
            "Staff",
            "Paid, but the meter card refused the purchase. Rewrite it at the counter with the "
            "customer's card, or issue a refund.",
        ),
        ReviewAdvice.POSTING_FAILED: QCoreApplication.translate(
            "Staff",
            "Paid, but the back office never booked it. Post the payment by hand in the billing "
            "system with this order number.",
        ),
        ReviewAdvice.OTHER: QCoreApplication.translate(
            "Staff", "Check the order in the merchant portal and the back office."
        ),
    }
    return texts[advice]


def action_text(action: Action) -> str:
    """A maintenance action as its button says it."""
    texts = {
        Action.VIEW_DASHBOARD: QCoreApplication.translate("Staff", "Dashboard"),
        Action.SELF_TEST: QCoreApplication.translate("Staff", "Self-test"),
        Action.PAPER_REFILLED: QCoreApplication.translate("Staff", "Paper refilled"),
        Action.OUT_OF_SERVICE: QCoreApplication.translate("Staff", "Take out of service"),
        Action.IN_SERVICE: QCoreApplication.translate("Staff", "Put back in service"),
        Action.VIEW_JOURNAL: QCoreApplication.translate("Staff", "Today's journal"),
        Action.REPRINT: QCoreApplication.translate("Staff", "Reprint"),
        Action.RECONCILE: QCoreApplication.translate("Staff", "Day-end reconciliation"),
        Action.RESET_DEVICE: QCoreApplication.translate("Staff", "Reset / reconnect"),
        Action.EXPORT_LOGS: QCoreApplication.translate("Staff", "Export logs"),
        Action.VIEW_CONFIG: QCoreApplication.translate("Staff", "View configuration"),
    }
    return texts[action]


def role_name(role: Role) -> str:
    """A staff role."""
    texts = {
        Role.OPERATOR: QCoreApplication.translate("Staff", "Operator"),
        Role.SUPERVISOR: QCoreApplication.translate("Staff", "Supervisor"),
        Role.TECHNICIAN: QCoreApplication.translate("Staff", "Technician"),
    }
    return texts[role]


def device_class_name(device_class: str) -> str:
    """A device class (printer, scanner, ...)."""
    texts = {
        "printer": QCoreApplication.translate("Staff", "Receipt printer"),
        "scanner": QCoreApplication.translate("Staff", "QR scanner"),
        "payment_module": QCoreApplication.translate("Staff", "Payment module"),
        "card_reader": QCoreApplication.translate("Staff", "IC card reader"),
        "sensors": QCoreApplication.translate("Staff", "Door and switch sensors"),
    }
    return texts.get(device_class, device_class)


def device_state_name(state: str) -> str:
    """A common device state (online, offline, no_device, ...)."""
    texts = {
        "online": QCoreApplication.translate("Staff", "Online"),
        "offline": QCoreApplication.translate("Staff", "Offline"),
        "power_off": QCoreApplication.translate("Staff", "Powered off"),
        "no_device": QCoreApplication.translate("Staff", "Not connected"),
        "hardware_error": QCoreApplication.translate("Staff", "Hardware error"),
        "user_error": QCoreApplication.translate("Staff", "Needs attention"),
        "busy": QCoreApplication.translate("Staff", "Busy"),
    }
    return texts.get(state, state)


def status_field_name(field: str) -> str:
    """A per-class status field (paper, cover, door, ...)."""
    texts = {
        "paper": QCoreApplication.translate("Staff", "Paper"),
        "cover": QCoreApplication.translate("Staff", "Cover"),
        "scanner": QCoreApplication.translate("Staff", "Scanner"),
        "media": QCoreApplication.translate("Staff", "Card in slot"),
        "chip_power": QCoreApplication.translate("Staff", "Chip"),
        "busy_with_sale": QCoreApplication.translate("Staff", "In a sale"),
        "door": QCoreApplication.translate("Staff", "Door"),
        "operator_switch": QCoreApplication.translate("Staff", "Key switch"),
    }
    return texts.get(field, field)


def status_value_name(value: str) -> str:
    """A status field's value (full, low, open, present, run, ...)."""
    texts = {
        "full": QCoreApplication.translate("Staff", "full"),
        "low": QCoreApplication.translate("Staff", "low"),
        "out": QCoreApplication.translate("Staff", "out"),
        "jammed": QCoreApplication.translate("Staff", "jammed"),
        "unknown": QCoreApplication.translate("Staff", "unknown"),
        "closed": QCoreApplication.translate("Staff", "closed"),
        "open": QCoreApplication.translate("Staff", "open"),
        "on": QCoreApplication.translate("Staff", "on"),
        "off": QCoreApplication.translate("Staff", "off"),
        "inoperative": QCoreApplication.translate("Staff", "inoperative"),
        "present": QCoreApplication.translate("Staff", "present"),
        "not_present": QCoreApplication.translate("Staff", "none"),
        "entering": QCoreApplication.translate("Staff", "moving"),
        "latched": QCoreApplication.translate("Staff", "held"),
        "retained": QCoreApplication.translate("Staff", "retained"),
        "online": QCoreApplication.translate("Staff", "powered"),
        "powered_off": QCoreApplication.translate("Staff", "powered off"),
        "no_card": QCoreApplication.translate("Staff", "no card"),
        "run": QCoreApplication.translate("Staff", "run"),
        "maintenance": QCoreApplication.translate("Staff", "maintenance"),
        "yes": QCoreApplication.translate("Staff", "yes"),
        "no": QCoreApplication.translate("Staff", "no"),
        "true": QCoreApplication.translate("Staff", "yes"),
        "false": QCoreApplication.translate("Staff", "no"),
        "True": QCoreApplication.translate("Staff", "yes"),
        "False": QCoreApplication.translate("Staff", "no"),
    }
    return texts.get(value, value)


def status_text(field: str, value: str) -> str:
    """One status field and its value, e.g. "Paper: low"."""
    return QCoreApplication.translate("Staff", "{field}: {value}").format(
        field=status_field_name(field), value=status_value_name(value)
    )


def counters_text(counters: Mapping[str, int]) -> str:
    """A device's counters as one line, e.g. "receipts since refill 37 · paper ~90 %"."""
    parts = []
    for key, value in counters.items():
        if key == "receipts_since_refill":
            parts.append(
                QCoreApplication.translate("Staff", "receipts since refill {n}").format(n=value)
            )
        elif key == "lines_since_refill":
            parts.append(
                QCoreApplication.translate("Staff", "lines since refill {n}").format(n=value)
            )
        elif key == "paper_left_pct":
            parts.append(QCoreApplication.translate("Staff", "paper ~{n} %").format(n=value))
        elif key == "paper_roll_receipts":
            parts.append(
                QCoreApplication.translate("Staff", "a roll prints ~{n} receipts").format(n=value)
            )
        elif key == "transactions_today":
            parts.append(
                QCoreApplication.translate("Staff", "transactions today {n}").format(n=value)
            )
        else:
            parts.append(f"{key} {value}")
    return " · ".join(parts)


def journal_filter_name(journal_filter: JournalFilter) -> str:
    """A journal filter button."""
    texts = {
        JournalFilter.ALL: QCoreApplication.translate("Staff", "All"),
        JournalFilter.PAID: QCoreApplication.translate("Staff", "Paid"),
        JournalFilter.NOT_PAID: QCoreApplication.translate("Staff", "Not paid"),
        JournalFilter.MANUAL_REVIEW: QCoreApplication.translate("Staff", "Manual review"),
        JournalFilter.UNFINISHED: QCoreApplication.translate("Staff", "Unfinished"),
    }
    return texts[journal_filter]


def tx_state_name(state: str) -> str:
    """A transaction state (TxState value) or a settlement state."""
    texts = {
        "draft": QCoreApplication.translate("Staff", "draft"),
        "intent": QCoreApplication.translate("Staff", "started"),
        "awaiting": QCoreApplication.translate("Staff", "awaiting result"),
        "paid": QCoreApplication.translate("Staff", "paid"),
        "posted": QCoreApplication.translate("Staff", "posted"),
        "completed": QCoreApplication.translate("Staff", "completed"),
        "declined": QCoreApplication.translate("Staff", "declined"),
        "reversed": QCoreApplication.translate("Staff", "reversed"),
        "refunded": QCoreApplication.translate("Staff", "refunded"),
        "manual_review": QCoreApplication.translate("Staff", "manual review"),
        "paid_not_written": QCoreApplication.translate("Staff", "paid, card not written"),
        "written": QCoreApplication.translate("Staff", "written to card"),
    }
    return texts.get(state, state)


def method_name(method: str) -> str:
    """A payment method (PayMethod value) as staff tell them apart."""
    texts = {
        "wechat": QCoreApplication.translate("Staff", "WeChat code"),
        "alipay": QCoreApplication.translate("Staff", "Alipay code"),
        "wechat_qr": QCoreApplication.translate("Staff", "WeChat QR"),
        "alipay_qr": QCoreApplication.translate("Staff", "Alipay QR"),
        "unionpay": QCoreApplication.translate("Staff", "Bank card"),
    }
    return texts.get(method, method)


def purpose_name(purpose: str) -> str:
    """What a payment was for."""
    texts = {
        "bill": QCoreApplication.translate("Staff", "bill"),
        "topup": QCoreApplication.translate("Staff", "top-up"),
        "prepaid": QCoreApplication.translate("Staff", "card meter"),
    }
    return texts.get(purpose, purpose)


def difference_kind_name(kind: DifferenceKind) -> str:
    """How a transaction differs between the journal and the back office."""
    texts = {
        DifferenceKind.MISSING_IN_BACKOFFICE: QCoreApplication.translate(
            "Staff", "missing in back office"
        ),
        DifferenceKind.MISSING_IN_JOURNAL: QCoreApplication.translate(
            "Staff", "missing in journal"
        ),
        DifferenceKind.AMOUNT_DIFFERS: QCoreApplication.translate("Staff", "amounts differ"),
        DifferenceKind.STATE_DIFFERS: QCoreApplication.translate("Staff", "states differ"),
    }
    return texts[kind]


def money_or_dash(fen: int | None) -> str:
    """An amount in yuan, or a dash when that side has none."""
    return "—" if fen is None else format_yuan(fen)
