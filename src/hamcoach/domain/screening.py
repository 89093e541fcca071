"""Red-flag screening: any yes refers to a clinician and blocks the program.

The questions paraphrase the sources in shared/design/CLINICAL_RULES.md:
cauda equina signs (Greenhalgh et al. patient cards; BMJ Best Practice), the
NICE NG59 red flags for low-back pain (Verhagen 2016), the Ottawa knee rules
(Stiell 1995) and PAR-Q+ style readiness questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from hamcoach.domain import rules as R
from hamcoach.domain.catalog import Condition
from hamcoach.domain.profile import PainArea, Profile

if TYPE_CHECKING:
    from hamcoach.domain.clearance import Clearance


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # same day
    CLINICIAN = "clinician"  # see someone before starting


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    urgency: Urgency
    source: str
    areas: frozenset[PainArea] | None = None  # None: asked of everyone

    def applies(self, area: PainArea) -> bool:
        return self.areas is None or area in self.areas


_BACK = frozenset({PainArea.LOW_BACK, PainArea.BOTH})
_KNEE = frozenset({PainArea.KNEE, PainArea.BOTH})
_CES = "cauda equina (Greenhalgh et al.; BMJ Best Practice)"
_NICE = "NICE NG59 low-back pain pathway (Verhagen 2016)"
_OTTAWA = "Ottawa knee rules (Stiell 1995)"
_PARQ = "PAR-Q+ style readiness questions"

QUESTIONS: tuple[Question, ...] = (
    Question(
        "saddle_numbness",
        "Numbness or tingling around the genitals, the back passage or the inner buttocks?",
        Urgency.EMERGENCY,
        _CES,
    ),
    Question(
        "bladder_bowel",
        "New trouble starting, stopping or controlling passing urine, or controlling your bowels?",
        Urgency.EMERGENCY,
        _CES,
    ),
    Question(
        "sexual_dysfunction",
        "New loss of sexual function or sensation?",
        Urgency.EMERGENCY,
        _CES,
    ),
    Question(
        "both_legs",
        "Pain, numbness, pins and needles or weakness in both legs at once?",
        Urgency.EMERGENCY,
        _CES,
    ),
    Question(
        "back_pain_onset_age",
        "Did this back pain first start before you were 20 or after you were 50?",
        Urgency.CLINICIAN,
        _NICE,
        _BACK,
    ),
    Question("cancer_history", "Have you ever had cancer?", Urgency.CLINICIAN, _NICE),
    Question(
        "weight_loss",
        "Have you lost weight recently without trying?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "fever",
        "Have you had a fever, chills or night sweats with this pain?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "immune_or_iv_drugs",
        "Is your immune system weakened (e.g. by medicines or illness), or do you inject drugs?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "night_pain",
        "Do you have pain at night that no change of position eases?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "trauma",
        "Did the pain start with a major accident or fall, or a minor one if you have "
        "osteoporosis or take steroid tablets?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "progressive_weakness",
        "Is weakness or numbness in a leg getting steadily worse?",
        Urgency.CLINICIAN,
        _NICE,
    ),
    Question(
        "knee_injury_bone_tender",
        "After a recent knee injury: is the kneecap, or the bony bump on the outside just "
        "below the knee, tender to touch?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "knee_injury_cannot_bend",
        "After a recent knee injury: are you unable to bend the knee to a right angle?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "knee_injury_cannot_walk",
        "After a recent knee injury: could you not take four steps on it, then or now?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "knee_injury_age",
        "Did you injure the knee recently and are you 55 or older?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "hot_swollen_knee",
        "Is the knee hot and swollen, with a fever or feeling unwell?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "knee_locking",
        "Does the knee lock or get stuck so that you cannot straighten it?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "knee_giving_way",
        "Does the knee give way under you?",
        Urgency.CLINICIAN,
        _OTTAWA,
        _KNEE,
    ),
    Question(
        "calf_swelling",
        "Is one calf swollen, red or painful to touch?",
        Urgency.CLINICIAN,
        "CLINICAL_RULES.md (possible blood clot)",
    ),
    Question(
        "heart_condition",
        "Has a doctor said you have a heart condition or high blood pressure?",
        Urgency.CLINICIAN,
        _PARQ,
    ),
    Question(
        "chest_pain",
        "Do you get chest pain at rest, in daily life or when active?",
        Urgency.CLINICIAN,
        _PARQ,
    ),
    Question(
        "dizziness",
        "Have you fainted, or lost balance from dizziness, in the past year?",
        Urgency.CLINICIAN,
        _PARQ,
    ),
    Question(
        "supervised_only",
        "Has a doctor told you to exercise only under medical supervision?",
        Urgency.CLINICIAN,
        _PARQ,
    ),
)

QUESTION_IDS: frozenset[str] = frozenset(q.id for q in QUESTIONS)

EMERGENCY_CARE = (
    "Get emergency care today: go to an emergency department or call your local "
    "emergency number. These signs can mean pressure on the nerves at the base of the "
    "spine (cauda equina syndrome), which needs same-day assessment."
)
"""What to do about an emergency sign, wherever it shows (the intake, the handout)."""
EMERGENCY_ADVICE = EMERGENCY_CARE + " Do not start exercising."
WATCH_FOR: tuple[str, ...] = (
    "progressive_weakness", "calf_swelling", "chest_pain", "dizziness", "fever",
    "night_pain", "weight_loss", "hot_swollen_knee", "knee_locking", "knee_giving_way",
)  # fmt: skip
"""Intake questions about signs that can start while a person trains (not their history):
a handout lists them, so a yes found later stops the training until a clinician has
looked, as it would have at the intake."""
WATCH_ADVICE = (
    "Stop training and see a doctor or physical therapist before you carry on if the "
    "answer to any of these becomes yes:"
)
EARLIER_YES = (
    "Yes at your last screening, no now: a changed answer does not lift a red flag. "
    "A clinician who has checked it can clear it."
)
"""Said beside a flag ``screen`` keeps from the screening before (``earlier``)."""
CLINICIAN_ADVICE = (
    "See a doctor or physical therapist before starting an exercise program, and show "
    "them the answers below. hamcoach will not make a plan until a clinician has "
    "checked these."
)


def questions_for(area: PainArea) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.applies(area))


def unanswered(area: PainArea, answers: Mapping[str, bool]) -> list[str]:
    """Questions that apply to this person but have no answer (never assumed 'no')."""
    return [q.id for q in questions_for(area) if q.id not in answers]


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    cleared: bool
    urgency: Urgency | None
    flags: tuple[Question, ...]
    cautions: frozenset[Condition]
    notes: tuple[str, ...] = ()
    cleared_flags: tuple[tuple[Question, Clearance], ...] = ()
    """Yes answers a clinician has cleared: they no longer block, and stay shown."""
    earlier: tuple[Question, ...] = ()
    """Those of ``flags`` answered yes before and no now: a changed answer alone does not
    lift a red flag (``screen``)."""

    @property
    def advice(self) -> str | None:
        if self.urgency is Urgency.EMERGENCY:
            return EMERGENCY_ADVICE
        if self.urgency is Urgency.CLINICIAN:
            return CLINICIAN_ADVICE
        return None


def standing_clearances(clearances: Iterable[Clearance]) -> dict[str, Clearance]:
    """The clearance that stands for each question: the latest by date, and of two on one
    date the one recorded last (``clearances`` come oldest first)."""
    out: dict[str, Clearance] = {}
    for c in clearances:
        old = out.get(c.question_id)
        if old is None or c.cleared_on >= old.cleared_on:
            out[c.question_id] = c
    return out


def screen(
    profile: Profile, clearances: Iterable[Clearance] = (), earlier: Iterable[str] = ()
) -> ScreeningResult:
    """Any yes to a red-flag question blocks the program, unless a clinician cleared
    that very question for this person (``clearances``, oldest first).

    A yes to a question that does not apply (a knee question from someone
    with back pain only) still counts: the person said it, so it is taken
    seriously. An emergency flag answered yes blocks whatever clearance is on file: it
    is never cleared in the program (CLINICAL_RULES, "Clearance and escalation").

    ``earlier``: the flags the person's previous screening raised. One answered no now
    still blocks until a clinician clears it: a red flag is not lifted by changing the
    answer (found by a new user's trial: a second profile with "no" made a plan after
    an emergency sign, with no word of it). An emergency sign reported before and not
    now asks to see a clinician, who can clear it once they have checked it.
    """
    standing = standing_clearances(clearances)
    before = set(earlier)
    said_yes = [q for q in QUESTIONS if profile.red_flags.get(q.id, False)]
    yes_ids = {q.id for q in said_yes}
    raised = [q for q in QUESTIONS if q.id in yes_ids or q.id in before]
    cleared = tuple(
        (q, standing[q.id])
        for q in raised
        if q.id in standing and (q.urgency is Urgency.CLINICIAN or q.id not in yes_ids)
    )
    cleared_ids = {q.id for q, _ in cleared}
    flags = tuple(q for q in raised if q.id not in cleared_ids)
    if flags:
        emergency = any(q.urgency is Urgency.EMERGENCY and q.id in yes_ids for q in flags)
        return ScreeningResult(
            cleared=False,
            urgency=Urgency.EMERGENCY if emergency else Urgency.CLINICIAN,
            flags=flags,
            cautions=profile.active_conditions(),
            cleared_flags=cleared,
            earlier=tuple(q for q in flags if q.id not in yes_ids),
        )
    notes: list[str] = []
    if profile.pain_now >= R.HIGH_PAIN_TODAY:
        notes.append(
            f"Your pain is {profile.pain_now}/10 today. Start gently; during exercise pain may "
            f"reach {R.PAIN_AMBER_MAX}/10 but must settle by the next morning "
            f"({R.PAIN_RULES_SOURCE})."
        )
    if profile.conditions.leg_symptoms:
        notes.append(
            "Leg pain or tingling below the knee: doses will not rise while those symptoms "
            "are provoked, and nothing stretches into them."
        )
    if profile.conditions.recent_knee_surgery:
        notes.append("Recent knee surgery: follow your surgeon's or physio's limits first.")
    return ScreeningResult(True, None, (), profile.active_conditions(), tuple(notes), cleared)
