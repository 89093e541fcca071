"""An import either refuses a file (exit 2, nothing stored) or stores one that every
command can read back: a real export with one value anywhere replaced by something
hostile never leaves a database on which a command crashes (issue 8, point 17)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hamcoach.cli.main import app
from profiles import profile_data

runner = CliRunner()
START = dt.date.today() - dt.timedelta(days=10)

HOSTILE = st.one_of(
    st.sampled_from(
        ["garbage", "", "\u0000", "x" * 300, "9999-12-31", "0001-01-01", "25:99", "paused"]
    ),
    st.sampled_from([None, True, -1, 0, 2**31, 10**14, 1e308, 0.5, [], {}, ["x"], [{}]]),
    st.sampled_from([{"a": 1}, [1, 2, 3], {"days": []}, [{"reps": "x"}]]),
)
COMMANDS = (
    ["plan", "show"],
    ["plan", "history"],
    ["today"],
    ["history"],
    ["progress"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
)


def cli(home: Path, *args: str) -> Any:
    result = runner.invoke(app, list(args), env={"HAMCOACH_HOME": str(home)})
    assert "Traceback" not in result.output
    return result


def leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside the export's tables (the values an import stores)."""
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += leaves(v, (*path, i))
    return out


def rows(home: Path) -> list[Any]:
    db = home / "hamcoach.db"
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(n, sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"')))) for n in names]


def test_an_import_stores_only_what_every_command_can_read(tmp_path: Path) -> None:
    made = tmp_path / "made"
    profile = tmp_path / "me.yaml"
    profile.write_text(yaml.safe_dump(profile_data(
        schedule={"start_date": START.isoformat()},
        activities=[{"name": "climbing stairs", "ability": 6}],
    )))  # fmt: skip
    for args in (
        ("plan", "create", "--profile", str(profile)),
        ("log", "leg-swings", "--reps", "8,8", "--pain", "1", "--rpe", "6", "--load", "5kg"),
        ("checkin", "--pain", "1"),
        ("retest", "--nprs", "2", "--psfs", "climbing stairs=7"),
    ):
        assert cli(made, *args).exit_code == 0
    export = json.loads(cli(made, "export", "--format", "json").stdout)
    paths = [("tables", *p) for p in leaves(export["tables"])[1:]]
    runs = iter(range(10**6))

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(path=st.sampled_from(paths), value=HOSTILE)
    def one(path: tuple[Any, ...], value: Any) -> None:
        data = json.loads(json.dumps(export))
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        file = tmp_path / "hostile.json"
        file.write_text(json.dumps(data), encoding="utf-8")
        home = tmp_path / f"home-{next(runs)}"
        result = cli(home, "import", str(file))
        if result.exit_code != 0:
            assert result.exit_code == 2, result.output
            assert rows(home) == [] or all(not r for n, r in rows(home) if n != "alembic_version")
            return
        for command in COMMANDS:
            after = cli(home, *command)
            assert after.exit_code in (0, 2), (path, value, command, after.output)
            assert after.exception is None or isinstance(after.exception, SystemExit), (
                path,
                value,
                command,
                after.exception,
            )

    one()
