"""Domain errors of the programmes app; the messages are German, for the user."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError


class ProgrammeError(DomainError):
    pass


class VersionDateError(ProgrammeError):
    def __init__(self, latest: object) -> None:
        super().__init__(
            _("Die neue Version muss nach der letzten Version (gültig ab %(date)s) beginnen.")
            % {"date": latest}
        )


class CatalogueScopeError(ProgrammeError):
    """A referenced record (version, location, method, colleague) is not of the job centre."""

    def __init__(self) -> None:
        super().__init__(_("Die Auswahl gehört nicht zu Ihrem Jobcenter."))


class SessionError(ProgrammeError):
    pass


class AttendanceError(ProgrammeError):
    pass


class SessionClashError(SessionError):
    """The room or the facilitator is booked elsewhere at an overlapping time."""


class AttendanceConflictError(AttendanceError):
    """Someone else changed the attendance after this facilitator saw it (issue 14): nothing
    of this submission is saved; `conflicts` lists what differs, for the facilitator."""

    def __init__(self, message: Any, conflicts: list[Any]) -> None:
        super().__init__(message, {"conflicts": conflicts})
        self.conflicts = conflicts
