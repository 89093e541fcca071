"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json), over the same use cases
as the pages (web/views.py). Sign in with POST /login; every other call needs the
session cookie, and each that changes something the X-CSRF-Token header."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from hamcoach.domain.catalog import UnknownIdError
from hamcoach.domain.search import search
from hamcoach.domain.training import LoggedSet
from hamcoach.exports.catalog_json import exercise_detail, exercise_summary
from hamcoach.limits import MAX_HOLD_S, MAX_LOAD_KG, MAX_REPS, MAX_SETS
from hamcoach.services import accounts
from hamcoach.services.training import LogEntry
from hamcoach.web import views
from hamcoach.web.auth import SESSION_COOKIE, ApiUser, Context, check_header, client, owner
from hamcoach.web.pages import set_session

router = APIRouter(tags=["patient"])

PatientId = Annotated[str, Path(max_length=60, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class SetIn(Strict):
    reps: int = Field(0, ge=0, le=MAX_REPS)
    hold_seconds: int | None = Field(None, ge=0, le=MAX_HOLD_S)
    load_kg: float | None = Field(None, gt=0, le=MAX_LOAD_KG)
    rpe: float | None = Field(None, ge=1, le=10)
    good_form: bool = True
    side: Literal["left", "right"] | None = None


class LogIn(Strict):
    exercise_id: str = Field(max_length=80)
    performed_on: dt.date
    sets: list[SetIn] = Field(min_length=1, max_length=MAX_SETS)
    pain: int | None = Field(None, ge=0, le=10, description="Worst pain 0-10; none: no progress")
    leg_symptoms: bool = False
    note: str | None = Field(None, max_length=1000)


class CheckInIn(Strict):
    checked_on: dt.date
    pain: int = Field(ge=0, le=10)
    stiffness: int | None = Field(None, ge=0, le=10)


class NextDose(BaseModel):
    exercise_id: str
    name: str
    dose: str = Field(description="The dose in words, e.g. '2 x 12 reps'")


class DoseChange(BaseModel):
    name: str
    before: str
    after: str


class LogOut(BaseModel):
    """What a log decided: the exercise's next dose and why, or that it is stopped."""

    session_number: int | None = Field(description="The session the log counted for")
    next: NextDose | None = Field(
        description="The exercise's next dose; null when it is paused (see 'stopped'): a "
        "paused exercise has no dose to do until a clinician resumes it"
    )
    stopped: str | None = Field(
        description="Why the exercise (or the whole plan) is stopped for now and what to do, "
        "as Today's 'Stopped for now' says it; null when it goes on"
    )
    rule: str = Field(description="The rule of the decision, e.g. 'pain-red'")
    why: str = Field(description="The decision's reason in words")
    changed: bool = Field(description="Whether the dose changed")
    later_entries: bool = Field(description="Sessions were logged after this log's day")
    rederived: list[DoseChange] = Field(description="Coming doses this log worked out again")
    pauses: list[str] = Field(description="The pauses this log brought, each said once")
    plan_paused: bool = Field(description="The whole plan is paused")
    rest: str | None = Field(
        description="Said when the session this log counted for was done within 48 hours of "
        "another (at least 48 hours between sessions, article 003); null otherwise"
    )


def _me(user: ApiUser) -> dict[str, Any]:
    u = user.user
    return {"email": u.email, "role": u.role.value, "patient_id": u.patient_id}


@router.post("/login", responses={401: {}, 429: {}})
def login(body: LoginIn, request: Request, c: Context) -> JSONResponse:
    signed = accounts.sign_in(
        c.store,
        body.email,
        body.password,
        client=client(request),
        now=c.now(),
        replacing=request.cookies.get(SESSION_COOKIE),
    )
    u = signed.user
    response = JSONResponse(
        {"user": {"email": u.email, "role": u.role.value, "patient_id": u.patient_id},
         "csrf": signed.csrf}
    )  # fmt: skip
    set_session(response, request, c, signed.token)
    return response


@router.post("/logout", status_code=204, responses={401: {}, 403: {}})
def logout(request: Request, user: ApiUser, c: Context) -> Response:
    check_header(request, user)
    accounts.sign_out(c.store, user.token, now=c.now())
    response = Response(status_code=204)  # no body at all: a 204 carries none
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", responses={401: {}})
def me(user: ApiUser) -> dict[str, Any]:
    return _me(user)


@router.get("/patients/{patient_id}/today", responses={401: {}, 404: {}})
def today(patient_id: PatientId, user: ApiUser, c: Context) -> dict[str, Any]:
    return views.today_json(views.today(c, owner(patient_id, user)))


@router.get("/patients/{patient_id}/plan", responses={401: {}, 404: {}})
def plan(patient_id: PatientId, user: ApiUser, c: Context) -> dict[str, Any]:
    data = views.plan_json(c, owner(patient_id, user))
    if data is None:
        raise HTTPException(404, "no plan yet: make one first")
    return data


@router.get("/patients/{patient_id}/history", responses={401: {}, 404: {}})
def history(patient_id: PatientId, user: ApiUser, c: Context) -> list[dict[str, Any]]:
    return views.history(c, owner(patient_id, user))


@router.post("/patients/{patient_id}/logs", status_code=201, response_model=LogOut,
             responses={400: {}, 401: {}, 403: {}, 404: {}})  # fmt: skip
def add_log(
    patient_id: PatientId, body: LogIn, request: Request, user: ApiUser, c: Context
) -> dict[str, Any]:
    pid = owner(patient_id, user)
    check_header(request, user)
    sets = tuple(LoggedSet(**s.model_dump()) for s in body.sets)
    form = LogEntry(
        body.exercise_id, body.performed_on, sets, body.pain, body.leg_symptoms, body.note
    )
    result = views.log(c, pid, form, user_id=user.user.id)
    today = views.local_today(c, views.active_plan(c, pid))
    return views.log_json(c, result, day=body.performed_on, today=today)


@router.post("/patients/{patient_id}/checkins", status_code=201,
             responses={400: {}, 401: {}, 403: {}, 404: {}})  # fmt: skip
def add_checkin(
    patient_id: PatientId, body: CheckInIn, request: Request, user: ApiUser, c: Context
) -> dict[str, Any]:
    pid = owner(patient_id, user)
    check_header(request, user)
    result = views.checkin(
        c, pid, on=body.checked_on, pain=body.pain, stiffness=body.stiffness, user_id=user.user.id
    )
    return views.checkin_json(c, result)


@router.post("/patients/{patient_id}/calendar-feed", status_code=201,
             responses={401: {}, 403: {}, 404: {}})  # fmt: skip
def new_feed(patient_id: PatientId, request: Request, user: ApiUser, c: Context) -> dict[str, Any]:
    pid = owner(patient_id, user)
    check_header(request, user)
    token = accounts.rotate_feed(c.store, pid, now=c.now(), by=user.user.id)
    return {"url": f"{c.settings.base_url}/calendar/{token}.ics"}


@router.get("/exercises", responses={401: {}})
def exercises(
    user: ApiUser, c: Context, q: Annotated[str, Query(max_length=200)] = ""
) -> list[dict[str, Any]]:
    if q.strip():
        return [exercise_summary(h.exercise) for h in search(c.catalog, q)]
    return [exercise_summary(ex) for ex in c.catalog]


@router.get("/exercises/{exercise_id}", responses={401: {}, 404: {}})
def exercise(
    exercise_id: Annotated[str, Path(max_length=80)], user: ApiUser, c: Context
) -> dict[str, Any]:
    try:
        return exercise_detail(c.catalog, c.catalog.get(exercise_id))
    except UnknownIdError as exc:
        raise HTTPException(404, str(exc)) from None
