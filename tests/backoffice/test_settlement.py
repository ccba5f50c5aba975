"""The simulator's settlement, built from payments made through the real client over HTTP, one
per channel; and its controls that seed mismatches for reconciliation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.fleet_models import Settlement
from kiosk.backoffice.models import (
    CardPosting,
    MicropayRequest,
    PaymentState,
    Provider,
    QrOrderRequest,
)

TERMINAL = "SZ-FT-0001-SP01"
OTHER_TERMINAL = "SZ-FT-0001-SP02"
DAY = date(2026, 11, 23)  # in China; the simulator's clock starts at 10:00 there
Issue = Callable[..., Awaitable[str]]
Pick = Callable[..., Awaitable[dict[str, Any]]]


class Till:
    """Takes money through each channel with the real client, as a terminal would."""

    def __init__(
        self, client: BackOfficeClient, sim: httpx.AsyncClient, new_code: Issue, account_no: str
    ) -> None:
        self.client, self.sim, self.new_code, self.account_no = client, sim, new_code, account_no

    async def code(
        self, trade_no: str, provider: Provider, fen: int, terminal: str = TERMINAL
    ) -> None:
        result = await self.client.micropay(
            MicropayRequest(
                out_trade_no=trade_no,
                terminal_id=terminal,
                account_no=self.account_no,
                amount_fen=fen,
                provider=provider,
                auth_code=await self.new_code(provider.value),
                purpose="topup",
            )
        )
        assert result.state is PaymentState.SUCCESS

    async def qr(self, trade_no: str, provider: Provider, fen: int) -> None:
        order = await self.client.create_qr_order(
            QrOrderRequest(
                out_trade_no=trade_no,
                terminal_id=TERMINAL,
                account_no=self.account_no,
                amount_fen=fen,
                provider=provider,
                purpose="topup",
            )
        )
        scan = await self.sim.post("/_sim/phone/scan", json={"code_url": order.code_url})
        assert scan.status_code == 200 and scan.json()["state"] == "success", scan.text

    async def card(self, trade_no: str, fen: int, approved_at: datetime) -> None:
        result = await self.client.post_card_payment(
            CardPosting(
                out_trade_no=trade_no,
                terminal_id=TERMINAL,
                account_no=self.account_no,
                amount_fen=fen,
                purpose="topup",
                masked_pan="622202******1234",
                auth_code="A1B2C3",
                rrn="123456789012",
                trace_no="000123",
                approved_at=approved_at,
            )
        )
        assert result.state is PaymentState.SUCCESS


@pytest.fixture
async def till(
    client: BackOfficeClient, sim: httpx.AsyncClient, new_code: Issue, pick_account: Pick
) -> Till:
    account = await pick_account(kind="residential")
    return Till(client, sim, new_code, account["account_no"])


def lines_of(settlement: Settlement) -> dict[str, tuple[str, int, str]]:
    return {
        line.out_trade_no: (line.method, line.amount_fen, line.state) for line in settlement.lines
    }


async def test_one_line_per_channel_with_method_and_amount(
    till: Till, client: BackOfficeClient, order_numbers: Iterator[str], script: Any
) -> None:
    n = [next(order_numbers) for _ in range(7)]
    await till.code(n[0], Provider.WECHAT, 1001)
    await till.code(n[1], Provider.ALIPAY, 1002)
    await till.qr(n[2], Provider.WECHAT, 1003)
    await till.qr(n[3], Provider.ALIPAY, 1004)
    await till.card(n[4], 1005, datetime(2026, 11, 23, 1, 59, 30, tzinfo=UTC))
    await till.code(n[5], Provider.WECHAT, 1006, terminal=OTHER_TERMINAL)
    await script("decline")
    declined = await client.micropay(
        MicropayRequest(
            out_trade_no=n[6],
            terminal_id=TERMINAL,
            account_no=till.account_no,
            amount_fen=1007,
            provider=Provider.WECHAT,
            auth_code=await till.new_code("wechat"),
            purpose="topup",
        )
    )
    assert declined.state is PaymentState.FAILED
    settlement = await client.get_settlement(TERMINAL, DAY)
    assert lines_of(settlement) == {
        n[0]: ("wechat", 1001, "paid"),
        n[1]: ("alipay", 1002, "paid"),
        n[2]: ("wechat_qr", 1003, "paid"),
        n[3]: ("alipay_qr", 1004, "paid"),
        n[4]: ("unionpay", 1005, "paid"),
    }
    assert {line.purpose for line in settlement.lines} == {"topup"}
    assert all(isinstance(line.amount_fen, int) for line in settlement.lines)
    other = await client.get_settlement(OTHER_TERMINAL, DAY)
    assert lines_of(other) == {n[5]: ("wechat", 1006, "paid")}


async def test_reversed_payments_and_the_local_day(
    till: Till, client: BackOfficeClient, order_numbers: Iterator[str]
) -> None:
    reversed_no, early, late = (next(order_numbers) for _ in range(3))
    await till.code(reversed_no, Provider.ALIPAY, 2000)
    await client.reverse_payment(reversed_no, Provider.ALIPAY)
    # 00:30 on the 23rd in China is still the 22nd in UTC; 23:59 on the 22nd in China is not
    # the 23rd.
    await till.card(early, 3000, datetime(2026, 11, 22, 16, 30, tzinfo=UTC))
    await till.card(late, 4000, datetime(2026, 11, 22, 15, 59, tzinfo=UTC))
    assert lines_of(await client.get_settlement(TERMINAL, DAY)) == {
        reversed_no: ("alipay", 2000, "reversed"),
        early: ("unionpay", 3000, "paid"),
    }
    assert lines_of(await client.get_settlement(TERMINAL, date(2026, 11, 22))) == {
        late: ("unionpay", 4000, "paid")
    }


async def test_controls_seed_a_mismatch_and_reset_clears_it(
    till: Till, client: BackOfficeClient, sim: httpx.AsyncClient, order_numbers: Iterator[str]
) -> None:
    lost, changed, kept = (next(order_numbers) for _ in range(3))
    for trade_no in (lost, changed, kept):
        await till.code(trade_no, Provider.WECHAT, 1500)
    assert (await sim.post("/_sim/settlement/omit", json={"out_trade_no": lost})).status_code == 200
    amount = {"out_trade_no": changed, "amount_fen": 1499}
    assert (await sim.post("/_sim/settlement/amount", json=amount)).status_code == 200
    extra = {"terminal_id": TERMINAL, "method": "unionpay", "amount_fen": 8800}
    answer = await sim.post("/_sim/settlement/extra", json=extra)
    assert answer.status_code == 200
    extra_no = answer.json()["extras"][0]["out_trade_no"]
    assert lines_of(await client.get_settlement(TERMINAL, DAY)) == {
        changed: ("wechat", 1499, "paid"),
        kept: ("wechat", 1500, "paid"),
        extra_no: ("unionpay", 8800, "paid"),
    }
    assert lines_of(await client.get_settlement(OTHER_TERMINAL, DAY)) == {}
    bad = {"terminal_id": TERMINAL, "method": "cash", "amount_fen": 1}
    assert (await sim.post("/_sim/settlement/extra", json=bad)).status_code == 422
    assert (await sim.post("/_sim/reset")).status_code == 200
    assert set(lines_of(await client.get_settlement(TERMINAL, DAY))) == {lost, changed, kept}
    await sim.post("/_sim/settlement/omit", json={"out_trade_no": kept})
    cleared = await sim.post("/_sim/settlement/reset")
    assert cleared.json() == {"omitted": [], "amounts": {}, "extras": []}
    assert set(lines_of(await client.get_settlement(TERMINAL, DAY))) == {lost, changed, kept}


async def test_settlement_query_is_validated(sim: httpx.AsyncClient) -> None:
    answer = await sim.get("/api/v1/settlement", params={"terminal_id": TERMINAL, "day": "23/11"})
    assert answer.status_code == 422 and answer.json()["code"] == "INVALID_REQUEST"
    empty = await sim.get(
        "/api/v1/settlement", params={"terminal_id": TERMINAL, "day": "2026-11-23"}
    )
    assert empty.json() == {"terminal_id": TERMINAL, "day": "2026-11-23", "lines": []}
