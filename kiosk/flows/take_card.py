"""'Take your card': shown until the card is out, reminding with sound and text.

A bank card left in the payment module's slot too long is retained (the capture bin) and the
customer is told where to get it back; a meter card left in the IC reader just stays there and the
terminal returns to idle (the next customer's insertion is an edge, so it cannot be misread).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from drivers.interfaces import DeviceError, PaymentModule, SmartCardReader
from kiosk.flows.ports import CustomerUI, Message, TakeCard

log = logging.getLogger(__name__)


async def wait_until_taken(
    ui: CustomerUI,
    wait_removed: Callable[[float], Awaitable[bool]],
    *,
    bank_card: bool,
    reminder_s: float,
    timeout_s: float,
) -> bool:
    """Show 'take your card' until `wait_removed` says the card is out; every `reminder_s`
    without it the prompt is shown again with one more reminder (sound). False after
    `timeout_s` with the card still there."""
    reminders = 0
    waited = 0.0
    while True:
        ui.show_take_card(TakeCard(bank_card=bank_card, reminders=reminders))
        step = min(reminder_s, timeout_s - waited)
        try:
            if await wait_removed(step):
                return True
        except DeviceError as exc:
            # The device cannot tell: do not hold the customer hostage to it.
            log.warning("card removal unknown: %s", exc)
            return True
        waited += step
        if waited >= timeout_s:
            return False
        reminders += 1


async def take_bank_card(
    ui: CustomerUI,
    module: PaymentModule,
    reminder_s: float,
    timeout_s: float,
    reference: str,
) -> bool:
    """'Take your card' for the payment module; a card left too long is retained and the customer
    told (CARD_RETAINED with the reference). True if the customer took it."""
    try:
        if not await module.card_present():
            return True
    except DeviceError as exc:
        log.warning("payment module card status unknown: %s", exc)
    taken = await wait_until_taken(
        ui, module.wait_card_removed, bank_card=True, reminder_s=reminder_s, timeout_s=timeout_s
    )
    if taken:
        return True
    try:
        retained = await module.retain_card()
    except DeviceError as exc:
        log.error("card left in the module could not be retained: %s", exc)
        retained = False
    log.warning("bank card left in the slot (%s); retained: %s", reference, retained)
    await ui.show_message(Message.CARD_RETAINED, {"reference": reference})
    return False


async def take_meter_card(
    ui: CustomerUI, reader: SmartCardReader, reminder_s: float, timeout_s: float
) -> bool:
    """'Take your card' for the IC card reader; True if the customer took it."""
    if not reader.card_present():
        return True
    return await wait_until_taken(
        ui,
        reader.wait_for_removal,
        bank_card=False,
        reminder_s=reminder_s,
        timeout_s=timeout_s,
    )
