"""Everything a customer journey works with, passed as one object."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.backoffice import BackOffice
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.flows.devices import DeviceAccess
from kiosk.flows.ports import CustomerUI, Language
from kiosk.flows.session import InactivityTimer
from kiosk.journal import PaymentJournal


@dataclass
class FlowContext:
    """The person (ui), the back office, the devices, the journal, settings and time."""

    ui: CustomerUI
    backoffice: BackOffice
    devices: DeviceAccess
    journal: PaymentJournal
    settings: Settings
    clock: Clock
    timer: InactivityTimer | None = None
    language: Language = Language.ZH_CN

    def touch(self) -> None:
        """The customer answered a screen: restart the inactivity period."""
        if self.timer is not None:
            self.timer.touch()

    @contextlib.contextmanager
    def inactivity_held(self) -> Iterator[None]:
        """Hold the inactivity timer while money is moving, or while the customer waits for or
        talks to a teller."""
        if self.timer is None:
            yield
            return
        with self.timer.paused():
            yield

    @property
    def hall_name(self) -> str:
        """The hall's name in the customer's language."""
        terminal = self.settings.terminal
        return terminal.hall_name if self.language == Language.ZH_CN else terminal.hall_name_en
