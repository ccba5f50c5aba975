"""Every /_sim control, observed through the client and the ledger ("exactly once")."""

from __future__ import annotations

import asyncio
import itertools
import re
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

from kiosk.backoffice import BackOfficeUnavailable
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import MicropayRequest, PaymentState, Provider
from simulators.backoffice.server import BackOfficeServer

Pick = Callable[..., Awaitable[dict[str, Any]]]
Ledger = Callable[..., Awaitable[list[dict[str, Any]]]]
Script = Callable[..., Awaitable[None]]
Factory = Callable[..., BackOfficeClient]

_codes = itertools.count(1)


def fresh_code(provider: Provider) -> str:
    """A well-formed code never used before in this run (a code pays once)."""
    n = next(_codes)
    return f"13{n:016d}" if provider is Provider.WECHAT else f"28{n:018d}"


@pytest.fixture
async def account_no(pick_account: Pick) -> str:
    return str((await pick_account(kind="residential", in_arrears=True))["account_no"])


def pay(trade_no: str, account_no: str, provider: Provider = Provider.WECHAT) -> MicropayRequest:
    return MicropayRequest(
        out_trade_no=trade_no,
        terminal_id="SZ-FT-0001-SP01",
        account_no=account_no,
        amount_fen=2500,
        provider=provider,
        auth_code=fresh_code(provider),
        purpose="bill",
    )


async def wait_until_consumed(sim: httpx.AsyncClient) -> None:
    """Wait until the simulator has taken every scripted directive (its request is in)."""
    async with asyncio.timeout(5):
        while (await sim.get("/_sim/controls")).json()["next_payments"]:
            pass


@pytest.mark.parametrize(
    ("behaviour", "first", "codes", "final", "charges"),
    [
        ("decline", PaymentState.FAILED, ("TRADE_ERROR", "40004"), PaymentState.FAILED, 0),
        (
            "paying_then_success",
            PaymentState.PAYING,
            ("USERPAYING", "10003"),
            PaymentState.SUCCESS,
            1,
        ),
        ("paying_then_fail", PaymentState.PAYING, ("USERPAYING", "10003"), PaymentState.FAILED, 0),
        ("paying_forever", PaymentState.PAYING, ("USERPAYING", "10003"), PaymentState.PAYING, 0),
        ("system_error", PaymentState.UNKNOWN, ("SYSTEMERROR", "20000"), PaymentState.SUCCESS, 1),
        (
            "system_error_then_fail",
            PaymentState.UNKNOWN,
            ("SYSTEMERROR", "20000"),
            PaymentState.FAILED,
            0,
        ),
    ],
)
@pytest.mark.parametrize("provider", [Provider.WECHAT, Provider.ALIPAY])
async def test_scripted_outcomes(
    client: BackOfficeClient,
    script: Script,
    ledger: Ledger,
    account_no: str,
    order_numbers: Iterator[str],
    behaviour: str,
    first: PaymentState,
    codes: tuple[str, str],
    final: PaymentState,
    charges: int,
    provider: Provider,
) -> None:
    await script(behaviour)
    trade_no = next(order_numbers)
    result = await client.micropay(pay(trade_no, account_no, provider))
    assert result.state is first
    assert result.provider_code == codes[0 if provider is Provider.WECHAT else 1]
    assert not result.posted and await ledger() == []
    for _ in range(2):  # the outcome settles on the first query and stays
        queried = await client.query_payment(trade_no, provider)
        assert queried.state is final
        assert queried.posted is (final is PaymentState.SUCCESS)
    assert len(await ledger(trade_no)) == charges
    # The control applied to one payment only.
    assert (await client.micropay(pay(next(order_numbers), account_no, provider))).state is (
        PaymentState.SUCCESS
    )


