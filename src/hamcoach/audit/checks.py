"""The form checks as data, by exercise: :data:`CHECKS` (exercise id -> its checks), with
each check's threshold, view and source. The checks live in their family's module under
``families/``; this module is where the rest of the audit and the CLI find them."""

from __future__ import annotations

from hamcoach.audit.families import CHECKS, FAMILIES
from hamcoach.audit.families.base import RUSHING, Check, Worse
from hamcoach.audit.families.squat import (
    DEPTH,
    HEELS_LIFT,
    KNEES_IN_DOWN,
    KNEES_IN_UP,
    KNEES_PAST_TOES,
    SQUAT_CHECKS,
    TRUNK_LEAN,
)

__all__ = [
    "CHECKS",
    "DEPTH",
    "FAMILIES",
    "HEELS_LIFT",
    "KNEES_IN_DOWN",
    "KNEES_IN_UP",
    "KNEES_PAST_TOES",
    "RUSHING",
    "SQUAT_CHECKS",
    "TRUNK_LEAN",
    "Check",
    "Worse",
]
