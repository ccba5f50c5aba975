"""Tour journeys of issue 4: a video call with the scripted teller, through the real widgets and a
real WebRTC call on loopback (aiortc both sides, the back office's signaling service between).

The call screen is photographed once video is painted both ways; the teller bot says how many of
the terminal's camera frames it received, so "video both ways" is checked on both ends.
"""

from __future__ import annotations

from typing import Any

from kiosk.tour.journeys import Journey, TourContext, _until

MIN_FRAMES = 30  # about a second of 30 fps video, painted on the terminal


async def ask_for_a_teller(ctx: TourContext, screen: str = "idle") -> None:
    """On `screen` (idle, or a service screen), Video teller → consent → Agree."""
    d = ctx.driver
    await d.wait_screen(screen)
    await _until(lambda: d.is_visible("btn_video_teller"), timeout=30)
    d.click("btn_video_teller")
    await d.wait_screen("video_consent")
    d.click("btn_agree")


async def _into_call(ctx: TourContext) -> None:
    """Idle → Video teller → consent → waiting → the call screen."""
    await ask_for_a_teller(ctx)
    await ctx.driver.wait_screen("video_call", timeout=40)


def _painted(ctx: TourContext, name: str) -> int:
    return int(getattr(ctx.driver.widget(name), "frames_painted", 0))


async def video_call_with_teller(ctx: TourContext) -> tuple[str, str]:
    """The customer calls, the teller answers; the teller's video large, the customer's camera
    small; the customer mutes and unmutes, then ends the call."""
    d = ctx.driver
    await ctx.remote.teller_script({"answer_delay_s": 0.5, "talk_s": 120})
    await _into_call(ctx)
    await _until(lambda: _painted(ctx, "video_remote") >= MIN_FRAMES, timeout=20)
    await _until(lambda: _painted(ctx, "video_local") >= 5, timeout=20)
    d.shot("video_call_frames")
    d.click("btn_mute")
    d.click("btn_mute")
    teller: dict[str, Any] = await ctx.remote.teller_state()
    painted = _painted(ctx, "video_remote")
    d.click("btn_end_call")
    await d.wait_screen("idle", timeout=20)
    both_ways = painted >= MIN_FRAMES and teller["frames_received"] > 0
    detail = (
        f"teller frames painted {painted}, "
        f"customer frames the teller received {teller['frames_received']}"
    )
    return ("talked, video both ways" if both_ways else "not as expected"), detail


async def teller_hangs_up(ctx: TourContext) -> tuple[str, str]:
    """The teller ends the call: the customer is told, and the terminal goes back to idle."""
    d = ctx.driver
    await ctx.remote.teller_script({"answer_delay_s": 0.5, "hangup_after_s": 3})
    await _into_call(ctx)
    await d.wait_screen("message", timeout=30)
    told = ctx.text("message_title")
    d.click("btn_ok")
    await d.wait_screen("idle")
    await ctx.remote.teller_script({})
    return "ended by the teller", told


async def nobody_answers_call_back(ctx: TourContext) -> tuple[str, str]:
    """No teller free in time: the customer leaves a mobile number for a call back."""
    d = ctx.driver
    await ctx.remote.teller_script({"never_answer": True})
    try:
        await ask_for_a_teller(ctx)
        await d.wait_screen("video_waiting")
        await d.wait_screen("callback_phone", timeout=60)
        d.type_digits("13812345678")
        d.click("keypad_ok")
        await d.wait_screen("message")
        booked = ctx.text("message_title")
        d.click("btn_ok")
        await d.wait_screen("idle")
    finally:
        await ctx.remote.teller_script({})
    callbacks = await ctx.remote.vtm_callbacks()
    ok = bool(callbacks) and callbacks[-1]["phone"] == "138****5678"
    return ("call back booked" if ok else "not as expected"), booked


async def media_never_connects(ctx: TourContext) -> tuple[str, str]:
    """The teller answers but its network is broken (ICE cannot connect): after the connect
    time-out the customer is offered a call back, declines it, and the terminal is idle again."""
    d = ctx.driver
    await ctx.remote.teller_script({"answer_delay_s": 0.3, "unreachable_media": True})
    try:
        await ask_for_a_teller(ctx)
        shown = await d.wait_screen("callback_phone", "video_call", timeout=60)
        if shown == "video_call":
            return "not as expected", "the call connected over a broken network"
        offered = ctx.text("callback_error") or ctx.text("callback_title")
        d.click("btn_back")
        await d.wait_screen("idle")
    finally:
        await ctx.remote.teller_script({})
    teller: dict[str, Any] = await ctx.remote.teller_state()
    last = teller.get("last_call") or {}
    ok = last.get("ended_by") == "terminal" and last.get("frames_received", 0) == 0
    record = f"ended by {last.get('ended_by')} ({last.get('reason')})"
    detail = f"{offered}; the teller's record: {record}"
    return ("call back offered" if ok else "not as expected"), detail


