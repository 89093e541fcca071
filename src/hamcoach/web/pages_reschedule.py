"""Moving missed sessions forward, as `hamcoach plan reschedule` does: a page that says which
sessions move to which days before the person confirms (the same fold, nothing stored), and
the form that moves them (the same use case and event as the terminal's, and an audit line).

The form sends back a digest of the moves it showed: should they have changed since (a log
in another tab, midnight), nothing moves and the page shows the new ones. A second submit
finds nothing missed and lands on the page that says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hamcoach.domain.plan import Plan
from hamcoach.services import accounts
from hamcoach.services.planning import missed_moves, reschedule_active_plan
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient, Who, check_form
from hamcoach.web.context import Ctx

router = APIRouter(include_in_schema=False)

Csrf = Annotated[str, Form(max_length=200)]
Short = Annotated[str, Form(max_length=200)]
Move = tuple[int, dt.datetime, dt.datetime]
"""(session number, its time before, its time after)."""


def _minute(at: dt.datetime) -> str:
    return at.isoformat(timespec="minutes")


def seen_key(moves: list[Move]) -> str:
    """The moves the page showed, as its form sends them back."""
    text = ";".join(f"{n}:{_minute(a)}" for n, _, a in sorted(moves))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _moves(c: Ctx, user: Who, day: dt.date) -> list[Move]:
    return missed_moves(c.store, c.catalog, from_day=day, now=c.now(), patient_id=user.patient_id,
                        rules=c.settings.rules())  # fmt: skip


def _shown(plan: Plan, moves: list[Move], day: dt.date) -> dict[str, Any]:
    """The moves as the page says them: the missed sessions, then those that move along."""
    weeks = {s.number: s.session.week for s in plan.sessions}
    rows = [{"number": n, "week": weeks[n], "before": _minute(b), "after": _minute(a),
             "missed": b.date() < day} for n, b, a in sorted(moves)]  # fmt: skip
    after = {n: a for n, _, a in moves}
    ends = max(after.get(s.number, s.at) for s in plan.sessions).date()
    missed = [r for r in rows if r["missed"]]
    along = [r for r in rows if not r["missed"]]
    return {"missed": missed, "along": along, "ends": ends, "ended": plan.end_date}


def reschedule_response(
    request: Request, user: Who, c: Ctx, *, status: int = 200, message: str | None = None
) -> Response:
    plan = views.active_plan(c, user.patient_id)
    data: dict[str, Any] = {"user": user, "plan": plan, "message": message}
    if plan is not None:
        day = views.local_today(c, plan)
        moves = _moves(c, user, day)
        data.update(day=day, seen=seen_key(moves), **_shown(plan, moves, day))
    return c.render(request, "reschedule.html", data, status=status)


@router.get("/plan/reschedule")
def reschedule_page(request: Request, user: Patient, c: Context) -> Response:
    return reschedule_response(request, user, c)


@router.post("/plan/reschedule")
def reschedule(
    request: Request, user: Patient, c: Context, csrf: Csrf = "", seen: Short = ""
) -> Response:
    """Move the sessions missed before today, as `plan reschedule` does (its default day)."""
    check_form(request, user, csrf)
    plan = views.active_plan(c, user.patient_id)
    if plan is None:  # the page says there is no plan
        return RedirectResponse("/plan/reschedule", status_code=303)
    day = views.local_today(c, plan)
    moves = _moves(c, user, day)
    if not moves:  # nothing missed, or moved already (a second tap): the page says so
        return RedirectResponse("/plan/reschedule", status_code=303)
    if seen != seen_key(moves):
        why = ("What would move has changed since the page was shown: nothing has moved. "
               "Check the new days below, then confirm again.")  # fmt: skip
        return reschedule_response(request, user, c, status=409, message=why)
    moved = reschedule_active_plan(
        c.store, c.catalog, from_day=day, now=c.now(), patient_id=user.patient_id,
        rules=c.settings.rules(),
    )  # fmt: skip
    accounts.audit(
        c.store, "plan-reschedule", now=c.now(), user_id=user.user.id,
        patient_id=user.patient_id,
        detail={"from": day.isoformat(),
                "moved": [[n, _minute(b), _minute(a)] for n, b, a in moved]},
    )  # fmt: skip
    numbers = ",".join(str(n) for n, _, _ in sorted(moved))
    return RedirectResponse(f"/plan?moved={numbers}", status_code=303)


def moved_sessions(raw: str, sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Plan page's ``?moved=2,3,4`` (where a move lands): those sessions, at their days
    now. Anything else in it is ignored: it only chooses what the page repeats."""
    wanted = {int(n) for n in raw.split(",") if re.fullmatch(r"[0-9]{1,5}", n.strip())}
    return [s for s in sessions if s["number"] in wanted]
