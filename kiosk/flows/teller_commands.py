"""The teller's commands carried out on the terminal, one handler per command.

Each runs the same way (`carry_out`): ack to the teller, the customer asked on screen (except
end_call), the thing done, one result back. The customer's End call on a command screen ends the
call; a command cancelled under way (the teller hung up) still answers "cancelled".
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from drivers.interfaces import DeviceError
from kiosk.backoffice import AccountNotFound, BackOfficeError
from kiosk.backoffice.vtm_models import VtmDocumentAck, VtmDocumentUpload
from kiosk.flows.context import FlowContext
from kiosk.flows.devices import ready_printer
from kiosk.flows.pay_bill import account_view
from kiosk.flows.ports import CancelSession, GoBack, Message, Service
from kiosk.flows.teller_ports import (
    CallEnded,
    DocumentPhotoPrompt,
    FormFieldView,
    TellerAccount,
    TellerForm,
    TellerRequest,
)
from kiosk.flows.video_ports import Picture, VideoCallView
from kiosk.receipts import build_teller_print
from kiosk.vtm.commands import (
    AccountSummaryCommand,
    AccountSummaryResult,
    DocumentPhotoCommand,
    DocumentResult,
    EndCallCommand,
    FormResult,
    HandBackCommand,
    PrintCommand,
    PrintResult,
    PushFormCommand,
    ResultStatus,
    TellerCommand,
)
from kiosk.vtm.control import ControlChannel
from kiosk.vtm.forms import FORMS, field_error

log = logging.getLogger(__name__)

JPEG_QUALITY = 85
NOTICE_S = 4.0  # how long "take your document" / "could not..." stays before the call returns
Upload = Callable[[str, VtmDocumentUpload, str], Awaitable[VtmDocumentAck]]


@dataclass(frozen=True)
class CommandScene:
    """What a command works with: the session, the control channel and the running call."""

    ctx: FlowContext
    control: ControlChannel
    call_id: str
    call: VideoCallView
    upload: Upload | None


@dataclass(frozen=True)
class CommandOutcome:
    """How a command ended, and what the call does next."""

    status: ResultStatus
    payload: BaseModel | dict[str, Any] | None = None
    error: str | None = None
    # Left up over the call until done or replaced: the account summary, or a notice's time.
    screen: asyncio.Future[None] | None = None
    hand_back: Service | None = None  # the call ends; this journey starts
    end_call: bool = False  # the teller ended the call
    customer_ended: bool = False  # End call pressed on a command screen


async def carry_out(scene: CommandScene, command: TellerCommand) -> CommandOutcome:
    """Ack, ask, do, reply. Raises only the customer's navigation and cancellation."""
    scene.control.ack(command)
    try:
        outcome = await _dispatch(scene, command)
    except CallEnded:
        outcome = CommandOutcome("cancelled", customer_ended=True)
    except (asyncio.CancelledError, CancelSession, GoBack):
        if not scene.control.closed:
            scene.control.result(command, "cancelled")
        raise
    except Exception:
        log.exception("video teller: command %s failed", command.type)
        outcome = CommandOutcome("failed", error="terminal_error")
    scene.control.result(command, outcome.status, outcome.payload, outcome.error)
    return outcome


async def _dispatch(scene: CommandScene, command: TellerCommand) -> CommandOutcome:
    if isinstance(command, EndCallCommand):
        return CommandOutcome("done", {}, end_call=True)
    if isinstance(command, AccountSummaryCommand):
        return await account_summary(scene, command)
    if isinstance(command, DocumentPhotoCommand):
        return await document_photo(scene, command)
    if isinstance(command, PushFormCommand):
        return await push_form(scene, command)
    if isinstance(command, PrintCommand):
        return await print_document(scene, command)
    return await hand_back(scene, command)