async def test_paying_forever_ends_only_by_reversal(
    client: BackOfficeClient,
    script: Script,
    ledger: Ledger,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    await script("paying_forever")
    trade_no = next(order_numbers)
    await client.micropay(pay(trade_no, account_no))
    for _ in range(5):
        assert (await client.query_payment(trade_no, Provider.WECHAT)).state is PaymentState.PAYING
    closed = await client.reverse_payment(trade_no, Provider.WECHAT)
    assert closed.state is PaymentState.CLOSED
    assert (await client.query_payment(trade_no, Provider.WECHAT)).state is PaymentState.CLOSED
    assert await ledger() == []


async def test_drop_response_commits_then_query_shows_success(
    make_client: Factory,
    script: Script,
    ledger: Ledger,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    client = make_client(read_retries=0)
    await script("drop_response")
    trade_no = next(order_numbers)
    request = pay(trade_no, account_no)
    with pytest.raises(BackOfficeUnavailable):
        await client.micropay(request)
    queried = await client.query_payment(trade_no, Provider.WECHAT)
    assert queried.state is PaymentState.SUCCESS and queried.posted
    rows = await ledger(trade_no)
    assert [(r["kind"], r["amount_fen"]) for r in rows] == [("charge", 2500)]
    # Resending the same request is answered from the record: still one charge.
    assert await client.micropay(request) == queried
    assert len(await ledger()) == 1


async def test_drop_response_is_healed_by_the_clients_retry(
    client: BackOfficeClient,
    script: Script,
    ledger: Ledger,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    await script("drop_response")
    trade_no = next(order_numbers)
    result = await client.micropay(pay(trade_no, account_no))
    assert result.state is PaymentState.SUCCESS
    assert len(await ledger(trade_no)) == 1


async def test_http_500_commits_nothing(
    make_client: Factory,
    sim: httpx.AsyncClient,
    script: Script,
    ledger: Ledger,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    client = make_client(read_retries=0)
    await script("http_500")
    trade_no = next(order_numbers)
    request = pay(trade_no, account_no)
    with pytest.raises(BackOfficeUnavailable):
        await client.micropay(request)
    assert (await client.query_payment(trade_no, Provider.WECHAT)).state is PaymentState.NOT_FOUND
    assert await ledger() == []
    # The raw answer is a 500 with an ApiError body.
    await script("http_500")
    raw = await sim.post(
        "/api/v1/payments/micropay",
        json=pay("SZFT0001-RAW500", account_no).model_dump(mode="json"),
        headers={"Idempotency-Key": "SZFT0001-RAW500"},
    )
    assert raw.status_code == 500 and raw.json()["code"] == "INTERNAL"
    # A retry with the same key then goes through, once.
    assert (await client.micropay(request)).state is PaymentState.SUCCESS
    assert len(await ledger()) == 1


async def test_count_and_queue_order(
    client: BackOfficeClient,
    script: Script,
    sim: httpx.AsyncClient,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    await script("decline", count=2)
    await script("system_error")
    view = (await sim.get("/_sim/controls")).json()
    assert [(n["behaviour"], n["count"]) for n in view["next_payments"]] == [
        ("decline", 2),
        ("system_error", 1),
    ]
    states = [(await client.micropay(pay(next(order_numbers), account_no))).state for _ in range(4)]
    assert states == [
        PaymentState.FAILED,
        PaymentState.FAILED,
        PaymentState.UNKNOWN,
        PaymentState.SUCCESS,
    ]


async def test_delay_control_delays_the_answer(
    client: BackOfficeClient, script: Script, account_no: str, order_numbers: Iterator[str]
) -> None:
    await script("delay", delay_ms=300)
    started = time.monotonic()
    result = await client.micropay(pay(next(order_numbers), account_no))
    assert result.state is PaymentState.SUCCESS
    assert time.monotonic() - started >= 0.3


async def test_timed_out_payment_retried_with_the_same_key_charges_once(
    make_client: Factory,
    server: BackOfficeServer,
    script: Script,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    client = make_client(read_timeout_s=0.15, read_retries=2)
    await script("delay", delay_ms=600)
    trade_no = next(order_numbers)
    # The first attempt times out while the server still holds it; the retry is answered.
    result = await client.micropay(pay(trade_no, account_no))
    assert result.state is PaymentState.SUCCESS
    # Stopping lets the held request finish; then count in the books themselves.
    await server.stop()
    with sqlite3.connect(server.db_path) as conn:
        charges = conn.execute(
            "SELECT COUNT(*) FROM ledger WHERE out_trade_no = ?", (trade_no,)
        ).fetchone()[0]
    assert charges == 1


async def test_reversal_while_the_payment_is_held_wins(
    client: BackOfficeClient,
    sim: httpx.AsyncClient,
    script: Script,
    ledger: Ledger,
    account_no: str,
) -> None:
    await script("delay", delay_ms=300)
    request = pay("SZFT0001-HELD", account_no)
    held = asyncio.create_task(
        sim.post(
            "/api/v1/payments/micropay",
            json=request.model_dump(mode="json"),
            headers={"Idempotency-Key": request.out_trade_no},
        )
    )
    await wait_until_consumed(sim)
    closed = await client.reverse_payment(request.out_trade_no, Provider.WECHAT)
    assert closed.state is PaymentState.CLOSED
    late = await held
    assert late.status_code == 200 and late.json()["state"] == "closed"
    assert await ledger() == []


async def test_global_delay_with_a_short_read_timeout_is_unavailable(
    make_client: Factory, sim: httpx.AsyncClient, account_no: str
) -> None:
    client = make_client(read_timeout_s=0.1, read_retries=1)
    assert (await sim.post("/_sim/delay", json={"ms": 400})).json()["delay_ms"] == 400
    with pytest.raises(BackOfficeUnavailable):
        await client.get_account(account_no)
    assert client.breaker("accounts").consecutive_failures == 1
    await sim.post("/_sim/delay", json={"ms": 0})
    assert (await client.get_account(account_no)).account_no == account_no


async def test_outage_answers_503_everywhere_under_api(
    client: BackOfficeClient,
    sim: httpx.AsyncClient,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    assert (await sim.post("/_sim/outage", json={"on": True})).json()["outage"] is True
    for path in ("/api/v1/health", f"/api/v1/accounts/{account_no}", "/api/v1/notices"):
        response = await sim.get(path)
        assert response.status_code == 503
        assert response.json()["code"] == "SERVICE_UNAVAILABLE"
    assert await client.check_health() is False
    with pytest.raises(BackOfficeUnavailable):
        await client.get_account(account_no)
    with pytest.raises(BackOfficeUnavailable):
        await client.micropay(pay(next(order_numbers), account_no))
    assert (await sim.get("/_sim/ledger")).status_code == 200  # controls stay reachable
    await sim.post("/_sim/outage", json={"on": False})
    assert await client.check_health() is True
    assert (await client.get_account(account_no)).account_no == account_no


async def test_reset_puts_every_control_back(
    client: BackOfficeClient,
    sim: httpx.AsyncClient,
    script: Script,
    account_no: str,
    order_numbers: Iterator[str],
) -> None:
    await script("decline", count=5)
    await sim.post("/_sim/outage", json={"on": True})
    await sim.post("/_sim/delay", json={"ms": 50})
    await sim.post("/_sim/qr-validity", json={"valid_s": 5})
    view = (await sim.post("/_sim/reset")).json()
    assert view == {"outage": False, "delay_ms": 0, "next_payments": [], "qr_valid_s": 120.0}
    assert (await client.micropay(pay(next(order_numbers), account_no))).state is (
        PaymentState.SUCCESS
    )


async def test_invalid_controls_are_refused(sim: httpx.AsyncClient) -> None:
    for path, body in (
        ("/_sim/next-payment", {"behaviour": "explode"}),
        ("/_sim/next-payment", {"behaviour": "decline", "count": 0}),
        ("/_sim/delay", {"ms": -1}),
        ("/_sim/outage", {}),
        ("/_sim/payment-codes", {"provider": "paypal"}),
    ):
        response = await sim.post(path, json=body)
        assert response.status_code == 422, (path, body)
        assert response.json()["code"] == "INVALID_REQUEST"


async def test_ledger_filter(
    client: BackOfficeClient, ledger: Ledger, account_no: str, order_numbers: Iterator[str]
) -> None:
    first, second = next(order_numbers), next(order_numbers)
    await client.micropay(pay(first, account_no, Provider.ALIPAY))
    await client.micropay(
        pay(second, account_no, Provider.ALIPAY).model_copy(
            update={"auth_code": "25111122223333444455"}
        )
    )
    assert [r["out_trade_no"] for r in await ledger()] == [first, second]
    only = await ledger(second)
    assert len(only) == 1 and only[0]["out_trade_no"] == second
    assert only[0]["provider"] == "alipay" and only[0]["account_no"] == account_no


@pytest.mark.parametrize(
    ("provider", "pattern"), [("wechat", r"1[0-5]\d{16}"), ("alipay", r"(2[5-9]|30)\d{14,22}")]
)
async def test_wallet_issues_realistic_fresh_codes(
    sim: httpx.AsyncClient, provider: str, pattern: str
) -> None:
    issued = set()
    for _ in range(20):
        body = (await sim.post("/_sim/payment-codes", json={"provider": provider})).json()
        assert re.fullmatch(pattern, body["code"]) and body["valid_s"] == 60
        issued.add(body["code"])
    assert len(issued) == 20
