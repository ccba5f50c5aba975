"""`QtCustomerUI`: the flows' UI port (kiosk.flows.ports.CustomerUI) implemented with screens.

Each `ask_*` shows its screen and awaits an asyncio future that the screen's signals resolve;
Back raises `GoBack`, Cancel raises `CancelSession`. If the awaiting task is cancelled (time-out,
a code scanned, the session ended) the future is dropped and the next call shows its screen as
usual. The loop is qasync's, so futures resolve on the Qt thread with no locking.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from typing import cast

from kiosk.flows.ports import (
    AccountPrompt,
    AccountView,
    AmountChoice,
    CancelSession,
    CodePrompt,
    GoBack,
    IdleInfo,
    Language,
    Message,
    MethodChoice,
    Outcome,
    PayMethod,
    PrepaidCardPrompt,
    PrepaidCardView,
    QrPrompt,
    Service,
    Stage,
    StartChoice,
    TakeCard,
)
from kiosk.flows.video_ports import VideoCallView, VideoWaiting
from screens.i18n import install_language
from screens.main_window import MainWindow
from screens.teller_port import TellerCommandsPort

# How long a touch on the idle screen, made while it was being redrawn, still counts.
EARLY_TOUCH_S = 5.0
# Services the idle screen starts even when customers cannot pay (or the terminal is out of
# service): staff maintenance always; a reprint only while in service.
_ALWAYS_STARTS = frozenset({Service.MAINTENANCE})


class QtCustomerUI(TellerCommandsPort):
    """The Qt side of the UI port, over a `MainWindow`.

    `on_activity` is called for every touch, mouse or key press anywhere in the window (the
    countdown's "more time" tap included), so the flows' inactivity timer can be reset.
    `screen_shown(name)` is emitted once a screen has been shown and painted. The teller's
    commands and the service screens' Video teller button are in screens/teller_port.py.
    """

    def __init__(
        self,
        window: MainWindow,
        on_activity: Callable[[], None],
        language: Language = Language.ZH_CN,
    ) -> None:
        super().__init__(window, on_activity)
        self._language = language
        self._cancel_wait: asyncio.Future[None] | None = None
        self._cancel_pressed = False
        self._early_start: tuple[StartChoice, float] | None = None
        self._qr_callers = 0
        self._in_place_callers: dict[str, int] = {}
        self._connect()
        self.set_language(language)

    # -- wiring -------------------------------------------------------------------------------

    def _connect(self) -> None:
        w = self._window
        w.idle.start_requested.connect(self._on_start)
        w.idle.language_requested.connect(self.set_language)
        w.hall_long_press.held.connect(lambda: self._on_start(Service.MAINTENANCE))
        w.identify.submitted.connect(partial(self._resolve, "identify"))
        w.account.pay.connect(lambda: self._resolve("account", None))
        w.amount.chosen.connect(partial(self._resolve, "amount"))
        w.method.chosen.connect(partial(self._resolve, "method"))
        w.no_receipt.answered.connect(partial(self._resolve, "no_receipt"))
        w.outcome.acknowledged.connect(lambda: self._resolve("outcome", None))
        w.message.acknowledged.connect(lambda: self._resolve("message", None))
        w.reference.submitted.connect(partial(self._resolve, "reference"))
        w.prepaid_card.go_on.connect(lambda: self._resolve("prepaid_card", None))
        w.video_consent.answered.connect(partial(self._resolve, "video_consent"))
        w.video_call.end_requested.connect(lambda: self._resolve("video_call", None))
        w.callback_phone.submitted.connect(partial(self._resolve, "callback_phone"))
        w.footer.back.connect(lambda: self._reject(GoBack()))
        w.footer.cancel.connect(self._on_cancel)

    def _on_start(self, service: Service) -> None:
        choice = StartChoice(service=service, language=self._language)
        pending = self._pending
        if pending is not None and pending[0] == "idle" and not pending[1].done():
            pending[1].set_result(choice)
        elif self.current_screen_name() == "idle":
            # The idle screen is being redrawn (a device came or went): for a moment its question
            # is cancelled or not yet asked again, but the customer did touch it. Keep the touch
            # for the redrawn screen.
            self._early_start = (choice, time.monotonic())

    def _on_cancel(self) -> None:
        if self.current_screen_name() == "processing":
            if self._cancel_wait is not None and not self._cancel_wait.done():
                self._cancel_wait.set_result(None)
            else:
                self._cancel_pressed = True
            return
        self._reject(CancelSession())

    def _new_question(self, screen: str) -> asyncio.Future[object]:
        if screen != "idle":
            self._early_start = None
        return super()._new_question(screen)

    def _answer_lost(self, screen: str, future: asyncio.Future[object]) -> None:
        if screen == "idle":
            # Touched just as the flow cancelled the idle question to redraw it: the answer is
            # in, but the task never got to return it. Keep it for the redrawn screen.
            self._early_start = (cast(StartChoice, future.result()), time.monotonic())

    # -- for tests and the tour ---------------------------------------------------------------

    @property
    def alerts_played(self) -> int:
        """How many 'take your card' reminder alerts have sounded."""
        return self._window.take_card.alerts_played

    @property
    def language(self) -> Language:
        """The screens' current language."""
        return self._language

    # -- the port -----------------------------------------------------------------------------

    def set_language(self, language: Language) -> None:
        """Switch every screen to `language` now."""
        self._language = language
        install_language(language)
        self._window.idle.set_language(language)
        self._window.header.set_hall_name(self._window.idle.hall_name())
        self._window.retranslate()

    async def wait_for_customer(self, idle: IdleInfo) -> StartChoice:
        """Show the idle screen until a customer starts a service, or staff hold the hall name
        in the header for the long-press time (Service.MAINTENANCE, in or out of service)."""
        self._remember_video(idle.video_available)
        self._window.idle.set_info(idle, self._language)
        self._window.header.set_hall_name(self._window.idle.hall_name())
        self._window.header.show_countdown(None)
        early, self._early_start = self._early_start, None
        if early is not None and time.monotonic() - early[1] < EARLY_TOUCH_S:
            choice = early[0]
            if choice.service in _ALWAYS_STARTS or (
                not idle.out_of_service
                and (
                    choice.service is Service.REPRINT
                    or (choice.service is Service.VIDEO_TELLER and idle.video_available)
                    or (choice.service is not Service.VIDEO_TELLER and idle.payment_available)
                )
            ):
                return choice
        return cast(StartChoice, await self._ask("idle"))

    async def ask_account_number(self, prompt: AccountPrompt) -> str:
        """Keypad entry of an account number (digits as typed, unvalidated)."""
        self._window.identify.set_prompt(prompt)
        return cast(str, await self._ask("identify"))

    async def show_account(self, view: AccountView) -> None:
        """Show the summary; returns when the customer presses Pay."""
        self._window.account.set_view(view)
        await self._ask("account")

    async def ask_amount(self, choice: AmountChoice) -> int:
        """The amount to pay, in fen."""
        self._window.amount.set_choice(choice)
        return cast(int, await self._ask("amount"))

    async def ask_method(self, choice: MethodChoice) -> PayMethod:
        """One of `choice.methods`."""
        self._window.method.set_choice(choice)
        return cast(PayMethod, await self._ask("method"))

    async def confirm_without_receipt(self) -> bool:
        """The printer cannot print: pay anyway, with the receipt reprinted later?"""
        return cast(bool, await self._ask("no_receipt"))

    async def wait_at_code_prompt(self, prompt: CodePrompt) -> None:
        """Show the code prompt until Back/Cancel (raised) or the task is cancelled."""
        self._window.code.set_prompt(prompt)
        await self._ask("code")
        raise AssertionError("the code prompt has no answer to give")  # nothing resolves it

    def show_processing(self, stage: Stage, amount_fen: int, can_cancel: bool) -> None:
        """Show progress; Cancel is offered only when `can_cancel`."""
        if self._pending is not None:
            self._pending[1].cancel()
        if not can_cancel:
            self._cancel_pressed = False
        self._window.processing.set_stage(stage, amount_fen)
        self._show("processing", show_cancel=can_cancel)

    async def wait_for_cancel(self) -> None:
        """Returns when the customer presses Cancel on the processing screen (at once if they
        already did since it was last shown without Cancel)."""
        if self._cancel_pressed:
            self._cancel_pressed = False
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._cancel_wait = future
        try:
            await future
        finally:
            if self._cancel_wait is future:
                self._cancel_wait = None

    async def show_outcome(self, outcome: Outcome, seconds: float) -> None:
        """Paid / not paid; returns after `seconds` or a tap."""
        self._window.outcome.set_outcome(outcome, seconds)
        try:
            await asyncio.wait_for(self._ask("outcome"), timeout=seconds)
        except TimeoutError:
            pass
        finally:
            self._window.outcome.stop_countdown()

    async def show_message(self, message: Message, params: dict[str, str]) -> None:
        """An explained failure with an OK button; returns when acknowledged."""
        self._window.message.set_message(message, params)
        await self._ask("message")

    async def ask_reference(self, error: Message | None) -> str:
        """Reprint service: the reference printed on the paid screen."""
        self._window.reference.set_error(error)
        return cast(str, await self._ask("reference"))

    async def show_qr_code(self, prompt: QrPrompt) -> None:
        """Show the order's QR until Back/Cancel (raised) or the task is cancelled.

        Called again for the same order while it is shown (with a smaller `seconds_left`), it only
        re-syncs the count-down: no screen change, no new announcement, and the earlier call keeps
        waiting (Back or Cancel raises in every call still waiting; cancelling one leaves the
        others)."""
        pending = self._pending
        same_order = (
            pending is not None
            and pending[0] == "qr_pay"
            and not pending[1].done()
            and self.current_screen_name() == "qr_pay"
            and self._window.qr_pay.code_url() == prompt.code_url
        )
        self._window.qr_pay.set_prompt(prompt)
        if same_order and pending is not None:
            future = pending[1]
            self._qr_callers += 1
        else:
            future = self._new_question("qr_pay")
            self._qr_callers = 1
        try:
            # Shielded: one caller being cancelled must not cancel the question the others (and
            # the Back/Cancel buttons) still share.
            await asyncio.shield(future)
        finally:
            self._qr_callers -= 1
            if self._qr_callers <= 0 and self._pending is not None and self._pending[1] is future:
                future.cancel()
                self._pending = None
                self._window.qr_pay.stop_countdown()
        raise AssertionError("the QR screen has no answer to give")  # nothing resolves it

    async def wait_for_prepaid_card(self, prompt: PrepaidCardPrompt) -> None:
        """Show 'insert your meter card' until Back/Cancel (raised) or the task is cancelled."""
        self._window.prepaid_insert.set_prompt(prompt)
        await self._ask("prepaid_insert")
        raise AssertionError("the card prompt has no answer to give")  # nothing resolves it

    async def show_prepaid_card(self, view: PrepaidCardView) -> None:
        """Show the card and its meter; returns on Buy (or OK when the card cannot buy)."""
        self._window.prepaid_card.set_view(view)
        await self._ask("prepaid_card")

    def show_take_card(self, prompt: TakeCard) -> None:
        """'Take your card' (a reminder also sounds); stays until the next screen is shown."""
        if self._pending is not None:
            self._pending[1].cancel()
        self._window.take_card.set_prompt(prompt)
        if self.current_screen_name() != "take_card":
            self._show("take_card")

    def show_countdown(self, seconds_left: int | None) -> None:
        """Inactivity warning with one-tap extension; None hides it."""
        self._window.header.show_countdown(seconds_left)

    # -- video teller -------------------------------------------------------------------------

    async def ask_video_consent(self) -> bool:
        """'This call is recorded': True on btn_agree, False on btn_decline; Back / Cancel
        raise."""
        return cast(bool, await self._ask("video_consent"))

    async def show_video_waiting(self, waiting: VideoWaiting) -> None:
        """'Waiting for a teller' until Back (GoBack) or Cancel (CancelSession) is raised or the
        task is cancelled. Called again while the screen is up, it updates the position and the
        wait in place (no new `screen_shown`)."""
        self._window.video_waiting.set_waiting(waiting)
        await self._await_in_place("video_waiting")
        raise AssertionError("the waiting screen has no answer to give")  # nothing resolves it

    async def show_video_call(self, view: VideoCallView) -> None:
        """The call screen; returns when the customer presses btn_end_call. The inactivity
        countdown is hidden (the flow pauses its timer for the call). Called again while the
        screen is up (audio only, a new name), it updates in place: no new `screen_shown`, and
        End returns in every call still waiting."""
        if self._take_end_call():
            return  # End call was pressed on a teller notice
        self._window.header.show_countdown(None)
        self._window.video_call.set_view(view)
        await self._await_in_place("video_call")

    async def ask_callback_phone(self, error: Message | None) -> str:
        """Digits of a mobile number for a call back (11 typed; validated by the flow); Back
        raises GoBack (no thanks)."""
        self._window.callback_phone.set_error(error)
        return cast(str, await self._ask("callback_phone"))

    async def _await_in_place(self, screen: str) -> object:
        """Ask on `screen`, or, when it is already the screen shown, keep it without showing it
        again: the question still open is shared (its answer or Back / Cancel reaches every
        caller still waiting), and after it was cancelled a new one is asked quietly."""
        pending = self._pending
        shown = self.current_screen_name() == screen and not self.announcement_pending()
        if shown and pending is not None and pending[0] == screen and not pending[1].done():
            future = pending[1]
            self._in_place_callers[screen] = self._in_place_callers.get(screen, 0) + 1
        elif shown:
            self._drop_pending()
            future = asyncio.get_running_loop().create_future()
            self._pending = (screen, future)
            self._in_place_callers[screen] = 1
        else:
            future = self._new_question(screen)
            self._in_place_callers[screen] = 1
        try:
            # Shielded: one caller being cancelled must not cancel the question that the others
            # (and the buttons) still share.
            return await asyncio.shield(future)
        finally:
            self._in_place_callers[screen] -= 1
            last = self._in_place_callers[screen] <= 0
            if last and self._pending is not None and self._pending[1] is future:
                future.cancel()
                self._pending = None
