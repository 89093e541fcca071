"""Running the app: uvicorn for one worker, gunicorn with uvicorn workers for more.

The access log is off: a request line would carry the calendar feed's token (its only
key) into the logs. Sign-ins and every change to a person's plan are in the audit log
(the audit_log table) instead.
"""

from __future__ import annotations

import os
from typing import Any

from hamcoach.config import Settings


def factory() -> Any:
    """For servers that import the app by name: ``hamcoach.web.serve:factory``.

    What making the app loaded (the framework, SQLAlchemy, the catalog: about 120,000
    objects) is then frozen out of the garbage collector's reach (``gc.freeze``): a full
    collection walked all of it, a pause of some 30 ms on the 2-core machine that landed
    on whichever request was running."""
    import gc

    from hamcoach.web.app import create_app

    app = create_app(Settings.from_env())
    gc.collect()
    gc.freeze()
    return app


def run(settings: Settings, *, host: str, port: int, workers: int) -> None:
    # open (and migrate) the database once, before any worker starts
    from hamcoach.storage.db import open_database

    open_database(settings).dispose()
    if not os.environ.get("HAMCOACH_BASE_URL"):  # links and feeds point at this server
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        os.environ["HAMCOACH_BASE_URL"] = f"http://{shown}:{port}"
    print(
        f"hamcoach: serving http://{host}:{port} with {workers} worker(s); links and calendar "
        f"feeds use {os.environ['HAMCOACH_BASE_URL']} (HAMCOACH_BASE_URL). Ctrl-C stops.",
        flush=True,
    )
    if workers == 1:
        import uvicorn

        uvicorn.run(
            "hamcoach.web.serve:factory",
            factory=True,
            host=host,
            port=port,
            access_log=False,
            proxy_headers=True,
            log_level="warning",
        )
        return
    _gunicorn(host, port, workers)


def _gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "uvicorn_worker.UvicornWorker")
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")

        def load(self) -> Any:
            return factory()

    os.environ.setdefault("FORWARDED_ALLOW_IPS", "127.0.0.1")
    App().run()
