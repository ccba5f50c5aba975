"""Journey fixtures: the simulators in a background thread (real HTTP, pty, TCP), the terminal
built exactly as `kiosk run` builds it, offscreen, and a qasync loop to run it on."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kiosk.app import load_theme
from kiosk.config import Settings, load_settings
from kiosk.tour.driver import TourDriver
from kiosk.tour.journeys import TourContext
from kiosk.tour.runner import running_terminal, tour_settings
from simulators.host import SimulatorHost, with_simulators
from simulators.remote import SimulatorRemote

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """The .qm files, so Chinese shows on a fresh checkout."""
    from scripts.build_translations import main as build

    assert build() == 0


@pytest.fixture(scope="module")
def sims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHost]:
    """Every simulator, fresh for each test module."""
    host = SimulatorHost(tmp_path_factory.mktemp("sims"))
    host.start()
    yield host
    host.stop()


@pytest.fixture
def settings(sims: SimulatorHost, tmp_path: Path) -> Settings:
    """The shipped config pointed at the simulators, with its own journal, tour timings."""
    assert sims.endpoints is not None
    base = load_settings(ROOT / "config.toml")
    derived = with_simulators(base, sims.endpoints, tmp_path / "data")
    return tour_settings(derived)


@pytest.fixture(scope="session")
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """One qasync loop on pytest-qt's QApplication for every journey, as in the real terminal.

    It is closed once, at the end, while the QApplication still lives: left to the garbage
    collector after Qt has gone, qasync complains that its signal source was deleted.
    """
    load_theme(qapp)
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    asyncio.set_event_loop(None)


Scenario = Callable[[TourContext], Awaitable[T]]


@pytest.fixture
def run_journey(
    settings: Settings, sims: SimulatorHost, qloop: qasync.QEventLoop, tmp_path: Path
) -> Callable[..., Any]:
    """Run `scenario(ctx)` against a freshly started terminal; returns its result."""
    assert sims.endpoints is not None
    endpoints = sims.endpoints

    def run(scenario: Scenario[T], shots: bool = False, **overrides: Any) -> T:
        use = settings.model_copy(update=overrides) if overrides else settings

        async def main() -> T:
            remote = SimulatorRemote(endpoints.control_url, endpoints.backoffice_url)
            await remote.reset()
            await remote.printer_paper("full")
            try:
                async with running_terminal(use) as terminal:
                    shots_dir = tmp_path if shots else None
                    driver = TourDriver(terminal.ui, terminal.window, shots_dir, terminal.staff_ui)
                    driver.begin("test")
                    await driver.wait_screen("idle", timeout=30)
                    ctx = TourContext(driver, remote, terminal)
                    await ctx.skip_printed()
                    return await asyncio.wait_for(scenario(ctx), 120)
            finally:
                await remote.aclose()

        return qloop.run_until_complete(main())

    return run
