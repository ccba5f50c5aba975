"""Payment semantics of the simulator, through the real client over real HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from backoffice_testkit import FakeClock

from kiosk.backoffice import AccountNotFound, IdempotencyConflict, RequestRejected
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import MicropayRequest, PaymentState, Provider

Pick = Callable[..., Awaitable[dict[str, Any]]]
NewCode = Callable[..., Awaitable[str]]
Ledger = Callable[..., Awaitable[list[dict[str, Any]]]]

WECHAT_CODE = "134612345678901234"  # 18 digits, prefix 13: a code not from the wallet
ALIPAY_CODE = "28761234567890123456"  # 20 digits, prefix 28


def pay(
    trade_no: str, account_no: str, amount_fen: int, provider: Provider, code: str, **extra: Any
) -> MicropayRequest:
    return MicropayRequest(
        out_trade_no=trade_no,
        terminal_id="SZ-FT-0001-SP01",
        account_no=account_no,
        amount_fen=amount_fen,
        provider=provider,
        auth_code=code,
        **extra,
    )


async def test_success_pays_late_fee_and_bills_oldest_first(
    client: BackOfficeClient,
    pick_account: Pick,
    new_code: NewCode,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    before = await client.get_account(sample["account_no"])
    unpaid = sorted((b for b in before.bills if b.status != "paid"), key=lambda b: b.period)
    assert unpaid
    late_fee = before.arrears_fen - sum(b.amount_fen - b.paid_fen for b in unpaid)
    # Enough for the late fee and the oldest unpaid bill, and 1 fen of the next one.
    oldest = unpaid[0]
    amount = late_fee + oldest.amount_fen - oldest.paid_fen + (1 if len(unpaid) > 1 else 0)
    trade_no = next(order_numbers)
    result = await client.micropay(
        pay(trade_no, sample["account_no"], amount, Provider.WECHAT, await new_code("wechat"))
    )
    assert result.state is PaymentState.SUCCESS and result.provider_code == "SUCCESS"
    assert result.posted and result.paid_at is not None
    assert result.provider_trade_no and result.provider_trade_no.startswith("4200")
    assert result.arrears_after_fen == before.arrears_fen - amount
    assert result.balance_after_fen == before.balance_fen
    after = await client.get_account(sample["account_no"])
    assert after.arrears_fen == before.arrears_fen - amount
    statuses = {b.period: b.status for b in after.bills}
    assert statuses[oldest.period] == "paid"
    if len(unpaid) > 1:
        assert statuses[unpaid[1].period] == "partly_paid"
    rows = await ledger(trade_no)
    assert [(r["kind"], r["amount_fen"]) for r in rows] == [("charge", amount)]


async def test_overpayment_goes_to_the_balance(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True, region="zhejiang")
    before = await client.get_account(sample["account_no"])
    result = await client.micropay(
        pay(
            next(order_numbers),
            sample["account_no"],
            before.arrears_fen + 5000,
            Provider.ALIPAY,
            ALIPAY_CODE,
        )
    )
    assert result.state is PaymentState.SUCCESS and result.provider_code == "10000"
    assert result.arrears_after_fen == 0
    assert result.balance_after_fen == before.balance_fen + 5000
    after = await client.get_account(sample["account_no"])
    assert after.arrears_fen == 0 and all(b.status == "paid" for b in after.bills)


async def test_prepaid_topup_credits_the_balance(
    client: BackOfficeClient, pick_account: Pick, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="prepaid")
    result = await client.micropay(
        pay(
            next(order_numbers),
            sample["account_no"],
            20000,
            Provider.WECHAT,
            WECHAT_CODE,
            purpose="topup",
        )
    )
    assert result.state is PaymentState.SUCCESS
    assert result.balance_after_fen == sample["balance_fen"] + 20000


async def test_topup_of_a_business_account_is_rejected(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="commercial")
    with pytest.raises(RequestRejected) as caught:
        await client.micropay(
            pay(
                next(order_numbers),
                sample["account_no"],
                1000,
                Provider.WECHAT,
                WECHAT_CODE,
                purpose="topup",
            )
        )
    assert caught.value.code == "TOPUP_NOT_ALLOWED"
    assert await ledger() == []


async def test_unknown_account_is_not_charged(
    client: BackOfficeClient, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    with pytest.raises(AccountNotFound):
        await client.micropay(
            pay(next(order_numbers), "9999999998", 1000, Provider.WECHAT, WECHAT_CODE)
        )
    assert await ledger() == []


@pytest.mark.parametrize(
    ("provider", "code", "provider_code", "message_start"),
    [
        (Provider.WECHAT, ALIPAY_CODE, "AUTH_CODE_INVALID", ""),
        (Provider.WECHAT, "164612345678901234", "AUTH_CODE_INVALID", ""),  # prefix 16
        (Provider.WECHAT, "1346123456789012345", "AUTH_CODE_INVALID", ""),  # 19 digits
        (Provider.ALIPAY, WECHAT_CODE, "40004", "ACQ.PAYMENT_AUTH_CODE_INVALID"),
        (Provider.ALIPAY, "3112345678901234", "40004", "ACQ.PAYMENT_AUTH_CODE_INVALID"),
        (Provider.ALIPAY, "251234567890123", "40004", "ACQ.PAYMENT_AUTH_CODE_INVALID"),
    ],
)
async def test_code_of_the_wrong_provider_fails(
    sim: httpx.AsyncClient,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
    provider: Provider,
    code: str,
    provider_code: str,
    message_start: str,
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    # Sent raw: 15-digit codes are outside the contract's 16-24 digits and the model refuses.
    body = {
        "out_trade_no": trade_no,
        "terminal_id": "T",
        "account_no": sample["account_no"],
        "amount_fen": 1000,
        "provider": provider.value,
        "auth_code": code,
    }
    response = await sim.post(
        "/api/v1/payments/micropay", json=body, headers={"Idempotency-Key": trade_no}
    )
    if len(code) < 16:
        assert response.status_code == 422
        return
    result = response.json()
    assert result["state"] == "failed"
    assert result["provider_code"] == provider_code
    assert result["message"].startswith(message_start)
    assert result["posted"] is False
    assert await ledger() == []


@pytest.mark.parametrize(
    ("provider", "provider_code"), [(Provider.WECHAT, "AUTHCODEEXPIRE"), (Provider.ALIPAY, "40004")]
)
async def test_a_code_cannot_pay_twice(
    client: BackOfficeClient,
    pick_account: Pick,
    new_code: NewCode,
    ledger: Ledger,
    order_numbers: Iterator[str],
    provider: Provider,
    provider_code: str,
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    code = await new_code(provider.value)
    first = await client.micropay(
        pay(next(order_numbers), sample["account_no"], 100, provider, code)
    )
    assert first.state is PaymentState.SUCCESS
    second = await client.micropay(
        pay(next(order_numbers), sample["account_no"], 100, provider, code)
    )
    assert second.state is PaymentState.FAILED and second.provider_code == provider_code
    assert len(await ledger()) == 1


async def test_wallet_code_expires_after_60_seconds(
    client: BackOfficeClient,
    sim_clock: FakeClock,
    pick_account: Pick,
    new_code: NewCode,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    fresh, stale = await new_code("wechat"), await new_code("wechat")
    sim_clock.advance(59)
    ok = await client.micropay(
        pay(next(order_numbers), sample["account_no"], 100, Provider.WECHAT, fresh)
    )
    assert ok.state is PaymentState.SUCCESS
    sim_clock.advance(2)
    late = await client.micropay(
        pay(next(order_numbers), sample["account_no"], 100, Provider.WECHAT, stale)
    )
    assert late.state is PaymentState.FAILED and late.provider_code == "AUTHCODEEXPIRE"


@pytest.mark.parametrize(
    ("provider", "provider_code", "message_start"),
    [
        (Provider.WECHAT, "NOTENOUGH", ""),
        (Provider.ALIPAY, "40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH"),
    ],
)
async def test_wallet_insufficient_funds_declines(
    client: BackOfficeClient,
    pick_account: Pick,
    new_code: NewCode,
    ledger: Ledger,
    order_numbers: Iterator[str],
    provider: Provider,
    provider_code: str,
    message_start: str,
) -> None:
    sample = await pick_account(kind="prepaid")
    code = await new_code(provider.value, "insufficient_funds")
    result = await client.micropay(
        pay(next(order_numbers), sample["account_no"], 5000, provider, code)
    )
    assert result.state is PaymentState.FAILED and result.provider_code == provider_code
    assert result.message.startswith(message_start)
    assert not result.posted and await ledger() == []


@pytest.mark.parametrize(
    ("behaviour", "final", "charges"),
    [
        ("needs_password", PaymentState.SUCCESS, 1),
        ("needs_password_then_cancel", PaymentState.FAILED, 0),
    ],
)
@pytest.mark.parametrize(
    ("provider", "paying_code"), [(Provider.WECHAT, "USERPAYING"), (Provider.ALIPAY, "10003")]
)
async def test_wallet_password_then_query(
    client: BackOfficeClient,
    pick_account: Pick,
    new_code: NewCode,
    ledger: Ledger,
    order_numbers: Iterator[str],
    behaviour: str,
    final: PaymentState,
    charges: int,
    provider: Provider,
    paying_code: str,
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    code = await new_code(provider.value, behaviour)
    first = await client.micropay(pay(trade_no, sample["account_no"], 3000, provider, code))
    assert first.state is PaymentState.PAYING and first.provider_code == paying_code
    assert await ledger() == []
    queried = await client.query_payment(trade_no, provider)
    assert queried.state is final and queried.posted is (final is PaymentState.SUCCESS)
    assert len(await ledger(trade_no)) == charges
    again = await client.query_payment(trade_no, provider)
    assert again == queried


@pytest.mark.parametrize(
    ("provider", "amount", "first"),
    [
        (Provider.WECHAT, 100_001, PaymentState.PAYING),
        (Provider.WECHAT, 100_000, PaymentState.SUCCESS),
        (Provider.ALIPAY, 150_000, PaymentState.SUCCESS),
    ],
)
async def test_wechat_asks_for_the_password_above_1000_yuan(
    client: BackOfficeClient,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
    provider: Provider,
    amount: int,
    first: PaymentState,
) -> None:
    sample = await pick_account(kind="industrial", in_arrears=True)
    trade_no = next(order_numbers)
    code = WECHAT_CODE if provider is Provider.WECHAT else ALIPAY_CODE
    result = await client.micropay(pay(trade_no, sample["account_no"], amount, provider, code))
    assert result.state is first
    if first is PaymentState.PAYING:
        assert result.provider_code == "USERPAYING" and await ledger() == []
        result = await client.query_payment(trade_no, provider)
    assert result.state is PaymentState.SUCCESS and result.posted
    assert [r["amount_fen"] for r in await ledger(trade_no)] == [amount]


async def test_same_key_same_body_answers_the_same_without_charging_again(
    client: BackOfficeClient,
    sim: httpx.AsyncClient,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    request = pay(next(order_numbers), sample["account_no"], 1234, Provider.WECHAT, WECHAT_CODE)
    first = await client.micropay(request)
    second = await client.micropay(request)
    assert first == second and first.state is PaymentState.SUCCESS
    # Same meaning in other JSON (key order, spacing) is the same body.
    raw = httpx.Request("POST", "/", json=dict(reversed(request.model_dump(mode="json").items())))
    response = await sim.post(
        "/api/v1/payments/micropay",
        content=raw.content.replace(b",", b", "),
        headers={"Idempotency-Key": request.out_trade_no, "Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json() == first.model_dump(mode="json")
    assert len(await ledger()) == 1


async def test_same_key_other_body_is_a_conflict(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    request = pay(next(order_numbers), sample["account_no"], 1234, Provider.WECHAT, WECHAT_CODE)
    await client.micropay(request)
    with pytest.raises(IdempotencyConflict):
        await client.micropay(request.model_copy(update={"amount_fen": 4321}))
    assert [r["amount_fen"] for r in await ledger()] == [1234]


async def test_idempotency_key_must_equal_out_trade_no(
    sim: httpx.AsyncClient, pick_account: Pick, ledger: Ledger
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    body = pay("SZFT0001-K1", sample["account_no"], 100, Provider.WECHAT, WECHAT_CODE)
    for headers in ({}, {"Idempotency-Key": "SZFT0001-K2"}):
        response = await sim.post(
            "/api/v1/payments/micropay", json=body.model_dump(mode="json"), headers=headers
        )
        assert response.status_code == 400
        assert response.json()["code"] == "IDEMPOTENCY_KEY_MISMATCH"
    assert await ledger() == []


async def test_query_of_an_unknown_order_is_not_found(client: BackOfficeClient) -> None:
    for provider, code in (
        (Provider.WECHAT, "ORDERNOTEXIST"),
        (Provider.ALIPAY, "ACQ.TRADE_NOT_EXIST"),
    ):
        result = await client.query_payment("SZFT0001-NEVER", provider)
        assert result.state is PaymentState.NOT_FOUND and result.provider_code == code
        assert result.amount_fen == 0 and not result.posted


async def test_reverse_refunds_a_paid_order_exactly(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    before = await client.get_account(sample["account_no"])
    trade_no = next(order_numbers)
    amount = before.arrears_fen + 777  # clears every bill and the fee, and adds to the balance
    paid = await client.micropay(
        pay(trade_no, sample["account_no"], amount, Provider.ALIPAY, ALIPAY_CODE)
    )
    assert paid.state is PaymentState.SUCCESS and paid.balance_after_fen == before.balance_fen + 777
    reversed_ = await client.reverse_payment(trade_no, Provider.ALIPAY)
    assert reversed_.state is PaymentState.REVERSED and reversed_.provider_code == "TRADE_CLOSED"
    assert reversed_.message.startswith("action=refund")
    assert not reversed_.posted
    assert reversed_.arrears_after_fen == before.arrears_fen
    assert reversed_.balance_after_fen == before.balance_fen
    assert await client.get_account(sample["account_no"]) == before
    again = await client.reverse_payment(trade_no, Provider.ALIPAY)
    assert again == reversed_
    assert await client.query_payment(trade_no, Provider.ALIPAY) == reversed_
    rows = await ledger(trade_no)
    assert [(r["kind"], r["amount_fen"]) for r in rows] == [("charge", amount), ("refund", amount)]


async def test_reverse_closes_a_waiting_order(
    client: BackOfficeClient,
    pick_account: Pick,
    new_code: NewCode,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    code = await new_code("alipay", "needs_password")
    first = await client.micropay(pay(trade_no, sample["account_no"], 100, Provider.ALIPAY, code))
    assert first.state is PaymentState.PAYING
    closed = await client.reverse_payment(trade_no, Provider.ALIPAY)
    assert closed.state is PaymentState.CLOSED and closed.provider_code == "TRADE_CLOSED"
    assert closed.message.startswith("action=close")
    # Once closed, the customer's password can no longer complete it.
    assert (await client.query_payment(trade_no, Provider.ALIPAY)).state is PaymentState.CLOSED
    assert await ledger() == []


async def test_reverse_of_an_unseen_order_closes_the_key_for_good(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    closed = await client.reverse_payment(trade_no, Provider.WECHAT)
    assert closed.state is PaymentState.CLOSED
    late = await client.micropay(
        pay(trade_no, sample["account_no"], 100, Provider.WECHAT, WECHAT_CODE)
    )
    assert late.state is PaymentState.CLOSED
    assert await ledger() == []
