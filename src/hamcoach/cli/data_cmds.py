"""Commands for data and outcomes: `progress`, `retest`, `export`, `import`."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import (
    JsonFlag,
    chosen_patient,
    console,
    fail,
    load,
    naming,
    now,
    open_db,
    parse_day,
    print_json,
    require_extra,
    say_err,
    store,
)


class RetestPoint(StrEnum):
    WEEK_3 = "week-3"
    END = "end"


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


if TYPE_CHECKING:
    from hamcoach.services.reports import Progress

commands = typer.Typer()
"""Top-level commands: `progress`, `retest`, `export`, `import`."""


@commands.command("progress")
def progress_cmd(
    plot: Annotated[Path | None, typer.Option(help="Also draw FILE.png or FILE.svg.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Adherence, pain trend, ladder steps, weekly volume and tests against norms."""
    from hamcoach.services.reports import progress

    if plot is not None:
        if plot.suffix.lower() not in {".png", ".svg"}:
            fail(f"--plot: '{plot.name}' must end in .png or .svg")
        require_extra("matplotlib", "plots", "--plot")
    report = progress(store(), today=now().date(), patient_id=chosen_patient())
    if as_json:
        from hamcoach.domain.outcomes import compare
        from hamcoach.exports.views.base import jsonable
        from hamcoach.exports.views.progress import progress_view

        changes = [c for r in report.retests for c in compare(report.baseline, r)]
        print_json(jsonable(progress_view(report, changes)))
    else:
        _print_progress(report)
    if plot is not None:
        from hamcoach.exports.plots import progress_figure
        from hamcoach.files import write_atomic

        try:
            write_atomic(plot, progress_figure(report, plot.suffix.lower().lstrip(".")))
        except OSError as exc:
            fail(f"cannot write {plot}: {exc.strerror or exc}")
        if not as_json:
            console().print(f"Plot written to {plot}")


def _print_progress(report: Progress) -> None:
    from hamcoach.domain.outcomes import compare, test_gates, test_lines

    out = console()
    if report.adherence is None:
        out.print(f"Adherence: no session was due yet ({report.sessions_total} planned).")
    else:
        partial = f"{report.partial} partial (stopped part-way), " if report.partial else ""
        out.print(
            f"Adherence: {report.done} of {report.planned_to_date} sessions due so far done "
            f"({report.adherence:.0%}); {partial}{report.missed} missed; "
            f"{report.sessions_total} in the plan.",
            soft_wrap=True,
        )
    mornings = [p for _, p, k in report.pain_points if k == "check-in"]
    if mornings:
        trend = (
            "falling"
            if mornings[-1] < mornings[0]
            else ("rising" if mornings[-1] > mornings[0] else "steady")
        )
        out.print(f"Morning pain: {mornings[0]}/10 at first, {mornings[-1]}/10 now ({trend}).")
    else:
        out.print("Morning pain: no check-ins yet (hamcoach checkin --pain N).")
    for day, step in report.ladder_steps:
        out.print(f"Ladder step on {day:%d %b}: {step}")
    if report.weekly_volume:
        out.print("Weekly volume (reps, or seconds held):")
        named = sorted(
            (report.names.get(ex, ex), ex, per) for ex, per in report.weekly_volume.items()
        )
        for name, exercise, per in named:
            unit = "seconds" if report.volume_units.get(exercise) == "seconds" else "reps"
            weeks = ", ".join(f"wk{w} {v}" for w, v in sorted(per.items()))
            out.print(f"  {name} ({unit}): {weeks}")
    out.print("Tests at the start:")
    gates = test_gates(load(quiet=True))
    for line in test_lines(report.baseline.get("tests", {}), report.baseline.get("sex"), gates) or [
        "  (none given)"
    ]:
        out.print(f"  {line}")
    for r in report.retests:
        out.print(f"Re-test {r['point']} on {r['date']}:")
        for line in test_lines(r["tests"], report.baseline.get("sex"), gates):
            out.print(f"  {line}")
        for c in compare(report.baseline, r):
            out.print(f"  {c.text}")


