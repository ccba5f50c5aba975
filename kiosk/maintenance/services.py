"""The maintenance services as the staff flow calls them (`MaintenanceServices`), and their binding
to this package's modules (`ServiceModules`), whose errors become `ActionFailed` so that the flow
tells staff what failed instead of crashing. Tests hand the flow fakes of `MaintenanceServices`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from drivers.interfaces import DeviceError
from kiosk.backoffice import BackOfficeError
from kiosk.backoffice.fleet_models import ReconciliationAck, ReconciliationReport
from kiosk.maintenance import config_view, dashboard, export, journal_view, reconcile, selftest
from kiosk.maintenance.context import MaintenanceContext, StaffMember
from kiosk.maintenance.ports import DashboardView, JournalFilter, JournalView
from kiosk.maintenance.reprint import ReprintError, reprint_reference


class ActionFailed(Exception):
    """A service could not do it; `detail` is short English for the screen and the audit."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class DriveMissing(ActionFailed):
    """No removable drive at the export mount point."""


@dataclass(frozen=True)
class SelfTestDone:
    """A self-test's outcome, as the flow shows and audits it."""

    device: str
    test: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class ExportDone:
    """Where the export went and how many files it wrote."""

    folder: str
    files: int


class MaintenanceServices(Protocol):
    """What the flow asks of the maintenance services; failures raise `ActionFailed`."""

    async def dashboard(self, ctx: MaintenanceContext, member: StaffMember) -> DashboardView:
        """The dashboard for `member`."""
        ...

    def self_test_kind(self, ctx: MaintenanceContext, device: str) -> str:
        """Which self-test the device has (print, scan, card_read, echo, sensors, none)."""
        ...

    async def self_test(self, ctx: MaintenanceContext, device: str) -> SelfTestDone:
        """Run the device's self-test (never raises for a failing device)."""
        ...

    async def journal_view(
        self, ctx: MaintenanceContext, day: date, shown: JournalFilter, can_reprint: bool
    ) -> JournalView:
        """The day's journal under a filter."""
        ...

    async def reprint(self, ctx: MaintenanceContext, reference: str) -> None:
        """Reprint a posted payment's receipt."""
        ...

    async def reconcile(self, ctx: MaintenanceContext, staff_id: str) -> ReconciliationReport:
        """Compare the day's journal with the back office's settlement."""
        ...

    async def print_report(self, ctx: MaintenanceContext, report: ReconciliationReport) -> None:
        """Print the reconciliation on the receipt printer."""
        ...

    async def submit_report(
        self, ctx: MaintenanceContext, report: ReconciliationReport
    ) -> ReconciliationAck:
        """Send the reconciliation to the back office."""
        ...

    async def export_logs(self, ctx: MaintenanceContext, staff_id: str) -> ExportDone:
        """Copy logs and the journal to the removable drive."""
        ...

    def config_text(self, ctx: MaintenanceContext) -> str:
        """The configuration as text, secrets removed."""
        ...


class ServiceModules:
    """`MaintenanceServices` bound to this package's modules, their errors mapped to
    `ActionFailed` so that the flow tells staff what failed instead of crashing."""

    async def dashboard(self, ctx: MaintenanceContext, member: StaffMember) -> DashboardView:
        return dashboard.build_dashboard(ctx, member)

    def self_test_kind(self, ctx: MaintenanceContext, device: str) -> str:
        return selftest.test_kind(ctx.devices, device)

    async def self_test(self, ctx: MaintenanceContext, device: str) -> SelfTestDone:
        result = await selftest.run_self_test(
            ctx.devices, device, settings=ctx.settings, clock=ctx.clock, counters=ctx.counters
        )
        return SelfTestDone(result.device, result.test, result.passed, result.detail)

    async def journal_view(
        self, ctx: MaintenanceContext, day: date, shown: JournalFilter, can_reprint: bool
    ) -> JournalView:
        return journal_view.build_journal_view(ctx.journal, day, shown, can_reprint=can_reprint)

    async def reprint(self, ctx: MaintenanceContext, reference: str) -> None:
        try:
            await reprint_reference(ctx, reference)
        except ReprintError as exc:
            raise ActionFailed(exc.detail) from exc

    async def reconcile(self, ctx: MaintenanceContext, staff_id: str) -> ReconciliationReport:
        try:
            return await reconcile.reconcile(ctx, staff_id)
        except BackOfficeError as exc:
            raise ActionFailed(str(exc) or type(exc).__name__) from exc

    async def print_report(self, ctx: MaintenanceContext, report: ReconciliationReport) -> None:
        try:
            await reconcile.print_report(ctx, report)
        except DeviceError as exc:
            raise ActionFailed(str(exc) or type(exc).__name__) from exc

    async def submit_report(
        self, ctx: MaintenanceContext, report: ReconciliationReport
    ) -> ReconciliationAck:
        try:
            return await reconcile.submit_report(ctx, report)
        except BackOfficeError as exc:
            raise ActionFailed(str(exc) or type(exc).__name__) from exc

    async def export_logs(self, ctx: MaintenanceContext, staff_id: str) -> ExportDone:
        try:
            result = await export.export_logs(ctx, staff_id)
        except export.NoDrive as exc:
            raise DriveMissing(str(exc)) from exc
        except export.ExportError as exc:
            raise ActionFailed(exc.detail) from exc
        return ExportDone(str(result.folder), len(result.files))

    def config_text(self, ctx: MaintenanceContext) -> str:
        return config_view.config_text(ctx.settings)
