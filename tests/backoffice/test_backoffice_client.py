"""BackOfficeClient policy on a scripted transport: retries, error mapping, breakers, logging."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from backoffice_testkit import FakeClock

from kiosk.backoffice import (
    AccountNotFound,
    BackOfficeUnavailable,
    IdempotencyConflict,
    RequestRejected,
)
from kiosk.backoffice.breaker import BreakerState
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import MicropayRequest, PaymentState, Provider
from kiosk.config import BackOfficeSettings

ACCOUNT = "1002283321"
CODE = "134612345678901234"
NAME = "曹燕晓"
ADDRESS = "广东省深圳市福田区福华路1号"

ACCOUNT_JSON: dict[str, Any] = {
    "account_no": ACCOUNT,
    "name": NAME,
    "address": ADDRESS,
    "kind": "residential",
    "region": "guangdong",
    "tariff_name": "广东居民生活用电阶梯电价（深圳）",
    "arrears_fen": 12345,
    "balance_fen": 0,
    "bills": [],
    "topup_allowed": True,
}


def payment_json(trade_no: str, state: str = "success") -> dict[str, Any]:
    return {
        "out_trade_no": trade_no,
        "provider": "wechat",
        "state": state,
        "provider_code": "SUCCESS",
        "amount_fen": 100,
        "posted": state == "success",
    }


Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """A transport answering from a handler and remembering every request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def make(handler: Handler, clock: FakeClock, **overrides: Any) -> tuple[BackOfficeClient, Script]:
    fields: dict[str, Any] = {
        "base_url": "http://backoffice.test",
        "read_retries": 2,
        "breaker_failures": 3,
        "breaker_reset_s": 20.0,
    }
    fields.update(overrides)
    script = Script(handler)
    client = BackOfficeClient(
        BackOfficeSettings(**fields), clock=clock, transport=httpx.MockTransport(script)
    )
    return client, script


def micropay_request(trade_no: str = "SZFT0001-00000001") -> MicropayRequest:
    return MicropayRequest(
        out_trade_no=trade_no,
        terminal_id="T1",
        account_no=ACCOUNT,
        amount_fen=100,
        provider=Provider.WECHAT,
        auth_code=CODE,
        purpose="bill",
    )


def status(code: int, body: dict[str, Any] | None = None) -> Handler:
    return lambda _: httpx.Response(code, json=body if body is not None else {})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_timeouts_are_explicit(clock: FakeClock) -> None:
    client, _ = make(status(200), clock, connect_timeout_s=1.5, read_timeout_s=7.0)
    timeout = client._http.timeout
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (1.5, 7.0, 7.0, 1.5)


async def test_reads_are_retried_with_backoff_on_the_clock(clock: FakeClock) -> None:
    client, script = make(status(503, {"code": "SERVICE_UNAVAILABLE", "message": "x"}), clock)
    with pytest.raises(BackOfficeUnavailable):
        await client.get_account(ACCOUNT)
    assert len(script.requests) == 3
    assert clock.sleeps == [0.25, 0.5]


async def test_idempotent_writes_are_retried_with_the_same_key_and_body(clock: FakeClock) -> None:
    client, script = make(status(502), clock)
    request = micropay_request()
    with pytest.raises(BackOfficeUnavailable):
        await client.micropay(request)
    with pytest.raises(BackOfficeUnavailable):
        await client.reverse_payment(request.out_trade_no, Provider.WECHAT)
    micropays = [r for r in script.requests if r.url.path.endswith("micropay")]
    reversals = [r for r in script.requests if r.url.path.endswith("/reverse")]
    assert len(micropays) == 3 and len(reversals) == 3
    assert {r.headers["Idempotency-Key"] for r in micropays + reversals} == {request.out_trade_no}
    assert len({r.content for r in micropays}) == 1
    assert json.loads(micropays[0].content) == request.model_dump(mode="json")
    assert reversals[0].url.params["provider"] == "wechat"


