"""The movement families the form audit knows, one module each, and which exercise
belongs to which: :data:`FAMILIES` maps an exercise id to its family (its rep signal,
checks, measures and synthetic faults)."""

from __future__ import annotations

from collections.abc import Mapping

from hamcoach.audit.families.ball_curl import BALL_CURL
from hamcoach.audit.families.base import Check, Family
from hamcoach.audit.families.bridge import BRIDGE
from hamcoach.audit.families.hinge import HINGE
from hamcoach.audit.families.nordic import NORDIC
from hamcoach.audit.families.squat import SQUAT

FAMILIES: Mapping[str, Family] = {
    exercise: family
    for family in (SQUAT, BRIDGE, BALL_CURL, HINGE, NORDIC)
    for exercise in family.checks
}
"""exercise id -> its family."""

CHECKS: Mapping[str, tuple[Check, ...]] = {
    exercise: family.checks[exercise] for exercise, family in FAMILIES.items()
}
"""The exercises with form checks, and theirs."""
