"""The fleet page (GET /fleet): every terminal's health on one HTML page for the support desk.

Plain HTML refreshed by a meta tag every 10 s, no script. Every text that came from a terminal
(ids, device names, details) is escaped: a terminal is not trusted to send markup.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from simulators.backoffice.fleet import FleetTerminal, TerminalHealth

REFRESH_S = 10
_COLOURS = {
    TerminalHealth.OK: "#2e7d32",
    TerminalHealth.WARNING: "#f9a825",
    TerminalHealth.DOWN: "#c62828",
}
_STYLE = """
body { font-family: sans-serif; margin: 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
.health { color: #fff; font-weight: bold; }
ul { margin: 0; padding-left: 1.2em; }
.lost { color: #c62828; }
"""


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def _list(items: list[str]) -> str:
    if not items:
        return "–"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _devices(terminal: FleetTerminal) -> str:
    if terminal.heartbeat is None:
        return "–"
    shown = []
    for device in terminal.heartbeat.devices:
        status = ", ".join(f"{k} {v}" for k, v in sorted(device.status.items()))
        text = f"<b>{escape(device.name)}</b>: {escape(device.state)}"
        if status:
            text += f" ({escape(status)})"
        if device.last_error:
            when = device.last_error_at.isoformat() if device.last_error_at else ""
            text += f"<br>last error: {escape(device.last_error)} {escape(when)}"
        shown.append(text)
    return _list(shown)


def _counters(terminal: FleetTerminal) -> str:
    if terminal.heartbeat is None:
        return "–"
    counters = terminal.heartbeat.counters
    return _list([f"{escape(k)}: {v}" for k, v in sorted(counters.items())])


def _events(terminal: FleetTerminal) -> str:
    shown = [
        f"#{e.seq} {escape(e.at.isoformat(timespec='seconds'))} {escape(e.kind.value)}"
        + (f" {escape(e.device)}" if e.device else "")
        + (f": {escape(e.detail)}" if e.detail else "")
        for e in reversed(terminal.last_events)
    ]
    shown.extend(
        f'<span class="lost">events lost: {gap.count} (seq {gap.first_seq}–{gap.last_seq})</span>'
        for gap in terminal.events_lost
    )
    return _list(shown)


def _reconciliation(terminal: FleetTerminal) -> str:
    last = terminal.last_reconciliation
    if last is None:
        return "–"
    outcome = "balanced" if last.balanced else f"{last.differences} differences"
    return f"{escape(last.day)}: {outcome}"


def _row(terminal: FleetTerminal) -> str:
    beat = terminal.heartbeat
    colour = _COLOURS[terminal.health]
    reasons = "".join(f"<br>{escape(r)}" for r in terminal.reasons)
    cells = [
        escape(terminal.terminal_id),
        escape(beat.kind) if beat else "–",
        escape(beat.version) if beat else "–",
        escape(beat.mode.value) if beat else "–",
        f'<span class="health" style="background:{colour}">{terminal.health.value}</span>'
        + reasons,
        _age(terminal.heartbeat_age_s),
        _devices(terminal),
        _counters(terminal),
        _events(terminal),
        _reconciliation(terminal),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def render_fleet_page(terminals: list[FleetTerminal], now: datetime) -> str:
    """The whole page."""
    header = "".join(
        f"<th>{name}</th>"
        for name in (
            "terminal",
            "kind",
            "version",
            "mode",
            "health",
            "last heartbeat",
            "devices",
            "counters",
            "last 10 events",
            "last reconciliation",
        )
    )
    body = "".join(_row(t) for t in terminals) or '<tr><td colspan="10">no terminals yet</td></tr>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{REFRESH_S}">'
        "<title>Fleet: hall terminals</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Hall terminals</h1><p>As of {escape(now.isoformat(timespec='seconds'))}, "
        f"{len(terminals)} terminals.</p>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>\n"
    )
