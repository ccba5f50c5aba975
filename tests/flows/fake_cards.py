"""Fakes of the bank-card payment module, the PC/SC reader and a prepaid meter card, honouring the
interfaces' rules (a card's count must be the next one, a MAC must match, removal is an edge)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from drivers.interfaces import (
    CardSaleResult,
    DeviceError,
    PaymentModule,
    SaleEvent,
    SaleEventListener,
    SmartCardReader,
)
from drivers.prepaid_types import (
    CardKind,
    CardProblem,
    PrepaidCardData,
    PrepaidCardError,
    PurchaseWrite,
    WriteBackRecord,
)
from kiosk.devices.status import CardReaderStatus, DeviceState, PaymentModuleStatus

MASTER = b"flow-test-master-key"


def mac_for(serial: str, amount_fen: int, count: int) -> str:
    """The stand-in for SM1: HMAC over serial || amount || count with a per-card key."""
    key = hmac.new(MASTER, bytes.fromhex(serial), hashlib.sha256).digest()
    data = bytes.fromhex(serial) + amount_fen.to_bytes(4, "big") + count.to_bytes(4, "big")
    return hmac.new(key, data, hashlib.sha256).digest()[:4].hex().upper()


@dataclass
class SalePlan:
    """How the module answers the next sale. `error` raises instead (DeviceTimeout after the ack
    = unknown outcome; plain DeviceError = never ran); `approved_anyway`: the bank took the money
    even though the terminal saw a timeout. `hang`: waits for card/PIN until cancelled."""

    code: str = "00"
    message: str = ""
    error: DeviceError | None = None
    approved_anyway: bool = False
    hang: bool = False
    before_ack: bool = False  # `error` raised before the module accepted the sale


class FakePaymentModule(PaymentModule):
    """A payment module that runs scripted sales and keeps what it approved."""

    def __init__(self) -> None:
        super().__init__("payment_module")
        self.plans: deque[SalePlan] = deque()
        self.sales: dict[str, CardSaleResult] = {}  # approved and not reversed, by trace
        self.reversals: list[str] = []
        self.fail_reversals = 0
        self.card_in = False
        self.removed_after: float | None = 0.0  # card taken this long after the prompt
        self.retained = False
        self.cancel_requests = 0
        self._cancel: asyncio.Future[None] | None = None
        self._authorising = False

    @property
    def status(self) -> PaymentModuleStatus:
        return PaymentModuleStatus(device=DeviceState.ONLINE)

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def sale(
        self,
        amount_fen: int,
        trace_no: str,
        order_ref: str,
        on_event: SaleEventListener | None = None,
    ) -> CardSaleResult:
        plan = self.plans.popleft() if self.plans else SalePlan()
        emit = on_event or (lambda event: None)
        if plan.error is not None and plan.before_ack:
            raise plan.error
        emit(SaleEvent.INSERT_CARD)
        self.card_in = True
        self._authorising = False
        if plan.hang:
            self._cancel = asyncio.get_running_loop().create_future()
            await self._cancel
            return CardSaleResult("U1", trace_no, amount_fen, message="cancelled")
        emit(SaleEvent.ENTER_PIN)
        self._authorising = True
        emit(SaleEvent.AUTHORISING)
        result = CardSaleResult(
            plan.code,
            trace_no,
            amount_fen,
            masked_pan="622202******1234",
            auth_code="A1B2C3" if plan.code == "00" else None,
            rrn="123456789012" if plan.code == "00" else None,
            message=plan.message,
        )
        if plan.code == "00" or plan.approved_anyway:
            self.sales[trace_no] = replace(result, response_code="00")
        if plan.error is not None:
            raise plan.error
        return result

    async def cancel_sale(self) -> bool:
        self.cancel_requests += 1
        if self._authorising or self._cancel is None or self._cancel.done():
            return False
        self._cancel.set_result(None)
        return True

    async def query(self, trace_no: str) -> CardSaleResult | None:
        return self.sales.get(trace_no)

    async def reverse(self, trace_no: str, reason: str = "timeout") -> CardSaleResult | None:
        if self.fail_reversals:
            self.fail_reversals -= 1
            raise DeviceError("no answer to the reversal")
        self.reversals.append(trace_no)
        sale = self.sales.pop(trace_no, None)
        return sale

    async def void(self, trace_no: str) -> CardSaleResult:
        raise DeviceError("not in these tests")

    async def echo(self) -> None:
        pass

    async def card_present(self) -> bool:
        return self.card_in

    async def wait_card_removed(self, timeout_s: float) -> bool:
        if self.removed_after is None or self.removed_after > timeout_s:
            if self.removed_after is not None:
                self.removed_after -= timeout_s
            return False
        self.card_in = False
        return True

    async def retain_card(self) -> bool:
        self.retained = True
        self.card_in = False
        return True

    def charged(self) -> int:
        """Money held on cards now (approved and not reversed), in fen."""
        return sum(sale.amount_fen for sale in self.sales.values())


@dataclass
class MeterCard:
    """A prepaid card's contents."""

    serial: str = "5A10000000000001"
    utility_code: str = "4403"
    meter_type: int = 1
    meter_no: str = "440300000001"
    account_no: str = "1163465493"
    wallet_amount_fen: int = 0
    wallet_count: int = 0
    meter_count: int = 0
    remaining_fen: int = 3000
    problem: CardProblem | None = None  # what reading it raises
    write_problem: CardProblem | None = None  # what the next write raises
    write_applied_then_removed: bool = False  # the write lands, then the card is pulled

    def data(self) -> PrepaidCardData:
        return PrepaidCardData(
            card_serial=self.serial,
            utility_code=self.utility_code,
            meter_type=self.meter_type,
            card_kind=CardKind.PURCHASE,
            meter_no=self.meter_no,
            wallet_amount_fen=self.wallet_amount_fen,
            wallet_count=self.wallet_count,
            write_back=WriteBackRecord(
                self.remaining_fen,
                self.meter_count,
                self.meter_no,
                self.account_no,
                None,
                bytes(49),
            ),
        )


