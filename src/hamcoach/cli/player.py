"""`hamcoach session`: one exercise at a time in the terminal.

For each exercise: its steps and cues, then the sets: holds and spots run on timers that
name what is held and ring at the end, a set of reps ends when Enter is pressed, the
second side starts after a short pause, and the rest between sets is the catalog's for
that exercise. Then one question, "done as prescribed?"; the details (reps, holds, spots
per set) only when the answer is no. Effort is asked where it drives a rule (loaded
work), form where it does (loaded work and ladder gates, or after a no); a no to good
form shows the exercise's corrections. Last, the worst pain, which gates progression.
Each set done is reported through ``on_set`` as it is done, so an interrupted exercise
keeps its sets (cli/session_cmds.py stores them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rich.console import Console

from hamcoach.cli.prompter import Prompter, StopExercise
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog, Exercise
from hamcoach.domain.guided import (
    asks_effort,
    asks_form,
    prescribed_set,
    prescribed_sets,
    rest_range,
    set_order,
    target_reps,
)
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.training import LoggedSet
from hamcoach.limits import MAX_HOLD_S, MAX_LOAD_KG, MAX_REPS

__all__ = ["ExerciseResult", "Player", "StopExercise"]


@dataclass
class ExerciseResult:
    item: Prescription
    sets: list[LoggedSet] = field(default_factory=list)
    pain: int | None = None
    skipped: bool = False
    stopped_for_pain: bool = False


class Player(Prompter):
    def __init__(
        self,
        console: Console,
        ask: Callable[[str], str],
        catalog: Catalog,
        on_set: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(console, ask)
        self.catalog = catalog
        self.on_set = on_set
        """Called with the number of sets (sides count apart) done so far, after each."""

    def exercise(
        self,
        item: Prescription,
        index: int,
        total: int,
        *,
        done_before: int = 0,
        pain_before: int | None = None,
    ) -> ExerciseResult:
        """Guide one exercise; ``done_before`` sets of it were done before a stop."""
        ex = self.catalog.get(item.exercise_id)
        result = ExerciseResult(item)
        self.pain_seen = pain_before
        self._introduce(ex, item, index, total)
        order = set_order(item)
        if done_before >= len(order):
            self.out.print(f"All {len(order)} set(s) were done before the stop and are kept.")
        elif done_before:
            set_no, side = order[done_before]
            where = f" ({side})" if side else ""
            self.out.print(
                f"Carrying on at set {set_no} of {item.sets}{where}: "
                f"{done_before} of {len(order)} set(s) already done and kept."
            )
        if done_before < len(order) and self.ask("Enter to start, 's' to skip").lower() in {
            "s",
            "skip",
        }:
            result.skipped = True
            return result
        done = done_before
        try:
            for k in range(done_before, len(order)):
                self._one_set(ex, item, k, order, resumed=k == done_before)
                done = k + 1
                if self.on_set is not None:
                    self.on_set(done)
            result.sets = self._answers(ex, item)
            result.pain = self.worst_pain()
        except StopExercise:
            # red pain, during a set or at a question: the sets done so far are kept
            result.stopped_for_pain = True
            result.sets = list(prescribed_sets(item, done))
            result.pain = self.pain_seen
        return result

    def _introduce(self, ex: Exercise, item: Prescription, index: int, total: int) -> None:
        self.out.rule(f"{index}/{total}  {ex.name}: {item.describe()}")
        for n, step in enumerate(ex.steps, 1):
            self.out.print(f"  {n}. {step}")
        for cue in ex.cues[:3]:
            self.out.print(f"  cue: {cue}")
        for m in item.modifications:
            self.out.print(f"  note: {m}")

    # --- the sets ----------------------------------------------------------------------

    def _one_set(
        self,
        ex: Exercise,
        item: Prescription,
        k: int,
        order: list[tuple[int, str | None]],
        *,
        resumed: bool,
    ) -> None:
        set_no, side = order[k]
        if side == "right" and not resumed:
            self.countdown("switch to the right side", R.SIDE_SWITCH_SECONDS)
        where = f" ({side})" if side else ""
        head = f"Set {set_no} of {item.sets}{where}"
        last = k == len(order) - 1
        if item.spots is not None:
            self.out.print(f"{head}: {item.spots} spots, {item.extensions} slow extensions each")
            per_spot = round(R.SECONDS_PER_SPOT + (item.extensions or 0) * R.SECONDS_PER_EXTENSION)
            for spot in range(1, item.spots + 1):
                self.countdown(f"spot {spot}/{item.spots}: {item.extensions} extensions", per_spot)
        elif item.hold_seconds:
            self.out.print(f"{head}: {_what(item, set_no)}")
            self._holds(ex, item, set_no)
        else:
            self.out.print(f"{head}: {_what(item, set_no)}")
            if not last:  # after the last set, the next question says it is done
                self.ask("Enter when the set is done")
        if not last and order[k + 1][0] != set_no:
            low, high = rest_range(ex)
            span = f" (up to {high} s if you need it)" if high > low else ""
            self.countdown(f"rest {low} s{span}", low)

    def _holds(self, ex: Exercise, item: Prescription, set_no: int) -> None:
        """Each hold on its timer, named after what is held (the catalog's 'holds')."""
        seconds = item.hold_seconds or 0
        names = ex.dosage.holds
        reps = target_reps(item, set_no)
        per_rep = item.holds_per_rep
        for rep in range(1, (reps or 1) + 1):
            for h in range(per_rep):
                name = names[h] if h < len(names) else "hold"
                where = f"{item.rep_unit.removesuffix('s')} {rep}/{reps}, " if reps else ""
                what = f"hold {h + 1}/{per_rep}: {name}" if per_rep > 1 else f"hold {name}"
                self.countdown(where + what, seconds)

    # --- the answers -------------------------------------------------------------------

    def _answers(self, ex: Exercise, item: Prescription) -> list[LoggedSet]:
        """The sets as done: one confirm, details only after a no; load, effort and form
        where they drive a rule."""
        as_prescribed = self.confirm("All sets done as prescribed?", True)
        sets = list(prescribed_sets(item)) if as_prescribed else self._details(item)
        if item.loaded:
            load = item.load_kg if as_prescribed and item.load_kg else self._load(item)
            sets = [replace(s, load_kg=load) for s in sets]
        if asks_effort(ex):
            rpe = self.number(
                "Effort of the hardest set, 1-10 (10 = could not do one more; Enter to skip)",
                None,
                1,
                10,
            )
            sets = [replace(s, rpe=rpe) for s in sets]
        if (asks_form(ex) or not as_prescribed) and not self.confirm(
            "Good form on every set?", True
        ):
            self._corrections(ex)
            sets = [replace(s, good_form=False) for s in sets]
        return sets

    def _details(self, item: Prescription) -> list[LoggedSet]:
        out = []
        for set_no, side in set_order(item):
            s = prescribed_set(item, set_no, side)
            where = f"Set {set_no}" + (f" ({side})" if side else "")
            if item.spots is not None:
                done = self.number(f"{where}: spots done", item.spots, 0, 50)
                s = replace(s, reps=int(done or 0))
            elif target_reps(item, set_no) is not None:
                unit = item.rep_unit
                done = self.number(f"{where}: {unit} done", s.reps, 0, MAX_REPS)
                s = replace(s, reps=int(done or 0))
            else:
                held = self.number(f"{where}: seconds held", item.hold_seconds, 0, MAX_HOLD_S)
                s = replace(s, hold_seconds=int(held or 0))
            out.append(s)
        return out

    def _load(self, item: Prescription) -> float | None:
        return self.number("Load used in kg (Enter if none)", item.load_kg, 0.5, MAX_LOAD_KG)

    def _corrections(self, ex: Exercise) -> None:
        if not ex.mistakes:
            self.out.print("  Next time: slow down and keep to the steps above.")
            return
        self.out.print(f"  Corrections for {ex.name}:")
        for m in ex.mistakes:
            self.out.print(f"  - {m.fault} {m.correction}")


def _what(item: Prescription, set_no: int) -> str:
    reps = target_reps(item, set_no)
    load = f" at {item.load_kg:g} kg" if item.load_kg else ""
    if reps and item.hold_seconds:
        return f"{reps} {item.rep_unit}, {item.hold_seconds} s per hold"
    if reps:
        return f"{reps} {item.rep_unit}{load}"
    return f"hold {item.hold_seconds} s"
