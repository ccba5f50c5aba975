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
    purpose: str = Field("bill", description="bill | topup")


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
