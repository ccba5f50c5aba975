"""Bank-card postings and terminal-shown QR orders, through the real client over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from backoffice_testkit import FakeClock

from kiosk.backoffice import AccountNotFound, IdempotencyConflict, RequestRejected
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import CardPosting, PaymentState, Provider, QrOrderRequest
from simulators.backoffice.server import BackOfficeServer
from simulators.remote import SimulatorRemote

Pick = Callable[..., Awaitable[dict[str, Any]]]
Ledger = Callable[..., Awaitable[list[dict[str, Any]]]]
TERMINAL = "SZ-FT-0001-SP01"


def card(trade_no: str, account_no: str, amount_fen: int, **extra: Any) -> CardPosting:
    fields: dict[str, Any] = {
        "out_trade_no": trade_no,
        "terminal_id": TERMINAL,
        "account_no": account_no,
        "amount_fen": amount_fen,
        "masked_pan": "622202******1234",
        "auth_code": "A1B2C3",
        "rrn": "123456789012",
        "trace_no": "000123",
        "approved_at": datetime(2026, 11, 23, 1, 59, 30, tzinfo=UTC),
    }
    fields.update(extra)
    return CardPosting(**fields)


def qr(
    trade_no: str, account_no: str, amount_fen: int, provider: Provider, **extra: Any
) -> QrOrderRequest:
    return QrOrderRequest(
        out_trade_no=trade_no,
        terminal_id=TERMINAL,
        account_no=account_no,
        amount_fen=amount_fen,
        provider=provider,
        **extra,
    )


@pytest.fixture
async def remote(server: BackOfficeServer) -> Any:
    """The /_sim controls through SimulatorRemote (the device control API is not used here)."""
    handle = SimulatorRemote("http://127.0.0.1:9", server.url)
    yield handle
    await handle.aclose()


# -- bank cards ---------------------------------------------------------------------------------
async def test_card_posting_pays_bills_and_is_booked_as_card(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    before = await client.get_account(sample["account_no"])
    trade_no = next(order_numbers)
    result = await client.post_card_payment(
        card(trade_no, sample["account_no"], before.arrears_fen)
    )
    assert result.state is PaymentState.SUCCESS and result.posted
    assert result.provider is Provider.UNIONPAY and result.provider_code == "00"
    assert result.provider_trade_no == "123456789012"
    assert result.paid_at == datetime(2026, 11, 23, 1, 59, 30, tzinfo=UTC)
    assert result.arrears_after_fen == 0 and result.balance_after_fen == before.balance_fen
    assert (await client.get_account(sample["account_no"])).arrears_fen == 0
    rows = await ledger(trade_no)
    assert [(r["kind"], r["method"], r["provider"], r["amount_fen"]) for r in rows] == [
        ("charge", "card", "unionpay", before.arrears_fen)
    ]


async def test_card_posting_is_idempotent_and_conflicts_on_another_body(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="prepaid")
    trade_no = next(order_numbers)
    posting = card(trade_no, sample["account_no"], 5000, purpose="topup")
    first = await client.post_card_payment(posting)
    again = await client.post_card_payment(posting)
    assert again == first
    assert first.balance_after_fen == sample["balance_fen"] + 5000
    with pytest.raises(IdempotencyConflict):
        await client.post_card_payment(card(trade_no, sample["account_no"], 5001, purpose="topup"))
    assert len(await ledger(trade_no)) == 1
    queried = await client.query_payment(trade_no, Provider.UNIONPAY)
    assert queried == first


async def test_card_posting_stores_only_the_masked_number(
    client: BackOfficeClient,
    server: BackOfficeServer,
    sim: httpx.AsyncClient,
    pick_account: Pick,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential")
    trade_no = next(order_numbers)
    await client.post_card_payment(card(trade_no, sample["account_no"], 1000, purpose="topup"))
    assert server.state is not None
    row = dict(
        server.state.conn.execute(
            "SELECT masked_pan, card_auth_code, rrn, trace_no FROM payments WHERE out_trade_no = ?",
            (trade_no,),
        ).fetchone()
    )
    assert row == {
        "masked_pan": "622202******1234",
        "card_auth_code": "A1B2C3",
        "rrn": "123456789012",
        "trace_no": "000123",
    }
    # A full card number never gets in: refused by the contract itself.
    body = card(next(order_numbers), sample["account_no"], 1000).model_dump(mode="json")
    body["masked_pan"] = "6222021234561234"
    answer = await sim.post(
        "/api/v1/payments/card", json=body, headers={"Idempotency-Key": body["out_trade_no"]}
    )
    assert answer.status_code == 422 and answer.json()["code"] == "INVALID_REQUEST"
    assert "6222021234561234" not in answer.text


async def test_card_posting_needs_the_key_header_and_a_known_account(
    client: BackOfficeClient, sim: httpx.AsyncClient, order_numbers: Iterator[str]
) -> None:
    body = card(next(order_numbers), "1234567897", 1000).model_dump(mode="json")
    answer = await sim.post("/api/v1/payments/card", json=body)
    assert answer.status_code == 400 and answer.json()["code"] == "IDEMPOTENCY_KEY_MISMATCH"
    with pytest.raises(AccountNotFound):
        await client.post_card_payment(card(next(order_numbers), "1234567897", 1000))


async def test_reversing_a_card_posting_refunds_exactly_once(
    client: BackOfficeClient, pick_account: Pick, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    before = await client.get_account(sample["account_no"])
    trade_no = next(order_numbers)
    await client.post_card_payment(card(trade_no, sample["account_no"], before.arrears_fen + 300))
    reversed_ = await client.reverse_payment(trade_no, Provider.UNIONPAY)
    assert reversed_.state is PaymentState.REVERSED and not reversed_.posted
    assert await client.reverse_payment(trade_no, Provider.UNIONPAY) == reversed_
    after = await client.get_account(sample["account_no"])
    assert (after.arrears_fen, after.balance_fen) == (before.arrears_fen, before.balance_fen)
    assert [(r["kind"], r["method"]) for r in await ledger(trade_no)] == [
        ("charge", "card"),
        ("refund", "card"),
    ]
    unknown = await client.query_payment(next(order_numbers), Provider.UNIONPAY)
    assert unknown.state is PaymentState.NOT_FOUND and unknown.provider_code == "25"


# -- terminal-shown QR --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("provider", "shape", "waiting"),
    [
        (Provider.WECHAT, r"weixin://wxpay/bizpayurl\?pr=[A-Za-z0-9]{10}", "NOTPAY"),
        (Provider.ALIPAY, r"https://qr\.alipay\.com/bax[a-z0-9]{21}", "WAIT_BUYER_PAY"),
    ],
)
async def test_qr_order_is_created_once_and_waits(
    client: BackOfficeClient,
    sim_clock: FakeClock,
    pick_account: Pick,
    order_numbers: Iterator[str],
    provider: Provider,
    shape: str,
    waiting: str,
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    request = qr(trade_no, sample["account_no"], sample["arrears_fen"], provider)
    order = await client.create_qr_order(request)
    assert re.fullmatch(shape, order.code_url)
    assert order.expires_at == sim_clock.wall() + timedelta(seconds=120)
    assert order.amount_fen == sample["arrears_fen"] and order.provider is provider
    assert await client.create_qr_order(request) == order
    with pytest.raises(IdempotencyConflict):
        await client.create_qr_order(qr(trade_no, sample["account_no"], 1, provider))
    state = await client.query_payment(trade_no, provider)
    assert state.state is PaymentState.PAYING and state.provider_code == waiting
    assert not state.posted


async def test_qr_order_refuses_a_bank_card_provider(
    client: BackOfficeClient, pick_account: Pick, order_numbers: Iterator[str]
) -> None:
    sample = await pick_account(kind="residential")
    with pytest.raises(RequestRejected) as refused:
        await client.create_qr_order(
            qr(next(order_numbers), sample["account_no"], 1000, Provider.UNIONPAY, purpose="topup")
        )
    assert refused.value.code == "PROVIDER_NOT_QR"


async def test_phone_pays_the_qr_once(
    client: BackOfficeClient,
    remote: SimulatorRemote,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential", in_arrears=True)
    trade_no = next(order_numbers)
    order = await client.create_qr_order(
        qr(trade_no, sample["account_no"], sample["arrears_fen"], Provider.ALIPAY)
    )
    scanned = await remote.phone_scan(order.code_url, "ok")
    assert scanned["state"] == "success" and scanned["posted"] is True
    assert (await remote.phone_scan(order.code_url, "ok"))["state"] == "success"
    paid = await client.query_payment(trade_no, Provider.ALIPAY)
    assert paid.state is PaymentState.SUCCESS and paid.arrears_after_fen == 0
    rows = await ledger(trade_no)
    assert [(r["kind"], r["method"], r["amount_fen"]) for r in rows] == [
        ("charge", "qr", sample["arrears_fen"])
    ]
    refunded = await client.reverse_payment(trade_no, Provider.ALIPAY)
    assert refunded.state is PaymentState.REVERSED
    assert [r["kind"] for r in await ledger(trade_no)] == ["charge", "refund"]


async def test_phone_without_funds_fails_and_cancel_leaves_it_waiting(
    client: BackOfficeClient,
    remote: SimulatorRemote,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    sample = await pick_account(kind="residential")
    waiting_no, failing_no = next(order_numbers), next(order_numbers)
    waiting = await client.create_qr_order(
        qr(waiting_no, sample["account_no"], 2000, Provider.WECHAT, purpose="topup")
    )
    failing = await client.create_qr_order(
        qr(failing_no, sample["account_no"], 2000, Provider.WECHAT, purpose="topup")
    )
    assert (await remote.phone_scan(waiting.code_url, "cancel"))["state"] == "paying"
    failed = await remote.phone_scan(failing.code_url, "insufficient_funds")
    assert failed["state"] == "failed" and failed["provider_code"] == "NOTENOUGH"
    assert (await remote.phone_scan(failing.code_url, "ok"))["state"] == "failed"
    closed = await client.reverse_payment(waiting_no, Provider.WECHAT)
    assert closed.state is PaymentState.CLOSED
    assert (await remote.phone_scan(waiting.code_url, "ok"))["state"] == "closed"
    assert await ledger(waiting_no) == [] and await ledger(failing_no) == []


async def test_qr_order_expires_when_nobody_pays(
    client: BackOfficeClient,
    remote: SimulatorRemote,
    sim_clock: FakeClock,
    pick_account: Pick,
    ledger: Ledger,
    order_numbers: Iterator[str],
) -> None:
    await remote.qr_validity(30)
    sample = await pick_account(kind="residential")
    trade_no = next(order_numbers)
    order = await client.create_qr_order(
        qr(trade_no, sample["account_no"], 1500, Provider.WECHAT, purpose="topup")
    )
    assert order.expires_at == sim_clock.wall() + timedelta(seconds=30)
    sim_clock.advance(29.9)
    assert (await client.query_payment(trade_no, Provider.WECHAT)).state is PaymentState.PAYING
    sim_clock.advance(0.1)
    expired = await client.query_payment(trade_no, Provider.WECHAT)
    assert expired.state is PaymentState.CLOSED and expired.provider_code == "CLOSED"
    assert (await remote.phone_scan(order.code_url, "ok"))["state"] == "closed"
    assert (await client.reverse_payment(trade_no, Provider.WECHAT)).state is PaymentState.CLOSED
    assert await ledger(trade_no) == []


async def test_phone_scan_of_an_unknown_qr_is_404(sim: httpx.AsyncClient) -> None:
    answer = await sim.post(
        "/_sim/phone/scan",
        json={"code_url": "weixin://wxpay/bizpayurl?pr=nothing00", "behaviour": "ok"},
    )
    assert answer.status_code == 404 and answer.json()["code"] == "ORDER_NOT_FOUND"
