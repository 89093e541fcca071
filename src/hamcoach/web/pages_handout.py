"""GET /handout.pdf: the signed-in person's plan as a handout to print, the same PDF as
`hamcoach handout` (exports/handout/). The calendar feed's address is never printed here:
only its digest is stored, so the page does not know it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from hamcoach.exports.handout import Paper
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient

router = APIRouter(include_in_schema=False)


@router.get("/handout.pdf")
def handout_pdf(
    user: Patient,
    c: Context,
    paper: Annotated[Paper, Query()] = Paper.A4,
) -> Response:
    from hamcoach.exports.handout.build import plan_handout
    from hamcoach.exports.handout.typeset import render_pdf
    from hamcoach.pictures import static_svg
    from hamcoach.services.handouts import plan_reader

    found = plan_reader(c.store, user.patient_id)  # no plan: NoActivePlanError, a 404 page
    handout = plan_handout(
        found.plan,
        c.catalog,
        person=found.name,
        today=views.local_today(c, found.plan),
        picture=static_svg,
    )
    return Response(
        render_pdf(handout, paper=paper),
        media_type="application/pdf",
        headers={
            "content-disposition": 'inline; filename="hamcoach-handout.pdf"',
            "cache-control": "no-store",
        },
    )
