"""Control routes of the scripted teller (mounted on the device simulators' control API)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from simulators.teller_bot import TellerBot, TellerStep


class Step(BaseModel):
    """One call's script (see simulators.teller_bot.TellerStep)."""

    answer_delay_s: float = Field(1.0, ge=0, le=600)
    talk_s: float = Field(60.0, gt=0, le=3600)
    hangup_after_s: float | None = Field(None, ge=0, le=3600)
    stop_video_after_s: float | None = Field(None, ge=0, le=3600)
    never_answer: bool = False
    unreachable_media: bool = False
    # Commands {"type", "payload"} (or with an "id" of their own), or raw strings sent as they
    # are; up to 64 KiB each, the data channel's limit, so that too-large ones can be tried.
    commands: list[dict[str, Any] | Annotated[str, Field(max_length=65536)]] = Field(
        default_factory=list, max_length=100
    )
    command_gap_s: float = Field(1.0, ge=0, le=600)

    def teller_step(self) -> TellerStep:
        """The bot's step."""
        values = self.model_dump()
        values["commands"] = tuple(values["commands"])
        return TellerStep(**values)


def add_teller_bot_routes(app: FastAPI, bot: TellerBot) -> None:
    """`POST /teller_bot/script` [steps] (the last repeats), `GET /teller_bot` (its state, with
    the replies to its commands)."""

    @app.post("/teller_bot/script")
    async def script(steps: list[Step]) -> dict[str, Any]:
        teller_steps = [step.teller_step() for step in steps]
        bot.script(teller_steps)
        return {"steps": [asdict(step) for step in teller_steps]}

    @app.get("/teller_bot")
    async def state() -> dict[str, Any]:
        return bot.state()
