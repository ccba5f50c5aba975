"""The back-office contract for video-teller call-backs: a customer who could not reach a teller
leaves a mobile number and a teller calls back. The number is personal data: it goes only here,
never into logs or the journal."""

from __future__ import annotations

from datetime import datetime

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
