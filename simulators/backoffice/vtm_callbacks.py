"""Video-teller call-backs in the back-office simulator: stored once per Idempotency-Key, listed
for tests under /_sim/vtm/callbacks (numbers masked there too)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends

from kiosk.backoffice.vtm_models import CallbackAck, CallbackRequest
from simulators.backoffice.app import ERRORS, IdempotencyKey, State, api_gate
from simulators.backoffice.errors import ApiProblem

callback_api = APIRouter(prefix="/api/v1", dependencies=[Depends(api_gate)], responses=ERRORS)
callback_sim = APIRouter(prefix="/_sim", include_in_schema=False)

SCHEMA = """
CREATE TABLE IF NOT EXISTS vtm_callbacks (
    callback_id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL,
    reason TEXT NOT NULL,
    booked_at TEXT NOT NULL
);
"""


def store_callback(
    conn: sqlite3.Connection, request: CallbackRequest, key: str, now: datetime
) -> CallbackAck:
    """Book the call-back once per key: the same key again answers the first booking."""
    conn.executescript(SCHEMA)
    row = conn.execute(
        "SELECT callback_id, booked_at FROM vtm_callbacks WHERE idempotency_key = ?", (key,)
    ).fetchone()
    if row is not None:
        return CallbackAck(callback_id=row[0], booked_at=datetime.fromisoformat(row[1]))
    count = conn.execute("SELECT COUNT(*) FROM vtm_callbacks").fetchone()[0]
    callback_id = f"CB{count + 1:06d}"
    conn.execute(
        "INSERT INTO vtm_callbacks VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            callback_id,
            key,
            request.terminal_id,
            request.phone,
            request.language,
            request.reason,
            now.isoformat(),
        ),
    )
    return CallbackAck(callback_id=callback_id, booked_at=now)


@callback_api.post("/vtm/callbacks", tags=["vtm"])
async def post_callback(
    body: CallbackRequest, state: State, idempotency_key: IdempotencyKey = None
) -> CallbackAck:
    """Book a teller's call-back to the customer's mobile number (Idempotency-Key required)."""
    if not idempotency_key:
        raise ApiProblem(400, "IDEMPOTENCY_KEY_MISSING", "an Idempotency-Key header is required")
    return store_callback(state.conn, body, idempotency_key, state.clock.wall())


@callback_sim.get("/vtm/callbacks")
async def list_callbacks(state: State) -> list[dict[str, Any]]:
    """Booked call-backs, oldest first, numbers masked."""
    state.conn.executescript(SCHEMA)
    rows = state.conn.execute(
        "SELECT callback_id, terminal_id, phone, language, reason, booked_at "
        "FROM vtm_callbacks ORDER BY callback_id"
    ).fetchall()
    return [
        {
            "callback_id": r[0],
            "terminal_id": r[1],
            "phone": f"{r[2][:3]}****{r[2][-4:]}",
            "language": r[3],
            "reason": r[4],
            "booked_at": r[5],
        }
        for r in rows
    ]
