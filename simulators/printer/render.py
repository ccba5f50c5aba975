"""A printed job as the paper would show it: plain text, and a PNG 576 dots wide (80 mm).

Font A cells are 12×24 dots; a Chinese character takes a 24×24 cell, double size doubles both.
Chinese glyphs come from a CJK font found with fc-match (WenQuanYi Micro Hei first).
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Sequence

import qrcode
from PIL import Image, ImageDraw, ImageFont

from simulators.printer.parser import PrintedLine, Segment

PAPER_DOTS = 576
CELL_W, CELL_H = 12, 24
_CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Droid Sans Fallback", ":lang=zh")


def cell_width(ch: str) -> int:
    """Columns one character takes on paper: two for anything printed in Chinese mode."""
    return 1 if ord(ch) < 0x80 else 2


def segment_columns(segment: Segment) -> int:
    """Columns a segment takes, double width counted."""
    factor = 2 if segment.double_width else 1
    return factor * sum(cell_width(ch) for ch in segment.text)


def line_text(line: PrintedLine, columns: int) -> str:
    """The line as text at `columns`, aligned as printed (double width counted, not drawn)."""
    if line.qr is not None:
        body, width = f"[QR:{line.qr}]", len(line.qr) + 5
    else:
        body = line.text
        width = sum(segment_columns(s) for s in line.segments)
    pad = max(0, columns - width)
    if line.align == 1:
        body = " " * (pad // 2) + body
    elif line.align == 2:
        body = " " * pad + body
    return body.rstrip()


def job_text(lines: Sequence[PrintedLine], columns: int) -> str:
    """The whole job as text, one line per printed line."""
    return "\n".join(line_text(line, columns) for line in lines)


@functools.cache
def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs, or None if the system has none."""
    if shutil.which("fc-match") is None:
        return None
    for pattern in _CJK_FONTS:
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", pattern],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if found:
            font = ImageFont.truetype(found, CELL_H)
            if font.getmask("电").getbbox():
                return found
    return None


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = cjk_font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default()


def _qr_image(data: str, module: int) -> Image.Image:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=max(1, module), border=0
    )
    code.add_data(data)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("L")


def render_png(lines: Sequence[PrintedLine], columns: int) -> bytes:
    """The job as a PNG image of the paper, 576 dots wide."""
    cell = PAPER_DOTS // columns
    rows: list[Image.Image] = []
    for line in lines:
        if line.qr is not None:
            qr = _qr_image(line.qr, line.qr_module)
            row = Image.new("L", (PAPER_DOTS, qr.height + 8), 255)
            x = _aligned_x(line.align, qr.width)
            row.paste(qr, (x, 4))
            rows.append(row)
            continue
        height = CELL_H * (2 if any(s.double_height for s in line.segments) else 1)
        row = Image.new("L", (PAPER_DOTS, height + 6), 255)
        draw = ImageDraw.Draw(row)
        width = sum(segment_columns(s) for s in line.segments) * cell
        x = _aligned_x(line.align, width)
        for segment in line.segments:
            size = CELL_H * (2 if segment.double_height else 1)
            font = _font(size)
            for ch in segment.text:
                advance = cell * cell_width(ch) * (2 if segment.double_width else 1)
                draw.text((x, 3 + height - size), ch, fill=0, font=font)
                if segment.bold:
                    draw.text((x + 1, 3 + height - size), ch, fill=0, font=font)
                x += advance
        rows.append(row)
    total = sum(r.height for r in rows) + 40
    paper = Image.new("L", (PAPER_DOTS, total), 255)
    y = 10
    for row in rows:
        paper.paste(row, (0, y))
        y += row.height
    cut = ImageDraw.Draw(paper)
    for x in range(0, PAPER_DOTS, 16):
        cut.line([(x, total - 6), (x + 8, total - 6)], fill=0)
    out = io.BytesIO()
    paper.save(out, format="PNG")
    return out.getvalue()


def _aligned_x(align: int, width: int) -> int:
    if align == 1:
        return max(0, (PAPER_DOTS - width) // 2)
    if align == 2:
        return max(0, PAPER_DOTS - width)
    return 0
