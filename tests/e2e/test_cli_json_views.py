"""What the CLI prints with --json has exactly the fields of its view model.

With tests/unit/test_views.py (docs against models) this closes the loop: docs,
models and output cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from hamcoach.exports.views.catalog import ExerciseSummaryView, RoutineSummaryView, SearchHitView
from hamcoach.exports.views.history import CheckInEntryView, LogEntryView, PlanEventView
from hamcoach.exports.views.people import PatientView
from hamcoach.exports.views.plan import PlanView, TodayView
from hamcoach.exports.views.progress import ProgressView
from json_shapes import Shape, model_shape
from profiles import profile_data

TODAY = dt.date.today()


def hamcoach(home: Path, *args: str) -> Any:
    env = {**os.environ, "HAMCOACH_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout) if "--json" in args else None


def conforms(data: Any, shape: Shape, where: str = "$") -> None:
    """Every object in ``data`` has exactly the fields ``shape`` names, at every depth."""
    if isinstance(shape, dict):
        assert isinstance(data, dict), where
        assert set(data) == set(shape), f"{where}: {sorted(data)} != {sorted(shape)}"
        for key, inner in shape.items():
            conforms(data[key], inner, f"{where}.{key}")
    elif isinstance(shape, list):
        assert isinstance(data, list), where
        for i, item in enumerate(data):
            conforms(item, shape[0], f"{where}[{i}]")


def test_every_json_output_matches_its_view_model(_isolated_home: Path, tmp_path: Path) -> None:
    home = _isolated_home
    data = profile_data(
        schedule={
            "start_date": TODAY.isoformat(),
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        }
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(data), encoding="utf-8")
    hamcoach(home, "plan", "create", "--profile", str(profile))
    plan = hamcoach(home, "plan", "show", "--json")
    conforms(plan, model_shape(PlanView))
    first = plan["sessions"][0]["items"][0]["exercise_id"]
    hamcoach(home, "log", first, "--reps", "10,10", "--pain", "1")
    hamcoach(home, "checkin", "--pain", "2")

    conforms(hamcoach(home, "plan", "show", "--json"), model_shape(PlanView))
    conforms(hamcoach(home, "today", "--json"), model_shape(TodayView))
    history = hamcoach(home, "history", "--json")
    assert {row["kind"] for row in history} == {"log", "checkin"}
    for row in history:
        model = LogEntryView if row["kind"] == "log" else CheckInEntryView
        conforms(row, model_shape(model))
    events = hamcoach(home, "plan", "history", "--json")
    assert events
    conforms(events, [model_shape(PlanEventView)])
    conforms(hamcoach(home, "progress", "--json"), model_shape(ProgressView))
    conforms(hamcoach(home, "patients", "list", "--json"), [model_shape(PatientView)])
    conforms(hamcoach(home, "exercises", "list", "--json"), [model_shape(ExerciseSummaryView)])
    hits = hamcoach(home, "exercises", "search", "bridge", "--json")
    assert hits
    conforms(hits, [model_shape(SearchHitView)])
    conforms(hamcoach(home, "routines", "list", "--json"), [model_shape(RoutineSummaryView)])
