"""The back office's VTM service: a FIFO queue of video calls routed to free tellers, and the
signaling relay between a terminal and its teller (the messages of kiosk/vtm/signaling.py).

State lives in memory and only while the peers are connected; finished calls are recorded in the
simulator's SQLite (table vtm_calls) for the staff and the tests. Every change happens in plain
(non-async) methods on the event loop, so that a routing decision never interleaves with another
connection's message; peers are written to through their own outbox, so a slow socket never holds
up routing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, WebSocket
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect

from kiosk.clock import Clock
from kiosk.vtm.signaling import (
    Answer,
    Answered,
    Bye,
    CallRequest,
    Error,
    Heartbeat,
    HeartbeatAck,
    Incoming,
    Offer,
    Queued,
    Ready,
    Register,
    Registered,
    SignalMessage,
    dump_signal,
    parse_signal,
)

log = logging.getLogger("simulators.backoffice.vtm")

INITIAL_HANDLING_S = 180.0
HANDLING_HISTORY = 10  # the average runs over this many last answered calls
REGISTER_TIMEOUT_S = 10.0
KNOWN_TYPES = frozenset(
    {
        "register",
        "registered",
        "ready",
        "call_request",
        "queued",
        "incoming",
        "answered",
        "offer",
        "answer",
        "bye",
        "heartbeat",
        "heartbeat_ack",
        "error",
    }
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS vtm_calls (
    call_id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    teller_id TEXT,
    language TEXT NOT NULL,
    business TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    waited_s REAL NOT NULL,
    talked_s REAL NOT NULL,
    end_reason TEXT NOT NULL,
    ended_by TEXT NOT NULL
);
"""


@dataclass(eq=False)
class Peer:
    """One registered connection: a terminal or a teller, with its outbox of JSON texts
    (None asks the writer to close the socket)."""

    role: Literal["terminal", "teller"]
    peer_id: str
    name: str = ""
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    call_id: str | None = None  # the call it is in (a terminal: queued or live)
    free_since: int | None = None  # a teller's Ready order, None while not free
    gone: bool = False

    def post(self, message: SignalMessage) -> None:
        """Queue one message for the socket."""
        self.outbox.put_nowait(dump_signal(message))

    def refuse(self, code: str, message: str = "") -> None:
        """Tell the peer what was refused (never echoing its content)."""
        self.post(Error(code=code, message=message))

    def kick(self) -> None:
        """Ask the writer to close the socket once what is queued has gone."""
        self.outbox.put_nowait(None)


@dataclass(eq=False)
class VtmCall:
    """A call, queued or live."""

    call_id: str
    terminal: Peer
    language: str
    business: str
    requested_at: float
    requested_wall: str
    teller: Peer | None = None
    answered_at: float | None = None
    position_sent: int = 0


