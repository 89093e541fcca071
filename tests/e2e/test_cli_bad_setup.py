"""A broken setting or data directory: one clear line naming it, exit 2, never a
traceback (found by a first-time user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def hamcoach(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://x@y/z", "names 'mysql': hamcoach runs on SQLite or PostgreSQL"),
        ("postgresql://postgres@127.0.0.1:notaport/test", "is not a database URL"),
        ("postgresql://postgres@127.0.0.1:99999/test", "has the port 99999"),
        ("sqlite:///:memory:", "is a database in memory, which keeps nothing"),
        ("sqlite://", "is a database in memory, which keeps nothing"),
        ("postgresql+asyncpg://postgres@127.0.0.1/test", "asks for the driver 'asyncpg'"),
        ("nonsense", "is not a database URL"),
    ],
)
def test_a_bad_database_url_is_named(tmp_path: Path, url: str, says: str) -> None:
    proc = hamcoach({"HAMCOACH_HOME": str(tmp_path), "HAMCOACH_DATABASE_URL": url}, "today")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert "HAMCOACH_DATABASE_URL=" in line and says in line


def test_an_unusable_data_directory_is_named(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-directory"
    a_file.write_text("x", encoding="utf-8")
    for home in (a_file, Path("/proc/hamcoach-cannot-be-made")):
        proc = hamcoach({"HAMCOACH_HOME": str(home)}, "today")
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert f"error: HAMCOACH_HOME={home} cannot hold hamcoach's data" in proc.stderr


def test_a_database_that_does_not_answer_is_one_line_exit_2(tmp_path: Path) -> None:
    url = "postgresql://postgres:secret@127.0.0.1:1/test"  # nothing listens on port 1
    proc = hamcoach({"HAMCOACH_HOME": str(tmp_path), "HAMCOACH_DATABASE_URL": url}, "today")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert line.startswith(
        "error: cannot use the database at postgresql://postgres:***@127.0.0.1:1/"
    )
    assert "check that the server is running" in line
    assert "secret" not in proc.stderr and "sqlalche.me" not in proc.stderr
