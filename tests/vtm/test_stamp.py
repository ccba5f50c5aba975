"""The timestamp strip: exact round trip, survives VP8 at 640x480, refuses what is not a stamp."""

from __future__ import annotations

import fractions

import numpy as np
import pytest
from aiortc.codecs import depayload, get_decoder, get_encoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpparameters import RTCRtpCodecParameters
from av import VideoFrame

from kiosk.vtm.stamp import block_size, draw_stamp, read_stamp

VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)
NOW_MS = 1_767_225_600_123  # 2026-01-01 00:00:00.123 UTC


def busy_frame(seed: int, width: int = 640, height: int = 480) -> np.ndarray:
    """Noise under the strip: the hardest picture for the encoder around the stamp."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (height, width, 3), dtype=np.uint8)


@pytest.mark.parametrize("ms", [0, 1, NOW_MS, (1 << 48) - 1, 0x5555_5555_5555])
def test_round_trip_on_a_clean_frame(ms: int) -> None:
    bgr = busy_frame(ms % 1000)
    draw_stamp(bgr, ms)
    assert read_stamp(bgr) == ms


def test_strip_uses_blocks_of_at_least_8_px_across_the_top() -> None:
    bgr = np.zeros((480, 640, 3), dtype=np.uint8)
    draw_stamp(bgr, NOW_MS)
    block = block_size(640)
    assert block >= 8
    assert bgr[2 * block :].max() == 0  # nothing drawn below the band
    assert bgr[:block, :block].min() == 255  # the white reference block
    assert bgr[:block, block : 2 * block].max() == 0  # the black reference block


def test_a_frame_without_a_stamp_reads_none() -> None:
    assert read_stamp(busy_frame(1)) is None
    assert read_stamp(np.zeros((480, 640, 3), dtype=np.uint8)) is None
    assert read_stamp(np.full((480, 640, 3), 200, dtype=np.uint8)) is None


def test_one_flipped_bit_is_refused_not_misread() -> None:
    bgr = busy_frame(2)
    draw_stamp(bgr, NOW_MS)
    block = block_size(640)
    x = 20 * block  # a data bit in the first row
    bgr[:block, x : x + block] = 255 - bgr[:block, x : x + block]
    assert read_stamp(bgr) is None


def test_brightness_and_contrast_shifts_do_not_matter() -> None:
    bgr = busy_frame(3)
    draw_stamp(bgr, NOW_MS)
    dimmed = (bgr.astype(np.float32) * 0.5 + 40).astype(np.uint8)
    assert read_stamp(dimmed) == NOW_MS


def test_out_of_range_or_too_small_is_refused() -> None:
    with pytest.raises(ValueError):
        draw_stamp(busy_frame(4), 1 << 48)
    with pytest.raises(ValueError):
        draw_stamp(busy_frame(4), -1)
    with pytest.raises(ValueError):
        draw_stamp(busy_frame(5, width=160, height=120), NOW_MS)


@pytest.mark.parametrize("bitrate", [500_000, 150_000])
def test_survives_vp8_encode_decode_at_640x480(bitrate: int) -> None:
    encoder = get_encoder(VP8)
    encoder.target_bitrate = bitrate  # type: ignore[attr-defined]
    decoder = get_decoder(VP8)
    read = []
    for index in range(12):
        ms = NOW_MS + index * 33
        bgr = busy_frame(index)
        draw_stamp(bgr, ms)
        frame = VideoFrame.from_ndarray(bgr, format="bgr24")
        frame.pts = index * 3000
        frame.time_base = fractions.Fraction(1, 90000)
        payloads, timestamp = encoder.encode(frame, force_keyframe=index == 0)
        data = b"".join(depayload(VP8, payload) for payload in payloads)
        for decoded in decoder.decode(JitterFrame(data=data, timestamp=timestamp)):
            assert isinstance(decoded, VideoFrame)
            assert (decoded.width, decoded.height) == (640, 480)
            bgr_out = np.asarray(decoded.to_ndarray(format="bgr24"), dtype=np.uint8)
            read.append((ms, read_stamp(bgr_out)))
    assert len(read) == 12
    assert all(got == sent for sent, got in read), read
