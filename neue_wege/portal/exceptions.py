"""Domain errors of the participants' portal (German messages for the user)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError

# One message for every failure of a code (wrong, used, withdrawn, expired, seat ended), so
# that nobody can learn from the answer whether a code ever existed.
CODE_NOT_ACCEPTED = _("Dieser Code funktioniert nicht. Bitte prüfen Sie den Code. Oder fragen "
                      "Sie Ihre Projektleitung nach einem neuen Code.")


class InvitationError(DomainError):
    """The enrollment cannot be invited, or a code cannot be redeemed."""


class UsernameTakenError(DomainError):
    """Someone else already uses the chosen user name."""
