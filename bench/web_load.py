"""Load on `hamcoach serve --workers 2`: many clients, each logging a set and reading
today in a loop, on PostgreSQL and then on SQLite; beside it, in the same run, the same
server answering a static file (the baseline).

    .venv/bin/python bench/web_load.py [--clients 100] [--seconds 30] [--only sqlite]

Prints requests a second, p50 and p99 latency and errors for each kind of request.
The target (issue 9): p99 under 50 ms for a logged set at 100 clients, 0 errors.
Needs PostgreSQL at 127.0.0.1:5432 (user postgres, database test) for its half.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "a bench pass phrase 42"
FIRST_ERROR: dict[str, str] = {}
"""The first failed answer of each kind, said after the figures."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def prepare(env: dict[str, str], people: int) -> list[str]:
    """People with a plan and an account each, straight through the services."""
    os.environ.update(env)
    from hamcoach.catalog.loader import load_catalog
    from hamcoach.config import Settings
    from hamcoach.services import accounts
    from hamcoach.services.account_ports import Role
    from hamcoach.services.patients import add_patient
    from hamcoach.storage.db import open_database
    from hamcoach.storage.sql import SqlStore
    from profiles import new_plan, profile_data

    catalog = load_catalog().catalog
    store = SqlStore(open_database(Settings.from_env()))
    now = dt.datetime.now(dt.UTC)
    start = (now - dt.timedelta(days=1)).date().isoformat()
    emails = []
    for n in range(people):
        pid = f"p{n}"
        add_patient(store, f"Person {n}", now=now, patient_id=pid)
        data = profile_data(name=f"Person {n}", schedule={"start_date": start})
        new_plan(store, catalog, data, patient_id=pid, now=now)
        new = accounts.add_user(store, f"{pid}@example.com", Role.PATIENT, now=now, patient_id=pid)
        accounts.set_password(store, new.link_token, PASSWORD, now=now)
        emails.append(pid)
    store.engine.dispose()
    return emails


async def sign_in(base: str, pid: str, gate: asyncio.Semaphore) -> dict[str, str] | None:
    """A session for the person (not timed: argon2 is slow on purpose)."""
    import httpx

    async with gate, httpx.AsyncClient(base_url=base, timeout=60) as c:
        try:
            r = await c.post("/api/v1/login", json={"email": f"{pid}@example.com",
                                                    "password": PASSWORD})  # fmt: skip
        except httpx.HTTPError:
            return None
    if r.status_code != 200:
        return None
    # the session cookie goes in the header: the clients that use it are not this one
    return {"x-csrf-token": r.json()["csrf"], "cookie": f"hc_session={r.cookies['hc_session']}"}


async def client_loop(c: Any, pid: str, headers: dict[str, str], until: float,
                      out: dict[str, list[float]], errors: dict[str, int]) -> None:  # fmt: skip
    import httpx

    day = dt.date.today().isoformat()
    body = {"exercise_id": "bridge", "performed_on": day, "pain": 1, "sets": [{"reps": 10}]}
    while time.perf_counter() < until:
        for kind, call in (
            ("log a set", lambda: c.post(f"/api/v1/patients/{pid}/logs", json=body,
                                         headers=headers)),
            ("read today", lambda: c.get(f"/api/v1/patients/{pid}/today", headers=headers)),
            ("static file", lambda: c.get("/static/app.css")),
        ):  # fmt: skip
            t0 = time.perf_counter()
            try:
                r = await call()
                ok = r.status_code < 400
                if not ok:
                    FIRST_ERROR.setdefault(kind, f"{r.status_code} {r.text[:200]}")
            except httpx.HTTPError as exc:
                ok = False
                FIRST_ERROR.setdefault(kind, repr(exc))
            out.setdefault(kind, []).append(time.perf_counter() - t0)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1


def report(name: str, seconds: float, out: dict[str, list[float]], errors: dict[str, int]) -> None:
    print(f"\n{name}: {seconds:.0f} s")
    print(f"  {'request':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, times in out.items():
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"  {kind:<12} {len(times) / seconds:8.1f} {statistics.median(times) * 1000:8.1f} "
              f"{p99 * 1000:8.1f} {errors.get(kind, 0):7d}")  # fmt: skip
    print(f"  sign-ins that failed (before the timed part): {errors.get('login', 0)}")
    for kind, first in FIRST_ERROR.items():
        print(f"  first {kind} error: {first}")
    FIRST_ERROR.clear()


def run(name: str, env: dict[str, str], clients: int, seconds: float) -> None:
    people = prepare(env, clients)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hamcoach", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        out: dict[str, list[float]] = {}
        errors: dict[str, int] = {}

        async def all_clients() -> None:
            gate = asyncio.Semaphore(2)
            sessions = await asyncio.gather(*(sign_in(base, p, gate) for p in people))
            errors["login"] = sum(1 for s in sessions if s is None)
            clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in people]
            until = time.perf_counter() + seconds
            try:
                await asyncio.gather(*(
                    client_loop(c, p, h, until, out, errors)
                    for c, p, h in zip(clients, people, sessions, strict=True) if h is not None
                ))  # fmt: skip
            finally:
                for c in clients:
                    await c.aclose()

        asyncio.run(all_clients())
        report(f"{name}, {clients} clients, 2 workers", seconds, out, errors)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        if args.only in (None, "postgresql"):
            from sqlalchemy import create_engine, text

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                url = f"{PG}?options=-csearch_path%3D{schema}"
                env = {"HAMCOACH_HOME": home + "/pg", "HAMCOACH_DATABASE_URL": url}
                run("PostgreSQL", env, args.clients, args.seconds)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        if args.only in (None, "sqlite"):
            os.environ.pop("HAMCOACH_DATABASE_URL", None)
            run("SQLite", {"HAMCOACH_HOME": home + "/sqlite"}, args.clients, args.seconds)


if __name__ == "__main__":
    main()
