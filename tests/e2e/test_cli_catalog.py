"""The catalog commands as a user runs them: JSON parsed, text compared exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from regen_golden import render  # the same fixed-width console the golden files were made with
from typer.testing import CliRunner

from hamcoach.cli.main import app
from hamcoach.cli.render import exercise_detail, exercise_table
from hamcoach.domain.catalog import Catalog

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("exercise_id", ["bridge", "nordic-curl-eccentric"])
def test_show_matches_golden_text(catalog: Catalog, exercise_id: str) -> None:
    got = render(exercise_detail(catalog, catalog.get(exercise_id)))
    expected = (GOLDEN / f"show-{exercise_id}.txt").read_text(encoding="utf-8")
    assert got == expected


def test_table_matches_golden_text(catalog: Catalog) -> None:
    got = render(exercise_table([catalog.get("bridge"), catalog.get("asmr-hamstrings")]))
    assert got == (GOLDEN / "table-two.txt").read_text(encoding="utf-8")


def test_list_json_filters(catalog: Catalog) -> None:
    code, out, _ = run("exercises", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["id"] for r in rows} == set(catalog.exercises)
    code, out, _ = run("exercises", "list", "--goal", "tissue-quality", "--json")
    assert [r["id"] for r in json.loads(out)] == ["asmr-hamstrings"]
    code, out, _ = run("exercises", "list", "--target", "tibial-internal-rotation", "--json")
    assert [r["id"] for r in json.loads(out)] == ["seated-tibial-rotation"]
    code, out, _ = run("exercises", "list", "--category", "warm-up", "--json")
    assert [r["id"] for r in json.loads(out)] == ["leg-swings"]


def test_list_by_equipment_you_have() -> None:
    _, out, _ = run("exercises", "list", "--equipment", "none", "--json")
    none_ids = {r["id"] for r in json.loads(out)}
    assert "bridge" in none_ids and "ball-hamstring-curl" not in none_ids
    _, out, _ = run("exercises", "list", "-e", "stability-ball", "-e", "massage-ball", "--json")
    ball_ids = {r["id"] for r in json.loads(out)}
    assert {"ball-hamstring-curl", "asmr-hamstrings", "bridge"} <= ball_ids
    assert "romanian-deadlift" not in ball_ids


def test_bad_filter_value_exits_2_without_traceback() -> None:
    code, out, err = run("exercises", "list", "--goal", "cardio")
    assert code == 2
    assert "Traceback" not in out + err and "cardio" in err


def test_search_json_is_ranked() -> None:
    code, out, _ = run("exercises", "search", "nordic", "--json")
    hits = json.loads(out)
    assert code == 0 and {h["id"] for h in hits[:2]} == {"nordic-curl", "nordic-curl-eccentric"}
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_search_with_no_hits_says_so() -> None:
    code, _, err = run("exercises", "search", "xyzzy")
    assert code == 1 and "nothing matches" in err


def test_show_json_has_ladder_and_sources() -> None:
    code, out, _ = run("exercises", "show", "single-leg-deadlift", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["ladder"] == {
        "steps": ["single-leg-deadlift", "weighted-single-leg-deadlift"],
        "position": 0,
    }
    assert data["progressions"][0]["criterion"].startswith("30 slow, controlled")
    assert data["progressions"][0]["check"] == {
        "metric": "good-form-reps",
        "value": 30,
        "per_side": True,
        "sessions": 1,
        "max_pain": 3,
    }
    assert {s["file"] for s in data["sources"]} >= {"000_174e6c2da1a2b165.txt"}
    assert data["dosage"]["sets"] == {"low": 1, "high": 3}


def test_show_unknown_id_suggests() -> None:
    code, out, err = run("exercises", "show", "nordic-curls")
    assert code == 2 and out == ""
    assert "unknown exercise 'nordic-curls'" in err and "did you mean nordic-curl" in err


def test_routines_list_and_show() -> None:
    code, out, _ = run("routines", "list", "--json")
    assert code == 0 and "knee-pain-five" in {r["id"] for r in json.loads(out)}
    code, out, _ = run("routines", "show", "knee-pain-five", "--json")
    data = json.loads(out)
    assert next(i["exercise"] for i in data["items"]) == "asmr-hamstrings"
    assert data["items"][0]["dose"] == "8-10 spots x 2-3 extensions per side"
    code, _, err = run("routines", "show", "knee-pain")
    assert code == 2 and "did you mean knee-pain-five" in err


def test_catalog_check_reports_every_problem_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "a.yaml").write_text("id: a\nname: [\n", encoding="utf-8")
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "r.yaml").write_text(
        "id: r\nname: R\nsummary: S\nitems: [{exercise: nope}]\nsources: ['000']\n",
        encoding="utf-8",
    )
    code, _, err = run("catalog", "check", str(tmp_path))
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 2 and len(lines) == 2, err
    assert any("a.yaml:3" in line and "YAML syntax error" in line for line in lines)
    assert any("r.yaml:4: items[0].exercise: unknown exercise 'nope'" in line for line in lines)
    assert "Traceback" not in err


def test_catalog_check_ok_and_override_notice(tmp_path: Path) -> None:
    code, out, _ = run("catalog", "check")
    assert code == 0 and out.startswith("ok: ")
    src = Path(__file__).resolve().parents[2] / "src/hamcoach/catalog/data/exercises/wall-sit.yaml"
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "wall-sit.yaml").write_text(
        src.read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = run(
        "exercises", "show", "wall-sit", "--json", env={"HAMCOACH_CATALOG_PATH": str(tmp_path)}
    )
    assert code == 0 and json.loads(out)["id"] == "wall-sit"
    assert "notice:" in err and "overrides exercise 'wall-sit'" in err


def test_broken_catalog_path_fails_every_command_cleanly(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    code, out, err = run("exercises", "list", env={"HAMCOACH_CATALOG_PATH": str(tmp_path)})
    assert code == 2 and out == ""
    assert "x.yaml:1: name: required field is missing" in err


def test_schema_validates_the_builtin_files() -> None:
    import jsonschema
    import yaml

    code, out, _ = run("catalog", "schema")
    schema = json.loads(out)
    assert code == 0
    exercise_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/ExerciseModel"}
    data_dir = Path(__file__).resolve().parents[2] / "src/hamcoach/catalog/data/exercises"
    for path in sorted(data_dir.glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), exercise_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "name": "y"}, exercise_schema)


def test_first_run_notice_shows_once(_isolated_home: Path) -> None:
    _, _, err = run("routines", "list")
    assert "does not diagnose" in err
    _, _, err = run("routines", "list")
    assert "does not diagnose" not in err


def test_module_entry_point_runs_as_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hamcoach", "exercises", "show", "bridge", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["name"] == "Bridge"
