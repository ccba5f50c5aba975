"""Remote controls of the payment-module and IC-card simulators (mixed into SimulatorRemote)."""

from __future__ import annotations

from typing import Any

import httpx


class CardControls:
    """Drive the payment module (the bank card and the customer at its PIN pad) and the IC card
    reader (the prepaid meter card) through the device control API."""

    _control: httpx.AsyncClient
    _backoffice: httpx.AsyncClient

    async def _control_post(self, path: str, body: Any = None) -> Any:
        response = await self._control.post(path, json=body)
        response.raise_for_status()
        return response.json()

    async def _control_get(self, path: str) -> Any:
        response = await self._control.get(path)
        response.raise_for_status()
        return response.json()

    # payment module
    async def next_card_sale(self, **script: Any) -> None:
        """Script the next sale: card, pin (right|wrong|cancel|no_card), issuer (approve |
        decline:CODE), answer (normal|none|lost), take_card, delay_ms."""
        await self._control_post("/payment_module/next_sale", script)

    async def forget_card_sales(self) -> None:
        """Drop scripted sales not used yet: the next customer behaves normally."""
        await self._control_post("/payment_module/forget_scripts")

    async def take_bank_card(self) -> None:
        """The customer takes the card left in the payment module's slot."""
        await self._control_post("/payment_module/take_card")

    async def payment_module_plugged(self, plugged: bool) -> None:
        """Unplug or re-plug the payment module."""
        await self._control_post("/payment_module/plugged", {"plugged": plugged})

    async def reversal_fails(self, count: int) -> None:
        """The module's next `count` reversals fail."""
        await self._control_post("/payment_module/reversal_fails", {"count": count})

    async def card_sales(self) -> list[dict[str, Any]]:
        """The module's (the acquirer's) ledger of sales."""
        return list(await self._control_get("/payment_module/ledger"))

    # IC card reader
    async def insert_card(self, card: str) -> None:
        """Put a catalogue card (name or serial) into the reader."""
        await self._control_post("/card/insert", {"card": card})

    async def remove_card(self) -> None:
        """Pull the card out of the reader."""
        await self._control_post("/card/remove")

    async def remove_card_on_write(self, when: str) -> None:
        """The card is pulled out during the next wallet write, `before` or `after` it applies."""
        await self._control_post("/card/remove_on_write", {"when": when})

    async def stall_card_writes(self, stalled: bool) -> None:
        """Hold (or release) the card's answer to a wallet write."""
        await self._control_post("/card/stall_writes", {"stalled": stalled})

    async def load_card_into_meter(self) -> None:
        """The customer puts the card into the meter, which loads the purchase."""
        await self._control_post("/card/load_into_meter")

    async def card_state(self) -> dict[str, Any]:
        """The card in the reader as the simulator holds it (wallet, write-back, APDU count)."""
        return dict(await self._control_get("/card/state"))

    async def card_contents(self, card: str) -> dict[str, Any]:
        """A catalogue card's contents (wallet, write-back), in the slot or not."""
        return dict(await self._control_get(f"/card/saved/{card}"))

    # the customer's phone
    async def phone_scan_shown(self, behaviour: str = "ok") -> dict[str, Any]:
        """The phone scans the QR a terminal shows now (the newest waiting order) and pays."""
        response = await self._backoffice.post(
            "/_sim/phone/scan-shown", json={"behaviour": behaviour}
        )
        response.raise_for_status()
        return dict(response.json())
