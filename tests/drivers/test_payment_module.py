"""SerialPaymentModule against the payment-module simulator on a real pty: every outcome of a sale,
the unknown ones reversed, the card left in the slot, the line dropped, noise on the line."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from device_peers import FakeClock

from drivers.interfaces import DeviceError, DeviceGone, DeviceTimeout, SaleEvent
from drivers.payment_module import SerialPaymentModule
from kiosk.devices.status import DeviceState, MediaStatus, StatusChanged
from simulators.payment_module.sim import PaymentModuleSimulator


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[PaymentModuleSimulator]:
    simulator = PaymentModuleSimulator(tmp_path / "run" / "payment_module.tty", ack_timeout_s=0.5)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def module(
    sim: PaymentModuleSimulator, clock: FakeClock
) -> AsyncIterator[SerialPaymentModule]:
    driver = SerialPaymentModule(
        "payment_module", sim.url, sale_timeout_s=90.0, ack_timeout_s=0.5, clock=clock
    )
    await driver.open()
    yield driver
    await driver.close()


async def test_approved_sale_events_status_and_ledger(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    changes: list[StatusChanged] = []
    module.add_listener(changes.append)
    events: list[SaleEvent] = []
    result = await asyncio.wait_for(module.sale(12345, "000123", "P1", events.append), 5)
    assert result.approved and result.amount_fen == 12345 and result.trace_no == "000123"
    assert result.masked_pan == "622202*********0123" and result.last4 == "0123"
    assert result.auth_code and len(result.auth_code) == 6
    assert result.rrn and len(result.rrn) == 12
    assert events == [
        SaleEvent.INSERT_CARD,
        SaleEvent.CARD_READ,
        SaleEvent.ENTER_PIN,
        SaleEvent.AUTHORISING,
    ]
    assert [c.changes.get("busy_with_sale") for c in changes if "busy_with_sale" in c.changes] == [
        True,
        False,
    ]
    (entry,) = sim.ledger()
    assert entry["state"] == "approved" and entry["amount_fen"] == 12345
    assert entry["rrn"] == result.rrn and entry["auth_code"] == result.auth_code
    assert await asyncio.wait_for(module.wait_card_removed(10.0), 5)


async def test_declined_insufficient_funds(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.next_sale(issuer="decline:51")
    result = await asyncio.wait_for(module.sale(500, "000200", "P2"), 5)
    assert not result.approved and result.response_code == "51"
    assert result.message == "INSUFFICIENT FUNDS"
    assert sim.ledger()[0]["state"] == "declined"
    assert await module.reverse("000200") is None  # nothing was taken


async def test_wrong_pin_no_card_and_customer_cancel(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.next_sale(pin="wrong")
    sim.next_sale(pin="no_card")
    sim.next_sale(pin="cancel")
    codes = [(await asyncio.wait_for(module.sale(100, f"00030{i}", "P3"), 5)) for i in range(3)]
    assert [r.response_code for r in codes] == ["55", "U2", "U1"]
    assert [e["state"] for e in sim.ledger()] == ["declined"]  # only the wrong PIN went online


async def test_terminal_cancels_by_cancelling_the_task(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.next_sale(delay_ms=60_000)
    asked = asyncio.Event()
    task = asyncio.create_task(
        module.sale(100, "000400", "P4", lambda e: asked.set() if e == "insert_card" else None)
    )
    await asyncio.wait_for(asked.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    commands = await sim.wait_commands(2)
    assert [c for c, _ in commands] == [0x20, 0x21]
    assert sim.ledger() == []
    assert not module.status.busy_with_sale
    sim.next_sale()
    assert (await asyncio.wait_for(module.sale(100, "000401", "P4"), 5)).approved


async def test_cancel_sale_while_waiting_for_the_card(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.next_sale(delay_ms=60_000)
    asked = asyncio.Event()
    task = asyncio.create_task(module.sale(100, "000410", "P4", lambda e: asked.set()))
    await asyncio.wait_for(asked.wait(), 5)
    assert await asyncio.wait_for(module.cancel_sale(), 5)
    result = await asyncio.wait_for(task, 5)
    assert result.response_code == "U1"


async def test_no_answer_times_out_and_reversal_finds_nothing(
    sim: PaymentModuleSimulator, module: SerialPaymentModule, clock: FakeClock
) -> None:
    sim.next_sale(answer="none")
    task = asyncio.create_task(module.sale(100, "000500", "P5"))
    await clock.wait_for_sleeper(90.0)
    clock.advance(90.0)
    with pytest.raises(DeviceTimeout, match="outcome unknown"):
        await asyncio.wait_for(task, 5)
    assert [c for c, _ in await sim.wait_commands(2)] == [0x20, 0x21]  # the driver cancelled
    assert await module.reverse("000500") is None
    assert sim.ledger() == []


async def test_lost_answer_times_out_then_reversed(
    sim: PaymentModuleSimulator, module: SerialPaymentModule, clock: FakeClock
) -> None:
    sim.next_sale(answer="lost")
    task = asyncio.create_task(module.sale(8800, "000600", "P6"))
    await clock.wait_for_sleeper(90.0)
    await sim.wait_commands(1)
    clock.advance(90.0)
    with pytest.raises(DeviceTimeout):
        await asyncio.wait_for(task, 5)
    assert sim.ledger()[0]["state"] == "approved"  # charged, and the terminal did not know
    queried = await module.query("000600")
    assert queried is not None and queried.approved and queried.amount_fen == 8800
    reversed_ = await module.reverse("000600", "timeout")
    assert reversed_ is not None and reversed_.approved and reversed_.amount_fen == 8800
    (entry,) = sim.ledger()
    assert entry["state"] == "reversed" and entry["reversal_reason"] == "timeout"
    again = await module.reverse("000600")  # a retry after a lost answer is harmless
    assert again is not None and again.approved
    queried = await module.query("000600")
    assert queried is not None and queried.response_code == "U3" and not queried.approved


async def test_reversal_failing_then_succeeding(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    assert (await asyncio.wait_for(module.sale(300, "000700", "P7"), 5)).approved
    sim.reversal_fails(2)
    for _ in range(2):
        with pytest.raises(DeviceError, match="rc 96"):
            await module.reverse("000700")
    assert sim.ledger()[0]["state"] == "approved"
    assert await module.reverse("000700") is not None
    assert sim.ledger()[0]["state"] == "reversed"


async def test_query_void_and_echo(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    await module.echo()
    assert await module.query("000800") is None
    assert (await asyncio.wait_for(module.sale(4200, "000800", "P8"), 5)).approved
    voided = await module.void("000800")
    assert voided.approved and voided.amount_fen == 4200
    assert sim.ledger()[0]["state"] == "voided"
    assert (await module.void("000800")).response_code == "25"
    assert await module.reverse("000800") is None


async def test_card_left_in_slot_then_taken(
    sim: PaymentModuleSimulator, module: SerialPaymentModule, clock: FakeClock
) -> None:
    sim.next_sale(take_card=False)
    assert (await asyncio.wait_for(module.sale(100, "000900", "P9"), 5)).approved
    assert await module.card_present()
    assert module.status.media == MediaStatus.PRESENT
    waiting = asyncio.create_task(module.wait_card_removed(30.0))
    await clock.wait_for_sleeper(30.0)
    clock.advance(30.0)
    assert await asyncio.wait_for(waiting, 5) is False
    waiting = asyncio.create_task(module.wait_card_removed(30.0))
    await clock.wait_for_sleeper(30.0)
    assert sim.take_card()
    assert await asyncio.wait_for(waiting, 5) is True
    assert module.status.media == MediaStatus.NOT_PRESENT
    assert not await module.card_present()


async def test_retain_a_forgotten_card(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    assert not await module.retain_card()  # no card to keep
    sim.insert_card()
    assert await module.card_present()
    assert await module.retain_card()
    assert module.status.media == MediaStatus.RETAINED
    assert sim.retained_cards == 1 and not sim.card_in_slot
    assert await module.wait_card_removed(1.0)


async def test_unplugged_mid_sale_is_device_gone(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.next_sale(delay_ms=60_000)
    asked = asyncio.Event()
    task = asyncio.create_task(module.sale(100, "001000", "P10", lambda e: asked.set()))
    await asyncio.wait_for(asked.wait(), 5)
    sim.unplug()
    with pytest.raises(DeviceGone):
        await asyncio.wait_for(task, 5)
    assert module.status.device == DeviceState.NO_DEVICE
    with pytest.raises(DeviceGone):
        await module.echo()
    sim.replug()
    await module.open()
    await module.echo()
    assert module.status.device == DeviceState.ONLINE


async def test_silent_module_is_not_acknowledged_and_sale_never_ran(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.silent(True)
    with pytest.raises(DeviceError, match="not acknowledged") as caught:
        await module.sale(100, "001100", "P11")
    assert not isinstance(caught.value, DeviceTimeout | DeviceGone)
    assert module.status.device == DeviceState.HARDWARE_ERROR
    assert sim.ledger() == []
    sim.silent(False)
    await module.echo()
    assert module.status.device == DeviceState.ONLINE


async def test_garbage_and_naks_on_the_line(
    sim: PaymentModuleSimulator, module: SerialPaymentModule
) -> None:
    sim.garbage(b"\xff\xfe\x00noise\x7f")
    sim.nak_next(2)  # the module hears the first two copies of the sale as noise
    result = await asyncio.wait_for(module.sale(2500, "001200", "P12"), 5)
    assert result.approved
    assert module.retransmissions == 2
    assert module._decoder.garbage_bytes >= 9
    assert len(sim.ledger()) == 1  # retransmission never charges twice
    sim.garbage(bytes.fromhex("02 00 01 10 03 13"))  # a corrupt frame: the terminal NAKs it
    await module.echo()
    assert module.naks_sent == 1


async def test_amount_must_be_integer_fen(module: SerialPaymentModule) -> None:
    with pytest.raises(TypeError):
        await module.sale(12.5, "000001", "P")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        await module.sale(True, "000001", "P")
    with pytest.raises(ValueError):
        await module.sale(0, "000001", "P")
    with pytest.raises(ValueError):
        await module.sale(100, "12345", "P")