async def test_network_errors_are_retried_then_succeed(clock: FakeClock) -> None:
    failures = [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")]

    def flaky(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop(0)
        return httpx.Response(200, json=ACCOUNT_JSON)

    client, script = make(flaky, clock)
    account = await client.get_account(ACCOUNT)
    assert account.name == NAME and len(script.requests) == 3
    assert client.breaker("accounts").consecutive_failures == 0


@pytest.mark.parametrize(
    ("code", "body", "error"),
    [
        (404, {"code": "ACCOUNT_NOT_FOUND", "message": "no"}, AccountNotFound),
        (409, {"code": "IDEMPOTENCY_CONFLICT", "message": "no"}, IdempotencyConflict),
        (409, {"code": "SOMETHING_ELSE", "message": "no"}, RequestRejected),
        (422, {"code": "INVALID_ACCOUNT_NO", "message": "no"}, RequestRejected),
        (400, {"unexpected": True}, RequestRejected),
    ],
)
async def test_4xx_map_to_typed_errors_and_are_never_retried(
    clock: FakeClock, code: int, body: dict[str, Any], error: type[Exception]
) -> None:
    client, script = make(status(code, body), clock)
    with pytest.raises(error) as caught:
        await client.micropay(micropay_request())
    assert len(script.requests) == 1
    if isinstance(caught.value, RequestRejected):
        assert caught.value.code == body.get("code", f"HTTP_{code}")
    # The service answered: that is not a failure for the breaker.
    assert client.breaker("payments").consecutive_failures == 0


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, content=b"<html>proxy error</html>"),
        httpx.Response(200, json={"account_no": ACCOUNT}),
        httpx.Response(200, json={**ACCOUNT_JSON, "arrears_fen": -1}),
        httpx.Response(302, headers={"Location": "http://elsewhere/"}),
    ],
)
async def test_malformed_answers_are_unavailable_not_crashes(
    clock: FakeClock, answer: httpx.Response
) -> None:
    client, _ = make(lambda _: answer, clock)
    with pytest.raises(BackOfficeUnavailable):
        await client.get_account(ACCOUNT)
    assert client.breaker("accounts").consecutive_failures == 1


async def test_an_answer_about_another_order_is_refused(clock: FakeClock) -> None:
    client, _ = make(lambda _: httpx.Response(200, json=payment_json("SZFT0001-OTHER")), clock)
    with pytest.raises(BackOfficeUnavailable):
        await client.query_payment("SZFT0001-00000001", Provider.WECHAT)


async def test_breaker_opens_then_half_opens_with_one_unretried_trial(clock: FakeClock) -> None:
    healthy = False

    def handler(request: httpx.Request) -> httpx.Response:
        if healthy:
            return httpx.Response(200, json=payment_json("SZFT0001-00000001", "paying"))
        return httpx.Response(503)

    client, script = make(handler, clock)
    for _ in range(3):
        with pytest.raises(BackOfficeUnavailable):
            await client.query_payment("SZFT0001-00000001", Provider.WECHAT)
    assert len(script.requests) == 9
    assert not client.is_available("payments")
    assert client.is_available("accounts") and client.is_available("notices")
    with pytest.raises(BackOfficeUnavailable, match="circuit open"):
        await client.query_payment("SZFT0001-00000001", Provider.WECHAT)
    assert len(script.requests) == 9  # open: no I/O at all

    clock.advance(20)
    assert client.breaker("payments").state is BreakerState.HALF_OPEN
    with pytest.raises(BackOfficeUnavailable):
        await client.query_payment("SZFT0001-00000001", Provider.WECHAT)
    assert len(script.requests) == 10  # the trial is one request, no retries
    assert client.breaker("payments").state is BreakerState.OPEN

    clock.advance(20)
    healthy = True
    result = await client.query_payment("SZFT0001-00000001", Provider.WECHAT)
    assert result.state is PaymentState.PAYING
    assert client.breaker("payments").state is BreakerState.CLOSED