class VtmService:
    """The queue, the tellers and the live calls; records finished calls in `conn`."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self.conn = conn
        self.clock = clock
        conn.executescript(SCHEMA)
        self.terminals: dict[str, Peer] = {}
        self.tellers: dict[str, Peer] = {}
        self.queue: list[VtmCall] = []
        self.live: dict[str, VtmCall] = {}
        self._handling: deque[float] = deque([INITIAL_HANDLING_S], maxlen=HANDLING_HISTORY)
        self._ready_order = 0

    # -- estimates ----------------------------------------------------------------------------

    @property
    def handling_time_s(self) -> float:
        """Average handling (talk) time of the last calls."""
        return sum(self._handling) / len(self._handling)

    def set_handling_time(self, seconds: float) -> None:
        """Restart the average from this value (simulator control)."""
        self._handling.clear()
        self._handling.append(seconds)

    def estimated_wait_s(self, position: int) -> int:
        """The calls ahead plus this one, each an average handling time."""
        return round((position - 1 + 1) * self.handling_time_s)

    # -- connections --------------------------------------------------------------------------

    def register(self, peer: Peer) -> None:
        """Take a registration; a second connection with the same id replaces the first (a
        terminal that restarted before its old socket was seen to drop)."""
        registry = self.terminals if peer.role == "terminal" else self.tellers
        old = registry.get(peer.peer_id)
        if old is not None:
            log.info("vtm %s %s reconnected: the old connection is closed", peer.role, peer.peer_id)
            self.disconnected(old)
            old.refuse("replaced", "another connection registered with this id")
            old.kick()
        registry[peer.peer_id] = peer
        peer.post(Registered())
        log.info("vtm %s %s registered", peer.role, peer.peer_id)

    def disconnected(self, peer: Peer) -> None:
        """The peer's socket is gone: withdraw or end its call. Idempotent."""
        if peer.gone:
            return
        peer.gone = True
        peer.free_since = None
        registry = self.terminals if peer.role == "terminal" else self.tellers
        if registry.get(peer.peer_id) is peer:
            del registry[peer.peer_id]
        if peer.call_id is None:
            return
        call = self.live.get(peer.call_id)
        if call is not None:
            reason = "disconnected" if peer.role == "terminal" else "teller_gone"
            other = call.teller if peer.role == "terminal" else call.terminal
            if other is not None:
                other.post(Bye(call_id=call.call_id, reason=reason))
            self._end(call, reason, ended_by=peer.role)
            return
        queued = self._queued(peer.call_id)
        if queued is not None:
            self._withdraw(queued, "disconnected")

    # -- messages -----------------------------------------------------------------------------

    def handle(self, peer: Peer, text: str) -> None:
        """One message from a registered peer: act on it, or answer Error and forget it."""
        message = self._parse(peer, text)
        if message is None:
            return
        if isinstance(message, Heartbeat):
            peer.post(HeartbeatAck())
        elif isinstance(message, Register):
            peer.refuse("already_registered")
        elif peer.role == "terminal" and isinstance(message, CallRequest):
            self._request(peer, message)
        elif peer.role == "terminal" and isinstance(message, Offer):
            call = self._own_live_call(peer, message.call_id)
            if call is not None and call.teller is not None:
                call.teller.post(message)
        elif peer.role == "teller" and isinstance(message, Ready):
            self._ready(peer)
        elif peer.role == "teller" and isinstance(message, Answer):
            call = self._own_live_call(peer, message.call_id)
            if call is not None:
                call.terminal.post(message)
        elif isinstance(message, Bye):
            self._bye(peer, message)
        else:
            peer.refuse("not_allowed", f"{message.type} is not for a {peer.role} to send")

    def _parse(self, peer: Peer, text: str) -> SignalMessage | None:
        try:
            raw = json.loads(text)
        except ValueError:
            peer.refuse("malformed", "not JSON")
            return None
        kind = raw.get("type") if isinstance(raw, dict) else None
        if not isinstance(kind, str):
            peer.refuse("malformed", "not an object with a type")
            return None
        if kind not in KNOWN_TYPES:
            peer.refuse("unknown_type", "unknown message type")
            return None
        try:
            return parse_signal(text)
        except ValidationError as exc:
            where = "; ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:3])
            peer.refuse("malformed", f"invalid {kind}: {where}")
            return None

    def _request(self, peer: Peer, message: CallRequest) -> None:
        if peer.call_id is not None:
            peer.refuse("call_in_progress", "this terminal already has a call")
            return
        if (
            message.call_id in self.live
            or self._queued(message.call_id)
            or self._recorded(message.call_id)
        ):
            peer.refuse("duplicate_call", "call_id already used")
            return
        call = VtmCall(
            call_id=message.call_id,
            terminal=peer,
            language=message.language,
            business=message.business,
            requested_at=self.clock.monotonic(),
            requested_wall=self.clock.wall().isoformat(),
        )
        peer.call_id = call.call_id
        self.queue.append(call)
        log.info("vtm call %s queued from %s", call.call_id, peer.peer_id)
        self._send_positions()
        self._dispatch()

    def _ready(self, peer: Peer) -> None:
        if peer.call_id is not None:
            peer.refuse("in_call", "end the call (bye) before ready")
            return
        if peer.free_since is None:
            self._ready_order += 1
            peer.free_since = self._ready_order
        self._dispatch()

    def _bye(self, peer: Peer, message: Bye) -> None:
        queued = self._queued(message.call_id)
        if queued is not None and queued.terminal is peer:
            self._withdraw(queued, message.reason)
            return
        call = self._own_live_call(peer, message.call_id)
        if call is None:
            return
        other = call.teller if peer is call.terminal else call.terminal
        if other is not None:
            other.post(message)
        self._end(call, message.reason, ended_by=peer.role)

    def _own_live_call(self, peer: Peer, call_id: str) -> VtmCall | None:
        call = self.live.get(call_id)
        if call is not None and peer in (call.terminal, call.teller):
            return call
        queued = self._queued(call_id)
        if queued is not None and queued.terminal is peer:
            peer.refuse("not_answered", "the call is still queued")
        else:
            peer.refuse("not_your_call", "no such call of yours")
        return None

    # -- routing ------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        """First queued call to the teller free the longest, while both exist."""
        moved = False
        while self.queue:
            free = [t for t in self.tellers.values() if t.free_since is not None]
            if not free:
                break
            teller = min(free, key=lambda t: t.free_since or 0)
            call = self.queue.pop(0)
            teller.free_since = None
            teller.call_id = call.call_id
            call.teller = teller
            call.answered_at = self.clock.monotonic()
            self.live[call.call_id] = call
            teller.post(
                Incoming(
                    call_id=call.call_id,
                    terminal_id=call.terminal.peer_id,
                    language=call.language,
                    business=call.business,
                )
            )
            call.terminal.post(
                Answered(call_id=call.call_id, teller_id=teller.peer_id, teller_name=teller.name)
            )
            log.info("vtm call %s answered by %s", call.call_id, teller.peer_id)
            moved = True
        if moved:
            self._send_positions()

    def _send_positions(self) -> None:
        for position, call in enumerate(self.queue, start=1):
            if call.position_sent != position:
                call.position_sent = position
                call.terminal.post(
                    Queued(
                        call_id=call.call_id,
                        position=position,
                        estimated_wait_s=self.estimated_wait_s(position),
                    )
                )

    def _queued(self, call_id: str) -> VtmCall | None:
        return next((c for c in self.queue if c.call_id == call_id), None)

    def _withdraw(self, call: VtmCall, reason: str) -> None:
        self.queue.remove(call)
        call.terminal.call_id = None
        self._record(call, reason, ended_by="terminal")
        log.info("vtm call %s withdrawn (%s)", call.call_id, reason)
        self._send_positions()

    def _end(self, call: VtmCall, reason: str, ended_by: str) -> None:
        del self.live[call.call_id]
        call.terminal.call_id = None
        if call.teller is not None:
            call.teller.call_id = None  # busy until it sends ready again
        talked = self._record(call, reason, ended_by)
        self._handling.append(talked)
        log.info("vtm call %s ended (%s, by %s)", call.call_id, reason, ended_by)

    # -- records ------------------------------------------------------------------------------

    def _record(self, call: VtmCall, reason: str, ended_by: str) -> float:
        now = self.clock.monotonic()
        answered = call.answered_at
        waited = (answered if answered is not None else now) - call.requested_at
        talked = 0.0 if answered is None else now - answered
        self.conn.execute(
            "INSERT OR REPLACE INTO vtm_calls (call_id, terminal_id, teller_id, language,"
            " business, requested_at, ended_at, waited_s, talked_s, end_reason, ended_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                call.call_id,
                call.terminal.peer_id,
                call.teller.peer_id if call.teller else None,
                call.language,
                call.business,
                call.requested_wall,
                self.clock.wall().isoformat(),
                round(waited, 3),
                round(talked, 3),
                reason,
                ended_by,
            ),
        )
        return talked

    def _recorded(self, call_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM vtm_calls WHERE call_id = ?", (call_id,))
        return row.fetchone() is not None

    def finished_calls(self, limit: int = 100) -> list[dict[str, Any]]:
        """The last finished calls, latest first."""
        rows = self.conn.execute(
            "SELECT * FROM vtm_calls ORDER BY rowid DESC LIMIT ?", (limit,)
        ).fetchall()
        return [dict(row) for row in rows]


def vtm_service(app: FastAPI) -> VtmService:
    """The app's VTM service, made on first use from the simulator state."""
    service: VtmService | None = getattr(app.state, "vtm", None)
    if service is None:
        sim = app.state.sim
        service = VtmService(sim.conn, sim.clock)
        app.state.vtm = service
    return service


vtm_api = APIRouter(prefix="/api/v1/vtm")


@vtm_api.websocket("/signal")
async def signal(websocket: WebSocket) -> None:
    """One terminal's or teller's signaling connection (see kiosk/vtm/signaling.py)."""
    service = vtm_service(websocket.app)
    await websocket.accept()
    peer = await _registration(websocket)
    if peer is None:
        return
    service.register(peer)
    writer = asyncio.create_task(_write(websocket, peer.outbox))
    try:
        while True:
            event = await websocket.receive()
            if event["type"] == "websocket.disconnect":
                break
            text = event.get("text")
            if text is None:
                peer.refuse("malformed", "binary frames are not signaling")
                continue
            service.handle(peer, text)
    except WebSocketDisconnect:
        pass
    finally:
        service.disconnected(peer)
        writer.cancel()


async def _registration(websocket: WebSocket) -> Peer | None:
    """Read the first message: a valid Register, or answer Error and close."""

    async def refuse(code: str, message: str) -> None:
        await websocket.send_text(dump_signal(Error(code=code, message=message)))
        await websocket.close(code=1008)

    try:
        async with asyncio.timeout(REGISTER_TIMEOUT_S):
            event = await websocket.receive()
    except TimeoutError:
        await refuse("register_timeout", "register first")
        return None
    if event["type"] == "websocket.disconnect":
        return None
    try:
        message = parse_signal(event.get("text") or event.get("bytes") or b"")
    except ValidationError:
        message = None
    if not isinstance(message, Register):
        await refuse("not_registered", "the first message must be register")
        return None
    if websocket.app.state.sim.controls.outage:
        await refuse("unavailable", "VTM service unavailable (simulated outage)")
        return None
    peer_id = message.terminal_id if message.role == "terminal" else message.teller_id
    if not peer_id or len(peer_id) > 64:
        await refuse("register_invalid", f"a {message.role} registers with its id")
        return None
    return Peer(role=message.role, peer_id=peer_id, name=message.name or peer_id)


async def _write(websocket: WebSocket, outbox: asyncio.Queue[str | None]) -> None:
    """Drain the peer's outbox onto its socket; None closes it."""
    try:
        while (text := await outbox.get()) is not None:
            await websocket.send_text(text)
        await websocket.close(code=1000)
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the reader sees the drop and cleans up
