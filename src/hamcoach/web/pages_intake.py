"""The intake in the browser: the same questions, screening and rules as `hamcoach start`,
in three steps. The answers so far travel in a hidden field and are checked again, whole,
by the profile's own validation (intake/schema.py) before anything is built.

An emergency answer stops at once and shows the urgent page (the screening is stored, no
more questions); a "see a clinician first" answer shows the referral, with no plan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from hamcoach.domain.profile import Experience, PainArea, Profile, Sex, Weekday
from hamcoach.domain.screening import EARLIER_YES, Urgency, questions_for
from hamcoach.errors import InputError
from hamcoach.intake.questions import BASELINE, CONDITIONS, DEFAULT_SCHEDULE, OFFERED
from hamcoach.services import accounts
from hamcoach.services.patients import who
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient, Who, check_form
from hamcoach.web.context import Ctx
from hamcoach.web.forms import sentence, zones

router = APIRouter(include_in_schema=False)

Field = Annotated[str, Form(max_length=200)]
STEPS = 3


def _page(request: Request, c: Ctx, user: Who, step: int, data: dict[str, Any],
          message: str = "", status: int = 200, given: dict[str, str] | None = None,
          problems: dict[str, str] | None = None) -> Response:  # fmt: skip
    area = PainArea(data["pain_area"]) if "pain_area" in data else None
    return c.render(
        request,
        f"start{step}.html",
        {"user": user, "step": step, "steps": STEPS, "data": data, "state": json.dumps(data),
         "message": message, "areas": list(PainArea), "sexes": list(Sex),
         "questions": questions_for(area) if area else (), "conditions": CONDITIONS,
         "baseline": BASELINE, "equipment": OFFERED, "experience": list(Experience),
         "weekdays": list(Weekday), "zones": zones(), "today": views.local_today(c, None),
         "zone": who(c.store, user.patient_id).timezone or "UTC",
         "replacing": views.active_plan(c, user.patient_id) is not None,
         "given": given or {}, "problems": problems or {}, "routine_name": _routine_name(c, data)},
        status=status,
    )  # fmt: skip


def _routine_name(c: Ctx, data: dict[str, Any]) -> str | None:
    """The name of the routine the plan will follow, as the library shows it (not its id)."""
    ident = data.get("routine")
    routine = c.catalog.routines.get(ident) if isinstance(ident, str) else None
    return routine.name if routine is not None else None


def _state(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise HTTPException(400, "the form lost its earlier answers: start again at /start")
    return data


def _reader(form: Any) -> Callable[[str], str]:
    """A form's field as text, at most 200 characters ('' when absent)."""

    def get(key: str) -> str:
        return str(form.get(key, ""))[:200]

    return get


def _whole(raw: str, field: str, low: int, high: int, *, optional: bool = False) -> int | None:
    text = raw.strip()
    if not text and optional:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise HTTPException(400, f"{field}: a whole number from {low} to {high}, please")
    return int(text)


@router.get("/start")
def start(request: Request, user: Patient, c: Context, routine: str = "") -> Response:
    """The intake; ``routine`` (from the library's "add to my calendar") builds the plan
    from that routine, after the same screening."""
    held = _held_back(request, c, user)
    if held is not None:
        return held
    data: dict[str, Any] = {"name": who(c.store, user.patient_id).display_name}
    if routine:
        if routine[:80] not in c.catalog.routines:
            raise HTTPException(404, f"no routine '{routine[:80]}' (see /routines)")
        data["routine"] = routine
    return _page(request, c, user, 1, data)


def _held_back(request: Request, c: Ctx, user: Who) -> Response | None:
    """The referral page again while the last screening's flags stand: answering again is
    not the way on (a clinician's clearance is; an emergency sign never clears here)."""
    from hamcoach.exports.views.clearances import question_text
    from hamcoach.services.screenings import standing_referral

    held = standing_referral(c.store, user.patient_id)
    if held is None:
        return None
    return c.render(request, "held.html",
                    {"user": user, "held": held,
                     "questions": [question_text(f) for f in held.flags]})  # fmt: skip


@router.post("/start/about")
async def about(request: Request, user: Patient, c: Context) -> Response:
    form = await request.form()
    check_form(request, user, str(form.get("csrf", "")))
    held = _held_back(request, c, user)
    if held is not None:
        return held
    get = _reader(form)
    data, problems = _about_answers(get, c)
    if problems:
        kept = {"name": get("name"), "routine": get("routine") or None}
        typed = {key: get(key) for key in ABOUT_FIELDS}
        return _page(request, c, user, 1, {k: v for k, v in kept.items() if v}, status=400,
                     given=typed, problems=problems)  # fmt: skip
    return _page(request, c, user, 2, data)


ABOUT_FIELDS = (
    *("name", "age", "sex", "pain_area", "pain_now"),
    *(f"{kind}{n}" for n in range(1, 4) for kind in ("activity", "ability")),
)
"""Step 1's fields, each kept as typed when the step is asked again."""


def _about_answers(get: Callable[[str], str], c: Ctx) -> tuple[dict[str, Any], dict[str, str]]:
    """Step 1's answers, and every problem in them at once, by field (empty when none)."""
    problems: dict[str, str] = {}

    def whole(key: str, field: str, low: int, high: int) -> int | None:
        try:
            return _whole(get(key), field, low, high)
        except HTTPException as exc:
            problems[key] = sentence(str(exc.detail))
            return None

    area = get("pain_area")
    data: dict[str, Any] = {
        "name": get("name").strip() or "Me",
        "age": whole("age", "age", 12, 110),
        "pain_area": area,
        "pain_now": whole("pain_now", "pain right now", 0, 10),
        "activities": [],
    }
    if area not in {a.value for a in PainArea}:
        problems["pain_area"] = "Where it hurts: choose one of the four."
    if get("sex") in {s.value for s in Sex}:
        data["sex"] = get("sex")
    for n in range(1, 4):
        name = get(f"activity{n}").strip()
        if name:
            ability = whole(f"ability{n}", f"how well you can do '{name}'", 0, 10)
            data["activities"].append({"name": name, "ability": ability})
    routine = get("routine")
    if routine in c.catalog.routines:
        data["routine"] = routine
    return data, dict(sorted(problems.items(), key=lambda kv: ABOUT_FIELDS.index(kv[0])))