@dataclass
class FakeCardIO:
    """The prepaid-card driver functions over a `MeterCard` in a `FakeCardReader`."""

    writes: list[PurchaseWrite] = field(default_factory=list)

    async def read(self, reader: SmartCardReader) -> PrepaidCardData:
        card = _card(reader)
        if card.problem is not None:
            raise PrepaidCardError(card.problem)
        return card.data()

    async def write(
        self, reader: SmartCardReader, purchase: PurchaseWrite, expected_serial: str
    ) -> PrepaidCardData:
        card = _card(reader)
        self.writes.append(purchase)
        if card.serial != expected_serial:
            raise PrepaidCardError(CardProblem.NOT_PRESENT)
        if card.write_problem is not None:
            problem, card.write_problem = card.write_problem, None
            raise PrepaidCardError(problem)
        if purchase.mac.hex().upper() != mac_for(card.serial, purchase.amount_fen, purchase.count):
            raise PrepaidCardError(CardProblem.MAC_ERROR, "6988")
        if purchase.count != card.wallet_count + 1:
            raise PrepaidCardError(CardProblem.COUNT_MISMATCH, "6985")
        card.wallet_amount_fen, card.wallet_count = purchase.amount_fen, purchase.count
        if card.write_applied_then_removed:
            card.write_applied_then_removed = False
            assert isinstance(reader, FakeCardReader)
            reader.card = None
            raise PrepaidCardError(CardProblem.REMOVED)
        return card.data()


def _card(reader: SmartCardReader) -> MeterCard:
    assert isinstance(reader, FakeCardReader)
    if reader.card is None:
        raise PrepaidCardError(CardProblem.NOT_PRESENT)
    return reader.card


class FakeCardReader(SmartCardReader):
    """A PC/SC reader holding at most one `MeterCard`; insertion is an edge."""

    def __init__(self) -> None:
        super().__init__("card_reader")
        self.card: MeterCard | None = None
        self._inserted: asyncio.Future[bytes] | None = None
        self._unseen = False
        self.take_after: float | None = 0.0  # the customer takes the card this long after asked

    @property
    def status(self) -> CardReaderStatus:
        return CardReaderStatus(device=DeviceState.ONLINE)

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    def insert(self, card: MeterCard) -> None:
        self.card = card
        if self._inserted is not None and not self._inserted.done():
            self._inserted.set_result(b"\x3b\x6c")
        else:
            self._unseen = True  # an insertion edge no one waited for yet

    async def wait_for_card(self) -> bytes:
        if self._unseen:
            self._unseen = False
            return b"\x3b\x6c"
        self._inserted = asyncio.get_running_loop().create_future()
        return await self._inserted

    async def wait_for_removal(self, timeout_s: float) -> bool:
        if self.card is None:
            return True
        if self.take_after is None or self.take_after > timeout_s:
            if self.take_after is not None:
                self.take_after -= timeout_s
            return False
        self.card = None
        return True

    def card_present(self) -> bool:
        return self.card is not None

    async def connect_card(self) -> bytes:
        raise DeviceError("the flows use FakeCardIO")

    async def transmit(self, apdu: bytes) -> bytes:
        raise DeviceError("the flows use FakeCardIO")

    async def disconnect_card(self) -> None:
        pass

    @property
    def apdu_count(self) -> int:
        return 0


class Insert:
    """A ScriptedUI answer: the customer inserts `card` while the screen is up."""

    def __init__(self, reader: FakeCardReader, card: MeterCard) -> None:
        self.reader = reader
        self.card = card

    async def __call__(self, prompt: Any) -> None:
        self.reader.insert(self.card)
        await asyncio.get_running_loop().create_future()
