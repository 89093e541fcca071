"""`hamcoach handout` as a person runs it: the plan, a routine or exercises to a PDF, read
back page by page; and every way it can be asked wrongly, each a one-line error, exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamcoach.cli.main import app
from hamcoach.domain.catalog import SESSION_ORDER, Category
from pdfpages import read_pdf

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-profile.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def planned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo plan, started yesterday, with its first marching bridges logged and the
    next morning checked in: their dose has moved on from the starting one."""
    monkeypatch.chdir(tmp_path)
    start = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert run("plan", "create", "--profile", str(DEMO), "--start-date", start)[0] == 0
    code, out, err = run("log", "marching-bridge", "--reps", "8,8", "--pain", "1", "--date", start)
    assert code == 0, out + err
    assert run("checkin", "--pain", "0")[0] == 0
    return tmp_path


def _doses() -> list[tuple[str, str]]:
    """Each exercise's next dose, as `plan show --json` has it, in the order a session runs
    (warm-up first, cool-down last)."""
    plan = json.loads(run("plan", "show", "--json")[1])
    seen: dict[str, tuple[int, str, str]] = {}
    for s in plan["sessions"]:
        if s["status"] == "planned":
            for i in s["items"]:
                order = SESSION_ORDER.index(Category(i["phase"]))
                seen.setdefault(i["exercise_id"], (order, i["name"], i["dose"]))
    return [(name, dose) for _, name, dose in sorted(seen.values(), key=lambda x: x[0])]


def test_the_plan_on_paper(planned: Path) -> None:
    code, out, _ = run("handout")
    target = planned / "hamcoach-handout.pdf"
    assert code == 0 and out.strip() == (f"Wrote the handout (11 exercises, A4 paper) to {target}")
    pages = read_pdf(target)
    assert "For Sam Demo" in pages[0].text and {p.size for p in pages} == {(595, 842)}
    doses = dict(_doses())
    assert doses["Marching hip bridge"] != "2 x 5 reps"  # moved on from the starting dose
    body = " ".join(p.text for p in pages[1:])
    for k, (name, dose) in enumerate(_doses(), 1):
        assert f"{k}. {name} {dose} page" in body
        assert f"Your dose: {dose}" in body
    assert sum(len(p.figures) for p in pages) == len(doses)


def test_a_routine_and_exercises_on_letter_paper_with_a_feed(planned: Path) -> None:
    code, out, _ = run(
        "handout", "--routine", "knee-pain-five", "--paper", "us-letter", "-o", "r.pdf",
        "--feed-url", "webcal://hamcoach.example/calendar/abc.ics",
    )  # fmt: skip
    assert code == 0 and "(5 exercises, US Letter paper)" in out
    pages = read_pdf(planned / "r.pdf")
    assert {p.size for p in pages} == {(612, 792)}
    assert [f.alt for f in pages[0].figures] == ["QR code of your calendar"]
    assert pages[0].figures[0].drawn > 0 and "webcal://hamcoach.example/calendar/abc.ics" in (
        pages[0].text
    )
    code, out, _ = run("handout", "-e", "nordic-curl-eccentric", "-e", "bridge", "-o", "two.pdf")
    assert code == 0 and "(2 exercises, A4 paper)" in out
    body = " ".join(p.text for p in read_pdf(planned / "two.pdf"))
    assert body.index("1. Nordic curl, lowering only") < body.index("2. Bridge")
    assert "Dose: 2-3 x 5-12 reps" in body  # the catalog's range, not a person's dose


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "nordc-curl"], "error: unknown exercise 'nordc-curl'; did you mean nordic-curl"),
        (["--routine", "knee-pain-fiv"], "error: unknown routine 'knee-pain-fiv'; did you mean knee-pain-five?"),
        (["--routine", "knee-pain-five", "-e", "bridge"], "error: --routine and --exercise: give one or the other"),
        (["--feed-url", "javascript:alert(1)"], "error: --feed-url: 'javascript:alert(1)' is not a web address"),
        (["-o", "blocker/handout.pdf"], "error: blocker/handout.pdf: the folder"),
        (["-o", "missing/handout.pdf"], "error: missing/handout.pdf: the folder"),
        (["-o", "handout.txt"], "error: handout.txt: a handout is a PDF"),
    ],
)  # fmt: skip
def test_what_cannot_be_printed(planned: Path, args: list[str], message: str) -> None:
    (planned / "blocker").write_text("a file, not a folder")
    code, out, err = run("handout", *args)
    assert code == 2 and err.startswith(message), err
    assert out == "" and not list(planned.glob("*.pdf"))


def test_without_a_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("handout")
    assert code == 2 and "error: no plan yet" in err and "hamcoach plan create" in err
    code, _, err = run("--patient", "nobody", "handout", "-e", "bridge")
    assert code == 2 and "error: unknown patient 'nobody'" in err
    code, _, _ = run("handout", "-e", "bridge")  # nobody here: a handout for anyone
    assert code == 0 and "For " in read_pdf(tmp_path / "hamcoach-handout.pdf")[0].text


def test_an_exercise_named_twice_prints_once(planned: Path) -> None:
    code, out, _ = run("handout", "-e", "bridge", "-e", "bridge", "-o", "once.pdf")
    assert code == 0 and "(1 exercise, A4 paper)" in out
