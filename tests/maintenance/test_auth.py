"""PIN checks with a persisted lockout, and staff-card challenge-response through the real driver
code talking APDUs to the simulated staff cards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.backoffice.fleet_models import FleetEventKind
from kiosk.maintenance.audit import AuditLog
from kiosk.maintenance.auth import StaffAuthenticator
from kiosk.maintenance.staff import StaffRegistry
from kiosk.maintenance.store import open_store
from tests.maintenance.fakes import START, CardInReader, FakeFleet, demo_members, staff_context

WRONG = "000000"


def outcomes(audit: AuditLog, action: str = "login") -> list[str]:
    return [e.outcome for e in audit.entries(limit=1000) if e.action == action]


async def test_right_pin_logs_in_and_is_audited(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    result = await parts.auth.check_pin("2001", "135790")
    assert result.member is not None and result.member.staff_id == "2001"
    assert result.attempts_left == 5 and result.locked_until is None
    assert outcomes(parts.audit) == ["ok"]


async def test_wrong_pins_count_down_then_lock_for_30_minutes(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    left = [(await parts.auth.check_pin("1001", WRONG)).attempts_left for _ in range(4)]
    assert left == [4, 3, 2, 1]
    parts.clock.advance(100)  # the lock counts from the last failure
    fifth = await parts.auth.check_pin("1001", WRONG)
    assert fifth.member is None and fifth.attempts_left == 0
    assert fifth.locked_until == START + timedelta(seconds=100 + 1800)
    assert parts.fleet.kinds() == [FleetEventKind.STAFF_LOCKED_OUT]
    assert outcomes(parts.audit) == ["wrong_pin"] * 5
    assert outcomes(parts.audit, "locked_out") == ["locked"]

    parts.clock.advance(1799)  # 29:59 after the last failure: the right PIN is still refused
    still = await parts.auth.check_pin("1001", "246810")
    assert still.member is None and still.locked_until == fifth.locked_until
    assert outcomes(parts.audit)[-1] == "locked"

    parts.clock.advance(1)  # 30:00
    assert parts.auth.locked_until("1001") is None
    back = await parts.auth.check_pin("1001", "246810")
    assert back.member is not None and back.attempts_left == 5
    assert parts.auth.failures("1001") == 0


async def test_a_wrong_pin_while_locked_does_not_extend_the_lock(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(5):
        await parts.auth.check_pin("1001", WRONG)
    until = parts.auth.locked_until("1001")
    parts.clock.advance(600)
    await parts.auth.check_pin("1001", WRONG)
    assert parts.auth.locked_until("1001") == until


async def test_after_the_lock_expires_a_wrong_pin_starts_a_new_count(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(5):
        await parts.auth.check_pin("1001", WRONG)
    parts.clock.advance(1800)
    result = await parts.auth.check_pin("1001", WRONG)
    assert result.attempts_left == 4 and result.locked_until is None


async def test_a_right_pin_resets_the_count(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(4):
        await parts.auth.check_pin("1001", WRONG)
    assert (await parts.auth.check_pin("1001", "246810")).member is not None
    assert (await parts.auth.check_pin("1001", WRONG)).attempts_left == 4


async def test_the_lock_survives_a_restart(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(5):
        await parts.auth.check_pin("3001", WRONG)
    conn = open_store(parts.db)  # a new process: new connection, new authenticator
    restarted = StaffAuthenticator(
        StaffRegistry(demo_members()),
        AuditLog(conn, parts.clock),
        conn,
        parts.clock,
        parts.ctx.settings.maintenance,
        FakeFleet(),
    )
    parts.clock.advance(1799)
    assert (await restarted.check_pin("3001", "975310")).locked_until is not None
    parts.clock.advance(1)
    assert (await restarted.check_pin("3001", "975310")).member is not None


async def test_unknown_staff_is_told_apart_and_never_locks(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(7):
        result = await parts.auth.check_pin("9999", WRONG)
        assert result.unknown_staff and result.member is None and result.locked_until is None
    assert outcomes(parts.audit) == ["unknown_staff"] * 7
    assert parts.fleet.events == []


async def test_unknown_staff_costs_a_real_hash_check(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kiosk.maintenance.auth as auth_module

    checked: list[str] = []
    real = auth_module.verify_pin

    def spy(pin_hash: str, pin: str) -> bool:
        checked.append(pin_hash.rsplit("$", 2)[0])  # the parameters
        return real(pin_hash, pin)

    monkeypatch.setattr(auth_module, "verify_pin", spy)
    parts = staff_context(tmp_path)
    await parts.auth.check_pin("9999", WRONG)
    await parts.auth.check_pin("1001", WRONG)
    member = parts.auth.member("1001")
    assert member is not None
    # the dummy hash has the members' parameters, so both checks cost the same
    params = member.pin_hash.rsplit("$", 2)[0]
    assert checked == [params, params]


async def test_unlock_lifts_a_lock_and_is_audited(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    for _ in range(5):
        await parts.auth.check_pin("1001", WRONG)
    assert parts.auth.unlock("1001", by_staff_id="3001")
    assert parts.auth.locked_until("1001") is None
    assert (await parts.auth.check_pin("1001", "246810")).member is not None
    assert not parts.auth.unlock("1001", by_staff_id="3001")
    unlocks = [
        (e.staff_id, e.target, e.outcome) for e in parts.audit.entries() if e.action == "unlock"
    ]
    assert unlocks == [("3001", "1001", "ok"), ("3001", "1001", "not_locked")]


async def test_reauth_is_audited_as_such(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    await parts.auth.check_pin("2001", WRONG, reauth=True)
    await parts.auth.check_pin("2001", "135790", reauth=True)
    assert outcomes(parts.audit, "reauth") == ["wrong_pin", "ok"]


# -- staff cards --------------------------------------------------------------------------------


async def test_a_genuine_card_gives_its_member(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    reader = CardInReader.named("staff-supervisor")
    member = await parts.auth.authenticate_card(reader)
    assert member is not None and member.staff_id == "2001"
    assert not reader.connected  # the driver closed the session
    assert reader.card is not None and reader.card.authentications == 1
    challenge = reader.apdus[-1][5:37]
    assert len(challenge) == 32
    assert outcomes(parts.audit, "card_login") == ["card_ok"]


async def test_each_login_uses_a_fresh_challenge(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    reader = CardInReader.named("staff-operator")
    await parts.auth.authenticate_card(reader)
    await parts.auth.authenticate_card(reader)
    challenges = [apdu[5:37] for apdu in reader.apdus if apdu[1] == 0x88]
    assert len(challenges) == 2 and challenges[0] != challenges[1]


async def test_a_forged_card_is_rejected(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    assert await parts.auth.authenticate_card(CardInReader.named("staff-forged")) is None
    entry = parts.audit.entries()[-1]
    assert (entry.action, entry.outcome, entry.staff_id) == ("card_login", "card_rejected", "2001")
    assert entry.detail.startswith("forged")


async def test_an_unregistered_card_is_rejected(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    assert await parts.auth.authenticate_card(CardInReader.named("staff-unregistered")) is None
    entry = parts.audit.entries()[-1]
    assert (entry.outcome, entry.detail) == ("card_rejected", "unknown card")


async def test_a_card_whose_id_file_disagrees_is_rejected(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    # the operator's genuine serial and key, but its id file says 2001 (the supervisor)
    reader = CardInReader.claiming("staff-operator", "2001")
    assert await parts.auth.authenticate_card(reader) is None
    entry = parts.audit.entries()[-1]
    assert entry.outcome == "card_rejected" and entry.detail.startswith("id mismatch")


async def test_a_card_pulled_out_is_rejected(tmp_path: Path) -> None:
    parts = staff_context(tmp_path)
    assert await parts.auth.authenticate_card(CardInReader(None)) is None
    entry = parts.audit.entries()[-1]
    assert entry.outcome == "card_rejected" and entry.detail.startswith("unreadable")
