"""``exercises list|search --json`` and ``routines list --json``."""

from __future__ import annotations

from dataclasses import dataclass

from hamcoach.domain.catalog import Exercise, Routine


@dataclass(frozen=True, slots=True)
class ExerciseSummaryView:
    """``exercises list --json``: one exercise, short."""

    id: str
    name: str
    category: str
    equipment: tuple[str, ...]
    targets: tuple[str, ...]
    goals: tuple[str, ...]
    dose: str


@dataclass(frozen=True, slots=True)
class SearchHitView(ExerciseSummaryView):
    """``exercises search --json``: the summary and its relevance."""

    score: float


def exercise_summary_view(ex: Exercise) -> ExerciseSummaryView:
    return ExerciseSummaryView(
        id=ex.id,
        name=ex.name,
        category=ex.category.value,
        equipment=tuple(e.value for e in ex.equipment),
        targets=tuple(t.value for t in ex.targets),
        goals=tuple(g.value for g in ex.goals),
        dose=ex.dosage.describe(),
    )


def search_hit_view(ex: Exercise, score: float) -> SearchHitView:
    s = exercise_summary_view(ex)
    return SearchHitView(s.id, s.name, s.category, s.equipment, s.targets, s.goals, s.dose, score)


@dataclass(frozen=True, slots=True)
class RoutineSummaryView:
    """``routines list --json``."""

    id: str
    name: str
    exercises: tuple[str, ...]


def routine_summary_view(routine: Routine) -> RoutineSummaryView:
    return RoutineSummaryView(routine.id, routine.name, tuple(i.exercise for i in routine.items))
