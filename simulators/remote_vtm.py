"""Remote controls of the video-teller simulators (mixed into SimulatorRemote): the scripted
teller's next calls, its state, the VTM service's queue and booked call-backs."""

from __future__ import annotations

from typing import Any

import httpx


class VtmControls:
    """The teller bot (device control API) and the VTM service (back office `/_sim/vtm`)."""

    _control: httpx.AsyncClient
    _backoffice: httpx.AsyncClient

    async def teller_script(self, *steps: dict[str, Any]) -> None:
        """How the teller handles the next calls (the last step repeats): answer_delay_s,
        talk_s, hangup_after_s, stop_video_after_s, never_answer, commands (teller commands
        {"type", "payload"}, or raw strings sent as they are) and command_gap_s."""
        response = await self._control.post("/teller_bot/script", json=list(steps) or [{}])
        response.raise_for_status()

    async def teller_state(self) -> dict[str, Any]:
        """Calls taken, frames sent and received, replies to commands, the last call."""
        response = await self._control.get("/teller_bot")
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    async def vtm_state(self) -> dict[str, Any]:
        """The VTM service's queue, tellers and live calls."""
        response = await self._backoffice.get("/_sim/vtm")
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    async def vtm_callbacks(self) -> list[dict[str, Any]]:
        """Call-backs booked by terminals (numbers masked)."""
        response = await self._backoffice.get("/_sim/vtm/callbacks")
        response.raise_for_status()
        result: list[dict[str, Any]] = response.json()
        return result

    async def vtm_documents(self) -> list[dict[str, Any]]:
        """Photos and signed forms terminals uploaded during calls (their metadata)."""
        response = await self._backoffice.get("/_sim/vtm/documents")
        response.raise_for_status()
        result: list[dict[str, Any]] = response.json()
        return result
