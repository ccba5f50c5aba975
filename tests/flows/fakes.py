"""Test doubles for the flows: a virtual clock, a scripted customer, an in-memory back office and
fake devices. Each honours the semantics of the interface it stands in for, so a flow that passes
here behaves the same against the real parts."""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fake_backoffice import FakeBackOffice, Plan, account

from drivers.interfaces import (
    BarcodeScanner,
    DeviceError,
    DeviceGone,
    PaymentModule,
    ReceiptPrinter,
    SmartCardReader,
)
from kiosk.devices.status import (
    BarcodeScannerStatus,
    CoverStatus,
    DeviceState,
    PaperStatus,
    PrinterStatus,
    ScannerStatus,
)
from kiosk.flows.ports import IdleInfo, Language, StartChoice
from kiosk.receipt import Receipt

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

ACCOUNT_NO = "1234567897"  # Luhn check digit of 123456789 is 7
PREPAID_NO = "2000000006"
WECHAT_CODE = "134567890123456789"  # 18 digits, prefix 13
ALIPAY_CODE = "2812345678901234"  # 16 digits, prefix 28


# -- time ---------------------------------------------------------------------------------------


class FakeClock:
    """Virtual time. `sleep()` returns at once in real time: whenever every task is waiting, the
    clock jumps to the earliest sleeper's deadline. So 30 s of polling runs in milliseconds and
    concurrent sleepers still wake in the right order."""

    def __init__(self, start: datetime = START) -> None:
        self._now = 0.0
        self._start = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._driver: asyncio.Task[None] | None = None
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> datetime:
        return self._start + timedelta(seconds=self._now)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self._now + max(0.0, seconds), self._seq, future))
        self._seq += 1
        if self._driver is None or self._driver.done():
            self._driver = loop.create_task(self._drive())
        await future

    async def _drive(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await _settle(loop)
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)
            if not self._sleepers:
                return
            self._now = max(self._now, self._sleepers[0][0])
            while self._sleepers and self._sleepers[0][0] <= self._now:
                _, _, future = heapq.heappop(self._sleepers)
                if not future.done():
                    future.set_result(None)


async def _settle(loop: asyncio.AbstractEventLoop) -> None:
    """Return once no other callback is ready to run (every task is waiting on something)."""
    quiet = 0
    while quiet < 3:
        await asyncio.sleep(0)
        ready = getattr(loop, "_ready", None)
        quiet = quiet + 1 if not ready else 0


# -- the customer ---------------------------------------------------------------------------------


class ScriptExhausted(BaseException):
    """The flow asked the scripted customer something the test did not script."""


class _Hang:
    def __repr__(self) -> str:
        return "HANG"


HANG: Any = _Hang()  # the customer never answers (walked away)


@dataclass
class Scan:
    """The customer holds a code to the scanner while this screen is up."""

    scanner: FakeScanner
    code: str


@dataclass
class After:
    """The customer answers `then` after `seconds` of virtual time."""

    seconds: float
    then: Any


# Screens that wait for the scanner or a Cancel press rather than for an answer.
_DEFAULT_HANG = {
    "wait_at_code_prompt",
    "wait_for_cancel",
    "show_qr_code",
    "wait_for_prepaid_card",
    "show_video_waiting",
    "show_teller_account",  # stays until the customer goes back to the call, or is replaced
}
_DEFAULT_NONE = {"show_account", "show_outcome", "show_message", "show_prepaid_card"}


