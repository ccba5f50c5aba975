"""The way from the idle screen into maintenance mode, as the customer loop sees it.

Staff get in only at the idle screen, never from a customer's path: a staff card in the IC card
reader, the operator key switch turned to maintenance (a customer session in progress is finished
first: the switch is noticed at the next idle screen), or the hall name held on the idle screen.
While a customer session runs, none of these is looked at.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Protocol

from drivers.interfaces import SmartCardReader
from kiosk.flows.ports import IdleInfo, StartChoice
from kiosk.maintenance.flow import MaintenanceEntry


class StaffDoor(Protocol):
    """What the customer loop needs of maintenance (kiosk.maintenance.desk.MaintenanceDesk)."""

    @property
    def requested(self) -> asyncio.Event:
        """Set when the operator switch is turned to maintenance (cleared by `run`)."""
        ...

    def out_of_service(self) -> bool:
        """Customers may not start anything (staff took the terminal out of service, or the
        operator switch is at maintenance)."""
        ...

    def is_staff_card(self, atr: bytes) -> bool:
        """The card just inserted is a staff card (by its answer to reset)."""
        ...

    async def run(self, entry: MaintenanceEntry, reader: SmartCardReader | None) -> None:
        """One staff session, from login to exit (or time-out); never raises but cancellation."""
        ...


@dataclass(frozen=True)
class Arrival:
    """Who came to the idle screen: a customer's choice, or staff (`staff_entry`)."""

    choice: StartChoice
    idle: IdleInfo
    card_inserted: bool = False  # a prepaid meter card started the session
    staff_entry: MaintenanceEntry | None = None


def with_service_state(idle: IdleInfo, door: StaffDoor | None, hint: str, hint_en: str) -> IdleInfo:
    """`idle` marked out of service (with where to go instead) when the door says so."""
    if door is None or not door.out_of_service():
        return idle
    return replace(
        idle,
        payment_available=False,
        degraded_reason=None,
        prepaid_available=False,
        out_of_service=True,
        next_counter_hint=hint,
        next_counter_hint_en=hint_en,
    )
