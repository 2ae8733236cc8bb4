"""Participants' portal accounts: invitations with a one-time code (no e-mail needed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel


class Invitation(TimeStampedModel):
    """A facilitator invites an enrolled participant; a printed sheet carries the code.

    Only a hash of the one-time code is stored. The code works once, until `expires_at`.
    `code_prefix` (the code's first characters, not secret) finds the one candidate row, so
    that checking a code costs one hash whatever the number of invitations
    (docs: neue_wege/portal/services.py).
    """

    enrollment = models.ForeignKey("clients.Enrollment", on_delete=models.CASCADE,
                                   related_name="invitations")
    code_prefix = models.CharField(max_length=4, default="", db_index=True)
    code_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    expires_at = models.DateTimeField(_("gültig bis"))
    used_at = models.DateTimeField(_("eingelöst am"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Einladung {self.created_at:%d.%m.%Y}"

    def is_open(self, now: dt.datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
