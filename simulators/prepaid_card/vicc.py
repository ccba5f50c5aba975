"""The card side of vpcd's link (vsmartcard's virtual ICC protocol, PROTOCOLS.md).

Every message is a 2-byte big-endian length and a payload. One-byte payloads from vpcd are
control: 0 power off, 1 power on, 2 reset, 4 get ATR (answered with the ATR; an empty answer means
"no card", and vpcd then drops the link). Longer payloads are APDUs, answered with data + SW1 SW2.
The link runs in its own thread with blocking sockets: it is always reconnecting to vpcd while the
simulator runs, with a growing pause so that an empty slot never spins.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
from typing import Protocol

from simulators.pcscd import PcscdInfo, connect_vpcd

log = logging.getLogger(__name__)

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4
FIRST_PAUSE_S = 0.05
LONGEST_PAUSE_S = 1.0
REMOVAL_HOLD_S = 0.6  # pcscd polls the slot every 400 ms


class CardEndpoint(Protocol):
    """What answers vpcd: the simulator holding the card in the slot."""

    def answer_to_reset(self) -> bytes:
        """The ATR, or b"" when no card is in the slot."""

    def power(self, on: bool) -> None:
        """Card power switched on (also on reset) or off."""

    def command(self, apdu: bytes) -> bytes | None:
        """The response APDU, or None to drop the link without answering (card pulled out)."""


class _LinkClosed(Exception):
    pass


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        # vpcd writes the 2-byte length and the APDU separately; with our ACK of the first write
        # delayed (40 ms), Nagle holds the second. Quick ACKs: 46 ms per APDU became about 1 ms.
        # Linux turns quick-ACK mode off again by itself, so it is asked for before every read.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise _LinkClosed
        data += chunk
    return data


class VpcdLink:
    """A thread keeping the card endpoint connected to vpcd's slot on `port`."""

    def __init__(self, endpoint: CardEndpoint, port: int, pcscd: PcscdInfo | None) -> None:
        self._endpoint = endpoint
        self._port = port
        self._pcscd = pcscd
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._sock: socket.socket | None = None
        self._sock_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"vpcd-link-{port}", daemon=True)
        self.connections = 0  # how many times the link was (re)opened, for tests

    def start(self) -> None:
        """Start connecting."""
        self._thread.start()

    def wake(self) -> None:
        """Reconnect now rather than after the pause (a card was inserted)."""
        self._wake.set()

    def drop(self) -> None:
        """Close the link now; vpcd sees the card gone and the link is opened again later."""
        with self._sock_lock:
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the thread and close the link."""
        self._stopping.set()
        self._wake.set()
        self.drop()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        pause = FIRST_PAUSE_S
        while not self._stopping.is_set():
            served_card = False
            if not self._endpoint.answer_to_reset():
                # an empty slot stays unconnected: vpcd reports "no card" while nobody is there
                self._wake.wait(LONGEST_PAUSE_S)
                self._wake.clear()
                continue
            try:
                sock = connect_vpcd(self._pcscd, self._port)
            except OSError as exc:
                log.debug("vpcd on port %d not reachable: %s", self._port, exc)
            else:
                sock.settimeout(None)
                with self._sock_lock:
                    self._sock = sock
                self.connections += 1
                log.debug("connected to vpcd (%d)", self.connections)
                try:
                    served_card = self._serve(sock)
                finally:
                    with self._sock_lock:
                        self._sock = None
                    sock.close()
            log.debug("link closed, served_card=%s", served_card)
            if served_card:
                # stay away for a whole pcscd poll, or a swapped card goes unnoticed
                pause = FIRST_PAUSE_S
                self._stopping.wait(REMOVAL_HOLD_S)
                continue
            pause = min(pause * 2, LONGEST_PAUSE_S)
            self._wake.wait(pause)
            self._wake.clear()

    def _serve(self, sock: socket.socket) -> bool:
        """Answer vpcd until the link closes; True if a card was in the slot at some point."""
        served_card = False
        try:
            while not self._stopping.is_set():
                (size,) = struct.unpack(">H", _receive_exactly(sock, 2))
                message = _receive_exactly(sock, size)
                log.debug("vpcd -> %s", message.hex())
                if len(message) == 1:
                    code = message[0]
                    if code == GET_ATR:
                        atr = self._endpoint.answer_to_reset()
                        served_card = served_card or bool(atr)
                        sock.sendall(struct.pack(">H", len(atr)) + atr)
                    elif code in (POWER_ON, RESET):
                        self._endpoint.power(True)
                    elif code == POWER_OFF:
                        self._endpoint.power(False)
                    continue
                answer = self._endpoint.command(message)
                if answer is None:
                    return served_card
                sock.sendall(struct.pack(">H", len(answer)) + answer)
        except (_LinkClosed, OSError):
            pass
        return served_card
