"""PC/SC smart-card reader (pyscard → pcscd), e.g. the prepaid meter card slot.

pyscard blocks, so it runs in threads: one thread watches the reader with SCardGetStatusChange
(a bounded wait, so `close()` is prompt) and hands each change to the loop; card commands run in a
single worker thread holding its own PC/SC context, which also serialises them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from smartcard import scard

from drivers.interfaces import (
    CardRemoved,
    CardUnreadable,
    DeviceError,
    DeviceGone,
    SmartCardReader,
)
from kiosk.devices.status import CardReaderStatus, ChipPower, DeviceState, MediaStatus

log = logging.getLogger(__name__)
T = TypeVar("T")

_MASK = 0xFFFFFFFF
OK = 0


def _code(name: str) -> int:
    return int(getattr(scard, name)) & _MASK


REMOVED = {_code(n) for n in ("SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD")}
UNREADABLE = {
    _code(n)
    for n in (
        "SCARD_W_UNRESPONSIVE_CARD",
        "SCARD_W_UNPOWERED_CARD",
        "SCARD_E_PROTO_MISMATCH",
        "SCARD_W_UNSUPPORTED_CARD",
    )
}
GONE = {
    _code(n)
    for n in (
        "SCARD_E_NO_SERVICE",
        "SCARD_E_SERVICE_STOPPED",
        "SCARD_E_UNKNOWN_READER",
        "SCARD_E_READER_UNAVAILABLE",
        "SCARD_E_NO_READERS_AVAILABLE",
        "SCARD_E_INVALID_HANDLE",
    )
}
LOST_ANSWER = {_code("SCARD_E_NOT_TRANSACTED"), _code("SCARD_F_COMM_ERROR")}
TIMEOUT, CANCELLED = _code("SCARD_E_TIMEOUT"), _code("SCARD_E_CANCELLED")
LOST_ANSWER_WAIT_MS = 1500  # pcscd polls a serial reader's slot every 400 ms
OPEN_TIMEOUT_S = 5.0


def _message(code: int) -> str:
    return f"{scard.SCardGetErrorMessage(code)} ({code & _MASK:#010x})"


def reader_name_of(url: str) -> str:
    """The PC/SC reader name in a `pcsc://<reader name>` URL (spaces may be %20)."""
    if not url.startswith("pcsc://") or len(url) <= len("pcsc://"):
        raise ValueError(f"not a pcsc:// URL: {url!r}")
    return unquote(url[len("pcsc://") :])


class PcscReader(SmartCardReader):
    """A reader named in a `pcsc://` URL. `base_dir` is accepted for symmetry with the other
    drivers (a PC/SC URL holds no path)."""

    def __init__(
        self,
        name: str,
        url: str = "pcsc://Virtual PCD 00 00",
        *,
        poll_s: float = 0.2,
        base_dir: Path | None = None,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.reader = reader_name_of(url)
        self._poll_ms = max(10, int(poll_s * 1000))
        self._status = CardReaderStatus()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._io: concurrent.futures.ThreadPoolExecutor | None = None
        self._io_context: Any = None
        self._card: Any = None
        self._protocol = 0
        self._watch: threading.Thread | None = None
        self._watch_context: Any = None
        self._stopping = threading.Event()
        self._present = False
        self._gone: str | None = "not opened"
        self._atr = b""
        self._insertions = 0
        self._last_counter = 0
        self._changed = asyncio.Event()
        self._apdus = 0

    # -- Device ---------------------------------------------------------------------------------

    @property
    def status(self) -> CardReaderStatus:
        """Last known status (no I/O)."""
        return self._status

    @property
    def apdu_count(self) -> int:
        """APDUs sent since the reader was opened."""
        return self._apdus

    async def open(self) -> None:
        """Find the reader in pcscd and start watching it; DeviceGone if it is not there."""
        if self._watch is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        self._stopping.clear()
        self._apdus = 0
        self._io = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=f"pcsc-{self.name}")
        first: concurrent.futures.Future[str | None] = concurrent.futures.Future()
        self._watch = threading.Thread(
            target=self._watch_reader, args=(first,), name=f"pcsc-watch-{self.name}", daemon=True
        )
        self._watch.start()
        try:
            gone = await asyncio.wait_for(asyncio.wrap_future(first), OPEN_TIMEOUT_S)
        except TimeoutError:
            gone = "pcscd did not answer"
        if gone is not None:
            await self.close()
            raise DeviceGone(f"{self.reader}: {gone}")

    async def close(self) -> None:
        """Stop watching, end any card session, release PC/SC; safe to call twice."""
        watch, self._watch = self._watch, None
        self._stopping.set()
        context = self._watch_context
        if context is not None:
            scard.SCardCancel(context)
        if watch is not None:
            await asyncio.to_thread(watch.join, 2.0)
        io, self._io = self._io, None
        if io is not None:
            # a command stuck in the card (a held write) must not hold up closing
            io.submit(self._release_io)
            io.shutdown(wait=False)
        self._gone = "closed"
        self._present = False
        self._wake()
        self._set_status(
            CardReaderStatus(DeviceState.OFFLINE, None, MediaStatus.UNKNOWN, ChipPower.UNKNOWN)
        )

    # -- presence -------------------------------------------------------------------------------

    def card_present(self) -> bool:
        """Whether a card is in the reader (last known)."""
        return self._present

    async def wait_for_card(self) -> bytes:
        """Wait for the next insertion and return its ATR (a card already in counts only after
        it was taken out and put back). DeviceGone if the reader goes away meanwhile."""
        start = self._insertions
        while True:
            if self._gone is not None:
                raise DeviceGone(f"{self.reader}: {self._gone}")
            if self._insertions > start and self._present:
                return self._atr
            await self._changed.wait()

    async def wait_for_removal(self, timeout_s: float) -> bool:
        """Wait until the slot is empty; False if a card is still in after `timeout_s`."""
        try:
            async with asyncio.timeout(timeout_s):
                while self._present:
                    if self._gone is not None:
                        raise DeviceGone(f"{self.reader}: {self._gone}")
                    await self._changed.wait()
        except TimeoutError:
            return False
        return True

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _watch_reader(self, first: concurrent.futures.Future[str | None]) -> None:
        """Thread: report every change of the reader's state to the loop."""
        known = scard.SCARD_STATE_UNAWARE
        pause = 0.5
        while not self._stopping.is_set():
            if self._watch_context is None:
                result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                if result != OK:
                    self._report(first, None, _message(result))
                    self._stopping.wait(pause)
                    pause = min(pause * 2, 5.0)
                    continue
                self._watch_context, known = context, scard.SCARD_STATE_UNAWARE
            result, states = scard.SCardGetStatusChange(
                self._watch_context, self._poll_ms, [(self.reader, known)]
            )
            result &= _MASK
            if result in (TIMEOUT, CANCELLED):
                continue
            if result != OK:
                scard.SCardReleaseContext(self._watch_context)
                self._watch_context = None
                self._report(first, None, _message(result))
                self._stopping.wait(pause)
                pause = min(pause * 2, 5.0)
                continue
            pause = 0.5
            _, event, atr = states[0]
            known = event & ~scard.SCARD_STATE_CHANGED
            if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                self._report(first, None, "reader unavailable")
            else:
                self._report(first, event, None, bytes(atr))
        if self._watch_context is not None:
            scard.SCardReleaseContext(self._watch_context)
            self._watch_context = None

    def _report(
        self,
        first: concurrent.futures.Future[str | None],
        event: int | None,
        gone: str | None,
        atr: bytes = b"",
    ) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._on_reader_state, event, gone, atr)
        except RuntimeError:
            return  # the loop closed meanwhile
        if not first.done():
            first.set_result(gone)

    def _on_reader_state(self, event: int | None, gone: str | None, atr: bytes) -> None:
        """On the loop: new reader state from the watch thread."""
        if self._watch is None:
            return
        if gone is not None:
            if self._gone is None:
                log.warning("%s: reader %s gone: %s", self.name, self.reader, gone)
            self._gone, self._present = gone, False
            self._set_status(
                CardReaderStatus(
                    DeviceState.NO_DEVICE, gone, MediaStatus.UNKNOWN, ChipPower.UNKNOWN
                )
            )
            self._wake()
            return
        assert event is not None
        present = bool(event & scard.SCARD_STATE_PRESENT)
        mute = bool(event & scard.SCARD_STATE_MUTE)
        counter = event >> 16
        # pcscd counts each insertion and removal: +2 while present is a card pulled out and put
        # back between two polls, which is a new insertion too
        swapped = self._present and (counter - self._last_counter) % 0x10000 >= 2
        self._last_counter = counter
        if present and (not self._present or swapped):
            self._insertions += 1
        self._gone, self._present, self._atr = None, present, atr if present else b""
        if not present:
            media, chip = MediaStatus.NOT_PRESENT, ChipPower.NO_CARD
        elif mute:
            media, chip = MediaStatus.PRESENT, ChipPower.UNKNOWN
        elif self._card is not None:
            media, chip = MediaStatus.PRESENT, ChipPower.ONLINE
        else:
            media, chip = MediaStatus.PRESENT, ChipPower.POWERED_OFF
        error = "card mute" if present and mute else None
        self._set_status(CardReaderStatus(DeviceState.ONLINE, error, media, chip))
        self._wake()

    def _set_status(self, new: CardReaderStatus) -> None:
        old, self._status = self._status, new
        self._status_changed(old, new)

    # -- card session (worker thread) -----------------------------------------------------------

    async def _run(self, call: Callable[[], T]) -> T:
        io = self._io
        if io is None:
            raise DeviceGone(f"{self.reader}: reader not open")
        return await asyncio.wrap_future(io.submit(call))

    def _context(self) -> Any:
        if self._io_context is None:
            result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if result != OK:
                raise DeviceGone(f"{self.reader}: {_message(result)}")
            self._io_context = context
        return self._io_context

    def _fail(self, result: int, doing: str) -> DeviceError:
        """The exception for a failed PC/SC call (and forget a context pcscd no longer knows)."""
        result &= _MASK
        text = f"{self.reader}: {doing}: {_message(result)}"
        if result in REMOVED:
            return CardRemoved(text)
        if result in UNREADABLE:
            return CardUnreadable(text)
        if result in GONE:
            self._card, self._io_context = None, None
            return DeviceGone(text)
        return DeviceError(text)

    async def connect_card(self) -> bytes:
        """Power the card and open an exclusive session; returns the ATR."""
        atr = await self._run(self._connect)
        if self._present:
            self._set_status(
                CardReaderStatus(DeviceState.ONLINE, None, MediaStatus.PRESENT, ChipPower.ONLINE)
            )
        return atr

    def _connect(self) -> bytes:
        self._disconnect()
        context = self._context()
        protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        result, card, protocol = scard.SCardConnect(
            context, self.reader, scard.SCARD_SHARE_EXCLUSIVE, protocols
        )
        if result != OK:
            raise self._fail(result, "connect")
        result, _, _, _, atr = scard.SCardStatus(card)
        if result != OK:
            scard.SCardDisconnect(card, scard.SCARD_UNPOWER_CARD)
            raise self._fail(result, "status")
        self._card, self._protocol = card, protocol
        return bytes(atr)

    async def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; returns response data + SW1 SW2."""
        self._apdus += 1
        return await self._run(lambda: self._transmit(apdu))

    def _transmit(self, apdu: bytes) -> bytes:
        card = self._card
        if card is None:
            raise DeviceError(f"{self.reader}: no card session (connect_card first)")
        result, response = scard.SCardTransmit(card, self._protocol, list(apdu))
        result &= _MASK
        if result == OK and len(response) >= 2:
            return bytes(response)
        if result == OK or result in LOST_ANSWER:
            # vpcd answers "nothing" when the card side vanished mid-command: removed or mute?
            raise self._lost_answer()
        raise self._fail(result, "transmit")

    def _lost_answer(self) -> DeviceError:
        context, card = self._context(), self._card
        result, states = scard.SCardGetStatusChange(
            context, 0, [(self.reader, scard.SCARD_STATE_UNAWARE)]
        )
        if result == OK and states[0][1] & scard.SCARD_STATE_PRESENT:
            result, states = scard.SCardGetStatusChange(
                context, LOST_ANSWER_WAIT_MS, [(self.reader, states[0][1])]
            )
        if result == OK and not states[0][1] & scard.SCARD_STATE_PRESENT:
            return CardRemoved(f"{self.reader}: card taken out during the command")
        status = scard.SCardStatus(card)[0] & _MASK if card is not None else OK
        if status in REMOVED:
            return CardRemoved(f"{self.reader}: card taken out during the command")
        return CardUnreadable(f"{self.reader}: the card did not answer")

    async def disconnect_card(self) -> None:
        """End the session, leaving the card powered down; safe to call twice."""
        if self._io is None:
            return
        await self._run(self._disconnect)
        if self._present:
            self._set_status(
                CardReaderStatus(
                    DeviceState.ONLINE, None, MediaStatus.PRESENT, ChipPower.POWERED_OFF
                )
            )

    def _disconnect(self) -> None:
        card, self._card = self._card, None
        if card is not None:
            scard.SCardDisconnect(card, scard.SCARD_UNPOWER_CARD)

    def _release_io(self) -> None:
        self._disconnect()
        context, self._io_context = self._io_context, None
        if context is not None:
            scard.SCardReleaseContext(context)
