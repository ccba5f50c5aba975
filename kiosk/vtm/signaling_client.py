"""The signaling client of terminals and tellers: one WebSocket to the back office's VTM service
speaking the messages of kiosk/vtm/signaling.py, with registration, heartbeats and time-outs.

Logs name message types and call ids only: never SDP (addresses) nor anything a customer typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from kiosk.vtm.signaling import (
    Error,
    Heartbeat,
    HeartbeatAck,
    Register,
    Registered,
    SignalMessage,
    dump_signal,
    parse_signal,
)

log = logging.getLogger("kiosk.vtm.signaling")

MISSED_HEARTBEATS = 3  # unanswered in a row: the connection is taken as dead
MAX_MESSAGE_BYTES = 256 * 1024


class SignalingError(Exception):
    """Could not connect, or the registration was refused."""


class SignalingClosed(SignalingError):
    """The connection dropped (or was closed)."""


class _Closed:
    """End of the inbox, with why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class SignalingClient:
    """One registered signaling connection.

    `connect()` opens the socket, registers and waits for `registered`; `receive()` hands over
    the service's messages in order (heartbeat acks are swallowed) and, once they are read,
    raises SignalingClosed; a Heartbeat goes out every `heartbeat_s` and three of them
    unanswered close the connection.
    """

    def __init__(
        self,
        url: str,
        register: Register,
        *,
        heartbeat_s: float = 10.0,
        connect_timeout_s: float = 5.0,
    ) -> None:
        self.url = url
        self.register = register
        self.heartbeat_s = heartbeat_s
        self.connect_timeout_s = connect_timeout_s
        self._ws: ClientConnection | None = None
        self._inbox: asyncio.Queue[SignalMessage | _Closed] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._send_lock = asyncio.Lock()
        self._unanswered = 0
        self._closed: str | None = None

    @property
    def closed(self) -> bool:
        """Whether the connection is over (dropped or closed)."""
        return self._closed is not None

    async def connect(self) -> None:
        """Open the socket, send register, wait for registered; SignalingError otherwise."""
        if self._ws is not None or self._closed is not None:
            raise SignalingError("connect() once per client")
        try:
            self._ws = await asyncio.wait_for(
                connect(
                    self.url,
                    open_timeout=None,
                    ping_interval=None,  # the heartbeat messages do this job
                    close_timeout=self.connect_timeout_s,
                    max_size=MAX_MESSAGE_BYTES,
                ),
                self.connect_timeout_s,
            )
        except TimeoutError as exc:
            self._closed = "connect timed out"
            raise SignalingError("signaling: connect timed out") from exc
        except (OSError, InvalidHandshake, InvalidURI) as exc:
            self._closed = "could not connect"
            raise SignalingError(f"signaling: could not connect ({type(exc).__name__})") from exc
        try:
            await self._register(self._ws)
        except BaseException:
            await self._abandon("registration failed")
            raise
        self._tasks = [
            asyncio.create_task(self._read(self._ws), name="signaling-read"),
            asyncio.create_task(self._beat(), name="signaling-heartbeat"),
        ]
        log.info("signaling: registered as %s", self.register.role)

    async def _register(self, ws: ClientConnection) -> None:
        try:
            async with asyncio.timeout(self.connect_timeout_s):
                await ws.send(dump_signal(self.register))
                answer = parse_signal(await ws.recv())
        except TimeoutError as exc:
            raise SignalingError("signaling: no answer to register") from exc
        except ConnectionClosed as exc:
            raise SignalingError("signaling: closed during registration") from exc
        except ValidationError as exc:
            raise SignalingError("signaling: unreadable answer to register") from exc
        if isinstance(answer, Error):
            raise SignalingError(f"signaling: registration refused ({answer.code})")
        if not isinstance(answer, Registered):
            raise SignalingError(f"signaling: {answer.type} instead of registered")

    async def send(self, message: SignalMessage) -> None:
        """Send one message; SignalingClosed if the connection is over."""
        ws = self._ws
        if ws is None:
            raise SignalingError("signaling: not connected")
        if self._closed is not None:
            raise SignalingClosed(f"signaling: {self._closed}")
        try:
            async with self._send_lock, asyncio.timeout(self.connect_timeout_s):
                await ws.send(dump_signal(message))
        except (ConnectionClosed, TimeoutError, OSError) as exc:
            await self._abandon("send failed")
            raise SignalingClosed("signaling: the connection dropped while sending") from exc

    async def receive(self) -> SignalMessage:
        """The next message from the service; SignalingClosed once the connection is over and
        every message that came before has been read."""
        if self._ws is None:
            raise SignalingError("signaling: not connected")
        item = await self._inbox.get()
        if isinstance(item, _Closed):
            self._inbox.put_nowait(item)  # every later receive() raises too
            raise SignalingClosed(f"signaling: {item.reason}")
        return item

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        await self._abandon("closed")

    async def __aenter__(self) -> SignalingClient:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- internals ----------------------------------------------------------------------------

    def _mark_closed(self, reason: str) -> None:
        if self._closed is None:
            self._closed = reason
            self._inbox.put_nowait(_Closed(reason))
            log.info("signaling: connection over (%s)", reason)

    async def _abandon(self, reason: str) -> None:
        self._mark_closed(reason)
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        for task in self._tasks:
            if task is not current:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._tasks = []
        ws = self._ws
        if ws is not None:
            # close() waits close_timeout at most for the peer's closing handshake.
            with contextlib.suppress(Exception):
                await ws.close()

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                try:
                    message = parse_signal(text)
                except ValidationError:
                    log.warning("signaling: unreadable message from the service, dropped")
                    continue
                if isinstance(message, HeartbeatAck):
                    self._unanswered = 0
                    continue
                self._inbox.put_nowait(message)
            self._mark_closed("closed by the service")
        except ConnectionClosed:
            self._mark_closed("the connection dropped")

    async def _beat(self) -> None:
        while self._closed is None:
            await asyncio.sleep(self.heartbeat_s)
            if self._unanswered >= MISSED_HEARTBEATS:
                log.warning("signaling: %d heartbeats unanswered", self._unanswered)
                self._mark_closed("no answer to heartbeats")
                with contextlib.suppress(Exception):
                    await self._ws_or_fail().close()
                return
            self._unanswered += 1
            try:
                async with self._send_lock, asyncio.timeout(self.connect_timeout_s):
                    await self._ws_or_fail().send(dump_signal(Heartbeat()))
            except (ConnectionClosed, TimeoutError, OSError):
                self._mark_closed("the connection dropped")
                return

    def _ws_or_fail(self) -> ClientConnection:
        if self._ws is None:  # pragma: no cover - the tasks start after connect
            raise SignalingError("signaling: not connected")
        return self._ws
