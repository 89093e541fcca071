"""The live calendar feed: GET /calendar/{token}.ics, for a webcal:// subscription.

The token is the only key (calendar apps send no cookie): 256 random bits, stored as a
digest, rotated from the settings page. It is never logged (the server's access log is
off for this path; see web/serve.py). An unknown token and a malformed one both answer
404. The body depends only on the plan (and on the plans it replaced, which no longer
change: their sessions done stay in the feed, so that a subscribed calendar keeps them), so
its ETag holds until the plan changes, and a calendar that sends it back gets 304. A plan
stopped by a red flag, with no new plan since, still has its feed: its sessions not done
cancelled, so that a subscribed calendar stops reminding the person to train.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from hamcoach.errors import NoActivePlanError
from hamcoach.exports.ical import plan_to_ics
from hamcoach.services import accounts
from hamcoach.services.planning import calendar_plans, plan_history
from hamcoach.web.auth import Context

router = APIRouter(include_in_schema=False)

REFRESH = dt.timedelta(hours=1)
"""How often a subscribed calendar should fetch the feed again."""
ALARM_MINUTES = 30


@router.get("/calendar/{token}.ics")
def calendar_feed(
    request: Request, token: Annotated[str, Path(max_length=100)], c: Context
) -> Response:
    patient_id = accounts.feed_patient(c.store, token)
    if patient_id is None:
        raise HTTPException(404, "no such calendar")
    try:
        plans = calendar_plans(c.store, patient_id)
    except NoActivePlanError:
        raise HTTPException(404, "no plan in this calendar yet") from None
    shown = plans.shown  # the active plan, else the one a red flag stopped
    changed = max(
        [shown.created_at]
        + [h.at for h in plan_history(c.store, patient_id) if h.plan_uid == shown.uid]
    )
    body = plan_to_ics(
        plans.plan,
        alarm_minutes=ALARM_MINUTES,
        now=changed,
        cancelled=plans.cancelled,
        earlier=plans.earlier,
        refresh=REFRESH,
        guided=f"Open the guided session on your phone: {c.settings.base_url}/today",
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"etag": etag, "cache-control": "private, max-age=300"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)
