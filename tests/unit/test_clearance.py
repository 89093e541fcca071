"""Clearances in the screening: the safety invariants as properties, then the rules a
clearance must meet to be recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamcoach.domain.catalog import UnknownIdError
from hamcoach.domain.clearance import Clearance, ClearanceError, new_clearance
from hamcoach.domain.screening import QUESTIONS, Urgency, screen, standing_clearances
from hamcoach.intake.schema import parse_profile
from profiles import profile_data

IDS = [q.id for q in QUESTIONS]
EMERGENCY = {q.id for q in QUESTIONS if q.urgency is Urgency.EMERGENCY}
DAY = dt.date(2026, 11, 20)

clearances = st.lists(
    st.builds(
        Clearance,
        st.sampled_from(IDS),  # emergency ids too: as a hand-edited import might hold them
        st.sampled_from(["Dr Lee", "Dr Roe"]),
        st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    ),
    max_size=8,
)
answers = st.sets(st.sampled_from(IDS))


def profile(yes: set[str]) -> Any:
    return parse_profile(profile_data(red_flags=dict.fromkeys(yes, True))).to_domain()


@given(yes=answers, cleared=clearances, earlier=answers)
def test_a_flag_blocks_unless_a_clinician_cleared_that_exact_flag(
    yes: set[str], cleared: list[Clearance], earlier: set[str]
) -> None:
    """Now or at the screening before (``earlier``): a yes changed to no blocks still,
    until a clinician clears it; an emergency sign reported now, whatever is on file."""
    result = screen(profile(yes), cleared, earlier)
    cleared_ids = {c.question_id for c in cleared}
    now = {q for q in yes if q in EMERGENCY or q not in cleared_ids}
    before = {q for q in earlier - yes if q not in cleared_ids}
    blocking = now | before
    assert {q.id for q in result.flags} == blocking
    assert {q.id for q in result.earlier} == before
    assert result.cleared is (not blocking)
    assert {q.id for q, _ in result.cleared_flags} == (yes | earlier) - blocking
    # a flag the person did not report is never shown as cleared, whatever is on file
    assert all(q.id in yes | earlier for q, _ in result.cleared_flags)
    assert (result.urgency is Urgency.EMERGENCY) is bool(yes & EMERGENCY)


@given(yes=answers, cleared=clearances, earlier=answers)
def test_emergency_flags_always_block(
    yes: set[str], cleared: list[Clearance], earlier: set[str]
) -> None:
    result = screen(profile(yes), cleared, earlier)
    if yes & EMERGENCY:
        assert not result.cleared and result.urgency is Urgency.EMERGENCY
        assert EMERGENCY & yes <= {q.id for q in result.flags}
        assert result.advice is not None and "emergency care today" in result.advice


@given(cleared=clearances)
def test_the_latest_clearance_of_a_question_stands(cleared: list[Clearance]) -> None:
    standing = standing_clearances(cleared)
    for qid, c in standing.items():
        same = [x for x in cleared if x.question_id == qid]
        latest = max(x.cleared_on for x in same)
        assert c.cleared_on == latest
        assert c is [x for x in same if x.cleared_on == latest][-1]


@pytest.mark.parametrize("qid", sorted(EMERGENCY))
def test_an_emergency_sign_cannot_be_cleared(qid: str) -> None:
    with pytest.raises(ClearanceError, match="Get emergency care today"):
        new_clearance(qid, cleared_by="Dr Lee", cleared_on=DAY, today=DAY)
    # reported at the screening before and not now: a clinician who has checked it can
    c = new_clearance(qid, cleared_by="Dr Lee", cleared_on=DAY, today=DAY, earlier_only=True)
    assert c.question_id == qid


def test_a_clearance_is_checked_before_it_is_recorded() -> None:
    c = new_clearance(
        "heart_condition", cleared_by="  Dr   Lee ", cleared_on=DAY, today=DAY, note="  ok  "
    )
    assert (c.question_id, c.cleared_by, c.note) == ("heart_condition", "Dr Lee", "ok")
    assert c.describe() == "cleared by Dr Lee on 2026-11-20 (ok)"
    assert Clearance.from_json(c.to_json()) == c
    with pytest.raises(UnknownIdError, match="did you mean heart_condition"):
        new_clearance("heart-condition", cleared_by="Dr Lee", cleared_on=DAY, today=DAY)
    with pytest.raises(ClearanceError, match="in the future"):
        new_clearance(
            "fever", cleared_by="Dr Lee", cleared_on=DAY + dt.timedelta(days=1), today=DAY
        )
    with pytest.raises(ClearanceError, match="clinician's name"):
        new_clearance("fever", cleared_by=" ", cleared_on=DAY, today=DAY)
