"""The README's examples run as written, in order, on a fresh home; and the README names
no file outside the repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from pdfpages import read_pdf

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
INTERACTIVE = {
    "hamcoach start": "asks the intake's questions one by one (tests/e2e/test_intake.py)",
    "hamcoach session": "a guided session waits for answers (tests/e2e/test_cli_training.py)",
    "hamcoach serve": "a server runs until it is stopped (tests/e2e/test_cli_web.py)",
}
"""Commands the README shows that need a person at the keyboard, and where they are
tested instead."""


def examples() -> list[str]:
    """Every command line in the README's sh blocks that runs hamcoach."""
    text = README.read_text(encoding="utf-8")
    lines = [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
    ]
    return [line for line in lines if re.match(r"^(\w+=\S+\s+)*hamcoach\b", line)]


def test_every_readme_example_runs_as_written(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "hamcoach").exists():
        pytest.fail(f"no hamcoach script beside {sys.executable}; install the package first")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HAMCOACH_HOME": str(tmp_path / "home"),
        "HAMCOACH_TIMER_SCALE": "0",
    }
    env.pop("HAMCOACH_PATIENT", None)
    ran, skipped = [], []
    for line in examples():
        command = line.split("#")[0].strip()
        if command in INTERACTIVE:
            skipped.append(command)
            continue
        proc = subprocess.run(
            ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, f"{line}\nexit {proc.returncode}\n{proc.stdout}{proc.stderr}"
        assert "Traceback" not in proc.stderr, line
        ran.append(command)
    assert sorted(skipped) == sorted(INTERACTIVE)  # each skipped one is still in the README
    assert len(ran) >= 30
    # what the examples wrote is there
    # what the examples wrote is what it says it is, parsed
    schema = json.loads((tmp_path / "profile.schema.json").read_text(encoding="utf-8"))
    assert schema["type"] == "object" and "schedule" in schema["properties"]
    cal = Calendar.from_ical((tmp_path / "my-plan.ics").read_bytes())
    assert len(cal.walk("VEVENT")) >= 10
    assert (tmp_path / "progress.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    backup = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    assert backup["format"] == "hamcoach-export" and backup["tables"]["plans"]
    assert (tmp_path / "other-home" / "hamcoach.db").exists()
    handout = read_pdf(tmp_path / "demo-handout.pdf")
    assert "For Sam Demo" in handout[0].text and len(handout) > 5
    assert {p.size for p in read_pdf(tmp_path / "knee-pain-five.pdf")} == {(612, 792)}


def test_readme_points_at_nothing_outside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
    paths = set(re.findall(r"`([\w./-]+/[\w./-]*)`", text))
    paths |= set(re.findall(r"\]\(([^)#:]+)\)", text))  # markdown links
    missing = [
        p
        for p in sorted(paths)
        if not p.startswith(("$", ".venv", "build/"))  # made by the Makefile or the tests
        and not any((base / p.rstrip("/")).exists() for base in (ROOT, ROOT / "src" / "hamcoach"))
    ]
    assert not missing, f"README names files not in the repository: {missing}"
