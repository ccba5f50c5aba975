"""Remote controls of the back office's fleet and settlement services (mixed into
SimulatorRemote): seed a settlement mismatch, read what terminals reported."""

from __future__ import annotations

from typing import Any

import httpx


class FleetControls:
    """The `/_sim/settlement/*`, `/_sim/fleet/*` and `/_sim/reconciliations` controls."""

    _backoffice: httpx.AsyncClient

    async def _fleet_call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        response = await self._backoffice.request(method, path, json=body, params=params or None)
        response.raise_for_status()
        return response.json() if response.content else None

    async def settlement_omit(self, out_trade_no: str) -> None:
        """The back office 'loses' a payment: it is missing from the settlement."""
        await self._fleet_call("POST", "/_sim/settlement/omit", {"out_trade_no": out_trade_no})

    async def settlement_amount(self, out_trade_no: str, amount_fen: int) -> None:
        """The back office settled a payment with another amount."""
        await self._fleet_call(
            "POST",
            "/_sim/settlement/amount",
            {"out_trade_no": out_trade_no, "amount_fen": amount_fen},
        )

    async def settlement_extra(self, terminal_id: str, method: str, amount_fen: int) -> None:
        """The back office settled a payment the terminal never took."""
        await self._fleet_call(
            "POST",
            "/_sim/settlement/extra",
            {"terminal_id": terminal_id, "method": method, "amount_fen": amount_fen},
        )

    async def settlement_reset(self) -> None:
        """Settlement as the books say again."""
        await self._fleet_call("POST", "/_sim/settlement/reset")

    async def fleet_terminals(self) -> list[dict[str, Any]]:
        """Every terminal's health as the fleet service sees it."""
        result: list[dict[str, Any]] = await self._fleet_call("GET", "/api/v1/fleet/terminals")
        return result

    async def fleet_events(self, terminal_id: str | None = None) -> list[dict[str, Any]]:
        """Events the terminals pushed, by terminal then seq."""
        params = {"terminal_id": terminal_id} if terminal_id else {}
        result: list[dict[str, Any]] = await self._fleet_call("GET", "/_sim/fleet/events", **params)
        return result

    async def reconciliations(self) -> list[dict[str, Any]]:
        """Reconciliation reports the terminals sent, oldest first."""
        result: list[dict[str, Any]] = await self._fleet_call("GET", "/_sim/reconciliations")
        return result

    async def fleet_page(self) -> str:
        """The fleet page's HTML."""
        response = await self._backoffice.get("/fleet")
        response.raise_for_status()
        return response.text
