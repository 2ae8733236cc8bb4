from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError


class ReferralError(DomainError):
    pass


class RunFullError(ReferralError):
    def __init__(self) -> None:
        super().__init__(_("Der Durchlauf ist voll. Die Zuweisung bleibt auf der Warteliste."))


class DuplicateReferralError(ReferralError):
    def __init__(self) -> None:
        super().__init__(_("Für diese Person gibt es bereits eine offene Zuweisung zu diesem "
                           "Durchlauf."))


class TransitionError(ReferralError):
    def __init__(self, from_label: str, to_label: str) -> None:
        super().__init__(_("Eine Zuweisung im Status „%(from)s“ kann nicht „%(to)s“ werden.")
                         % {"from": from_label, "to": to_label})


class TargetGroupMismatchError(ReferralError):
    """The client misses criteria of the run's target group and no reason was given."""

    def __init__(self, unmet: str) -> None:
        super().__init__(_("Die Person passt nicht zur Zielgruppe des Durchlaufs (%(unmet)s). "
                           "Wenn Sie trotzdem zuweisen möchten, bestätigen Sie das bitte mit "
                           "einer Begründung.") % {"unmet": unmet})


class WaitlistOrderError(ReferralError):
    """Accepting someone ahead of people who wait longer needs a reason."""

    def __init__(self, ahead: int) -> None:
        super().__init__(_("Vor dieser Person warten %(count)s Person(en) länger auf der "
                           "Warteliste. Wer zuerst kam, wird zuerst aufgenommen; zum Vorziehen "
                           "geben Sie bitte einen Grund an.") % {"count": ahead})
