"""Resolving unfinished transactions on start (kiosk/recovery.py)."""

from __future__ import annotations

from fakes import FakeBackOffice, FakeClock, FakeDevices, FakePrinter, Plan
from flow_scripts import crashed_in

from kiosk.backoffice.models import PaymentState
from kiosk.config import Settings
from kiosk.devices.status import PaperStatus
from kiosk.journal import PaymentJournal, TxState
from kiosk.recovery import recover_unfinished


async def recover(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> list[TxState]:
    done = await recover_unfinished(journal, backoffice, devices, settings, clock)
    return [item.after for item in done]


async def test_intent_that_never_arrived_is_reversed_so_it_cannot_charge_later(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    record = await crashed_in(journal, backoffice, clock, TxState.INTENT, None)
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.REVERSED]
    assert [n for n, _ in backoffice.calls] == ["query_payment", "reverse_payment"]
    assert backoffice.orders[record.out_trade_no].state == PaymentState.REVERSED  # tombstone
    assert journal.unfinished() == []


async def test_intent_that_was_charged_is_completed_with_its_receipt(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    printer: FakePrinter,
    settings: Settings,
    clock: FakeClock,
) -> None:
    record = await crashed_in(journal, backoffice, clock, TxState.INTENT, Plan(drop_response=True))
    done = await recover_unfinished(journal, backoffice, devices, settings, clock)
    assert [(d.before, d.after, d.receipt_printed) for d in done] == [
        (TxState.INTENT, TxState.COMPLETED, True)
    ]
    assert len(printer.printed) == 1 and record.reference in printer.printed[0].plain_text()
    assert journal.get(record.out_trade_no).receipt_printed_at is not None
    assert backoffice.charges() == 1
    # A second start finds nothing to do and prints nothing again.
    assert await recover(journal, backoffice, devices, settings, clock) == []
    assert len(printer.printed) == 1


async def test_awaiting_still_paying_is_queried_until_its_deadline_then_reversed(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(
        journal, backoffice, clock, TxState.AWAITING, Plan(first=PaymentState.PAYING, queries=99)
    )
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.REVERSED]
    assert clock.monotonic() == 30.0
    assert [n for n, _ in backoffice.calls][-1] == "reverse_payment"
    assert backoffice.charges() == 0


async def test_awaiting_past_its_deadline_is_reversed_at_once(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(
        journal,
        backoffice,
        clock,
        TxState.AWAITING,
        Plan(first=PaymentState.UNKNOWN, queries=99),
        deadline_s=-1,
    )
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.REVERSED]
    assert clock.monotonic() == 0.0


async def test_awaiting_that_succeeds_is_completed(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(
        journal, backoffice, clock, TxState.AWAITING, Plan(first=PaymentState.PAYING, queries=1)
    )
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.COMPLETED]
    assert backoffice.charges() == 1


async def test_declined_at_the_provider(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.INTENT, Plan(first=PaymentState.FAILED))
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.DECLINED]


async def test_paid_not_posted_is_posted_and_completed(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    printer: FakePrinter,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.PAID, Plan(posted=False))
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.COMPLETED]
    assert len(printer.printed) == 1


async def test_posted_with_receipt_printed_is_just_completed(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    printer: FakePrinter,
    settings: Settings,
    clock: FakeClock,
) -> None:
    record = await crashed_in(journal, backoffice, clock, TxState.POSTED, Plan())
    journal.mark_receipt_printed(record.out_trade_no, "printed before the crash")
    backoffice.calls.clear()
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.COMPLETED]
    assert printer.printed == [] and backoffice.calls == []


async def test_posted_without_receipt_and_no_paper_stays_reprintable(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    printer: FakePrinter,
    settings: Settings,
    clock: FakeClock,
) -> None:
    printer.set_paper(PaperStatus.OUT)
    record = await crashed_in(journal, backoffice, clock, TxState.POSTED, Plan())
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.COMPLETED]
    after = journal.get(record.out_trade_no)
    assert after.receipt_printed_at is None and printer.printed == []


async def test_back_office_unreachable_leaves_it_pending_for_later(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.INTENT, Plan(drop_response=True))
    backoffice.down = True
    done = await recover_unfinished(journal, backoffice, devices, settings, clock)
    assert [(d.after, d.pending) for d in done] == [(TxState.INTENT, True)]
    backoffice.down = False
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.COMPLETED]
    assert backoffice.charges() == 1


async def test_reverse_unreachable_for_a_lost_request_stays_pending(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.INTENT, None)
    backoffice.fail_reverses = 99
    done = await recover_unfinished(journal, backoffice, devices, settings, clock)
    assert [(d.after, d.pending) for d in done] == [(TxState.INTENT, True)]


async def test_paid_here_but_unknown_there_goes_to_staff(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.PAID, None)
    assert await recover(journal, backoffice, devices, settings, clock) == [TxState.MANUAL_REVIEW]
    assert "reverse_payment" not in [n for n, _ in backoffice.calls]  # never undo a known payment


async def test_several_at_once_each_resolved(
    journal: PaymentJournal,
    backoffice: FakeBackOffice,
    devices: FakeDevices,
    settings: Settings,
    clock: FakeClock,
) -> None:
    await crashed_in(journal, backoffice, clock, TxState.INTENT, None)
    await crashed_in(journal, backoffice, clock, TxState.INTENT, Plan())
    await crashed_in(journal, backoffice, clock, TxState.POSTED, Plan())
    assert await recover(journal, backoffice, devices, settings, clock) == [
        TxState.REVERSED,
        TxState.COMPLETED,
        TxState.COMPLETED,
    ]
