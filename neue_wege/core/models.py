"""Shared model bases: opaque UUID keys (no guessable ids in URLs) and timestamps."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Heartbeat(models.Model):
    """A background process says it is alive: one row per process, updated every few seconds.

    The task worker (`neuewege worker`) writes its row (neue_wege.jobs.heartbeat); the readiness
    endpoint (`/health/ready/`) is ready only while some worker's row is fresh. Holds no
    personal data: the process's kind, host name and process id.
    """

    name = models.CharField(_("Prozess"), max_length=200, primary_key=True)
    kind = models.CharField(_("Art des Prozesses"), max_length=40, default="worker")
    seen_at = models.DateTimeField(_("zuletzt gemeldet"), db_index=True)

    class Meta:
        verbose_name = _("Lebenszeichen")
        verbose_name_plural = _("Lebenszeichen")

    def __str__(self) -> str:
        return self.name
