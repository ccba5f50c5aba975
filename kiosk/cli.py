"""The `kiosk` command: run the terminal, the simulators, the headless tour and the benchmark;
check the devices (`kiosk devices`) and manage staff (`kiosk staff`).

Imports are deferred to each sub-command so that `kiosk run` starts fast and a config mistake is
reported before Qt is loaded.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from kiosk.config import ConfigError, Settings, load_settings

EXIT_CONFIG = 2
DEFAULT_CONFIG = Path("config.toml")


def _settings(path: Path) -> Settings:
    try:
        return load_settings(path)
    except ConfigError as exc:
        print(f"kiosk: configuration error in {exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def _staff_file_ok(settings: Settings) -> None:
    """The staff file is part of the configuration: a mistake in it stops the start the same way."""
    from kiosk.maintenance.staff import StaffRegistry

    try:
        StaffRegistry.load(settings.resolve(settings.maintenance.staff_file))
    except ConfigError as exc:
        print(f"kiosk: configuration error in {exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def has_display() -> bool:
    """Whether a real window can be shown (X11 or Wayland), unless Qt was told to stay offscreen."""
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    _staff_file_ok(settings)
    if not has_display():
        print(
            "kiosk: no display here; running the headless tour instead "
            f"(screenshots and report in {args.tour_out})",
            file=sys.stderr,
        )
        from kiosk.tour import run_tour_command

        return run_tour_command(settings, Path(args.tour_out), journeys=None)
    from kiosk.app import run_terminal_process
    from kiosk.logfiles import install_file_logging

    log_file = install_file_logging(settings)
    print(f"kiosk: logging to {log_file}", file=sys.stderr)
    return run_terminal_process(
        settings, windowed=args.windowed, start_simulators=not args.no_simulators
    )


def _cmd_simulators(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    from simulators.launcher import run_simulators

    return run_simulators(settings, panel=not args.no_panel)


def _cmd_tour(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    _staff_file_ok(settings)
    from kiosk.tour import run_tour_command

    journeys = args.journey or None
    return run_tour_command(
        settings, Path(args.out), journeys=journeys, external_simulators=args.no_simulators
    )


def _cmd_bench(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    from kiosk.bench import run_bench

    figures = run_bench(settings, journeys=args.journeys)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


def _cmd_check_config(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    _staff_file_ok(settings)
    print(f"{args.config}: OK (terminal {settings.terminal.id}, {len(settings.devices)} devices)")
    return 0


def _cmd_reprint(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    from kiosk.app import reprint_from_journal

    return reprint_from_journal(settings, args.reference)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (also used by the docs)."""
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config.toml path")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the terminal (and the simulators, if enabled)")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    run.add_argument("--no-simulators", action="store_true", help="do not start the simulators")
    run.add_argument("--tour-out", default="var/tour", help="where the tour writes without display")
    run.set_defaults(func=_cmd_run)

    sims = sub.add_parser("simulators", help="run the simulators and the hardware panel")
    sims.add_argument("--no-panel", action="store_true", help="no hardware panel window")
    sims.set_defaults(func=_cmd_simulators)

    tour = sub.add_parser("tour", help="walk the journeys offscreen, saving screenshots")
    tour.add_argument("--out", required=True, help="folder for PNGs and report.json")
    tour.add_argument(
        "--journey", action="append", help="run only this journey (repeatable); 'idle' = start only"
    )
    tour.add_argument(
        "--no-simulators",
        action="store_true",
        help="use simulators already running at the config's addresses",
    )
    tour.set_defaults(func=_cmd_tour)

    bench = sub.add_parser("bench", help="measure start-up, screen changes, journeys, memory")
    bench.add_argument("--journeys", type=int, default=1000, help="scripted journeys for RSS")
    bench.set_defaults(func=_cmd_bench)

    check = sub.add_parser("check-config", help="validate the configuration and exit")
    check.set_defaults(func=_cmd_check_config)

    reprint = sub.add_parser("reprint", help="reprint a receipt from the journal")
    reprint.add_argument("reference", help="the reference shown on the paid screen")
    reprint.set_defaults(func=_cmd_reprint)

    from kiosk.devices_cli import add_devices_commands
    from kiosk.maintenance.staff_cli import add_staff_commands

    add_devices_commands(sub)
    add_staff_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `kiosk` command."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
