"""The circuit breaker on a fake clock."""

from __future__ import annotations

import pytest
from backoffice_testkit import FakeClock

from kiosk.backoffice.breaker import BreakerState, CircuitBreaker


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker("payments", failure_threshold=3, reset_s=20.0, clock=clock)


def test_opens_after_n_consecutive_failures(breaker: CircuitBreaker) -> None:
    for _ in range(2):
        assert breaker.try_acquire()
        breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED and breaker.is_available()
    assert breaker.try_acquire()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert not breaker.is_available() and not breaker.try_acquire()


def test_a_success_resets_the_count(breaker: CircuitBreaker) -> None:
    for _ in range(2):
        breaker.record_failure()
    breaker.record_success()
    for _ in range(2):
        breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED and breaker.consecutive_failures == 2


def test_half_open_after_reset_allows_exactly_one_trial(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    for _ in range(3):
        breaker.record_failure()
    clock.advance(19.9)
    assert breaker.state is BreakerState.OPEN and not breaker.try_acquire()
    clock.advance(0.1)
    assert breaker.state is BreakerState.HALF_OPEN and breaker.is_available()
    assert breaker.try_acquire() and breaker.is_trial()
    assert not breaker.try_acquire()  # a second caller waits for the trial's verdict
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.try_acquire() and breaker.try_acquire()


def test_failed_trial_opens_again_for_a_full_period(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    for _ in range(3):
        breaker.record_failure()
    clock.advance(20)
    assert breaker.try_acquire()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.advance(19)
    assert breaker.state is BreakerState.OPEN
    clock.advance(1)
    assert breaker.state is BreakerState.HALF_OPEN


def test_released_trial_lets_the_next_caller_try(breaker: CircuitBreaker, clock: FakeClock) -> None:
    for _ in range(3):
        breaker.record_failure()
    clock.advance(20)
    assert breaker.try_acquire()
    breaker.release()
    assert breaker.state is BreakerState.HALF_OPEN and breaker.try_acquire()


@pytest.mark.parametrize(("threshold", "reset_s"), [(0, 1.0), (1, 0.0)])
def test_rejects_nonsense_settings(clock: FakeClock, threshold: int, reset_s: float) -> None:
    with pytest.raises(ValueError):
        CircuitBreaker("x", threshold, reset_s, clock)
