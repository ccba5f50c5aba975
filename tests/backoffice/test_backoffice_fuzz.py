"""Junk from the outside world never makes the simulator answer 5xx.

The server runs in a thread with its own loop here, because hypothesis drives a plain function.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from backoffice_testkit import SEED_DAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.backoffice.models import ApiError
from simulators.backoffice.server import BackOfficeServer

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def http(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("fuzz") / "backoffice.sqlite"
    shutil.copyfile(seeded_db, path)
    server = BackOfficeServer(path, today=SEED_DAY)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:  # surfaced below
            failure.append(exc)
            return
        finally:
            ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="backoffice-fuzz", daemon=True)
    thread.start()
    assert ready.wait(30) and not failure, failure
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(30)
    loop.close()


def assert_no_server_error(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        ApiError.model_validate(response.json())


junk = st.one_of(
    st.text(min_size=1, max_size=40),
    st.from_regex(r"\d{1,30}", fullmatch=True),
    st.from_regex(r"EBILL:\d{0,12}:\d{0,8}:\d{0,3}", fullmatch=True),
)


@FUZZ
@given(value=junk)
def test_junk_account_numbers_and_bill_codes(http: httpx.Client, value: str) -> None:
    segment = quote(value, safe="")
    assert_no_server_error(http.get(f"/api/v1/accounts/{segment}"))
    assert_no_server_error(http.get(f"/api/v1/bill-codes/{segment}"))


@FUZZ
@given(value=junk, provider=st.sampled_from(["wechat", "alipay", "paypal", ""]))
def test_junk_order_numbers(http: httpx.Client, value: str, provider: str) -> None:
    segment = quote(value, safe="")
    assert_no_server_error(http.get(f"/api/v1/payments/{segment}", params={"provider": provider}))
    assert_no_server_error(
        http.post(f"/api/v1/payments/{segment}/reverse", params={"provider": provider})
    )


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
field_values: dict[str, Any] = {
    "out_trade_no": st.one_of(json_scalars, st.from_regex(r"[A-Za-z0-9_-]{8,20}", fullmatch=True)),
    "terminal_id": json_scalars,
    "account_no": st.one_of(json_scalars, st.sampled_from(["1002283321", "1234567897"])),
    "amount_fen": st.one_of(json_scalars, st.integers(min_value=-10, max_value=10**12)),
    "provider": st.one_of(json_scalars, st.sampled_from(["wechat", "alipay"])),
    "auth_code": st.one_of(json_scalars, st.from_regex(r"\d{14,26}", fullmatch=True)),
    "purpose": st.one_of(json_scalars, st.sampled_from(["bill", "topup"])),
}


@FUZZ
@given(
    body=st.fixed_dictionaries({}, optional=field_values),
    key_mode=st.sampled_from(["match", "other", "none"]),
)
def test_junk_micropay_bodies(http: httpx.Client, body: dict[str, Any], key_mode: str) -> None:
    headers = {}
    key = body.get("out_trade_no")
    # Only what HTTP can carry in a header; anything else is the client's own error.
    if key_mode == "match" and isinstance(key, str) and key.isascii() and key.isprintable():
        headers["Idempotency-Key"] = body["out_trade_no"]
    elif key_mode == "other":
        headers["Idempotency-Key"] = "SOMETHING-ELSE"
    assert_no_server_error(http.post("/api/v1/payments/micropay", json=body, headers=headers))


@FUZZ
@given(raw=st.binary(max_size=200))
def test_junk_bytes_as_micropay_body(http: httpx.Client, raw: bytes) -> None:
    response = http.post(
        "/api/v1/payments/micropay",
        content=raw,
        headers={"Content-Type": "application/json", "Idempotency-Key": "SZFT0001-JUNK"},
    )
    assert_no_server_error(response)
