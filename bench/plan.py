"""Planning speed: building a 5-week plan with the catalog already loaded.

Run: make bench (or .venv/bin/python bench/plan.py). Target: under 20 ms.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from hamcoach.catalog.loader import load_catalog
from hamcoach.domain.program import build_program
from hamcoach.domain.scheduling import place_sessions
from hamcoach.domain.screening import screen
from hamcoach.intake.schema import load_profile_file

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-profile.yaml"


def main(runs: int = 200) -> None:
    catalog = load_catalog().catalog
    profile = load_profile_file(DEMO).to_domain()
    days = {d.number for d in profile.availability.days}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = screen(profile)
        program = build_program(profile, result, catalog)
        place_sessions(
            len(program.sessions),
            start=profile.start_date,
            days=days,
            at=profile.availability.at,
            per_week=profile.availability.sessions_per_week,
        )
        times.append((time.perf_counter() - start) * 1000)
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        sum(range(1000))
        baseline.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    p95 = sorted(times)[int(runs * 0.95)]
    print(f"5-week plan (screen + build + schedule), median of {runs}: {median:.2f} ms")
    print(f"  p95 {p95:.2f} ms; baseline sum(range(1000)): {statistics.median(baseline):.3f} ms")
    print(f"  {len(program.sessions)} sessions, {len(program.exercise_ids())} exercises")


if __name__ == "__main__":
    main()
