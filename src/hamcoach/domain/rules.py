"""Every clinical number hamcoach uses, once, with its source.

What varies per exercise (doses, ladder criteria, rest) lives in the catalog;
what is the same for everyone lives here. Numbers marked *default* are
engineering defaults (shared/design/CLINICAL_RULES.md), not cited values.
Nothing else in the code base writes these numbers: messages, the calendar
text, plots and the planner read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- pain monitoring (Silbernagel et al. 2007, AJSM 35:897) -------------------------
PAIN_GREEN_MAX = 3
"""0-3/10: green, the dose may progress."""
PAIN_AMBER_MAX = 5
"""4-5/10: amber, repeat the dose; above this is red: stop, step back next time."""
PAIN_SCALE_MAX = 10
HIGH_PAIN_TODAY = 7
"""*default*: pain at intake from this score on gets a 'start gently' note."""
MORNING_WINDOW_DAYS = 2
"""The next-morning check-in of a session: the first one within this many days after it."""
PAIN_RULES_SOURCE = "Silbernagel 2007"
GREEN_RANGE = f"0-{PAIN_GREEN_MAX}"
"""The green zone as people read it, e.g. in '0-3/10'."""
AMBER_RANGE = f"{PAIN_GREEN_MAX + 1}-{PAIN_AMBER_MAX}"
"""The amber zone as people read it, e.g. in '4-5/10'."""

# --- load (ACSM 2009, Ratamess, MSSE 41:687; NSCA "2-for-2") ------------------------
LOAD_STEP_PCT = 5.0
"""*default* step when a load rises, within ACSM's 2-10 %."""
LOAD_STEP_MIN_PCT = 2.0
LOAD_STEP_MAX_PCT = 10.0
"""A load never rises more than this at once (ACSM 2009)."""
LOAD_INCREMENT_KG = 1.0
"""*default* smallest step the person's weights allow."""
LOAD_INCREMENT_RANGE_KG = (0.25, 20.0)
TWO_FOR_TWO_EXTRA_REPS = 2
"""NSCA 2-for-2: the last set beats the target by this many reps ..."""
TWO_FOR_TWO_SESSIONS = 2
"""... in this many sessions running."""
RPE_TOP_FOR_LOAD_UP = 8
"""Every set at the top of the range at this RPE or less (>= 2 reps in reserve)."""
START_LOAD_RPE = "6-7"
"""A starting weight: one lifted for the top of the rep range at this effort (RPE), leaving
3-4 reps in reserve (ACSM 2009 beginners' loading)."""
RPE_NEAR_FAILURE = 9
RPE_FAILURE = 10
RPE_NEAR_FAILURE_CUT_PCT = 5.0
"""RPE 9: 5 % lighter (CLINICAL_RULES: -2.5 kg or -5 %)."""
RPE_FAILURE_CUT_PCT = 10.0
"""RPE 10 / failure: 10 % lighter (CLINICAL_RULES: -5 kg or -10 %)."""
STEP_BACK_LOAD_CUT_PCT = 10.0
"""Red pain on a loaded exercise: 10 % lighter (CLINICAL_RULES: cut 10-20 %)."""
STEP_BACK_REPS_CUT = 0.2
"""Red pain, no set to drop: about 20 % fewer reps (CLINICAL_RULES: cut 10-20 %)."""
STEP_BACK_LOAD_ROUNDING_KG = 0.5
HOLD_STEP_SECONDS = 2
"""*default*: hold seconds rise this much at a time."""

# --- breaks, deload -----------------------------------------------------------------
BREAK_DAYS = 14
"""*default*: a gap this long steps back and moves missed sessions forward."""
DELOAD_DAYS = 7
"""One lighter week (Bell et al. 2024 survey: about one week)."""
DELOAD_MIN_SPACING_DAYS = 14
"""*default*: at most one deload a fortnight."""
DELOAD_SETS_FRACTION = 0.5
"""About half the sets (CLINICAL_RULES, deload)."""
DELOAD_LOAD_CUT_PCT = 15.0
"""10-20 % lighter (CLINICAL_RULES, deload); 15 is the middle."""
DELOAD_MIN_CHECKINS_PER_WEEK = 2
"""Morning pain 'rises week on week' only when each week has this many check-ins."""

# --- scheduling (articles 002 and 003) ---------------------------------------------
MIN_HOURS_BETWEEN_SESSIONS = 48
"""At least 48 hours between sessions for beginners (article 003)."""
DEFAULT_WEEKS = 5
"""2-3 times a week for 5 weeks (article 002)."""
EARLY_SESSION_DAYS = 3
"""*default*: a day's training counts for the next session not yet done when that session is
at most this many days ahead (Thursday's session done on Monday); it is then done on the
day it was done. Further ahead, the day counts for no session."""
MIN_SESSIONS_PER_WEEK = 2
"""Fewer than 2 sessions a week is not the program the articles give (002: 2-3 a week for
5 weeks; 003: 2-3 times a week)."""

