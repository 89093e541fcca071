"""`hamcoach audit`: per-rep form feedback from a pose-keypoint file (docs/keypoints.md).

numpy and the audit package are imported inside the command, off the CLI's start path.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import console, fail, load, naming, print_json, say_err

if TYPE_CHECKING:
    from hamcoach.audit.keypoints import Track
    from hamcoach.audit.report import Audit, Finding, RepVerdict
    from hamcoach.audit.sides import Side
    from hamcoach.domain.catalog import Catalog

commands = typer.Typer()


class BodySide(StrEnum):
    LEFT = "left"
    RIGHT = "right"


SideOption = Annotated[
    BodySide | None,
    typer.Option(
        help="The side of the body to measure: in a side view, the one facing the camera "
        "(default: left and right averaged, each where it is seen); for a one-legged "
        "exercise, the leg it stands or works on (default: the ankle that stays down).",
        show_default=False,
    ),
]
AnnotateOption = Annotated[
    Path | None,
    typer.Option(
        metavar="OUT",
        help="Also draw the skeleton at the worst frame of each fault, with the measured "
        "angle or distance and its threshold, to OUT.svg or OUT.png; from a video, OUT.mp4 "
        "is the clip with the skeleton and each rep's verdict.",
        show_default=False,
    ),
]
PICTURES = (".svg", ".png")
"""What --annotate draws from keypoints; a video's annotation is a clip (.mp4)."""


@commands.command("audit")
def audit(
    file: Annotated[
        Path,
        typer.Argument(
            help="A keypoint file: hamcoach keypoints JSON, a CSV with MediaPipe's names, "
            "or a folder of OpenPose JSON frames (docs/keypoints.md); or a video (MP4, MOV, "
            "AVI, MKV, WebM...), whose pose MediaPipe finds (the video extra).",
            metavar="FILE",
            show_default=False,
        ),
    ],
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise",
            metavar="ID",
            help="The exercise done in the recording: squats (bodyweight-squat, "
            "loaded-squat, squat-to-bench), bridges (bridge, single-leg-bridge, "
            "bridge-pillow-squeeze, ball-bridge), ball hamstring curls, single-leg "
            "deadlifts and Nordic curls (docs/keypoints.md lists them).",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (see docs/keypoints.md).")
    ] = False,
    log: Annotated[
        bool,
        typer.Option(
            "--log",
            help="Also log the reps as a set of today's session: good form only when the "
            "camera saw every rep done well, so it counts toward the 30-rep gate. Needs --pain.",
        ),
    ] = False,
    pain: Annotated[
        int | None,
        typer.Option(min=0, max=10, help="With --log: worst pain 0-10 (no camera sees it)."),
    ] = None,
    date: Annotated[str, typer.Option(help="With --log: when (YYYY-MM-DD; default today).")] = (
        "today"
    ),
    side: SideOption = None,
    annotate: AnnotateOption = None,
) -> None:
    """Count the reps in a recording's keypoints and check each one's form: its time,
    good form or each fault with the frame, the value measured against the threshold,
    and the correction."""
    from hamcoach.audit.analyse import audit as run_audit
    from hamcoach.audit.checks import CHECKS
    from hamcoach.audit.readers import read_keypoints
    from hamcoach.audit.report import as_json as audit_json
    from hamcoach.cli import pose_cmds  # a video: MediaPipe's pose, then the same audit

    _check_options(log=log, pain=pain, date=date, as_json=as_json, annotate=annotate)
    catalog = load()
    chosen = catalog.get(exercise)
    if chosen.id not in CHECKS:
        fail(
            f"no form checks for {chosen.id} yet (audited: {', '.join(CHECKS)}); "
            "the reps and tempo of other exercises come later"
        )
    track, poses = pose_cmds.track_for(file, annotate, read_keypoints)
    chosen_side: Side | None = None if side is None else side.value
    with naming(file):
        result = run_audit(track, chosen, side=chosen_side)
    if annotate is not None and annotate.suffix.lower() != ".mp4":
        _annotate(annotate, track, result, chosen_side)
    if as_json:
        print_json(audit_json(result))
    else:
        for line in report_lines(result):
            console().print(line, soft_wrap=True)
    if annotate is not None and poses is not None and annotate.suffix.lower() == ".mp4":
        pose_cmds.annotate_video(file, poses, result, annotate)
    if log:
        _log(catalog, result, file, pain, date)


def _check_options(
    *, log: bool, pain: int | None, date: str, as_json: bool, annotate: Path | None
) -> None:
    """Before any work: options that cannot go together, and a picture that cannot be drawn."""
    if not log and (pain is not None or date != "today"):
        fail("--pain and --date say what to log: they go with --log")
    if log and pain is None:
        fail("--log needs --pain N: the worst pain 0-10, which no camera can see")
    if log and as_json:
        fail("--log says what the plan did in words: use it without --json")
    if annotate is not None:
        _check_picture(annotate)


def _check_picture(out: Path) -> None:
    """Before any work: a picture format --annotate draws, in a folder that exists."""
    suffix = out.suffix.lower()
    if suffix == ".mp4":
        return  # a video's annotation: checked with the input (pose_cmds.check_annotate)
    if suffix not in PICTURES:
        fail(f"--annotate {out}: the picture must end in .svg or .png (or .mp4, for a video)")
    if not out.parent.is_dir():
        fail(f"--annotate {out}: the folder {out.parent} does not exist")
    if suffix == ".png":
        import importlib.util

        if importlib.util.find_spec("typst") is None:  # said before any slow work
            fail("PNG pictures need typst: pip install 'hamcoach[pdf]' (or use .svg)")


