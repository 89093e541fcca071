"""Every error a person can cause, as one tree; the CLI maps it to exit codes in one place.

::

    HamcoachError
    ├── InputError                 exit 2: something the person typed or gave can be fixed
    │   ├── SettingsError          an environment variable (config.py)
    │   ├── CatalogError           catalog files, one problem a line (catalog/loader.py)
    │   ├── ProfileFileError       a profile file or the intake's answers (intake/schema.py)
    │   ├── ImportFileError        a file given to `hamcoach import` (storage/dump.py)
    │   ├── SimulationFileError    a file given to `plan simulate` (services/simulation.py)
    │   ├── UnknownIdError         an exercise or routine id (domain/catalog.py)
    │   ├── PatientError           an unknown or ambiguous person (services/patients.py)
    │   ├── NoActivePlanError      nothing to act on yet (services/planning.py)
    │   └── TrainingError          a log, check-in or re-test that cannot be taken
    └── StorageError               exit 1: the database cannot be opened or migrated

``problems`` holds one line per problem where a file has several; ``str()``
joins them. Domain code raises these too; nothing here imports anything.
"""

from __future__ import annotations


class HamcoachError(Exception):
    """Base of every error hamcoach reports to a person instead of a traceback."""

    exit_code = 2

    def __init__(self, message: str = "", problems: list[str] | None = None) -> None:
        self.problems = problems if problems is not None else ([message] if message else [])
        super().__init__(message or "\n".join(self.problems))


class InputError(HamcoachError):
    """Input the person can fix."""


class SettingsError(InputError):
    """An environment variable with a value hamcoach cannot use."""


class PatientError(InputError):
    """No such person, or several and none chosen."""


class NoActivePlanError(InputError):
    """There is no plan yet; `hamcoach start` or `hamcoach plan create` makes one."""


class TrainingError(InputError):
    """A log, check-in or re-test that cannot be taken: a date out of range, an exercise
    not in the plan."""


class StorageError(HamcoachError):
    """The database cannot be opened or brought up to date."""

    exit_code = 1