# --- entry to the ladders (the gates themselves are catalog criteria) -------------
SINGLE_LEG_BRIDGE_POOR_BELOW = 20
"""Single-leg bridge test: under 20 is poor (Freckleton 2014); at 20 or more a person
with a ball starts on the ball curl."""
SINGLE_LEG_BRIDGE_AVERAGE = 25
"""Single-leg bridge test: about 25 is average (Freckleton 2014)."""
SINGLE_LEG_BRIDGE_GOOD_ABOVE = 30
"""Single-leg bridge test: over 30 is good (Freckleton 2014)."""
BRIDGE_ASYMMETRY_FLAG_PCT = 15.0
"""A left/right gap in the bridge test over this is worth noting (Freckleton 2014)."""
SINGLE_LEG_BRIDGE_START_MIN = 10
"""*default*: under this many single-leg bridges, start with two-leg bridges."""
SQUATS_BEFORE_FULL_SQUAT = 10
"""*default*: fewer good bodyweight squats in the test start with squats to a bench."""
WARM_UP_SQUATS = 10
"""*default*: one set of this many bodyweight squats as a dynamic warm-up (article 003)."""

# --- a recent hamstring strain ---------------------------------------------------
STRAIN_SHORT_RANGE_WEEKS = 2
"""*default*: after a recent hamstring strain, the first weeks hold no Jefferson curl and
no loading at end range (the exercises that train length under load come in after).
The articles give no number of weeks; article 003 gives the direction: after a strain,
work in a shorter range first (glute bridge walkouts, 'useful for people recovering from
hamstring strains', made easier by reducing the range of motion) and do Nordics lowering
only."""
STRAIN_SOURCE = "article 003"

# --- session timing (*defaults*, unless the catalog gives a rest) --------------------
SECONDS_PER_REP = 4.0
"""About 1 s up and 3 s down."""
REST_BETWEEN_SETS_SECONDS = 45.0
"""Between sets, where the exercise's catalog dose gives no rest of its own."""
SETUP_SECONDS = 30.0
"""Getting into position, per exercise."""
SECONDS_PER_SPOT = 10.0
"""Moving the ball to a new spot (tissue-quality work)."""
SECONDS_PER_EXTENSION = 5.0
"""One slow knee extension on a spot."""
SECONDS_BETWEEN_HOLDS = 2.0
"""Letting go of one hold and setting up the next."""
SIDE_SWITCH_SECONDS = 5
"""The session player's pause before the second side: time to turn round and set up."""
CRAMP_REST_SECONDS = 30
"""The session player's rest for a cramp (articles 000/001 say: stop, rest, continue)."""


def pain_zone(pain: int) -> str:
    """'green', 'amber' or 'red' for a 0-10 pain score (Silbernagel 2007)."""
    if pain <= PAIN_GREEN_MAX:
        return "green"
    if pain <= PAIN_AMBER_MAX:
        return "amber"
    return "red"


@dataclass(frozen=True, slots=True)
class Rules:
    """The per-person settings the progression engine reads; the rest are constants above."""

    load_step_pct: float = LOAD_STEP_PCT
    load_increment_kg: float = LOAD_INCREMENT_KG


DEFAULT_RULES = Rules()


# --- escalation (CLINICAL_RULES, "Clearance and escalation"; *defaults* in the spirit of
# the articles' "if it causes pain, stop and consult your physical therapist") ------------
ESCALATION_STEP_BACKS = 2
"""This many step-backs of one exercise (from different sessions) ..."""
ESCALATION_STEP_BACK_DAYS = 14
"""... within this many days pause that exercise and refer."""
ESCALATION_RED_EXERCISES = 2
"""Red pain in this many different exercises ..."""
ESCALATION_RED_DAYS = 7
"""... within this many days pauses the plan and refers."""
ESCALATION_WORSE_MORNINGS = 3
"""Morning pain above the intake baseline on this many check-ins in a row pauses the plan."""

# --- the scheduled deload (CLINICAL_RULES "Regression and deload"; Bell et al. 2024 survey:
# a deload every 5.6 +/- 2.3 weeks, about one week) -----------------------------------------
DELOAD_AFTER_WEEKS = 6
"""*default*: one lighter week after this many weeks of training (the upper end of 4-6, so a
5-week program runs through)."""
DELOAD_STALL_DAYS = 14
"""*default*: no dose rose in this many days while training: a stall, one lighter week."""
DELOAD_STALL_MIN_SESSIONS = 3
"""A stall needs at least this many sessions logged in those days (a break is not a stall)."""
