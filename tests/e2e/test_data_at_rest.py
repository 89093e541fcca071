"""Data at rest (issue 8, points 16 and 18): the data folder is private, nothing in the
cache can run code or crash a command, files are replaced whole, and a data folder or
database that cannot be used (read-only, full, newer) is one line, exit 2."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hamcoach.files import write_atomic
from profiles import profile_data

START = dt.date.today() - dt.timedelta(days=3)


def run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "HAMCOACH_HOME": str(home), "HAMCOACH_TIMER_SCALE": "0", **env}
    full.pop("HAMCOACH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "hamcoach", *args],
        env=full, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def ok(home: Path, *args: str) -> str:
    proc = run(home, *args)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rest")
    profile = root / "me.yaml"
    profile.write_text(yaml.safe_dump(profile_data(schedule={"start_date": START.isoformat()})))
    ok(root / "home", "plan", "create", "--profile", str(profile))
    ok(root / "home", "today")  # writes the snapshot
    return root / "home"


@pytest.fixture
def home(made: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "home"
    shutil.copytree(made, copied)
    return copied


def test_the_data_folder_is_private(made: Path) -> None:
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    files = [p for p in made.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"hamcoach.db", ".welcomed", "today.json"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in [p for p in made.rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


class _Planted:
    """A pickle that creates a file when unpickled: what an attacker would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[return-value]


def test_a_planted_cache_runs_no_code(home: Path, tmp_path: Path) -> None:
    expected = ok(home, "exercises", "list")
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    [cached] = (home / "cache").glob("catalog-*.json")
    for path in (cached, cached.with_suffix(".pickle")):
        path.write_bytes(payload)
    assert ok(home, "exercises", "list") == expected
    assert not marker.exists()


def test_a_damaged_cache_is_rebuilt(home: Path) -> None:
    expected = ok(home, "exercises", "show", "bridge")
    [cached] = (home / "cache").glob("catalog-*.json")
    good = cached.read_bytes()
    rng = random.Random(8)
    for _ in range(12):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 5)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cached.write_bytes(bytes(damaged[: rng.randint(len(good) // 2, len(good))]))
        assert ok(home, "exercises", "show", "bridge") == expected
    assert cached.read_bytes() == good  # rebuilt as it was


def test_a_tampered_today_snapshot_is_rebuilt(home: Path) -> None:
    import json

    expected = ok(home, "today")
    snapshot = home / "cache" / "today.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    tampered = [
        {**data, "sessions": "garbage"},
        {**data, "sessions": [{"number": 1}]},
        {**data, "sessions": [{**data["sessions"][0], "at": "not a date"}]},
        {**data, "sessions": [{**data["sessions"][0], "items": [{"name": 1}]}]},
        {**data, "total": "x"},
    ]
    for bad in tampered:
        snapshot.write_text(json.dumps(bad), encoding="utf-8")
        os.utime(snapshot)
        assert ok(home, "today") == expected
    snapshot.write_bytes(b"\x80\x04garbage")
    assert ok(home, "today") == expected


def test_an_export_keeps_the_files_mode_and_leaves_no_temporary_file(
    home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.ics"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    ok(home, "calendar", "export", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    # a write that fails part-way (the target is a folder) leaves nothing behind
    blocked = out / "blocked.ics"
    blocked.mkdir()
    proc = run(home, "calendar", "export", "-o", str(blocked))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"error: cannot write {blocked}" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["blocked.ics", "plan.ics"]


def test_a_symlink_planted_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    """The old helper wrote to '<target>.<pid>.tmp', following a symlink planted there."""
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "cal.ics"
    (tmp_path / f"cal.ics.{os.getpid()}.tmp").symlink_to(victim)
    write_atomic(target, "new")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert target.read_text(encoding="utf-8") == "new" and not target.is_symlink()


def test_a_database_from_a_newer_hamcoach_is_named(home: Path) -> None:
    with sqlite3.connect(home / "hamcoach.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    proc = run(home, "plan", "show")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert f"the database at {home / 'hamcoach.db'} was made by a newer hamcoach" in line
    assert "(revision 0042;" in line


def _namespace() -> bool:
    """Whether this machine lets a test mount a small filesystem of its own (a user
    namespace): a real read-only or full disk, without root."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
        capture_output=True, check=False,
    )  # fmt: skip
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(not _namespace(), reason="cannot mount a tmpfs here")


def _in_namespace(made: Path, tmp_path: Path, script: str) -> str:
    """Run ``script`` (sh) with $D a fresh 4 MB tmpfs holding a copy of ``made`` as
    $D/home, and $HC the hamcoach command; returns its output."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    body = (
        f'set -u; D={mount}; mount -t tmpfs -o size=4m tmpfs "$D" || exit 99\n'
        f'cp -a {made} "$D/home"; export HAMCOACH_HOME="$D/home" HAMCOACH_TIMER_SCALE=0\n'
        f'HC="{sys.executable} -m hamcoach"\n{script}'
    )
    env = {k: v for k, v in os.environ.items() if k != "HAMCOACH_DATABASE_URL"}
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", body],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr


@needs_namespace
def test_a_full_disk_is_one_line_and_stores_nothing(made: Path, tmp_path: Path) -> None:
    out = _in_namespace(
        made,
        tmp_path,
        'head -c 8M /dev/zero > "$D/fill" 2>/dev/null\n'
        '$HC log leg-swings --reps 8,8 --pain 1; echo "log exit $?"\n'
        '$HC checkin --pain 1; echo "checkin exit $?"\n'
        'rm "$D/fill"; $HC history --json; echo "history exit $?"\n',
    )
    assert "Traceback" not in out and "sqlalche.me" not in out
    assert "log exit 2" in out and "checkin exit 2" in out
    errors = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    for line in errors:
        assert "cannot use the database" in line and "free some space on that disk" in line
    assert "history exit 0" in out and out.count("[]") == 1  # history --json: no log was kept


@needs_namespace
def test_a_read_only_data_folder_is_one_line(made: Path, tmp_path: Path) -> None:
    out = _in_namespace(
        made,
        tmp_path,
        'mount -o remount,ro "$D" || exit 98\n'
        '$HC log leg-swings --reps 8,8 --pain 1; echo "log exit $?"\n',
    )
    assert "Traceback" not in out and "log exit 2" in out
    [line] = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert "HAMCOACH_HOME=" in line and "cannot hold hamcoach's data: Read-only file system" in line
    assert "set HAMCOACH_HOME to a folder you can write to" in line


def test_files_written_with_a_persons_data_are_0600_whatever_the_umask(
    home: Path, tmp_path: Path
) -> None:
    """Found by a first-time user: `export -o`, `calendar export -o` and `progress --plot`
    wrote health data readable by everyone (the umask's 0644); a file that exists keeps
    the mode its owner gave it (test_an_export_keeps_the_files_mode...)."""
    out = tmp_path / "out"
    written = [out / "backup.json", out / "log.csv", out / "plan.ics", out / "progress.svg"]
    previous = os.umask(0o022)
    try:
        ok(home, "export", "-o", str(written[0]))
        ok(home, "export", "--format", "csv", "-o", str(written[1]))
        ok(home, "calendar", "export", "-o", str(written[2]))
        ok(home, "progress", "--plot", str(written[3]))
        for path in written:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        # the calendar file rewritten after a change, when it was removed meanwhile
        written[2].unlink()
        ok(home, "log", "bridge", "--reps", "10,10", "--pain", "1")
        assert stat.S_IMODE(written[2].stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert written[2].read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert written[3].read_text(encoding="utf-8").lstrip().startswith("<?xml")
