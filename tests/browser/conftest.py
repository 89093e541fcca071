"""A real server (uvicorn, in a thread) over a SQLite file, and Debian's Chromium driven by
Playwright. The app's clock is the test's, so the next morning comes at once.

Chromium comes from Debian (`apt-get install chromium`; `make test` installs it), never
from `playwright install`. Without it the browser tests skip, but fail under CI=1.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hamcoach.config import Settings
from hamcoach.storage.db import open_database
from hamcoach.storage.sql import SqlStore
from webkit import Clock

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path, catalog: Any) -> Iterator[tuple[str, Clock, SqlStore]]:
    import uvicorn

    from hamcoach.web.app import create_app

    settings = Settings(home=tmp_path / "home", timer_scale=0.01)  # timers 100x faster
    store = SqlStore(open_database(settings))
    clock = Clock(dt.datetime(2026, 11, 23, 7, 30, tzinfo=dt.UTC))
    app = create_app(settings, store=store, catalog=catalog, clock=clock)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", clock, store
    srv.should_exit = True
    thread.join(timeout=10)
    store.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required under CI and is not at {CHROMIUM}")
        pytest.skip("no Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield b
        b.close()
