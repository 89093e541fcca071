"""Progress: adherence, the morning pain trend, the tests against their norms, and the
charts (pain, weekly volume, adherence) drawn on the server as SVG (exports/plots.py,
the same figure as `hamcoach progress --plot`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hamcoach.domain.outcomes import compare, test_gates, test_lines
from hamcoach.errors import NoActivePlanError
from hamcoach.services.reports import Progress, progress
from hamcoach.web import views
from hamcoach.web.auth import Context, Patient
from hamcoach.web.context import Ctx

router = APIRouter(include_in_schema=False)


def _report(c: Ctx, patient_id: str) -> Progress | None:
    plan = views.active_plan(c, patient_id)
    if plan is None:
        return None
    try:
        return progress(c.store, today=views.local_today(c, plan), patient_id=patient_id)
    except NoActivePlanError:
        return None


def summary(report: Progress, gates: dict[str, int]) -> dict[str, object]:
    """What the page says in words."""
    mornings = [p for _, p, kind in report.pain_points if kind == "check-in"]
    trend = None
    if mornings:
        word = "falling" if mornings[-1] < mornings[0] else (
            "rising" if mornings[-1] > mornings[0] else "steady")  # fmt: skip
        trend = f"{mornings[0]}/10 at first, {mornings[-1]}/10 now ({word})"
    sex = report.baseline.get("sex")
    return {
        "adherence": report.adherence,
        "trend": trend,
        "start_tests": test_lines(report.baseline.get("tests", {}), sex, gates),
        "retests": [
            {"point": r["point"], "date": r["date"], "lines": test_lines(r["tests"], sex, gates),
             "changes": [x.text for x in compare(report.baseline, r)]}
            for r in report.retests
        ],
    }  # fmt: skip


@router.get("/progress")
def progress_page(request: Request, user: Patient, c: Context) -> Response:
    report = _report(c, user.patient_id)
    return c.render(
        request,
        "progress.html",
        {
            "user": user,
            "r": report,
            "s": summary(report, test_gates(c.catalog)) if report else None,
        },
    )


@router.get("/progress.svg")
def progress_chart(user: Patient, c: Context, narrow: bool = False) -> Response:
    from hamcoach.exports.plots import progress_figure

    report = _report(c, user.patient_id)
    if report is None:
        return Response(status_code=404, content="no plan yet", media_type="text/plain")
    svg = progress_figure(report, "svg", narrow=narrow)
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "no-store"})
