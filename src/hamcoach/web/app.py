"""``create_app(settings)``: the FastAPI app over the services. No import-time side
effects: the database is opened and the catalog loaded when the factory is called.

Errors are mapped here, in one place: InputError -> 400 (UnknownIdError and
NoActivePlanError -> 404, SignInError -> 401, TooManyAttemptsError -> 429),
StorageError -> 503; a page gets an HTML page saying what to do, the API
``{"detail": ...}``. Nothing answers 500 for a person's mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hamcoach.config import Settings
from hamcoach.domain.catalog import Catalog, UnknownIdError
from hamcoach.errors import (
    HamcoachError,
    NoActivePlanError,
    SignInError,
    StorageError,
    TooManyAttemptsError,
)
from hamcoach.services.ports import Store
from hamcoach.web.auth import SignInNeeded
from hamcoach.web.context import HERE, Ctx, ctx, system_now, templates
from hamcoach.web.guard import BodyLimit, SecurityHeaders

API = "/api/v1"


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    catalog: Catalog | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> FastAPI:
    """The app. ``store``, ``catalog`` and ``clock`` default to the settings' database,
    the installed catalog and the system clock (tests pass their own)."""
    settings = settings or Settings.from_env()
    if store is None:
        from hamcoach.storage.db import open_database
        from hamcoach.storage.sql import SqlStore

        store = SqlStore(open_database(settings))
    if catalog is None:
        from hamcoach.catalog.loader import catalog_dirs, load_catalog_cached

        catalog = load_catalog_cached(catalog_dirs([]), settings.cache_dir).catalog
    app = FastAPI(
        title="hamcoach API",
        version="1",
        description="The patient's side of hamcoach. Sign in with POST /api/v1/login; "
        "state-changing calls carry the csrf value it returns in X-CSRF-Token.",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = Ctx(settings, store, catalog, clock or system_now, templates())
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders, secure=settings.secure_cookies)  # outermost: every answer
    _handlers(app)
    from hamcoach.web import (
        api,
        feed,
        pages,
        pages_entries,
        pages_handout,
        pages_intake,
        pages_kit,
        pages_progress,
        pages_reschedule,
        pages_training,
    )

    app.include_router(api.router, prefix=API)
    app.include_router(feed.router)
    app.include_router(pages.router)
    app.include_router(pages_training.router)
    app.include_router(pages_intake.router)
    app.include_router(pages_kit.router)
    app.include_router(pages_progress.router)
    app.include_router(pages_handout.router)
    app.include_router(pages_entries.router)
    app.include_router(pages_reschedule.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API + "/") or request.url.path == API


def _status(exc: HamcoachError) -> int:
    if isinstance(exc, UnknownIdError | NoActivePlanError):
        return 404
    if isinstance(exc, SignInError):
        return 401
    if isinstance(exc, TooManyAttemptsError):
        return 429
    if isinstance(exc, StorageError):
        return 503
    return 400


def problem(request: Request, status: int, message: str) -> Response:
    """The one way an error is answered: JSON for the API, a page for a person."""
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    from hamcoach.web.auth import who

    if request.headers.get("hx-request") == "true":  # htmx: say it at the top of the page
        from fastapi.responses import HTMLResponse
        from markupsafe import escape

        return HTMLResponse(
            f'<p class="problem" role="alert">{escape(message[:1].upper() + message[1:])}</p>',
            status_code=status,
            headers={"HX-Retarget": "#problem", "HX-Reswap": "innerHTML show:top"},
        )
    signed = who(request) if status != 401 else None
    return ctx(request).render(
        request, "error.html", {"status": status, "message": message, "user": signed},
        status=status,
    )  # fmt: skip


PLAIN: dict[str, str] = {
    "missing": "is needed",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "bool_parsing": "must be yes or no",
    "date_parsing": "must be a date like 2026-11-24",
    "date_from_datetime_parsing": "must be a date like 2026-11-24",
    "json_invalid": "is not valid JSON",
    "string_too_long": "is too long (at most {max_length} characters)",
    "string_too_short": "is too short (at least {min_length} characters)",
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be below {lt}",
    "greater_than": "must be above {gt}",
    "enum": "must be one of: {expected}",
    "literal_error": "must be one of: {expected}",
    "too_long": "has too many items (at most {max_length})",
}
"""Validation failures in words a person can act on, not the framework's."""


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
        words = PLAIN.get(str(err.get("type")))
        try:
            said = words.format(**err.get("ctx", {})) if words else None
        except (KeyError, IndexError):
            said = None
        parts.append(
            f"{where or 'the request'} {said}"
            if said
            else f"{where or 'request'}: {err.get('msg', 'not valid')}"
        )
    return "; ".join(parts) or "the request is not valid"


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(HamcoachError)
    async def hamcoach_error(request: Request, exc: HamcoachError) -> Response:
        return problem(request, _status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem(request, 422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail: Any = exc.detail
        message = detail if isinstance(detail, str) else "not found"
        if exc.status_code == 404 and message == "Not Found":
            message = "there is no such page"
        if exc.status_code == 405:
            message = "that method is not allowed here"
        return problem(request, exc.status_code, message)

    @app.exception_handler(SignInNeeded)
    async def sign_in_first(request: Request, exc: SignInNeeded) -> Response:
        return RedirectResponse("/login", status_code=303)
