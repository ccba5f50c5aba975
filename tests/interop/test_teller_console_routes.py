"""The teller console's files as the back-office simulator serves them (no browser needed)."""

from __future__ import annotations

import re
from typing import get_args

import httpx

from kiosk.vtm.commands import COMMAND_TYPES, DocumentKind, HandBackService
from kiosk.vtm.forms import FORMS
from simulators.backoffice.app import create_app
from simulators.backoffice.teller_console_routes import CONSOLE_DIR


def client() -> httpx.AsyncClient:
    # The console routes need no simulator state: create_app(None) is enough for static files.
    transport = httpx.ASGITransport(app=create_app(None))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


async def test_page_script_and_styles_are_served_and_nothing_else() -> None:
    async with client() as http:
        page = await http.get("/teller/")
        script = await http.get("/teller/console.js")
        styles = await http.get("/teller/console.css")
        bare = await http.get("/teller")
        stranger = await http.get("/teller/..%2Fapp.py")
        missing = await http.get("/teller/app.py")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "console.js" in page.text and page.headers["cache-control"] == "no-store"
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert styles.status_code == 200 and styles.headers["content-type"].startswith("text/css")
    assert bare.status_code == 307 and bare.headers["location"] == "/teller/"
    assert stranger.status_code == 404 and missing.status_code == 404


def test_the_console_offers_every_command_and_choice_of_the_contract() -> None:
    page = (CONSOLE_DIR / "index.html").read_text(encoding="utf-8")
    commands = set(re.findall(r'data-command="([a-z_]+)"', page))
    assert commands == set(COMMAND_TYPES)
    options = set(re.findall(r'<option value="([a-z_]+)"', page))
    assert set(get_args(DocumentKind)) <= options
    assert set(get_args(HandBackService)) <= options
    assert set(FORMS) <= options
    for field in FORMS["change_contact_phone"].fields:
        assert f'data-testid="in-form-{field.name}"' in page


def test_the_console_loads_nothing_from_outside() -> None:
    for path in CONSOLE_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path.name
        assert "innerHTML" not in text, path.name  # what the terminal sends is text, never markup