def _teller_commands(account_no: str) -> list[dict[str, Any]]:
    """What the teller does on the call, in order (the bot waits for each result)."""
    return [
        {"type": "account_summary", "payload": {"account_no": account_no}},
        {"type": "document_photo", "payload": {"document": "id_card"}},
        {
            "type": "push_form",
            "payload": {
                "form": "change_contact_phone",
                "fields": {
                    "account_no": account_no,
                    "contact_name": "张三",
                    "new_phone": "13800000000",
                },
            },
        },
        {
            "type": "print",
            "payload": {
                "kind": "document",
                "title": "业务受理回执",
                "lines": ["联系电话变更 已受理", "受理柜员 T-0001", "如有疑问请致电 95598"],
            },
        },
        {"type": "hand_back", "payload": {"service": "pay_bill"}},
    ]


async def _allow(ctx: TourContext, then: str) -> None:
    d = ctx.driver
    await d.wait_screen("teller_request", timeout=30)
    d.click("btn_teller_allow")
    await d.wait_screen(then, timeout=30)


async def teller_drives_terminal(ctx: TourContext) -> tuple[str, str]:
    """From the account-number screen the customer calls a teller, who opens the account,
    photographs an ID card, pushes a contact-phone form that the customer corrects and signs,
    prints an acknowledgement and hands the customer back to paying the bill; the customer allows
    each step on the screen."""
    d = ctx.driver
    account = await ctx.account("residential", True)
    commands = _teller_commands(account["account_no"])
    step = {"answer_delay_s": 0.5, "talk_s": 300, "command_gap_s": 1.0, "commands": commands}
    await ctx.skip_printed()
    await ctx.remote.teller_script(step)
    try:
        await d.wait_screen("idle")
        d.click("btn_start")
        await ask_for_a_teller(ctx, "identify")
        await d.wait_screen("video_call", timeout=40)
        await _until(lambda: _painted(ctx, "video_remote") >= 10, timeout=20)
        await _allow(ctx, "teller_account")
        d.click("btn_back_to_call")
        await _allow(ctx, "document_photo")
        await ctx.remote.camera_document(True)  # the customer holds the ID card up
        shown = _painted(ctx, "document_camera")
        await _until(lambda: _painted(ctx, "document_camera") >= shown + 10, timeout=20)
        d.click("btn_take_photo")
        d.shot("document_still")
        d.click("btn_photo_send")
        await _allow(ctx, "teller_form")
        d.click("form_field_new_phone")
        d.click("keypad_clear")
        d.type_digits("13912345678")
        d.click("keypad_ok")
        d.sign("signature_canvas")
        d.shot("form_signed")
        d.click("btn_form_submit")
        await _allow(ctx, "teller_notice")
        await _allow(ctx, "identify")
        d.click("btn_cancel")
        await d.wait_screen("idle", timeout=20)
    finally:
        await ctx.remote.teller_script({})
        await ctx.remote.camera_document(False)
    teller: dict[str, Any] = await ctx.remote.teller_state()
    replies = (teller.get("last_call") or {}).get("replies", [])
    results = {r["id"]: r["status"] for r in replies if r.get("type") == "result"}
    documents = [doc["kind"] for doc in await ctx.remote.vtm_documents()]
    await ctx.collect_receipts()
    printed = [text for text in ctx.take_receipts() if "业务受理回执" in text]
    done = results == {f"c-{n}": "done" for n in range(1, len(commands) + 1)}
    ok = done and "photo" in documents and "signed_form" in documents and len(printed) == 1
    detail = f"results {results}; documents uploaded {documents}; printed {len(printed)}"
    return ("the teller drove the terminal" if ok else "not as expected"), detail


VIDEO_JOURNEYS: dict[str, Journey] = {
    "video_call_with_teller": Journey("talked, video both ways", video_call_with_teller),
    "video_teller_hangs_up": Journey("ended by the teller", teller_hangs_up),
    "video_nobody_answers_call_back": Journey("call back booked", nobody_answers_call_back),
    "video_media_never_connects": Journey("call back offered", media_never_connects),
    "video_teller_drives_terminal": Journey(
        "the teller drove the terminal", teller_drives_terminal
    ),
}
