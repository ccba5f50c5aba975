"""Hypothesis fuzzing of both payment-module deframers: any bytes in any chunks never raise, the
buffer never holds more than one frame, and real frames survive any noise and any split."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.pm_frames import MAX_FRAME, Control, Corrupt, Frame, FrameDecoder, encode_frame
from simulators.payment_module.frames import Ack, BadFrame, Deframer, Message, Nak

chunks = st.lists(st.binary(max_size=1500), max_size=20)
noise = st.binary(max_size=40).map(lambda b: bytes(x for x in b if x not in (0x02, 0x06, 0x15)))
frames = st.tuples(st.integers(0, 255), st.binary(max_size=200))


@settings(max_examples=300)
@given(chunks, st.lists(st.booleans(), min_size=20, max_size=20))
def test_driver_decoder_never_raises_and_stays_bounded(data: list[bytes], gaps: list[bool]) -> None:
    decoder = FrameDecoder()
    for chunk, gap in zip(data, gaps, strict=False):
        items = decoder.feed(chunk)
        if gap:
            items += decoder.drop_partial()
        assert all(isinstance(i, Frame | Control | Corrupt) for i in items)
        assert decoder.buffered <= MAX_FRAME


@settings(max_examples=300)
@given(chunks, st.lists(st.booleans(), min_size=20, max_size=20))
def test_simulator_deframer_never_raises_and_stays_bounded(
    data: list[bytes], gaps: list[bool]
) -> None:
    deframer = Deframer()
    for chunk, gap in zip(data, gaps, strict=False):
        items = deframer.push(chunk)
        if gap:
            items += deframer.abandon()
        assert all(isinstance(i, Message | Ack | Nak | BadFrame) for i in items)
        assert len(deframer.pending) <= MAX_FRAME


@settings(max_examples=200)
@given(st.lists(st.tuples(noise, frames), min_size=1, max_size=8), st.lists(st.integers(0, 3000)))
def test_frames_survive_noise_and_any_split_in_both(
    sent: list[tuple[bytes, tuple[int, bytes]]], cuts: list[int]
) -> None:
    wire = b"".join(junk + encode_frame(cmd, data) for junk, (cmd, data) in sent)
    points = sorted({0, len(wire), *(c % (len(wire) + 1) for c in cuts)})
    pieces = [wire[a:b] for a, b in itertools.pairwise(points)]
    decoder, deframer = FrameDecoder(), Deframer()
    got_driver = [i for p in pieces for i in decoder.feed(p)]
    got_sim = [i for p in pieces for i in deframer.push(p)]
    assert got_driver == [Frame(cmd, data) for _, (cmd, data) in sent]
    assert got_sim == [Message(cmd, data) for _, (cmd, data) in sent]
