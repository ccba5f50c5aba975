"""`kiosk staff ...`: hash a PIN for the staff file, list the staff and their locks, unlock a
locked account (a technician, with their PIN), read and verify the audit log.

The lead wires `add_staff_commands` into kiosk/cli.py; each command reads `args.config`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    import sqlite3


# The staff, audit and store modules (Argon2, cryptography, asyncio) are imported by the commands
# that use them, not here: `kiosk run` builds this parser too and must start fast.

EXIT_CONFIG = 2
ReadSecret = Callable[[str], str]


def add_staff_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `staff hash-pin | list | unlock ID | audit` to the `kiosk` command's sub-commands."""
    staff = subparsers.add_parser("staff", help="hall staff: PIN hashes, locks, the audit log")
    sub = staff.add_subparsers(dest="staff_command", required=True)

    hash_cmd = sub.add_parser("hash-pin", help="read a PIN twice (no echo) and print its hash")
    hash_cmd.set_defaults(func=_cmd_hash_pin)

    list_cmd = sub.add_parser("list", help="staff ids, names, roles, cards and locks")
    list_cmd.set_defaults(func=_cmd_list)

    unlock = sub.add_parser("unlock", help="lift a PIN lockout (a technician, with their PIN)")
    unlock.add_argument("staff_id", help="the locked staff id")
    unlock.add_argument("--by", required=True, help="your staff id (a technician)")
    unlock.set_defaults(func=_cmd_unlock)

    audit = sub.add_parser("audit", help="the audit log's last entries")
    audit.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    audit.add_argument("--verify", action="store_true", help="check the hash chain")
    audit.set_defaults(func=_cmd_audit)


def _cmd_hash_pin(args: argparse.Namespace, read_secret: ReadSecret = getpass.getpass) -> int:
    from kiosk.maintenance.staff import PIN_MAX_DIGITS, PIN_MIN_DIGITS, hash_pin, valid_pin

    pin = read_secret("PIN: ")
    if not valid_pin(pin):
        print(f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits", file=sys.stderr)
        return 1
    if read_secret("PIN again: ") != pin:
        print("the two PINs differ", file=sys.stderr)
        return 1
    print(hash_pin(pin))
    return 0


class _Staff:
    """The staff file, the maintenance database and an authenticator on them."""

    def __init__(self, settings: Settings) -> None:
        from kiosk.clock import SystemClock
        from kiosk.maintenance.audit import AuditLog
        from kiosk.maintenance.auth import StaffAuthenticator
        from kiosk.maintenance.staff import StaffRegistry
        from kiosk.maintenance.store import MAINTENANCE_DB, open_store

        clock = SystemClock()
        self.registry = StaffRegistry.load(settings.resolve(settings.maintenance.staff_file))
        self.conn: sqlite3.Connection = open_store(settings.data_dir / MAINTENANCE_DB)
        self.audit = AuditLog(self.conn, clock)
        self.auth = StaffAuthenticator(
            self.registry, self.audit, self.conn, clock, settings.maintenance
        )


def _open(args: argparse.Namespace) -> _Staff | None:
    try:
        return _Staff(load_settings(args.config))
    except ConfigError as exc:
        print(f"kiosk: configuration error in {exc}", file=sys.stderr)
        return None


def _cmd_list(args: argparse.Namespace) -> int:
    from kiosk.receipts import CHINA_TIME

    staff = _open(args)
    if staff is None:
        return EXIT_CONFIG
    print(f"{'ID':<9} {'NAME':<12} {'ROLE':<11} {'CARD':<5} LOCKED UNTIL")
    for member in staff.registry.members:
        until = staff.auth.locked_until(member.staff_id)
        locked = until.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") if until else "-"
        card = "yes" if member.card_serial else "no"
        print(f"{member.staff_id:<9} {member.name:<12} {member.role.value:<11} {card:<5} {locked}")
    return 0


def _cmd_unlock(args: argparse.Namespace, read_secret: ReadSecret = getpass.getpass) -> int:
    import asyncio

    from kiosk.maintenance.roles import Role

    staff = _open(args)
    if staff is None:
        return EXIT_CONFIG
    by = staff.registry.member(args.by)
    if by is None or by.role != Role.TECHNICIAN:
        print(f"{args.by} is not a technician", file=sys.stderr)
        staff.audit.record(args.by, "unlock", target=args.staff_id, outcome="denied")
        return 1
    if staff.registry.member(args.staff_id) is None:
        print(f"no staff member {args.staff_id}", file=sys.stderr)
        return 1
    result = asyncio.run(staff.auth.check_pin(by.staff_id, read_secret(f"PIN of {by.staff_id}: ")))
    if result.member is None:
        print(
            "wrong PIN" if result.locked_until is None else "your account is locked",
            file=sys.stderr,
        )
        return 1
    if staff.auth.unlock(args.staff_id, by_staff_id=by.staff_id):
        print(f"{args.staff_id} unlocked")
    else:
        print(f"{args.staff_id} was not locked")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from kiosk.receipts import CHINA_TIME

    staff = _open(args)
    if staff is None:
        return EXIT_CONFIG
    for entry in staff.audit.entries(limit=args.limit):
        at = entry.at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")
        fields = [str(entry.seq), at, entry.staff_id or "-", entry.action, entry.target or "-"]
        print(" ".join([*fields, entry.outcome, entry.detail]).rstrip())
    if args.verify:
        broken = staff.audit.verify()
        if broken is not None:
            print(f"audit log BROKEN at entry {broken}", file=sys.stderr)
            return 1
        print("audit log intact")
    return 0
