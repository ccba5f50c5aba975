"""A bank-card payment module on a pseudo-terminal, and the customer standing at it.

Speaks the framed protocol of docs/payment-module.md: ACKs every good frame, NAKs a corrupt one,
sends its own frames until the host ACKs them (three retransmissions at most). What the customer
and the bank do in the next sale comes from a script (`next_sale`), settable from tests and over
HTTP (routes.py); with no script, a sale is approved at once and the card taken at once. The
acquirer's ledger of sales (approved, declined, reversed, voided) is kept so that tests can check
that money was never taken twice, and that what was taken and not answered was reversed.
Not thread-safe: call it from the loop it was started in (simulators.host wraps it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulators.counting import GrowthWatch
from simulators.payment_module.frames import (
    ACK,
    NAK,
    Ack,
    BadFrame,
    Deframer,
    Incoming,
    Message,
    Nak,
    build,
    build_raw,
)
from simulators.pty_port import OnPtyPort, PtyPort

log = logging.getLogger(__name__)

ECHO, SALE, CANCEL, QUERY, REVERSAL, VOID = 0x10, 0x20, 0x21, 0x22, 0x23, 0x24
CARD_STATUS, RETAIN = 0x30, 0x31
EVENT, CARD_REMOVED, CARD_INSERTED = 0x50, 0x51, 0x52
RETRIES = 3
FRAME_GAP_S = 0.3

MESSAGES = {
    "00": "APPROVED",
    "05": "DO NOT HONOUR",
    "25": "NO RECORD",
    "30": "FORMAT ERROR",
    "51": "INSUFFICIENT FUNDS",
    "54": "EXPIRED CARD",
    "55": "INCORRECT PIN",
    "75": "PIN TRIES EXCEEDED",
    "96": "SYSTEM ERROR",
    "U1": "CANCELLED",
    "U2": "NO CARD INSERTED",
    "U3": "REVERSED",
    "U4": "VOIDED",
    "U9": "MODULE BUSY",
}
PINS = ("right", "wrong", "cancel", "no_card")
ANSWERS = ("normal", "none", "lost")
_ISSUER = re.compile(r"^(approve|decline:[0-9A-Z]{2})$")


@dataclass(frozen=True)
class SaleScript:
    """What the customer and the bank do in one sale.

    `pin`: right, wrong (issuer answers 55), cancel (customer presses Cancel: U1), no_card (no
    card inserted in time: U2). `issuer`: approve or decline:CODE. `answer`: normal; none (the
    module hangs before going online: nothing charged, no result); lost (the bank approved and
    charged, the result frame never leaves the module). `take_card`: the customer takes the card
    as soon as the sale ends. `delay_ms`: time the customer takes at each step.
    """

    card: str = "6222021234567890123"
    pin: str = "right"
    issuer: str = "approve"
    answer: str = "normal"
    take_card: bool = True
    delay_ms: int = 0

    def __post_init__(self) -> None:
        if not (self.card.isdigit() and 12 <= len(self.card) <= 19):
            raise ValueError("card must be 12 to 19 digits")
        if self.pin not in PINS:
            raise ValueError(f"pin must be one of {PINS}")
        if not _ISSUER.match(self.issuer) or self.issuer == "decline:00":
            raise ValueError("issuer must be approve or decline:CODE")
        if self.answer not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}")
        if not 0 <= self.delay_ms <= 600_000:
            raise ValueError("delay_ms must be 0..600000")


@dataclass
class LedgerEntry:
    """One sale as the acquirer holds it."""

    trace: str
    amount_fen: int
    order_ref: str
    rc: str
    state: str  # approved, declined, reversed, voided
    masked_pan: str
    auth_code: str
    rrn: str
    reversal_reason: str = ""


@dataclass
class _Sale:
    trace: str
    amount_fen: int
    order_ref: str
    script: SaleScript
    phase: str = "insert_card"
    cancelled: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    result: bytes | None = None
    reverse_pending: str | None = None  # a reversal arrived while the sale was still running


def _is_trace(text: str) -> bool:
    return len(text) == 6 and text.isascii() and text.isdigit()


def mask(card: str) -> str:
    """First 6 / last 4 of a card number."""
    return card[:6] + "*" * (len(card) - 10) + card[-4:]


class PaymentModuleSimulator(OnPtyPort):
    """The module behind a pty; `link_path`, if given, is a symlink kept pointing at the slave."""

    def __init__(self, link_path: Path | None = None, *, ack_timeout_s: float = 0.5) -> None:
        self._port = PtyPort("payment module", link_path, 115200, self._on_readable)
        self.ack_timeout_s = ack_timeout_s
        self.card_in_slot = False
        self.retained_cards = 0
        self.commands: list[tuple[int, bytes]] = []
        """Every good frame from the host, as (command, data), in order."""
        self.naks_sent = 0
        self._deframer = Deframer()
        self._gap_timer: asyncio.TimerHandle | None = None
        self._scripts: deque[SaleScript] = deque()
        self._ledger: dict[str, LedgerEntry] = {}
        self._sale: _Sale | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._sender: asyncio.Task[None] | None = None
        self._ack_wait: asyncio.Future[bool] | None = None
        self._reversal_failures = 0
        self._nak_next = 0
        self._silent = False
        self._serial = 0
        self._rrn_base = int(time.time()) % 1_000_000
        self._growth = GrowthWatch()

    # -- the pty ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Create the pty (and link) and the sender in the running loop."""
        self._plug()
        if self._sender is None:
            self._sender = asyncio.create_task(self._send_loop(), name="payment-module-sim")

    async def stop(self) -> None:
        """Close the pty, remove the link, stop the sender."""
        self._close(remove_link=True)
        sender, self._sender = self._sender, None
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    def unplug(self) -> None:
        """Pull the cable: the driver's reads fail with EIO; a running sale dies with the power."""
        self._close(remove_link=True)

    def replug(self) -> None:
        """Plug back in: a new pty, the link re-pointed at it, the slot empty."""
        self._close(remove_link=False)
        self._plug()

    def _plug(self) -> None:
        if self._port.open():
            self._deframer = Deframer()
            self.card_in_slot = False

    def _close(self, remove_link: bool) -> None:
        if self._sale is not None and self._sale.task is not None:
            self._sale.task.cancel()
        self._sale = None
        while not self._outbox.empty():
            self._outbox.get_nowait()
        if self._gap_timer is not None:
            self._gap_timer.cancel()
        self._port.close(remove_link)

    def _write(self, data: bytes) -> None:
        if self._master is None or self._silent:
            return
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self._master, view) :]
            except BlockingIOError:
                log.warning("payment module simulator: %d bytes lost, nobody reading", len(view))
                return
            except OSError:
                return

    # -- scripting (tests, HTTP, panel) -----------------------------------------------------

    def forget_scripts(self) -> None:
        """Drop scripted sales not used yet (a test starting from the default customer)."""
        self._scripts.clear()

    def next_sale(
        self,
        card: str = "6222021234567890123",
        pin: str = "right",
        issuer: str = "approve",
        answer: str = "normal",
        take_card: bool = True,
        delay_ms: int = 0,
    ) -> SaleScript:
        """Queue the script of the next sale (ValueError if it makes no sense)."""
        script = SaleScript(card, pin, issuer, answer, take_card, delay_ms)
        self._scripts.append(script)
        return script

    def take_card(self) -> bool:
        """The customer takes the card from the slot; False if there was none."""
        if not self.card_in_slot:
            return False
        self.card_in_slot = False
        self._queue(build(CARD_REMOVED))
        return True

    def insert_card(self) -> None:
        """A card pushed into the slot outside a sale."""
        if not self.card_in_slot:
            self.card_in_slot = True
            self._queue(build(CARD_INSERTED))

    def reversal_fails(self, count: int) -> None:
        """The next `count` reversals answer 96 (system error)."""
        self._reversal_failures = max(count, 0)

    def silent(self, on: bool) -> None:
        """A module that answers nothing at all, not even ACK."""
        self._silent = on

    def nak_next(self, count: int) -> None:
        """NAK the next `count` good frames (line noise as the module saw it)."""
        self._nak_next = max(count, 0)

    def garbage(self, data: bytes) -> None:
        """Put bytes on the line as they are."""
        if self._master is not None:
            view = memoryview(data)
            with contextlib.suppress(BlockingIOError, OSError):
                while view:
                    view = view[os.write(self._master, view) :]

    def ledger(self) -> list[dict[str, object]]:
        """Every sale that reached the bank, oldest first."""
        return [asdict(entry) for entry in self._ledger.values()]

    async def wait_commands(self, count: int, timeout: float = 5.0) -> list[tuple[int, bytes]]:
        """The commands once at least `count` have arrived; TimeoutError after `timeout` s."""
        await self._growth.wait(len(self.commands), count, timeout)
        return list(self.commands)

    # -- receiving --------------------------------------------------------------------------

    def _on_readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 4096)
        except (BlockingIOError, OSError):
            return  # EIO only means nobody holds the slave open right now
        if self._gap_timer is not None:
            self._gap_timer.cancel()
            self._gap_timer = None
        self._handle(self._deframer.push(data))
        if self._deframer.pending:
            loop = asyncio.get_running_loop()
            self._gap_timer = loop.call_later(FRAME_GAP_S, self._abandon_partial)

    def _abandon_partial(self) -> None:
        self._gap_timer = None
        self._handle(self._deframer.abandon())

    def _handle(self, items: list[Incoming]) -> None:
        for item in items:
            if isinstance(item, Ack | Nak):
                if self._ack_wait is not None and not self._ack_wait.done():
                    self._ack_wait.set_result(isinstance(item, Ack))
            elif isinstance(item, BadFrame):
                self.naks_sent += 1
                self._write(NAK)
            elif isinstance(item, Message) and not self._silent:
                if self._nak_next:
                    self._nak_next -= 1
                    self.naks_sent += 1
                    self._write(NAK)
                    continue
                self._write(ACK)
                self.commands.append((item.command, item.payload))
                self._growth.grown_to(len(self.commands))
                self._dispatch(item)

    # -- sending ----------------------------------------------------------------------------

    def _queue(self, frame: bytes) -> None:
        if self._master is not None:
            self._outbox.put_nowait(frame)

    async def _send_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            frame = await self._outbox.get()
            for _ in range(1 + RETRIES):
                if self._master is None or self._silent:
                    break
                ack_wait: asyncio.Future[bool] = loop.create_future()
                self._ack_wait = ack_wait
                self._write(frame)
                try:
                    # asyncio.wait, not wait_for: on 3.11 wait_for can swallow a cancellation
                    # that lands as the ACK arrives, and stop() would then wait forever.
                    await asyncio.wait({ack_wait}, timeout=self.ack_timeout_s)
                finally:
                    self._ack_wait = None
                acked = ack_wait.done() and ack_wait.result()
                if acked:
                    break
            else:
                log.warning("payment module simulator: host never ACKed frame 0x%02X", frame[3])

    def _answer(self, command: int, *fields: str) -> None:
        self._queue(build(command | 0x80, *fields))

    # -- commands ---------------------------------------------------------------------------

    def _dispatch(self, message: Message) -> None:
        fields = message.text_fields()
        command = message.command
        if command == ECHO:
            self._queue(build_raw(0x90, message.payload))
        elif command == SALE:
            self._start_sale(fields)
        elif command == CANCEL:
            self._cancel()
        elif command in (QUERY, REVERSAL, VOID) and not _is_trace(fields[0]):
            self._answer(command, *self._result_fields("30", "000000", None))
        elif command == QUERY:
            entry = self._ledger.get(fields[0])
            self._answer(QUERY, *self._record_fields(entry, fields[0]))
        elif command == REVERSAL:
            reason = fields[1] if len(fields) > 1 and fields[1].isprintable() else ""
            self._reverse(fields[0], reason)
        elif command == VOID:
            self._void(fields[0])
        elif command == CARD_STATUS:
            self._answer(CARD_STATUS, "1" if self.card_in_slot else "0")
        elif command == RETAIN:
            if self.card_in_slot:
                self.card_in_slot = False
                self.retained_cards += 1
                self._answer(RETAIN, "00")
            else:
                self._answer(RETAIN, "01")
        else:
            log.info("payment module simulator: unknown command 0x%02X", command)

    @staticmethod
    def _result_fields(
        rc: str, trace: str, amount_fen: int | None, pan: str = "", auth: str = "", rrn: str = ""
    ) -> list[str]:
        amount = "" if amount_fen is None else f"{amount_fen:012d}"
        return [rc, pan, auth, rrn, trace, amount, MESSAGES.get(rc, "DECLINED")]

    def _record_fields(self, entry: LedgerEntry | None, trace: str) -> list[str]:
        if entry is None:
            return self._result_fields("25", trace, None)
        rc = {"reversed": "U3", "voided": "U4"}.get(entry.state, entry.rc)
        return self._result_fields(
            rc, entry.trace, entry.amount_fen, entry.masked_pan, entry.auth_code, entry.rrn
        )

    def _start_sale(self, fields: list[str]) -> None:
        if len(fields) != 3 or not (fields[0].isdigit() and len(fields[0]) == 12):
            self._answer(SALE, *self._result_fields("30", "000000", None))
            return
        amount, trace, ref = int(fields[0]), fields[1], fields[2]
        if not _is_trace(trace) or amount <= 0:
            self._answer(SALE, *self._result_fields("30", "000000", None))
            return
        running = self._sale
        known = self._ledger.get(trace)
        other_order = running is not None and running.trace == trace and running.order_ref != ref
        if other_order or (known is not None and known.order_ref != ref):
            # The same trace number for another order: refused as a duplicate, as a bank host
            # would (ISO 8583 response code 94); nothing is charged.
            self._answer(SALE, *self._result_fields("94", trace, amount))
            return
        if running is not None and running.trace == trace:
            # The host sent it again (our ACK was lost): the same sale, never a second charge.
            if running.result is not None:
                self._queue(running.result)
            return
        if running is not None and running.phase != "done":
            self._answer(SALE, *self._result_fields("U9", trace, amount))
            return
        if trace in self._ledger:
            self._answer(SALE, *self._record_fields(self._ledger[trace], trace))
            return
        script = self._scripts.popleft() if self._scripts else SaleScript()
        sale = _Sale(trace, amount, ref, script)
        sale.task = asyncio.create_task(self._run_sale(sale), name=f"sim-sale-{trace}")
        self._sale = sale

    async def _pause(self, sale: _Sale) -> bool:
        """The customer's time at one step; False if the host cancelled meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(sale.cancelled.wait(), sale.script.delay_ms / 1000)
        return not sale.cancelled.is_set()

    def _event(self, sale: _Sale, phase: str) -> None:
        sale.phase = phase
        self._queue(build(EVENT, phase))

    async def _run_sale(self, sale: _Sale) -> None:
        script = sale.script
        self._event(sale, "insert_card")
        if script.answer == "none":
            await sale.cancelled.wait()  # hung before going online; only CANCEL ends it
            sale.phase = "done"
            return
        if not await self._pause(sale):
            return self._finish(sale, "U1")
        if script.pin == "no_card":
            return self._finish(sale, "U2")
        self.card_in_slot = True
        self._queue(build(CARD_INSERTED))
        self._event(sale, "card_read")
        if not await self._pause(sale):
            return self._finish(sale, "U1")
        self._event(sale, "enter_pin")
        if not await self._pause(sale):
            return self._finish(sale, "U1")
        if script.pin == "cancel":
            return self._finish(sale, "U1")
        self._event(sale, "authorising")
        await asyncio.sleep(script.delay_ms / 1000)
        if script.pin == "wrong":
            rc = "55"
        elif script.issuer == "approve":
            rc = "00"
        else:
            rc = script.issuer.split(":", 1)[1]
        self._serial += 1
        approved = rc == "00"
        entry = LedgerEntry(
            trace=sale.trace,
            amount_fen=sale.amount_fen,
            order_ref=sale.order_ref,
            rc=rc,
            state="approved" if approved else "declined",
            masked_pan=mask(script.card),
            auth_code=f"{(self._serial * 7919 + self._rrn_base) % 1_000_000:06d}"
            if approved
            else "",
            rrn=f"{self._rrn_base:06d}{self._serial:06d}",
        )
        if approved and sale.reverse_pending is not None:
            # The host reversed it while the bank was still deciding: it never stands.
            entry.state = "reversed"
            entry.reversal_reason = sale.reverse_pending
        self._ledger[sale.trace] = entry
        self._finish(sale, rc, entry)

    def _finish(self, sale: _Sale, rc: str, entry: LedgerEntry | None = None) -> None:
        if entry is not None:
            fields = self._result_fields(
                rc, sale.trace, sale.amount_fen, entry.masked_pan, entry.auth_code, entry.rrn
            )
        else:
            pan = mask(sale.script.card) if self.card_in_slot else ""
            fields = self._result_fields(rc, sale.trace, sale.amount_fen, pan)
        sale.phase = "done"
        frame = build(SALE | 0x80, *fields)
        if sale.script.answer != "lost":
            sale.result = frame
            self._queue(frame)
        if sale.script.take_card and self.card_in_slot:
            self.take_card()

    def _cancel(self) -> None:
        sale = self._sale
        if sale is None or sale.phase in ("insert_card", "card_read", "enter_pin"):
            if sale is not None:
                sale.cancelled.set()
            self._answer(CANCEL, "00")
        elif sale.phase == "authorising":
            self._answer(CANCEL, "01")
        else:
            self._answer(CANCEL, "00")  # nothing running: nothing will be charged

    def _reverse(self, trace: str, reason: str) -> None:
        if self._reversal_failures:
            self._reversal_failures -= 1
            self._answer(REVERSAL, *self._result_fields("96", trace, None))
            return
        running = self._sale
        if running is not None and running.trace == trace and running.phase != "done":
            # A reversal for a sale still running (its host gave up on it): recorded, and the
            # sale is stopped, or reversed the moment the bank approves it; it never stands.
            running.reverse_pending = reason
            running.cancelled.set()
            self._answer(REVERSAL, *self._result_fields("00", trace, running.amount_fen))
            return
        entry = self._ledger.get(trace)
        if entry is None or entry.state not in ("approved", "reversed"):
            self._answer(REVERSAL, *self._result_fields("25", trace, None))
            return
        if entry.state == "approved":
            entry.state = "reversed"
            entry.reversal_reason = reason
        self._answer(
            REVERSAL,
            *self._result_fields(
                "00", trace, entry.amount_fen, entry.masked_pan, entry.auth_code, entry.rrn
            ),
        )

    def _void(self, trace: str) -> None:
        entry = self._ledger.get(trace)
        if entry is None or entry.state != "approved":
            self._answer(VOID, *self._result_fields("25", trace, None))
            return
        entry.state = "voided"
        self._answer(
            VOID,
            *self._result_fields(
                "00", trace, entry.amount_fen, entry.masked_pan, entry.auth_code, entry.rrn
            ),
        )
