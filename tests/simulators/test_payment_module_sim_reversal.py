"""A reversal that reaches the module while the sale is still running (the terminal died and came
back): the sale must never stand, whether the bank had approved it yet or not."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from drivers.payment_module import SerialPaymentModule
from simulators.payment_module.sim import PaymentModuleSimulator


@pytest.mark.parametrize("delay_ms", [0, 300])
async def test_reversed_while_running_never_stands(tmp_path: Path, delay_ms: int) -> None:
    sim = PaymentModuleSimulator(link_path=tmp_path / "pm.tty")
    await sim.start()
    try:
        # Slow customer and bank: the first terminal gives up (dies) with the sale running.
        sim.next_sale(delay_ms=400 + delay_ms)
        first = SerialPaymentModule("pm", sim.url, sale_timeout_s=30)
        await first.open()
        started = asyncio.Event()
        sale = asyncio.ensure_future(
            first.sale(1500, "000042", "123456789012", lambda _event: started.set())
        )
        await asyncio.wait_for(started.wait(), 5)
        await first.close()
        sale.cancel()
        await asyncio.gather(sale, return_exceptions=True)

        again = SerialPaymentModule("pm", sim.url, sale_timeout_s=30)
        await again.open()
        try:
            reversed_ = await again.reverse("000042", "timeout")
            assert reversed_ is not None and reversed_.response_code == "00"
            # Whatever the bank does with the running sale afterwards, it does not stand.
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 10
            while sim._sale is not None and sim._sale.phase != "done":
                assert loop.time() < deadline, "the sale never ended"
                await asyncio.sleep(0.05)
            assert all(entry["state"] != "approved" for entry in sim.ledger())
            record = await again.query("000042")
            assert record is None or not record.approved
        finally:
            await again.close()
    finally:
        await sim.stop()
