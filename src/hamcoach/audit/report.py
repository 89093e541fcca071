"""What an audit found, as values: per rep its span, phases and faults; the checks that
could not be made and why; a summary. :func:`as_json` is the machine-readable form
(docs/keypoints.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from hamcoach.audit.checks import CHECKS


@dataclass(frozen=True, slots=True)
class Finding:
    """One fault in one rep: where, the value measured against the threshold, and what
    to do about it."""

    check: str
    title: str
    frame: int
    at: float
    """Seconds from the recording's start."""
    value: float
    threshold: float
    unit: str
    worse: str
    """``below`` or ``above``: which side of the threshold the fault is."""
    correction: str
    mistake: str | None
    """The catalog mistake's fault text this belongs to, when the exercise has one."""
    source: str
    label: str = ""
    """What the value is, in a few words (``knee bend``)."""


@dataclass(frozen=True, slots=True)
class Phases:
    """Seconds spent going down, at the bottom, and coming up."""

    down: float
    bottom: float
    up: float


@dataclass(frozen=True, slots=True)
class RepVerdict:
    number: int
    start: float
    end: float
    start_frame: int
    end_frame: int
    phases: Phases
    findings: tuple[Finding, ...] = ()
    unmeasured: tuple[str, ...] = ()
    """Checks that could be made in the recording but not in this rep (joints unseen)."""
    deepest_frame: int | None = None
    """The rep's deepest frame on its family's signal (a squat's bottom, a bridge's top)."""
    view: str | None = None
    """How the camera saw this rep (``side``, ``front``, ``oblique``, ``unknown``, ``3-d``)."""
    not_in_view: tuple[str, ...] = ()
    """Checks made in other reps but not in this one, which the camera saw from another
    view than theirs (a front-view check in a rep seen from the side)."""

    unverified: tuple[str, ...] = ()
    """The exercise's essential checks (a squat's depth) not made in this rep, for any
    reason: with none of them, a rep without a fault is good form; with one, it is only
    "no fault seen"."""

    @property
    def good(self) -> bool:
        """Good form: no fault found, and every essential check made (another check not
        measured in this rep is not a fault)."""
        return not self.findings and not self.unverified


@dataclass(frozen=True, slots=True)
class Skipped:
    """A check not made at all, and why (the view, a skeleton without feet)."""

    check: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Audit:
    exercise: str
    exercise_name: str
    view: str
    fps: float
    frames: int
    reps: tuple[RepVerdict, ...]
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    """What the reader and the analysis decided that a person should know."""
    side: str | None = None
    """The side (``left``, ``right``) the side-view measures read; None: both, averaged.
    For a one-legged exercise, the working leg."""
    one_legged: bool = False
    """A one-legged exercise: the working leg (``side``) and the free one are each read."""

    @property
    def unverified_reps(self) -> int:
        """Reps with no fault seen but an essential check not made in them."""
        return sum(not r.findings and bool(r.unverified) for r in self.reps)

    def not_checked_for(self, rep: RepVerdict | None = None) -> str:
        """The essential checks not made (in ``rep``, or in any rep), by their faults'
        titles in quotes: ``"not deep enough"``."""
        titles = {c.id: c.title for c in CHECKS.get(self.exercise, ())}
        ids = rep.unverified if rep else [c for r in self.reps for c in r.unverified]
        return " or ".join(f'"{titles.get(c, c)}"' for c in dict.fromkeys(ids))

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def good_reps(self) -> int:
        return sum(r.good for r in self.reps)

    def fault_counts(self) -> Counter[str]:
        """How many reps carry each fault (by check title)."""
        return Counter(
            f.title for r in self.reps for f in {x.check: x for x in r.findings}.values()
        )

    def most_common(self) -> str | None:
        counts = self.fault_counts().most_common(1)
        return counts[0][0] if counts else None


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "check": f.check,
        "fault": f.title,
        "frame": f.frame,
        "at": round(f.at, 3),
        "value": round(f.value, 3),
        "measured": f.label,
        "threshold": round(f.threshold, 3),
        "unit": f.unit,
        "fault_when": f.worse,
        "correction": f.correction,
        "mistake": f.mistake,
        "source": f.source,
    }


def as_json(audit: Audit) -> dict[str, Any]:
    return {
        "exercise": audit.exercise,
        "view": audit.view,
        "side": audit.side,
        "fps": audit.fps,
        "frames": audit.frames,
        "reps": [
            {
                "number": r.number,
                "start": round(r.start, 3),
                "end": round(r.end, 3),
                "frames": [r.start_frame, r.end_frame],
                "deepest_frame": r.deepest_frame,
                "view": r.view,
                "phases": {
                    "down": round(r.phases.down, 3),
                    "bottom": round(r.phases.bottom, 3),
                    "up": round(r.phases.up, 3),
                },
                "good": r.good,
                "faults": [_finding(f) for f in r.findings],
                "unmeasured": list(r.unmeasured),
                "not_in_view": list(r.not_in_view),
                "unverified": list(r.unverified),
            }
            for r in audit.reps
        ],
        "checks": [
            {
                "check": c.id,
                "fault": c.title,
                "measure": c.measure,
                "threshold": c.threshold,
                "unit": c.unit if c.id != "rushing" else "share of the tempo",
                "fault_when": c.worse.value,
                "view": c.view.value if c.view else "any",
                "essential": c.essential,
                "source": c.source,
            }
            for c in CHECKS.get(audit.exercise, ())
        ],
        "not_checked": [
            {"check": s.check, "fault": s.title, "reason": s.reason} for s in audit.skipped
        ],
        "notes": list(audit.notes),
        "summary": {
            "reps": len(audit.reps),
            "good_form": audit.good_reps,
            "not_fully_checked": audit.unverified_reps,
            "most_common_fault": audit.most_common(),
            "faults": dict(audit.fault_counts()),
        },
    }


UNITS = {"degrees": "°", "s": " s", "foot lengths": " foot lengths", "ratio": ""}


def value_text(value: float, unit: str) -> str:
    """A measured value or threshold as the report and the pictures print it: ``74°``."""
    digits = 2 if unit.endswith(("ratio", "lengths", "way down")) else (1 if unit == "s" else 0)
    return f"{value:.{digits}f}{UNITS.get(unit, ' ' + unit)}"


def limit_text(finding: Finding) -> str:
    """``should be at least 90°``: the threshold, on the good side of it."""
    side = "at least" if finding.worse == "below" else "at most"
    return f"should be {side} {value_text(finding.threshold, finding.unit)}"
