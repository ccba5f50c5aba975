"""The terminal's end of the "control" data channel: every bad message refused at once with the
right reason and never queued; valid commands queued one at a time; replies as on the wire; an
audit line per event that never carries a payload value."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from kiosk.vtm.commands import (
    MAX_COMMAND_BYTES,
    AccountSummaryCommand,
    AccountSummaryResult,
    PrintCommand,
    Refused,
    parse_reply,
)
from kiosk.vtm.control import ControlChannel, ControlClosed
from tests.flows.fake_channel import FakeDataChannel

CALL_ID = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
ACCOUNT_NO = "3100012345"
PHONE = "13812345678"
NAME = "张三丰"
PRINT_LINE = "户号 3100012345 联系电话变更完成"


@pytest.fixture
def channel() -> FakeDataChannel:
    return FakeDataChannel()


@pytest.fixture
def control(channel: FakeDataChannel) -> ControlChannel:
    return ControlChannel(channel, CALL_ID)


def command(cid: str, kind: str, payload: dict[str, Any]) -> str:
    return json.dumps({"id": cid, "type": kind, "payload": payload}, ensure_ascii=False)


SUMMARY = command("c-1", "account_summary", {"account_no": ACCOUNT_NO})
FORM = {"account_no": ACCOUNT_NO, "contact_name": NAME, "new_phone": PHONE}

MALFORMED: list[tuple[str, str | bytes, str, str | None]] = [
    ("not JSON", '{"id": "c-1", "type":', "malformed", None),
    ("not UTF-8", b'{"id": "c-1", "type": "\xff"}', "malformed", None),
    ("a JSON array", '[{"id": "c-1", "type": "end_call"}]', "malformed", None),
    ("a JSON string", '"end_call"', "malformed", None),
    ("no id", '{"type": "end_call", "payload": {}}', "malformed", None),
    ("a numeric id", '{"id": 7, "type": "end_call", "payload": {}}', "malformed", None),
    ("a bad id", '{"id": "c 1;drop", "type": "end_call", "payload": {}}', "malformed", None),
    ("a too long id", command("c" * 41, "end_call", {}), "malformed", None),
    ("no type", '{"id": "c-1", "payload": {}}', "malformed", "c-1"),
    ("unknown type", command("c-1", "transfer_money", {"amount_fen": 100}), "unknown_type", "c-1"),
    ("missing payload", '{"id": "c-1", "type": "print"}', "invalid_payload", "c-1"),
    ("extra top key", SUMMARY[:-1] + ', "pin": "123456"}', "invalid_payload", "c-1"),
    (
        "extra payload key",
        command("c-1", "account_summary", {"account_no": ACCOUNT_NO, "phone": PHONE}),
        "invalid_payload",
        "c-1",
    ),
    (
        "wrong field type",
        command("c-1", "account_summary", {"account_no": 3100012345}),
        "invalid_payload",
        "c-1",
    ),
    (
        "bad account number",
        command("c-1", "account_summary", {"account_no": "31000-12345"}),
        "invalid_payload",
        "c-1",
    ),
    (
        "unknown document",
        command("c-1", "document_photo", {"document": "passport"}),
        "invalid_payload",
        "c-1",
    ),
    (
        "empty print",
        command("c-1", "print", {"kind": "receipt", "title": "凭证", "lines": []}),
        "invalid_payload",
        "c-1",
    ),
    (
        "form with an unknown field",
        command("c-1", "push_form", {"form": "change_contact_phone", "fields": {**FORM, "x": "1"}}),
        "invalid_payload",
        "c-1",
    ),
    (
        "form without its read-only account",
        command(
            "c-1", "push_form", {"form": "change_contact_phone", "fields": {"new_phone": PHONE}}
        ),
        "invalid_payload",
        "c-1",
    ),
    (
        "unknown form",
        command("c-1", "push_form", {"form": "close_account", "fields": {}}),
        "invalid_payload",
        "c-1",
    ),
    (
        "hand back to no such service",
        command("c-1", "hand_back", {"service": "maintenance"}),
        "invalid_payload",
        "c-1",
    ),
    ("too large", command("c-1", "print", {"x": "x" * MAX_COMMAND_BYTES}), "too_large", None),
]


@pytest.mark.parametrize(
    ("data", "reason", "cid"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
async def test_every_bad_message_is_refused_at_once_and_never_queued(
    channel: FakeDataChannel,
    control: ControlChannel,
    caplog: pytest.LogCaptureFixture,
    data: str | bytes,
    reason: str,
    cid: str | None,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.vtm.audit")
    channel.deliver(data)
    assert len(channel.sent) == 1
    reply = parse_reply(channel.sent[0])
    assert isinstance(reply, Refused)
    assert (reply.reason, reply.id) == (reason, cid)
    assert reply.detail
    for value in (ACCOUNT_NO, PHONE, NAME, "passport", "maintenance", "transfer", "123456"):
        assert value not in reply.detail
    # nothing queued: the next valid command is the first one the flow sees
    channel.deliver(command("c-9", "end_call", {}))
    got = await asyncio.wait_for(control.next_command(), 1)
    assert got.id == "c-9"
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.vtm.audit"]
    known = json.loads(data).get("type") if reason == "invalid_payload" else None
    assert lines[0] == (
        f"vtm-audit call=1a2b3c4d id={cid or '-'} type={known or '-'} event=refused reason={reason}"
    )
    for line in lines:
        for value in (ACCOUNT_NO, PHONE, NAME, "transfer_money", "passport"):
            assert value not in line


async def test_a_command_acked_and_answered_on_the_wire(
    channel: FakeDataChannel, control: ControlChannel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.vtm.audit")
    channel.deliver(SUMMARY)
    got = await asyncio.wait_for(control.next_command(), 1)
    assert isinstance(got, AccountSummaryCommand) and got.payload.account_no == ACCOUNT_NO
    assert control.busy
    control.ack(got)
    result = AccountSummaryResult(
        account_no=ACCOUNT_NO,
        masked_name="张*丰",
        arrears_fen=12345,
        balance_fen=0,
        tariff_name="居民生活用电",
        bills=3,
    )
    control.result(got, "done", result)
    assert not control.busy
    assert channel.sent[0] == '{"id":"c-1","type":"ack"}'
    assert json.loads(channel.sent[1]) == {
        "id": "c-1",
        "type": "result",
        "status": "done",
        "payload": {
            "account_no": ACCOUNT_NO,
            "masked_name": "张*丰",
            "arrears_fen": 12345,
            "balance_fen": 0,
            "tariff_name": "居民生活用电",
            "bills": 3,
        },
        "error": None,
    }
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.vtm.audit"]
    assert lines[:2] == [
        "vtm-audit call=1a2b3c4d id=c-1 type=account_summary event=received",
        "vtm-audit call=1a2b3c4d id=c-1 type=account_summary event=ack",
    ]
    assert lines[2].startswith(
        "vtm-audit call=1a2b3c4d id=c-1 type=account_summary event=result status=done ms="
    )
    assert int(lines[2].rsplit("ms=", 1)[1]) >= 0
    assert len(lines) == 3 and not any(ACCOUNT_NO in line for line in lines)


async def test_a_failed_result_carries_its_error_code(
    channel: FakeDataChannel, control: ControlChannel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.vtm.audit")
    lines = {"kind": "document", "title": "变更回执", "lines": [PRINT_LINE, NAME]}
    channel.deliver(command("c-2", "print", lines))
    got = await asyncio.wait_for(control.next_command(), 1)
    assert isinstance(got, PrintCommand)
    control.result(got, "failed", error="printer_unavailable")
    assert channel.sent == [
        '{"id":"c-2","type":"result","status":"failed","payload":{},"error":"printer_unavailable"}'
    ]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "error=printer_unavailable" in text
    assert PRINT_LINE not in text and NAME not in text and "变更回执" not in text


async def test_a_second_command_while_one_is_pending_is_busy(
    channel: FakeDataChannel, control: ControlChannel
) -> None:
    channel.deliver(command("c-1", "end_call", {}))
    channel.deliver(command("c-2", "end_call", {}))  # the first is queued, not yet taken
    first = await asyncio.wait_for(control.next_command(), 1)
    channel.deliver(command("c-3", "end_call", {}))  # the first is under way
    refusals = [parse_reply(text) for text in channel.sent]
    assert [(r.id, r.reason) for r in refusals if isinstance(r, Refused)] == [
        ("c-2", "busy"),
        ("c-3", "busy"),
    ]
    control.result(first, "done")
    channel.deliver(command("c-4", "end_call", {}))
    assert (await asyncio.wait_for(control.next_command(), 1)).id == "c-4"


async def test_a_reused_id_is_refused(channel: FakeDataChannel, control: ControlChannel) -> None:
    channel.deliver(command("c-1", "end_call", {}))
    first = await asyncio.wait_for(control.next_command(), 1)
    control.result(first, "done")
    channel.deliver(command("c-1", "hand_back", {"service": "pay_bill"}))
    reply = parse_reply(channel.sent[-1])
    assert isinstance(reply, Refused) and (reply.id, reply.reason) == ("c-1", "duplicate_id")
    assert not control.busy


async def test_a_refused_id_may_be_sent_again_corrected(
    channel: FakeDataChannel, control: ControlChannel
) -> None:
    channel.deliver(command("c-1", "account_summary", {"account_no": "123"}))
    channel.deliver(SUMMARY)
    assert (await asyncio.wait_for(control.next_command(), 1)).id == "c-1"


async def test_the_channel_closing_wakes_the_flow(
    channel: FakeDataChannel, control: ControlChannel
) -> None:
    waiting = asyncio.ensure_future(control.next_command())
    await asyncio.sleep(0)
    channel.close()
    with pytest.raises(ControlClosed):
        await asyncio.wait_for(waiting, 1)
    channel.deliver(SUMMARY)  # too late: ignored, nothing sent on a closed channel
    assert channel.sent == []
    with pytest.raises(ControlClosed):
        await control.next_command()


async def test_replies_on_a_closed_channel_are_not_sent(
    channel: FakeDataChannel, control: ControlChannel
) -> None:
    channel.deliver(SUMMARY)
    got = await asyncio.wait_for(control.next_command(), 1)
    channel.readyState = "closing"
    control.result(got, "cancelled")
    assert channel.sent == []
    control.close()
    with pytest.raises(ControlClosed):
        await control.next_command()


@pytest.mark.timeout(30)
async def test_the_call_control_channel_over_real_webrtc() -> None:
    """VideoCall.open_control on aiortc's own data channel, a bare peer as the teller."""
    from aiortc import RTCDataChannel, RTCPeerConnection, RTCSessionDescription

    from kiosk.clock import SystemClock
    from kiosk.config import VtmSettings
    from kiosk.flows.video_ports import FrameMailbox
    from kiosk.vtm.call import VideoCall

    call = VideoCall(VtmSettings(), None, FrameMailbox(), FrameMailbox(), SystemClock())
    teller = RTCPeerConnection()
    opened: asyncio.Future[RTCDataChannel] = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue[str] = asyncio.Queue()

    @teller.on("datachannel")
    def on_channel(channel: RTCDataChannel) -> None:
        channel.on("message", replies.put_nowait)
        opened.set_result(channel)

    control = call.open_control(CALL_ID)
    try:
        offer = await call.make_offer()
        await teller.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        await teller.setLocalDescription(await teller.createAnswer())
        await call.accept_answer(teller.localDescription.sdp)
        channel = await asyncio.wait_for(opened, 20)
        assert channel.label == "control"
        channel.send(SUMMARY)
        got = await asyncio.wait_for(control.next_command(), 10)
        assert got.id == "c-1"
        control.ack(got)
        assert await asyncio.wait_for(replies.get(), 10) == '{"id":"c-1","type":"ack"}'
        channel.send("[]")
        refused = parse_reply(await asyncio.wait_for(replies.get(), 10))
        assert isinstance(refused, Refused) and refused.reason == "malformed"
    finally:
        await call.close()
        await teller.close()
    with pytest.raises(ControlClosed):
        await asyncio.wait_for(control.next_command(), 5)
