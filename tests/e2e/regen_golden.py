"""Rewrite the golden files after an intended change to the CLI's text.

Run: .venv/bin/python tests/e2e/regen_golden.py, then read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from hamcoach.catalog.loader import load_catalog
from hamcoach.cli.render import exercise_detail, exercise_table

GOLDEN = Path(__file__).parent / "golden"


def render(renderable: object) -> str:
    with open(os.devnull, "w") as sink:
        console = Console(width=100, color_system=None, record=True, file=sink)
        console.print(renderable)
        text = console.export_text()
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def main() -> None:
    catalog = load_catalog().catalog
    for exercise_id in ("bridge", "nordic-curl-eccentric"):
        body = render(exercise_detail(catalog, catalog.get(exercise_id)))
        (GOLDEN / f"show-{exercise_id}.txt").write_text(body, encoding="utf-8")
    table = exercise_table([catalog.get("bridge"), catalog.get("asmr-hamstrings")])
    (GOLDEN / "table-two.txt").write_text(render(table), encoding="utf-8")


if __name__ == "__main__":
    main()
