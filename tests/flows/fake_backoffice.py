"""The in-memory back office for the flow tests: the contract's semantics without HTTP."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.backoffice import AccountNotFound, BackOfficeUnavailable, IdempotencyConflict
from kiosk.backoffice.models import (
    AccountKind,
    AccountSummary,
    BillCodeLookup,
    MicropayRequest,
    Notice,
    PaymentResult,
    PaymentState,
    Provider,
)
from kiosk.clock import Clock


@dataclass
class Plan:
    """How the fake provider answers the next new payment.

    `first` is the answer to the micropay request; `queries` more queries repeat it; then the
    order becomes `then`. `lost`: the request never arrives (the terminal sees a network error).
    `drop_response`: committed, but the answer is lost on the way back.
    """

    first: PaymentState = PaymentState.SUCCESS
    then: PaymentState = PaymentState.SUCCESS
    queries: int = 0
    code: str = ""
    message: str = ""
    lost: bool = False
    drop_response: bool = False
    posted: bool = True


@dataclass
class Order:
    """One order at the fake provider."""

    request: MicropayRequest | None
    provider: Provider
    state: PaymentState
    then: PaymentState
    queries_left: int
    code: str
    message: str
    posted: bool
    trade_no: str | None = None
    paid_at: datetime | None = None
    balance_after: int | None = None
    arrears_after: int | None = None
    charged: int = 0


_CODES = {
    PaymentState.SUCCESS: "SUCCESS",
    PaymentState.PAYING: "USERPAYING",
    PaymentState.UNKNOWN: "SYSTEMERROR",
    PaymentState.FAILED: "NOTENOUGH",
    PaymentState.CLOSED: "CLOSED",
    PaymentState.REVERSED: "REVOKED",
    PaymentState.NOT_FOUND: "ORDERNOTEXIST",
}


def account(
    account_no: str = "1234567897",
    *,
    arrears_fen: int = 12345,
    balance_fen: int = 0,
    kind: AccountKind = AccountKind.RESIDENTIAL,
    topup_allowed: bool = False,
    name: str = "张小明",
    address: str = "广东省深圳市福田区福华三路88号3栋1201",
) -> AccountSummary:
    """An account summary for tests."""
    return AccountSummary(
        account_no=account_no,
        name=name,
        address=address,
        kind=kind,
        region="guangdong",
        tariff_name="居民阶梯电价",
        arrears_fen=arrears_fen,
        balance_fen=balance_fen,
        topup_allowed=topup_allowed,
    )


@dataclass
class FakeBackOffice:
    """In memory, with the contract's semantics: idempotent by out_trade_no, queries that follow
    the provider's PAYING/UNKNOWN sequences, reversals that refund or close, an outage switch."""

    clock: Clock
    accounts: dict[str, AccountSummary] = field(default_factory=dict)
    bill_codes: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    plans: deque[Plan] = field(default_factory=deque)
    orders: dict[str, Order] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    down: bool = False
    breaker_open: bool = False
    fail_reverses: int = 0
    refuse_reverses: bool = False

    def add(self, summary: AccountSummary) -> FakeBackOffice:
        self.accounts[summary.account_no] = summary
        return self

    def plan(self, *plans: Plan) -> FakeBackOffice:
        self.plans.extend(plans)
        return self

    def charges(self) -> int:
        """How many times money was taken, over all orders (a refund does not undo the count)."""
        return sum(order.charged for order in self.orders.values())

    def _up(self, what: str, key: str = "") -> None:
        self.calls.append((what, key))
        if self.down:
            raise BackOfficeUnavailable(f"{what}: connection refused")

    def is_available(self, service: str = "payments") -> bool:
        return not self.down and not self.breaker_open

    async def check_health(self) -> bool:
        return not self.down

    async def get_account(self, account_no: str) -> AccountSummary:
        self._up("get_account", account_no)
        try:
            return self.accounts[account_no]
        except KeyError:
            raise AccountNotFound(account_no) from None

    async def lookup_bill_code(self, code: str) -> BillCodeLookup:
        self._up("lookup_bill_code", code)
        if code not in self.bill_codes:
            raise AccountNotFound(code)
        return BillCodeLookup(account_no=self.bill_codes[code], period="2026-10")

    async def list_notices(self) -> list[Notice]:
        self._up("list_notices")
        return list(self.notices)

    async def micropay(self, request: MicropayRequest) -> PaymentResult:
        self._up("micropay", request.out_trade_no)
        order = self.orders.get(request.out_trade_no)
        if order is not None:
            if order.request is not None and order.request != request:
                raise IdempotencyConflict(request.out_trade_no)
            return self._result(request.out_trade_no, order)
        plan = self.plans.popleft() if self.plans else Plan()
        if plan.lost:
            raise BackOfficeUnavailable("micropay: read timed out (never arrived)")
        order = Order(
            request=request,
            provider=request.provider,
            state=plan.first,
            then=plan.then,
            queries_left=plan.queries,
            code=plan.code or _CODES[plan.first],
            message=plan.message,
            posted=plan.posted,
        )
        self.orders[request.out_trade_no] = order
        if order.state == PaymentState.SUCCESS:
            self._charge(request.out_trade_no, order)
        if plan.drop_response:
            raise BackOfficeUnavailable("micropay: connection reset after commit")
        return self._result(request.out_trade_no, order)

    async def query_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        self._up("query_payment", out_trade_no)
        order = self.orders.get(out_trade_no)
        if order is None:
            return PaymentResult(
                out_trade_no=out_trade_no,
                provider=provider,
                state=PaymentState.NOT_FOUND,
                provider_code="ORDERNOTEXIST",
                amount_fen=0,
            )
        if order.state in (PaymentState.PAYING, PaymentState.UNKNOWN):
            if order.queries_left > 0:
                order.queries_left -= 1
            else:
                order.state = order.then
                order.code = _CODES[order.then]
                if order.state == PaymentState.SUCCESS:
                    self._charge(out_trade_no, order)
        elif order.state == PaymentState.SUCCESS and not order.posted:
            order.posted = True
        return self._result(out_trade_no, order)

    async def reverse_payment(self, out_trade_no: str, provider: Provider) -> PaymentResult:
        self._up("reverse_payment", out_trade_no)
        if self.fail_reverses:
            self.fail_reverses -= 1
            raise BackOfficeUnavailable("reverse: 503")
        order = self.orders.get(out_trade_no)
        if order is None:
            # A tombstone, so that the request arriving late cannot charge.
            order = Order(
                None, provider, PaymentState.REVERSED, PaymentState.REVERSED, 0, "", "", False
            )
            self.orders[out_trade_no] = order
        elif order.state == PaymentState.SUCCESS:
            if self.refuse_reverses:
                return self._result(out_trade_no, order)
            self._refund(order)
        order.state = PaymentState.REVERSED
        order.code = "REVOKED"
        return self._result(out_trade_no, order)

    async def aclose(self) -> None:
        pass

    # money

    def _charge(self, key: str, order: Order) -> None:
        assert order.request is not None
        order.charged += 1
        order.trade_no = f"4200{abs(hash(key)) % 10**24:024d}"
        order.paid_at = self.clock.wall()
        summary = self.accounts.get(order.request.account_no)
        if summary is not None:
            amount = order.request.amount_fen
            to_arrears = min(amount, summary.arrears_fen)
            summary = summary.model_copy(
                update={
                    "arrears_fen": summary.arrears_fen - to_arrears,
                    "balance_fen": summary.balance_fen + amount - to_arrears,
                }
            )
            self.accounts[summary.account_no] = summary
            order.arrears_after = summary.arrears_fen
            order.balance_after = summary.balance_fen

    def _refund(self, order: Order) -> None:
        assert order.request is not None
        summary = self.accounts.get(order.request.account_no)
        if summary is not None:
            self.accounts[summary.account_no] = summary.model_copy(
                update={"balance_fen": summary.balance_fen - order.request.amount_fen}
            )

    def _result(self, key: str, order: Order) -> PaymentResult:
        return PaymentResult(
            out_trade_no=key,
            provider=order.provider,
            state=order.state,
            provider_code=order.code,
            message=order.message,
            provider_trade_no=order.trade_no,
            amount_fen=order.request.amount_fen if order.request else 0,
            paid_at=order.paid_at,
            posted=order.posted and order.state == PaymentState.SUCCESS,
            balance_after_fen=order.balance_after,
            arrears_after_fen=order.arrears_after,
        )
