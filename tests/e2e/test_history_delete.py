"""`hamcoach history delete ID` as a person meets it (issue 8): the history shows each
entry's id, a wrong entry is deleted after a yes on a terminal (or with --yes), the doses
are worked out again and the command says what changed, the calendar file follows, and
an id that is not the person's is refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from icalendar import Calendar

from profiles import profile_data

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=6)
DAYS = [(START + dt.timedelta(days=n)).isoformat() for n in range(4)]
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "HAMCOACH_HOME": str(home), "HAMCOACH_TIMER_SCALE": "0"}


def run(home: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        capture_output=True, text=True, env=env(home), timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == code, (args, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def on_terminal(home: Path, answer: str, *args: str) -> tuple[str, int]:
    """Run hamcoach on a terminal (a pty), typing ``answer`` ahead."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hamcoach", *args],
        stdin=slave, stdout=slave, stderr=slave, env={**env(home), "TERM": "xterm"},
    )  # fmt: skip
    os.close(slave)
    os.write(master, (answer + "\n").encode())
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return " ".join(out.decode(errors="replace").split()), proc.wait(timeout=60)


def history(home: Path, who: str | None = None) -> list[dict[str, Any]]:
    patient = ["--patient", who] if who else []
    rows: list[dict[str, Any]] = json.loads(run(home, *patient, "history", "--json").stdout)
    return rows


def make_plan(home: Path, tmp_path: Path, name: str = "Test Person") -> None:
    data = profile_data(name=name, schedule={"start_date": START.isoformat(), "days": EVERY_DAY})
    path = tmp_path / f"{name.split()[0]}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run(home, "plan", "create", "--profile", str(path))


def next_bridge(home: Path) -> str:
    item = next(i for i in json.loads(run(home, "today", "--json").stdout)["items"]
                if i["exercise_id"] == "bridge")  # fmt: skip
    return str(item["dose"])


def calendar_bridges(ics: Path) -> set[str]:
    """The bridge doses the calendar file's sessions still to come show."""
    out = set()
    for event in Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
        if event.decoded("dtstart").date() >= TODAY:
            for line in str(event["DESCRIPTION"]).splitlines():
                if line.startswith("- Bridge: "):
                    out.add(line.removeprefix("- Bridge: "))
    return out


def test_deleting_a_red_pain_log_undoes_its_step_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_plan(home, tmp_path)
    run(home, "log", "bridge", "--reps", "10,10", "--pain", "1", "--date", DAYS[0])
    run(home, "checkin", "--pain", "1", "--date", DAYS[1])
    assert next_bridge(home) == "2 x 11 reps"
    ics = tmp_path / "plan.ics"
    run(home, "calendar", "export", "-o", str(ics))
    run(home, "log", "bridge", "--reps", "11,11", "--pain", "8", "--date", DAYS[2])
    assert next_bridge(home) == "2 x 10 reps" and calendar_bridges(ics) == {"2 x 10 reps"}

    rows = history(home)
    log_id, checkin_id, red_id = (r["id"] for r in rows)
    assert checkin_id == f"checkin-{DAYS[1]}" and log_id.startswith("log-")
    listing = run(home, "history").stdout.splitlines()
    assert listing == [
        f"{log_id}  {DAYS[0]}  bridge: 10, 10 reps; pain 1/10",
        f"{checkin_id}  check-in: pain 1/10",
        f"{red_id}  {DAYS[2]}  bridge: 11, 11 reps; pain 8/10",
    ]
    what = f"the bridge log of {DAYS[2]} (2 sets, pain 8/10)"

    # a "no" on the terminal keeps it, as the end of the input does
    out, code = on_terminal(home, "n", "history", "delete", red_id)
    assert code == 0 and f"Delete {what}? (y/N): Nothing deleted." in out
    # no terminal and no --yes: refused, nothing asked
    proc = run(home, "history", "delete", red_id, code=2)
    assert proc.stderr.splitlines() == [
        f"error: history delete: the input is not a terminal, so it cannot ask first; to "
        f"delete {what}, run it again with --yes: hamcoach history delete {red_id} --yes"
    ]
    assert history(home) == rows

    out = run(home, "history", "delete", red_id, "--yes").stdout
    assert out.splitlines()[:3] == [
        f"Deleted {what}, {red_id}; the plan was worked out again without it.",
        "With this entry gone, these upcoming doses changed:",
        "  Bridge: 2 x 10 reps -> 2 x 11 reps",
    ]
    assert f"Calendar updated: {ics}" in " ".join(out.split())
    assert next_bridge(home) == "2 x 11 reps" and calendar_bridges(ics) == {"2 x 11 reps"}
    assert history(home) == rows[:2]
    events = json.loads(run(home, "plan", "history", "--json").stdout)
    assert [(e["kind"], e["message"]) for e in events if e["kind"] == "deleted"] == [
        ("deleted", f"Deleted {what}, {red_id}.")
    ]

    # a yes on the terminal deletes; without the check-in the progress waits for one again
    out, code = on_terminal(home, "y", "history", "delete", checkin_id)
    assert code == 0, out
    assert f"Delete the check-in of {DAYS[1]} (pain 1/10)? (y/N): Deleted" in out
    assert "Bridge: 2 x 11 reps -> 2 x 10 reps" in out
    assert [r["id"] for r in history(home)] == [log_id]


def test_an_id_that_is_not_the_persons_is_unknown(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_plan(home, tmp_path)
    run(home, "patients", "add", "Ben Example", "--id", "ben")
    make_plan_for_ben = profile_data(name="Ben Example",
                                     schedule={"start_date": START.isoformat()})  # fmt: skip
    path = tmp_path / "ben.yaml"
    path.write_text(yaml.safe_dump(make_plan_for_ben), encoding="utf-8")
    run(home, "--patient", "ben", "plan", "create", "--profile", str(path))
    run(home, "--patient", "ben", "log", "bridge", "--reps", "10,10", "--pain", "1",
        "--date", START.isoformat())  # fmt: skip
    (ben_log,) = history(home, "ben")
    me = next(p["id"] for p in json.loads(run(home, "patients", "list", "--json").stdout)
              if p["id"] != "ben")  # fmt: skip
    for wrong in (ben_log["id"], "log-424242", "bridge", f"checkin-{DAYS[1]}"):
        proc = run(home, "--patient", me, "history", "delete", wrong, "--yes", code=2)
        assert proc.stderr.splitlines() == [
            f"error: no entry '{wrong}' in Test Person's history (ids look like log-12 or "
            "checkin-2026-11-24)",
            "See each entry's id with 'hamcoach history'.",
        ]
    assert history(home, "ben") == [ben_log]
