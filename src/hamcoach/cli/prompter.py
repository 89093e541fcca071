"""The guided session's input and timers: answers, yes/no, numbers, and countdowns that ring.

At any prompt 'cramp' means rest and carry on (articles 000/001); 'pain' records a pain
score and, in the red zone (above ``rules.PAIN_AMBER_MAX``), stops that exercise with
the advice to see a physical therapist. HAMCOACH_TIMER_SCALE=0 skips the waiting (for
tests and for people who time themselves); a countdown that really ran rings the
terminal bell at its end.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from hamcoach.domain import rules as R

YES = {"y", "yes"}
NO = {"n", "no"}


class StopExercise(Exception):
    """Pain above the threshold: stop this exercise."""


class Prompter:
    def __init__(self, console: Console, ask: Callable[[str], str]) -> None:
        self.out = console
        self.ask_raw = ask
        from hamcoach.config import Settings

        self.scale = Settings.from_env().timer_scale  # checked before the command began
        self.pain_seen: int | None = None

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

    def confirm(self, prompt: str, default: bool) -> bool:
        """A yes or a no; Enter takes the default (shown in capitals)."""
        hint = "Y/n" if default else "y/N"
        while True:
            answer = self.ask(f"{prompt} ({hint})").lower()
            if answer == "":
                return default
            if answer in YES | NO:
                return answer in YES
            self.out.print("  Please answer y or n.")

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

    def number(self, prompt: str, default: float | None, low: float, high: float) -> float | None:
        """A number in [low, high]; None when Enter is pressed with no default."""
        while True:
            raw = self.ask(prompt, "" if default is None else f"{default:g}")
            if raw == "":
                return None
            try:
                value = float(raw.lower().removesuffix("kg").strip().replace(",", "."))
            except ValueError:
                value = None
            if value is not None and low <= value <= high:
                return value
            self.out.print(f"  A number from {low:g} to {high:g}, please.")

    def worst_pain(self) -> int:
        """The worst pain during or after an exercise: no silent 0, since the score decides
        whether the dose may rise."""
        while True:
            worst = self.number(
                f"Worst pain during or after this exercise, 0-{R.PAIN_SCALE_MAX}",
                self.pain_seen,
                0,
                R.PAIN_SCALE_MAX,
            )
            if worst is not None:
                return int(worst)
            self.out.print("  Type your worst pain, 0 if there was none.")

    def countdown(self, label: str, seconds: int) -> None:
        """Wait ``seconds`` with a bar; ring the bell at the end."""
        if seconds <= 0:
            return
        if self.scale <= 0:
            self.out.print(f"  {label} ({seconds} s)", markup=False)
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
        self.out.print(f"  {label}: done", markup=False)
        self.out.bell()
