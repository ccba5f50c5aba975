"""The effective configuration for the technician's screen, with anything secret-looking removed."""

from __future__ import annotations

import re

from kiosk.config import Settings, dump_settings

SECRET_WORDS = ("key", "secret", "token", "password", "passwd", "pin", "credential")
NOT_SECRET = frozenset({"max_pin_attempts"})  # a limit, not a PIN
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_\-\"]+)\s*=")


def is_secret_key(key: str) -> bool:
    """A key named like a secret (*key*, *secret*, *token*, *password*, *pin*)."""
    key = key.strip('"').lower()
    return key not in NOT_SECRET and any(word in key for word in SECRET_WORDS)


def config_text(settings: Settings) -> str:
    """The configuration as TOML: secret-looking values hidden, the staff file named (its
    content, PIN hashes and card keys, is never shown)."""
    out = [
        "# Effective configuration (values that look secret are hidden).",
        f"# Staff file: {settings.resolve(settings.maintenance.staff_file)} (content not shown)",
        "",
    ]
    for line in dump_settings(settings).splitlines():
        match = _ASSIGNMENT.match(line)
        if match and is_secret_key(match.group(1)):
            out.append(f"# {match.group(1)} = (hidden)")
        else:
            out.append(line)
    return "\n".join(out) + "\n"