class ScriptedUI:
    """A CustomerUI driven by per-method queues of answers; records every screen shown.

    An answer may be a value, an exception (class or instance) to raise, HANG, Scan(...),
    After(seconds, answer), or a callable taking the screen's argument.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.scripts: dict[str, deque[Any]] = {}
        self.shown: list[tuple[str, Any]] = []
        self.languages: list[Language] = []
        self.countdowns: list[int | None] = []
        self.processing: list[tuple[Any, int, bool]] = []
        self.cancelled: list[str] = []

    def script(self, method: str, *answers: Any) -> ScriptedUI:
        self.scripts.setdefault(method, deque()).extend(answers)
        return self

    def screens(self, method: str) -> list[Any]:
        return [arg for name, arg in self.shown if name == method]

    def names(self) -> list[str]:
        return [name for name, _ in self.shown]

    async def _answer(self, method: str, arg: Any = None) -> Any:
        self.shown.append((method, arg))
        queue = self.scripts.get(method)
        if queue:
            entry = queue.popleft()
        elif method in _DEFAULT_HANG:
            entry = HANG
        elif method in _DEFAULT_NONE:
            entry = None
        else:
            raise ScriptExhausted(f"{method}({arg!r}) was not scripted")
        try:
            return await self._play(entry, arg)
        except asyncio.CancelledError:
            self.cancelled.append(method)
            raise

    async def _play(self, entry: Any, arg: Any) -> Any:
        if entry is HANG:
            await asyncio.get_running_loop().create_future()
        if isinstance(entry, Scan):
            entry.scanner.present(entry.code)
            await asyncio.get_running_loop().create_future()
        if isinstance(entry, After):
            await self.clock.sleep(entry.seconds)
            return await self._play(entry.then, arg)
        if isinstance(entry, BaseException) or (
            isinstance(entry, type) and issubclass(entry, BaseException)
        ):
            raise entry
        if callable(entry):
            result = entry(arg)
            return await result if asyncio.iscoroutine(result) else result
        return entry

    # the CustomerUI port

    def set_language(self, language: Language) -> None:
        self.languages.append(language)

    @property
    def language(self) -> Language:
        return self.languages[-1] if self.languages else Language.ZH_CN

    async def wait_for_customer(self, idle: IdleInfo) -> StartChoice:
        answer: StartChoice = await self._answer("wait_for_customer", idle)
        return answer

    async def ask_account_number(self, prompt: Any) -> str:
        answer: str = await self._answer("ask_account_number", prompt)
        return answer

    async def show_account(self, view: Any) -> None:
        await self._answer("show_account", view)

    async def ask_amount(self, choice: Any) -> int:
        answer: int = await self._answer("ask_amount", choice)
        return answer

    async def ask_method(self, choice: Any) -> Any:
        answer: Any = await self._answer("ask_method", choice)
        return answer

    async def confirm_without_receipt(self) -> bool:
        answer: bool = await self._answer("confirm_without_receipt")
        return answer

    async def wait_at_code_prompt(self, prompt: Any) -> None:
        await self._answer("wait_at_code_prompt", prompt)

    def show_processing(self, stage: Any, amount_fen: int, can_cancel: bool) -> None:
        self.processing.append((stage, amount_fen, can_cancel))
        self.shown.append(("show_processing", stage))

    async def wait_for_cancel(self) -> None:
        await self._answer("wait_for_cancel")

    async def show_outcome(self, outcome: Any, seconds: float) -> None:
        await self._answer("show_outcome", outcome)

    async def show_message(self, message: Any, params: dict[str, str]) -> None:
        await self._answer("show_message", (message, params))

    async def ask_reference(self, error: Any) -> str:
        answer: str = await self._answer("ask_reference", error)
        return answer

    def show_countdown(self, seconds_left: int | None) -> None:
        self.countdowns.append(seconds_left)

    async def show_qr_code(self, prompt: Any) -> None:
        await self._answer("show_qr_code", prompt)

    async def wait_for_prepaid_card(self, prompt: Any) -> None:
        await self._answer("wait_for_prepaid_card", prompt)

    async def show_prepaid_card(self, view: Any) -> None:
        await self._answer("show_prepaid_card", view)

    def show_take_card(self, prompt: Any) -> None:
        self.shown.append(("show_take_card", prompt))

    async def ask_video_consent(self) -> bool:
        answer: bool = await self._answer("ask_video_consent")
        return answer

    async def show_video_waiting(self, waiting: Any) -> None:
        await self._answer("show_video_waiting", waiting)

    async def show_video_call(self, view: Any) -> None:
        await self._answer("show_video_call", view)

    async def ask_callback_phone(self, error: Any) -> str:
        answer: str = await self._answer("ask_callback_phone", error)
        return answer

    async def ask_teller_request(self, request: Any) -> bool:
        answer: bool = await self._answer("ask_teller_request", request)
        return answer

    async def show_teller_account(self, view: Any) -> None:
        await self._answer("show_teller_account", view)

    async def take_document_photo(self, prompt: Any) -> Any:
        answer: Any = await self._answer("take_document_photo", prompt)
        return answer

    async def fill_teller_form(self, form: Any) -> Any:
        answer: Any = await self._answer("fill_teller_form", form)
        return answer

    def show_teller_notice(self, message: Any, call: Any) -> None:
        self.shown.append(("show_teller_notice", message))

    async def hold_teller_notice(self, seconds: float) -> None:
        await self.clock.sleep(seconds)


# -- devices --------------------------------------------------------------------------------------


class FakeScanner(BarcodeScanner):
    """A scanner that reads what the test presents, only while scanning is on."""

    def __init__(self, name: str = "scanner") -> None:
        super().__init__(name)
        self._status = BarcodeScannerStatus(device=DeviceState.ONLINE, scanner=ScannerStatus.OFF)
        self._pending: deque[str] = deque()
        self._reader: asyncio.Future[str] | None = None
        self.scanning = False
        self.switches: list[bool] = []
        self.ignored: list[str] = []
        self.gone = False

    @property
    def status(self) -> BarcodeScannerStatus:
        return self._status

    async def open(self) -> None:
        if self.gone:
            raise DeviceGone("unplugged")

    async def close(self) -> None:
        self.scanning = False

    async def read_code(self) -> str:
        if self.gone:
            raise DeviceGone("unplugged")
        if self._pending:
            return self._pending.popleft()
        self._reader = asyncio.get_running_loop().create_future()
        try:
            return await self._reader
        finally:
            self._reader = None

    async def set_scanning(self, on: bool) -> None:
        if self.gone:
            raise DeviceGone("unplugged")
        self.scanning = on
        self.switches.append(on)
        self._status = BarcodeScannerStatus(
            device=DeviceState.ONLINE, scanner=ScannerStatus.ON if on else ScannerStatus.OFF
        )

    def present(self, code: str) -> None:
        """A code held in front of the scanner."""
        if not self.scanning or self.gone:
            self.ignored.append(code)
            return
        if self._reader is not None and not self._reader.done():
            self._reader.set_result(code)
        else:
            self._pending.append(code)

    def unplug(self) -> None:
        """The cable is pulled: a waiting read fails with DeviceGone."""
        self.gone = True
        self.scanning = False
        self._status = BarcodeScannerStatus(device=DeviceState.NO_DEVICE)
        if self._reader is not None and not self._reader.done():
            self._reader.set_exception(DeviceGone("unplugged"))


class FakePrinter(ReceiptPrinter):
    """A printer that keeps what it printed; paper can run out, jobs can fail."""

    def __init__(self, name: str = "receipt_printer") -> None:
        super().__init__(name)
        self._status = PrinterStatus(
            device=DeviceState.ONLINE, paper=PaperStatus.FULL, cover=CoverStatus.CLOSED
        )
        self.printed: list[Receipt] = []
        self.fail_jobs = 0
        self.status_queries = 0

    @property
    def status(self) -> PrinterStatus:
        return self._status

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def query_status(self) -> PrinterStatus:
        self.status_queries += 1
        return self._status

    async def print_receipt(self, receipt: Receipt) -> None:
        if not self._status.can_print:
            raise DeviceError(f"cannot print: paper {self._status.paper.value}")
        if self.fail_jobs:
            self.fail_jobs -= 1
            self._status = PrinterStatus(
                device=DeviceState.ONLINE, paper=PaperStatus.JAMMED, cover=CoverStatus.CLOSED
            )
            raise DeviceError("paper jammed during the job")
        self.printed.append(receipt)

    def set_paper(self, paper: PaperStatus) -> None:
        self._status = PrinterStatus(
            device=DeviceState.ONLINE, paper=paper, cover=CoverStatus.CLOSED
        )


class FakeDevices:
    """DeviceAccess over fake devices; an unplugged device is reported as absent."""

    def __init__(
        self,
        scanner: FakeScanner | None = None,
        printer: FakePrinter | None = None,
        module: PaymentModule | None = None,
        reader: SmartCardReader | None = None,
    ) -> None:
        self._scanner = scanner
        self._printer = printer
        self.module = module
        self.reader = reader

    def payment_module(self) -> PaymentModule | None:
        return self.module

    def card_reader(self) -> SmartCardReader | None:
        return self.reader

    def scanner(self) -> BarcodeScanner | None:
        if self._scanner is None or self._scanner.gone:
            return None
        return self._scanner

    def receipt_printer(self) -> ReceiptPrinter | None:
        return self._printer


__all__ = [
    "ACCOUNT_NO",
    "ALIPAY_CODE",
    "HANG",
    "PREPAID_NO",
    "WECHAT_CODE",
    "After",
    "FakeBackOffice",
    "FakeClock",
    "FakeDevices",
    "FakePrinter",
    "FakeScanner",
    "Plan",
    "Scan",
    "ScriptExhausted",
    "ScriptedUI",
    "account",
]
