"""Pages for signing in and out, setting a password, and the person's settings: the
calendar feed, the export of everything, and deleting their data."""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hamcoach import passwords
from hamcoach.errors import AccountError, SignInError, TooManyAttemptsError
from hamcoach.services import accounts
from hamcoach.web.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Context,
    Patient,
    Who,
    check_form,
    client,
    who,
)
from hamcoach.web.context import Ctx
from hamcoach.web.forms import sentence, zones
from hamcoach.web.notices import saved_at, saved_words

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=1000)]
Csrf = Annotated[str, Form(max_length=200)]


def secure(request: Request, c: Ctx) -> bool:
    return c.settings.secure_cookies or request.url.scheme == "https"


def set_session(response: Response, request: Request, c: Ctx, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure(request, c),
        path="/",
    )


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/today" if who(request) else "/login", status_code=303)


def _login_page(
    request: Request, c: Ctx, *, message: str = "", status: int = 200, email: str = ""
) -> Response:
    # the sign-in form's token is kept while its cookie lives, so two open sign-in tabs
    # both work; a token that is not one of ours is replaced
    token = request.cookies.get(LOGIN_COOKIE, "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{32}", token):
        token = secrets.token_urlsafe(24)
    context = {"login_token": token, "message": message, "email": email[:254]}
    response = c.render(request, "login.html", context, status=status)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure(request, c)
    )
    return response


@router.get("/login")
def login_form(request: Request, c: Context) -> Response:
    if who(request):
        return RedirectResponse("/today", status_code=303)
    return _login_page(request, c)


@router.post("/login")
def login(request: Request, c: Context, email: Text, password: Text, csrf: Csrf = "") -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(csrf, expected):
        return _login_page(request, c, message="The form was out of date: try again.", status=403)
    try:
        signed = accounts.sign_in(
            c.store,
            email,
            password,
            client=client(request),
            now=c.now(),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
    except SignInError as exc:
        return _login_page(request, c, message=sentence(str(exc)), status=401, email=email)
    except TooManyAttemptsError as exc:
        return _login_page(request, c, message=sentence(str(exc)), status=429, email=email)
    response = RedirectResponse("/today", status_code=303)
    set_session(response, request, c, signed.token)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, user: Patient, c: Context, csrf: Csrf = "") -> Response:
    check_form(request, user, csrf)
    accounts.sign_out(c.store, user.token, now=c.now())
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/set-password/{token}")
def password_form(request: Request, token: str, c: Context) -> Response:
    user = accounts.link_user(c.store, token[:200], now=c.now())
    if user is None:
        return c.render(
            request,
            "error.html",
            {"status": 404, "message": "This link has expired or was used already. "
             "Ask whoever gave it to you for a new one."},
            status=404,
        )  # fmt: skip
    return _password_page(request, c, user.email, token)


def _password_page(request: Request, c: Ctx, email: str, token: str, message: str = "",
                   status: int = 200) -> Response:  # fmt: skip
    return c.render(request, "set_password.html",
                    {"email": email, "token": token, "message": message,
                     "min_length": passwords.MIN_LENGTH, "max_length": passwords.MAX_LENGTH},
                    status=status)  # fmt: skip


@router.post("/set-password/{token}")
def set_password(request: Request, token: str, c: Context, password: Text, again: Text) -> Response:
    user = accounts.link_user(c.store, token[:200], now=c.now())
    if user is None:
        return password_form(request, token, c)
    # every problem at once, said on the page: the browser's minlength bubble is not the
    # only word (a request may come without it)
    why = passwords.problem(password, email=user.email)
    problems = [sentence(why)] if why else []
    if password != again:
        problems.append("The two passwords differ.")
    if not problems:
        try:
            accounts.set_password(c.store, token, password, now=c.now())
        except AccountError as exc:
            problems.append(sentence(str(exc)))
    if problems:
        return _password_page(request, c, user.email, token, " ".join(problems), 400)
    return RedirectResponse("/login", status_code=303)


