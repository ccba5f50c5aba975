"""Control routes of the scripted teller (mounted on the device simulators' control API)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

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


def add_teller_bot_routes(app: FastAPI, bot: TellerBot) -> None:
    """`POST /teller_bot/script` [steps] (the last repeats), `GET /teller_bot` (its state)."""

    @app.post("/teller_bot/script")
    async def script(steps: list[Step]) -> dict[str, Any]:
        bot.script([TellerStep(**step.model_dump()) for step in steps])
        return {"steps": [asdict(TellerStep(**s.model_dump())) for s in steps]}

    @app.get("/teller_bot")
    async def state() -> dict[str, Any]:
        return bot.state()