async def test_only_one_trial_at_a_time_in_half_open(clock: FakeClock) -> None:
    release = asyncio.Event()
    entered = asyncio.Event()
    calls = 0

    async def slow_handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls <= 3:
            return httpx.Response(500)
        entered.set()
        await release.wait()
        return httpx.Response(200, json=ACCOUNT_JSON)

    client = BackOfficeClient(
        BackOfficeSettings.model_validate(
            {"base_url": "http://backoffice.test", "read_retries": 0, "breaker_failures": 3}
        ),
        clock=clock,
        transport=httpx.MockTransport(slow_handler),
    )
    for _ in range(3):
        with pytest.raises(BackOfficeUnavailable):
            await client.get_account(ACCOUNT)
    clock.advance(20)
    trial = asyncio.create_task(client.get_account(ACCOUNT))
    async with asyncio.timeout(5):
        await entered.wait()
    with pytest.raises(BackOfficeUnavailable, match="circuit open"):
        await client.lookup_bill_code("100228332120261033")
    release.set()
    assert (await trial).account_no == ACCOUNT
    assert client.breaker("accounts").state is BreakerState.CLOSED


async def test_cancelled_trial_frees_the_breaker(clock: FakeClock) -> None:
    hang = asyncio.Event()
    entered = asyncio.Event()
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls <= 3:
            return httpx.Response(500)
        entered.set()
        await hang.wait()
        return httpx.Response(200, json=ACCOUNT_JSON)

    client = BackOfficeClient(
        BackOfficeSettings.model_validate(
            {"base_url": "http://backoffice.test", "read_retries": 0}
        ),
        clock=clock,
        transport=httpx.MockTransport(handler),
    )
    for _ in range(3):
        with pytest.raises(BackOfficeUnavailable):
            await client.get_account(ACCOUNT)
    clock.advance(20)
    trial = asyncio.create_task(client.get_account(ACCOUNT))
    async with asyncio.timeout(5):
        await entered.wait()
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    assert client.breaker("accounts").state is BreakerState.HALF_OPEN
    assert client.breaker("accounts").try_acquire()


async def test_health_check_updates_every_breaker(clock: FakeClock) -> None:
    up = False

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/health" and up:
            return httpx.Response(200, json={"status": "ok", "time": "2026-11-23T02:00:00Z"})
        return httpx.Response(503)

    client, _ = make(handler, clock, breaker_failures=2)
    assert await client.check_health() is False
    assert await client.check_health() is False
    assert not any(client.is_available(s) for s in ("accounts", "payments", "notices"))
    up = True
    assert await client.check_health() is True
    assert all(client.is_available(s) for s in ("accounts", "payments", "notices"))


async def test_unknown_service_name_is_an_error(clock: FakeClock) -> None:
    client, _ = make(status(200), clock)
    with pytest.raises(ValueError):
        client.is_available("invoices")


async def test_input_cannot_change_the_route(clock: FakeClock) -> None:
    client, script = make(status(404, {"code": "BILL_CODE_NOT_FOUND", "message": "x"}), clock)
    for junk in ("../../payments/micropay", "a/b?c=d#e", "..", "EBILL:1:2:3"):
        with pytest.raises(AccountNotFound):
            await client.lookup_bill_code(junk)
    for request in script.requests:
        assert request.url.raw_path.startswith(b"/api/v1/bill-codes/")
        assert request.url.raw_path.count(b"/") == 4


async def test_logs_never_carry_names_addresses_codes_or_full_accounts(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter(
        [
            httpx.Response(500),
            httpx.Response(200, json=ACCOUNT_JSON),
            httpx.Response(200, content=b"{broken"),
            httpx.Response(422, json={"code": "INVALID_REQUEST", "message": "amount"}),
            httpx.Response(404, json={"code": "BILL_CODE_NOT_FOUND", "message": "x"}),
        ]
    )
    client, _ = make(lambda _: next(answers), clock, read_retries=1)
    caplog.set_level(logging.DEBUG)
    await client.get_account(ACCOUNT)
    with pytest.raises(BackOfficeUnavailable):
        await client.micropay(micropay_request())
    with pytest.raises(RequestRejected):
        await client.micropay(micropay_request("SZFT0001-00000002"))
    with pytest.raises(AccountNotFound):
        await client.lookup_bill_code("EBILL:1002283321:202610:33")
    text = caplog.text
    assert text  # something was logged, so the absence checks mean something
    assert "****3321" in text
    for secret in (ACCOUNT, NAME, ADDRESS, CODE, "EBILL"):
        assert secret not in text
