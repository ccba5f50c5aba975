"""The browser teller console, served by the back-office simulator at /teller/ (static files from
simulators/backoffice/teller_console/: plain HTML, CSS and JavaScript, no build step, no CDN).

It speaks the VTM signaling of kiosk/vtm/signaling.py on the same host's /api/v1/vtm/signal and
the teller commands of kiosk/vtm/commands.py over the call's data channel. The simulator checks
no teller password: whoever opens the page is a teller.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

CONSOLE_DIR = Path(__file__).with_name("teller_console")
# Only these files are served: a fixed list, so no path from the URL ever reaches the disk.
_FILES = {
    "index.html": "text/html; charset=utf-8",
    "console.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
}

teller_console = APIRouter(prefix="/teller", include_in_schema=False)


@teller_console.get("")
async def console_root() -> RedirectResponse:
    """/teller → /teller/ (the page's relative links need the slash)."""
    return RedirectResponse("/teller/", status_code=307)


@teller_console.get("/")
async def console_page() -> FileResponse:
    """The console's page."""
    return _file("index.html")


@teller_console.get("/{name}")
async def console_file(name: str) -> FileResponse:
    """The console's script and style sheet."""
    if name not in _FILES:
        raise HTTPException(404, "no such file in the teller console")
    return _file(name)


def _file(name: str) -> FileResponse:
    # no-store: a teller reloading after a simulator update gets the new script.
    return FileResponse(
        CONSOLE_DIR / name, media_type=_FILES[name], headers={"Cache-Control": "no-store"}
    )
