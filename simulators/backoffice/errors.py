"""The one exception the simulator's routes raise; app.py turns it into an `ApiError` answer."""

from __future__ import annotations


class ApiProblem(Exception):
    """An answer other than 2xx, with the contract's error code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
