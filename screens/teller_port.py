"""The teller-command half of the customer UI port (kiosk.flows.ports.CustomerUI): the screens a
teller asks for during a video call, and the "Video teller" button of the service screens.
`QtCustomerUI` (screens/ui_port.py) is built on it.

End call on any teller screen raises `CallEnded` in the question pending there, the notice's
`hold_teller_notice` included. On a notice nobody holds (while a document prints) the press is
kept: the next teller question raises `CallEnded` at once and the next `show_video_call` returns
at once, so it is not lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import cast

from kiosk.flows.ports import Message, VideoTellerRequested
from kiosk.flows.teller_ports import (
    CallEnded,
    DocumentPhotoPrompt,
    SignedForm,
    TellerAccount,
    TellerForm,
    TellerRequest,
)
from kiosk.flows.video_ports import Picture, VideoCallView
from screens.main_window import MainWindow
from screens.port_base import AskingPort

TELLER_SCREENS = ("teller_request", "teller_account", "document_photo", "teller_form")


class TellerCommandsPort(AskingPort):
    """The teller screens and the Video teller button over a `MainWindow`."""

    def __init__(self, window: MainWindow, on_activity: Callable[[], None] | None) -> None:
        super().__init__(window, on_activity)
        self._video_available = False
        self._end_call_pressed = False
        w = window
        w.teller_request.answered.connect(partial(self._resolve, "teller_request"))
        w.teller_account.back_to_call.connect(lambda: self._resolve("teller_account", None))
        w.document_photo.answered.connect(partial(self._resolve, "document_photo"))
        w.teller_form.answered.connect(partial(self._resolve, "teller_form"))
        for screen in (*TELLER_SCREENS, "teller_notice"):
            getattr(w, screen).end_requested.connect(self._on_end_call)
        w.footer.video_teller.connect(self._on_video_teller)

    # -- Video teller on service screens ------------------------------------------------------

    def _remember_video(self, available: bool) -> None:
        """What the idle screen last said: a camera and the VTM service are there."""
        self._video_available = available
        self._end_call_pressed = False  # a new session: no call to end

    def video_teller_offered(self) -> bool:
        """Whether the footer offers Video teller on the screen shown now."""
        return self._window.footer.video_button.isVisibleTo(self._window.footer)

    def _show(self, screen: str, show_cancel: bool | None = None) -> None:
        super()._show(screen, show_cancel)
        offers = self._window.screen_named(screen).offers_video_teller
        self._window.footer.show_video_teller(self._video_available and offers)

    def _on_video_teller(self) -> None:
        pending = self._pending
        if pending is None or pending[1].done():
            return
        # Only a question on a screen that offers it: a late tap must never reach a screen where
        # money moves.
        if self._window.screen_named(pending[0]).offers_video_teller and self._video_available:
            pending[1].set_exception(VideoTellerRequested())

    # -- End call -----------------------------------------------------------------------------

    def _on_end_call(self) -> None:
        pending = self._pending
        asking = (*TELLER_SCREENS, "teller_notice")
        if pending is not None and pending[0] in asking and not pending[1].done():
            pending[1].set_exception(CallEnded())
        elif self.current_screen_name() == "teller_notice":
            self._end_call_pressed = True

    def _take_end_call(self) -> bool:
        pressed, self._end_call_pressed = self._end_call_pressed, False
        return pressed

    async def _ask_teller(self, screen: str) -> object:
        if self._take_end_call():
            raise CallEnded()
        self._window.header.show_countdown(None)  # the flow holds its timer during a call
        return await self._ask(screen)

    # -- the teller's commands ----------------------------------------------------------------

    async def ask_teller_request(self, request: TellerRequest) -> bool:
        """'The teller asks to ...': True on btn_teller_allow, False on btn_teller_decline;
        btn_strip_end_call raises CallEnded."""
        self._window.teller_request.set_request(request)
        return cast(bool, await self._ask_teller("teller_request"))

    async def show_teller_account(self, view: TellerAccount) -> None:
        """The account summary with the call; returns on btn_back_to_call."""
        self._window.teller_account.set_account(view)
        await self._ask_teller("teller_account")

    async def take_document_photo(self, prompt: DocumentPhotoPrompt) -> Picture | None:
        """The camera large; btn_take_photo keeps the picture in `call.local` at the tap;
        btn_photo_send returns it, btn_photo_decline None (btn_photo_retake goes back live)."""
        self._window.document_photo.set_prompt(prompt)
        return cast(Picture | None, await self._ask_teller("document_photo"))

    async def fill_teller_form(self, form: TellerForm) -> SignedForm | None:
        """The form; btn_form_submit (enabled once signed) returns the SignedForm,
        btn_form_decline None."""
        self._window.teller_form.set_form(form)
        return cast(SignedForm | None, await self._ask_teller("teller_form"))

    def show_teller_notice(self, message: Message, call: VideoCallView) -> None:
        """A notice with the call strip; stays until the next screen is shown."""
        self._drop_pending()
        self._window.header.show_countdown(None)
        self._window.teller_notice.set_notice(message)
        self._window.teller_notice.set_call(call)
        self._show("teller_notice")

    async def hold_teller_notice(self, seconds: float) -> None:
        """The notice stays up `seconds`; btn_strip_end_call raises CallEnded at once."""
        if self._take_end_call():
            raise CallEnded()
        future = self._new_question("teller_notice")
        try:
            await asyncio.wait_for(asyncio.shield(future), seconds)
        except TimeoutError:
            pass
        finally:
            if self._pending is not None and self._pending[1] is future:
                self._pending = None
            if not future.done():
                future.cancel()