def _notice(scene: CommandScene, message: Message) -> asyncio.Future[None]:
    """Show a notice over the call and leave it up for NOTICE_S (the next command or the
    teller's hang-up replace it sooner; End call on it raises CallEnded): the flow returns to the
    call screen when this future is done."""
    scene.ctx.ui.show_teller_notice(message, scene.call)
    return asyncio.ensure_future(scene.ctx.ui.hold_teller_notice(NOTICE_S))


async def _allowed(scene: CommandScene, kind: str, subject: str) -> bool:
    request = TellerRequest(kind, subject, scene.call.teller_name, scene.call)
    allowed = await scene.ctx.ui.ask_teller_request(request)
    scene.ctx.touch()
    return allowed


async def account_summary(scene: CommandScene, command: AccountSummaryCommand) -> CommandOutcome:
    """The account on the customer's screen (left up) and its summary to the teller."""
    account_no = command.payload.account_no
    if not await _allowed(scene, command.type, account_no):
        return CommandOutcome("declined")
    try:
        account = await scene.ctx.backoffice.get_account(account_no)
    except AccountNotFound:
        notice = _notice(scene, Message.TELLER_ACCOUNT_FAILED)
        return CommandOutcome("failed", error="account_not_found", screen=notice)
    except BackOfficeError as exc:
        log.warning("video teller: account unavailable: %s", type(exc).__name__)
        notice = _notice(scene, Message.TELLER_ACCOUNT_FAILED)
        return CommandOutcome("failed", error="account_unavailable", screen=notice)
    view = account_view(account)
    screen = asyncio.ensure_future(
        scene.ctx.ui.show_teller_account(TellerAccount(view, scene.call))
    )
    result = AccountSummaryResult(
        account_no=view.account_no,
        masked_name=view.masked_name,
        arrears_fen=view.arrears_fen,
        balance_fen=view.balance_fen,
        tariff_name=view.tariff_name,
        bills=len(view.bills),
    )
    return CommandOutcome("done", result, screen=screen)


async def document_photo(scene: CommandScene, command: DocumentPhotoCommand) -> CommandOutcome:
    """The customer holds the document to the camera; the photo goes to the back office."""
    document = command.payload.document
    if not await _allowed(scene, command.type, document):
        return CommandOutcome("declined")
    picture = await scene.ctx.ui.take_document_photo(DocumentPhotoPrompt(document, scene.call))
    scene.ctx.touch()
    if picture is None:
        return CommandOutcome("declined")
    # Encoding a 640x480 JPEG takes milliseconds the GUI thread must not lose.
    jpeg = await asyncio.to_thread(encode_jpeg, picture)
    ack = await _upload(scene, command.id, "photo", document, "image/jpeg", jpeg, {})
    if ack is None:
        notice = _notice(scene, Message.TELLER_UPLOAD_FAILED)
        return CommandOutcome("failed", error="upload_failed", screen=notice)
    result = DocumentResult(
        document_id=ack.document_id,
        document=document,
        width=picture.width,
        height=picture.height,
        bytes=ack.bytes,
        sha256=ack.sha256,
    )
    return CommandOutcome("done", result)


def encode_jpeg(picture: Picture) -> bytes:
    """The picture as JPEG (quality 85)."""
    import cv2  # imported at the first photo, not at start (cold start)
    import numpy as np

    rgb = np.frombuffer(picture.rgb, dtype=np.uint8).reshape(picture.height, picture.width, 3)
    ok, encoded = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
    )
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(encoded.tobytes())


