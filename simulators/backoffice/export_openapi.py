"""Write the back-office contract, simulators/backoffice/openapi.json, from the app.

`python -m simulators.backoffice.export_openapi` rewrites it; `--check` exits 1 if it is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulators.backoffice.app import create_app

OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def render() -> str:
    """The OpenAPI document as committed: indented JSON, UTF-8, trailing newline."""
    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) the committed document."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
        if current != text:
            print(
                f"{OPENAPI_PATH} is stale: run python -m simulators.backoffice.export_openapi",
                file=sys.stderr,
            )
            return 1
        return 0
    OPENAPI_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {OPENAPI_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
