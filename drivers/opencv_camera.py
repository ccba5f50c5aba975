"""A camera read in a capture thread: an IP camera's MJPEG stream or a local camera via OpenCV.

`http(s)://...` is read as `multipart/x-mixed-replace` with http.client and each JPEG decoded with
cv2.imdecode, as an IP camera driver does: it gives bounded waits (a socket time-out) and lets
`close()` interrupt a blocking read by shutting the socket, which cv2.VideoCapture's FFmpeg
backend does not. `camera://N` opens local device N with cv2.VideoCapture.

The thread keeps the latest `CameraFrame`, calls frame listeners and measures the frame rate.
No frame for `stall_s` (2 s) → NO_DEVICE, and the DeviceManager reconnects with backoff.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import http.client
import logging
import socket
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

# OpenCV and numpy (~0.1 s to import) load in the capture thread at the first frame, not in the
# GUI thread while the terminal starts.
if TYPE_CHECKING:
    import numpy as np

from drivers.interfaces import Camera, CameraFrame, DeviceError, DeviceGone, FrameListener
from kiosk.clock import Clock, SystemClock
from kiosk.devices.status import CameraStatus, DeviceState

log = logging.getLogger(__name__)

FPS_WINDOW = 30  # frames the rate is measured over
MAX_PART_BYTES = 8 * 1024 * 1024  # a JPEG bigger than this is a broken stream, not a frame


class _Source(Protocol):
    """Where frames come from; `read` blocks at most about `stall_s`."""

    def read(self) -> np.ndarray | None: ...  # None: nothing in time, or the stream ended
    def interrupt(self) -> None: ...  # unblock a `read` in progress (from another thread)
    def release(self) -> None: ...


class MjpegSource:
    """An HTTP multipart/x-mixed-replace stream of JPEG parts (an IP camera)."""

    def __init__(self, url: str, timeout_s: float) -> None:
        parts = urlsplit(url)
        if parts.hostname is None:
            raise DeviceGone(f"no host in {url!r}")
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._conn = cls(parts.hostname, parts.port, timeout=timeout_s)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            self._conn.request("GET", path, headers={"Accept": "multipart/x-mixed-replace"})
            response = self._conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            self._conn.close()
            raise DeviceGone(f"camera at {url} does not answer: {exc}") from exc
        content_type = response.getheader("Content-Type", "")
        if response.status != 200 or "multipart/" not in content_type:
            self._conn.close()
            raise DeviceGone(f"camera at {url}: HTTP {response.status} {content_type!r}")
        boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
        if not boundary:
            self._conn.close()
            raise DeviceGone(f"camera at {url}: no multipart boundary")
        self._boundary = b"--" + boundary.encode("ascii")
        self._response = response
        self._pushback: bytes | None = None

    def read(self) -> np.ndarray | None:
        """The next JPEG part decoded; None when the stream ended or nothing came in time."""
        try:
            jpeg = self._next_part()
        except (OSError, http.client.HTTPException, ValueError) as exc:
            log.debug("mjpeg read ended: %s", exc)
            return None
        if jpeg is None:
            return None
        import cv2
        import numpy as np

        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        return image if image is not None else np.empty((0, 0, 3), np.uint8)

    def _readline(self) -> bytes:
        if self._pushback is not None:
            line, self._pushback = self._pushback, None
            return line
        return self._response.readline(65536)

    def _next_part(self) -> bytes | None:
        while True:  # skip to the boundary (a preamble or the CRLF after the last part)
            line = self._readline()
            if not line or line.rstrip(b"\r\n") == self._boundary + b"--":
                return None
            if line.rstrip(b"\r\n") == self._boundary:
                break
        length: int | None = None
        while True:
            line = self._readline()
            if not line:
                return None
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length is None:
            return self._read_until_boundary()
        if not 0 < length <= MAX_PART_BYTES:
            raise ValueError(f"part length {length}")
        data = self._response.read(length)
        return data if len(data) == length else None

    def _read_until_boundary(self) -> bytes | None:
        # Cameras that send no Content-Length: the part ends where the next boundary line starts.
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self._readline()
            if not line:
                return None
            if line.startswith(self._boundary):
                self._pushback = line
                return b"".join(chunks).removesuffix(b"\n").removesuffix(b"\r")
            chunks.append(line)
            size += len(line)
            if size > MAX_PART_BYTES:
                raise ValueError("part without an end")

    def interrupt(self) -> None:
        """Shut the socket so that a blocked read returns at once."""
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def release(self) -> None:
        """Close the connection."""
        self._conn.close()


class LocalSource:
    """A local camera by OpenCV device index."""

    def __init__(self, index: int, width: int, height: int, fps: int) -> None:
        import cv2

        capture = cv2.VideoCapture(index)
        if not capture.isOpened():
            capture.release()
            raise DeviceGone(f"no camera at index {index}")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        capture.set(cv2.CAP_PROP_FPS, fps)
        self._capture = capture

    def read(self) -> np.ndarray | None:
        """The next frame, or None when the camera gave none."""
        ok, image = self._capture.read()
        return image if ok else None

    def interrupt(self) -> None:
        """Nothing to do: a local read returns within a frame time."""

    def release(self) -> None:
        """Release the device."""
        self._capture.release()


class OpenCvCamera(Camera):
    """A camera at `camera://N` (local, by OpenCV index) or `http(s)://...` (an MJPEG stream).

    `open()` connects and waits for the first frame (bounded by `stall_s`), then a daemon capture
    thread keeps reading. Status changes are published on the asyncio loop that opened it.
    """

    def __init__(
        self,
        name: str,
        url: str,
        *,
        width: int = 640,
        height: int = 480,
        fps: int = 30,
        clock: Clock | None = None,
        base_dir: Path | None = None,
        stall_s: float = 2.0,
        join_timeout_s: float = 2.0,
    ) -> None:
        super().__init__(name)
        self.url = url
        self.width = width
        self.height = height
        self.fps = fps
        self.clock: Clock = clock or SystemClock()
        self.stall_s = stall_s
        self.join_timeout_s = join_timeout_s
        self._base_dir = base_dir  # unused: URLs here are never file paths
        self._status = CameraStatus()
        self._latest: CameraFrame | None = None
        self._seq = 0
        self._lock = threading.Lock()
        self._frame_listeners: list[FrameListener] = []
        self._times: collections.deque[float] = collections.deque(maxlen=FPS_WINDOW)
        self._thread: threading.Thread | None = None
        self._stop: threading.Event | None = None
        self._source: _Source | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- Camera -------------------------------------------------------------------------------

    @property
    def status(self) -> CameraStatus:
        if not self._status.streaming:
            return self._status
        return replace(self._status, fps=self.measured_fps())

    def measured_fps(self) -> float:
        """Frames per second over the last `FPS_WINDOW` frames, to 0.1."""
        with self._lock:
            times = list(self._times)
        if len(times) < 2 or times[-1] <= times[0]:
            return 0.0
        return round((len(times) - 1) / (times[-1] - times[0]), 1)

    def latest_frame(self) -> CameraFrame | None:
        return self._latest

    async def snapshot_jpeg(self) -> bytes:
        frame = self._latest
        if frame is None or not self._status.streaming:
            raise DeviceError(f"{self.name}: no picture (state {self._status.device.value})")
        import cv2

        ok, buffer = await asyncio.to_thread(
            cv2.imencode, ".jpg", frame.bgr, [cv2.IMWRITE_JPEG_QUALITY, 90]
        )
        if not ok:
            raise DeviceError(f"{self.name}: the frame could not be encoded")
        return bytes(buffer)

    def add_frame_listener(self, cb: FrameListener) -> None:
        with self._lock:
            self._frame_listeners.append(cb)

    def remove_frame_listener(self, cb: FrameListener) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._frame_listeners.remove(cb)

    # -- life cycle ---------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect and wait for a first frame; DeviceGone if nothing answers or sends."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._loop = asyncio.get_running_loop()
        try:
            source = await asyncio.to_thread(self._make_source)
        except DeviceGone as exc:
            self._set_status(CameraStatus(DeviceState.NO_DEVICE, str(exc)))
            raise
        image = await asyncio.to_thread(source.read)
        if image is None or image.size == 0:
            await asyncio.to_thread(source.release)
            reason = f"no picture within {self.stall_s:g} s"
            self._set_status(CameraStatus(DeviceState.NO_DEVICE, reason))
            raise DeviceGone(f"{self.name}: {reason}")
        with self._lock:
            self._times.clear()
        self._deliver(image)
        stop = threading.Event()
        self._stop, self._source = stop, source
        self._thread = threading.Thread(
            target=self._capture, args=(source, stop), name=f"{self.name}-capture", daemon=True
        )
        self._thread.start()
        self._set_status(CameraStatus(DeviceState.ONLINE, streaming=True))

    async def close(self) -> None:
        """Stop the capture thread (bounded wait) and release the camera; safe to call twice."""
        thread, stop, source = self._thread, self._stop, self._source
        self._thread = self._stop = self._source = None
        if stop is not None:
            stop.set()
        if source is not None:
            source.interrupt()
        if thread is not None:
            await asyncio.to_thread(thread.join, self.join_timeout_s)
            if thread.is_alive():
                log.warning("%s: capture thread still busy after close", self.name)
        if self._status.device != DeviceState.NO_DEVICE or self._status.streaming:
            self._set_status(CameraStatus(DeviceState.NO_DEVICE, self._status.last_error))

    # -- inside -------------------------------------------------------------------------------

    def _make_source(self) -> _Source:
        parts = urlsplit(self.url)
        if parts.scheme in ("http", "https"):
            return MjpegSource(self.url, self.stall_s)
        if parts.scheme == "camera":
            try:
                index = int(parts.netloc or parts.path.strip("/"))
            except ValueError:
                raise DeviceGone(f"bad camera index in {self.url!r}") from None
            return LocalSource(index, self.width, self.height, self.fps)
        raise DeviceGone(f"unsupported camera URL {self.url!r}")

    def _deliver(self, image: np.ndarray) -> None:
        now = self.clock.monotonic()
        with self._lock:
            self._seq += 1
            frame = CameraFrame(image, self._seq, now)
            self._times.append(now)
            listeners = list(self._frame_listeners)
        self._latest = frame
        for listener in listeners:
            try:
                listener(frame)
            except Exception:  # one bad listener must not stop the camera for the others
                log.exception("%s: frame listener failed", self.name)

    def _capture(self, source: _Source, stop: threading.Event) -> None:
        last = self.clock.monotonic()
        reason = "stream ended"
        try:
            while not stop.is_set():
                image = source.read()
                if stop.is_set():
                    return
                now = self.clock.monotonic()
                if image is not None and image.size > 0:
                    self._deliver(image)
                    last = now
                    continue
                # An MJPEG read gives None only after its socket time-out or at the stream's end:
                # the connection is of no more use. A local camera may just skip a frame.
                if (
                    image is None and isinstance(source, MjpegSource)
                ) or now - last >= self.stall_s:
                    reason = f"no frame for {now - last:.1f} s (stream stalled or ended)"
                    break
        finally:
            source.release()
        if not stop.is_set() and self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody to tell
                self._loop.call_soon_threadsafe(self._lost, stop, reason)

    def _lost(self, stop: threading.Event, reason: str) -> None:
        if stop is not self._stop:
            return  # an older capture, already closed
        log.warning("%s: %s", self.name, reason)
        self._thread = self._stop = self._source = None
        self._set_status(CameraStatus(DeviceState.NO_DEVICE, reason))

    def _set_status(self, new: CameraStatus) -> None:
        old, self._status = self._status, new
        self._status_changed(old, new)


def frame_brightness(bgr: Any) -> float:
    """Mean luminance of a BGR frame, 0..255."""
    import cv2

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    return float(gray.mean())
