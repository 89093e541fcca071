"""Every error a person can cause ends as its exit code and an `error:` line, never a
traceback: the one mapping in the CLI's root group (errors.py draws the tree)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hamcoach
from hamcoach.audit.keypoints import KeypointFileError
from hamcoach.audit.video import VideoFileError
from hamcoach.catalog.loader import CatalogError
from hamcoach.catalog.yamlfile import Problem
from hamcoach.cli.main import app
from hamcoach.domain.catalog import UnknownIdError
from hamcoach.domain.clearance import ClearanceError
from hamcoach.domain.program import PlanningError
from hamcoach.domain.scheduling import ScheduleError
from hamcoach.errors import (
    AccountError,
    HamcoachError,
    InputError,
    MissingExtraError,
    NoActivePlanError,
    PatientError,
    PlanStoppedError,
    SettingsError,
    SignInError,
    SimulationFileError,
    StorageError,
    TooManyAttemptsError,
    TrainingError,
    UnusableStoreError,
)
from hamcoach.intake.schema import ProfileFileError
from hamcoach.storage.dump import ImportFileError

SRC = Path(hamcoach.__file__).parent

EXAMPLES: dict[type[HamcoachError], Callable[[], HamcoachError]] = {
    HamcoachError: lambda: HamcoachError("something went wrong"),
    InputError: lambda: InputError("that cannot be used"),
    SettingsError: lambda: SettingsError("HAMCOACH_LOAD_STEP_PCT='x' is not a number"),
    CatalogError: lambda: CatalogError([Problem("clinic/a.yaml", 3, "name", "too long")]),
    ProfileFileError: lambda: ProfileFileError(["me.yaml: age: must be at least 16"]),
    ImportFileError: lambda: ImportFileError(["tables: missing or not an object"]),
    SimulationFileError: lambda: SimulationFileError(["logs.yaml: expected a list of entries"]),
    UnknownIdError: lambda: UnknownIdError("exercise", "bridgee", {"bridge": None}),
    ScheduleError: lambda: ScheduleError("no available weekdays"),
    PlanningError: lambda: PlanningError("red flags: no program may be built"),
    PatientError: lambda: PatientError("no person 'ann' in this database"),
    ClearanceError: lambda: ClearanceError("'saddle_numbness' is an emergency sign"),
    NoActivePlanError: lambda: NoActivePlanError("no plan yet"),
    PlanStoppedError: lambda: PlanStoppedError("your plan plan-1 is stopped: see a clinician"),
    TrainingError: lambda: TrainingError("a log dated after today"),
    MissingExtraError: lambda: MissingExtraError("plots", "--plot"),
    StorageError: lambda: StorageError("cannot open the database at /x: OperationalError"),
    UnusableStoreError: lambda: UnusableStoreError("cannot use the database /x: disk is full"),
    AccountError: lambda: AccountError("sam@example.com has an account already"),
    SignInError: lambda: SignInError("wrong e-mail or password"),
    TooManyAttemptsError: lambda: TooManyAttemptsError("too many failed sign-ins: wait 15 minutes"),
    KeypointFileError: lambda: KeypointFileError("squat.csv: line 3: frame numbers must go up"),
    VideoFileError: lambda: VideoFileError("clip.mp4: no person is seen in any frame"),
}

runner = CliRunner()


def _error_classes() -> set[type[HamcoachError]]:
    """HamcoachError and every subclass defined anywhere in the package."""
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        if "migrations" in rel.parts or rel.name == "__main__":
            continue
        importlib.import_module(".".join(p for p in rel.parts if p != "__init__"))
    found: set[type[HamcoachError]] = {HamcoachError}
    todo = [HamcoachError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_error_class_has_an_example_here() -> None:
    assert _error_classes() == set(EXAMPLES)


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_an_error_raised_in_a_command_is_one_line_and_its_exit_code(
    cls: type[HamcoachError], monkeypatch: pytest.MonkeyPatch
) -> None:
    error = EXAMPLES[cls]()

    def broken(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr("hamcoach.catalog.loader.load_catalog_cached", broken)
    result = runner.invoke(app, ["exercises", "show", "bridge"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == cls.exit_code == {StorageError: 1, PlanStoppedError: 3}.get(cls, 2)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {error.problems[0]}"]
    closing = error.closing_line()
    assert (closing in result.stderr.splitlines()) if closing else True
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_errors_keep_their_closing_line() -> None:
    cases = {
        CatalogError: "1 problem(s) in the catalog.",
        ProfileFileError: "Nothing was stored.",
        ImportFileError: "Nothing was imported.",
    }
    for cls, closing in cases.items():
        assert EXAMPLES[cls]().closing_line() == closing


def test_import_names_the_file_on_each_problem_and_says_nothing_was_imported(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2:] == [
        f'error: {bad}: not a hamcoach export (no "format": "hamcoach-export")',
        "Nothing was imported.",
    ]


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["exercises", "show", "bridgee"], {}, 2, "unknown exercise 'bridgee'; did you mean"),
        (["today"], {"HAMCOACH_LOAD_STEP_PCT": "lots"}, 2, "HAMCOACH_LOAD_STEP_PCT='lots'"),
        (["today"], {}, 2, ""),
        (
            ["plan", "history"],
            {"HAMCOACH_DATABASE_URL": "sqlite:///{file}/x.db"},
            2,
            "HAMCOACH_DATABASE_URL=sqlite:///",
        ),
    ],
    ids=["unknown-id", "settings", "no-plan", "storage"],
)
def test_real_errors_through_the_installed_entry_point(
    tmp_path: Path, args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    a_file = tmp_path / "not-a-directory"
    a_file.write_text("", encoding="utf-8")
    extra = {k: v.format(file=a_file) for k, v in env.items()}
    proc = subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        env={**os.environ, **extra},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == code, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("command", "option", "choices"),
    [
        (["log", "bridge", "--reps", "10"], "--form", ["good", "poor"]),
        (["log", "bridge", "--reps", "10"], "--side", ["left", "right"]),
        (["export"], "--format", ["json", "csv"]),
        (["retest", "--nprs", "2"], "--point", ["week-3", "end"]),
    ],
)
def test_fixed_choices_are_checked_by_the_parser_and_listed_in_help(
    command: list[str], option: str, choices: list[str]
) -> None:
    result = runner.invoke(app, [*command, option, "sideways"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"Invalid value for '{option}'" in result.stderr
    assert all(f"'{c}'" in result.stderr for c in choices)
    assert "Traceback" not in result.stderr
    usage = runner.invoke(app, [command[0], "--help"]).stdout
    assert f"{option} <{'|'.join(choices)}>" in usage


WITHOUT = """
import sys
sys.modules[sys.argv[1]] = None  # as if the extra were not installed
from hamcoach.cli.main import main
sys.argv = ["hamcoach", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(
    ("module", "args", "env", "extra"),
    [
        ("matplotlib", ["progress", "--plot", "out.png"], {}, "plots"),
        (
            "psycopg",
            ["plan", "history"],
            {"HAMCOACH_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
            "postgres",
        ),
    ],
)
def test_a_missing_extra_is_one_plain_line_naming_it(
    _isolated_home: Path,
    tmp_path: Path,
    module: str,
    args: list[str],
    env: dict[str, str],
    extra: str,
) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / ".welcomed").write_text("shown\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", WITHOUT, module, *args],
        env={**os.environ, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.splitlines()
    assert line.startswith("error: ") and line.endswith(f"pip install 'hamcoach[{extra}]'")
    assert proc.stdout == "" and not (tmp_path / "out.png").exists()
