"""Form-audit figures: keypoint analysis speed on one core beside a `python -c pass`
baseline, and, for every audited exercise, each check's per-fault precision and recall and
the rep-count accuracy on recordings made from the body model with seeds the tests never
use.

Run: .venv/bin/python bench/audit.py [--recordings N per exercise] [--runs N] [--only ID]
     .venv/bin/python bench/audit.py --example examples/squat-keypoints.csv
Target: at least 10,000 frames a second. The evaluation is a report, not a gate: the
thresholds come from the literature (src/hamcoach/audit/checks.py), not from these numbers.
"""

from __future__ import annotations

import os

# one core: numpy's BLAS must not spread the work over threads
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from hamcoach.audit.analyse import audit  # noqa: E402
from hamcoach.audit.families import FAMILIES  # noqa: E402
from hamcoach.audit.keypoints import MEDIAPIPE_33, make_track  # noqa: E402
from hamcoach.audit.readers import read_keypoints  # noqa: E402
from hamcoach.audit.signal import View as SeenFrom  # noqa: E402
from hamcoach.audit.synthetic import (  # noqa: E402
    Camera,
    Plan,
    as_csv,
    as_hamcoach_json,
    landmarks,
)
from hamcoach.catalog.loader import load_catalog  # noqa: E402
from hamcoach.domain.catalog import Exercise  # noqa: E402
from hamcoach.domain.pose import View  # noqa: E402

FIRST_SEED = 10_000
"""The evaluation's seeds start here; the tests use seeds under 1000."""


