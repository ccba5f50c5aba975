"""The camera simulator: an IP camera serving MJPEG over HTTP on 127.0.0.1.

`GET /stream.mjpg` is `multipart/x-mixed-replace` of JPEG parts at the configured fps;
`GET /snapshot.jpg` one JPEG. The scene is drawn with numpy/cv2: a moving "customer" (head and
shoulders), the frame counter and the time. Controls (also under /camera/... on the control
server): a document held up, frozen (connections stay open, no frames: the driver must notice),
unplugged (connections closed and refused), dark (a covered lens).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time

import cv2
import numpy as np

log = logging.getLogger(__name__)

BOUNDARY = "kioskframe"
MAX_REQUEST_BYTES = 8192


def draw_scene(
    index: int, width: int, height: int, *, document: bool, dark: bool, at: float
) -> np.ndarray:
    """Frame `index` of the scene as BGR; `at` is the wall time written into it."""
    frame = np.empty((height, width, 3), np.uint8)
    frame[:] = (90, 110, 130)  # a beige hall wall
    cv2.rectangle(frame, (0, height * 3 // 4), (width, height), (60, 70, 80), -1)
    sway = int(width * 0.08 * math.sin(index / 15.0))
    cx, cy = width // 2 + sway, height // 2
    head = max(height // 8, 8)
    cv2.ellipse(frame, (cx, cy + head * 3), (head * 3, head * 2), 0, 180, 360, (120, 60, 40), -1)
    cv2.circle(frame, (cx, cy), head, (150, 180, 220), -1)
    if document:
        w, h = width * 2 // 5, height * 2 // 7
        x, y = cx - w // 2, cy + head // 2
        cv2.rectangle(frame, (x, y), (x + w, y + h), (245, 245, 245), -1)
        for line in range(1, 5):
            ly = y + line * h // 6
            cv2.line(frame, (x + w // 10, ly), (x + w * 9 // 10, ly), (40, 40, 40), 2)
    stamp = time.strftime("%H:%M:%S", time.localtime(at)) + f".{int(at * 1000) % 1000:03d}"
    cv2.putText(frame, f"#{index}", (10, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
    cv2.putText(frame, stamp, (10, height - 12), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (255, 255, 255), 2)
    if dark:
        frame //= 12
    return frame


def encode_jpeg(bgr: np.ndarray, quality: int = 80) -> bytes:
    """`bgr` as JPEG bytes."""
    ok, buffer = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(buffer)


class CameraSimulator:
    """An MJPEG IP camera on 127.0.0.1:`port` (0: any free port, kept across unplug/replug)."""

    def __init__(
        self, port: int = 0, *, width: int = 640, height: int = 480, fps: int = 15
    ) -> None:
        self.port = port
        self.width = width
        self.height = height
        self.fps = fps
        self.document = False
        self.frozen = False
        self.dark = False
        self.plugged = True
        self.frames_sent = 0
        self.requests = 0
        self._server: asyncio.Server | None = None
        self._clients: set[asyncio.StreamWriter] = set()
        self._serving: set[asyncio.Task[None]] = set()
        self._unfrozen = asyncio.Event()
        self._unfrozen.set()
        self._index = 0
        self._cached: tuple[int, bytes] | None = None
        self._started_at = 0.0

    @property
    def url(self) -> str:
        """The MJPEG stream's URL."""
        return f"http://127.0.0.1:{self.port}/stream.mjpg"

    async def start(self) -> None:
        """Listen on 127.0.0.1 (loopback only)."""
        if not self._started_at:
            self._started_at = asyncio.get_running_loop().time()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("camera simulator on %s", self.url)

    async def stop(self) -> None:
        """Close the listener and every stream."""
        await self._close_all()

    async def _close_all(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._clients):
            writer.close()
        self._clients.clear()
        # A client's task may be waiting for a frozen stream: end it, do not leave it behind.
        serving = [task for task in self._serving if task is not asyncio.current_task()]
        for task in serving:
            task.cancel()
        if serving:
            await asyncio.wait(serving, timeout=2.0)
        if server is not None:
            await server.wait_closed()

    # -- controls -----------------------------------------------------------------------------

    def show_document(self, on: bool) -> None:
        """The customer holds a white document card up to the camera (or puts it away)."""
        self.document = on

    def freeze(self, on: bool) -> None:
        """Stop sending frames while keeping connections open (or send again)."""
        self.frozen = on
        if on:
            self._unfrozen.clear()
        else:
            self._unfrozen.set()

    def set_dark(self, on: bool) -> None:
        """A covered lens or the lights out: frames almost black."""
        self.dark = on

    async def unplug(self) -> None:
        """Drop every connection and refuse new ones."""
        self.plugged = False
        await self._close_all()

    async def replug(self) -> None:
        """Accept connections again, on the same port."""
        if self._server is None:
            await self.start()
        self.plugged = True

    def state(self) -> dict[str, object]:
        """The controls and counters, for the control API and the panel."""
        return {
            "url": self.url,
            "plugged": self.plugged,
            "frozen": self.frozen,
            "document": self.document,
            "dark": self.dark,
            "clients": len(self._clients),
            "frames_sent": self.frames_sent,
            "requests": self.requests,
        }

    # -- serving ------------------------------------------------------------------------------

    async def _frame(self) -> bytes:
        index = self._index
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        bgr = draw_scene(
            index, self.width, self.height, document=self.document, dark=self.dark, at=time.time()
        )
        # Encoding takes milliseconds: off the loop, which other simulators share.
        jpeg = await asyncio.to_thread(encode_jpeg, bgr)
        self._cached = (index, jpeg)
        return jpeg

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._clients.add(writer)
        task = asyncio.current_task()
        if task is not None:
            self._serving.add(task)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5.0)
            self.requests += 1
            parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            path = parts[1].split("?")[0] if len(parts) >= 2 else ""
            if len(parts) < 2 or parts[0] != "GET":
                await self._reply(writer, "405 Method Not Allowed", "text/plain", b"GET only\n")
            elif path == "/stream.mjpg":
                await self._stream(writer)
            elif path == "/snapshot.jpg":
                await self._reply(writer, "200 OK", "image/jpeg", await self._frame())
            else:
                await self._reply(writer, "404 Not Found", "text/plain", b"not found\n")
        except (
            ConnectionError,
            TimeoutError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
        ):
            pass
        finally:
            if task is not None:
                self._serving.discard(task)
            self._clients.discard(writer)
            writer.close()
            try:
                # A client that stopped reading leaves unsent frames behind: closing would wait
                # for them forever (and hang the loop's shutdown), so it is cut after a second.
                await asyncio.wait_for(writer.wait_closed(), 1.0)
            except (ConnectionError, TimeoutError):
                writer.transport.abort()

    async def _reply(
        self, writer: asyncio.StreamWriter, status: str, content_type: str, body: bytes
    ) -> None:
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode("ascii")
            + body
        )
        await writer.drain()

    async def _stream(self, writer: asyncio.StreamWriter) -> None:
        writer.write(
            "HTTP/1.1 200 OK\r\n"
            f"Content-Type: multipart/x-mixed-replace; boundary={BOUNDARY}\r\n"
            "Cache-Control: no-cache\r\nConnection: close\r\n\r\n".encode("ascii")
        )
        period = 1.0 / self.fps
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            await self._unfrozen.wait()
            # One index per tick of the wall clock, shared by every client: one encode per tick.
            self._index = max(self._index, int((loop.time() - self._started_at) / period))
            jpeg = await self._frame()
            writer.write(
                f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n"
                f"Content-Length: {len(jpeg)}\r\n\r\n".encode("ascii")
                + jpeg
                + b"\r\n"
            )
            await writer.drain()
            self.frames_sent += 1
            next_at = max(next_at + period, loop.time())
            await asyncio.sleep(next_at - loop.time())
