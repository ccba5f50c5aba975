"""The signaling contract: JSON messages over a WebSocket between terminals, tellers and the back
office's VTM service (simulators/backoffice/vtm.py serves it; the teller bot and the browser
teller console speak it too). Every message is one JSON object with a "type".

A call, as the messages go:
  terminal → service   register {terminal_id}                 → registered
  teller   → service   register {teller_id, name}             → registered
  teller   → service   ready                                  (free for the next call)
  terminal → service   call_request {call_id, language, business}
  service  → terminal  queued {call_id, position, estimated_wait_s}   (again whenever it changes)
  service  → teller    incoming {call_id, terminal_id, language, business}
  service  → terminal  answered {call_id, teller_id, teller_name}
  terminal → service   offer {call_id, sdp}                   → forwarded to the teller
  teller   → service   answer {call_id, sdp}                  → forwarded to the terminal
  either   → service   bye {call_id, reason}                  → forwarded to the other side
  either   → service   heartbeat                              → heartbeat_ack
  service  → either    error {code, message}

SDP is complete (aiortc gathers its candidates before the description is set: no trickle ICE).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Register(_Message):
    """A terminal or a teller connects."""

    type: Literal["register"] = "register"
    role: Literal["terminal", "teller"]
    terminal_id: str | None = None  # role terminal
    teller_id: str | None = None  # role teller
    name: str | None = None  # the teller's display name


class Registered(_Message):
    """The service took the registration."""

    type: Literal["registered"] = "registered"


class Ready(_Message):
    """A teller is free for the next call."""

    type: Literal["ready"] = "ready"


class CallRequest(_Message):
    """A customer at a terminal asks for a teller."""

    type: Literal["call_request"] = "call_request"
    call_id: str = Field(min_length=8, max_length=64)
    language: Literal["zh_CN", "en"]
    business: str = Field(max_length=40)  # e.g. "general", "account_change", "new_connection"


class Queued(_Message):
    """Where the call is in the queue."""

    type: Literal["queued"] = "queued"
    call_id: str
    position: int = Field(ge=1)
    estimated_wait_s: int = Field(ge=0)


class Incoming(_Message):
    """To a teller: a call is theirs."""

    type: Literal["incoming"] = "incoming"
    call_id: str
    terminal_id: str
    language: str
    business: str


class Answered(_Message):
    """To the terminal: a teller took the call; the terminal sends its offer next."""

    type: Literal["answered"] = "answered"
    call_id: str
    teller_id: str
    teller_name: str


class Offer(_Message):
    """The terminal's session description."""

    type: Literal["offer"] = "offer"
    call_id: str
    sdp: str = Field(max_length=65536)


class Answer(_Message):
    """The teller's session description."""

    type: Literal["answer"] = "answer"
    call_id: str
    sdp: str = Field(max_length=65536)


class Bye(_Message):
    """The call ends (or a queued request is withdrawn)."""

    type: Literal["bye"] = "bye"
    call_id: str
    reason: str = Field("hangup", max_length=40)  # hangup, cancelled, walked_away, failed, ...


class Heartbeat(_Message):
    """Keep-alive."""

    type: Literal["heartbeat"] = "heartbeat"


class HeartbeatAck(_Message):
    """Answer to a keep-alive."""

    type: Literal["heartbeat_ack"] = "heartbeat_ack"


class Error(_Message):
    """Something the service refused."""

    type: Literal["error"] = "error"
    code: str
    message: str = ""


SignalMessage = Annotated[
    Register
    | Registered
    | Ready
    | CallRequest
    | Queued
    | Incoming
    | Answered
    | Offer
    | Answer
    | Bye
    | Heartbeat
    | HeartbeatAck
    | Error,
    Field(discriminator="type"),
]
SIGNAL = TypeAdapter(SignalMessage)


def parse_signal(text: str | bytes) -> SignalMessage:
    """One message from its JSON; raises pydantic.ValidationError for anything else."""
    return SIGNAL.validate_json(text)


def dump_signal(message: SignalMessage) -> str:
    """The JSON of one message."""
    return message.model_dump_json()
