from __future__ import annotations

import pytest

from hamcoach.domain.catalog import Catalog
from hamcoach.domain.search import search


def top(catalog: Catalog, query: str, n: int = 5) -> list[str]:
    return [h.exercise.id for h in search(catalog, query, limit=n)]


def test_hamstrings_finds_the_hamstring_exercises(catalog: Catalog) -> None:
    assert all("hamstring" in i for i in top(catalog, "hamstrings"))


def test_nordic(catalog: Catalog) -> None:
    assert set(top(catalog, "nordic", 2)) == {"nordic-curl", "nordic-curl-eccentric"}


def test_ball(catalog: Catalog) -> None:
    assert set(top(catalog, "ball", 3)) == {
        "ball-bridge",
        "ball-hamstring-curl",
        "single-leg-ball-hamstring-curl",
    }


def test_no_equipment_returns_only_things_doable_without_kit(catalog: Catalog) -> None:
    hits = top(catalog, "no equipment", 10)
    assert len(hits) >= 5
    assert all(not catalog.get(i).needs() for i in hits)


def test_knee_pain_ranks_exercises_the_articles_give_for_knee_pain(catalog: Catalog) -> None:
    from hamcoach.domain.catalog import Condition

    hits = top(catalog, "knee pain", 5)
    assert all(Condition.KNEE_PAIN in catalog.get(i).helps_with for i in hits)


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("hamstirng curl", "ball-hamstring-curl"),
        ("sqaut", "bodyweight-squat"),
        ("nordik", "nordic-curl"),
    ],
)
def test_typos_still_find(catalog: Catalog, typo: str, expected: str) -> None:
    assert expected in top(catalog, typo, 5)


def test_aliases_are_searched(catalog: Catalog) -> None:
    assert top(catalog, "rdl", 1) == ["romanian-deadlift"]
    assert top(catalog, "myofascial release", 1) == ["asmr-hamstrings"]


def test_nonsense_finds_nothing(catalog: Catalog) -> None:
    assert top(catalog, "xyzzy qwerty") == []
    assert top(catalog, "   ") == []
