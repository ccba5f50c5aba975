"""The in-memory back office for the flow tests: the contract's semantics without HTTP."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fake_cards import mac_for

from kiosk.backoffice import (
    AccountNotFound,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.models import (
    AccountKind,
    AccountSummary,
    BillCodeLookup,
    CardPosting,
    MicropayRequest,
    Notice,
    PaymentResult,
    PaymentState,
    PrepaidCardInfo,
    PrepaidCardReport,
    PrepaidOrderRequest,
    PrepaidPurchase,
    Provider,
    PurchaseRecord,
    PurchaseStatus,
    QrOrder,
    QrOrderRequest,
    WrittenReport,
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
class Meter:
    """A prepaid meter at the fake back office and the purchases made for it."""

    card_serial: str
    meter_no: str
    account_no: str
    purchase_count: int = 0
    purchases: dict[str, PrepaidPurchase] = field(default_factory=dict)
    requests: dict[str, PrepaidOrderRequest] = field(default_factory=dict)


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
    meters: dict[str, Meter] = field(default_factory=dict)  # by card serial
    postings: dict[str, CardPosting] = field(default_factory=dict)
    down_for: set[str] = field(default_factory=set)  # calls that fail as unreachable
    card_mismatch: bool = False

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
        if self.down or what in self.down_for:
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

    async def post_card_payment(self, posting: CardPosting) -> PaymentResult:
        self._up("post_card_payment", posting.out_trade_no)
        order = self.orders.get(posting.out_trade_no)
        if order is None:
            order = Order(
                _stand_in(
                    posting.out_trade_no,
                    posting.account_no,
                    posting.amount_fen,
                    Provider.UNIONPAY,
                    posting.purpose,
                ),
                Provider.UNIONPAY,
                PaymentState.SUCCESS,
                PaymentState.SUCCESS,
                0,
                "00",
                "",
                True,
            )
            self.orders[posting.out_trade_no] = order
            self.postings[posting.out_trade_no] = posting
            self._charge(posting.out_trade_no, order)
            order.trade_no = posting.rrn
        return self._result(posting.out_trade_no, order)

    async def create_qr_order(self, request: QrOrderRequest) -> QrOrder:
        """The order waits for the phone (PAYING) for `plan.queries` queries, then `plan.then`."""
        self._up("create_qr_order", request.out_trade_no)
        if request.out_trade_no not in self.orders:
            plan = self.plans.popleft() if self.plans else Plan(first=PaymentState.PAYING)
            if plan.lost:
                raise BackOfficeUnavailable("create: read timed out (never arrived)")
            self.orders[request.out_trade_no] = Order(
                _stand_in(
                    request.out_trade_no,
                    request.account_no,
                    request.amount_fen,
                    request.provider,
                    request.purpose,
                ),
                request.provider,
                PaymentState.PAYING,
                plan.then,
                plan.queries,
                "USERPAYING",
                "",
                plan.posted,
            )
        return QrOrder(
            out_trade_no=request.out_trade_no,
            provider=request.provider,
            code_url=f"weixin://wxpay/bizpayurl?pr={request.out_trade_no[-8:]}",
            amount_fen=request.amount_fen,
            expires_at=self.clock.wall() + timedelta(minutes=2),
        )

    def add_meter(self, meter: Meter) -> Meter:
        self.meters[meter.card_serial] = meter
        return meter

    def _meter_of(self, key: str) -> Meter:
        for meter in self.meters.values():
            if key in meter.purchases:
                return meter
        raise RequestRejected("NOT_FOUND", key)

    async def read_prepaid_card(self, report: PrepaidCardReport) -> PrepaidCardInfo:
        self._up("read_prepaid_card", report.card_serial)
        meter = self.meters.get(report.card_serial)
        if meter is None:
            raise AccountNotFound(report.card_serial)
        if self.card_mismatch:
            raise RequestRejected("CARD_MISMATCH", "card and meter records disagree")
        purchases = sorted(meter.purchases.values(), key=lambda p: p.created_at, reverse=True)
        pending = [p for p in purchases if p.status in (PurchaseStatus.PAID, PurchaseStatus.ISSUED)]
        return PrepaidCardInfo(
            account=self.accounts[meter.account_no],
            meter_no=meter.meter_no,
            purchase_count=meter.purchase_count,
            remaining_fen=report.write_back.remaining_fen if report.write_back else None,
            last_purchases=purchases[:5],
            pending=list(reversed(pending)),
            min_purchase_fen=1000,
            max_purchase_fen=200000,
        )

    async def create_prepaid_order(self, request: PrepaidOrderRequest) -> PrepaidPurchase:
        self._up("create_prepaid_order", request.out_trade_no)
        meter = self.meters[request.card_serial]
        if request.out_trade_no in meter.purchases:
            return meter.purchases[request.out_trade_no]
        if any(
            p.status in (PurchaseStatus.PAID, PurchaseStatus.ISSUED)
            for p in meter.purchases.values()
        ):
            raise RequestRejected("PENDING_PURCHASE", "finish the pending purchase first")
        purchase = PrepaidPurchase(
            out_trade_no=request.out_trade_no,
            terminal_id=request.terminal_id,
            amount_fen=request.amount_fen,
            status=PurchaseStatus.AWAITING_PAYMENT,
            created_at=self.clock.wall(),
        )
        meter.purchases[request.out_trade_no] = purchase
        meter.requests[request.out_trade_no] = request
        return purchase

    def paid_elsewhere(self, serial: str, key: str, amount_fen: int) -> None:
        """A purchase paid on another terminal and never written."""
        meter = self.meters[serial]
        meter.purchases[key] = PrepaidPurchase(
            out_trade_no=key,
            terminal_id="SZ-OTHER-01",
            amount_fen=amount_fen,
            status=PurchaseStatus.PAID,
            created_at=self.clock.wall(),
        )

    async def issue_prepaid_purchase(self, out_trade_no: str) -> PurchaseRecord:
        self._up("issue_prepaid_purchase", out_trade_no)
        meter = self._meter_of(out_trade_no)
        purchase = meter.purchases[out_trade_no]
        if purchase.status in (PurchaseStatus.AWAITING_PAYMENT, PurchaseStatus.CANCELLED):
            raise RequestRejected("NOT_PAID", out_trade_no)
        if purchase.count is None:
            meter.purchase_count += 1
            purchase = purchase.model_copy(
                update={"count": meter.purchase_count, "status": PurchaseStatus.ISSUED}
            )
            meter.purchases[out_trade_no] = purchase
        assert purchase.count is not None
        return PurchaseRecord(
            out_trade_no=out_trade_no,
            card_serial=meter.card_serial,
            meter_no=meter.meter_no,
            amount_fen=purchase.amount_fen,
            count=purchase.count,
            mac=mac_for(meter.card_serial, purchase.amount_fen, purchase.count),
        )

    async def confirm_prepaid_written(
        self, out_trade_no: str, report: WrittenReport
    ) -> PrepaidPurchase:
        self._up("confirm_prepaid_written", out_trade_no)
        meter = self._meter_of(out_trade_no)
        purchase = meter.purchases[out_trade_no].model_copy(
            update={"status": PurchaseStatus.WRITTEN, "written_at": self.clock.wall()}
        )
        meter.purchases[out_trade_no] = purchase
        return purchase

    async def aclose(self) -> None:
        pass

    # money

    def _charge(self, key: str, order: Order) -> None:
        assert order.request is not None
        order.charged += 1
        self._mark_purchase(key, PurchaseStatus.PAID)
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

    def _mark_purchase(self, key: str, status: PurchaseStatus) -> None:
        for meter in self.meters.values():
            purchase = meter.purchases.get(key)
            if purchase is not None and purchase.status == PurchaseStatus.AWAITING_PAYMENT:
                meter.purchases[key] = purchase.model_copy(update={"status": status})

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


def _stand_in(
    key: str, account_no: str, amount_fen: int, provider: Provider, purpose: str
) -> MicropayRequest:
    """An order's request for the bookkeeping of QR and card orders (no payment code in them:
    the auth code is a placeholder the fake never checks)."""
    return MicropayRequest(
        out_trade_no=key,
        terminal_id="fake",
        account_no=account_no,
        amount_fen=amount_fen,
        provider=provider,
        auth_code="0" * 18,
        purpose=purpose,
    )
