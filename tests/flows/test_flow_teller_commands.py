"""The teller's commands during a call, end to end through the flow: a scripted customer, a fake
VTM service, a fake call whose "control" channel the test speaks for the teller. Every command
allowed, declined and failing; the teller or the customer ending the call mid-command; the hand
back to a journey; the Video teller button on a service screen; the audit never names a value."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
import pytest
from fakes import ACCOUNT_NO, HANG, After, FakeBackOffice, FakeClock, FakePrinter, ScriptedUI
from test_flow_video_teller import Rig, teller_answers

from kiosk.backoffice import BackOfficeUnavailable
from kiosk.backoffice.vtm_models import VtmDocumentAck, VtmDocumentUpload
from kiosk.config import Settings
from kiosk.devices.status import PaperStatus
from kiosk.flows import teller_commands
from kiosk.flows.context import FlowContext
from kiosk.flows.ports import Language, Message, Service, StartChoice, VideoTellerRequested
from kiosk.flows.teller_commands import NOTICE_S
from kiosk.flows.teller_ports import (
    CallEnded,
    SignedForm,
    TellerAccount,
    TellerForm,
    TellerRequest,
)
from kiosk.flows.terminal import run_one_session
from kiosk.flows.video_ports import Picture
from kiosk.flows.video_teller import VideoDesk, video_teller
from kiosk.receipt import Text
from kiosk.vtm.signaling import Bye

PHONE = "13912345678"
NEW_PHONE = "13687654321"
NAME = "李四海"
PRINT_LINES = ["户号 1234567897 联系电话已变更", "新号码 13687654321"]
PNG = b"\x89PNG\r\n\x1a\n" + b"signature" * 10


def cmd(cid: str, type_: str, **payload: Any) -> str:
    return json.dumps({"id": cid, "type": type_, "payload": payload}, ensure_ascii=False)


class Teller:
    """The rig plus the teller's end of the data channel and the back office's documents."""

    def __init__(self, rig: Rig, settings: Settings, clock: FakeClock) -> None:
        self.rig = rig
        self.clock = clock
        self.uploads: list[tuple[str, VtmDocumentUpload, str]] = []
        self.upload_fails = False
        self.desk: VideoDesk = rig.desk(settings)
        self.desk.upload_document = self.upload

    async def upload(self, call_id: str, upload: VtmDocumentUpload, key: str) -> VtmDocumentAck:
        if self.upload_fails:
            raise BackOfficeUnavailable("vtm: HTTP 503")
        self.uploads.append((call_id, upload, key))
        import base64

        data = base64.b64decode(upload.data_b64)
        digest = hashlib.sha256(data).hexdigest()
        return VtmDocumentAck(
            document_id=f"doc-{len(self.uploads)}", sha256=digest, bytes=len(data)
        )

    def sends(self, *texts: str) -> Callable[[Any], Any]:
        """A screen during which the teller sends `texts`; it stays up until replaced."""

        async def screen(_: Any) -> None:
            for text in texts:
                self.rig.call.channel.deliver(text)
            await asyncio.get_running_loop().create_future()

        return screen

    def sends_then_ends(self, *texts: str) -> Callable[[Any], Any]:
        """A call screen during which the teller sends `texts`; then the customer presses End."""

        async def screen(_: Any) -> None:
            for text in texts:
                self.rig.call.channel.deliver(text)
            await self.clock.sleep(5)

        return screen

    def hangs_up(self) -> Callable[[Any], Any]:
        async def screen(_: Any) -> None:
            assert self.rig.signaling is not None
            self.rig.signaling.deliver(Bye(call_id=self.call_id, reason="hangup"))
            await asyncio.get_running_loop().create_future()

        return screen

    @property
    def call_id(self) -> str:
        assert self.rig.signaling is not None
        return str(self.rig.signaling.sent[0].call_id)  # type: ignore[union-attr]

    def replies(self) -> list[dict[str, Any]]:
        return [json.loads(text) for text in self.rig.call.channel.sent]

    def results(self) -> list[dict[str, Any]]:
        return [r for r in self.replies() if r["type"] == "result"]

    def bye_reason(self) -> str:
        assert self.rig.signaling is not None
        last = self.rig.signaling.sent[-1]
        assert isinstance(last, Bye)
        return last.reason


@pytest.fixture
def teller(settings: Settings, clock: FakeClock) -> Teller:
    return Teller(Rig(teller_answers()), settings, clock)


def script_call(ui: ScriptedUI, *call_screens: Any) -> None:
    ui.script("ask_video_consent", True)
    ui.script("show_video_call", *call_screens)


END = After(5, None)  # the customer presses End on the call screen


# -- account summary --


async def test_account_summary_allowed_is_shown_and_summarised_to_the_teller(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "account_summary", account_no=ACCOUNT_NO)), END)
    ui.script("ask_teller_request", True)
    ui.script("show_teller_account", After(3, None))  # then Back to the call
    assert await video_teller(ctx, teller.desk) is None
    [request] = ui.screens("ask_teller_request")
    assert isinstance(request, TellerRequest)
    assert (request.kind, request.subject, request.teller_name) == (
        "account_summary",
        ACCOUNT_NO,
        "王柜员",
    )
    [shown] = ui.screens("show_teller_account")
    assert isinstance(shown, TellerAccount) and shown.account.masked_name == "张*明"
    assert teller.replies() == [
        {"id": "c-1", "type": "ack"},
        {
            "id": "c-1",
            "type": "result",
            "status": "done",
            "payload": {
                "account_no": ACCOUNT_NO,
                "masked_name": "张*明",
                "arrears_fen": 12345,
                "balance_fen": 0,
                "tariff_name": "居民阶梯电价",
                "bills": len(shown.account.bills),
            },
            "error": None,
        },
    ]
    assert len(ui.screens("show_video_call")) == 2 and teller.bye_reason() == "hangup"
    assert "show_video_call" in ui.cancelled  # replaced by the request, not left behind


async def test_account_summary_declined_opens_nothing(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, backoffice: FakeBackOffice
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "account_summary", account_no=ACCOUNT_NO)), END)
    ui.script("ask_teller_request", False)
    await video_teller(ctx, teller.desk)
    assert [r["status"] for r in teller.results()] == ["declined"]
    assert ui.screens("show_teller_account") == []
    assert not any(call[0] == "get_account" for call in backoffice.calls)


@pytest.mark.parametrize(
    ("account_no", "down", "error"),
    [("3100000001", False, "account_not_found"), (ACCOUNT_NO, True, "account_unavailable")],
)
async def test_account_summary_failures_are_told_to_both(
    ctx: FlowContext,
    ui: ScriptedUI,
    teller: Teller,
    backoffice: FakeBackOffice,
    account_no: str,
    down: bool,
    error: str,
) -> None:
    backoffice.down = down
    script_call(ui, teller.sends(cmd("c-1", "account_summary", account_no=account_no)), END)
    ui.script("ask_teller_request", True)
    await video_teller(ctx, teller.desk)
    assert ui.screens("show_teller_notice") == [Message.TELLER_ACCOUNT_FAILED]
    assert teller.results() == [
        {"id": "c-1", "type": "result", "status": "failed", "payload": {}, "error": error}
    ]


async def test_the_next_command_replaces_the_account_screen(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "account_summary", account_no=ACCOUNT_NO)))
    ui.script("ask_teller_request", True)
    ui.script("show_teller_account", teller.sends(cmd("c-2", "end_call")))
    await video_teller(ctx, teller.desk)
    assert "show_teller_account" in ui.cancelled
    assert [(r["id"], r["status"]) for r in teller.results()] == [("c-1", "done"), ("c-2", "done")]
    assert ui.screens("show_message") == [(Message.VIDEO_ENDED_BY_TELLER, {})]
    assert teller.bye_reason() == "hangup" and teller.rig.call.closed


# -- document photo --


def picture(width: int = 64, height: int = 48) -> Picture:
    ramp = np.tile(np.arange(width, dtype=np.uint8) * 4, (height, 1))
    rgb = np.dstack([ramp, ramp // 2, 255 - ramp])
    return Picture(width, height, rgb.tobytes(), seq=1)


async def test_document_photo_is_encoded_off_the_loop_and_uploaded(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[bool] = []
    encode = teller_commands.encode_jpeg

    def watched(pic: Picture) -> bytes:
        threads.append(threading.current_thread() is threading.main_thread())
        return encode(pic)

    monkeypatch.setattr(teller_commands, "encode_jpeg", watched)
    script_call(ui, teller.sends(cmd("c-1", "document_photo", document="id_card")), END)
    ui.script("ask_teller_request", True)
    ui.script("take_document_photo", picture())
    await video_teller(ctx, teller.desk)
    assert threads == [False]
    assert ui.screens("take_document_photo")[0].document == "id_card"
    [(call_id, upload, key)] = teller.uploads
    assert call_id == teller.call_id and key == f"{teller.call_id}:c-1"
    assert (upload.kind, upload.name, upload.content_type) == ("photo", "id_card", "image/jpeg")
    import base64

    jpeg = base64.b64decode(upload.data_b64)
    decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None and decoded.shape == (48, 64, 3)
    assert teller.results()[0]["payload"] == {
        "document_id": "doc-1",
        "document": "id_card",
        "width": 64,
        "height": 48,
        "bytes": len(jpeg),
        "sha256": hashlib.sha256(jpeg).hexdigest(),
    }


@pytest.mark.parametrize(("allow", "photo"), [(False, None), (True, None)])
async def test_document_photo_declined_at_the_request_or_the_camera(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, allow: bool, photo: Any
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "document_photo", document="other")), END)
    ui.script("ask_teller_request", allow)
    ui.script("take_document_photo", photo)
    await video_teller(ctx, teller.desk)
    assert [r["status"] for r in teller.results()] == ["declined"] and teller.uploads == []


async def test_document_upload_failure_is_told_to_both(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    teller.upload_fails = True
    script_call(ui, teller.sends(cmd("c-1", "document_photo", document="id_card")), END)
    ui.script("ask_teller_request", True)
    ui.script("take_document_photo", picture())
    await video_teller(ctx, teller.desk)
    assert ui.screens("show_teller_notice") == [Message.TELLER_UPLOAD_FAILED]
    assert [(r["status"], r["error"]) for r in teller.results()] == [("failed", "upload_failed")]


# -- forms --

FORM_FIELDS = {"account_no": ACCOUNT_NO, "contact_name": NAME, "new_phone": PHONE}


async def test_a_form_is_corrected_checked_signed_and_uploaded(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    push = cmd("c-1", "push_form", form="change_contact_phone", fields=FORM_FIELDS)
    script_call(ui, teller.sends(push), END)
    ui.script("ask_teller_request", True)
    bad_phone = {**FORM_FIELDS, "new_phone": "1234"}
    good = {**FORM_FIELDS, "new_phone": NEW_PHONE, "account_no": "9999999999"}  # read-only
    ui.script(
        "fill_teller_form",
        SignedForm(bad_phone, PNG, 3),
        SignedForm(good, b"", 0),
        SignedForm(good, PNG, 4),
    )
    await video_teller(ctx, teller.desk)
    first, second, third = ui.screens("fill_teller_form")
    assert isinstance(first, TellerForm) and first.error is None
    assert [(f.name, f.value, f.editable) for f in first.fields] == [
        ("account_no", ACCOUNT_NO, False),
        ("contact_name", NAME, True),
        ("new_phone", PHONE, True),
    ]
    assert (second.error, second.error_field) == (Message.TELLER_FORM_FIELD, "new_phone")
    assert [f.value for f in second.fields][2] == "1234"  # the customer's typing is kept
    assert (third.error, third.error_field) == (Message.TELLER_FORM_SIGN, None)
    [(_, upload, key)] = teller.uploads
    assert (upload.kind, upload.name, upload.content_type) == (
        "signed_form",
        "change_contact_phone",
        "image/png",
    )
    values = {**FORM_FIELDS, "new_phone": NEW_PHONE}
    assert upload.fields == values and key.endswith(":c-1")
    assert teller.results()[0]["payload"] == {
        "document_id": "doc-1",
        "form": "change_contact_phone",
        "fields": values,
        "changed": ["new_phone"],
        "signature_strokes": 4,
    }


async def test_a_form_declined_uploads_nothing(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    push = cmd("c-1", "push_form", form="change_contact_phone", fields=FORM_FIELDS)
    script_call(ui, teller.sends(push), END)
    ui.script("ask_teller_request", True)
    ui.script("fill_teller_form", None)
    await video_teller(ctx, teller.desk)
    assert [r["status"] for r in teller.results()] == ["declined"] and teller.uploads == []


# -- print --


async def test_print_after_the_customer_agrees(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, printer: FakePrinter
) -> None:
    script_call(
        ui,
        teller.sends(cmd("c-1", "print", kind="document", title="变更回执", lines=PRINT_LINES)),
        END,
    )
    ui.script("ask_teller_request", True)
    await video_teller(ctx, teller.desk)
    assert ui.screens("ask_teller_request")[0].subject == "变更回执"
    [receipt] = printer.printed
    text = receipt.plain_text()
    for expected in (
        "福田智慧供电营业厅",
        "变更回执",
        *PRINT_LINES,
        "SZ-FT-0001-SP01",
        "2026-11-23",
    ):
        assert expected in text
    assert receipt.items[0] == Text("福田智慧供电营业厅", align="center", bold=True)
    assert ui.screens("show_teller_notice") == [
        Message.TELLER_PRINTING,
        Message.TELLER_PRINTED,
    ]
    assert teller.results()[0]["payload"] == {"kind": "document", "lines": 2}


@pytest.mark.parametrize("allow", [True, False])
async def test_print_without_paper_or_declined(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, printer: FakePrinter, allow: bool
) -> None:
    printer.set_paper(PaperStatus.OUT)
    script_call(ui, teller.sends(cmd("c-1", "print", kind="receipt", title="t", lines=["x"])), END)
    ui.script("ask_teller_request", allow)
    await video_teller(ctx, teller.desk)
    assert printer.printed == []
    if allow:
        assert ui.screens("show_teller_notice") == [Message.TELLER_PRINT_FAILED]
        assert teller.results()[0]["error"] == "printer_unavailable"
    else:
        assert teller.results()[0]["status"] == "declined"


# -- hand back, end call, hang-ups --


async def test_hand_back_ends_the_call_with_the_service(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "hand_back", service="buy_prepaid")))
    ui.script("ask_teller_request", True)
    assert await video_teller(ctx, teller.desk) == Service.BUY_PREPAID
    assert teller.results()[0]["payload"] == {"service": "buy_prepaid"}
    assert teller.bye_reason() == "handed_back" and teller.rig.call.closed


async def test_hand_back_declined_the_call_goes_on(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "hand_back", service="pay_bill")), END)
    ui.script("ask_teller_request", False)
    assert await video_teller(ctx, teller.desk) is None
    assert teller.results()[0]["status"] == "declined" and teller.bye_reason() == "hangup"


async def test_end_call_needs_no_confirmation(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "end_call")))
    await video_teller(ctx, teller.desk)
    assert ui.screens("ask_teller_request") == []
    assert teller.replies() == [
        {"id": "c-1", "type": "ack"},
        {"id": "c-1", "type": "result", "status": "done", "payload": {}, "error": None},
    ]
    assert ui.screens("show_message") == [(Message.VIDEO_ENDED_BY_TELLER, {})]
    assert teller.bye_reason() == "hangup"


async def test_the_teller_hanging_up_cancels_the_command_screen(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "document_photo", document="id_card")))
    ui.script("ask_teller_request", teller.hangs_up())
    await video_teller(ctx, teller.desk)
    assert "ask_teller_request" in ui.cancelled
    assert [r["status"] for r in teller.results()] == ["cancelled"]
    assert ui.screens("show_message") == [(Message.VIDEO_ENDED_BY_TELLER, {})]
    assert teller.rig.call.closed and teller.rig.signaling is not None
    assert teller.rig.signaling.closed


async def test_end_call_on_a_command_screen_ends_the_call(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends(cmd("c-1", "document_photo", document="id_card")))
    ui.script("ask_teller_request", True)
    ui.script("take_document_photo", CallEnded())
    assert await video_teller(ctx, teller.desk) is None
    assert [r["status"] for r in teller.results()] == ["cancelled"]
    assert teller.bye_reason() == "hangup" and ui.screens("show_message") == []


async def test_the_inactivity_timer_is_held_on_command_screens(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    held: list[bool] = []

    async def slow_customer(_: Any) -> bool:
        assert ctx.timer is not None
        held.append(ctx.timer.is_paused)
        await ctx.clock.sleep(600)  # ten minutes reading: no time-out during a call
        held.append(ctx.timer.is_paused)
        return False

    script_call(ui, teller.sends(cmd("c-1", "hand_back", service="pay_bill")), END)
    ui.script("ask_teller_request", slow_customer)
    assert ctx.timer is not None
    await ctx.timer.supervise(video_teller(ctx, teller.desk))
    assert held == [True, True] and not ctx.timer.timed_out


async def test_bad_commands_during_a_call_change_nothing_on_screen(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    script_call(ui, teller.sends_then_ends("not json", cmd("c-1", "format_disk")))
    await video_teller(ctx, teller.desk)
    assert [r["reason"] for r in teller.replies()] == ["malformed", "unknown_type"]
    assert ui.names().count("show_video_call") == 1 and ui.screens("ask_teller_request") == []


async def test_the_audit_and_the_logs_never_name_a_value(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    push = cmd("c-2", "push_form", form="change_contact_phone", fields=FORM_FIELDS)
    script_call(
        ui,
        teller.sends(cmd("c-1", "account_summary", account_no=ACCOUNT_NO)),
        teller.sends(push),
        teller.sends(cmd("c-3", "print", kind="document", title="变更回执", lines=PRINT_LINES)),
        teller.sends_then_ends(cmd("c-4", "account_summary", account_no=ACCOUNT_NO, phone=PHONE)),
    )
    ui.script("ask_teller_request", True, True, True)
    ui.script("show_teller_account", After(1, None))
    ui.script("fill_teller_form", SignedForm({**FORM_FIELDS, "new_phone": NEW_PHONE}, PNG, 2))
    await video_teller(ctx, teller.desk)
    assert [r["status"] for r in teller.results()] == ["done", "done", "done"]
    audit = [r.getMessage() for r in caplog.records if r.name == "kiosk.vtm.audit"]
    events = [line.split(" event=")[1].split()[0] for line in audit]
    assert events == ["received", "ack", "result"] * 3 + ["refused"]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for value in (ACCOUNT_NO, PHONE, NEW_PHONE, NAME, "张小明", "变更回执", *PRINT_LINES):
        assert value not in everything


# -- the terminal: Video teller from a service screen, and the hand back --


async def test_video_teller_from_pay_bill_then_handed_back_to_pay_bill(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller
) -> None:
    ui.script("wait_for_customer", StartChoice(Service.PAY_BILL, Language.ZH_CN))
    ui.script("ask_account_number", VideoTellerRequested(), ACCOUNT_NO)
    script_call(ui, teller.sends(cmd("c-1", "hand_back", service="pay_bill")))
    ui.script("ask_teller_request", True)
    ui.script("show_account", VideoTellerRequested())  # and once more, from the summary
    ui.script("ask_video_consent", False)
    assert ctx.timer is not None
    choice = await run_one_session(
        ctx.ui,
        ctx.backoffice,
        ctx.devices,
        ctx.journal,
        ctx.settings,
        ctx.clock,
        ctx.timer,
        video=teller.desk,
    )
    assert choice.service == Service.PAY_BILL
    names = ui.names()
    assert names.index("ask_video_consent") < names.index("show_video_call")
    assert names.count("ask_account_number") == 2 and names.count("ask_video_consent") == 2
    assert teller.bye_reason() == "handed_back"


async def test_video_teller_requested_without_a_desk_is_explained(
    ctx: FlowContext, ui: ScriptedUI
) -> None:
    ui.script("wait_for_customer", StartChoice(Service.REPRINT, Language.ZH_CN))
    ui.script("ask_reference", VideoTellerRequested())
    assert ctx.timer is not None
    await run_one_session(
        ctx.ui, ctx.backoffice, ctx.devices, ctx.journal, ctx.settings, ctx.clock, ctx.timer
    )
    assert ui.screens("show_message") == [(Message.VIDEO_UNAVAILABLE, {})]


_ = HANG  # the default for show_teller_account (stays until replaced)


async def test_the_printed_notice_stays_before_the_call_comes_back(
    ctx: FlowContext, ui: ScriptedUI, teller: Teller, printer: FakePrinter
) -> None:
    """ "Take your document" must be readable: the call screen comes back NOTICE_S after the
    notice, and NOTICE_S is long enough to read two short lines."""
    script_call(
        ui, teller.sends(cmd("c-1", "print", kind="document", title="回执", lines=["x"])), END
    )
    ui.script("ask_teller_request", True)
    shown: list[tuple[str, float]] = []  # in order
    show_notice, show_call = ui.show_teller_notice, ui.show_video_call

    def notice(message: Any, call: Any) -> None:
        shown.append(("notice", ctx.clock.monotonic()))
        show_notice(message, call)

    async def call_screen(view: Any) -> None:
        shown.append(("call", ctx.clock.monotonic()))
        await show_call(view)

    ui.show_teller_notice = notice  # type: ignore[method-assign]
    ui.show_video_call = call_screen  # type: ignore[method-assign]
    await video_teller(ctx, teller.desk)
    assert ui.screens("show_teller_notice") == [
        Message.TELLER_PRINTING,
        Message.TELLER_PRINTED,
    ]
    at = len(shown) - 1 - [name for name, _ in shown][::-1].index("notice")  # "printed"
    (_, shown_at), (back, back_at) = shown[at], shown[at + 1]
    assert back == "call"
    assert NOTICE_S >= 3
    assert back_at - shown_at >= NOTICE_S
