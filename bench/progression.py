"""Progression speed: the next dose from a year of one person's logs, and
`hamcoach today` cold start, next to baselines measured in the same run.

Run: make bench (or .venv/bin/python bench/progression.py).
Targets on the 2-core machine: a decision under 50 ms; `today` under 200 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet, next_prescription

ROOT = Path(__file__).resolve().parents[1]
DEMO = str(ROOT / "examples" / "demo-profile.yaml")


def year_of_logs(exercise: str) -> tuple[list[ExerciseLog], list[CheckIn]]:
    start = dt.date(2025, 1, 6)
    logs, checkins = [], []
    for k in range(156):  # three sessions a week for a year
        day = start + dt.timedelta(days=k * 7 // 3)
        sets = tuple(LoggedSet(reps=10, rpe=7) for _ in range(3))
        logs.append(ExerciseLog(exercise, day, sets, pain=2))
        checkins.append(CheckIn(day + dt.timedelta(days=1), 1))
    return logs, checkins


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    catalog = load_catalog().catalog
    ex = catalog.get("bridge")
    current = Prescription("bridge", ex.name, ex.category, sets=3, reps=10)
    logs, checkins = year_of_logs("bridge")

    def decide() -> None:
        next_prescription(current, logs, checkins, catalog=catalog, baseline_pain=2)

    def baseline() -> None:
        sorted(logs * 5, key=lambda log: log.on)

    print(
        f"decision from a year of logs ({len(logs)} sessions, {len(checkins)} check-ins): "
        f"{median_ms(decide, 200):.3f} ms; baseline, sorting {len(logs) * 5} logs: "
        f"{median_ms(baseline, 50):.3f} ms"
    )

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HAMCOACH_HOME": home}
        py = sys.executable
        ham = [py, "-m", "hamcoach"]
        create = [*ham, "plan", "create", "--profile", DEMO, "--start-date", "today"]
        subprocess.run(create, env=env, check=True, capture_output=True)
        snap = Path(home) / "cache" / "today.json"

        def run(cmd: list[str]) -> None:
            subprocess.run(
                cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )

        def today_after_a_change() -> None:
            snap.unlink(missing_ok=True)
            run([*ham, "today"])

        print(f"python -c pass (baseline): {median_ms(lambda: run([py, '-c', 'pass']), 15):.1f} ms")
        print(f"hamcoach today, cold start: {median_ms(lambda: run([*ham, 'today']), 15):.1f} ms")
        print(
            "hamcoach today right after a change (reads SQLite through SQLAlchemy): "
            f"{median_ms(today_after_a_change, 10):.1f} ms"
        )


if __name__ == "__main__":
    main()
