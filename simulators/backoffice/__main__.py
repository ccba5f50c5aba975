"""`python -m simulators.backoffice --db PATH --port N`: run the back-office simulator alone."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from pathlib import Path

from simulators.backoffice.server import BackOfficeServer


async def _serve(db_path: Path, host: str, port: int) -> None:
    server = BackOfficeServer(db_path, host=host, port=port)
    await server.start()
    print(f"back-office simulator on {server.url} (database {db_path})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m simulators.backoffice", description=__doc__)
    parser.add_argument(
        "--db",
        type=Path,
        default=Path("var/data/backoffice-sim.sqlite"),
        help="SQLite file (seeded on first start)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(_serve(args.db, args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