def _annotate(out: Path, track: Track, result: Audit, side: Side | None) -> None:
    """The audit's picture (audit/annotate.py), written whole or not at all."""
    from hamcoach.audit.annotate import annotated_svg
    from hamcoach.files import write_atomic

    svg = annotated_svg(track, result, side=side)
    data: str | bytes = svg
    if out.suffix.lower() == ".png":
        from hamcoach import pictures

        try:
            data = pictures.png(svg)
        except ImportError:
            fail("PNG pictures need typst: pip install 'hamcoach[pdf]' (or use .svg)")
    try:
        write_atomic(out, data)
    except OSError as exc:
        fail(f"--annotate {out}: cannot write the picture ({exc.strerror or exc})")
    say_err(f"wrote {out}")


def _log(catalog: Catalog, result: Audit, file: Path, pain: int | None, date: str) -> None:
    """The recording's reps as one set of today's session. Its good form is the camera's:
    every rep seen done well, or the set does not count toward a good-form gate."""
    from hamcoach.cli.common import parse_day
    from hamcoach.cli.training_cmds import log_and_report
    from hamcoach.domain.training import LoggedSet
    from hamcoach.services.training import LogEntry

    if not result.reps:
        fail(f"{file}: no reps were found in it, so there is nothing to log")
    reps, good = len(result.reps), result.good_reps
    leg = result.side if result.one_legged else None  # a one-legged set is the working leg's
    seen = f"camera-checked ({file.name}): {good} of {reps} reps with good form" + (
        f", {leg} leg" if leg else ""
    )
    done = LoggedSet(reps, good_form=good == reps, side=leg)
    entry = LogEntry(result.exercise, parse_day(date, "--date"), (done,), pain, note=seen)
    out = console()
    out.print()
    log_and_report(catalog, entry)
    counts = "counts" if good == reps else "does not count"
    unchecked = (
        f" The camera could not check {_count(result.unverified_reps, 'rep')} for "
        f"{result.not_checked_for()}: film from the view it needs for those to count."
        if result.unverified_reps
        else ""
    )
    out.print(
        f"The camera saw {good} of {reps} reps done well: this set {counts} toward a "
        f"good-form step up (every rep must be good).{unchecked}",
        soft_wrap=True,
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _finding(f: Finding) -> list[str]:
    from hamcoach.audit.report import limit_text, value_text

    return [
        f"    ✗ {f.title} at {f.at:.1f} s (frame {f.frame}): "
        f"{f.label + ' ' if f.label else ''}{value_text(f.value, f.unit)}, "
        f"{limit_text(f)}",
        f"      {f.correction}",
    ]


def _not_in_view(result: Audit, rep: RepVerdict) -> str:
    """``seen from the side in this rep: front-view checks not made (knees-in-down)``."""
    from hamcoach.audit.checks import CHECKS
    from hamcoach.audit.signal import View
    from hamcoach.audit.views import HOW

    views = {c.id: c.view for c in CHECKS[result.exercise]}
    needed = sorted({str(views[c]) for c in rep.not_in_view if views.get(c)})
    how = HOW.get(View(rep.view), "") if rep.view else ""
    return (
        f"    seen {how} in this rep: {' and '.join(needed)}-view checks not made "
        f"({', '.join(rep.not_in_view)})"
    )


def _phase_words(exercise: str) -> tuple[str, str, str]:
    """The family's words for a rep's three phases (a bridge goes up, then down)."""
    from hamcoach.audit.families import FAMILIES

    family = FAMILIES.get(exercise)
    return family.phases if family else ("down", "bottom", "up")


def report_lines(result: Audit) -> list[str]:
    """The audit for a person: each rep, what was not checked and why, a summary."""
    measured = f"{result.side} side, " if result.side else ""
    lines = [
        f"{result.exercise_name}: {_count(len(result.reps), 'rep')} in {result.seconds:.1f} s "
        f"({result.view} view, {measured}{result.frames} frames at {result.fps:g} fps)",
        "",
    ]
    out, far, back = _phase_words(result.exercise)
    for rep in result.reps:
        p = rep.phases
        verdict = (
            "good form"
            if rep.good
            else _count(len(rep.findings), "fault")
            if rep.findings
            else f"no fault seen, but not checked for {result.not_checked_for(rep)}"
        )
        lines.append(
            f"  Rep {rep.number}  {rep.start:.1f}-{rep.end:.1f} s  {out} {p.down:.1f} s, "
            f"{far} {p.bottom:.1f} s, {back} {p.up:.1f} s  {verdict}"
        )
        for f in rep.findings:
            lines += _finding(f)
        if rep.unmeasured:
            lines.append(
                f"    not measured in this rep (joints unseen): {', '.join(rep.unmeasured)}"
            )
        if rep.not_in_view:
            lines.append(_not_in_view(result, rep))
    if not result.reps:
        lines.append("  No rep found: the hips never dipped a tenth of their standing height.")
    if result.skipped:
        lines += ["", "Not checked:"]
        lines += [f"  {s.title}: {s.reason}" for s in result.skipped]
    common = result.most_common()
    lines += [
        "",
        f"Summary: {_count(len(result.reps), 'rep')}, {result.good_reps} with good form"
        + (
            f"; {result.unverified_reps} with no fault seen but not checked for "
            f"{result.not_checked_for()}, so not counted as good form"
            if result.unverified_reps
            else ""
        )
        + (
            f"; most common fault: {common} ({_count(result.fault_counts()[common], 'rep')})"
            if common
            else ""
        ),
    ]
    lines += [f"Note: {n}" for n in result.notes]
    return lines
