"""A receipt as a document: what to print, not how. The printer driver encodes it (ESC/POS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """A line of text; `double` prints it at double width and height."""

    text: str
    align: Align = "left"
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class Pair:
    """A label on the left and a value on the right of one line."""

    label: str
    value: str


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""

    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    """A QR code printed natively by the printer (GS ( k), never as a raster image."""

    data: str
    module_size: int = 6


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


ReceiptItem = Text | Pair | Rule | QrCode | Feed


@dataclass(frozen=True)
class Receipt:
    """A whole receipt; the printer cuts after the last item."""

    items: tuple[ReceiptItem, ...] = field(default_factory=tuple)

    def plain_text(self, columns: int = 42) -> str:
        """The receipt as text, the way it reads on paper (QR codes as `[QR:data]`)."""
        out: list[str] = []
        for item in self.items:
            if isinstance(item, Text):
                out.append(item.text)
            elif isinstance(item, Pair):
                out.append(f"{item.label}  {item.value}")
            elif isinstance(item, Rule):
                out.append(item.char * columns)
            elif isinstance(item, QrCode):
                out.append(f"[QR:{item.data}]")
            else:
                out.extend([""] * item.lines)
        return "\n".join(out)
