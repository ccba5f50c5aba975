"""The terminal's end of the call's "control" data channel: the teller's commands come in, are
checked at once, and only valid ones reach the flow; every reply goes out from here; every event
is audited.

Audit lines (logger "kiosk.vtm.audit") name the call, the command id, its type and what happened,
never a payload value: no account number, name, phone, form value or print line ever reaches them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from kiosk.vtm.commands import (
    COMMAND_ID,
    COMMAND_TYPES,
    MAX_COMMAND_BYTES,
    PAYLOADS,
    TELLER_COMMAND,
    Ack,
    PushFormCommand,
    RefusalReason,
    Refused,
    Result,
    ResultStatus,
    TellerCommand,
    dump_reply,
)
from kiosk.vtm.forms import FORMS, field_error, unknown_fields

audit = logging.getLogger("kiosk.vtm.audit")

_ID = re.compile(COMMAND_ID)
# Names that may appear in a refusal's detail: the models' own field names. Anything else in a
# validation error's location is something the teller sent (a dict key) and is not echoed.
_KNOWN_NAMES = frozenset({"id", "type", "payload"}).union(
    *(payload.model_fields for payload in PAYLOADS)
)


class DataChannelLike(Protocol):
    """What ControlChannel needs of a data channel; aiortc's RTCDataChannel fits."""

    readyState: str

    def send(self, data: str) -> None: ...
    def on(self, event: str, f: Callable[..., Any] | None = None) -> Any: ...


class ControlClosed(Exception):
    """The data channel closed: no more commands will come."""


class _Refusal(Exception):
    def __init__(
        self, reason: RefusalReason, detail: str, command_id: str | None, kind: str | None = None
    ) -> None:
        super().__init__(detail)
        self.reason: RefusalReason = reason
        self.detail = detail
        self.command_id = command_id
        self.kind = kind  # a known command type, else None: the teller's strings are not logged


