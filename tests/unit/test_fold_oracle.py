"""The fold gives exactly the oracle's FoldResult (tests/unit/fold_oracle/: the fold as it
was before the speed work), over generated histories: every session's doses, dates and
state, every decision, lighter week, move, pause and log outcome."""

from __future__ import annotations

import pytest
from fold_oracle.fold import fold as oracle_fold
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fold_histories import PROFILES, Knobs, history, the_catalog
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.fold import FoldResult, fold

pytestmark = pytest.mark.oracle


@st.composite
def knobs(draw: st.DrawFn) -> Knobs:
    return Knobs(
        seed=draw(st.integers(0, 2**32 - 1)),
        profile=draw(st.sampled_from(sorted(PROFILES))),
        weeks=draw(st.integers(2, 12)),
        done=draw(st.sampled_from((0.5, 0.8, 0.95, 1.0))),
        shift=draw(st.sampled_from((0.0, 0.1, 0.3))),
        red=draw(st.sampled_from((0.0, 0.03, 0.1, 0.3))),
        amber=draw(st.sampled_from((0.0, 0.1, 0.3))),
        legs=draw(st.sampled_from((0.0, 0.05, 0.2))),
        checkin=draw(st.sampled_from((0.3, 0.8, 1.0))),
        gap=draw(st.sampled_from((0.0, 0.02, 0.08))),
        changes=draw(st.integers(0, 6)),
        reschedules=draw(st.integers(0, 2)),
        off_plan=draw(st.sampled_from((0.0, 0.05, 0.2))),
        time_limit=draw(st.sampled_from((None, None, 20, 35, 50))),
        carried=draw(st.booleans()) and draw(st.booleans()),
        baseline_pain=draw(st.integers(0, 4)),
        follow=draw(st.booleans()),
        strong=draw(st.sampled_from((0.0, 0.1, 0.4))),
        worse=draw(st.sampled_from((0.0, 0.1, 0.3))),
        set_loads=draw(st.booleans()),
    )


def _same(a: FoldResult, b: FoldResult) -> None:
    """Equal, compared piece by piece first so that a failure says where."""
    assert a.sessions == b.sessions
    assert a.decisions == b.decisions
    assert a.deloads == b.deloads
    assert a.rescheduled == b.rescheduled
    assert a.pauses == b.pauses
    assert a.logs == b.logs
    assert a == b


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(k=knobs())
def test_the_fold_matches_the_oracle(k: Knobs) -> None:
    h = history(the_catalog(), k, oracle_fold)  # not a fixture: a failure's report stays short
    _same(h.fold_with(fold), h.fold_with(oracle_fold))


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_the_fold_matches_the_oracle_over_a_steady_year(catalog: Catalog, profile: str) -> None:
    """The bench's shape: a year of sessions followed closely, a few red and amber days."""
    k = Knobs(seed=7, profile=profile, weeks=52, done=0.95, red=0.03, amber=0.08, checkin=0.95)
    h = history(catalog, k, oracle_fold)
    assert len(h.logs) > 500
    _same(h.fold_with(fold), h.fold_with(oracle_fold))
