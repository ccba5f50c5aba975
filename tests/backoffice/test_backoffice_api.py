"""The simulator's read API over real HTTP: accounts, bill codes, notices, sample accounts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from kiosk.backoffice import AccountNotFound, RequestRejected
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.models import AccountKind, AccountSummary, ApiError
from simulators.backoffice.codes import bill_barcode, luhn_check_digit

Pick = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def pick(pick_account: Pick) -> Pick:
    """Shorter name for the seeded-account picker."""
    return pick_account


def unseeded_account_no() -> str:
    body = "999999999"  # prefix 9 is no city of the seed
    return body + luhn_check_digit(body)


async def test_health(sim: httpx.AsyncClient, client: BackOfficeClient) -> None:
    response = await sim.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert await client.check_health() is True


async def test_account_summary_with_last_12_bills(client: BackOfficeClient, pick: Pick) -> None:
    sample = await pick(kind="residential", in_arrears=True, region="guangdong")
    account = await client.get_account(sample["account_no"])
    assert isinstance(account, AccountSummary)
    assert account.kind is AccountKind.RESIDENTIAL and account.region == "guangdong"
    periods = [b.period for b in account.bills]
    assert len(periods) == 12 and periods == sorted(periods, reverse=True)
    assert periods[0] == "2026-10"
    for bill in account.bills:
        assert bill.tiers and sum(t.amount_fen for t in bill.tiers) == bill.amount_fen
        assert sum(t.kwh for t in bill.tiers) == bill.kwh
    unpaid = sum(b.amount_fen - b.paid_fen for b in account.bills if b.status != "paid")
    assert account.arrears_fen >= unpaid > 0
    assert account.arrears_fen == sample["arrears_fen"]
    assert account.topup_allowed


async def test_business_accounts_pay_bills_only(client: BackOfficeClient, pick: Pick) -> None:
    sample = await pick(kind="industrial")
    account = await client.get_account(sample["account_no"])
    assert account.kind is AccountKind.INDUSTRIAL
    assert not account.topup_allowed
    assert all(b.tiers == [] for b in account.bills)  # flat or time-of-use, not tiered


async def test_unknown_account_is_404(sim: httpx.AsyncClient, client: BackOfficeClient) -> None:
    response = await sim.get(f"/api/v1/accounts/{unseeded_account_no()}")
    assert response.status_code == 404
    assert ApiError.model_validate(response.json()).code == "ACCOUNT_NOT_FOUND"
    with pytest.raises(AccountNotFound):
        await client.get_account(unseeded_account_no())


@pytest.mark.parametrize("number", ["12345", "12345678901", "123456789X", "1234567898"])
async def test_malformed_account_number_is_422(
    sim: httpx.AsyncClient, client: BackOfficeClient, number: str
) -> None:
    response = await sim.get(f"/api/v1/accounts/{number}")
    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_ACCOUNT_NO"
    with pytest.raises(RequestRejected) as caught:
        await client.get_account(number)
    assert caught.value.code == "INVALID_ACCOUNT_NO"


async def test_bill_barcode_and_qr_resolve(client: BackOfficeClient, pick: Pick) -> None:
    sample = await pick(kind="commercial")
    for code in (sample["bill_barcode"], sample["bill_qr"]):
        found = await client.lookup_bill_code(code)
        assert found.account_no == sample["account_no"]
        assert found.period == sample["latest_period"]


@pytest.mark.parametrize(
    "code",
    [
        "100228332120261034",  # wrong check
        bill_barcode(unseeded_account_no(), "2026-10"),  # right check, no such account
        "EBILL:1002283321:202610:",
        "not a bill",
        "",
    ],
)
async def test_unknown_bill_codes_are_404(
    sim: httpx.AsyncClient, client: BackOfficeClient, code: str
) -> None:
    if code:
        response = await sim.get(f"/api/v1/bill-codes/{code}")
        assert response.status_code == 404
    with pytest.raises(AccountNotFound):
        await client.lookup_bill_code(code)


async def test_bill_code_of_a_month_without_bill_is_404(sim: httpx.AsyncClient, pick: Pick) -> None:
    sample = await pick(kind="prepaid")
    code = bill_barcode(sample["account_no"], "2019-01")  # well formed, before the history
    response = await sim.get(f"/api/v1/bill-codes/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "BILL_CODE_NOT_FOUND"


async def test_notices_are_bilingual(client: BackOfficeClient) -> None:
    notices = await client.list_notices()
    assert len(notices) >= 3
    assert any("停电" in n.title for n in notices)
    for notice in notices:
        assert notice.title and notice.title_en and notice.body and notice.body_en
        assert notice.title_en.isascii() and not notice.title.isascii()
        assert notice.ends is None or notice.ends > notice.starts


async def test_sample_accounts_filters(sim: httpx.AsyncClient) -> None:
    arrears = (await sim.get("/_sim/accounts", params={"in_arrears": "true", "limit": 500})).json()
    clear = (await sim.get("/_sim/accounts", params={"in_arrears": "false", "limit": 500})).json()
    assert arrears and all(a["arrears_fen"] > 0 and a["unpaid_periods"] for a in arrears)
    assert clear and all(a["arrears_fen"] == 0 for a in clear)
    assert len(arrears) + len(clear) >= 200
    prepaid_zj = (
        await sim.get("/_sim/accounts", params={"kind": "prepaid", "region": "zhejiang"})
    ).json()
    assert prepaid_zj and {(a["kind"], a["region"]) for a in prepaid_zj} == {
        ("prepaid", "zhejiang")
    }
    bad = await sim.get("/_sim/accounts", params={"kind": "spaceship"})
    assert bad.status_code == 422


async def test_unknown_route_answers_api_error(sim: httpx.AsyncClient) -> None:
    response = await sim.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert ApiError.model_validate(response.json()).code == "NOT_FOUND"
    response = await sim.delete("/api/v1/notices")
    assert response.status_code == 405
    assert response.json()["code"] == "METHOD_NOT_ALLOWED"


async def test_invalid_micropay_body_is_422_without_echoing_the_code(
    sim: httpx.AsyncClient,
) -> None:
    body = {
        "out_trade_no": "SZFT0001-X1",
        "terminal_id": "T",
        "account_no": "1234567897",
        "amount_fen": -5,
        "provider": "wechat",
        "auth_code": "13461234567890123X",
    }
    response = await sim.post(
        "/api/v1/payments/micropay", json=body, headers={"Idempotency-Key": "SZFT0001-X1"}
    )
    assert response.status_code == 422
    error = ApiError.model_validate(response.json())
    assert error.code == "INVALID_REQUEST"
    assert "amount_fen" in error.message and "auth_code" in error.message
    assert "13461234567890123X" not in response.text


async def test_listening_socket_disables_nagle(server: Any) -> None:
    # Without TCP_NODELAY each answer (headers, then body) waits ~40 ms for a delayed ACK.
    import socket

    listener = server._socket
    assert listener.proto == socket.IPPROTO_TCP
    assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
