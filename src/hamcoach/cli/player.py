"""`hamcoach session`: a guided session in the terminal.

For each exercise: steps and cues, a set counter, countdown timers with a
progress bar for holds and rests, and per set the reps done (default: the
target), the load, the effort and whether form was good. At any prompt
'cramp' means rest and carry on (articles 000/001); 'pain' records a pain
score and, in the red zone (``rules.PAIN_AMBER_MAX``), stops that exercise with the advice to see a
physical therapist. Each exercise is saved (committed) as soon as it is
finished, so Ctrl-C keeps what was done. HAMCOACH_TIMER_SCALE=0 skips the
waiting (for tests and for people who time themselves).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from hamcoach.config import Settings
from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Catalog
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.progression import LoggedSet


class StopExercise(Exception):
    """Pain above the threshold: stop this exercise."""


@dataclass
class ExerciseResult:
    item: Prescription
    sets: list[LoggedSet] = field(default_factory=list)
    pain: int | None = None
    skipped: bool = False
    stopped_for_pain: bool = False


class Player:
    def __init__(self, console: Console, ask: Callable[[str], str], catalog: Catalog) -> None:
        self.out = console
        self.ask_raw = ask
        self.catalog = catalog
        self.scale = Settings.from_env().timer_scale  # checked before the command began
        self.pain_seen: int | None = None

    # --- input ---------------------------------------------------------------------

    def ask(self, prompt: str, default: str = "") -> str:
        """One answer; handles 'cramp' and 'pain' wherever they are typed."""
        while True:
            shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
            raw = self.ask_raw(shown).strip()
            low = raw.lower()
            if low == "cramp":
                self.out.print(
                    "Cramp: stop, rest until it eases, then carry on (articles 000, 001)."
                )
                self.countdown("rest for the cramp", R.CRAMP_REST_SECONDS)
                continue
            if low.startswith("pain"):
                self.record_pain(low.removeprefix("pain").strip())
                continue
            return raw or default

    def record_pain(self, given: str) -> None:
        text = given or self.ask_raw(f"Pain now, 0-{R.PAIN_SCALE_MAX}: ").strip()
        top = R.PAIN_SCALE_MAX
        while not (text.isdigit() and 0 <= int(text) <= top):
            text = self.ask_raw(f"Pain now, a whole number 0-{top}: ").strip()
        pain = int(text)
        self.pain_seen = max(pain, self.pain_seen or 0)
        if R.pain_zone(pain) == "red":
            self.out.print(
                f"Pain {pain}/10 is above {R.PAIN_AMBER_MAX}: stop this exercise now. "
                "If the pain persists "
                "or worries you, see a physical therapist (articles 000, 001)."
            )
            raise StopExercise
        self.out.print(
            f"Pain {pain}/10 noted; carry on if it stays at {R.PAIN_AMBER_MAX} or below."
        )

    def number(self, prompt: str, default: int | None, low: float, high: float) -> float | None:
        while True:
            raw = self.ask(prompt, "" if default is None else str(default))
            if raw == "":
                return None
            try:
                value = float(raw.lower().removesuffix("kg").strip())
            except ValueError:
                self.out.print(f"  A number from {low:g} to {high:g}, please.")
                continue
            if low <= value <= high:
                return value
            self.out.print(f"  A number from {low:g} to {high:g}, please.")

    # --- timers ----------------------------------------------------------------------

    def countdown(self, label: str, seconds: int) -> None:
        if seconds <= 0:
            return
        if self.scale <= 0:
            self.out.print(f"  [{label}: {seconds} s]", markup=False)
            return
        with Progress(
            TextColumn("  {task.description}"),
            BarColumn(),
            TimeRemainingColumn(),
            console=self.out,
            transient=True,
        ) as bar:
            task = bar.add_task(label, total=seconds)
            for _ in range(seconds):
                time.sleep(self.scale)
                bar.advance(task)
        self.out.print(f"  {label}: done")

    # --- one exercise ---------------------------------------------------------------

    def exercise(self, item: Prescription, index: int, total: int) -> ExerciseResult:
        ex = self.catalog.get(item.exercise_id)
        result = ExerciseResult(item)
        self.pain_seen = None
        self.out.rule(f"{index}/{total}  {ex.name}: {item.describe()}")
        for n, step in enumerate(ex.steps, 1):
            self.out.print(f"  {n}. {step}")
        for cue in ex.cues[:3]:
            self.out.print(f"  cue: {cue}")
        for m in item.modifications:
            self.out.print(f"  note: {m}")
        if self.ask("Enter to start, 's' to skip", "").lower() in {"s", "skip"}:
            result.skipped = True
            return result
        sides = ["left", "right"] if item.per_side else [None]
        try:
            for set_no in range(1, item.sets + 1):
                for side in sides:
                    result.sets.append(self.one_set(item, set_no, side))
                if set_no < item.sets:
                    self.countdown("rest", round(R.REST_BETWEEN_SETS_SECONDS))
        except StopExercise:
            result.stopped_for_pain = True
        result.pain = self.pain_seen
        if not result.stopped_for_pain:
            worst = None
            while worst is None:
                worst = self.number(
                    f"Worst pain during or after this exercise, 0-{R.PAIN_SCALE_MAX}",
                    self.pain_seen,
                    0,
                    R.PAIN_SCALE_MAX,
                )
                if worst is None and self.pain_seen is not None:
                    worst = self.pain_seen
                elif worst is None:
                    # no silent 0: the score decides whether the dose may rise
                    self.out.print("  Type your worst pain, 0 if there was none.")
            result.pain = int(worst)
        return result

    def one_set(self, item: Prescription, set_no: int, side: str | None) -> LoggedSet:
        where = f" ({side})" if side else ""
        self.out.print(f"Set {set_no} of {item.sets}{where}")
        target = item.reps_by_set[set_no - 1] if item.reps_by_set else item.reps
        if item.spots is not None:
            for spot in range(1, item.spots + 1):
                self.out.print(f"  spot {spot} of {item.spots}: {item.extensions} slow extensions")
            done = self.number("Spots done", item.spots, 0, 50)
            return LoggedSet(reps=int(done or 0), side=side)
        hold = item.hold_seconds
        if hold and target:
            for rep in range(1, target + 1):
                for k in range(item.holds_per_rep):
                    self.countdown(f"rep {rep}/{target}, hold {k + 1}/{item.holds_per_rep}", hold)
        elif hold:
            self.countdown(f"hold{where}", hold)
        reps = 0
        if target:
            value = self.number(f"{item.rep_unit.capitalize()} done", target, 0, 500)
            reps = int(value or 0)
        held = None
        if hold and not target:
            value = self.number("Seconds held", hold, 0, 600)
            held = int(value) if value is not None else hold
        load = None
        if item.loaded:
            load = self.number(
                "Load in kg (Enter if none)", int(item.load_kg) if item.load_kg else None, 0.5, 500
            )
        rpe = self.number("Effort 1-10 (10 = could not do one more; Enter to skip)", None, 1, 10)
        form = self.ask("Form good? (y/n)", "y").lower() not in {"n", "no"}
        return LoggedSet(
            reps=reps,
            load_kg=load,
            hold_seconds=held or (hold if target else None),
            rpe=rpe,
            good_form=form,
            side=side,
        )
