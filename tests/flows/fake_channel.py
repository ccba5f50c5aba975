"""A stand-in for the call's "control" data channel (aiortc's RTCDataChannel), shared by the flow
tests and the ControlChannel tests: it imports nothing from its folder, so tests elsewhere can
import it as `tests.flows.fake_channel`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class FakeDataChannel:
    """The "control" data channel: the test delivers the teller's messages, replies are kept."""

    def __init__(self) -> None:
        self.readyState = "open"
        self.sent: list[str] = []
        self.handlers: dict[str, Callable[..., Any]] = {}

    def send(self, data: str) -> None:
        self.sent.append(data)

    def on(self, event: str, f: Callable[..., Any] | None = None) -> Any:
        assert f is not None
        self.handlers[event] = f
        return f

    def deliver(self, data: str | bytes) -> None:
        self.handlers["message"](data)

    def close(self) -> None:
        self.readyState = "closed"
        self.handlers["close"]()
