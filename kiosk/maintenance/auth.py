"""Staff authentication: PIN check with a persisted lockout, and staff-card challenge-response.

PINs: `max_pin_attempts` wrong PINs in a row lock the staff id for `lockout_s` counted from the
last failure. The lock lives in the maintenance database (table `staff_lockout`), so a restart
does not lift it. While locked, even the right PIN is refused (and audited as "locked"): the
answer never tells an attacker whether the PIN was right. Argon2 runs in a worker thread so the
GUI never stalls, and an unknown staff id costs the same as a known one (a dummy hash with the
same parameters is verified) so ids cannot be probed by timing.

Staff cards: the terminal sends a fresh random 32-byte challenge; the card signs SHA-256(challenge
|| serial) with its private key; the terminal verifies with the public key registered for that
card's serial in the staff file. A cloned serial with another key fails the signature; a card
whose id file disagrees with the registration is refused.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from drivers.interfaces import DeviceError, SmartCardReader
from drivers.staff_card import CHALLENGE_SIZE, read_staff_card
from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.clock import Clock
from kiosk.config import MaintenanceSettings
from kiosk.maintenance.context import AuditTrail, FleetEvents, LoginResult, StaffMember
from kiosk.maintenance.staff import StaffRegistry, verify_pin

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_lockout (
    staff_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL,
    locked_until TEXT
);
"""


class StaffAuthenticator:
    """`context.Authenticator`: staff look-up, PIN check with lockout, staff-card check."""

    def __init__(
        self,
        registry: StaffRegistry,
        audit: AuditTrail,
        conn: sqlite3.Connection,
        clock: Clock,
        settings: MaintenanceSettings,
        fleet: FleetEvents | None = None,
    ) -> None:
        self._registry = registry
        self._audit = audit
        self._conn = conn
        self._clock = clock
        self._settings = settings
        self._fleet = fleet
        conn.executescript(_SCHEMA)
        # An unknown id is checked against a real member's hash (the answer is thrown away): the
        # same parameters, so the same time, and no hash to compute at start (0.1 s of Argon2).
        members = registry.members
        self._dummy_hash = members[0].pin_hash if members else None

    @property
    def registry(self) -> StaffRegistry:
        """The staff file as loaded."""
        return self._registry

    def member(self, staff_id: str) -> StaffMember | None:
        """The staff member with that id, if any."""
        return self._registry.member(staff_id)

    def locked_until(self, staff_id: str) -> datetime | None:
        """When the staff id's lock ends (UTC), if it is locked now."""
        _, until = self._lock_state(staff_id)
        if until is not None and self._clock.wall() < until:
            return until
        return None

    def failures(self, staff_id: str) -> int:
        """Wrong PINs in a row so far (0 after a lock expired)."""
        failures, until = self._lock_state(staff_id)
        if until is not None and self._clock.wall() >= until:
            return 0
        return failures

    async def check_pin(self, staff_id: str, pin: str, reauth: bool = False) -> LoginResult:
        """Check the PIN of `staff_id`; counts failures and locks; audited as "login" (or
        "reauth" when the same member confirms the PIN during a session)."""
        action = "reauth" if reauth else "login"
        limit = self._settings.max_pin_attempts
        member = self._registry.member(staff_id)
        if member is None:
            if self._dummy_hash is not None:
                await asyncio.to_thread(verify_pin, self._dummy_hash, pin)
            self._audit.record(staff_id, action, outcome="unknown_staff")
            return LoginResult(None, limit, None, unknown_staff=True)
        right = await asyncio.to_thread(verify_pin, member.pin_hash, pin)
        # the lock is read after the check: a concurrent failure recorded meanwhile counts
        now = self._clock.wall()
        failures, until = self._lock_state(staff_id)
        if until is not None and now < until:
            self._audit.record(staff_id, action, outcome="locked", detail=f"until {_iso(until)}")
            return LoginResult(None, 0, until)
        if until is not None:
            failures = 0  # the lock expired: a new count
        if right:
            self._conn.execute("DELETE FROM staff_lockout WHERE staff_id = ?", (staff_id,))
            self._audit.record(staff_id, action, outcome="ok")
            return LoginResult(member, limit, None)
        failures += 1
        locked = now + timedelta(seconds=self._settings.lockout_s) if failures >= limit else None
        self._conn.execute(
            "INSERT INTO staff_lockout (staff_id, failures, last_failure_at, locked_until)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures,"
            " last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
            (staff_id, failures, _iso(now), _iso(locked) if locked else None),
        )
        self._audit.record(staff_id, action, outcome="wrong_pin", detail=f"failures {failures}")
        if locked is not None:
            self._audit.record(
                staff_id, "locked_out", outcome="locked", detail=f"until {_iso(locked)}"
            )
            log.warning("staff %s locked out until %s after %d wrong PINs", staff_id, locked, limit)
            if self._fleet is not None:
                self._fleet.push(FleetEventKind.STAFF_LOCKED_OUT, detail=f"staff {staff_id}")
            return LoginResult(None, 0, locked)
        return LoginResult(None, limit - failures, None)

    async def authenticate_card(self, reader: SmartCardReader) -> StaffMember | None:
        """Challenge the staff card in `reader` and verify its answer; the member, or None
        (unreadable, unknown, forged, id mismatch); audited as card_ok / card_rejected."""
        challenge = secrets.token_bytes(CHALLENGE_SIZE)
        try:
            card = await read_staff_card(reader, challenge)
        except DeviceError as exc:
            self._audit.record(
                "", "card_login", outcome="card_rejected", detail=f"unreadable: {exc}"
            )
            return None
        member = self._registry.by_card(card.serial)
        reason: str | None = None
        if member is None or member.card_public_key is None:
            reason = "unknown card"
        elif card.staff_id != member.staff_id:
            reason = f"id mismatch (card says {card.staff_id})"
        elif not _signature_valid(member.card_public_key, card.signature, challenge, card.serial):
            reason = "forged (signature does not verify)"
        if reason is not None or member is None:
            staff_id = member.staff_id if member is not None else ""
            self._audit.record(
                staff_id,
                "card_login",
                target=card.serial,
                outcome="card_rejected",
                detail=reason or "",
            )
            return None
        self._audit.record(member.staff_id, "card_login", target=card.serial, outcome="card_ok")
        return member

    def unlock(self, staff_id: str, by_staff_id: str) -> bool:
        """Lift the lock (and the failure count) of `staff_id`; whether there was one. Audited
        under `by_staff_id` (the technician who asked)."""
        cursor = self._conn.execute("DELETE FROM staff_lockout WHERE staff_id = ?", (staff_id,))
        existed = cursor.rowcount > 0
        self._audit.record(
            by_staff_id, "unlock", target=staff_id, outcome="ok" if existed else "not_locked"
        )
        return existed

    def _lock_state(self, staff_id: str) -> tuple[int, datetime | None]:
        row = self._conn.execute(
            "SELECT failures, locked_until FROM staff_lockout WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        if row is None:
            return 0, None
        until = datetime.fromisoformat(row[1]) if row[1] else None
        return int(row[0]), until


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _signature_valid(public_pem: str, signature: bytes, challenge: bytes, serial: str) -> bool:
    key = load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        key.verify(signature, challenge + bytes.fromhex(serial), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