@commands.command("retest")
def retest_cmd(
    point: Annotated[RetestPoint, typer.Option(help="Which re-test.")] = RetestPoint.WEEK_3,
    nprs: Annotated[int | None, typer.Option(min=0, max=10, help="Pain now, 0-10.")] = None,
    psfs: Annotated[
        str | None, typer.Option(help="Activities and ability 0-10, e.g. 'stairs=7,running=5'.")
    ] = None,
    slb_left: Annotated[
        int | None, typer.Option(min=0, max=500, help="Single-leg bridges, left.")
    ] = None,
    slb_right: Annotated[int | None, typer.Option(min=0, max=500)] = None,
    squats: Annotated[
        int | None, typer.Option(min=0, max=500, help="Good bodyweight squats.")
    ] = None,
    sldl_left: Annotated[int | None, typer.Option(min=0, max=500)] = None,
    sldl_right: Annotated[int | None, typer.Option(min=0, max=500)] = None,
    ake: Annotated[
        int | None, typer.Option(min=0, max=90, help="Active knee extension, degrees.")
    ] = None,
    date: Annotated[str, typer.Option(help="YYYY-MM-DD; default today.")] = "today",
) -> None:
    """Record a re-test (week 3 and the end): NPRS, PSFS and the baseline tests."""
    from hamcoach.services.training import record_retest

    activities = _psfs(psfs) if psfs else []
    tests = {
        "single_leg_bridge_left": slb_left,
        "single_leg_bridge_right": slb_right,
        "bodyweight_squats": squats,
        "single_leg_deadlift_left": sldl_left,
        "single_leg_deadlift_right": sldl_right,
        "active_knee_extension_deg": ake,
    }
    if nprs is None and not activities and all(v is None for v in tests.values()):
        fail("give at least one result (see --help)")
    record_retest(
        store(), point=point.value, on=parse_day(date, "--date"), nprs=nprs, psfs=activities,
        tests={k: v for k, v in tests.items() if v is not None}, now=now(),
        patient_id=chosen_patient(),
    )  # fmt: skip
    console().print("Re-test saved. See how it compares: hamcoach progress")


def _psfs(raw: str) -> list[dict[str, object]]:
    """'stairs=7,running=5' as the intake's activities (each once) with their 0-10 ability."""
    from hamcoach.domain.outcomes import ActivityMatch, match_activity
    from hamcoach.services.reports import intake_activities

    known = intake_activities(store(), patient_id=chosen_patient())
    if not known:
        fail("--psfs: your intake named no activities to score again; leave --psfs out")
    scores: dict[str, int] = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        # ASCII digits only: str.isdigit() takes '²', which int() refuses
        if not sep or not re.fullmatch(r"\s*(10|[0-9])\s*", value):
            fail(f"--psfs: '{part.strip()[:40]}' must look like 'stairs=7' with 0-10")
        try:
            activity = match_activity(name.strip(), known)
        except ActivityMatch as exc:
            fail(f"--psfs: {exc}")
        if activity in scores:
            fail(f"--psfs: '{activity}' is scored twice")
        scores[activity] = int(value)
    return [{"name": k, "ability": v} for k, v in scores.items()]


@commands.command("export")
def export_cmd(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="json (everything) or csv (the training log)."),
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; default stdout.")
    ] = None,
) -> None:
    """Export your data (json, restorable with 'hamcoach import') or the log (csv)."""
    from hamcoach.services.patients import list_patients, resolve
    from hamcoach.storage.dump import export_csv, export_json

    data = store()
    if not list_patients(data):
        fail("nothing to export yet: run 'hamcoach start' or 'hamcoach plan create'")
    with data.unit_of_work() as uow:
        who = resolve(uow, chosen_patient()).id
    text = (
        json.dumps(export_json(data.engine, who, now=now()), indent=1) + "\n"
        if fmt is ExportFormat.JSON
        else export_csv(data.engine, who)
    )
    if output is None:
        sys.stdout.write(text)
        return
    from hamcoach.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    say_err(f"Exported to {output}")


@commands.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A JSON file from 'hamcoach export'.")],
) -> None:
    """Restore a person's JSON export into a database that does not have them yet."""
    from hamcoach import limits
    from hamcoach.datafile import FileProblem, parse_json, read_text
    from hamcoach.storage.dump import ImportFileError, import_json

    try:
        data = parse_json(read_text(file, limit=limits.IMPORT_BYTES))
    except FileProblem as exc:
        raise ImportFileError([exc.at(file)]) from None
    engine = open_db()
    with naming(file):
        counts = import_json(engine, data, now=now())
    summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
    sys.stdout.write(f"Imported {summary}.\n")
