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
