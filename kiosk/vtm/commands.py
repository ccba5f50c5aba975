"""The teller's commands over the call's "control" data channel, and the terminal's replies.

Every message is one JSON text. The teller sends a command:
    {"id": "c-1", "type": "account_summary", "payload": {"account_no": "3100012345"}}
The terminal answers each command, in order:
    {"id": "c-1", "type": "ack"}                      valid; the customer is being asked
    {"id": "c-1", "type": "result", "status": "done", "payload": {...}}
    {"id": "c-1", "type": "result", "status": "declined"}        the customer said no
    {"id": "c-1", "type": "result", "status": "failed", "error": "paper_out"}
or refuses it without doing anything:
    {"id": "c-1" | null, "type": "refused", "reason": "unknown_type", "detail": "..."}

Refusal reasons: `malformed` (not a JSON object, or no usable id / type), `too_large` (over
`MAX_COMMAND_BYTES`), `unknown_type`, `invalid_payload` (the payload does not fit the type),
`busy` (a command is already being carried out), `duplicate_id` (an id used before in this call).

The commands, their payloads and their result payloads:
| type            | payload                                   | result payload (status done)      |
|-----------------|-------------------------------------------|-----------------------------------|
| account_summary | account_no (10 digits)                    | AccountSummaryResult              |
| document_photo  | document (DocumentKind)                   | DocumentResult                    |
| push_form       | form (FormId), fields {name: value}       | FormResult                        |
| print           | kind, title, lines                        | PrintResult                       |
| hand_back       | service (pay_bill / buy_prepaid / reprint) | {"service": ...}                 |
| end_call        | {}                                        | {}                                |

The customer confirms each on the screen, except end_call. Documents (photos, signed forms) are
not sent over the channel: the terminal uploads them to the back office, and the result names
them by `document_id`; the teller fetches them from there.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

MAX_COMMAND_BYTES = 16 * 1024
COMMAND_ID = r"^[A-Za-z0-9._:-]{1,40}$"

CommandType = Literal[
    "account_summary", "document_photo", "push_form", "print", "hand_back", "end_call"
]
COMMAND_TYPES: tuple[str, ...] = (
    "account_summary",
    "document_photo",
    "push_form",
    "print",
    "hand_back",
    "end_call",
)
DocumentKind = Literal["id_card", "household_register", "property_certificate", "other"]
FormId = Literal["change_contact_phone"]
HandBackService = Literal["pay_bill", "buy_prepaid", "reprint"]
RefusalReason = Literal[
    "malformed", "too_large", "unknown_type", "invalid_payload", "busy", "duplicate_id"
]
ResultStatus = Literal["done", "declined", "failed", "cancelled"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- payloads (teller → terminal) -----------------------------------------------------------


class AccountSummaryPayload(_Strict):
    """Show the customer's account summary (on the terminal's screen, and to the teller)."""

    account_no: str = Field(pattern=r"^\d{10}$")


class DocumentPhotoPayload(_Strict):
    """Ask the customer to hold a document to the camera; the terminal takes its photo."""

    document: DocumentKind


class PushFormPayload(_Strict):
    """A form the customer reads, corrects and signs with a finger (kiosk/vtm/forms.py)."""

    form: FormId
    fields: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=120)]] = (
        Field(default_factory=dict, max_length=20)
    )


class PrintPayload(_Strict):
    """Print a document or a receipt on the terminal's receipt printer."""

    kind: Literal["receipt", "document"]
    title: str = Field(min_length=1, max_length=40)
    lines: list[Annotated[str, Field(max_length=48)]] = Field(min_length=1, max_length=80)


class HandBackPayload(_Strict):
    """End the call and take the customer to a self-service journey."""

    service: HandBackService


class EndCallPayload(_Strict):
    """End the call."""


PAYLOADS: tuple[type[BaseModel], ...] = (
    AccountSummaryPayload,
    DocumentPhotoPayload,
    PushFormPayload,
    PrintPayload,
    HandBackPayload,
    EndCallPayload,
)


# --- commands -------------------------------------------------------------------------------


class _Command(_Strict):
    id: str = Field(pattern=COMMAND_ID)


class AccountSummaryCommand(_Command):
    type: Literal["account_summary"] = "account_summary"
    payload: AccountSummaryPayload


class DocumentPhotoCommand(_Command):
    type: Literal["document_photo"] = "document_photo"
    payload: DocumentPhotoPayload


class PushFormCommand(_Command):
    type: Literal["push_form"] = "push_form"
    payload: PushFormPayload


class PrintCommand(_Command):
    type: Literal["print"] = "print"
    payload: PrintPayload


class HandBackCommand(_Command):
    type: Literal["hand_back"] = "hand_back"
    payload: HandBackPayload


class EndCallCommand(_Command):
    type: Literal["end_call"] = "end_call"
    payload: EndCallPayload = Field(default_factory=EndCallPayload)


TellerCommand = Annotated[
    AccountSummaryCommand
    | DocumentPhotoCommand
    | PushFormCommand
    | PrintCommand
    | HandBackCommand
    | EndCallCommand,
    Field(discriminator="type"),
]
TELLER_COMMAND: TypeAdapter[TellerCommand] = TypeAdapter(TellerCommand)


# --- result payloads (terminal → teller) ----------------------------------------------------


class AccountSummaryResult(_Strict):
    """What the teller sees of the account (the name masked, as on the customer's screen)."""

    account_no: str
    masked_name: str
    arrears_fen: int
    balance_fen: int
    tariff_name: str
    bills: int  # how many bills the summary lists


class DocumentResult(_Strict):
    """A photo uploaded to the back office."""

    document_id: str
    document: DocumentKind
    width: int
    height: int
    bytes: int
    sha256: str


class FormResult(_Strict):
    """A signed form uploaded to the back office; `fields` as the customer corrected them."""

    document_id: str
    form: FormId
    fields: dict[str, str]
    changed: list[str]  # names of the fields the customer changed
    signature_strokes: int


class PrintResult(_Strict):
    """What was printed."""

    kind: Literal["receipt", "document"]
    lines: int


# --- replies (terminal → teller) ------------------------------------------------------------


class Ack(_Strict):
    """The command is valid and under way (the customer is being asked)."""

    id: str
    type: Literal["ack"] = "ack"


class Result(_Strict):
    """How a command ended."""

    id: str
    type: Literal["result"] = "result"
    status: ResultStatus
    payload: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None  # a code, never personal data: paper_out, upload_failed, ...


class Refused(_Strict):
    """The command was not carried out at all."""

    id: str | None
    type: Literal["refused"] = "refused"
    reason: RefusalReason
    detail: str = ""  # what was wrong, for the teller's console; no payload values in it


Reply = Annotated[Ack | Result | Refused, Field(discriminator="type")]
REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)


def dump_reply(reply: Ack | Result | Refused) -> str:
    """The JSON text of a reply."""
    return reply.model_dump_json()


def parse_reply(text: str | bytes) -> Ack | Result | Refused:
    """A reply from its JSON (the teller's side); raises pydantic.ValidationError."""
    return REPLY.validate_json(text)


def dump_command(command: TellerCommand) -> str:
    """The JSON text of a command (the teller's side)."""
    return command.model_dump_json()
