from __future__ import annotations

import itertools

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.criteria import (
    Criterion,
    Metric,
    SessionPerformance,
    SetPerformance,
    criterion_met,
)


@pytest.mark.parametrize(
    "chain",
    [
        ["bridge", "single-leg-bridge", "ball-hamstring-curl", "single-leg-ball-hamstring-curl"],
        ["bodyweight-squat", "loaded-squat"],
        ["squat-to-bench", "single-leg-squat-to-bench"],
        ["single-leg-deadlift", "weighted-single-leg-deadlift"],
        ["nordic-curl-eccentric", "nordic-curl"],
        ["bridge", "marching-bridge"],
        ["hamstring-ere-supine", "hamstring-ere-standing"],
    ],
)
def test_ladder_links(catalog: Catalog, chain: list[str]) -> None:
    for lower, upper in itertools.pairwise(chain):
        assert upper in {p.target for p in catalog.get(lower).progressions}, (lower, upper)


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("hamstring-ere-supine", "hamstring-ere-standing"),
        ("bridge", "marching-bridge"),
        ("nordic-curl-eccentric", "nordic-curl"),
        ("single-leg-deadlift", "weighted-single-leg-deadlift"),
    ],
)
def test_every_step_up_can_step_back_down(catalog: Catalog, lower: str, upper: str) -> None:
    assert lower in {r.target for r in catalog.get(upper).regressions}


def test_ladder_view_places_the_exercise(catalog: Catalog) -> None:
    ladder = catalog.ladder("ball-hamstring-curl")
    assert ladder.steps[ladder.position] == "ball-hamstring-curl"
    assert ladder.steps[-1] == "single-leg-ball-hamstring-curl"
    i = ladder.steps.index("single-leg-bridge")
    assert ladder.steps[i - 1] == "bridge"


def test_every_link_target_exists_and_progressions_are_acyclic(catalog: Catalog) -> None:
    for ex in catalog:
        for link in (*ex.progressions, *ex.regressions):
            assert link.target in catalog
    for ex in catalog:
        seen = [ex.id]
        frontier = [p.target for p in ex.progressions]
        while frontier:
            nxt = frontier.pop()
            assert nxt != ex.id, f"cycle through {ex.id}"
            if nxt not in seen:
                seen.append(nxt)
                frontier.extend(p.target for p in catalog.get(nxt).progressions)


def _session(
    reps: list[int], *, pain: int = 0, good: bool = True, side: str | None = None
) -> SessionPerformance:
    return SessionPerformance(
        tuple(SetPerformance(reps=r, good_form=good, side=side) for r in reps), pain
    )


def test_criterion_good_form_reps() -> None:
    thirty = Criterion(Metric.GOOD_FORM_REPS, 30)
    assert criterion_met(thirty, [_session([30])])
    assert not criterion_met(thirty, [_session([29, 29])])
    assert not criterion_met(thirty, [_session([30], good=False)])
    assert not criterion_met(thirty, [_session([30], pain=4)])
    assert not criterion_met(thirty, [])


def test_criterion_per_side_needs_both_sides() -> None:
    per_side = Criterion(Metric.GOOD_FORM_REPS, 30, per_side=True)
    left = SetPerformance(reps=30, side="left")
    right = SetPerformance(reps=25, side="right")
    assert not criterion_met(per_side, [SessionPerformance((left, right), 0)])
    right = SetPerformance(reps=31, side="right")
    assert criterion_met(per_side, [SessionPerformance((left, right), 0)])


def test_criterion_sessions_at_top_counts_the_latest_run() -> None:
    crit = Criterion(Metric.SESSIONS_AT_TOP, 2)
    top = SessionPerformance((SetPerformance(reps=15),), 1, all_sets_at_top=True)
    not_top = SessionPerformance((SetPerformance(reps=10),), 1, all_sets_at_top=False)
    assert criterion_met(crit, [not_top, top, top])
    assert not criterion_met(crit, [top, not_top, top])
    sore = SessionPerformance((SetPerformance(reps=15),), 5, all_sets_at_top=True)
    assert not criterion_met(crit, [top, sore])
