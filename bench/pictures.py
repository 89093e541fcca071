"""Picture speed: every exercise's static SVG drawn from its poses, in one process, next to
`python -c pass` measured in the same run. Target (issue 10): under 1 s in total, so the
web app and the handouts can draw on demand.

Run: make bench (or .venv/bin/python bench/pictures.py).
"""

from __future__ import annotations

import subprocess
import sys
import time

from hamcoach import pictures
from hamcoach.catalog.loader import load_catalog


def floor_ms() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    catalog = load_catalog().catalog
    posed = [e for e in catalog.exercises.values() if e.poses is not None]
    pictures.static_svg(posed[0])  # imports numpy and the drawing modules once
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for ex in posed:
            pictures.static_svg(ex)
        runs.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    for ex in posed:
        pictures.animated_svg(ex)
    animated = (time.perf_counter() - start) * 1000
    runs.sort()
    print(f"pictures: {len(posed)} exercises with poses of {len(catalog.exercises)}")
    print(f"  every static SVG: median {runs[2]:.0f} ms (best {runs[0]:.0f}), target < 1000 ms")
    print(f"  every animated SVG: {animated:.0f} ms")
    print(f"  baseline python -c pass: {floor_ms():.0f} ms")


if __name__ == "__main__":
    main()