class ControlChannel:
    """The terminal's end of "control": validated commands in, replies out, all audited.

    A message is judged in the channel's "message" callback, as soon as it arrives: anything
    malformed, too large, unknown, invalid, sent while another command is pending, or reusing an
    id gets a Refused reply there and then and is never queued. One command at a time: a command
    is pending from its arrival until its result.
    """

    def __init__(self, channel: DataChannelLike, call_id: str) -> None:
        self._channel = channel
        self._call = call_id[:8]
        self._queue: deque[TellerCommand] = deque()
        self._arrived = asyncio.Event()
        self._received_at: dict[str, float] = {}
        self._used_ids: set[str] = set()
        self._current: TellerCommand | None = None
        self._closed = False
        channel.on("message", self._on_message)
        channel.on("close", self._on_close)

    @property
    def busy(self) -> bool:
        """A command is between next_command and result."""
        return self._current is not None

    @property
    def closed(self) -> bool:
        """The channel closed (or close() was called): next_command raises ControlClosed."""
        return self._closed or self._channel.readyState == "closed"

    async def next_command(self) -> TellerCommand:
        """The next valid command; raises ControlClosed once the channel has closed."""
        while not self._queue:
            if self.closed:
                raise ControlClosed(f"call {self._call}: control channel closed")
            self._arrived.clear()
            await self._arrived.wait()
        command = self._queue.popleft()
        self._current = command
        return command

    def ack(self, command: TellerCommand) -> None:
        """Tell the teller the command is under way (the customer is being asked)."""
        self._audit(command.id, command.type, "ack")
        self._send(dump_reply(Ack(id=command.id)))

    def result(
        self,
        command: TellerCommand,
        status: ResultStatus,
        payload: BaseModel | dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """How the command ended; the channel is free for the next one."""
        body = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
        received = self._received_at.pop(command.id, None)
        ms = "-" if received is None else str(round((time.monotonic() - received) * 1000))
        extra = f" status={status} ms={ms}" + (f" error={error}" if error else "")
        self._audit(command.id, command.type, "result", extra)
        if self._current is not None and self._current.id == command.id:
            self._current = None
        self._send(
            dump_reply(Result(id=command.id, status=status, payload=body or {}, error=error))
        )

    def close(self) -> None:
        """No more commands: a pending next_command raises ControlClosed."""
        self._closed = True
        self._arrived.set()

    # -- receiving -----------------------------------------------------------------------------
    def _on_message(self, data: str | bytes) -> None:
        if self.closed:
            return
        try:
            command = self._judge(data)
        except _Refusal as refusal:
            self._audit(refusal.command_id, refusal.kind, "refused", f" reason={refusal.reason}")
            self._send(
                dump_reply(
                    Refused(id=refusal.command_id, reason=refusal.reason, detail=refusal.detail)
                )
            )
            return
        self._used_ids.add(command.id)
        self._received_at[command.id] = time.monotonic()
        self._audit(command.id, command.type, "received")
        self._queue.append(command)
        self._arrived.set()

    def _on_close(self) -> None:
        self._closed = True
        self._arrived.set()

    def _judge(self, data: str | bytes) -> TellerCommand:
        """The command in `data`, or the refusal it deserves."""
        raw = data.encode() if isinstance(data, str) else data
        if len(raw) > MAX_COMMAND_BYTES:
            raise _Refusal("too_large", f"over {MAX_COMMAND_BYTES} bytes", None)
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise _Refusal("malformed", "not JSON", None) from None
        if not isinstance(message, dict):
            raise _Refusal("malformed", "not a JSON object", None)
        command_id = message.get("id")
        if not isinstance(command_id, str) or not _ID.match(command_id):
            raise _Refusal("malformed", "no usable id", None)
        kind = message.get("type")
        if not isinstance(kind, str):
            raise _Refusal("malformed", "no type", command_id)
        if kind not in COMMAND_TYPES:
            raise _Refusal("unknown_type", "unknown command type", command_id)
        try:
            command = TELLER_COMMAND.validate_python(message)
        except ValidationError as exc:
            raise _Refusal("invalid_payload", _describe(exc, kind), command_id, kind) from None
        if isinstance(command, PushFormCommand):
            _check_form(command, command_id, kind)
        if command_id in self._used_ids:
            raise _Refusal("duplicate_id", "id already used in this call", command_id, kind)
        if self._current is not None or self._queue:
            raise _Refusal("busy", "another command is under way", command_id, kind)
        return command

    # -- plumbing ------------------------------------------------------------------------------
    def _send(self, text: str) -> None:
        if self._channel.readyState != "open":
            audit.info(
                "vtm-audit call=%s event=unsent state=%s", self._call, self._channel.readyState
            )
            return
        try:
            self._channel.send(text)
        except Exception as exc:  # a channel closing under us: the reply is lost, say so
            audit.warning("vtm-audit call=%s event=unsent error=%s", self._call, type(exc).__name__)

    def _audit(self, command_id: str | None, kind: str | None, event: str, extra: str = "") -> None:
        audit.info(
            "vtm-audit call=%s id=%s type=%s event=%s%s",
            self._call,
            command_id or "-",
            kind or "-",
            event,
            extra,
        )


def _check_form(command: PushFormCommand, command_id: str, kind: str) -> None:
    """The form's fields must be its own, and the read-only ones right: the customer cannot
    correct those, so a wrong one would make the form impossible to submit."""
    spec = FORMS[command.payload.form]
    strangers = unknown_fields(spec, command.payload.fields)
    if strangers:
        detail = f"{len(strangers)} field(s) not in form {spec.form_id}"
        raise _Refusal("invalid_payload", detail, command_id, kind)
    for field in spec.fields:
        if not field.editable and field_error(field, command.payload.fields.get(field.name, "")):
            detail = f"read-only field {field.name} missing or not valid"
            raise _Refusal("invalid_payload", detail, command_id, kind)


def _describe(exc: ValidationError, kind: str) -> str:
    """Where and how the payload is wrong, by field name and error type only: never a value."""
    problems = []
    for error in exc.errors()[:3]:
        parts = []
        for part in error["loc"]:
            if part == kind:  # the discriminator's tag in the location
                continue
            if isinstance(part, int):
                parts.append(str(part))
            elif part in _KNOWN_NAMES:
                parts.append(part)
            else:
                parts.append("*")
        problems.append(f"{'.'.join(parts) or kind}: {error['type']}")
    return "; ".join(problems)