@router.post("/start/safety")
async def safety(request: Request, user: Patient, c: Context) -> Response:
    form = await request.form()
    check_form(request, user, str(form.get("csrf", "")))
    held = _held_back(request, c, user)
    if held is not None:
        return held
    data = _state(str(form.get("state", "")))
    if data.get("pain_area") not in {a.value for a in PainArea}:
        raise HTTPException(400, "the form lost its earlier answers: start again at /start")
    asked = questions_for(PainArea(data["pain_area"]))
    answers: dict[str, bool] = {}
    given = {q.id: str(form.get(q.id)) for q in asked if form.get(q.id) in ("yes", "no")}
    for q in asked:  # in order: an emergency yes stops at that question
        value = str(form.get(q.id, ""))
        if value not in {"yes", "no"}:
            message = f"Answer every question: “{q.text}”"
            return _page(request, c, user, 2, data, message, 400, given=given)
        answers[q.id] = value == "yes"
        if answers[q.id] and q.urgency is Urgency.EMERGENCY:
            return _refer(request, c, user, {**data, "red_flags": answers}, emergency=True)
    data["red_flags"] = answers
    if any(answers.values()):
        return _refer(request, c, user, data, emergency=False)
    return _page(request, c, user, 3, data)


def _refer(request: Request, c: Ctx, user: Who, data: dict[str, Any], *, emergency: bool
           ) -> Response:  # fmt: skip
    from hamcoach.intake.questions import answers_so_far
    from hamcoach.intake.schema import parse_profile

    day = views.local_today(c, None)
    if emergency:
        profile = answers_so_far(data, day)
    else:
        schedule = {**DEFAULT_SCHEDULE, "start_date": day.isoformat()}
        profile = parse_profile({**data, "schedule": schedule}, where="your answers").to_domain()
    return _screen(request, c, user, profile, emergency=emergency)


def _screen(request: Request, c: Ctx, user: Who, profile: Profile, *, emergency: bool = False
            ) -> Response:  # fmt: skip
    """Screen and store (create_plan), say it in the audit log, and show the plan, or the
    referral when the screening made none."""
    from hamcoach.services.planning import create_plan

    outcome = create_plan(c.store, c.catalog, profile, now=c.now(), patient_id=user.patient_id)
    action = "plan-created" if outcome.plan is not None else "screening-referred"
    accounts.audit(c.store, action, now=c.now(), user_id=user.user.id,
                   patient_id=user.patient_id)  # fmt: skip
    if outcome.plan is not None:
        return RedirectResponse("/plan", status_code=303)
    return c.render(request, "referral.html",
                    {"user": user, "s": outcome.screening, "emergency": emergency,
                     "stopped": outcome.archived, "earlier_yes": EARLIER_YES})  # fmt: skip


@router.post("/start/plan")
async def make_plan(request: Request, user: Patient, c: Context) -> Response:
    form = await request.form()
    check_form(request, user, str(form.get("csrf", "")))
    held = _held_back(request, c, user)
    if held is not None:
        return held
    data = _state(str(form.get("state", "")))
    get = _reader(form)
    # each answered, never a "no" by default: a skimmed question is asked again
    answers = {key: get(key) for key, _ in CONDITIONS}
    data["conditions"] = {k: a == "yes" for k, a in answers.items() if a in ("yes", "no")}
    unanswered = [text for key, text in CONDITIONS if key not in data["conditions"]]
    data["equipment"] = [e.value for e in OFFERED if form.get(f"kit-{e.value}")]
    data["experience"] = get("experience") or "none"
    try:
        data["schedule"] = {
            "days": [d.value for d in Weekday if form.get(f"day-{d.value}")],
            "sessions_per_week": _whole(get("sessions_per_week"), "sessions a week", 2, 3),
            "time": get("time") or "18:00",
            "max_minutes": _whole(get("max_minutes"), "longest session", 10, 120),
            "start_date": get("start_date"),
            "timezone": get("timezone") or None,
        }
        data["baseline"] = {
            key: value
            for key, text, high in BASELINE
            if (value := _whole(get(key), text, 0, high, optional=True)) is not None
        }
    except HTTPException as exc:
        return _page(request, c, user, 3, data, sentence(str(exc.detail)), 400)
    if unanswered:
        return _page(request, c, user, 3, data, "Answer each question about your health, yes "
                     f"or no: {unanswered[0]}", 400)  # fmt: skip
    if not data["schedule"]["days"]:
        return _page(request, c, user, 3, data, "Tick the days you can train.", 400)
    if get("start_date") and get("start_date") < views.local_today(c, None).isoformat():
        return _page(request, c, user, 3, data, "Start today or later, not in the past.", 400)
    return _build(request, c, user, data)


def _build(request: Request, c: Ctx, user: Who, data: dict[str, Any]) -> Response:
    from hamcoach.intake.schema import parse_profile

    try:
        model = parse_profile(data, where="your answers")
    except InputError as exc:
        return _page(request, c, user, 3, data, str(exc), 400)
    return _screen(request, c, user, model.to_domain())
