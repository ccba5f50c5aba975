"""A machine-readable wall-clock timestamp drawn into video frames.

The teller bot draws the time it sends a frame; the terminal reads it back from what it received
and so measures glass-to-glass latency without trusting either side's frame counters.

Layout: a band across the top of the frame, two rows of square blocks, `width // 40` pixels each
(16 px at 640x480, which lines up with VP8's 16x16 macroblocks so compression smears no bit into
its neighbour). Blocks in order, left to right then the second row:
  1 white reference, 1 black reference, 48 bits of milliseconds (most significant first),
  8 bits of CRC-8 over the 6 bytes of milliseconds.
The references give the reader its threshold, so brightness and contrast shifts do not matter;
the CRC turns a misread into "no stamp" instead of a wrong latency.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

BLOCKS_PER_ROW = 40
ROWS = 2
MS_BITS = 48
CRC_BITS = 8
_MIN_BLOCK = 8
_MIN_CONTRAST = 60.0  # grey levels between the references, else it is not a stamp

BgrImage = npt.NDArray[np.uint8]


def block_size(width: int) -> int:
    """The side of one block, in pixels, for a frame `width` wide."""
    return width // BLOCKS_PER_ROW


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _bits(ms: int) -> list[int]:
    payload = ms.to_bytes(6, "big")
    value = (ms << CRC_BITS) | _crc8(payload)
    data = [(value >> i) & 1 for i in range(MS_BITS + CRC_BITS - 1, -1, -1)]
    return [1, 0, *data]


def draw_stamp(bgr: BgrImage, ms: int) -> None:
    """Draw `ms` (0 ≤ ms < 2**48, e.g. Unix milliseconds) into the top band of `bgr`, in place."""
    if not 0 <= ms < 1 << MS_BITS:
        raise ValueError(f"stamp out of range: {ms}")
    height, width = bgr.shape[:2]
    block = block_size(width)
    if block < _MIN_BLOCK or height < ROWS * block:
        raise ValueError(f"frame too small for a stamp: {width}x{height}")
    grid = np.zeros(ROWS * BLOCKS_PER_ROW, dtype=np.uint8)
    bits = _bits(ms)
    grid[: len(bits)] = np.array(bits, dtype=np.uint8) * 255
    # Unused blocks stay black: a constant area the encoder spends nothing on.
    image = np.kron(grid.reshape(ROWS, BLOCKS_PER_ROW), np.ones((block, block), dtype=np.uint8))
    bgr[: ROWS * block, : BLOCKS_PER_ROW * block] = image[:, :, None]


def read_stamp(bgr: BgrImage) -> int | None:
    """The milliseconds drawn by `draw_stamp`, or None if the frame carries no readable stamp."""
    height, width = bgr.shape[:2]
    block = block_size(width)
    if block < _MIN_BLOCK or height < ROWS * block:
        return None
    band = bgr[: ROWS * block, : BLOCKS_PER_ROW * block].astype(np.float32).mean(axis=2)
    # Only the middle half of each block: its edges are where compression blurs.
    cells = band.reshape(ROWS, block, BLOCKS_PER_ROW, block)
    quarter = block // 4
    inner = cells[:, quarter : block - quarter, :, quarter : block - quarter]
    levels = inner.mean(axis=(1, 3)).reshape(-1)
    white, black = float(levels[0]), float(levels[1])
    if white - black < _MIN_CONTRAST:
        return None
    count = MS_BITS + CRC_BITS
    bits = levels[2 : 2 + count] > (white + black) / 2
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    ms, crc = value >> CRC_BITS, value & 0xFF
    if _crc8(ms.to_bytes(6, "big")) != crc:
        return None
    return ms