def settings_response(
    request: Request, user: Who, c: Ctx, *, status: int = 200, **extra: object
) -> Response:
    """The settings page, with ``extra`` (a message, what was saved) for the template."""
    from hamcoach.intake.questions import OFFERED
    from hamcoach.services.equipment import current_equipment
    from hamcoach.web.views import active_plan

    plan = active_plan(c, user.patient_id)
    kit = current_equipment(c.store, user.patient_id) if plan else None
    data = {"user": user, "has_feed": accounts.has_feed(c.store, user.patient_id),
            "feed_url": None, "schedule": plan.schedule if plan else None, "zones": zones(),
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "offered": OFFERED, "kit": kit, "names": c.catalog, **extra}  # fmt: skip
    return c.render(request, "settings.html", data, status=status)


@router.get("/settings")
def settings_page(request: Request, user: Patient, c: Context) -> Response:
    """Settings; ``?saved=...``: what a form just saved (web/notices.py)."""
    from hamcoach.web.views import active_plan

    if "saved" not in request.query_params:
        return settings_response(request, user, c)
    plan = active_plan(c, user.patient_id)
    said = saved_words(request.query_params, c.catalog, plan)
    return settings_response(request, user, c, saved=said)


@router.post("/settings/schedule")
async def change_schedule(request: Request, user: Patient, c: Context) -> Response:
    """A new schedule from today, as `hamcoach plan edit`: every dose so far stays."""
    import datetime as dt

    from hamcoach.domain.fold_values import ChangeKind, PlanChange
    from hamcoach.errors import InputError
    from hamcoach.services.plan_changes import change_plan
    from hamcoach.web.views import active_plan, local_today

    form = await request.form()
    check_form(request, user, str(form.get("csrf", "")))
    days = frozenset(i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
                     if form.get(f"day-{d}"))  # fmt: skip
    try:
        at = dt.time.fromisoformat(str(form.get("time", ""))[:8])
        per_week = int(str(form.get("sessions_per_week", "")))
        minutes = int(str(form.get("max_minutes", "")))
    except ValueError:
        why = "Give a time (HH:MM), 2 or 3 sessions and the minutes."
        return settings_response(request, user, c, status=400, message=why)
    if not 10 <= minutes <= 120:  # as the intake asks
        why = "The longest session can be 10 to 120 minutes."
        return settings_response(request, user, c, status=400, message=why)
    zone = str(form.get("timezone", ""))[:60] or None
    plan = active_plan(c, user.patient_id)
    change = PlanChange(local_today(c, plan), c.now(), ChangeKind.EDIT, days=days, at=at,
                        per_week=per_week, max_minutes=minutes)  # fmt: skip
    try:
        change_plan(c.store, c.catalog, change, patient_id=user.patient_id,
                    rules=c.settings.rules(), timezone=zone)  # fmt: skip
    except InputError as exc:
        return settings_response(request, user, c, status=400, message=sentence(str(exc)))
    accounts.audit(c.store, "plan-edit", now=c.now(), user_id=user.user.id,
                   patient_id=user.patient_id)  # fmt: skip
    return saved_at("/settings", "schedule")


@router.post("/settings/feed")
def rotate_feed(request: Request, user: Patient, c: Context, csrf: Csrf = "") -> Response:
    check_form(request, user, csrf)
    token = accounts.rotate_feed(c.store, user.patient_id, now=c.now(), by=user.user.id)
    base = c.settings.base_url.split("://", 1)[1]
    return settings_response(request, user, c, has_feed=True,
                             feed_url=f"webcal://{base}/calendar/{token}.ics",
                             https_url=f"{c.settings.base_url}/calendar/{token}.ics")  # fmt: skip


@router.get("/export.json")
def export(request: Request, user: Patient, c: Context) -> Response:
    from hamcoach.storage.dump import export_json
    from hamcoach.storage.sql import SqlStore

    assert isinstance(c.store, SqlStore)
    data = export_json(c.store.engine, user.patient_id, now=c.now())
    accounts.audit(c.store, "export", now=c.now(), user_id=user.user.id,
                   patient_id=user.patient_id)  # fmt: skip
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="hamcoach-export.json"'},
    )


@router.post("/settings/delete")
def delete_data(
    request: Request, user: Patient, c: Context, confirm: Text = "", csrf: Csrf = ""
) -> Response:
    check_form(request, user, csrf)
    if confirm.strip().lower() != "delete":
        return settings_response(
            request, user, c, status=400, message="Type the word delete to confirm."
        )
    accounts.delete_person(c.store, user.patient_id, now=c.now(), by=user.user.id)
    response = c.render(request, "deleted.html", {})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
