"""Prepaid meter-card purchases at the back office, through the real client over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from kiosk.backoffice import (
    AccountNotFound,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import (
    CardPosting,
    MicropayRequest,
    PaymentState,
    PrepaidCardReport,
    PrepaidOrderRequest,
    Provider,
    PurchaseStatus,
    QrOrderRequest,
    WriteBackReport,
    WrittenReport,
)
from simulators.backoffice.server import BackOfficeServer
from simulators.card_keys import MASTER
from simulators.remote import SimulatorRemote

NewCode = Callable[..., Awaitable[str]]
Ledger = Callable[..., Awaitable[list[dict[str, Any]]]]
TERMINAL = "SZ-FT-0001-SP01"
METER, ACCOUNT, SERIAL = "440300000003", "1160826598", "5A10000000000003"
SEEDED_BALANCE = 44075  # that account's balance in the seed


def bcd(digits: str) -> bytes:
    return bytes.fromhex(digits)


def write_back(remaining: int, meter_count: int, at: datetime | None) -> WriteBackReport:
    """The 49-byte record as a meter writes it (PROTOCOLS.md layout), and its decoding."""
    stamp = bcd(at.strftime("%Y%m%d%H%M%S")) if at else bytes(7)
    raw = (
        remaining.to_bytes(4, "big", signed=True)
        + meter_count.to_bytes(4, "big")
        + bcd(METER)
        + bcd(ACCOUNT)
        + stamp
        + bytes(23)
    )
    assert len(raw) == 0x31
    return WriteBackReport(
        raw_hex=raw.hex().upper(),
        remaining_fen=remaining,
        meter_count=meter_count,
        meter_no=METER,
        account_no=ACCOUNT,
        written_at=at,
    )


def report(
    wallet_count: int = 0,
    wallet_amount: int = 0,
    record: WriteBackReport | None = None,
    **extra: Any,
) -> PrepaidCardReport:
    fields: dict[str, Any] = {
        "terminal_id": TERMINAL,
        "card_serial": SERIAL,
        "utility_code": "4403",
        "meter_type": 1,
        "card_kind": 2,
        "meter_no": METER,
        "wallet_count": wallet_count,
        "wallet_amount_fen": wallet_amount,
        "write_back": record,
    }
    fields.update(extra)
    return PrepaidCardReport(**fields)


def order(trade_no: str, amount_fen: int = 5000, **extra: Any) -> PrepaidOrderRequest:
    fields: dict[str, Any] = {
        "out_trade_no": trade_no,
        "terminal_id": TERMINAL,
        "card_serial": SERIAL,
        "meter_no": METER,
        "account_no": ACCOUNT,
        "amount_fen": amount_fen,
    }
    fields.update(extra)
    return PrepaidOrderRequest(**fields)


def card_posting(trade_no: str, amount_fen: int) -> CardPosting:
    return CardPosting(
        out_trade_no=trade_no,
        terminal_id=TERMINAL,
        account_no=ACCOUNT,
        amount_fen=amount_fen,
        purpose="prepaid",
        masked_pan="622848*****0019",
        auth_code="778899",
        rrn="ABC123456789",
        trace_no="004512",
        approved_at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )


def expected_mac(serial: str, amount_fen: int, count: int) -> str:
    """The shared notes' MAC, computed here without the simulator's helper."""
    serial_bytes = bytes.fromhex(serial)
    key = hmac.new(MASTER, serial_bytes, hashlib.sha256).digest()
    message = serial_bytes + amount_fen.to_bytes(4, "big") + count.to_bytes(4, "big")
    return hmac.new(key, message, hashlib.sha256).digest()[:4].hex().upper()


@pytest.fixture
async def remote(server: BackOfficeServer) -> AsyncIterator[SimulatorRemote]:
    handle = SimulatorRemote("http://127.0.0.1:9", server.url)
    yield handle
    await handle.aclose()


async def paid_by_card(client: BackOfficeClient, trade_no: str, amount_fen: int = 5000) -> None:
    await client.create_prepaid_order(order(trade_no, amount_fen))
    result = await client.post_card_payment(card_posting(trade_no, amount_fen))
    assert result.state is PaymentState.SUCCESS


async def test_a_fresh_card_shows_its_account_and_limits(client: BackOfficeClient) -> None:
    info = await client.read_prepaid_card(report(record=write_back(SEEDED_BALANCE, 0, None)))
    assert info.account.account_no == ACCOUNT and info.meter_no == METER
    assert info.purchase_count == 0 and info.remaining_fen == SEEDED_BALANCE
    assert info.last_purchases == [] and info.pending == []
    assert (info.min_purchase_fen, info.max_purchase_fen) == (1000, 200000)


async def test_unknown_cards_and_meters_are_not_found(client: BackOfficeClient) -> None:
    with pytest.raises(AccountNotFound, match="CARD_UNKNOWN"):
        await client.read_prepaid_card(report(meter_no="320500000001", utility_code="3205"))
    with pytest.raises(AccountNotFound, match="CARD_UNKNOWN"):
        await client.read_prepaid_card(report(card_serial="5A10000000000004"))


async def test_a_card_with_more_purchases_than_issued_is_a_mismatch(
    client: BackOfficeClient,
) -> None:
    with pytest.raises(RequestRejected) as refused:
        await client.read_prepaid_card(report(wallet_count=1, wallet_amount=5000))
    assert refused.value.code == "CARD_MISMATCH"


async def test_the_write_back_record_is_filed(
    client: BackOfficeClient, remote: SimulatorRemote
) -> None:
    at = datetime(2026, 11, 20, 18, 30, 5)
    record = write_back(-120, 0, at)
    info = await client.read_prepaid_card(report(record=record))
    assert info.remaining_fen == -120
    meter = next(m for m in await remote.prepaid_meters() if m["meter_no"] == METER)
    assert meter["remaining_fen"] == -120 and meter["meter_count"] == 0
    assert meter["last_writeback_hex"] == record.raw_hex
    assert datetime.fromisoformat(meter["last_writeback_at"]) == at
    assert {m["meter_no"] for m in await remote.prepaid_meters()} == {
        "440300000001",
        "440300000002",
        "440300000003",
        "440300000004",
        "440300100001",
    }


async def test_purchase_from_order_to_written(
    client: BackOfficeClient, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    trade_no = next(order_numbers)
    request = order(trade_no, 5000)
    opened = await client.create_prepaid_order(request)
    assert opened.status is PurchaseStatus.AWAITING_PAYMENT and opened.count is None
    assert await client.create_prepaid_order(request) == opened
    with pytest.raises(RequestRejected) as early:
        await client.issue_prepaid_purchase(trade_no)
    assert early.value.code == "NOT_PAID"
    posted = await client.post_card_payment(card_posting(trade_no, 5000))
    # The money buys the purchase; the meter holds the credit, not the account balance.
    assert posted.state is PaymentState.SUCCESS and posted.balance_after_fen == SEEDED_BALANCE
    assert (await client.get_account(ACCOUNT)).balance_fen == SEEDED_BALANCE
    assert [(r["kind"], r["method"]) for r in await ledger(trade_no)] == [("charge", "card")]
    info = await client.read_prepaid_card(report())
    assert [(p.out_trade_no, p.status) for p in info.pending] == [(trade_no, PurchaseStatus.PAID)]
    record = await client.issue_prepaid_purchase(trade_no)
    assert (record.card_serial, record.meter_no, record.amount_fen, record.count) == (
        SERIAL,
        METER,
        5000,
        1,
    )
    assert record.mac == expected_mac(SERIAL, 5000, 1)
    assert await client.issue_prepaid_purchase(trade_no) == record
    info = await client.read_prepaid_card(report())
    assert info.purchase_count == 1
    assert [(p.status, p.count) for p in info.pending] == [(PurchaseStatus.ISSUED, 1)]
    written = await client.confirm_prepaid_written(
        trade_no, WrittenReport(terminal_id=TERMINAL, card_serial=SERIAL, count=1)
    )
    assert written.status is PurchaseStatus.WRITTEN and written.written_at is not None
    again = await client.confirm_prepaid_written(
        trade_no, WrittenReport(terminal_id=TERMINAL, card_serial=SERIAL, count=1)
    )
    assert again == written
    info = await client.read_prepaid_card(report(wallet_count=1, wallet_amount=5000))
    assert info.pending == [] and [p.out_trade_no for p in info.last_purchases] == [trade_no]


async def test_counts_follow_each_other_and_last_purchases_are_latest_first(
    client: BackOfficeClient, order_numbers: Iterator[str]
) -> None:
    numbers = [next(order_numbers) for _ in range(6)]
    for count, trade_no in enumerate(numbers, start=1):
        await paid_by_card(client, trade_no, 1000 * count)
        record = await client.issue_prepaid_purchase(trade_no)
        assert record.count == count and record.mac == expected_mac(SERIAL, 1000 * count, count)
        await client.confirm_prepaid_written(
            trade_no, WrittenReport(terminal_id=TERMINAL, card_serial=SERIAL, count=count)
        )
    info = await client.read_prepaid_card(report(wallet_count=6, wallet_amount=6000))
    assert [p.out_trade_no for p in info.last_purchases] == numbers[::-1][:5]


async def test_a_paid_unwritten_purchase_blocks_a_new_one(
    client: BackOfficeClient, order_numbers: Iterator[str]
) -> None:
    first = next(order_numbers)
    await paid_by_card(client, first)
    with pytest.raises(RequestRejected) as blocked:
        await client.create_prepaid_order(order(next(order_numbers)))
    assert blocked.value.code == "PENDING_PURCHASE"
    await client.issue_prepaid_purchase(first)
    with pytest.raises(RequestRejected) as still:
        await client.create_prepaid_order(order(next(order_numbers)))
    assert still.value.code == "PENDING_PURCHASE"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"count": 2}, "COUNT_MISMATCH"),
        ({"card_serial": "5A10000000000004"}, "CARD_MISMATCH"),
    ],
)
async def test_written_must_name_the_issued_card_and_count(
    client: BackOfficeClient, order_numbers: Iterator[str], changes: dict[str, Any], code: str
) -> None:
    trade_no = next(order_numbers)
    await paid_by_card(client, trade_no)
    await client.issue_prepaid_purchase(trade_no)
    fields = {"terminal_id": TERMINAL, "card_serial": SERIAL, "count": 1, **changes}
    with pytest.raises(RequestRejected) as refused:
        await client.confirm_prepaid_written(trade_no, WrittenReport(**fields))
    assert refused.value.code == code


async def test_orders_are_checked(client: BackOfficeClient, order_numbers: Iterator[str]) -> None:
    trade_no = next(order_numbers)
    await client.create_prepaid_order(order(trade_no, 5000))
    with pytest.raises(IdempotencyConflict):
        await client.create_prepaid_order(order(trade_no, 6000))
    for amount in (999, 200001):
        with pytest.raises(RequestRejected, match="AMOUNT_OUT_OF_RANGE"):
            await client.create_prepaid_order(order(next(order_numbers), amount))
    with pytest.raises(RequestRejected, match="CARD_MISMATCH"):
        await client.create_prepaid_order(order(next(order_numbers), account_no="1163465493"))
    with pytest.raises(AccountNotFound, match="PURCHASE_NOT_FOUND"):
        await client.issue_prepaid_purchase(next(order_numbers))


async def test_a_prepaid_payment_must_match_its_purchase(
    client: BackOfficeClient, new_code: NewCode, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    trade_no = next(order_numbers)
    await client.create_prepaid_order(order(trade_no, 5000))
    with pytest.raises(RequestRejected, match="AMOUNT_MISMATCH"):
        await client.post_card_payment(card_posting(trade_no, 5001))
    with pytest.raises(RequestRejected, match="NO_PREPAID_ORDER"):
        await client.post_card_payment(card_posting(next(order_numbers), 5000))
    assert await ledger() == []
    result = await client.micropay(
        MicropayRequest(
            out_trade_no=trade_no,
            terminal_id=TERMINAL,
            account_no=ACCOUNT,
            amount_fen=5000,
            provider=Provider.WECHAT,
            auth_code=await new_code("wechat"),
            purpose="prepaid",
        )
    )
    assert result.state is PaymentState.SUCCESS and result.balance_after_fen == SEEDED_BALANCE
    assert (await client.issue_prepaid_purchase(trade_no)).count == 1


async def test_a_declined_payment_cancels_the_purchase(
    client: BackOfficeClient,
    new_code: NewCode,
    remote: SimulatorRemote,
    order_numbers: Iterator[str],
) -> None:
    trade_no = next(order_numbers)
    await client.create_prepaid_order(order(trade_no, 5000))
    result = await client.micropay(
        MicropayRequest(
            out_trade_no=trade_no,
            terminal_id=TERMINAL,
            account_no=ACCOUNT,
            amount_fen=5000,
            provider=Provider.ALIPAY,
            auth_code=await new_code("alipay", "insufficient_funds"),
            purpose="prepaid",
        )
    )
    assert result.state is PaymentState.FAILED
    [purchase] = await remote.prepaid_purchases(METER)
    assert purchase["status"] == "cancelled"
    with pytest.raises(RequestRejected, match="NOT_PAID"):
        await client.issue_prepaid_purchase(trade_no)
    # Nothing is left pending: a new purchase may be opened.
    await client.create_prepaid_order(order(next(order_numbers), 5000))


async def test_a_qr_paid_purchase_and_reversal_before_issue(
    client: BackOfficeClient, remote: SimulatorRemote, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    trade_no = next(order_numbers)
    await client.create_prepaid_order(order(trade_no, 8000))
    qr = await client.create_qr_order(
        QrOrderRequest(
            out_trade_no=trade_no,
            terminal_id=TERMINAL,
            account_no=ACCOUNT,
            amount_fen=8000,
            provider=Provider.WECHAT,
            purpose="prepaid",
        )
    )
    assert (await remote.phone_scan(qr.code_url, "ok"))["state"] == "success"
    assert [p["status"] for p in await remote.prepaid_purchases(METER)] == ["paid"]
    refunded = await client.reverse_payment(trade_no, Provider.WECHAT)
    assert refunded.state is PaymentState.REVERSED
    assert [p["status"] for p in await remote.prepaid_purchases(METER)] == ["cancelled"]
    assert [(r["kind"], r["method"]) for r in await ledger(trade_no)] == [
        ("charge", "qr"),
        ("refund", "qr"),
    ]
    assert (await client.get_account(ACCOUNT)).balance_fen == SEEDED_BALANCE


async def test_an_issued_purchase_is_never_refunded(
    client: BackOfficeClient, ledger: Ledger, order_numbers: Iterator[str]
) -> None:
    trade_no = next(order_numbers)
    await paid_by_card(client, trade_no)
    await client.issue_prepaid_purchase(trade_no)
    with pytest.raises(RequestRejected, match="PURCHASE_ISSUED"):
        await client.reverse_payment(trade_no, Provider.UNIONPAY)
    assert [r["kind"] for r in await ledger(trade_no)] == ["charge"]
    assert (await client.query_payment(trade_no, Provider.UNIONPAY)).state is PaymentState.SUCCESS


async def test_reset_meter_forgets_its_purchases(
    client: BackOfficeClient, remote: SimulatorRemote, order_numbers: Iterator[str]
) -> None:
    trade_no = next(order_numbers)
    await paid_by_card(client, trade_no)
    await client.issue_prepaid_purchase(trade_no)
    await client.read_prepaid_card(report(record=write_back(10, 0, datetime(2026, 11, 1, 8))))
    meter = await remote.reset_meter(METER)
    assert meter["purchase_count"] == 0 and meter["remaining_fen"] == SEEDED_BALANCE
    assert meter["last_writeback_hex"] is None
    assert await remote.prepaid_purchases(METER) == []
    info = await client.read_prepaid_card(report())
    assert info.purchase_count == 0 and info.pending == []


async def test_prepaid_routes_share_the_outage_switch(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    await sim.post("/_sim/outage", json={"on": True})
    answer = await sim.post("/api/v1/prepaid/card", json=report().model_dump(mode="json"))
    assert answer.status_code == 503 and answer.json()["code"] == "SERVICE_UNAVAILABLE"
    with pytest.raises(BackOfficeUnavailable):
        await client.read_prepaid_card(report())
    assert client.breaker("prepaid").consecutive_failures == 1
    assert client.breaker("payments").consecutive_failures == 0
