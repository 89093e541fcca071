"""The patient's pages: today, logging, the morning check-in, the plan, the history and
the exercise library. Forms post to the same use cases as the API (web/views.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import UnknownIdError
from hamcoach.domain.guided import prescribed_sets
from hamcoach.domain.search import search
from hamcoach.domain.training import LoggedSet, logged_sets, nothing_done
from hamcoach.errors import InputError
from hamcoach.exports.catalog_json import exercise_detail
from hamcoach.limits import MAX_HOLD_S, MAX_REPS, MAX_SETS
from hamcoach.messages import NOTHING_DONE, choose_weight
from hamcoach.services.entries import checkin_entry_id, log_entry_id
from hamcoach.services.training import LogEntry
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient, Who, check_form
from hamcoach.web.context import Ctx
from hamcoach.web.forms import numbers, optional_int, sentence, weights

router = APIRouter(include_in_schema=False)

Csrf = Annotated[str, Form(max_length=200)]
Short = Annotated[str, Form(max_length=200)]


@router.get("/today")
def today_page(request: Request, user: Patient, c: Context) -> Response:
    """Today; ``?saved=...``: what a form on it just saved (web/notices.py)."""
    from hamcoach.web.notices import saved_words

    if "saved" not in request.query_params:
        return today_response(request, user, c)
    plan = views.active_plan(c, user.patient_id)
    return today_response(request, user, c,
                          saved=saved_words(request.query_params, c.catalog, plan))  # fmt: skip


def today_response(
    request: Request,
    user: Who,
    c: Ctx,
    *,
    saved: str | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    """Today's page, with what a form on it saved (``saved``) or why it could not
    (``message``)."""
    from hamcoach.services.screenings import standing_referral

    t = views.today(c, user.patient_id)
    held = standing_referral(c.store, user.patient_id) if t.plan is None else None
    context = {"user": user, "t": t, "day": t.day, "held": held, "choose_weight": choose_weight(),
               "saved": saved, "message": message}  # fmt: skip
    return c.render(request, "today.html", context, status=status)


@router.get("/session")
def session_page(request: Request, user: Patient, c: Context) -> Response:
    t = views.today(c, user.patient_id)
    return c.render(
        request,
        "session.html",
        {"user": user, "s": t.session, "items": views.session_items(c, t), "done": t.done,
         "day": t.day, "scale": c.settings.timer_scale, "cramp_rest": R.CRAMP_REST_SECONDS,
         "switch_seconds": R.SIDE_SWITCH_SECONDS},
    )  # fmt: skip


@router.get("/log")
def log_earlier(
    request: Request,
    user: Patient,
    c: Context,
    session: Annotated[int, Query(ge=1, le=10_000)],
    day: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """A session done on an earlier day and not logged then: its cards, as on Today, each
    logging for that day (the session's own day unless the person gives another)."""
    from hamcoach.services.reports import logged_on

    plan, s = views.earlier_session(c, user.patient_id, session)
    today = views.local_today(c, plan)
    on = _day(day, min(dt.date.fromisoformat(s["at"][:10]), today))
    if not plan.start_date <= on <= today:
        first, last = plan.start_date.isoformat(), today.isoformat()
        raise HTTPException(
            400, f"{on.isoformat()} is not a day of your plan so far: choose {first} to {last}"
        )
    return c.render(
        request, "log_session.html",
        {"user": user, "s": s, "log_day": on, "today": today, "first": plan.start_date,
         "done": logged_on(c.store, plan.uid, on), "choose_weight": choose_weight()},
    )  # fmt: skip


def _prescribed(c: Ctx, patient_id: str, exercise_id: str, number: int) -> tuple[LoggedSet, ...]:
    """The sets of ``exercise_id`` in session ``number``, as prescribed."""
    plan = views.active_plan(c, patient_id)
    for s in plan.sessions if plan else ():
        if s.number == number:
            for item in s.session.items:
                if item.exercise_id == exercise_id:
                    return prescribed_sets(item)
    raise HTTPException(404, f"session {number} has no {exercise_id[:60]}")


@router.post("/log")
def log_form(
    request: Request,
    user: Patient,
    c: Context,
    exercise_id: Short,
    csrf: Csrf = "",
    session: Annotated[int | None, Form(ge=1, le=10_000)] = None,
    as_prescribed: Short = "",
    day: Short = "",
    reps: Short = "",
    hold: Short = "",
    load: Short = "",
    pain: Short = "",
    rpe: Short = "",
    quality: Short = "good",
    leg_symptoms: Short = "",
) -> Response:
    check_form(request, user, csrf)
    today = views.local_today(c, views.active_plan(c, user.patient_id))
    known = c.catalog.exercises.get(exercise_id)
    try:  # the problem names its exercise: it is said at the top, far from the card
        on = _day(day, today)
        score = optional_int(pain, "pain", 10)
        if as_prescribed:
            if session is None:
                raise HTTPException(400, "which session: the form lost its session number")
            sets = _prescribed(c, user.patient_id, exercise_id, session)
        else:
            sets = _typed_sets(reps, hold, load, rpe, good_form=quality != "poor")
            if nothing_done(sets, score):
                raise HTTPException(400, NOTHING_DONE)
    except HTTPException as exc:
        if known is None:
            raise
        raise HTTPException(exc.status_code, f"{known.name}: {exc.detail}") from None
    entry = LogEntry(exercise_id, on, sets, score, bool(leg_symptoms))
    result = views.log(c, user.patient_id, entry, user_id=user.user.id)
    if request.headers.get("hx-request") != "true":  # a page: Post/Redirect/Get
        return RedirectResponse(f"/history/{log_entry_id(result.log_key)}", status_code=303)
    name = c.catalog.get(exercise_id).name
    said = views.log_json(c, result, day=on, today=today)
    return c.render(
        request,
        "logged_card.html",
        {"user": user, "name": name, "entry": entry, "r": said,
         "zone": views.pain_zone(entry.pain), "day": on, "earlier": on < today},
    )  # fmt: skip


def _typed_sets(
    reps: str, hold: str, load: str, rpe: str, *, good_form: bool
) -> tuple[LoggedSet, ...]:
    rep_list = numbers(reps, "reps", high=MAX_REPS)
    holds = numbers(hold, "hold", high=MAX_HOLD_S)
    if not rep_list and not holds:
        raise HTTPException(400, "give the reps or the hold seconds of the sets you did")
    count = max(len(rep_list), len(holds))
    if count > MAX_SETS:
        raise HTTPException(400, f"at most {MAX_SETS} sets")
    if rep_list and holds and len(holds) not in {1, count}:
        raise HTTPException(400, f"hold: {len(holds)} values for {count} sets")
    effort = optional_int(rpe, "effort", 10)
    if effort == 0:  # the scale starts at 1 (the terminal's --rpe refuses 0 too)
        raise HTTPException(400, "effort: a whole number from 1 to 10, not '0'")
    return logged_sets(
        rep_list, holds, weights(load, count),
        rpe=float(effort) if effort else None, good_form=good_form,
    )  # fmt: skip


def _day(raw: str, default: dt.date) -> dt.date:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise HTTPException(400, f"'{raw[:20]}' is not a date (YYYY-MM-DD)") from None


@router.get("/checkin")
def checkin_page(request: Request, user: Patient, c: Context) -> Response:
    day = views.local_today(c, views.active_plan(c, user.patient_id))
    return c.render(request, "checkin.html", {"user": user, "day": day})


@router.post("/checkin")
def checkin_form(
    request: Request,
    user: Patient,
    c: Context,
    pain: Short = "",
    csrf: Csrf = "",
    stiffness: Short = "",
    day: Short = "",
) -> Response:
    check_form(request, user, csrf)
    today = views.local_today(c, views.active_plan(c, user.patient_id))
    try:  # a problem is said on the form, with what was typed kept
        on = _day(day, today)
        score = optional_int(pain, "pain", 10)
        if score is None:
            raise HTTPException(400, "pain: choose a number from 0 to 10")
        result = views.checkin(
            c, user.patient_id, on=on, pain=score,
            stiffness=optional_int(stiffness, "stiffness", 10), user_id=user.user.id,
        )  # fmt: skip
    except (HTTPException, InputError) as exc:
        said = str(exc.detail) if isinstance(exc, HTTPException) else str(exc)
        typed = {"pain": pain, "stiffness": stiffness, "day_typed": day}
        return c.render(request, "checkin.html", {"user": user, "day": today, **typed,
                        "message": sentence(said)}, status=400)  # fmt: skip
    # Post/Redirect/Get: Back and reload read the check-in's page, never save it again
    replaced = "?replaced=1" if result.replaced is not None else ""
    return RedirectResponse(f"/history/{checkin_entry_id(on)}{replaced}", status_code=303)


@router.get("/plan")
def plan_page(
    request: Request, user: Patient, c: Context, moved: Annotated[str, Query(max_length=400)] = ""
) -> Response:
    """The plan week by week; ``moved``: the sessions just moved forward (pages_reschedule)."""
    from hamcoach.web.pages_reschedule import moved_sessions

    data = views.plan_json(c, user.patient_id)
    sessions = (data or {}).get("sessions", [])
    weeks: dict[int, list[dict[str, object]]] = {}
    for s in sessions:
        weeks.setdefault(s["week"], []).append(s)
    names = {ex.id: ex.name for ex in c.catalog}
    # the reasons cite "article 003" or a study: say what each one is, once, below
    articles = sorted(c.catalog.sources.values(), key=lambda s: s.id)
    today = views.local_today(c, views.active_plan(c, user.patient_id)).isoformat()
    missed = sum(1 for s in sessions if s["status"] == "planned" and s["at"][:10] < today)
    context = {"user": user, "plan": data, "weeks": weeks, "names": names, "articles": articles,
               "today": today, "missed": missed,
               "moved": moved_sessions(moved, sessions)}  # fmt: skip
    return c.render(request, "plan.html", context)


@router.get("/history")
def history_page(
    request: Request,
    user: Patient,
    c: Context,
    deleted: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """The history; ``deleted``: the id of an entry just deleted, said at the top."""
    from hamcoach.services.entries import deletion

    rows = views.history(c, user.patient_id)
    names = {ex.id: ex.name for ex in c.catalog}
    gone = deletion(c.store, deleted, patient_id=user.patient_id) if deleted else None
    context = {"user": user, "rows": rows[::-1], "names": names, "deleted": gone}
    return c.render(request, "history.html", context)


@router.get("/exercises")
def library(
    request: Request,
    user: Patient,
    c: Context,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    if q.strip():
        hits = [(h.exercise, h.score) for h in search(c.catalog, q)]
    else:
        hits = [(ex, 0.0) for ex in sorted(c.catalog, key=lambda e: e.name)]
    return c.render(request, "library.html", {"user": user, "hits": hits, "q": q})


@router.get("/routines")
def routines(request: Request, user: Patient, c: Context) -> Response:
    found = sorted(c.catalog.routines.values(), key=lambda r: r.name)
    return c.render(request, "routines.html", {"user": user, "routines": found})


@router.get("/routines/{routine_id}")
def routine_page(request: Request, routine_id: str, user: Patient, c: Context) -> Response:
    from hamcoach.exports.catalog_json import routine_detail

    routine = c.catalog.routines.get(routine_id[:80])
    if routine is None:
        raise HTTPException(404, f"no routine '{routine_id[:80]}' (see /routines)")
    return c.render(
        request, "routine.html", {"user": user, "r": routine_detail(c.catalog, routine)}
    )


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str, user: Patient, c: Context) -> Response:
    try:
        ex = c.catalog.get(exercise_id[:80])
    except UnknownIdError as exc:
        raise HTTPException(404, str(exc)) from None
    return c.render(request, "exercise.html", {"user": user, "ex": exercise_detail(c.catalog, ex)})


@router.get("/exercises/{exercise_id}/{kind}.svg")
def exercise_picture(exercise_id: str, kind: str, user: Patient, c: Context) -> Response:
    """The exercise's key positions (``picture``) or its looping movement (``animation``)."""
    if kind not in ("picture", "animation"):
        raise HTTPException(404, "pictures are picture.svg and animation.svg")
    try:
        ex = c.catalog.get(exercise_id[:80])
    except UnknownIdError as exc:
        raise HTTPException(404, str(exc)) from None
    key = (ex.id, kind)
    if key not in c.pictures:
        from hamcoach import pictures

        draw = pictures.animated_svg if kind == "animation" else pictures.static_svg
        c.pictures[key] = draw(ex)
    return Response(c.pictures[key], media_type="image/svg+xml")
