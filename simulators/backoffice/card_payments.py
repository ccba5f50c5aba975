"""Bank-card sales the payment module approved, posted to the back office (provider unionpay).

The sale itself happened between the module and the bank; the posting credits the account (or pays
the prepaid purchase) exactly once, keyed on `out_trade_no`. Only the masked card number (first 6
/ last 4), the authorisation code, the reference number and the trace number are stored.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from kiosk.backoffice.models import CardPosting, PaymentResult, PaymentState, Provider
from simulators.backoffice import db
from simulators.backoffice.payments import PaymentEngine
from simulators.backoffice.wording import PROVIDER_WORDING, Event


def post_card_payment(
    engine: PaymentEngine,
    conn: sqlite3.Connection,
    posting: CardPosting,
    digest: str,
    now: datetime,
) -> PaymentResult:
    """Record the approved sale and credit it; the same key and body answers the stored result,
    another body 409 IDEMPOTENCY_CONFLICT."""
    stored = engine.replay(posting, digest)
    if stored is not None:
        return stored
    engine.check_acceptable(posting)
    code, message = PROVIDER_WORDING[Provider.UNIONPAY][Event.SUCCESS]
    with db.transaction(conn):
        conn.execute(
            "INSERT INTO payments (out_trade_no, body_sha256, provider, account_no, amount_fen,"
            " state, provider_code, message, provider_trade_no, created_at, updated_at, method,"
            " purpose, terminal_id, masked_pan, card_auth_code, rrn, trace_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'card', ?, ?, ?, ?, ?, ?)",
            (
                posting.out_trade_no,
                digest,
                Provider.UNIONPAY.value,
                posting.account_no,
                posting.amount_fen,
                PaymentState.SUCCESS.value,
                code,
                message,
                posting.rrn,  # the bank's reference is the provider's trade number
                now.isoformat(),
                now.isoformat(),
                posting.purpose,
                posting.terminal_id,
                posting.masked_pan,
                posting.auth_code,
                posting.rrn,
                posting.trace_no,
            ),
        )
        engine.post(posting.out_trade_no, now, paid_at=posting.approved_at)
    return engine.result_of(engine.must_row(posting.out_trade_no))
