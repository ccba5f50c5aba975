"""Customer journeys as UI-agnostic `async def`s over the UI port (ports.py)."""