def baseline_ms(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    work()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed(squat: Exercise, runs: int) -> tuple[int, float, float, float]:
    """Frames, and the median seconds to audit them, to read them from hamcoach JSON and
    from CSV (MediaPipe's 33 points, 5 minutes at 30 fps)."""
    assert squat.poses is not None
    plan = Plan(reps=60, faults={n: {"depth": 1.0} for n in range(3, 60, 7)}, noise_px=2.0)
    raw = landmarks(squat.poses, plan)
    track = make_track("mediapipe-33", raw, fps=plan.fps)
    with tempfile.TemporaryDirectory() as folder:
        as_json, as_table = Path(folder) / "squat.json", Path(folder) / "squat.csv"
        as_json.write_text(as_hamcoach_json(raw, plan.fps), encoding="utf-8")
        as_table.write_text(as_csv(raw, plan.fps), encoding="utf-8")
        reading_json = median_seconds(lambda: read_keypoints(as_json), runs)
        reading_csv = median_seconds(lambda: read_keypoints(as_table), runs)
    return (
        track.frames,
        median_seconds(lambda: audit(track, squat), runs),
        reading_json,
        reading_csv,
    )


def kinds(exercise: str, view: View) -> list[str]:
    """The faults a recording from this view can show: its checks for that view or any."""
    seen = SeenFrom.FRONT if view is View.FRONT else SeenFrom.SIDE
    return [c.id for c in FAMILIES[exercise].checks[exercise] if c.view in (None, seen)]


def random_plan(exercise: str, seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    fronts = len(kinds(exercise, View.FRONT)) > 1 and SeenFrom.FRONT in (
        FAMILIES[exercise].signal_views
    )
    view = View.FRONT if fronts and rng.random() < 0.3 else View.SIDE
    faults_here = kinds(exercise, view)
    reps = int(rng.integers(3, 9))
    faults = {
        n: {str(rng.choice(faults_here)): float(rng.uniform(0.7, 1.0))}
        for n in range(1, reps + 1)
        if rng.random() < 0.5
    }
    height = float(rng.uniform(250, 900))
    return Plan(
        reps=reps,
        faults=faults,
        view=view,
        fps=float(rng.choice([25.0, 30.0, 60.0])),
        speed=float(rng.uniform(0.8, 1.3)),
        camera=Camera(height, 1.2 * height, 1.3 * height, float(rng.choice([-1.0, 1.0]))),
        noise_px=float(rng.uniform(0.5, 3.0)),
        jump_chance=float(rng.uniform(0.0, 0.02)),
        drop_point=float(rng.uniform(0.0, 0.08)),
        drop_frame=float(rng.uniform(0.0, 0.05)),
        seed=seed,
        turn=float(rng.uniform(-10.0, 10.0)),
    )


def evaluate(exercise: Exercise, recordings: int) -> tuple[Counter[str], int, int]:
    """True positives, false positives and false negatives per fault (``tp:depth``...), the
    recordings with the right rep count, and the reps in all."""
    assert exercise.poses is not None
    tally: Counter[str] = Counter()
    right = reps = 0
    synth = FAMILIES[exercise.id].synth
    for seed in range(FIRST_SEED, FIRST_SEED + recordings):
        plan = random_plan(exercise.id, seed)
        raw = landmarks(exercise.poses, plan, synth)
        result = audit(make_track("mediapipe-33", raw, fps=plan.fps), exercise)
        reps += plan.reps
        truth = [set(plan.faults.get(n, {})) for n in range(1, plan.reps + 1)]
        found = [{f.check for f in r.findings} for r in result.reps]
        if len(found) == len(truth):
            right += 1
        else:  # no rep to pair with: every fault is missed, every finding false
            truth, found = truth + [set()] * len(found), [set()] * len(truth) + found
        for want, got in zip(truth, found, strict=True):
            for fault in want | got:
                key = "tp" if fault in want and fault in got else ("fn" if fault in want else "fp")
                tally[f"{key}:{fault}"] += 1
    return tally, right, reps


def family_speed(exercise: Exercise, runs: int) -> float:
    """Frames a second the audit goes through on a 20-rep recording of the exercise."""
    assert exercise.poses is not None
    plan = Plan(reps=20, noise_px=2.0, seed=1)
    raw = landmarks(exercise.poses, plan, FAMILIES[exercise.id].synth)
    track = make_track("mediapipe-33", raw, fps=plan.fps)
    return track.frames / median_seconds(lambda: audit(track, exercise), runs)


def write_example(squat: Exercise, path: Path) -> None:
    """A small CSV for the README: three reps, the second not below 90 degrees."""
    assert squat.poses is not None
    plan = Plan(reps=3, faults={2: {"depth": 1.0}}, seed=42, noise_px=1.5, drop_point=0.02)
    parts = ("shoulder", "hip", "knee", "ankle", "heel", "foot_index")
    common = [n for n in MEDIAPIPE_33 if n.split("_", 1)[-1] in parts or n == "nose"]
    path.write_text(as_csv(landmarks(squat.poses, plan), plan.fps, common), encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recordings", type=int, default=60, help="per exercise")
    parser.add_argument("--only", help="one exercise id")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--example", type=Path, help="write the README's example CSV here")
    args = parser.parse_args()
    squat = load_catalog().catalog.get("bodyweight-squat")
    if args.example:
        write_example(squat, args.example)
        return
    base = baseline_ms(args.runs)
    frames, seconds, json_s, csv_s = speed(squat, args.runs)
    print(f"python -c pass (baseline)          {base:8.1f} ms")
    rate = f"{frames / seconds:,.0f} frames/s (target 10,000)"
    print(f"audit of {frames} frames            {seconds * 1000:8.1f} ms  = {rate}")
    for name, took in (("hamcoach JSON", json_s), ("CSV", csv_s)):
        print(
            f"reading them from {name:14}  {took * 1000:8.1f} ms  = {frames / took:,.0f} frames/s"
        )
    catalog = load_catalog().catalog
    ids = [args.only] if args.only else list(FAMILIES)
    print(f"\n{args.recordings} recordings per exercise (seeds from {FIRST_SEED}):")
    print(f"{'exercise':32} {'fault':18} {'reps':>5} {'precision':>10} {'recall':>8}")
    for exercise_id in ids:
        exercise = catalog.get(exercise_id)
        tally, right, reps = evaluate(exercise, args.recordings)
        share = right / args.recordings
        rate = family_speed(exercise, args.runs)
        print(
            f"{exercise_id:32} rep count exact in {right}/{args.recordings} recordings "
            f"({share:.1%}), {reps} reps; audit {rate:,.0f} frames/s"
        )
        for fault in sorted({k.split(":")[1] for k in tally}):
            tp, fp, fn = (tally[f"{k}:{fault}"] for k in ("tp", "fp", "fn"))
            precision = tp / (tp + fp) if tp + fp else float("nan")
            recall = tp / (tp + fn) if tp + fn else float("nan")
            print(f"{'':32} {fault:18} {tp + fn:5d} {precision:10.3f} {recall:8.3f}")


if __name__ == "__main__":
    main()
