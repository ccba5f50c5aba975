"""Hypothesis fuzzing of the printer simulator's parser: random bytes never raise or hang."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.printer.parser import MAX_PENDING, EscPosParser, Paper, ParsedJob, PrinterState
from simulators.printer.render import job_text

# Bytes biased toward command leaders so that commands, not just text, get exercised.
biased = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.sampled_from(
            [b"\x1b", b"\x1d", b"\x1c", b"\x10\x04", b"\x1d(k", b"\x1dV", b"\x1c&", b"\n"]
        ),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=500)
@given(biased, st.sampled_from(list(Paper)), st.booleans())
def test_random_streams_never_raise(parts: list[bytes], paper: Paper, cover: bool) -> None:
    answers = bytearray()
    jobs: list[ParsedJob] = []
    state = PrinterState(paper, cover)
    parser = EscPosParser(state, answers.extend, jobs.append)
    for part in parts:
        parser.feed(part)
        assert len(parser._pending) <= MAX_PENDING
    parser.feed(b"\x1d\x56\x42\x00")
    for job in jobs:
        job_text(job.lines, 42)
    # Every status answer is a DLE EOT reply (0xx1xx10) or part of an ASB block.
    assert all(b & 0x80 == 0 for b in answers)


@settings(max_examples=200, deadline=500)
@given(st.binary(max_size=3000))
def test_status_is_answered_after_any_text(noise: bytes) -> None:
    answers = bytearray()
    parser = EscPosParser(PrinterState(), answers.extend, lambda job: None)
    printable = bytes(b for b in noise if 0x20 <= b < 0x7F)
    parser.feed(printable + b"\x10\x04\x04")
    assert bytes(answers) == b"\x12"
