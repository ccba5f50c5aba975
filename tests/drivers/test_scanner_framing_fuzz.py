"""Hypothesis fuzzing of the scanner framing: any bytes, any chunking, never raises or grows."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.serial_scanner import MAX_FRAME, FrameDecoder

chunks = st.lists(st.binary(max_size=700), max_size=20)
codes = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=80
)


@settings(max_examples=300)
@given(chunks, st.lists(st.floats(min_value=0, max_value=0.5), min_size=20, max_size=20))
def test_random_bytes_never_raise_and_stay_bounded(data: list[bytes], gaps: list[float]) -> None:
    decoder = FrameDecoder()
    now = 0.0
    for chunk, gap in zip(data, gaps, strict=False):
        now += gap
        for code in decoder.feed(chunk, now):
            assert code.isprintable()
            assert "\r" not in code and "\n" not in code
            assert 0 < len(code.encode()) <= MAX_FRAME
        assert len(decoder._partial) <= MAX_FRAME


@settings(max_examples=300)
@given(
    st.lists(codes, min_size=1, max_size=10),
    st.lists(st.sampled_from([b"\r", b"\r\n"]), min_size=10, max_size=10),
    st.lists(st.integers(min_value=0, max_value=2000), max_size=8),
)
def test_valid_frames_survive_any_split(
    sent: list[str], terminators: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(c.encode() + t for c, t in zip(sent, terminators, strict=False))
    points = sorted({0, len(stream), *(c % (len(stream) + 1) for c in cuts)})
    decoder = FrameDecoder()
    got: list[str] = []
    for start, end in itertools.pairwise(points):
        got += decoder.feed(stream[start:end], 0.0)
    assert got == sent


@settings(max_examples=200)
@given(st.binary(max_size=2000), codes)
def test_garbage_never_hides_the_next_good_frame(garbage: bytes, code: str) -> None:
    decoder = FrameDecoder()
    decoder.feed(garbage, 0.0)
    assert decoder.feed(b"\r" + code.encode() + b"\r", 0.0)[-1:] == [code]
