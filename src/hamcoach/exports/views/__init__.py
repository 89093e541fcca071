"""The public ``--json`` formats, as view models (documented in docs/json.md).

Each output is a frozen dataclass whose field names *are* the JSON keys, in
order, and whose values are already in their public form (dates as ISO
strings, enums as their values); ``jsonable`` turns one into the dict the CLI
prints. A ``*_view`` function builds each from domain objects. These are
deliberately not the storage formats (``domain/codec.py``): a column can be
renamed without a script that reads ``plan show --json`` noticing.
``tests/unit/test_views.py`` checks every model against the tables and field
lists in docs/json.md, so the two cannot drift apart.

Nothing here reads storage or calls a service (tests/unit/test_architecture.py):
where a service's record is the source, a Protocol names the attributes read.
"""

from __future__ import annotations

from hamcoach.exports.views.base import jsonable
from hamcoach.exports.views.catalog import (
    ExerciseSummaryView,
    RoutineSummaryView,
    SearchHitView,
    exercise_summary_view,
    routine_summary_view,
    search_hit_view,
)
from hamcoach.exports.views.history import (
    CheckInEntryView,
    HistoryFacts,
    LogEntryView,
    PlanEventView,
    SetView,
    checkin_entry_view,
    log_entry_view,
    plan_event_view,
)
from hamcoach.exports.views.people import (
    PatientFacts,
    PatientView,
    patient_view,
)
from hamcoach.exports.views.plan import (
    ChoiceView,
    ItemView,
    PlanChangeView,
    PlanView,
    ScheduleView,
    SessionView,
    TodayItemView,
    TodayView,
    UpcomingView,
    choice_view,
    item_view,
    plan_view,
    schedule_view,
    session_view,
    today_view,
    upcoming_json,
    upcoming_view,
)
from hamcoach.exports.views.progress import (
    DecisionView,
    LadderStepView,
    OutcomeChangeView,
    PainPointView,
    ProgressFacts,
    ProgressView,
    progress_view,
)

__all__ = [
    "CheckInEntryView",
    "ChoiceView",
    "DecisionView",
    "ExerciseSummaryView",
    "HistoryFacts",
    "ItemView",
    "LadderStepView",
    "LogEntryView",
    "OutcomeChangeView",
    "PainPointView",
    "PatientFacts",
    "PatientView",
    "PlanChangeView",
    "PlanEventView",
    "PlanView",
    "ProgressFacts",
    "ProgressView",
    "RoutineSummaryView",
    "ScheduleView",
    "SearchHitView",
    "SessionView",
    "SetView",
    "TodayItemView",
    "TodayView",
    "UpcomingView",
    "checkin_entry_view",
    "choice_view",
    "exercise_summary_view",
    "item_view",
    "jsonable",
    "log_entry_view",
    "patient_view",
    "plan_event_view",
    "plan_view",
    "progress_view",
    "routine_summary_view",
    "schedule_view",
    "search_hit_view",
    "session_view",
    "today_view",
    "upcoming_json",
    "upcoming_view",
]
