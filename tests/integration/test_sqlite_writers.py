"""SQLite's writers queue on a lock file beside the database (storage/db.py ``_Writers``),
across processes: a real second process, a real file, a real ``flock``.

The queue only shortens the wait (SQLite's own write lock keeps writes apart whatever
happens); these tests show that a write holds it and that a writer in another process
waits for it, then writes, losing nothing.
"""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from hamcoach.storage.db import make_engine, unit_of_work

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

WRITER = """
import sys
import sqlalchemy as sa
from hamcoach.storage.db import make_engine, unit_of_work
engine = make_engine(sys.argv[1])
with unit_of_work(engine, write=True) as s:
    print("inside", flush=True)
    s.execute(sa.text("INSERT INTO t (v) VALUES (:v)"), {"v": sys.argv[2]})
    sys.stdin.readline()  # held until the test says go
print("done", flush=True)
"""


def _database(tmp_path: Path) -> tuple[str, Path]:
    db = tmp_path / "hamcoach.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    with unit_of_work(engine, write=True) as s:
        s.execute(sa.text("CREATE TABLE t (v TEXT)"))
    engine.dispose()
    return url, Path(f"{db}-writers")


def _writer(url: str, value: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, value],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _values(url: str) -> list[str]:
    engine = make_engine(url)
    with unit_of_work(engine) as s:
        found = [str(v) for v in s.execute(sa.text("SELECT v FROM t ORDER BY v")).scalars()]
    engine.dispose()
    return found


def _taken(lock: Path) -> bool:
    """Whether another process holds the writers' lock now (tried without waiting)."""
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the file lets go of a lock taken here
    return False


def test_a_write_holds_the_writers_lock_until_it_commits(tmp_path: Path) -> None:
    url, lock = _database(tmp_path)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600  # health data's folder: private
    proc = _writer(url, "a")
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "inside"
    assert _taken(lock)
    out, _ = proc.communicate("go\n", timeout=60)
    assert proc.returncode == 0 and out.split() == ["done"]
    assert not _taken(lock)
    assert _values(url) == ["a"]


def test_a_writer_in_another_process_waits_for_the_lock_then_writes(tmp_path: Path) -> None:
    url, lock = _database(tmp_path)
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # this process is "writing"
    try:
        proc = _writer(url, "b")
        assert proc.stdout is not None and proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(1.0)
        assert proc.poll() is None  # still queued: it has not begun its transaction
        assert _values(url) == []
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert out.split() == ["inside", "done"]
    assert _values(url) == ["b"]


def test_a_database_in_memory_writes_without_a_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine = make_engine("sqlite://")
    with unit_of_work(engine, write=True) as s:
        s.execute(sa.text("CREATE TABLE t (v TEXT)"))
        s.execute(sa.text("INSERT INTO t (v) VALUES ('x')"))
    with unit_of_work(engine) as s:
        assert s.execute(sa.text("SELECT v FROM t")).scalar_one() == "x"
    engine.dispose()
    assert list(tmp_path.iterdir()) == []
