"""Remote controls of the camera simulator (mixed into SimulatorRemote)."""

from __future__ import annotations

from typing import Any

import httpx


class CameraControls:
    """Drive the simulated camera through the device control API."""

    _control: httpx.AsyncClient

    async def _camera_call(self, path: str, body: Any = None) -> dict[str, Any]:
        response = await self._control.request(
            "POST" if path else "GET", f"/camera{path}", json=body
        )
        response.raise_for_status()
        return dict(response.json())

    async def camera_document(self, on: bool) -> dict[str, Any]:
        """The customer holds a document card up to the camera (or puts it away)."""
        return await self._camera_call("/document", {"on": on})

    async def camera_freeze(self, on: bool) -> dict[str, Any]:
        """The camera stops sending frames, connections left open (or sends again)."""
        return await self._camera_call("/freeze", {"on": on})

    async def camera_dark(self, on: bool) -> dict[str, Any]:
        """The lens covered: almost black frames (or normal again)."""
        return await self._camera_call("/dark", {"on": on})

    async def camera_plugged(self, plugged: bool) -> dict[str, Any]:
        """Unplug the camera (connections closed and refused) or plug it back."""
        return await self._camera_call("/replug" if plugged else "/unplug")

    async def camera_state(self) -> dict[str, Any]:
        """Controls and counters of the simulated camera."""
        return await self._camera_call("")
