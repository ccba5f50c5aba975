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
from typing import Any

from pydantic import BaseModel

from kiosk.backoffice.models import MicropayRequest, PaymentResult, PaymentState, Provider
from kiosk.clock import Clock
from simulators.backoffice import db
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


class LedgerRow(BaseModel):
    """One movement of money in the back office's books."""

    id: int
    out_trade_no: str
    kind: str  # charge | refund
    account_no: str
    provider: Provider
    amount_fen: int
    at: datetime


@dataclass(frozen=True)
class MicropayAnswer:
    """The result to answer, and whether to drop the connection instead of answering."""

    result: PaymentResult
    drop_connection: bool = False


def body_digest(request: MicropayRequest) -> str:
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
    def replay(self, request: MicropayRequest, digest: str) -> PaymentResult | None:
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

    def check_acceptable(self, request: MicropayRequest) -> None:
        """Refuse what no provider would even see: unknown account, top-up not allowed."""
        account = self._conn.execute(
            "SELECT kind FROM accounts WHERE account_no = ?", (request.account_no,)
        ).fetchone()
        if account is None:
            raise ApiProblem(404, "ACCOUNT_NOT_FOUND", "no such account")
        if request.purpose not in ("bill", "topup"):
            raise ApiProblem(422, "INVALID_REQUEST", "purpose must be bill or topup")
        if request.purpose == "topup" and account["kind"] in ("commercial", "industrial"):
            raise ApiProblem(422, "TOPUP_NOT_ALLOWED", "this account pays bills only")

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
            self._conn.execute(
                "INSERT INTO payments (out_trade_no, body_sha256, provider, account_no, amount_fen,"
                " auth_code_sha256, state, provider_code, message, pending, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    request.out_trade_no,
                    digest,
                    request.provider.value,
                    request.account_no,
                    request.amount_fen,
                    code_hash,
                    STATE_OF.get(event, PaymentState.FAILED).value,
                    code,
                    message,
                    pending.value if pending else None,
                    now.isoformat(),
                    now.isoformat(),
                ),
            )
            if event is Event.SUCCESS:
                self._post(request.out_trade_no, now)
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
                if event is Event.SUCCESS:
                    self._post(out_trade_no, now)
            row = self._must_row(out_trade_no)
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
        order_provider = Provider(row["provider"])
        event = Event.REVERSED if state is PaymentState.SUCCESS else Event.CLOSED
        code, message = PROVIDER_WORDING[order_provider][event]
        with db.transaction(self._conn):
            if event is Event.REVERSED:
                self._refund(row, now)
            self._conn.execute(
                "UPDATE payments SET state = ?, provider_code = ?, message = ?, pending = NULL,"
                " updated_at = ? WHERE out_trade_no = ?",
                (STATE_OF[event].value, code, message, now.isoformat(), out_trade_no),
            )
        return self._result(self._must_row(out_trade_no))

    def ledger(self, out_trade_no: str | None = None) -> list[LedgerRow]:
        """Ledger rows, oldest first, optionally of one order."""
        sql = "SELECT * FROM ledger"
        args: tuple[str, ...] = ()
        if out_trade_no is not None:
            sql += " WHERE out_trade_no = ?"
            args = (out_trade_no,)
        rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [LedgerRow.model_validate(dict(r)) for r in rows]

    # -- the books -----------------------------------------------------------------------
    def _post(self, out_trade_no: str, now: datetime) -> None:
        """Credit the account: late fee, then unpaid bills oldest first, then the balance."""
        order = self._must_row(out_trade_no)
        account_no = str(order["account_no"])
        rest = int(order["amount_fen"])
        account = self._conn.execute(
            "SELECT late_fee_fen, balance_fen FROM accounts WHERE account_no = ?", (account_no,)
        ).fetchone()
        to_fee = min(rest, int(account["late_fee_fen"]))
        rest -= to_fee
        to_bills: dict[str, int] = {}
        for bill in self._conn.execute(
            "SELECT period, amount_fen - paid_fen AS owed FROM bills"
            " WHERE account_no = ? AND paid_fen < amount_fen ORDER BY period",
            (account_no,),
        ).fetchall():
            if rest == 0:
                break
            part = min(rest, int(bill["owed"]))
            to_bills[bill["period"]] = part
            rest -= part
        self._apply(account_no, to_fee, to_bills, rest, sign=1)
        allocation = {"late_fee": to_fee, "bills": to_bills, "balance": rest}
        self._conn.execute(
            "INSERT INTO ledger (out_trade_no, kind, account_no, provider, amount_fen, at)"
            " VALUES (?, 'charge', ?, ?, ?, ?)",
            (out_trade_no, account_no, order["provider"], order["amount_fen"], now.isoformat()),
        )
        balance, arrears = self._position(account_no)
        self._conn.execute(
            "UPDATE payments SET posted = 1, paid_at = ?, provider_trade_no = ?, allocation = ?,"
            " balance_after_fen = ?, arrears_after_fen = ? WHERE out_trade_no = ?",
            (
                now.isoformat(),
                self._trade_no(order, now),
                json.dumps(allocation),
                balance,
                arrears,
                out_trade_no,
            ),
        )

    def _refund(self, order: sqlite3.Row, now: datetime) -> None:
        """Take back exactly what `_post` credited, and book the refund."""
        account_no = str(order["account_no"])
        allocation: dict[str, Any] = json.loads(order["allocation"])
        self._apply(
            account_no, allocation["late_fee"], allocation["bills"], allocation["balance"], sign=-1
        )
        self._conn.execute(
            "INSERT INTO ledger (out_trade_no, kind, account_no, provider, amount_fen, at)"
            " VALUES (?, 'refund', ?, ?, ?, ?)",
            (
                order["out_trade_no"],
                account_no,
                order["provider"],
                order["amount_fen"],
                now.isoformat(),
            ),
        )
        balance, arrears = self._position(account_no)
        self._conn.execute(
            "UPDATE payments SET posted = 0, balance_after_fen = ?, arrears_after_fen = ?"
            " WHERE out_trade_no = ?",
            (balance, arrears, order["out_trade_no"]),
        )

    def _apply(
        self, account_no: str, fee: int, bills: dict[str, int], balance: int, sign: int
    ) -> None:
        self._conn.execute(
            "UPDATE accounts SET late_fee_fen = late_fee_fen - ?, balance_fen = balance_fen + ?"
            " WHERE account_no = ?",
            (sign * fee, sign * balance, account_no),
        )
        self._conn.executemany(
            "UPDATE bills SET paid_fen = paid_fen + ? WHERE account_no = ? AND period = ?",
            [(sign * part, account_no, period) for period, part in bills.items()],
        )

    def _position(self, account_no: str) -> tuple[int, int]:
        row = self._conn.execute(
            "SELECT balance_fen FROM accounts WHERE account_no = ?", (account_no,)
        ).fetchone()
        return int(row["balance_fen"]), db.arrears_of(self._conn, account_no)

    @staticmethod
    def _trade_no(order: sqlite3.Row, now: datetime) -> str:
        digits = str(int(_sha(str(order["out_trade_no"])), 16))[:16]
        day = now.strftime("%Y%m%d")
        if order["provider"] == Provider.WECHAT.value:
            return f"4200{day}{digits}"
        return f"{day}22001{digits[:15]}"

    # -- rows ----------------------------------------------------------------------------
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
