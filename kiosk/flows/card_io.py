"""The seam between the prepaid journey and the prepaid-card driver, so that flow tests use a
fake card and the journey never builds an APDU."""

from __future__ import annotations

from typing import Protocol

from drivers.interfaces import SmartCardReader
from drivers.prepaid_types import PrepaidCardData, PurchaseWrite


class PrepaidCardIO(Protocol):
    """Reading and writing a prepaid meter card in a reader."""

    async def read(self, reader: SmartCardReader) -> PrepaidCardData:
        """Everything the card holds. Raises PrepaidCardError, CardRemoved, CardUnreadable."""
        ...

    async def write(
        self, reader: SmartCardReader, purchase: PurchaseWrite, expected_serial: str
    ) -> PrepaidCardData:
        """Write `purchase` to the card with that serial and read the card back."""
        ...


class DriverCardIO:
    """The real card, through drivers/prepaid_card.py."""

    async def read(self, reader: SmartCardReader) -> PrepaidCardData:
        """Read the card with the driver."""
        from drivers.prepaid_card import read_prepaid_card

        return await read_prepaid_card(reader)

    async def write(
        self, reader: SmartCardReader, purchase: PurchaseWrite, expected_serial: str
    ) -> PrepaidCardData:
        """Write and read back with the driver."""
        from drivers.prepaid_card import write_purchase

        return await write_purchase(reader, purchase, expected_serial)
