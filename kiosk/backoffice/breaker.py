"""Circuit breaker, one per back-office service: stop calling a service that keeps failing, and
try it again, once, after a pause.

closed --N consecutive failures--> open --reset_s elapsed--> half-open --trial ok--> closed
                                     ^--------------------- trial failed ----------|
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.clock import Clock


class BreakerState(StrEnum):
    """Where a breaker is."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Counts consecutive failures of one service and decides whether a call may go out."""

    def __init__(self, name: str, failure_threshold: int, reset_s: float, clock: Clock) -> None:
        if failure_threshold < 1 or reset_s <= 0:
            raise ValueError("failure_threshold must be >= 1 and reset_s > 0")
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_s = reset_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        """The state now (an open breaker turns half-open by itself once reset_s has passed)."""
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock.monotonic() - self._opened_at >= self.reset_s:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success."""
        return self._failures

    def is_available(self) -> bool:
        """False while open; half-open counts as available because a trial may go out."""
        return self.state is not BreakerState.OPEN

    def try_acquire(self) -> bool:
        """May a call go out now? In half-open, only one trial at a time; the caller must then
        report `record_success`, `record_failure` or `release`."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.OPEN or self._trial_in_flight:
            return False
        self._trial_in_flight = True
        return True

    def is_trial(self) -> bool:
        """True while this breaker's half-open trial call is out."""
        return self._trial_in_flight

    def record_success(self) -> None:
        """The service answered: close."""
        self._failures = 0
        self._opened_at = None
        self._trial_in_flight = False

    def record_failure(self) -> None:
        """The service failed: count it; open at the threshold, or again after a failed trial."""
        self._failures += 1
        if self._trial_in_flight or self._failures >= self.failure_threshold:
            self._opened_at = self._clock.monotonic()
        self._trial_in_flight = False

    def release(self) -> None:
        """The call ended without telling anything about the service (e.g. cancelled)."""
        self._trial_in_flight = False
