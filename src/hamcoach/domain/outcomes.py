"""Outcome measures against their meaningful change, and tests against norms.

Figures from shared/design/CLINICAL_RULES.md: NPRS 2 points or 30 %
(Ostelo 2008); PSFS 2 points on the average; single-leg bridge test
(Freckleton 2014) under 20 poor, about 25 average, over 30 good, left/right
gap over 15 % flagged; active knee extension (Gajdosik 1983) short when over
33 degrees (men) or 23 (women); the articles' gates of 30 squats and 30
single-leg deadlifts a leg.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.selection import ladder_gate


@dataclass(frozen=True, slots=True)
class Change:
    measure: str
    before: float
    after: float
    meaningful: bool
    text: str


def nprs_change(before: int, after: int) -> Change:
    drop = before - after
    meaningful = drop >= 2 or (before > 0 and drop / before >= 0.30)
    verdict = (
        "a meaningful improvement"
        if meaningful
        else ("worse" if drop < 0 else "not yet a meaningful change (2 points or 30 %)")
    )
    return Change("NPRS", before, after, meaningful, f"Pain {before}/10 -> {after}/10: {verdict}.")


def psfs_change(before: Mapping[str, int], after: Mapping[str, int]) -> Change | None:
    common = [k for k in before if k in after]
    if not common:
        return None
    b = sum(before[k] for k in common) / len(common)
    a = sum(after[k] for k in common) / len(common)
    meaningful = a - b >= 2
    verdict = "a meaningful improvement" if meaningful else "not yet a meaningful change (2 points)"
    return Change(
        "PSFS",
        round(b, 1),
        round(a, 1),
        meaningful,
        f"Activities {b:.1f} -> {a:.1f} of 10: {verdict}.",
    )


class ActivityMatch(ValueError):
    """A re-test's activity that is not (or not only) one of the intake's."""


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", name.lower()))


def match_activity(given: str, known: Sequence[str]) -> str:
    """The intake's activity ``given`` means, whatever its case, spacing or punctuation
    ('Climbing-stairs' is 'climbing stairs'), or named by some of its words ('stairs');
    PSFS compares the same activities over time, so anything else is refused."""
    words = _words(given)
    exact = [k for k in known if _words(k) == words]
    if exact:
        return exact[0]
    partial = [k for k in known if words and set(words) <= set(_words(k))]
    if len(partial) == 1:
        return partial[0]
    listed = ", ".join(f"'{k}'" for k in known)
    if partial:
        raise ActivityMatch(f"'{given}' could be any of {listed}; give more of its name")
    raise ActivityMatch(f"'{given}' is not one of the activities from your intake ({listed})")


def bridge_rating(reps: int) -> str:
    """The single-leg bridge test against Freckleton 2014's norms."""
    if reps < R.SINGLE_LEG_BRIDGE_POOR_BELOW:
        return f"poor (under {R.SINGLE_LEG_BRIDGE_POOR_BELOW})"
    if reps > R.SINGLE_LEG_BRIDGE_GOOD_ABOVE:
        return f"good (over {R.SINGLE_LEG_BRIDGE_GOOD_ABOVE})"
    return f"average (about {R.SINGLE_LEG_BRIDGE_AVERAGE})"


def asymmetry(left: int, right: int) -> float:
    high = max(left, right)
    return 0.0 if high == 0 else abs(left - right) / high * 100


TEST_GATES = {
    "bodyweight_squats": ("bodyweight-squat", "loaded-squat"),
    "single_leg_deadlift": ("single-leg-deadlift", "weighted-single-leg-deadlift"),
}
"""The tests that are ladder gates: the test's name -> the catalog's step it gates."""


def test_gates(catalog: Catalog) -> dict[str, int]:
    """Each gating test's number, from the catalog's ladder criterion (30 good squats)."""
    return {test: int(ladder_gate(catalog, *step).value) for test, step in TEST_GATES.items()}


def test_lines(
    tests: Mapping[str, int | None], sex: str | None, gates: Mapping[str, int]
) -> list[str]:
    """One line per test result, against its norm or gate (``gates``: :func:`test_gates`)."""
    lines: list[str] = []
    left, right = tests.get("single_leg_bridge_left"), tests.get("single_leg_bridge_right")
    for side, value in (("left", left), ("right", right)):
        if value is not None:
            lines.append(
                f"Single-leg bridge {side}: {value} reps, {bridge_rating(value)} (Freckleton 2014)."
            )
    if left is not None and right is not None:
        gap = asymmetry(left, right)
        flag = (
            f" - a gap over {R.BRIDGE_ASYMMETRY_FLAG_PCT:g} %, worth working on the weaker side"
            if gap > R.BRIDGE_ASYMMETRY_FLAG_PCT
            else ""
        )
        lines.append(f"Left/right gap: {gap:.0f} %{flag}.")
    squats, need = tests.get("bodyweight_squats"), gates["bodyweight_squats"]
    if squats is not None:
        gate = (
            "passed: load may be added"
            if squats >= need
            else f"{need - squats} to go before adding load"
        )
        lines.append(f"Bodyweight squats with good form: {squats} ({gate}; articles 000/001).")
    for side in ("left", "right"):
        value, need = tests.get(f"single_leg_deadlift_{side}"), gates["single_leg_deadlift"]
        if value is not None:
            gate = "passed" if value >= need else f"{need - value} to go"
            lines.append(
                f"Single-leg deadlifts {side}: {value} "
                f"({gate} for adding weight; articles 000/001)."
            )
    ake = tests.get("active_knee_extension_deg")
    if ake is not None:
        limit = 23 if sex == "female" else 33
        norm = "women about 13" if sex == "female" else "men about 18"
        verdict = "short hamstrings" if ake > limit else "within normal"
        lines.append(
            f"Active knee extension: {ake} degrees short of straight "
            f"({verdict}; {norm}, Gajdosik 1983)."
        )
    return lines


def compare(baseline: Mapping[str, object], retest: Mapping[str, object]) -> list[Change]:
    """NPRS and PSFS change from the intake (baseline) to a re-test."""
    out: list[Change] = []
    b_nprs, r_nprs = baseline.get("nprs"), retest.get("nprs")
    if isinstance(b_nprs, int) and isinstance(r_nprs, int):
        out.append(nprs_change(b_nprs, r_nprs))
    b_psfs = _psfs(baseline.get("psfs"))
    r_psfs = _psfs(retest.get("psfs"))
    change = psfs_change(b_psfs, r_psfs)
    if change:
        out.append(change)
    return out


def _psfs(items: object) -> dict[str, int]:
    if not isinstance(items, Sequence):
        return {}
    out = {}
    for item in items:
        if (
            isinstance(item, Mapping)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("ability"), int)
        ):
            out[str(item["name"]).lower()] = int(item["ability"])
    return out
