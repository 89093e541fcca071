"""The stored profile: versioned data, read back without the profile file schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamcoach.domain.catalog import Equipment
from hamcoach.domain.codec import PROFILE_VERSION, profile_from_json, profile_to_json
from hamcoach.domain.profile import (
    Activity,
    Availability,
    Baseline,
    Conditions,
    Experience,
    PainArea,
    Profile,
    Sex,
    Weekday,
)
from hamcoach.domain.screening import QUESTION_IDS
from hamcoach.errors import StorageError

RELEASE_0002 = Path(__file__).parent.parent / "data" / "release-0002.json"

score = st.integers(0, 10)
reps = st.none() | st.integers(0, 500)
profiles = st.builds(
    Profile,
    name=st.text(min_size=1, max_size=80),
    age=st.integers(12, 110),
    pain_area=st.sampled_from(PainArea),
    pain_now=score,
    availability=st.builds(
        Availability,
        days=st.frozensets(st.sampled_from(Weekday), min_size=1),
        at=st.times(),
        sessions_per_week=st.integers(2, 3),
        max_minutes=st.integers(10, 120),
    ),
    start_date=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    red_flags=st.dictionaries(st.sampled_from(sorted(QUESTION_IDS)), st.booleans()),
    sex=st.none() | st.sampled_from(Sex),
    activities=st.lists(
        st.builds(Activity, name=st.text(min_size=1, max_size=80), ability=score), max_size=3
    ).map(tuple),
    conditions=st.builds(Conditions, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    equipment=st.frozensets(st.sampled_from(Equipment)),
    experience=st.sampled_from(Experience),
    baseline=st.builds(Baseline, reps, reps, reps, reps, reps, st.none() | st.integers(0, 90)),
    timezone=st.none() | st.sampled_from(["Europe/London", "America/New_York", "UTC"]),
    routine=st.none() | st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
)


@given(profiles)
def test_profile_round_trips_through_json(profile: Profile) -> None:
    data = profile_to_json(profile)
    assert data["version"] == PROFILE_VERSION
    assert profile_from_json(json.loads(json.dumps(data))) == profile


def release_0002_profile() -> dict[str, Any]:
    fixture = json.loads(RELEASE_0002.read_text(encoding="utf-8"))
    data: dict[str, Any] = fixture["tables"]["profiles"][0]["data"]
    return data


def test_previous_release_rows_are_read_without_the_file_schema() -> None:
    data = release_0002_profile()
    assert "version" not in data
    profile = profile_from_json(data)
    assert profile == Profile(
        name="Old Release",
        age=42,
        sex=Sex.FEMALE,
        pain_area=PainArea.KNEE,
        pain_now=3,
        activities=(Activity("climbing stairs", 6), Activity("running 5 km", 3)),
        conditions=Conditions(flexion_sensitive_back=True),
        red_flags=data["red_flags"],
        equipment=frozenset(
            {Equipment.MASSAGE_BALL, Equipment.STABILITY_BALL, Equipment.ANKLE_ANCHOR}
        ),
        experience=Experience.SOME,
        availability=Availability(
            frozenset({Weekday.MON, Weekday.WED, Weekday.FRI, Weekday.SAT}),
            dt.time(18, 30),
            3,
            40,
        ),
        start_date=dt.date(2026, 11, 2),
        baseline=Baseline(14, 17, 18),
        timezone=None,
        routine=None,
    )
    # what the previous release itself made of the row, through the file schema
    from hamcoach.intake.schema import ProfileModel

    assert profile == ProfileModel.model_validate(data).to_domain()
    assert profile_from_json(profile_to_json(profile)) == profile


def test_previous_release_rows_survive_a_tighter_file_schema() -> None:
    """Fields the file schema no longer knows, or would now refuse, still read."""
    data = release_0002_profile()
    data["age"] = 9  # below today's minimum of 12
    data["red_flags"] = {**data["red_flags"], "retired_question": False}
    data["a_field_since_removed"] = "kept"
    del data["schedule"]["max_minutes"]  # defaulted as the file format did
    profile = profile_from_json(data)
    assert profile.age == 9
    assert profile.red_flags["retired_question"] is False
    assert profile.availability.max_minutes == 30


def test_a_newer_version_is_refused_with_a_message() -> None:
    data = {**release_0002_profile(), "version": PROFILE_VERSION + 1}
    with pytest.raises(StorageError, match="newer than this release reads"):
        profile_from_json(data)