async def push_form(scene: CommandScene, command: PushFormCommand) -> CommandOutcome:
    """The customer reads the form, corrects what they may, signs; it goes to the back office."""
    spec = FORMS[command.payload.form]
    if not await _allowed(scene, command.type, spec.form_id):
        return CommandOutcome("declined")
    teller_values = {
        field.name: command.payload.fields.get(field.name, "") for field in spec.fields
    }
    form = TellerForm(
        spec.form_id,
        [FormFieldView(f.name, teller_values[f.name], f.editable, f.kind) for f in spec.fields],
        scene.call,
    )
    while True:
        signed = await scene.ctx.ui.fill_teller_form(form)
        scene.ctx.touch()
        if signed is None:
            return CommandOutcome("declined")
        # Read-only fields keep the teller's value whatever the screen sends back.
        values = {
            f.name: signed.values.get(f.name, "").strip() if f.editable else teller_values[f.name]
            for f in spec.fields
        }
        fields = [replace(view, value=values[view.name]) for view in form.fields]
        wrong = next((f.name for f in spec.fields if field_error(f, values[f.name])), None)
        if wrong is not None:
            form = replace(form, fields=fields, error=Message.TELLER_FORM_FIELD, error_field=wrong)
            continue
        if signed.strokes <= 0 or not signed.signature_png:
            form = replace(form, fields=fields, error=Message.TELLER_FORM_SIGN, error_field=None)
            continue
        break
    ack = await _upload(
        scene, command.id, "signed_form", spec.form_id, "image/png", signed.signature_png, values
    )
    if ack is None:
        notice = _notice(scene, Message.TELLER_UPLOAD_FAILED)
        return CommandOutcome("failed", error="upload_failed", screen=notice)
    result = FormResult(
        document_id=ack.document_id,
        form=command.payload.form,
        fields=values,
        changed=[name for name, value in values.items() if value != teller_values[name]],
        signature_strokes=signed.strokes,
    )
    return CommandOutcome("done", result)


async def _upload(
    scene: CommandScene,
    command_id: str,
    kind: str,
    name: str,
    content_type: str,
    data: bytes,
    fields: dict[str, str],
) -> VtmDocumentAck | None:
    """The document at the back office, or None when it could not go."""
    upload = VtmDocumentUpload.model_validate(
        {
            "terminal_id": scene.ctx.settings.terminal.id,
            "kind": kind,
            "name": name,
            "content_type": content_type,
            "data_b64": base64.b64encode(data).decode("ascii"),
            "fields": fields,
        }
    )
    if scene.upload is None:
        log.warning("video teller: no document upload configured")
    else:
        try:
            ack = await scene.upload(scene.call_id, upload, f"{scene.call_id}:{command_id}")
        except Exception as exc:  # whatever went wrong, the customer hears it did not arrive
            log.warning("video teller: %s upload failed: %s", kind, type(exc).__name__)
        else:
            if ack.sha256 == hashlib.sha256(data).hexdigest():
                return ack
            log.error("video teller: %s upload acknowledged with another digest", kind)
    return None


async def print_document(scene: CommandScene, command: PrintCommand) -> CommandOutcome:
    """The teller's document on the receipt printer, after the customer agrees."""
    payload = command.payload
    if not await _allowed(scene, command.type, payload.title):
        return CommandOutcome("declined")
    ctx = scene.ctx
    printer = await ready_printer(ctx.devices)
    if printer is not None:
        # A real printer takes seconds: the customer is not left on the question meanwhile.
        ctx.ui.show_teller_notice(Message.TELLER_PRINTING, scene.call)
        receipt = build_teller_print(
            payload.title,
            list(payload.lines),
            hall_name=ctx.hall_name,
            terminal_id=ctx.settings.terminal.id,
            when=ctx.clock.wall(),
            language=ctx.language,
        )
        try:
            await printer.print_receipt(receipt)
        except DeviceError as exc:
            log.warning("video teller: printing failed: %s", exc)
        else:
            printed = PrintResult(kind=payload.kind, lines=len(payload.lines))
            return CommandOutcome("done", printed, screen=_notice(scene, Message.TELLER_PRINTED))
    notice = _notice(scene, Message.TELLER_PRINT_FAILED)
    return CommandOutcome("failed", error="printer_unavailable", screen=notice)


async def hand_back(scene: CommandScene, command: HandBackCommand) -> CommandOutcome:
    """The call ends and the customer goes on with a self-service journey."""
    service = command.payload.service
    if not await _allowed(scene, command.type, service):
        return CommandOutcome("declined")
    return CommandOutcome("done", {"service": service}, hand_back=Service(service))
