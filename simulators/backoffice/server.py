"""Running the back-office simulator: uvicorn inside the caller's asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from datetime import date, timedelta, timezone
from pathlib import Path

import uvicorn

from kiosk.clock import Clock, SystemClock
from simulators.backoffice import db, seed
from simulators.backoffice.app import DropConnection, SimState, create_app

log = logging.getLogger("simulators.backoffice")
CHINA = timezone(timedelta(hours=8))


def open_database(db_path: Path, today: date) -> sqlite3.Connection:
    """Open the simulator's database, seeding it on first use."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = db.connect(db_path)
    try:
        count = seed.seed(conn, today)
    except BaseException:
        conn.close()
        raise
    if count:
        log.info("seeded %d accounts into %s", count, db_path)
    return conn


class BackOfficeServer:
    """The simulator's HTTP server on `host:port` (port 0 picks a free one), state in `db_path`.

    `clock` drives payment-code lifetimes and timestamps (tests pass a fake one); `today` fixes
    the seed's calendar (default: today in China).
    """

    def __init__(
        self,
        db_path: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        today: date | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.clock: Clock = clock or SystemClock()
        self._today = today
        self._server: uvicorn.Server | None = None
        self._socket: socket.socket | None = None
        self._conn: sqlite3.Connection | None = None
        self.state: SimState | None = None

    @property
    def url(self) -> str:
        """Base URL with the real port; valid after start()."""
        if self._socket is None:
            raise RuntimeError("BackOfficeServer is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Open (and seed on first use) the database, then serve until stop()."""
        if self._server is not None:
            raise RuntimeError("BackOfficeServer is already started")
        today = self._today or self.clock.wall().astimezone(CHINA).date()
        # Seeding takes a moment on a new file: keep the loop free meanwhile.
        self._conn = await asyncio.to_thread(open_database, self.db_path, today)
        self.state = SimState(self._conn, self.clock)
        config = uvicorn.Config(
            DropConnection(create_app(self.state)),
            host=self.host,
            port=self.port,
            lifespan="off",
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        config.load()
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP, and without it every answer (headers, then body) waits ~40 ms for
        # the peer's delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            self._close_db()
            raise
        server = uvicorn.Server(config)
        # Server.serve() would also take over SIGINT/SIGTERM, which belong to the host process:
        # run its start-up and shut-down steps directly instead.
        server.lifespan = config.lifespan_class(config)
        await server.startup(sockets=[sock])
        if server.should_exit:
            sock.close()
            self._close_db()
            raise RuntimeError(f"back-office simulator could not listen on {self.host}")
        await server.on_tick(0)
        self._server, self._socket = server, sock
        self.port = sock.getsockname()[1]
        log.info("back-office simulator listening on %s", self.url)

    async def stop(self) -> None:
        """Stop serving, let answers in flight finish, close the database."""
        server, sock = self._server, self._socket
        if server is None or sock is None:
            return
        self._server = None
        server.should_exit = True
        await server.shutdown(sockets=[sock])
        self._socket = None
        self._close_db()

    def _close_db(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
