"""Orders the customer pays by scanning the terminal's QR (WeChat Native, Alipay precreate).

An order waits (state paying, NOTPAY / WAIT_BUYER_PAY) until the phone pays it, it is closed by a
reversal, or its validity runs out; expiry is evaluated lazily, whenever someone looks at it.
"""

from __future__ import annotations

import secrets
import sqlite3
import string
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from kiosk.backoffice.models import PaymentResult, PaymentState, Provider, QrOrder, QrOrderRequest
from simulators.backoffice import db
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.payments import PaymentEngine
from simulators.backoffice.wording import PROVIDER_WORDING, Event

QR_PROVIDERS = (Provider.WECHAT, Provider.ALIPAY)
_ALNUM = string.ascii_letters + string.digits


class PhoneBehaviour(StrEnum):
    """What the customer's phone does after scanning the terminal's QR."""

    OK = "ok"  # pays
    INSUFFICIENT_FUNDS = "insufficient_funds"  # the payment fails; the order is final
    CANCEL = "cancel"  # the customer backs out on the phone; the order keeps waiting


class PhoneScanRequest(BaseModel):
    """Body of POST /_sim/phone/scan."""

    code_url: str
    behaviour: PhoneBehaviour = PhoneBehaviour.OK


def code_url_for(provider: Provider) -> str:
    """A fresh payment URL in the provider's own shape."""
    if provider is Provider.WECHAT:
        return "weixin://wxpay/bizpayurl?pr=" + "".join(secrets.choice(_ALNUM) for _ in range(10))
    return "https://qr.alipay.com/bax" + "".join(
        secrets.choice(string.ascii_lowercase + string.digits) for _ in range(21)
    )


def create_qr_order(
    engine: PaymentEngine,
    conn: sqlite3.Connection,
    request: QrOrderRequest,
    digest: str,
    now: datetime,
    valid_s: float,
) -> QrOrder:
    """Create the order (or answer the stored one for the same key and body)."""
    if request.provider not in QR_PROVIDERS:
        raise ApiProblem(422, "PROVIDER_NOT_QR", "QR orders are for wechat or alipay")
    stored = engine.replay(request, digest)
    if stored is not None:
        row = engine.must_row(request.out_trade_no)
        if row["code_url"] is None:  # a tombstone: reversed before it was ever created
            raise ApiProblem(409, "ORDER_CLOSED", "this out_trade_no was closed already")
        return _order(row)
    engine.check_acceptable(request)
    code, message = PROVIDER_WORDING[request.provider][Event.NOT_PAID]
    expires_at = now + timedelta(seconds=valid_s)
    with db.transaction(conn):
        conn.execute(
            "INSERT INTO payments (out_trade_no, body_sha256, provider, account_no, amount_fen,"
            " state, provider_code, message, created_at, updated_at, method, purpose,"
            " terminal_id, code_url, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'qr', ?, ?, ?, ?)",
            (
                request.out_trade_no,
                digest,
                request.provider.value,
                request.account_no,
                request.amount_fen,
                PaymentState.PAYING.value,
                code,
                message,
                now.isoformat(),
                now.isoformat(),
                request.purpose,
                request.terminal_id,
                code_url_for(request.provider),
                expires_at.isoformat(),
            ),
        )
    return _order(engine.must_row(request.out_trade_no))


def phone_scan(
    engine: PaymentEngine,
    conn: sqlite3.Connection,
    scan: PhoneScanRequest,
    now: datetime,
) -> PaymentResult:
    """The customer's phone scanned `code_url` and did `behaviour`; the order's state after."""
    found = conn.execute(
        "SELECT out_trade_no FROM payments WHERE code_url = ?", (scan.code_url,)
    ).fetchone()
    if found is None:
        raise ApiProblem(404, "ORDER_NOT_FOUND", "no order behind this QR")
    row = engine.expire_if_due(engine.must_row(found["out_trade_no"]))
    if row["state"] == PaymentState.PAYING.value and scan.behaviour is not PhoneBehaviour.CANCEL:
        event = Event.SUCCESS if scan.behaviour is PhoneBehaviour.OK else Event.NOT_ENOUGH
        with db.transaction(conn):
            engine.set_state(row["out_trade_no"], event, now)
        row = engine.must_row(row["out_trade_no"])
    return engine.result_of(row)


def newest_waiting_code_url(engine: PaymentEngine, conn: sqlite3.Connection) -> str | None:
    """The code_url of the newest QR order still waiting for a phone (what a terminal shows)."""
    rows = conn.execute(
        "SELECT out_trade_no FROM payments WHERE code_url IS NOT NULL AND state = ?"
        " ORDER BY rowid DESC LIMIT 5",
        (PaymentState.PAYING.value,),
    ).fetchall()
    for found in rows:
        row = engine.expire_if_due(engine.must_row(found["out_trade_no"]))
        if row["state"] == PaymentState.PAYING.value:
            return str(row["code_url"])
    return None


def _order(row: sqlite3.Row) -> QrOrder:
    return QrOrder(
        out_trade_no=row["out_trade_no"],
        provider=Provider(row["provider"]),
        code_url=row["code_url"],
        amount_fen=row["amount_fen"],
        expires_at=datetime.fromisoformat(row["expires_at"]),
    )
