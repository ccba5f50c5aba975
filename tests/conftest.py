"""Suite-wide settings: Qt stays offscreen unless a test asks for a real window; cyclic garbage is
collected in the main (GUI) thread only.

Python collects cycles in whichever thread crosses the allocation threshold: in these tests the
simulators' loop thread, the camera capture thread or a worker thread. A Qt object from an earlier
test freed there has its timers left registered with the GUI thread's dispatcher, which later
fires one on freed memory (SIGSEGV). kiosk/gui_gc.py does the same for the running terminal.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def _no_collection_in_other_threads() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


_FULL_EVERY = 40  # tests; a full collection costs ~40 ms with the whole app imported
_tests_run = [0]


@pytest.fixture(autouse=True)
def _collect_in_the_main_thread() -> Iterator[None]:
    yield
    _tests_run[0] += 1
    # With automatic collection off, everything the test allocated is still in the young
    # generations: collecting those is cheap and frees the test's widgets here.
    gc.collect(2 if _tests_run[0] % _FULL_EVERY == 0 else 1)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def chromium() -> Path:
    """Debian's chromium, for the teller-console interop tests (Playwright, never a downloaded
    browser). Without it the test is skipped, except in CI, which installs it
    (scripts/setup.sh): there it fails."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: scripts/setup.sh installs the chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI runs this test")


@pytest.fixture
def chromium_args() -> list[str]:
    """How chromium is launched for the interop tests."""
    return [
        "--use-fake-ui-for-media-stream",  # camera and microphone allowed without a prompt
        "--use-fake-device-for-media-stream",  # chromium's test pattern and beep
        "--no-sandbox",  # CI runs as root
        # Raw host candidates rather than mDNS names: the terminal's ICE agent then needs no
        # multicast DNS to reach the browser.
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ]
