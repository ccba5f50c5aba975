"""Fixtures for driver tests (the doubles themselves live in device_peers.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from device_peers import FakeClock, PtyPeer, TcpPeer


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pty_peer() -> Iterator[PtyPeer]:
    peer = PtyPeer()
    yield peer
    peer.hang_up()


@pytest.fixture
async def tcp_peer() -> AsyncIterator[TcpPeer]:
    peer = TcpPeer()
    await peer.start()
    yield peer
    await peer.close()
