"""One entry of the history: its page (what was logged or checked in and what it decided,
where a log or check-in form goes on to once it is saved), and deleting a wrong entry, as
`hamcoach history delete` does: a page that asks first, then the deletion, after which the
plan is worked out again without it.

Another person's entry is unknown here (404), exactly like one that never existed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from hamcoach.errors import TrainingError
from hamcoach.services import accounts
from hamcoach.services.entries import Entry, delete_entry, find_entry
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient, check_form
from hamcoach.web.context import Ctx
from hamcoach.web.pages import Csrf

router = APIRouter(include_in_schema=False)


def _entry(c: Ctx, patient_id: str, entry_id: str) -> Entry:
    try:
        return find_entry(c.store, entry_id[:40], patient_id=patient_id)
    except TrainingError:
        raise HTTPException(404, f"no entry '{entry_id[:40]}' in your history") from None


@router.get("/history/{entry_id}")
def entry_page(
    request: Request,
    entry_id: str,
    user: Patient,
    c: Context,
    replaced: Annotated[str, Query(max_length=1)] = "",
) -> Response:
    """A log or a check-in and what it decides now: read, never saved again (Back and
    reload after the form are safe). ``replaced=1``: the check-in took the place of an
    earlier one for its day, as the form's answer said."""
    from hamcoach.services.receipts import receipt

    try:
        got = receipt(c.store, c.catalog, entry_id[:40], patient_id=user.patient_id,
                      rules=c.settings.rules())  # fmt: skip
    except TrainingError:
        raise HTTPException(404, f"no entry '{entry_id[:40]}' in your history") from None
    if got.log is not None and got.entry.log is not None:
        log = got.entry.log.log
        today = views.local_today(c, views.active_plan(c, user.patient_id))
        said = views.log_json(c, got.log, day=log.on, today=today)
        return c.render(
            request, "logged.html",
            {"user": user, "name": c.catalog.get(log.exercise_id).name, "entry": log,
             "r": said, "zone": views.pain_zone(log.pain), "day": log.on,
             "earlier": log.on < today},
        )  # fmt: skip
    assert got.checkin is not None and got.entry.checkin is not None
    said = {**views.checkin_json(c, got.checkin), "replaced": replaced == "1"}
    return c.render(
        request, "checked_in.html",
        {"user": user, "r": said, "day": got.entry.day, "pain": got.entry.checkin.checkin.pain},
    )  # fmt: skip


@router.get("/history/{entry_id}/delete")
def confirm_delete(request: Request, entry_id: str, user: Patient, c: Context) -> Response:
    entry = _entry(c, user.patient_id, entry_id)
    return c.render(
        request, "delete_entry.html", {"user": user, "entry": entry, "what": entry.describe()}
    )


@router.post("/history/{entry_id}/delete")
def delete(request: Request, entry_id: str, user: Patient, c: Context, csrf: Csrf = "") -> Response:
    check_form(request, user, csrf)
    entry = _entry(c, user.patient_id, entry_id)
    delete_entry(
        c.store, c.catalog, entry.entry_id, now=c.now(), patient_id=user.patient_id,
        rules=c.settings.rules(),
    )  # fmt: skip
    accounts.audit(
        c.store, "entry-deleted", now=c.now(), user_id=user.user.id,
        patient_id=user.patient_id, detail={"entry": entry.entry_id},
    )  # fmt: skip
    # Post/Redirect/Get: the history, read with GET, says what was deleted and what it
    # changed (the plan's history keeps both)
    return RedirectResponse(f"/history?deleted={entry.entry_id}", status_code=303)
