"""docs/json.md and the view models in exports/views/ name exactly the same fields.

The docs give each output either as a field table (``| `field` | type | meaning |``,
nested rows written ``sessions[].items[]``, an object's fields as the backticked
names in its meaning) or as a shape in backticks (``{"a", "b": [{"c"}]}``). Both
are parsed to a shape and compared with the shape of the model's fields, so a
field added to one and not the other fails here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.catalog import ExerciseSummaryView, RoutineSummaryView, SearchHitView
from hamcoach.exports.views.clearances import ClearanceView
from hamcoach.exports.views.history import (
    CheckInEntryView,
    LogEntryView,
    PlanEventView,
    checkin_entry_view,
    log_entry_view,
    plan_event_view,
)
from hamcoach.exports.views.people import PatientView, patient_view
from hamcoach.exports.views.plan import PlanView, TodayView
from hamcoach.exports.views.progress import ProgressView, progress_view
from json_shapes import Shape, model_shape, plain_arrays

DOCS = Path(__file__).parents[2] / "docs" / "json.md"


def sections() -> dict[str, str]:
    """docs/json.md by ``## `command` `` heading."""
    out: dict[str, str] = {}
    for block in re.split(r"^## ", DOCS.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        out[heading.strip()] = body
    return out


def section(command: str) -> str:
    matches = [body for heading, body in sections().items() if command in heading]
    assert len(matches) == 1, f"docs/json.md: no single section for {command}"
    return matches[0]


# --- the backticked shape form ---------------------------------------------------------

TOKEN = re.compile(r'\s*(?:("[^"]*")|([{}\[\]:,])|(\([^)]*\))|(\.\.\.)|([^\s{}\[\]:,"()]+))')


def tokens(text: str) -> list[str]:
    out, pos = [], 0
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        assert m, f"cannot read {text[pos:]!r}"
        pos = m.end()
        quoted, punct, comment, dots, word = m.groups()
        if comment is not None or dots is not None:
            continue  # "(bool)", "(A/B)": a note, not a field; "...": more of the same
        out.append(quoted if quoted is not None else punct if punct is not None else "?" + word)
    return out


def parse_value(toks: list[str]) -> Shape:
    tok = toks.pop(0)
    if tok == "{":
        if toks[0].startswith("?"):  # {exercise: {week: amount}}: a free-form mapping
            depth = 1
            while depth:
                t = toks.pop(0)
                depth += {"{": 1, "}": -1}.get(t, 0)
            return None
        fields: dict[str, Shape] = {}
        while toks[0] != "}":
            key = toks.pop(0)
            assert key.startswith('"'), f"expected a field name, got {key}"
            fields[key.strip('"')] = None
            if toks[0] == ":":
                toks.pop(0)
                fields[key.strip('"')] = parse_value(toks)
            if toks[0] == ",":
                toks.pop(0)
        toks.pop(0)
        return fields
    if tok == "[":
        inner = parse_value(toks)
        while toks.pop(0) != "]":
            pass
        return [inner]
    return None  # a literal value ("log") or a placeholder (id)


def doc_shapes(command: str) -> list[Shape]:
    """Every backticked shape in the command's section, in order."""
    spans = re.findall(r"`([\[{][^`]*)`", section(command))
    return [plain_arrays(parse_value(tokens(span))) for span in spans]


# --- the table form --------------------------------------------------------------------


def doc_table(command: str) -> dict[str, Shape]:
    """A field table as a shape; ``a[]`` rows are arrays of objects, ``a.b`` nests."""
    root: dict[str, Shape] = {}
    for line in section(command).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names, kind, meaning = cells
        sub = dict.fromkeys(re.findall(r"`([^`]+)`", meaning)) if kind == "object" else None
        for name in re.findall(r"`([^`]+)`", names):
            place, parts = root, re.split(r"\.", name)
            for part in parts[:-1]:
                place = descend(place, part)
            last = parts[-1]
            value = (
                {k.removesuffix("[]"): [None] if k.endswith("[]") else None for k in sub}
                if sub
                else None
            )
            if last.endswith("[]"):
                existing = place.get(last[:-2])
                merged = merge(existing[0] if existing else None, value)
                place[last[:-2]] = [merged]
            else:
                place[last] = merge(place.get(last), value)
    shape: dict[str, Shape] = plain_arrays(root)
    return shape


def descend(place: dict[str, Shape], part: str) -> dict[str, Shape]:
    key = part.removesuffix("[]")
    if part.endswith("[]"):
        if not isinstance(place.get(key), list) or place[key][0] is None:
            place[key] = [{}]
        inner: dict[str, Shape] = place[key][0]
        return inner
    if not isinstance(place.get(key), dict):
        place[key] = {}
    inner = place[key]
    return inner


def merge(old: Shape, new: Shape) -> Shape:
    if isinstance(old, dict) and isinstance(new, dict):
        return {**new, **{k: merge(new.get(k), o) for k, o in old.items()}}
    return old if new is None else new


def test_the_parsers_read_both_forms() -> None:
    assert parse_value(tokens('{"a", "b" (bool), "c": [{"d", "e"}], "f": {x: {y: z}}}')) == {
        "a": None,
        "b": None,
        "c": [{"d": None, "e": None}],
        "f": None,
    }
    assert parse_value(tokens('[{"at", "kind"}]')) == [{"at": None, "kind": None}]
    assert parse_value(tokens('{"id", "exercises": [id, ...]}')) == {
        "id": None,
        "exercises": [None],
    }
    assert plain_arrays({"x": [None], "y": [{"z": [None]}]}) == {"x": None, "y": [{"z": None}]}


# --- docs against models ----------------------------------------------------------------


def test_plan_show() -> None:
    assert doc_table("plan show --json") == model_shape(PlanView)


def test_exercises_list_and_search() -> None:
    table = doc_table("exercises list --json")
    assert table == model_shape(SearchHitView)
    search_only = {
        m for m in re.findall(r"^\| `(\w+)` .*search only", section("exercises list"), re.M)
    }
    assert search_only == {"score"}
    assert {k: s for k, s in table.items() if k not in search_only} == model_shape(
        ExerciseSummaryView
    )


def test_routines_list() -> None:
    assert doc_shapes("routines list --json") == [model_shape(RoutineSummaryView)]


def test_today() -> None:
    assert doc_shapes("today --json") == [model_shape(TodayView)]


def test_history() -> None:
    assert doc_shapes("hamcoach history --json") == [
        model_shape(LogEntryView),
        model_shape(CheckInEntryView),
    ]


def test_plan_history() -> None:
    assert doc_shapes("plan history --json")[0] == [model_shape(PlanEventView)]


def test_progress() -> None:
    assert doc_shapes("progress --json") == [model_shape(ProgressView)]


def test_clearance_list() -> None:
    assert doc_shapes("clearance list --json") == [[model_shape(ClearanceView)]]


def test_patients_list() -> None:
    assert doc_shapes("patients list --json") == [[model_shape(PatientView)]]


@pytest.mark.parametrize(
    "model",
    [
        PlanView,
        ExerciseSummaryView,
        SearchHitView,
        RoutineSummaryView,
        TodayView,
        LogEntryView,
        CheckInEntryView,
        PlanEventView,
        PatientView,
        ProgressView,
        ClearanceView,
    ],
)
def test_every_public_model_is_frozen(model: type) -> None:
    assert model.__dataclass_params__.frozen  # type: ignore[attr-defined]


# --- views from domain objects ------------------------------------------------------------


def test_exercise_show_adds_the_documented_fields() -> None:
    from hamcoach.catalog.loader import load_catalog
    from hamcoach.exports.catalog_json import exercise_detail

    catalog = load_catalog().catalog
    data = exercise_detail(catalog, catalog.get("bridge"))
    added = doc_table("exercises show ID --json")
    assert set(added) <= set(data)
    assert set(added["ladder"]) == set(data["ladder"])


def test_history_views_from_domain_logs() -> None:
    from hamcoach.domain.progression import CheckIn, ExerciseLog, LoggedSet

    log = ExerciseLog("bridge", dt.date(2026, 11, 23), (LoggedSet(12, rpe=7.0),), pain=2)
    assert jsonable(log_entry_view(log, entry_id="log-7", session_number=1, note=None)) == {
        "kind": "log",
        "id": "log-7",
        "date": "2026-11-23",
        "exercise_id": "bridge",
        "session_number": 1,
        "sets": [
            {
                "reps": 12,
                "load_kg": None,
                "hold_seconds": None,
                "rpe": 7.0,
                "good_form": True,
                "side": None,
            }
        ],
        "pain": 2,
        "leg_symptoms": False,
        "note": None,
    }
    checkin = CheckIn(dt.date(2026, 11, 24), 3)
    assert jsonable(checkin_entry_view(checkin, entry_id="checkin-2026-11-24")) == {
        "kind": "checkin",
        "id": "checkin-2026-11-24",
        "date": "2026-11-24",
        "pain": 3,
        "stiffness": None,
    }


def test_plan_event_and_patient_views_read_service_records() -> None:
    from hamcoach.services.ports import HistoryEntry, Patient

    at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    paris = dt.timezone(dt.timedelta(hours=1))
    entry = HistoryEntry(at, "plan-1", "created", "Plan created.")
    assert jsonable(plan_event_view(entry, zone=paris)) == {
        "at": "2026-11-20T10:00:00+01:00",
        "plan": "plan-1",
        "kind": "created",
        "message": "Plan created.",
    }
    person = Patient("ana", "Ana", at, "Europe/Paris", load_increment_kg=2.5)
    assert jsonable(patient_view(person)) == {
        "id": "ana",
        "name": "Ana",
        "timezone": "Europe/Paris",
        "created_at": "2026-11-20T09:00:00+00:00",
        "load_step_pct": None,
        "load_increment_kg": 2.5,
    }


def test_progress_view_keeps_week_keys_as_json_does() -> None:
    from hamcoach.domain.outcomes import Change
    from hamcoach.services.reports import Progress

    report = Progress(
        planned_to_date=2,
        done=1,
        sessions_total=15,
        pain_points=[(dt.date(2026, 11, 23), 2, "session")],
        weekly_volume={"bridge": {1: 24}},
        ladder_steps=[],
        decisions=[(dt.date(2026, 11, 23), "bridge", "progress", "green")],
        partial=1,
    )
    data = jsonable(progress_view(report, [Change("NPRS", 3, 1, True, "better")]))
    assert data == {
        "adherence": 0.5,
        "done": 1,
        "partial": 1,
        "missed": 0,
        "planned_to_date": 2,
        "sessions_total": 15,
        "pain": [{"date": "2026-11-23", "pain": 2, "kind": "session"}],
        "weekly_volume": {"bridge": {"1": 24}},
        "ladder_steps": [],
        "decisions": [
            {"date": "2026-11-23", "exercise_id": "bridge", "action": "progress", "reason": "green"}
        ],
        "changes": [{"measure": "NPRS", "before": 3, "after": 1, "meaningful": True}],
    }


def test_as_json_is_plain_data() -> None:
    shape = jsonable(RoutineSummaryView("r", "R", ("a", "b")))
    assert shape == {"id": "r", "name": "R", "exercises": ["a", "b"]}
    assert isinstance(jsonable({"x": (1,)}), Mapping)
