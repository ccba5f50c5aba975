"""`QtMaintenanceUI`: the maintenance flow's UI port (kiosk.maintenance.ports.MaintenanceUI)
implemented with the staff screens of the same `MainWindow` as the customer screens.

Same semantics as `QtCustomerUI`: each call shows its screen and awaits a future the screen's
signals resolve; Exit maintenance raises `StaffExit`, Back raises `GoBack` (except on the config
view, whose Back simply returns); a cancelled call drops its question and a late tap is ignored.
Staff screens show no customer countdown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from kiosk.flows.ports import GoBack
from kiosk.maintenance.ports import (
    DashboardView,
    JournalRequest,
    JournalView,
    LoginPrompt,
    ReconciliationRequest,
    ReconciliationView,
    StaffExit,
    StaffLogin,
    StaffMessage,
    StaffRequest,
)
from screens.main_window import MainWindow
from screens.port_base import AskingPort
from screens.staff_base import StaffIdentity, StaffScreen


class QtMaintenanceUI(AskingPort):
    """The Qt side of the staff UI port, over a `MainWindow`.

    `on_activity` (or `set_on_activity`) is called for every press while a staff screen is shown,
    so the staff session's idle time-out restarts. `screen_shown(name)` as for the customer port.
    """

    def __init__(self, window: MainWindow, on_activity: Callable[[], None] | None = None) -> None:
        super().__init__(window, on_activity)
        self._identity: StaffIdentity | None = None
        self._connect()

    def _staff_screens(self) -> list[StaffScreen]:
        w = self._window
        return [
            w.staff_login,
            w.staff_dashboard,
            w.staff_journal,
            w.staff_reconcile,
            w.staff_progress,
            w.staff_result,
            w.staff_confirm,
            w.staff_config,
        ]

    def _connect(self) -> None:
        w = self._window
        for screen in self._staff_screens():
            screen.bar.exit.connect(lambda: self._reject(StaffExit()))
        w.staff_login.bar.back.connect(self._on_login_back)
        for screen in (w.staff_journal, w.staff_reconcile):
            screen.bar.back.connect(lambda: self._reject(GoBack()))
        w.staff_config.bar.back.connect(lambda: self._resolve("staff_config", None))
        w.staff_login.submitted.connect(partial(self._resolve, "staff_login"))
        w.staff_dashboard.requested.connect(partial(self._resolve, "staff_dashboard"))
        w.staff_journal.requested.connect(partial(self._resolve, "staff_journal"))
        w.staff_reconcile.requested.connect(partial(self._resolve, "staff_reconcile"))
        w.staff_result.acknowledged.connect(lambda: self._resolve("staff_result", None))
        w.staff_confirm.answered.connect(partial(self._resolve, "staff_confirm"))

    def _on_login_back(self) -> None:
        if not self._window.staff_login.back_to_id():
            self._reject(GoBack())

    def _reports_activity(self) -> bool:
        # The customer screens report to the customer flow; only staff screens reset the staff
        # session's idle time-out.
        return self._on_activity is not None and self.current_screen_name().startswith("staff_")

    def _show(self, screen: str, show_cancel: bool | None = None) -> None:
        self._window.header.show_countdown(None)
        staff = self._window.screen_named(screen)
        if isinstance(staff, StaffScreen):
            staff.set_identity(self._identity)
        super()._show(screen, show_cancel)

    def set_on_activity(self, callback: Callable[[], None] | None) -> None:
        """Who hears of every touch on a staff screen (the flow's staff session)."""
        self._on_activity = callback

    @property
    def identity(self) -> StaffIdentity | None:
        """Who the staff bar names (set by the last dashboard)."""
        return self._identity

    # -- the port -----------------------------------------------------------------------------

    async def ask_staff_login(self, prompt: LoginPrompt) -> StaffLogin:
        """The login screen; returns the staff id (prompt's, or typed) and the PIN typed."""
        if not prompt.reauth:
            self._identity = None  # a new login: nobody is named until the dashboard says so
        self._window.staff_login.set_prompt(prompt)
        return cast(StaffLogin, await self._ask("staff_login"))

    async def show_dashboard(self, view: DashboardView) -> StaffRequest:
        """The dashboard until an action (of the view's, or a row's) is chosen."""
        self._identity = StaffIdentity(view.staff_id, view.staff_name, view.role)
        self._window.staff_dashboard.set_view(view)
        return cast(StaffRequest, await self._ask("staff_dashboard"))

    async def show_journal(self, view: JournalView) -> JournalRequest:
        """The journal until a filter or a reprint is chosen."""
        self._window.staff_journal.set_view(view)
        return cast(JournalRequest, await self._ask("staff_journal"))

    async def show_reconciliation(self, view: ReconciliationView) -> ReconciliationRequest:
        """The reconciliation until Print or Send is pressed."""
        self._window.staff_reconcile.set_view(view)
        return cast(ReconciliationRequest, await self._ask("staff_reconcile"))

    async def show_config(self, text: str) -> None:
        """The configuration text; returns on Back."""
        self._window.staff_config.set_text(text)
        await self._ask("staff_config")

    def show_staff_progress(self, message: StaffMessage, params: dict[str, str]) -> None:
        """A busy screen until the next screen is shown."""
        self._drop_pending()
        self._window.staff_progress.set_message(message, params)
        self._show("staff_progress")

    async def show_staff_result(
        self, message: StaffMessage, params: dict[str, str], ok: bool
    ) -> None:
        """A result with OK; returns when acknowledged."""
        self._window.staff_result.set_result(message, params, ok)
        await self._ask("staff_result")

    async def confirm_staff(self, message: StaffMessage, params: dict[str, str]) -> bool:
        """A yes / no question."""
        self._window.staff_confirm.set_message(message, params)
        return cast(bool, await self._ask("staff_confirm"))
