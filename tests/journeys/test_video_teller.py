"""Journeys of issue 4 through the real widgets: a real WebRTC call (aiortc on both sides) between
the terminal and the scripted teller, through the back office's signaling service, all on
loopback; the teller hanging up; nobody answering and a call-back booked."""

from __future__ import annotations

from typing import Any

from kiosk.tour.video_journeys import (
    media_never_connects,
    nobody_answers_call_back,
    teller_drives_terminal,
    teller_hangs_up,
    video_call_with_teller,
)


def test_a_video_call_with_video_both_ways(run_journey: Any) -> None:
    outcome, detail = run_journey(video_call_with_teller, shots=True)
    assert outcome == "talked, video both ways", detail


def test_the_teller_hangs_up(run_journey: Any) -> None:
    outcome, told = run_journey(teller_hangs_up)
    assert outcome == "ended by the teller"
    assert "结束" in told, told


def test_nobody_answers_and_a_call_back_is_booked(run_journey: Any) -> None:
    outcome, booked = run_journey(nobody_answers_call_back)
    assert outcome == "call back booked", booked
    assert "138****5678" in booked


def test_the_teller_drives_the_terminal(run_journey: Any) -> None:
    """Started from the account-number screen's Video teller button; the teller bot runs five
    commands, the customer allows each on the screen; every result is "done", the photo and the
    signed form reach the back office, the acknowledgement is printed, and the customer is handed
    back to paying a bill."""
    outcome, detail = run_journey(teller_drives_terminal, shots=True)
    assert outcome == "the teller drove the terminal", detail


def test_media_that_never_connects_offers_a_call_back(run_journey: Any) -> None:
    """The teller bot answers with ICE candidates where nobody listens and drops its own side: a
    real ICE failure, not a stand-in; the customer is offered a call back."""
    outcome, detail = run_journey(media_never_connects)
    assert outcome == "call back offered", detail
    assert "回电" in detail, detail
