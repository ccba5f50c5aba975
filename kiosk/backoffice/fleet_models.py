"""The back-office contract for fleet status and day-end settlement (models shared by the client
and the simulator, like kiosk.backoffice.models).

Fleet: each terminal sends a heartbeat every `fleet.heartbeat_interval_s` and pushes device
events as they happen; events carry a per-terminal sequence number so that the back office
accepts a batch sent twice only once, and the terminal knows what to drop from its disk queue.

Settlement: the back office's own record of what a terminal took on a day, by transaction; the
terminal compares it with its journal at day end and sends the result. Money is integer fen.
No personal data in any of these: no names, addresses, phone numbers, card numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class TerminalMode(StrEnum):
    """What the terminal is doing, as the fleet sees it."""

    IN_SERVICE = "in_service"  # idle or serving a customer
    OUT_OF_SERVICE = "out_of_service"  # taken out by staff
    MAINTENANCE = "maintenance"  # a staff member is logged in


class DeviceHealth(_Model):
    """One device in a heartbeat."""

    name: str
    device_class: str = Field(
        description="printer | scanner | payment_module | card_reader | sensors"
    )
    state: str = Field(description="XFS4IoT common state: online, offline, no_device, ...")
    status: dict[str, str] = Field(default_factory=dict, description="per-class status fields")
    last_error: str | None = None
    last_error_at: datetime | None = None


class Heartbeat(_Model):
    """POST /api/v1/fleet/heartbeat."""

    terminal_id: str
    kind: str = Field(description="self_payment | self_service | vtm")
    version: str
    mode: TerminalMode
    sent_at: datetime
    started_at: datetime
    devices: list[DeviceHealth]
    counters: dict[str, int] = Field(
        default_factory=dict,
        description="e.g. receipts_since_refill, transactions_today, queued_events",
    )


class FleetEventKind(StrEnum):
    """What happened."""

    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    PAPER_JAMMED = "paper_jammed"
    COVER_OPEN = "cover_open"
    DEVICE_GONE = "device_gone"
    DEVICE_BACK = "device_back"
    DEVICE_ERROR = "device_error"
    DOOR_OPEN = "door_open"
    DOOR_CLOSED = "door_closed"
    OUT_OF_SERVICE = "out_of_service"
    IN_SERVICE = "in_service"
    MAINTENANCE_STARTED = "maintenance_started"
    MAINTENANCE_ENDED = "maintenance_ended"
    STAFF_LOCKED_OUT = "staff_locked_out"
    PAPER_REFILLED = "paper_refilled"
    MANUAL_REVIEW = "manual_review"  # a transaction needs staff


class FleetEvent(_Model):
    """One device or terminal event."""

    seq: int = Field(ge=1, description="per terminal, increasing, never reused")
    kind: FleetEventKind
    at: datetime
    device: str | None = None
    detail: str = Field("", max_length=200)


class EventBatch(_Model):
    """POST /api/v1/fleet/events: events in order of `seq`."""

    terminal_id: str
    events: list[FleetEvent] = Field(min_length=1, max_length=500)


class EventAck(_Model):
    """Answer to an event batch: every event up to `acked_seq` is stored (duplicates ignored)."""

    acked_seq: int


class SettlementLine(_Model):
    """One transaction as the back office settled it."""

    out_trade_no: str
    method: str = Field(description="wechat | alipay | wechat_qr | alipay_qr | unionpay")
    purpose: str = Field(description="bill | topup | prepaid")
    amount_fen: int
    state: str = Field(description="paid | refunded | reversed")
    at: datetime


class Settlement(_Model):
    """GET /api/v1/settlement?terminal_id=...&day=YYYY-MM-DD (day in the hall's time zone)."""

    terminal_id: str
    day: date
    lines: list[SettlementLine]


class DifferenceKind(StrEnum):
    """How a transaction differs between the terminal's journal and the back office."""

    MISSING_IN_BACKOFFICE = "missing_in_backoffice"  # the terminal took it, the back office has not
    MISSING_IN_JOURNAL = "missing_in_journal"  # the back office has it, the terminal does not
    AMOUNT_DIFFERS = "amount_differs"
    STATE_DIFFERS = "state_differs"  # e.g. paid here, refunded there


class ReconciliationDifference(_Model):
    """One transaction that does not match."""

    out_trade_no: str
    kind: DifferenceKind
    method: str
    journal_fen: int | None = None
    backoffice_fen: int | None = None
    journal_state: str | None = None
    backoffice_state: str | None = None


class MethodTotal(_Model):
    """Totals of one payment method, both sides."""

    method: str
    journal_count: int
    journal_fen: int
    backoffice_count: int
    backoffice_fen: int


class ReconciliationReport(_Model):
    """POST /api/v1/reconciliations (Idempotency-Key: terminal id + day + run)."""

    terminal_id: str
    day: date
    staff_id: str
    made_at: datetime
    totals: list[MethodTotal]
    differences: list[ReconciliationDifference]

    @property
    def balanced(self) -> bool:
        """Both sides agree on every transaction."""
        return not self.differences


class ReconciliationAck(_Model):
    """The back office stored the report."""

    report_id: str
    received_at: datetime
