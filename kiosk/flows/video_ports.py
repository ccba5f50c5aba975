"""What the video-teller screens get from the flow: the latest-frame mailboxes and the views.

Frames reach the screen through a `FrameMailbox`: the producer (the call's receive task, the camera
thread) puts each new picture, replacing the one before; the screen takes the newest on its own
timer and paints it. Nobody waits: a slow screen drops frames, a fast one repaints nothing new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Picture:
    """One video frame as the screen paints it: RGB888 rows, `width * 3` bytes each."""

    width: int
    height: int
    rgb: bytes
    seq: int = 0  # the producer's count, 1, 2, ...
    at: float = 0.0  # when it was captured or received (time.monotonic())


class FrameMailbox:
    """The latest picture only; safe to put from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: Picture | None = None
        self.put_count = 0
        self.dropped = 0  # pictures replaced before anyone took them
        self._taken_seq = -1

    def put(self, picture: Picture) -> None:
        """Replace the latest picture."""
        with self._lock:
            if self._latest is not None and self._latest.seq != self._taken_seq:
                self.dropped += 1
            self._latest = picture
            self.put_count += 1

    def take_new(self) -> Picture | None:
        """The latest picture if it was not taken yet, else None (nothing new to paint)."""
        with self._lock:
            latest = self._latest
            if latest is None or latest.seq == self._taken_seq:
                return None
            self._taken_seq = latest.seq
            return latest

    def peek(self) -> Picture | None:
        """The latest picture, taken or not."""
        with self._lock:
            return self._latest


@dataclass(frozen=True)
class VideoWaiting:
    """'A teller will be with you': the queue position and the estimated wait."""

    position: int
    estimated_wait_s: int


@dataclass(frozen=True)
class VideoCallView:
    """The call screen: the teller large, the customer's own camera small, the call time."""

    teller_name: str
    remote: FrameMailbox
    local: FrameMailbox
    started_at: float  # time.monotonic() when the teller's media arrived; the call time counts
    audio_only: bool = False  # the video stopped or could not be set up: voice only
    muted: bool = False
    on_mute: Callable[[bool], None] = field(default=lambda _muted: None)
