"""The back-office contract: pydantic models shared by the client and the simulator.

The simulator's OpenAPI document (simulators/backoffice/openapi.json) is generated from these and is
the contract. Money is integer fen; prices are in li (厘, 1/1000 yuan) because tariffs have three
decimals (0.538 yuan/kWh = 538 li).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class AccountKind(StrEnum):
    """What sort of electricity account this is."""

    RESIDENTIAL = "residential"  # postpaid, tiered tariff
    PREPAID = "prepaid"  # card meter or remote-prepaid: buys credit in advance
    COMMERCIAL = "commercial"
    INDUSTRIAL = "industrial"


class TierLine(_Model):
    """One tier of a tiered-tariff bill (阶梯电价)."""

    tier: int = Field(ge=1, le=3)
    kwh: int = Field(ge=0)
    price_li: int = Field(ge=0, description="price per kWh in li (1/1000 yuan)")
    amount_fen: int


class Bill(_Model):
    """One monthly bill."""

    period: str = Field(pattern=r"^\d{4}-\d{2}$", description="billing month, YYYY-MM")
    kwh: int = Field(ge=0)
    amount_fen: int
    paid_fen: int = 0
    due_date: date
    status: str = Field(description="unpaid | partly_paid | paid")
    tiers: list[TierLine] = []


class AccountSummary(_Model):
    """What the terminal shows about an account. Names and addresses come in full; the terminal
    masks them on screen and never logs them."""

    account_no: str = Field(pattern=r"^\d{10}$")
    name: str
    address: str
    kind: AccountKind
    region: str = Field(description="tariff region, e.g. 'guangdong', 'zhejiang'")
    tariff_name: str
    arrears_fen: int = Field(ge=0, description="unpaid bills plus late fees")
    balance_fen: int = Field(description="deposit or prepaid credit; may be negative")
    retail_company: str | None = Field(None, description="retail electricity company (售电公司)")
    bills: list[Bill] = Field([], description="latest first, up to 12")
    topup_allowed: bool = Field(description="prepaid and deposit accounts may pay any amount")


class BillCodeLookup(_Model):
    """A scanned bill barcode or QR resolved to its account."""

    account_no: str
    period: str | None = None


class Notice(_Model):
    """A hall notice for the idle screen (outages, service news)."""

    id: int
    title: str
    title_en: str
    body: str
    body_en: str
    starts: datetime
    ends: datetime | None = None


class Provider(StrEnum):
    """Payment-code providers."""

    WECHAT = "wechat"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"  # bank card through the payment module (not a payment code)


class PaymentState(StrEnum):
    """A payment's state at the provider, normalised across WeChat and Alipay.

    `PAYING` is WeChat USERPAYING / Alipay 10003; `UNKNOWN` is WeChat SYSTEMERROR / Alipay 20000;
    `FAILED` is a final refusal (declined, expired or wrong code); `CLOSED` and `REVERSED` end an
    order that did not, or no longer, takes money.
    """

    SUCCESS = "success"
    PAYING = "paying"
    UNKNOWN = "unknown"
    FAILED = "failed"
    CLOSED = "closed"
    REVERSED = "reversed"
    NOT_FOUND = "not_found"


class MicropayRequest(_Model):
    """Charge a payment code shown by the customer. `out_trade_no` is the idempotency key."""

    out_trade_no: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    terminal_id: str
    account_no: str = Field(pattern=r"^\d{10}$")
    amount_fen: int = Field(gt=0)
    provider: Provider
    auth_code: str = Field(pattern=r"^\d{16,24}$")
    purpose: str = Field("bill", description="bill | topup | prepaid")


class PaymentResult(_Model):
    """The provider's answer, normalised, with its own code kept for the journal and receipts."""

    out_trade_no: str
    provider: Provider
    state: PaymentState
    provider_code: str = Field(
        description="e.g. SUCCESS, USERPAYING, 10003, 40004, AUTH_CODE_INVALID"
    )
    message: str = ""
    provider_trade_no: str | None = None
    amount_fen: int
    paid_at: datetime | None = None
    posted: bool = Field(False, description="the back office has credited the account")
    balance_after_fen: int | None = None
    arrears_after_fen: int | None = None


class ApiError(_Model):
    """Body of every 4xx/5xx answer."""

    code: str = Field(description="e.g. ACCOUNT_NOT_FOUND, IDEMPOTENCY_CONFLICT, INVALID_REQUEST")
    message: str


# -- bank cards ----------------------------------------------------------------------------------


