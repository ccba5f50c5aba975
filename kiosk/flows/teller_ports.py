"""What the screens get from the flow while a teller drives the terminal during a video call.

Every one of these screens keeps the call visible: `call` is the running call's view (the teller's
video small in a corner from `call.remote`, the call time, End call). The customer's End call on
any of them raises `CallEnded` (the flow says bye and tidies up as for the call screen's End).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.flows.ports import AccountView, Message
from kiosk.flows.video_ports import Picture, VideoCallView


class CallEnded(Exception):
    """The customer pressed End call on a teller-command screen."""


@dataclass(frozen=True)
class TellerRequest:
    """The teller asks to do something; the customer allows it or declines.

    `kind` is the command type (account_summary, document_photo, push_form, print, hand_back);
    `subject` says what exactly, as a key the screen translates: the document kind, the form id,
    the print title (shown as it is), or the service to go to.
    """

    kind: str
    subject: str
    teller_name: str
    call: VideoCallView


@dataclass(frozen=True)
class TellerAccount:
    """The account summary the customer allowed the teller to open; shown with the call."""

    account: AccountView
    call: VideoCallView


@dataclass(frozen=True)
class DocumentPhotoPrompt:
    """'Hold your <document> to the camera': the customer's own camera large (`call.local`),
    Take photo; then the still with Retake / Send."""

    document: str  # DocumentKind
    call: VideoCallView


@dataclass(frozen=True)
class FormFieldView:
    """One field as the form screen shows it."""

    name: str  # label key "form.field.<name>"
    value: str
    editable: bool
    kind: str  # account / phone / text: which keypad


@dataclass(frozen=True)
class TellerForm:
    """A form to read, correct and sign with a finger."""

    form_id: str  # title key "form.<form_id>"
    fields: list[FormFieldView]
    call: VideoCallView
    error: Message | None = None  # why the last submission was refused
    error_field: str | None = None  # the field in error


@dataclass(frozen=True)
class SignedForm:
    """The customer's submission: every field's value, and the signature as PNG."""

    values: dict[str, str]
    signature_png: bytes
    strokes: int


@dataclass(frozen=True)
class DocumentPhoto:
    """The photo the customer chose to send."""

    picture: Picture
    jpeg: bytes = field(default=b"", repr=False)  # filled by the flow when it encodes it
