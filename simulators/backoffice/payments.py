"""Payment-code payments as WeChat micropay / Alipay trade.pay behave, normalised to the contract.

Every change (order row, account credit, ledger row) is one SQLite transaction, so a charge is
either fully recorded or not at all; the ledger is how tests check "exactly once".
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from kiosk.backoffice.models import (
    CardPosting,
    MicropayRequest,
    PaymentResult,
    PaymentState,
    Provider,
    QrOrderRequest,
)
from kiosk.clock import Clock
from simulators.backoffice import books, db, prepaid
from simulators.backoffice.books import LedgerRow
from simulators.backoffice.codes import code_matches_provider
from simulators.backoffice.controls import Directive, NextPaymentBehaviour, WalletBehaviour
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.wording import PROVIDER_WORDING, STATE_OF, Event

CODE_LIFETIME_S = 60.0
PASSWORD_THRESHOLD_FEN = 100_000  # WeChat asks for the password above 1000 yuan


# A scripted behaviour: (first event, what the first query turns a pending order into).
SCRIPTED: dict[NextPaymentBehaviour, tuple[Event, Event | None]] = {
    NextPaymentBehaviour.DECLINE: (Event.DECLINED, None),
    NextPaymentBehaviour.PAYING_THEN_SUCCESS: (Event.PAYING, Event.SUCCESS),
    NextPaymentBehaviour.PAYING_THEN_FAIL: (Event.PAYING, Event.CANCELLED),
    NextPaymentBehaviour.PAYING_FOREVER: (Event.PAYING, Event.PAYING),
    NextPaymentBehaviour.SYSTEM_ERROR: (Event.UNKNOWN, Event.SUCCESS),
    NextPaymentBehaviour.SYSTEM_ERROR_THEN_FAIL: (Event.UNKNOWN, Event.FAILED),
    NextPaymentBehaviour.DROP_RESPONSE: (Event.SUCCESS, None),
}
WALLET: dict[WalletBehaviour, tuple[Event, Event | None]] = {
    WalletBehaviour.OK: (Event.SUCCESS, None),
    WalletBehaviour.INSUFFICIENT_FUNDS: (Event.NOT_ENOUGH, None),
    WalletBehaviour.NEEDS_PASSWORD: (Event.PAYING, Event.SUCCESS),
    WalletBehaviour.NEEDS_PASSWORD_THEN_CANCEL: (Event.PAYING, Event.CANCELLED),
    # Refused by its age before this table is consulted; listed so every behaviour has a row.
    WalletBehaviour.EXPIRED: (Event.EXPIRED_CODE, None),
}


class IssuedCode(BaseModel):
    """A fresh payment code from the simulated customer wallet."""

    code: str
    provider: Provider
    behaviour: WalletBehaviour
    issued_at: datetime
    valid_s: float = CODE_LIFETIME_S


Chargeable = MicropayRequest | CardPosting | QrOrderRequest
PURPOSES = ("bill", "topup", "prepaid")


@dataclass(frozen=True)
class MicropayAnswer:
    """The result to answer, and whether to drop the connection instead of answering."""

    result: PaymentResult
    drop_connection: bool = False


def body_digest(request: BaseModel) -> str:
    """A digest of the request's meaning, independent of JSON spacing and key order."""
    canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class PaymentEngine:
    """Orders, the customer wallet and the books, on the simulator's database."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    # -- the customer wallet -------------------------------------------------------------
    def issue_code(self, provider: Provider, behaviour: WalletBehaviour) -> IssuedCode:
        """A fresh, valid, never-used code for `provider`."""
        while True:
            if provider is Provider.WECHAT:
                code = f"1{secrets.randbelow(6)}{secrets.randbelow(10**16):016d}"
            else:
                # 18 digits, the length Alipay codes have in practice
                code = f"{25 + secrets.randbelow(6)}{secrets.randbelow(10**16):016d}"
            if self._conn.execute("SELECT 1 FROM wallet_codes WHERE code = ?", (code,)).fetchone():
                continue
            now = self._clock.wall()
            if behaviour is WalletBehaviour.EXPIRED:
                now -= timedelta(seconds=2 * CODE_LIFETIME_S)
            self._conn.execute(
                "INSERT INTO wallet_codes VALUES (?, ?, ?, ?)",
                (code, provider.value, behaviour.value, now.timestamp()),
            )
            return IssuedCode(code=code, provider=provider, behaviour=behaviour, issued_at=now)

    # -- micropay ------------------------------------------------------------------------
    def replay(self, request: Chargeable, digest: str) -> PaymentResult | None:
        """The stored answer if this key was seen; IdempotencyConflict if with another body."""
        row = self._row(request.out_trade_no)
        if row is None:
            return None
        # A reversal of a key never seen leaves a tombstone with no body: the order stays closed.
        if row["body_sha256"] is not None and row["body_sha256"] != digest:
            raise ApiProblem(
                409, "IDEMPOTENCY_CONFLICT", "this out_trade_no was used with another request"
            )
        return self._result(row)

    def check_acceptable(self, request: Chargeable) -> None:
        """Refuse what no provider would even see: unknown account, top-up not allowed, a
        prepaid payment that is not exactly an open purchase."""
        account = self._conn.execute(
            "SELECT kind FROM accounts WHERE account_no = ?", (request.account_no,)
        ).fetchone()
        if account is None:
            raise ApiProblem(404, "ACCOUNT_NOT_FOUND", "no such account")
        if request.purpose not in PURPOSES:
            raise ApiProblem(422, "INVALID_REQUEST", "purpose must be bill, topup or prepaid")
        if request.purpose == "topup" and account["kind"] in ("commercial", "industrial"):
            raise ApiProblem(422, "TOPUP_NOT_ALLOWED", "this account pays bills only")
        if request.purpose == "prepaid":
            prepaid.check_payable(
                self._conn, request.out_trade_no, request.account_no, request.amount_fen
            )

    def execute(
        self, request: MicropayRequest, digest: str, directive: Directive | None
    ) -> MicropayAnswer:
        """Charge the code (or not) and record the order, in one transaction."""
        now = self._clock.wall()
        code_hash = _sha(request.auth_code)
        pending: Event | None = None
        if not code_matches_provider(request.auth_code, request.provider):
            event = Event.INVALID_CODE
        elif self._conn.execute(
            "SELECT 1 FROM payments WHERE auth_code_sha256 = ?", (code_hash,)
        ).fetchone():
            event = Event.EXPIRED_CODE
        else:
            wallet = self._conn.execute(
                "SELECT behaviour, issued_at FROM wallet_codes WHERE code = ?",
                (request.auth_code,),
            ).fetchone()
            if wallet and now.timestamp() - float(wallet["issued_at"]) > CODE_LIFETIME_S:
                event = Event.EXPIRED_CODE
            elif directive and directive.behaviour in SCRIPTED:
                event, pending = SCRIPTED[directive.behaviour]
            elif wallet:
                event, pending = WALLET[WalletBehaviour(wallet["behaviour"])]
            else:
                event, pending = Event.SUCCESS, None
            if (
                event is Event.SUCCESS
                and request.provider is Provider.WECHAT
                and request.amount_fen > PASSWORD_THRESHOLD_FEN
                and not (directive and directive.behaviour is NextPaymentBehaviour.DROP_RESPONSE)
            ):
                event, pending = Event.PAYING, Event.SUCCESS
        code, message = PROVIDER_WORDING[request.provider][event]
        with db.transaction(self._conn):
            state = STATE_OF.get(event, PaymentState.FAILED)
            self._conn.execute(
                "INSERT INTO payments (out_trade_no, body_sha256, provider, account_no, amount_fen,"
                " auth_code_sha256, state, provider_code, message, pending, created_at, updated_at,"
                " method, purpose, terminal_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'code', ?, ?)",
                (
                    request.out_trade_no,
                    digest,
                    request.provider.value,
                    request.account_no,
                    request.amount_fen,
                    code_hash,
                    state.value,
                    code,
                    message,
                    pending.value if pending else None,
                    now.isoformat(),
                    now.isoformat(),
                    request.purpose,
                    request.terminal_id,
                ),
            )
            self.settle(request.out_trade_no, state, now)
        drop = bool(directive and directive.behaviour is NextPaymentBehaviour.DROP_RESPONSE)
        return MicropayAnswer(self._result(self._must_row(request.out_trade_no)), drop)

    # -- query and reverse ---------------------------------------------------------------
    def query(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """The order's state now; a pending order moves on as its script says."""
        row = self._row(out_trade_no)
        if row is None:
            return self._not_found(out_trade_no, provider)
        pending = row["pending"]
        state = PaymentState(row["state"])
        if pending and state in (PaymentState.PAYING, PaymentState.UNKNOWN):
            event = Event(pending)
            order_provider = Provider(row["provider"])
            code, message = PROVIDER_WORDING[order_provider][event]
            now = self._clock.wall()
            with db.transaction(self._conn):
                self._conn.execute(
                    "UPDATE payments SET state = ?, provider_code = ?, message = ?, pending = ?,"
                    " updated_at = ? WHERE out_trade_no = ?",
                    (
                        STATE_OF.get(event, PaymentState.FAILED).value,
                        code,
                        message,
                        Event.PAYING.value if event is Event.PAYING else None,
                        now.isoformat(),
                        out_trade_no,
                    ),
                )
                self.settle(out_trade_no, STATE_OF.get(event, PaymentState.FAILED), now)
            row = self._must_row(out_trade_no)
        elif row["method"] == "qr" and state is PaymentState.PAYING:
            row = self.expire_if_due(row)
        return self._result(row)

    def reverse(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        """Close a waiting or failed order, refund a paid one; idempotent."""
        now = self._clock.wall()
        row = self._row(out_trade_no)
        if row is None:
            # Remember the key so that a late-arriving micropay with it cannot charge anymore.
            code, message = PROVIDER_WORDING[provider][Event.CLOSED]
            self._conn.execute(
                "INSERT INTO payments (out_trade_no, provider, amount_fen, state, provider_code,"
                " message, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
                (
                    out_trade_no,
                    provider.value,
                    PaymentState.CLOSED.value,
                    code,
                    message,
                    now.isoformat(),
                    now.isoformat(),
                ),
            )
            return self._result(self._must_row(out_trade_no))
        state = PaymentState(row["state"])
        if state in (PaymentState.CLOSED, PaymentState.REVERSED):
            return self._result(row)
        if state is PaymentState.SUCCESS and row["purpose"] == "prepaid":
            prepaid.check_refundable(self._conn, out_trade_no)
        order_provider = Provider(row["provider"])
        event = Event.REVERSED if state is PaymentState.SUCCESS else Event.CLOSED
        code, message = PROVIDER_WORDING[order_provider][event]
        with db.transaction(self._conn):
            if event is Event.REVERSED:
                books.refund(self._conn, row, now)
            self._conn.execute(
                "UPDATE payments SET state = ?, provider_code = ?, message = ?, pending = NULL,"
                " updated_at = ? WHERE out_trade_no = ?",
                (STATE_OF[event].value, code, message, now.isoformat(), out_trade_no),
            )
            self.settle(out_trade_no, STATE_OF[event], now)
        return self._result(self._must_row(out_trade_no))

    def expire_if_due(self, row: sqlite3.Row) -> sqlite3.Row:
        """A terminal-shown QR order nobody paid before its expiry is closed (evaluated when
        someone looks: a query, a reversal, a phone scanning it)."""
        now = self._clock.wall()
        if (
            row["method"] != "qr"
            or row["state"] != PaymentState.PAYING.value
            or now < datetime.fromisoformat(row["expires_at"])
        ):
            return row
        with db.transaction(self._conn):
            self.set_state(row["out_trade_no"], Event.ORDER_EXPIRED, now)
        return self._must_row(row["out_trade_no"])

    def set_state(self, out_trade_no: str, event: Event, now: datetime) -> None:
        """Move an order to `event`'s state with its provider's wording, and settle what
        follows from it (credit, purchase); inside the caller's transaction."""
        row = self._must_row(out_trade_no)
        code, message = PROVIDER_WORDING[Provider(row["provider"])][event]
        state = STATE_OF.get(event, PaymentState.FAILED)
        self._conn.execute(
            "UPDATE payments SET state = ?, provider_code = ?, message = ?, pending = NULL,"
            " updated_at = ? WHERE out_trade_no = ?",
            (state.value, code, message, now.isoformat(), out_trade_no),
        )
        self.settle(out_trade_no, state, now)

    def settle(self, out_trade_no: str, state: PaymentState, now: datetime) -> None:
        """What a new state means for the books: success credits the account (or pays the
        prepaid purchase); a final failure cancels the purchase it was for."""
        if state is PaymentState.SUCCESS:
            self.post(out_trade_no, now)
        elif state in (PaymentState.FAILED, PaymentState.CLOSED, PaymentState.REVERSED):
            prepaid.mark_cancelled(self._conn, out_trade_no)

    def ledger(self, out_trade_no: str | None = None) -> list[LedgerRow]:
        """Ledger rows, oldest first, optionally of one order."""
        return books.ledger(self._conn, out_trade_no)

    # -- the books -----------------------------------------------------------------------
    def post(self, out_trade_no: str, now: datetime, paid_at: datetime | None = None) -> None:
        """Book the order's money (see books.post); inside the caller's transaction."""
        books.post(self._conn, self._must_row(out_trade_no), now, paid_at or now)

    # -- rows ----------------------------------------------------------------------------
    def row(self, out_trade_no: str) -> sqlite3.Row | None:
        """The order's row, if any."""
        return self._row(out_trade_no)

    def must_row(self, out_trade_no: str) -> sqlite3.Row:
        """The order's row, which the caller knows is there."""
        return self._must_row(out_trade_no)

    @staticmethod
    def result_of(row: sqlite3.Row) -> PaymentResult:
        """The contract's view of an order row."""
        return PaymentEngine._result(row)

    def _row(self, out_trade_no: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM payments WHERE out_trade_no = ?", (out_trade_no,)
        ).fetchone()
        return row

    def _must_row(self, out_trade_no: str) -> sqlite3.Row:
        row = self._row(out_trade_no)
        if row is None:  # pragma: no cover - written in the same transaction
            raise ApiProblem(500, "INTERNAL", "order vanished")
        return row

    @staticmethod
    def _result(row: sqlite3.Row) -> PaymentResult:
        return PaymentResult(
            out_trade_no=row["out_trade_no"],
            provider=Provider(row["provider"]),
            state=PaymentState(row["state"]),
            provider_code=row["provider_code"],
            message=row["message"],
            provider_trade_no=row["provider_trade_no"],
            amount_fen=row["amount_fen"],
            paid_at=datetime.fromisoformat(row["paid_at"]) if row["paid_at"] else None,
            posted=bool(row["posted"]),
            balance_after_fen=row["balance_after_fen"],
            arrears_after_fen=row["arrears_after_fen"],
        )

    @staticmethod
    def _not_found(out_trade_no: str, provider: Provider) -> PaymentResult:
        code, message = PROVIDER_WORDING[provider][Event.NOT_FOUND]
        return PaymentResult(
            out_trade_no=out_trade_no,
            provider=provider,
            state=PaymentState.NOT_FOUND,
            provider_code=code,
            message=message,
            amount_fen=0,
            posted=False,
        )
