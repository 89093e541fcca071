"""Cold-start and catalog-load figures, printed next to a `python -c pass` baseline.

Run: make bench (or .venv/bin/python bench/startup.py [--runs N]).
Targets on the 2-core dev machine: `exercises show` under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_ms(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def in_process_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HAMCOACH_HOME": home}
        py = sys.executable
        hamcoach = [py, "-m", "hamcoach"]
        subprocess.run([*hamcoach, "exercises", "list"], env=env, capture_output=True, check=True)
        profile = Path(__file__).resolve().parent.parent / "examples" / "demo-profile.yaml"
        subprocess.run(
            [*hamcoach, "plan", "create", "--profile", str(profile), "--start-date", "today"],
            env=env,
            capture_output=True,
            check=True,
        )
        subprocess.run([*hamcoach, "today"], env=env, capture_output=True, check=True)
        rows = [
            ("python -c pass (baseline)", median_ms([py, "-c", "pass"], args.runs, env)),
            ("hamcoach --help", median_ms([*hamcoach, "--help"], args.runs, env)),
            (
                "hamcoach exercises show nordic-curl",
                median_ms([*hamcoach, "exercises", "show", "nordic-curl"], args.runs, env),
            ),
            ("hamcoach today", median_ms([*hamcoach, "today"], args.runs, env)),
            (
                "hamcoach exercises search 'knee pain'",
                median_ms([*hamcoach, "exercises", "search", "knee pain"], args.runs, env),
            ),
        ]
        from hamcoach.catalog.loader import catalog_dirs, load_catalog, load_catalog_cached

        dirs = catalog_dirs()
        cache = Path(home) / "bench-cache"
        load_catalog_cached(dirs, cache)
        rows.append(
            ("catalog load, validating (in process)", in_process_ms(lambda: load_catalog(dirs), 5))
        )
        rows.append(
            (
                "catalog load, from cache (in process)",
                in_process_ms(lambda: load_catalog_cached(dirs, cache), 20),
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"median of {args.runs} runs on {os.cpu_count()} cores")
    floor = rows[0][1]
    for name, ms in rows:
        ratio = f"  {ms / floor:5.1f}x the floor" if "in process" not in name else ""
        print(f"  {name:<{width}}  {ms:7.1f} ms{ratio}")


if __name__ == "__main__":
    main()
