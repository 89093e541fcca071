"""What every request handler shares: the store, the catalog, the settings, the clock,
the templates; one per app, on ``app.state.ctx``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.templating import Jinja2Templates

from hamcoach.config import DISCLAIMER, Settings
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog
from hamcoach.services.ports import Store

if TYPE_CHECKING:
    from starlette.responses import Response

HERE = Path(__file__).parent


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Ctx:
    settings: Settings
    store: Store
    catalog: Catalog
    clock: Callable[[], dt.datetime] = system_now
    templates: Jinja2Templates | None = None
    pictures: dict[tuple[str, str], str] = field(default_factory=dict)
    """The catalog's pictures drawn so far, by exercise id and kind (the catalog is the
    app's, so they never change while it runs)."""

    def now(self) -> dt.datetime:
        return self.clock()

    def render(
        self, request: Request, name: str, data: dict[str, Any], *, status: int = 200
    ) -> Response:
        assert self.templates is not None
        context = {"disclaimer": DISCLAIMER, "pain_amber_max": R.PAIN_AMBER_MAX, **data}
        return self.templates.TemplateResponse(request, name, context, status_code=status)


def templates() -> Jinja2Templates:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["day"] = day_name
    return Jinja2Templates(env=env)


def when(iso: str) -> str:
    """'2026-11-23T18:00' -> 'Monday 23 November at 18:00'."""
    moment = dt.datetime.fromisoformat(iso)
    return f"{moment:%A} {moment.day} {moment:%B} at {moment:%H:%M}"


def day_name(value: str | dt.date) -> str:
    """'2026-11-23' -> 'Mon 23 Nov'."""
    d = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{d:%a} {d.day} {d:%b}"


def ctx(request: Request) -> Ctx:
    found: Ctx = request.app.state.ctx
    return found
