"""The bank-card payment module (PIN pad + card reader) on a serial line: docs/payment-module.md.

The terminal never sees a PIN, track data or a full card number: the module reads the card, takes
the PIN and goes online itself, and answers with a masked card number, an authorisation code and a
reference. What the driver must get right is the outcome of a sale: a sale that was never
acknowledged never ran (DeviceError); once acknowledged, a missing or unreadable result, a time-out
or a dropped line leaves the outcome unknown (DeviceTimeout / DeviceGone), and the caller reverses.

A reader task reads the line all the time: it ACKs every good frame, NAKs corrupt ones, forwards
the sale's execute events, tracks the card slot from the unsolicited card events and hands answers
to the command waiting for them. Commands run one at a time; only CANCEL may cut into a sale.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from pathlib import Path
from typing import Any, TypeVar

from drivers.interfaces import (
    CardSaleResult,
    DeviceError,
    DeviceGone,
    DeviceTimeout,
    PaymentModule,
    SaleEvent,
    SaleEventListener,
)
from drivers.pm_frames import (
    ACK,
    NAK,
    Command,
    Control,
    Corrupt,
    Frame,
    FrameDecoder,
    FrameError,
    answer_to,
    encode_fields,
    encode_frame,
)
from drivers.transport import Transport, transport_from_url
from kiosk.clock import Clock, SystemClock
from kiosk.devices.status import DeviceState, MediaStatus, PaymentModuleStatus

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRANSMISSIONS = 3
"""Times a frame is sent again after a NAK or no ACK, before the module counts as not answering."""
ANSWER_TIMEOUT_S = 5.0
"""How long an acknowledged command other than a sale may take to be answered."""
FRAME_GAP_S = 0.3
"""A frame whose bytes stop arriving for this long is abandoned (and NAKed)."""
NO_RECORD = "25"
MAX_AMOUNT_FEN = 999_999_999_999


def mask_pan(pan: str) -> str:
    """At most first 6 / last 4 digits of a card number visible; a module that sent more is
    masked here so that a full card number can reach neither a log nor a receipt."""
    digits = sum(c.isdigit() for c in pan)
    if digits <= 10:
        return pan
    return pan[:6] + "*" * max(len(pan) - 10, 0) + pan[-4:]


def parse_result(fields: list[str]) -> CardSaleResult:
    """A sale / query / reversal / void answer: rc, masked PAN, auth, RRN, trace, amount, message.

    FrameError if a field is not what the protocol says it is.
    """
    if len(fields) != 7:
        raise FrameError(f"result has {len(fields)} fields, expected 7")
    rc, pan, auth, rrn, trace, amount, message = fields
    if len(rc) != 2 or not rc.isalnum():
        raise FrameError("response code is not 2 characters")
    if len(trace) != 6 or not trace.isdigit():
        raise FrameError("trace number is not 6 digits")
    if amount and (len(amount) != 12 or not amount.isdigit()):
        raise FrameError("amount is not 12 digits")
    if len(auth) > 6 or len(rrn) > 12 or len(pan) > 19:
        raise FrameError("auth code, reference or card number too long")
    return CardSaleResult(
        response_code=rc,
        trace_no=trace,
        amount_fen=int(amount) if amount else 0,
        masked_pan=mask_pan(pan) if pan else None,
        auth_code=auth or None,
        rrn=rrn or None,
        message=message,
    )


async def _within(future: asyncio.Future[T], timeout_s: float) -> T:
    """The future's result, TimeoutError after `timeout_s` (the future is left to the caller).

    Not asyncio.wait_for: on Python 3.11 it can swallow a cancellation that arrives together
    with the result, and a cancelled sale must never carry on as if nothing happened.
    """
    await asyncio.wait({future}, timeout=timeout_s)
    if not future.done():
        raise TimeoutError
    return future.result()


def _check_trace(trace_no: str) -> None:
    if len(trace_no) != 6 or not trace_no.isdigit():
        raise ValueError("trace number must be 6 digits")


class SerialPaymentModule(PaymentModule):
    """The payment module at `url` (`serial://...?baud=115200`)."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        sale_timeout_s: float = 90.0,
        ack_timeout_s: float = 0.5,
        clock: Clock | None = None,
        base_dir: Path | None = None,
        answer_timeout_s: float = ANSWER_TIMEOUT_S,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.sale_timeout_s = sale_timeout_s
        self.ack_timeout_s = ack_timeout_s
        self.answer_timeout_s = answer_timeout_s
        self.clock: Clock = clock or SystemClock()
        self._base_dir = base_dir
        self._transport: Transport | None = None
        self._reader: asyncio.Task[None] | None = None
        self._decoder = FrameDecoder()
        self._lock = asyncio.Lock()  # one command at a time
        self._wire = asyncio.Lock()  # one frame waiting for its ACK at a time
        self._ack: asyncio.Future[bool] | None = None
        self._answers: dict[int, asyncio.Future[Frame]] = {}
        self._sale_listener: SaleEventListener | None = None
        self._slot_empty = asyncio.Event()
        self._status = PaymentModuleStatus()
        self.naks_sent = 0
        self.retransmissions = 0

    # -- status -----------------------------------------------------------------------------

    @property
    def status(self) -> PaymentModuleStatus:
        return self._status

    def _update(self, **changes: Any) -> None:
        old, self._status = self._status, dataclasses.replace(self._status, **changes)
        self._status_changed(old, self._status)

    def _set_media(self, media: MediaStatus) -> None:
        if media in (MediaStatus.NOT_PRESENT, MediaStatus.RETAINED):
            self._slot_empty.set()
        else:
            self._slot_empty.clear()
        self._update(media=media)

    # -- life cycle -------------------------------------------------------------------------

    async def open(self) -> None:
        """Open the line and start reading it. Raises DeviceGone if it is not there."""
        if self._transport is not None and not self._transport.closed:
            return
        transport = transport_from_url(self.url, self._base_dir)
        try:
            await transport.open()
        except DeviceGone as exc:
            self._update(device=DeviceState.NO_DEVICE, last_error=str(exc))
            raise
        self._transport = transport
        self._decoder = FrameDecoder()
        self._reader = asyncio.create_task(self._read_loop(transport), name=f"{self.name}-reader")
        self._update(device=DeviceState.ONLINE, last_error=None, media=MediaStatus.UNKNOWN)

    async def close(self) -> None:
        """Close the line; a command waiting for an answer raises DeviceGone."""
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        if self._transport is not None:
            await self._transport.close()
        self._fail_waiters(DeviceGone(f"{self.name}: closed"))
        if self._status.device != DeviceState.NO_DEVICE:
            self._update(device=DeviceState.NO_DEVICE, last_error="closed", busy_with_sale=False)

    # -- the reader task --------------------------------------------------------------------

    async def _read_loop(self, transport: Transport) -> None:
        try:
            while True:
                try:
                    timeout = FRAME_GAP_S if self._decoder.partial else None
                    chunk = await transport.read(timeout=timeout)
                except DeviceTimeout:
                    items = self._decoder.drop_partial()
                else:
                    items = self._decoder.feed(chunk)
                for item in items:
                    await self._receive(transport, item)
        except DeviceGone:
            pass
        finally:
            self._fail_waiters(DeviceGone(f"{self.name}: line dropped"))
            if transport is self._transport and self._reader is asyncio.current_task():
                self._update(
                    device=DeviceState.NO_DEVICE,
                    last_error="line dropped",
                    media=MediaStatus.UNKNOWN,
                    busy_with_sale=False,
                )

    async def _receive(self, transport: Transport, item: Frame | Control | Corrupt) -> None:
        if isinstance(item, Control):
            if self._ack is not None and not self._ack.done():
                self._ack.set_result(item is Control.ACK)
            else:
                log.debug("%s: %s with no frame waiting for it", self.name, item.name)
            return
        if isinstance(item, Corrupt):
            self.naks_sent += 1
            log.warning("%s: corrupt frame (%s), NAK", self.name, item.reason)
            await transport.write(bytes([NAK]))
            return
        await transport.write(bytes([ACK]))
        self._dispatch(item)

    def _dispatch(self, frame: Frame) -> None:
        if frame.cmd == Command.EVENT:
            self._on_sale_event(frame)
        elif frame.cmd == Command.CARD_REMOVED:
            self._set_media(MediaStatus.NOT_PRESENT)
        elif frame.cmd == Command.CARD_INSERTED:
            self._set_media(MediaStatus.PRESENT)
        else:
            waiter = self._answers.get(frame.cmd)
            if waiter is not None and not waiter.done():
                waiter.set_result(frame)
            else:
                # A repeated answer (our ACK was lost) or one to a command given up on.
                log.info("%s: unexpected frame 0x%02X dropped", self.name, frame.cmd)

    def _on_sale_event(self, frame: Frame) -> None:
        try:
            event = SaleEvent(frame.data.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            log.warning("%s: unknown sale event (%d bytes)", self.name, len(frame.data))
            return
        listener = self._sale_listener
        if listener is None:
            log.info("%s: sale event %s with no sale running", self.name, event)
            return
        try:
            listener(event)
        except Exception:  # a UI listener failing must not stop the line being read
            log.exception("%s: sale event listener failed", self.name)

    def _fail_waiters(self, error: DeviceError) -> None:
        if self._ack is not None and not self._ack.done():
            self._ack.set_exception(error)
        for waiter in self._answers.values():
            if not waiter.done():
                waiter.set_exception(error)

    # -- sending ----------------------------------------------------------------------------

    def _live_transport(self) -> Transport:
        transport = self._transport
        if transport is None or transport.closed or self._reader is None:
            raise DeviceGone(f"{self.name}: payment module not connected")
        return transport

    async def _send(self, cmd: int, data: bytes = b"") -> None:
        """Send one frame until it is ACKed; DeviceError 'not acknowledged' after retries."""
        frame = encode_frame(cmd, data)
        async with self._wire:
            for attempt in range(1 + RETRANSMISSIONS):
                transport = self._live_transport()
                ack: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
                self._ack = ack
                try:
                    if attempt:
                        self.retransmissions += 1
                    await transport.write(frame)
                    if await _within(ack, self.ack_timeout_s):
                        if self._status.device == DeviceState.HARDWARE_ERROR:
                            self._update(device=DeviceState.ONLINE, last_error=None)
                        return
                    log.info("%s: NAK for 0x%02X, sending it again", self.name, cmd)
                except TimeoutError:
                    log.info("%s: no ACK for 0x%02X, sending it again", self.name, cmd)
                finally:
                    self._ack = None
        self._update(device=DeviceState.HARDWARE_ERROR, last_error="not answering")
        raise DeviceError(f"{self.name}: command 0x{cmd:02X} not acknowledged")

    def _expect(self, cmd: int) -> asyncio.Future[Frame]:
        waiter: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._answers[answer_to(cmd)] = waiter
        return waiter

    def _forget(self, cmd: int, waiter: asyncio.Future[Frame]) -> None:
        if self._answers.get(answer_to(cmd)) is waiter:
            del self._answers[answer_to(cmd)]
        if not waiter.done():
            waiter.cancel()
        elif not waiter.cancelled():
            waiter.exception()  # retrieved, so that asyncio does not log it as lost

    async def _command(self, cmd: int, data: bytes = b"") -> list[str]:
        """Send a command that is answered at once; its answer's fields."""
        waiter = self._expect(cmd)
        try:
            await self._send(cmd, data)
            try:
                frame = await _within(waiter, self.answer_timeout_s)
            except TimeoutError:
                raise DeviceTimeout(
                    f"{self.name}: no answer to 0x{cmd:02X} in {self.answer_timeout_s} s"
                ) from None
        finally:
            self._forget(cmd, waiter)
        try:
            return frame.fields()
        except FrameError as exc:
            raise DeviceError(f"{self.name}: unreadable answer to 0x{cmd:02X}: {exc}") from None

    # -- the sale ---------------------------------------------------------------------------

    async def sale(
        self,
        amount_fen: int,
        trace_no: str,
        order_ref: str,
        on_event: SaleEventListener | None = None,
    ) -> CardSaleResult:
        """Run a sale (see PaymentModule.sale and the outcome rules there)."""
        if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
            raise TypeError("amount must be integer fen")
        if not 0 < amount_fen <= MAX_AMOUNT_FEN:
            raise ValueError(f"amount {amount_fen} fen out of range")
        _check_trace(trace_no)
        if not order_ref or len(order_ref) > 32:
            raise ValueError("order reference must be 1 to 32 characters")
        data = encode_fields(f"{amount_fen:012d}", trace_no, order_ref)
        async with self._lock:
            self._live_transport()
            self._sale_listener = on_event
            self._update(busy_with_sale=True)
            try:
                result = await self._run_sale(data, trace_no)
            finally:
                self._sale_listener = None
                if self._status.busy_with_sale:
                    self._update(busy_with_sale=False)
        if result.approved and result.amount_fen != amount_fen:
            log.error("%s: approved amount differs from the amount asked", self.name)
        log.info(
            "%s: sale trace %s rc %s card %s",
            self.name,
            trace_no,
            result.response_code,
            result.masked_pan,
        )
        return result

    async def _run_sale(self, data: bytes, trace_no: str) -> CardSaleResult:
        waiter = self._expect(Command.SALE)
        try:
            # Not acknowledged: DeviceError, and the sale never ran.
            await self._send(Command.SALE, data)
        except BaseException:
            self._forget(Command.SALE, waiter)
            raise
        timer = asyncio.ensure_future(self.clock.sleep(self.sale_timeout_s))
        try:
            while True:
                try:
                    racers: set[asyncio.Future[Any]] = {waiter, timer}
                    done, _ = await asyncio.wait(racers, return_when=asyncio.FIRST_COMPLETED)
                except asyncio.CancelledError:
                    # The customer walked away or the flow gave up: stop the module asking for
                    # the card. Whatever the module did stays for the caller to resolve.
                    await self._cancel_quietly()
                    raise
                if waiter not in done:
                    break
                frame = waiter.result()  # DeviceGone if the line dropped: outcome unknown
                try:
                    result = parse_result(frame.fields())
                except FrameError as exc:
                    raise DeviceTimeout(
                        f"{self.name}: sale result unreadable ({exc}); outcome unknown"
                    ) from None
                if result.trace_no == trace_no:
                    return result
                log.warning("%s: result of trace %s dropped", self.name, result.trace_no)
                self._forget(Command.SALE, waiter)
                waiter = self._expect(Command.SALE)
        finally:
            timer.cancel()
            self._forget(Command.SALE, waiter)
        await self._cancel_quietly()
        raise DeviceTimeout(
            f"{self.name}: no sale result for trace {trace_no} in {self.sale_timeout_s} s;"
            " outcome unknown"
        )

    async def _cancel_quietly(self) -> None:
        try:
            await asyncio.wait_for(self.cancel_sale(), self.answer_timeout_s + self.ack_timeout_s)
        except (DeviceError, TimeoutError) as exc:
            log.warning("%s: cancel not confirmed: %s", self.name, exc)

    async def cancel_sale(self) -> bool:
        """Abort a sale still waiting for the card or PIN; False if already authorising."""
        fields = await self._command(Command.CANCEL)
        return fields[0] == "00"

    # -- other commands ---------------------------------------------------------------------

    async def query(self, trace_no: str) -> CardSaleResult | None:
        """The module's record of the sale with that trace number, or None if it has none."""
        _check_trace(trace_no)
        async with self._lock:
            fields = await self._command(Command.QUERY, encode_fields(trace_no))
        result = self._result(fields, "query")
        return None if result.response_code == NO_RECORD else result

    async def reverse(self, trace_no: str, reason: str = "timeout") -> CardSaleResult | None:
        """Reverse a sale (ISO 8583 0400): the result (code "00") when reversed, None when the
        module holds no approved sale with that trace (nothing was taken).

        Raises DeviceError when the module refuses or fails the reversal (any other code): the
        money is still taken, and the caller retries later.
        """
        _check_trace(trace_no)
        async with self._lock:
            fields = await self._command(Command.REVERSAL, encode_fields(trace_no, reason))
        result = self._result(fields, "reversal")
        log.info("%s: reversal of trace %s rc %s", self.name, trace_no, result.response_code)
        if result.response_code == NO_RECORD:
            return None
        if not result.approved:
            raise DeviceError(
                f"{self.name}: reversal of trace {trace_no} failed with rc {result.response_code}"
            )
        return result

    async def void(self, trace_no: str) -> CardSaleResult:
        """Void an approved sale of today; the result's code says whether it was voided."""
        _check_trace(trace_no)
        async with self._lock:
            fields = await self._command(Command.VOID, encode_fields(trace_no))
        return self._result(fields, "void")

    def _result(self, fields: list[str], what: str) -> CardSaleResult:
        try:
            return parse_result(fields)
        except FrameError as exc:
            raise DeviceError(f"{self.name}: unreadable {what} answer: {exc}") from None

    async def echo(self) -> None:
        """Link test; DeviceError if the module does not answer."""
        async with self._lock:
            await self._command(Command.ECHO)

    async def card_present(self) -> bool:
        """Ask the module whether a card is in its slot (the last known state during a sale)."""
        if self._lock.locked() and self._status.busy_with_sale:
            return self._status.media == MediaStatus.PRESENT
        async with self._lock:
            fields = await self._command(Command.CARD_STATUS)
        present = fields[0] == "1"
        self._set_media(MediaStatus.PRESENT if present else MediaStatus.NOT_PRESENT)
        return present

    async def wait_card_removed(self, timeout_s: float) -> bool:
        """True once the slot is empty; False if the card is still there after `timeout_s`."""
        if not await self.card_present():
            return True
        transport = self._live_transport()
        timer = asyncio.ensure_future(self.clock.sleep(timeout_s))
        emptied = asyncio.ensure_future(self._slot_empty.wait())
        gone = asyncio.ensure_future(transport.wait_closed())
        try:
            await asyncio.wait({timer, emptied, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (timer, emptied, gone):
                waiter.cancel()
        if self._slot_empty.is_set():
            return True
        if transport.closed:
            raise DeviceGone(f"{self.name}: line dropped while waiting for the card to be taken")
        return False

    async def retain_card(self) -> bool:
        """Keep a card left in the slot; False if the module cannot (no card, bin full)."""
        async with self._lock:
            fields = await self._command(Command.RETAIN)
        if fields[0] == "00":
            self._set_media(MediaStatus.RETAINED)
            return True
        return False
