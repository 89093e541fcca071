"""`make run` plans for its own demo person: the user's plan, calendar file and default
person stay as they were, however often it runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from profiles import profile_data

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def recipe() -> list[str]:
    """The `run` target's command lines, with the Makefile's variables filled in."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+) :?= (.*)$", text, flags=re.M))
    body = re.search(r"^run:.*\n((?:\t.*\n)+)", text, flags=re.M)
    assert body is not None
    lines = [line.strip() for line in body.group(1).splitlines()]

    def expand(line: str) -> str:
        while "$(" in line:
            line = re.sub(
                r"\$\((\w+)\)", lambda m: str(BIN) if m[1] == "BIN" else variables[m[1]], line
            )
        return line

    return [expand(line) for line in lines]


def hamcoach(home: Path, *args: str) -> str:
    proc = subprocess.run(
        [str(BIN / "hamcoach"), *args], capture_output=True, text=True, check=False,
        env={**os.environ, "HAMCOACH_HOME": str(home)}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_make_run_never_replaces_the_users_plan(_isolated_home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "me.yaml"
    mine.write_text(yaml.safe_dump(profile_data(name="Real Person")), encoding="utf-8")
    hamcoach(_isolated_home, "plan", "create", "--profile", str(mine))
    own = json.loads(hamcoach(_isolated_home, "plan", "show", "--json"))["uid"]
    hamcoach(_isolated_home, "calendar", "export")
    calendar = (_isolated_home / "hamcoach.ics").read_bytes()
    lines = recipe()
    assert lines and all("--patient demo" in line for line in lines if "hamcoach" in line)
    env = {**os.environ, "HAMCOACH_HOME": str(_isolated_home)}
    for _ in range(2):  # and again: only the demo's plan is replaced
        for line in lines:
            proc = subprocess.run(
                line, shell=True, cwd=ROOT, env=env, capture_output=True, text=True,
                check=False, timeout=120,
            )  # fmt: skip
            assert proc.returncode == 0, line + "\n" + proc.stdout + proc.stderr
    assert json.loads(hamcoach(_isolated_home, "plan", "show", "--json"))["uid"] == own
    shown = json.loads(hamcoach(_isolated_home, "plan", "show", "--json"))
    assert shown["profile_name"] == "Real Person"  # no --patient needed: the demo never counts
    assert (_isolated_home / "hamcoach.ics").read_bytes() == calendar
    assert (_isolated_home / "hamcoach-demo.ics").exists()
    people = json.loads(hamcoach(_isolated_home, "patients", "list", "--json"))
    assert sorted(p["id"] for p in people) == ["demo", "real-person"]
    history = hamcoach(_isolated_home, "--patient", "demo", "plan", "history", "--json")
    assert [h["kind"] for h in json.loads(history)].count("created") == 2


def test_make_run_on_a_fresh_home_then_the_users_own_plan(
    _isolated_home: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "HAMCOACH_HOME": str(_isolated_home)}
    for line in recipe():
        proc = subprocess.run(
            line, shell=True, cwd=ROOT, env=env, capture_output=True, text=True,
            check=False, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, line + "\n" + proc.stdout + proc.stderr
    mine = tmp_path / "me.yaml"
    mine.write_text(yaml.safe_dump(profile_data(name="Real Person")), encoding="utf-8")
    out = hamcoach(_isolated_home, "plan", "create", "--profile", str(mine))
    assert "archived" not in out  # the demo's plan is not the user's previous plan
    assert json.loads(hamcoach(_isolated_home, "plan", "show", "--json"))["profile_name"] == (
        "Real Person"
    )