class CardPosting(_Model):
    """A sale the payment module approved, posted so that the back office credits the account.

    Idempotent on `out_trade_no`. Carries no more of the card number than first 6 / last 4.
    """

    out_trade_no: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    terminal_id: str
    account_no: str = Field(pattern=r"^\d{10}$")
    amount_fen: int = Field(gt=0)
    purpose: str = Field("bill", description="bill | topup | prepaid")
    masked_pan: str = Field(pattern=r"^\d{6}\*{2,9}\d{4}$")
    auth_code: str = Field(pattern=r"^[0-9A-Z]{6}$")
    rrn: str = Field(pattern=r"^[0-9A-Z]{12}$")
    trace_no: str = Field(pattern=r"^\d{6}$")
    approved_at: datetime


# -- terminal-shown QR (WeChat Native / Alipay precreate) -----------------------------------------


class QrOrderRequest(_Model):
    """Create an order the customer pays by scanning the terminal's QR with the phone."""

    out_trade_no: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    terminal_id: str
    account_no: str = Field(pattern=r"^\d{10}$")
    amount_fen: int = Field(gt=0)
    provider: Provider
    purpose: str = Field("bill", description="bill | topup | prepaid")


class QrOrder(_Model):
    """The created order: `code_url` goes into the QR shown on screen.

    Its state is read with query_payment and it is closed with reverse_payment."""

    out_trade_no: str
    provider: Provider
    code_url: str
    amount_fen: int
    expires_at: datetime


# -- prepaid meter cards (购电) -------------------------------------------------------------------


class WriteBackReport(_Model):
    """The meter's write-back record as read from the card (raw 49 bytes in hex, and decoded)."""

    raw_hex: str = Field(pattern=r"^[0-9A-F]{98}$")
    remaining_fen: int
    meter_count: int = Field(ge=0)
    meter_no: str = Field(pattern=r"^\d{12}$")
    account_no: str = Field(pattern=r"^\d{10}$")
    written_at: datetime | None = None


class PrepaidCardReport(_Model):
    """What the terminal read from a prepaid card; uploading it also files the write-back record."""

    terminal_id: str
    card_serial: str = Field(pattern=r"^[0-9A-F]{16}$")
    utility_code: str = Field(pattern=r"^\d{4}$")
    meter_type: int = Field(ge=0, le=255)
    card_kind: int = Field(ge=0, le=255)
    meter_no: str = Field(pattern=r"^\d{12}$")
    wallet_count: int = Field(ge=0)
    wallet_amount_fen: int = Field(ge=0)
    write_back: WriteBackReport | None = None


class PurchaseStatus(StrEnum):
    """A prepaid purchase at the back office."""

    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"  # money taken; no record issued yet
    ISSUED = "issued"  # record + MAC issued; not confirmed written to the card
    WRITTEN = "written"  # the terminal verified it on the card
    CANCELLED = "cancelled"  # payment failed or reversed


class PrepaidPurchase(_Model):
    """One purchase of credit for a meter."""

    out_trade_no: str
    terminal_id: str
    amount_fen: int
    status: PurchaseStatus
    count: int | None = Field(None, description="the card count it is written with, once issued")
    created_at: datetime
    written_at: datetime | None = None


class PrepaidCardInfo(_Model):
    """The back office's view of a prepaid card and its meter."""

    account: AccountSummary
    meter_no: str
    purchase_count: int = Field(description="purchases issued for this meter (the next is +1)")
    remaining_fen: int | None = Field(None, description="from the last write-back record")
    last_purchases: list[PrepaidPurchase] = Field([], description="latest first, up to 5")
    pending: list[PrepaidPurchase] = Field(
        [], description="paid or issued but not written to the card: to finish (补写卡)"
    )
    min_purchase_fen: int
    max_purchase_fen: int


class PrepaidOrderRequest(_Model):
    """Open a purchase before paying for it; the payment uses the same `out_trade_no`."""

    out_trade_no: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    terminal_id: str
    card_serial: str = Field(pattern=r"^[0-9A-F]{16}$")
    meter_no: str = Field(pattern=r"^\d{12}$")
    account_no: str = Field(pattern=r"^\d{10}$")
    amount_fen: int = Field(gt=0)


class PurchaseRecord(_Model):
    """What the terminal writes to the card: issued once the purchase is paid. Idempotent."""

    out_trade_no: str
    card_serial: str
    meter_no: str
    amount_fen: int
    count: int = Field(ge=1)
    mac: str = Field(pattern=r"^[0-9A-F]{8}$", description="MAC over serial, amount and count")


class WrittenReport(_Model):
    """The terminal read the purchase back from the card."""

    terminal_id: str
    card_serial: str = Field(pattern=r"^[0-9A-F]{16}$")
    count: int = Field(ge=1)
