"""The back-office contract for video-teller call-backs: a customer who could not reach a teller
leaves a mobile number and a teller calls back. The number is personal data: it goes only here,
never into logs or the journal."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CallbackRequest(BaseModel):
    """POST /api/v1/vtm/callbacks (Idempotency-Key: the call's id)."""

    model_config = ConfigDict(frozen=True)

    terminal_id: str
    phone: str = Field(pattern=r"^1[3-9][0-9]{9}$", description="mainland mobile number")
    language: str = Field(pattern=r"^(zh_CN|en)$")
    reason: str = Field(max_length=40, description="why the call did not happen")


class CallbackAck(BaseModel):
    """The call-back is booked."""

    model_config = ConfigDict(frozen=True)

    callback_id: str
    booked_at: datetime


class VtmDocumentUpload(BaseModel):
    """POST /api/v1/vtm/calls/{call_id}/documents (Idempotency-Key: call id + ":" + command id):
    a document photo or a signed form the customer sent their teller during a call. The teller
    fetches it from the back office by its `document_id`; it never crosses the data channel."""

    model_config = ConfigDict(frozen=True)

    terminal_id: str
    kind: Literal["photo", "signed_form"]
    name: str = Field(max_length=40, description="the DocumentKind or the FormId")
    content_type: Literal["image/jpeg", "image/png"]
    data_b64: str = Field(description="the image, base64 (at most 2 MB decoded)")
    fields: dict[str, str] = Field(default_factory=dict, description="a signed form's values")


class VtmDocumentAck(BaseModel):
    """The document is stored."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    sha256: str
    bytes: int
