"""Starting or finding pcscd with the virtual reader (vsmartcard vpcd) for simulated cards.

There is one pcscd per machine (its client socket is always /run/pcscd/pcscd.comm). vpcd in its
forward mode listens for the card on 0.0.0.0:<port>; the team rule is that we listen on loopback
only, so we start pcscd inside its own network namespace (`unshare --net`): vpcd's listener is then
reachable only from inside that namespace, and the card simulator opens its socket from a thread
that entered it (`connect_vpcd`). vpcd's reverse mode would avoid the listener but crashes this
pcscd as soon as the card side is not listening, so it is not used.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_PORT = 35963  # 0x8C7B, vpcd's usual CHANNELID
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SYSTEM_PID_FILE = Path("/run/pcscd/pcscd.pid")
CLONE_NEWNET = 0x40000000
READER_PREFIX = "Virtual PCD"


class PcscdError(RuntimeError):
    """pcscd could not be started or found; the message says why and what to install."""


@dataclass(frozen=True)
class PcscdInfo:
    """A running pcscd with a vpcd reader the card simulator can reach."""

    pid: int | None  # None when the daemon's pid is unknown
    port: int  # vpcd's port for slot 0 (slot 1 is port + 1)
    netns: Path | None  # /proc/<pid>/ns/net when pcscd has its own network namespace
    started_here: bool
    readers: tuple[str, ...]


def _alive(pid: int) -> bool:
    """Whether `pid` is a running pcscd (a zombie, killed but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    name, _, rest = stat.partition(") ")
    return name.endswith("(pcscd") and not rest.startswith(("Z", "X"))


def _reap(pid: int) -> None:
    # our own child stays a zombie until waited for
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _own_netns(pid: int) -> Path | None:
    """`/proc/<pid>/ns/net` if that process lives in another network namespace than ours."""
    theirs = Path(f"/proc/{pid}/ns/net")
    try:
        if os.readlink(theirs) == os.readlink("/proc/self/ns/net"):
            return None
    except OSError:
        return None
    return theirs


def _find_pcscd() -> int | None:
    pid = _read_pid(SYSTEM_PID_FILE)
    if pid is not None and _alive(pid):
        return pid
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _alive(int(entry.name)):
            return int(entry.name)
    return None


def _configured_port(pid: int, default: int) -> int:
    """The vpcd CHANNELID of a running pcscd, from the reader.conf.d folder on its command line."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return default
    folder = Path("/etc/reader.conf.d")
    for flag, value in itertools.pairwise(args):
        if flag in (b"-c", b"--config"):
            folder = Path(os.fsdecode(value))
    try:
        files = sorted(folder.iterdir())
    except OSError:
        return default
    for conf in files:
        try:
            text = conf.read_text(errors="replace")
        except OSError:
            continue
        if "libifdvpcd" not in text:
            continue
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "CHANNELID":
                try:
                    return int(parts[1], 0)
                except ValueError:
                    continue
    return default


def list_virtual_readers() -> tuple[str, ...]:
    """The vpcd readers pcscd lists now (empty if pcscd is not answering)."""
    from smartcard.scard import (
        SCARD_S_SUCCESS,
        SCARD_SCOPE_USER,
        SCardEstablishContext,
        SCardListReaders,
        SCardReleaseContext,
    )

    result, context = SCardEstablishContext(SCARD_SCOPE_USER)
    if result != SCARD_S_SUCCESS:
        return ()
    try:
        result, readers = SCardListReaders(context, [])
        if result != SCARD_S_SUCCESS:
            return ()
        return tuple(r for r in readers if r.startswith(READER_PREFIX))
    finally:
        SCardReleaseContext(context)


def _wait_for_readers(pid: int | None, timeout_s: float) -> tuple[str, ...]:
    deadline = time.monotonic() + timeout_s
    while True:
        readers = list_virtual_readers()
        if readers:
            return readers
        if pid is not None and not _alive(pid):
            raise PcscdError(f"pcscd (pid {pid}) exited before listing the virtual reader")
        if time.monotonic() > deadline:
            raise PcscdError(f"pcscd lists no '{READER_PREFIX}' reader after {timeout_s:.0f} s")
        # pcscd needs a moment to load the driver; nothing to wait on but its reader list
        time.sleep(0.05)


def _write_reader_conf(conf_dir: Path, port: int) -> None:
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "vpcd").write_text(
        f'FRIENDLYNAME "{READER_PREFIX}"\n'
        f"DEVICENAME   /dev/null:{port:#x}\n"
        f"LIBPATH      {VPCD_DRIVER}\n"
        f"CHANNELID    {port:#x}\n"
    )


def _start(run_dir: Path, port: int) -> tuple[int, bool]:
    """Start pcscd; returns its pid and whether it has its own network namespace."""
    pcscd = shutil.which("pcscd") or (
        "/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None
    )
    if pcscd is None:
        raise PcscdError("pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)")
    if not VPCD_DRIVER.exists():
        raise PcscdError(f"{VPCD_DRIVER} is missing (Debian: apt-get install vsmartcard-vpcd)")
    conf_dir = run_dir / "reader.conf.d"
    _write_reader_conf(conf_dir, port)
    command = [pcscd, "-f", "-c", str(conf_dir)]
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    isolated = unshare is not None and ip is not None and _can_unshare(unshare)
    if isolated:
        assert unshare is not None and ip is not None
        script = f'{ip} link set lo up && exec "$@"'
        command = [unshare, "--net", "sh", "-c", script, "pcscd", *command]
    else:
        log.warning(
            "cannot make a network namespace (need root, unshare and iproute2's ip): pcscd runs "
            "in ours, and vpcd listens on 0.0.0.0:%d, reachable from the network",
            port,
        )
    log_file = (run_dir / "pcscd.log").open("ab")
    try:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        log_file.close()
    (run_dir / "pcscd.pid").write_text(f"{process.pid}\n")
    # exec keeps the pid: unshare runs sh, which execs pcscd
    deadline = time.monotonic() + 5.0
    while not _alive(process.pid):
        if process.poll() is not None:
            raise PcscdError(
                f"pcscd exited with status {process.returncode}; see {run_dir / 'pcscd.log'}"
            )
        if time.monotonic() > deadline:
            raise PcscdError("pcscd did not start within 5 s")
        time.sleep(0.02)
    return process.pid, isolated


def _can_unshare(unshare: str) -> bool:
    try:
        done = subprocess.run(
            [unshare, "--net", "true"], capture_output=True, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


_lock = threading.Lock()


def ensure_pcscd(run_dir: Path, port: int = DEFAULT_PORT, timeout_s: float = 10.0) -> PcscdInfo:
    """A pcscd with the virtual reader: ours from `run_dir` if alive, any other running one reused
    as is, or a new one started in its own network namespace. Returns once pcscd lists the
    "Virtual PCD" readers; raises `PcscdError` with the reason otherwise."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    with _lock:
        ours = _read_pid(run_dir / "pcscd.pid")
        if ours is not None and _alive(ours):
            readers = _wait_for_readers(ours, timeout_s)
            port = _configured_port(ours, port)
            return PcscdInfo(ours, port, _own_netns(ours), True, readers)
        running = _find_pcscd()
        if running is not None:
            port = _configured_port(running, port)
            netns = _own_netns(running)
            log.info(
                "reusing the running pcscd (pid %d, vpcd port %d%s)",
                running,
                port,
                ", in its own network namespace" if netns else "",
            )
            return PcscdInfo(running, port, netns, False, _wait_for_readers(running, timeout_s))
        pid, isolated = _start(run_dir, port)
        netns = Path(f"/proc/{pid}/ns/net") if isolated else None
        log.info("started pcscd (pid %d, vpcd port %d)", pid, port)
        return PcscdInfo(pid, port, netns, True, _wait_for_readers(pid, timeout_s))


def stop_pcscd(run_dir: Path, timeout_s: float = 5.0) -> bool:
    """Stop the pcscd started from `run_dir` (never another one); False if none was running."""
    pid_file = Path(run_dir) / "pcscd.pid"
    pid = _read_pid(pid_file)
    pid_file.unlink(missing_ok=True)
    if pid is None or not _alive(pid):
        return False
    os.kill(pid, 15)
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.02)
    if _alive(pid):
        os.kill(pid, 9)
    _reap(pid)
    return True


def _no_delay(sock: socket.socket) -> socket.socket:
    # One small answer per APDU, each to be sent at once (the other half of the latency fix is
    # the quick ACK in prepaid_card/vicc.py).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def connect_vpcd(info: PcscdInfo | None, port: int, timeout_s: float = 2.0) -> socket.socket:
    """A TCP connection to vpcd's `port` on 127.0.0.1, opened inside pcscd's network namespace
    when it has one. Raises OSError if vpcd is not listening."""
    netns = info.netns if info is not None else None
    if netns is None:
        return _no_delay(socket.create_connection(("127.0.0.1", port), timeout=timeout_s))
    result: list[socket.socket | BaseException] = []

    def in_namespace() -> None:
        # setns changes only this thread, and a socket keeps the namespace it was made in
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            with open(netns, "rb") as handle:
                if libc.setns(handle.fileno(), CLONE_NEWNET) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"setns({netns}): {os.strerror(err)}")
            result.append(
                _no_delay(socket.create_connection(("127.0.0.1", port), timeout=timeout_s))
            )
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=in_namespace, name="vpcd-netns", daemon=True)
    thread.start()
    thread.join()
    outcome = result[0]
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome
