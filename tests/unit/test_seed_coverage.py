"""Every exercise the articles describe is in the catalog, complete and sourced,
with the articles' numbers carried exactly."""

from __future__ import annotations

import pytest

from hamcoach.domain.catalog import Catalog, Evidence, Range
from hamcoach.domain.criteria import Metric

SEED_IDS = [
    "bridge",
    "single-leg-bridge",
    "bridge-pillow-squeeze",
    "marching-bridge",
    "ball-hamstring-curl",
    "single-leg-ball-hamstring-curl",
    "bodyweight-squat",
    "squat-to-bench",
    "single-leg-squat-to-bench",
    "loaded-squat",
    "single-leg-deadlift",
    "weighted-single-leg-deadlift",
    "asmr-hamstrings",
    "hamstring-ere-standing",
    "hamstring-ere-supine",
    "seated-tibial-rotation",
    "jefferson-curl",
    "hip-hinge",
    "romanian-deadlift",
    "glute-bridge-walkout",
    "nordic-curl-eccentric",
    "nordic-curl",
    "reverse-lunge",
    "step-up",
    "wall-sit",
    "kettlebell-swing",
    "leg-swings",
    "hamstring-static-stretch",
    # article 004: exercise-ball and resistance-band work, pelvic position
    "ball-bridge",
    "band-hip-extension",
    "posterior-pelvic-tilt",
]


@pytest.mark.parametrize("exercise_id", SEED_IDS)
def test_seed_exercise_is_complete(catalog: Catalog, exercise_id: str) -> None:
    ex = catalog.get(exercise_id)
    assert len(ex.steps) >= 3, "steps"
    assert ex.cues, "cues"
    assert ex.mistakes and all(m.fault and m.correction for m in ex.mistakes), "mistakes"
    assert ex.dosage.sets.low >= 1
    assert ex.sources and all(s.source in catalog.sources for s in ex.sources)
    # every source of an exercise is an article or a cited rule, never made up
    for ref in ex.sources:
        assert catalog.sources[ref.source].file


def test_every_article_is_a_source_of_something(catalog: Catalog) -> None:
    cited = {ref.source for ex in catalog for ref in ex.sources}
    assert {"000", "001", "002", "003", "004"} <= cited


def test_article_files_named_in_sources_exist_in_seeds(catalog: Catalog) -> None:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not next to this checkout")
    for src in catalog.sources.values():
        if src.kind == "article":
            assert (seeds / src.file).is_file(), src.file


# (exercise id, sets, reps, hold seconds, source) as the articles state them
ARTICLE_DOSES = [
    ("marching-bridge", Range(2, 3), Range(5, 8), None, "002"),
    ("seated-tibial-rotation", Range(2, 3), Range(4, 6), Range(5, 5), "002"),
    ("jefferson-curl", Range(2, 4), Range(3, 5), None, "002"),
    ("hamstring-ere-standing", Range(1, 1), Range(2, 4), Range(10, 15), "002"),
    ("hamstring-ere-supine", Range(1, 1), Range(2, 4), Range(10, 15), "002"),
]


@pytest.mark.parametrize(("exercise_id", "sets", "reps", "hold", "source"), ARTICLE_DOSES)
def test_article_doses_are_exact(
    catalog: Catalog,
    exercise_id: str,
    sets: Range,
    reps: Range,
    hold: Range | None,
    source: str,
) -> None:
    dose = catalog.get(exercise_id).dosage
    assert (dose.sets, dose.reps, dose.hold_seconds) == (sets, reps, hold)
    assert dose.evidence is Evidence.ARTICLE
    assert source in {s.source for s in dose.sources}


def test_asmr_is_spots_by_extensions(catalog: Catalog) -> None:
    dose = catalog.get("asmr-hamstrings").dosage
    assert (dose.spots, dose.extensions_per_spot, dose.per_side) == (
        Range(8, 10),
        Range(2, 3),
        True,
    )
    assert dose.describe() == "8-10 spots x 2-3 extensions per side"


def test_ere_cycles_are_per_side(catalog: Catalog) -> None:
    dose = catalog.get("hamstring-ere-standing").dosage
    assert dose.rep_unit == "cycles" and dose.per_side


@pytest.mark.parametrize(
    ("exercise_id", "target", "value", "per_side"),
    [
        ("bodyweight-squat", "loaded-squat", 30, False),
        ("single-leg-deadlift", "weighted-single-leg-deadlift", 30, True),
        ("ball-hamstring-curl", "single-leg-ball-hamstring-curl", 30, False),
    ],
)
def test_article_gates_are_machine_checkable(
    catalog: Catalog, exercise_id: str, target: str, value: int, per_side: bool
) -> None:
    link = next(p for p in catalog.get(exercise_id).progressions if p.target == target)
    assert link.criterion is not None
    assert link.criterion.metric is Metric.GOOD_FORM_REPS
    assert (link.criterion.value, link.criterion.per_side) == (value, per_side)
    assert {"000", "001"} <= {s.source for s in link.sources}


def test_nordic_follows_the_oslo_protocol(catalog: Catalog) -> None:
    weekly = catalog.get("nordic-curl-eccentric").dosage.weekly
    got = [(w.week, w.sessions_per_week, w.sets, str(w.reps)) for w in weekly]
    assert got == [
        (1, 1, 2, "5"),
        (2, 2, 2, "6"),
        (3, 3, 3, "6-8"),
        (4, 3, 3, "8-10"),
        (5, 3, 3, "8-12"),
    ]
    assert weekly[-1].reps_by_set == (12, 10, 8)


def test_defaults_are_labelled_not_passed_off_as_article_numbers(catalog: Catalog) -> None:
    for ex in catalog:
        if ex.dosage.evidence is Evidence.DEFAULT:
            assert ex.dosage.note and "default" in ex.dosage.note.lower(), ex.id
        else:
            assert ex.dosage.sources, ex.id


def test_cautions_from_the_articles(catalog: Catalog) -> None:
    from hamcoach.domain.catalog import CautionAction, Condition

    jc = catalog.get("jefferson-curl").caution_for(Condition.FLEXION_SENSITIVE_BACK)
    assert jc and jc.action is CautionAction.SUBSTITUTE and jc.substitute == "hip-hinge"
    asmr = catalog.get("asmr-hamstrings").caution_for(Condition.SCIATICA)
    assert asmr and "toe" in asmr.advice
    nordic = catalog.get("nordic-curl-eccentric").caution_for(Condition.KNEE_PAIN)
    assert nordic and "pad" in nordic.advice.lower()
    strain = catalog.get("nordic-curl").caution_for(Condition.RECENT_HAMSTRING_STRAIN)
    assert strain and strain.substitute == "nordic-curl-eccentric"


def test_the_static_stretch_disagreement_keeps_both_sources(catalog: Catalog) -> None:
    notes = catalog.get("hamstring-static-stretch").notes
    assert any({"002", "003"} <= {s.source for s in n.sources} for n in notes)


ROUTINES = {
    "knee-pain-five": [
        "asmr-hamstrings",
        "hamstring-ere-standing",
        "marching-bridge",
        "seated-tibial-rotation",
        "jefferson-curl",
    ],
    "top-three-progressions": ["bridge", "bodyweight-squat", "single-leg-deadlift"],
}


def test_routines_exist_in_article_order(catalog: Catalog) -> None:
    for routine_id, order in ROUTINES.items():
        assert [i.exercise for i in catalog.routine(routine_id).items] == order
    five = {i.exercise for i in catalog.routine("five-hamstring-workouts").items}
    assert {
        "romanian-deadlift",
        "glute-bridge-walkout",
        "nordic-curl-eccentric",
        "ball-hamstring-curl",
        "single-leg-deadlift",
    } <= five
    for rid in (
        "tight-hamstrings-1",
        "tight-hamstrings-2",
        "home-no-equipment",
        "low-back-pelvic-alignment",
    ):
        assert catalog.routine(rid).items
    home = catalog.routine("home-no-equipment")
    assert all(not catalog.get(i.exercise).needs() for i in home.items)
