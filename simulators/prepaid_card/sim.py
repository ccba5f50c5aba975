"""`PrepaidCardSimulator`: a card slot on vpcd, scriptable from tests and the hardware panel.

The vpcd link answers from its own thread; controls (insert, remove, faults) come from the
simulator host's loop or a test; one lock guards the slot. Card contents are saved per card in
`state_dir` after every change, so a card keeps them across simulator restarts.

The one slot holds either a prepaid card or a staff card (simulators/staff_cards.py): the reader
is the same, the card decides what it answers.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from simulators.pcscd import DEFAULT_PORT, PcscdInfo
from simulators.prepaid_card.card import SimCard
from simulators.prepaid_card.cards import find_spec
from simulators.prepaid_card.vicc import VpcdLink
from simulators.staff_cards import StaffCard, is_staff_card_name

log = logging.getLogger(__name__)
WALLET_WRITE = bytes.fromhex("04D682000C")
LOG_SIZE = 50


class RemoveOnWrite(StrEnum):
    """When the card vanishes during the next wallet write."""

    BEFORE = "before"  # pulled out before the chip applied the write
    AFTER = "after"  # applied, then pulled out before answering


class PrepaidCardSimulator:
    """The simulated card slot of the virtual PC/SC reader at vpcd `port`."""

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        pcscd: PcscdInfo | None = None,
        *,
        state_dir: Path | None = None,
    ) -> None:
        self.port = port
        self.pcscd = pcscd
        self.state_dir = state_dir
        self._lock = threading.Lock()
        self._card: SimCard | None = None
        self._staff_card: StaffCard | None = None
        self._remove_on_write: RemoveOnWrite | None = None
        self._writes_released = threading.Event()
        self._writes_released.set()
        self._link: VpcdLink | None = None
        self._stopped = False
        self.apdu_count = 0
        self.apdu_log: deque[tuple[str, str]] = deque(maxlen=LOG_SIZE)  # (command, response) hex
        self.writes_waiting = threading.Event()  # set while a stalled write is held

    async def start(self) -> None:
        """Start the link to vpcd (it keeps reconnecting until `stop`)."""
        if self._link is None:
            self._stopped = False
            self._link = VpcdLink(self, self.port, self.pcscd)
            self._link.start()

    async def stop(self) -> None:
        """Stop the link; a held write is let go unanswered."""
        link, self._link = self._link, None
        self._stopped = True
        self._writes_released.set()
        if link is not None:
            link.stop()

    @property
    def current(self) -> SimCard | None:
        """The card in the slot, if any."""
        return self._card

    @property
    def current_staff_card(self) -> StaffCard | None:
        """The staff card in the slot, if any."""
        return self._staff_card

    def insert(self, card: SimCard | str) -> SimCard:
        """Put a card in the slot: a `SimCard`, or a catalogue name or serial (its saved contents
        if the card was used before). A card already in the slot is taken out first."""
        if isinstance(card, str):
            spec = find_spec(card)
            card = self._load(spec.key) or spec.make()
        with self._lock:
            self._card = card
            self._staff_card = None
            card.power_up()
            self._save(card)
        log.info("card %s inserted", card.key)
        self._replug()
        return card

    def insert_staff_card(self, name: str) -> StaffCard:
        """Put the staff card `name` (simulators/staff_cards.py) in the slot; KeyError if there is
        no such card. A card already in the slot is taken out first."""
        card = StaffCard.named(name)
        with self._lock:
            self._card = None
            self._staff_card = card
        log.info("staff card %s inserted", name)
        self._replug()
        return card

    def insert_any(self, name: str) -> str:
        """Insert a staff card or a prepaid card by name (or a prepaid card's serial); returns the
        name of what went in. KeyError if neither catalogue has it."""
        if is_staff_card_name(name):
            return self.insert_staff_card(name).key
        return self.insert(name).key

    def _replug(self) -> None:
        if self._link is not None:
            self._link.drop()  # vpcd must see a new card, not the old one still there
            self._link.wake()

    def remove(self) -> SimCard | None:
        """Take the card out of the slot."""
        with self._lock:
            card, self._card = self._card, None
            self._staff_card = None
        self._writes_released.set()
        if self._link is not None:
            self._link.drop()
        return card

    def remove_on_write(self, when: RemoveOnWrite | str | None) -> None:
        """Pull the card out during the next wallet write, before or after it is applied."""
        self._remove_on_write = RemoveOnWrite(when) if when else None

    def stall_writes(self, stalled: bool) -> None:
        """Hold the answer to wallet writes (and the write itself) until released."""
        if stalled:
            self._writes_released.clear()
        else:
            self._writes_released.set()

    def load_into_meter(self, now: datetime | None = None) -> bool:
        """The customer puts the card into the meter (the card is still in the slot); True if the
        meter loaded a purchase."""
        with self._lock:
            card = self._card
            if card is None:
                return False
            loaded = card.load_into_meter(now or datetime.now())
            self._save(card)
            return loaded

    def saved(self, card: str) -> dict[str, object]:
        """A catalogue card's contents as they stand, whether in the slot or not."""
        spec = find_spec(card)
        with self._lock:
            if self._card is not None and self._card.key == spec.key:
                return self._card.describe()
        return (self._load(spec.key) or spec.make()).describe()

    def state(self) -> dict[str, object]:
        """The slot, the card decoded and the APDU log, for GET /card/state."""
        with self._lock:
            card = self._card
            staff = self._staff_card
            return {
                "inserted": card is not None or staff is not None,
                "card": card.describe() if card is not None else None,
                "staff_card": staff.describe() if staff is not None else None,
                "remove_on_write": self._remove_on_write,
                "writes_stalled": not self._writes_released.is_set(),
                "apdu_count": self.apdu_count,
                "apdus": list(self.apdu_log)[-10:],
            }

    # -- CardEndpoint (called from the link thread) ---------------------------------------------

    def answer_to_reset(self) -> bytes:
        """The ATR of the card in the slot, b"" when empty."""
        staff = self._staff_card
        if staff is not None:
            return staff.answer_to_reset()
        card = self._card
        return card.atr if card is not None else b""

    def power(self, on: bool) -> None:
        """Power on or reset: the card loses its file selection."""
        staff = self._staff_card
        if staff is not None:
            staff.power(on)
        card = self._card
        if card is not None and on:
            with self._lock:
                card.power_up()

    def command(self, apdu: bytes) -> bytes | None:
        """Answer an APDU; None when the card is pulled out during it."""
        with self._lock:
            staff = self._staff_card
        if staff is not None:
            answer = staff.command(apdu)
            if answer is not None:
                with self._lock:
                    self._record(apdu, answer)
            return answer
        if apdu[:5] == WALLET_WRITE:
            return self._wallet_write(apdu)
        with self._lock:
            card = self._card
            if card is None:
                return None
            answer = card.process(apdu)
            self._record(apdu, answer)
            return answer

    def _wallet_write(self, apdu: bytes) -> bytes | None:
        if not self._writes_released.is_set():
            self.writes_waiting.set()
            self._writes_released.wait()
            self.writes_waiting.clear()
            if self._stopped:
                return None  # stopped while held: the write never reached the chip
        with self._lock:
            card = self._card
            if card is None:
                return None
            when, self._remove_on_write = self._remove_on_write, None
            answer = card.process(apdu) if when != RemoveOnWrite.BEFORE else b""
            self._record(apdu, answer)
            self._save(card)
            if when is None:
                return answer
            self._card = None
        log.info("card %s pulled out during the write (%s applying it)", card.key, when.value)
        return None

    def _record(self, apdu: bytes, answer: bytes) -> None:
        self.apdu_count += 1
        self.apdu_log.append((apdu.hex().upper(), answer.hex().upper()))

    def _save(self, card: SimCard) -> None:
        if self.state_dir is not None:
            card.save(self.state_dir)

    def _load(self, key: str) -> SimCard | None:
        if self.state_dir is None:
            return None
        path = self.state_dir / f"{key}.json"
        try:
            return SimCard.from_json(json.loads(path.read_text()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            log.warning("card state %s unusable (%s): starting from a fresh card", path, exc)
            return None
