"""Async client of the simulators' controls, for the tour, the benchmark and tests in another
process than the simulators."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from simulators.remote_camera import CameraControls
from simulators.remote_cards import CardControls
from simulators.remote_fleet import FleetControls
from simulators.remote_sensors import SensorControls
from simulators.remote_vtm import VtmControls


class SimulatorRemote(CardControls, SensorControls, FleetControls, CameraControls, VtmControls):
    """Drive the device simulators (control API) and the back-office simulator (`/_sim`)."""

    def __init__(self, control_url: str, backoffice_url: str) -> None:
        self._control = httpx.AsyncClient(base_url=control_url, timeout=10.0)
        self._backoffice = httpx.AsyncClient(base_url=backoffice_url, timeout=10.0)

    async def aclose(self) -> None:
        """Release connections."""
        await self._control.aclose()
        await self._backoffice.aclose()

    async def _post(self, client: httpx.AsyncClient, path: str, body: Any = None) -> Any:
        response = await client.post(path, json=body)
        response.raise_for_status()
        return response.json()

    async def _get(self, client: httpx.AsyncClient, path: str, **params: Any) -> Any:
        response = await client.get(path, params={k: v for k, v in params.items() if v is not None})
        response.raise_for_status()
        return response.json()

    # scanner
    async def present_code(self, code: str, terminator: str = "CR") -> None:
        """Hold a code to the scanner."""
        await self._post(
            self._control, "/scanner/present", {"code": code, "terminator": terminator}
        )

    async def scanner_raw(self, data: bytes) -> None:
        """Make the scanner send raw bytes."""
        await self._post(self._control, "/scanner/raw", {"hex": data.hex()})

    async def scanner_plugged(self, plugged: bool) -> None:
        """Unplug or re-plug the scanner."""
        await self._post(self._control, "/scanner/replug" if plugged else "/scanner/unplug")

    # printer
    async def printer_paper(self, state: str) -> None:
        """Paper `full`, `near_end` or `out`."""
        await self._post(self._control, "/printer/paper", {"state": state})

    async def printer_cover(self, open_: bool) -> None:
        """Open or close the printer cover."""
        await self._post(self._control, "/printer/cover", {"open": open_})

    async def printer_plugged(self, plugged: bool) -> None:
        """Unplug or re-plug the printer."""
        await self._post(self._control, "/printer/replug" if plugged else "/printer/unplug")

    async def printer_stalled(self, stalled: bool) -> None:
        """Make the printer stop answering, or resume."""
        await self._post(self._control, "/printer/stall", {"stalled": stalled})

    async def printed_jobs(self) -> list[dict[str, Any]]:
        """Every job printed so far: text, QR payloads, byte count."""
        jobs: list[dict[str, Any]] = await self._get(self._control, "/printer/jobs")
        return jobs

    async def printed_png(self, index: int) -> bytes:
        """The rendering of one printed job."""
        body = await self._get(self._control, f"/printer/jobs/{index}/png")
        return base64.b64decode(body["png_base64"])

    # back office
    async def wallet_code(self, provider: str, behaviour: str = "ok") -> str:
        """A fresh payment code from the simulated customer's phone."""
        body = await self._post(
            self._backoffice, "/_sim/payment-codes", {"provider": provider, "behaviour": behaviour}
        )
        return str(body["code"])

    async def next_payment(self, behaviour: str, count: int = 1, delay_ms: int = 0) -> None:
        """Tell the back office how the next payment(s) behave."""
        await self._post(
            self._backoffice,
            "/_sim/next-payment",
            {"behaviour": behaviour, "count": count, "delay_ms": delay_ms},
        )

    async def outage(self, on: bool) -> None:
        """Make every back-office API call fail with 503, or stop doing so."""
        await self._post(self._backoffice, "/_sim/outage", {"on": on})

    async def sample_accounts(
        self, kind: str | None = None, in_arrears: bool | None = None
    ) -> list[dict[str, Any]]:
        """Seeded accounts with their bill codes."""
        accounts: list[dict[str, Any]] = await self._get(
            self._backoffice, "/_sim/accounts", kind=kind, in_arrears=in_arrears
        )
        return accounts

    async def ledger(self, out_trade_no: str | None = None) -> list[dict[str, Any]]:
        """Ledger rows (charges, refunds)."""
        rows: list[dict[str, Any]] = await self._get(
            self._backoffice, "/_sim/ledger", out_trade_no=out_trade_no
        )
        return rows

    async def reset(self) -> None:
        """Back-office controls back to normal, and no bank-card sale left scripted."""
        await self._post(self._backoffice, "/_sim/reset")
        await self.forget_card_sales()

    async def phone_scan(self, code_url: str, behaviour: str = "ok") -> dict[str, Any]:
        """The customer's phone scans the terminal's QR: `ok` pays, `insufficient_funds` fails,
        `cancel` backs out. Answers the order's state after (a PaymentResult)."""
        result: dict[str, Any] = await self._post(
            self._backoffice, "/_sim/phone/scan", {"code_url": code_url, "behaviour": behaviour}
        )
        return result

    async def qr_validity(self, valid_s: float) -> None:
        """How long new terminal-shown QR orders stay payable (default 120 s)."""
        await self._post(self._backoffice, "/_sim/qr-validity", {"valid_s": valid_s})

    async def prepaid_meters(self) -> list[dict[str, Any]]:
        """Every prepaid meter: card serial, purchase count, last write-back filed."""
        meters: list[dict[str, Any]] = await self._get(self._backoffice, "/_sim/prepaid/meters")
        return meters

    async def prepaid_purchases(self, meter_no: str | None = None) -> list[dict[str, Any]]:
        """Prepaid purchases (with count and MAC), oldest first, optionally of one meter."""
        purchases: list[dict[str, Any]] = await self._get(
            self._backoffice, "/_sim/prepaid/purchases", meter_no=meter_no
        )
        return purchases

    async def reset_meter(self, meter_no: str) -> dict[str, Any]:
        """A prepaid meter back to its seeded state (purchase count 0, purchases deleted)."""
        meter: dict[str, Any] = await self._post(
            self._backoffice, "/_sim/prepaid/reset_meter", {"meter_no": meter_no}
        )
        return meter
