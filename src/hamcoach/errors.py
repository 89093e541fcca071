"""Every error a person can cause, as one tree; the CLI maps it to exit codes in one place.

::

    HamcoachError
    ├── InputError                 exit 2: something the person typed or gave can be fixed
    │   ├── SettingsError          an environment variable (config.py)
    │   ├── CatalogError           catalog files, one problem a line (catalog/loader.py)
    │   ├── ProfileFileError       a profile file or the intake's answers (intake/schema.py)
    │   ├── ImportFileError        a file given to `hamcoach import` (storage/dump.py)
    │   ├── SimulationFileError    a file given to `plan simulate` (intake/simulation_file.py)
    │   ├── UnknownIdError         an exercise or routine id (domain/catalog.py)
    │   ├── ScheduleError          availability that cannot hold a session (domain/scheduling.py)
    │   ├── PlanningError          a program asked for without a cleared screening
    │   │                          (domain/program.py)
    │   ├── ClearanceError         a clearance that cannot be recorded: an emergency sign,
    │   │                          a day still to come (domain/clearance.py)
    │   ├── PatientError           an unknown or ambiguous person (services/patients.py)
    │   ├── NoActivePlanError      nothing to act on yet (services/planning.py)
    │   │   └── PlanStoppedError   exit 3: a red flag stopped the plan; see a clinician
    │   │                          (or get emergency care) first (services/planning.py)
    │   ├── TrainingError          a log, check-in or re-test that cannot be taken
    │   ├── MissingExtraError      an optional part (plots, postgres, web) is not installed
    │   ├── AccountError           an account that cannot be made or changed: a bad e-mail,
    │   │                          a weak password, a used link (services/accounts.py)
    │   ├── SignInError            a wrong e-mail or password, said the same way for both
    │   │                          (web: 401)
    │   ├── TooManyAttemptsError   sign-in refused for a while after repeated failures
    │   │                          (web: 429)
    │   ├── KeypointFileError      a keypoint file given to `hamcoach audit`: the line, frame
    │   │                          or frame file and what is wrong (audit/keypoints.py)
    │   ├── VideoFileError         a video hamcoach cannot audit: empty, not a video, too
    │   │                          long, no one in it (audit/video.py)
    │   └── UnusableStoreError     the data directory or database cannot be used now: full,
    │                              read-only, not answering, made by a newer hamcoach
    │                              (storage/db.py)
    └── StorageError               exit 1: the database cannot be opened or migrated

``problems`` holds one entry per problem where a file has several (``str()`` of each
is one line); ``str()`` of the error joins them. ``closing`` is a line said after
them, such as "Nothing was stored.". A referral after red flags is an outcome, not
an error: it is not in this tree. Domain code raises these too; nothing here
imports anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar


class HamcoachError(Exception):
    """Base of every error hamcoach reports to a person instead of a traceback."""

    exit_code: ClassVar[int] = 2

    closing: ClassVar[str | None] = None
    """A line said once after the problems, e.g. what was left undone."""

    shown_at_most: ClassVar[int | None] = None
    """Show no more problems than this (a broken file can have thousands)."""

    def __init__(
        self,
        message: str = "",
        problems: Sequence[object] | None = None,
        *,
        hint: str | None = None,
    ) -> None:
        self.problems: Sequence[object] = (
            problems if problems is not None else ([message] if message else [])
        )
        self.hint = hint
        """What the person can do next, as a code: each front end words it (the CLI names a
        command, the web app a page), so no service or domain message names a command."""
        self.where: str | None = None
        """The file the problems are in, when the raiser did not know it (the CLI does)."""
        super().__init__(message or "\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, each naming ``where`` when it is set."""
        problems = [str(p) for p in self.problems] or [str(self)]
        prefix = f"{self.where}: " if self.where else ""
        return [prefix + p for p in problems[: self.shown_at_most]]

    def closing_line(self) -> str | None:
        return self.closing


class InputError(HamcoachError):
    """Input the person can fix."""


class SettingsError(InputError):
    """An environment variable with a value hamcoach cannot use."""


class PatientError(InputError):
    """No such person, or several and none chosen."""


class NoActivePlanError(InputError):
    """There is no plan yet; `hamcoach start` or `hamcoach plan create` makes one."""


class PlanStoppedError(NoActivePlanError):
    """The person's plan was stopped because a screening found a red flag, and it stands:
    no training until a clinician has seen them (exit 3, as the referral itself). A
    clinician's clearance of each flag, then a new plan, is the way on; emergency signs are
    never cleared. A NoActivePlanError, so that whatever needs a plan answers as for none."""

    exit_code = 3


class TrainingError(InputError):
    """A log, check-in or re-test that cannot be taken: a date out of range, an exercise
    not in the plan."""


class MissingExtraError(InputError):
    """An optional part is not installed; the message says which extra brings it."""

    def __init__(self, extra: str, needed_for: str, *, instead: str = "") -> None:
        self.extra = extra
        super().__init__(
            f"{needed_for} needs the '{extra}' extra: pip install 'hamcoach[{extra}]'{instead}"
        )


class UnusableStoreError(InputError):
    """The data directory or database cannot be used as it is (a full disk, a read-only
    folder, a server that does not answer, a schema from a newer hamcoach); the line names
    the path or URL and what to do. Nothing was written."""


class StorageError(HamcoachError):
    """The database cannot be opened or brought up to date."""

    exit_code = 1


class SimulationFileError(InputError):
    """A file given to `plan simulate`: one problem a line."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__(problems=problems, hint=hint)


class AccountError(InputError):
    """An account that cannot be made or changed as asked (services/accounts.py)."""


class SignInError(InputError):
    """A wrong e-mail or password; the message never says which (no account enumeration)."""


class TooManyAttemptsError(InputError):
    """Signing in is refused for a while after repeated failures."""
