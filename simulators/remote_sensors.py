"""Remote controls of the sensors simulator and the staff cards (mixed into SimulatorRemote)."""

from __future__ import annotations

from typing import Any

import httpx


class SensorControls:
    """Drive the auxiliaries (cabinet door, operator key switch, the I/O module's line) and put
    staff cards into the IC card reader, through the device control API."""

    _control: httpx.AsyncClient

    async def _sensors_call(self, method: str, path: str, body: Any = None) -> Any:
        response = await self._control.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    async def door(self, state: str) -> None:
        """Open (`open`) or close (`closed`) the cabinet door."""
        await self._sensors_call("POST", "/sensors/door", {"door": state})

    async def operator_switch(self, position: str) -> None:
        """Turn the operator key switch to `run` or `maintenance`."""
        await self._sensors_call("POST", "/sensors/switch", {"position": position})

    async def sensors_garbage(self, data: bytes) -> None:
        """Noise on the module's line before its next answer."""
        await self._sensors_call("POST", "/sensors/garbage", {"hex": data.hex()})

    async def sensors_silent(self, silent: bool) -> None:
        """The module stops answering (a live adapter, no module behind it), or answers again."""
        await self._sensors_call("POST", "/sensors/silent", {"silent": silent})

    async def sensors_fault(self, code: int | None) -> None:
        """The module refuses every request with Modbus exception `code` (None: normal again)."""
        await self._sensors_call("POST", "/sensors/fault", {"code": code})

    async def sensors_plugged(self, plugged: bool) -> None:
        """Unplug or re-plug the module's serial line."""
        await self._sensors_call("POST", "/sensors/replug" if plugged else "/sensors/unplug")

    async def sensors_state(self) -> dict[str, Any]:
        """Door, switch, silence, fault and the requests the module has seen."""
        return dict(await self._sensors_call("GET", "/sensors"))

    async def insert_staff_card(self, name: str) -> None:
        """Put a staff card (e.g. `staff-supervisor`, docs/staff-card.md) into the IC reader."""
        await self._sensors_call("POST", f"/card/insert/{name}")

    async def card_in_slot(self) -> dict[str, Any]:
        """What is in the IC reader: kind (`staff`, `prepaid` or None), name, serial."""
        return dict(await self._sensors_call("GET", "/card"))

    async def staff_cards(self) -> list[dict[str, Any]]:
        """The simulated staff cards: name, serial, staff id, description."""
        return list(await self._sensors_call("GET", "/card/staff_catalogue"))
