"""A job: one piece of background work a user started, with its progress and outcome.

The task runner (django-tasks with its database backend) keeps its own queue rows; a `Job`
is what the application shows: who started what, how far it is, and how it ended, in German.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel


class Job(TimeStampedModel):
    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    ACTIVE = (State.QUEUED, State.RUNNING)
    # An active job without any sign of life (progress or state change) for this long is taken
    # to be lost (its worker was killed): it no longer blocks starting the same work again.
    STALE_AFTER = dt.timedelta(hours=1)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="jobs", verbose_name=_("gestartet von"))
    job_centre = models.ForeignKey("organisation.JobCentre", on_delete=models.CASCADE,
                                   related_name="jobs")
    kind = models.CharField(_("Art"), max_length=60)
    # What makes two jobs the same work (e.g. one evaluation filter): a second start of an
    # active job with the same kind and key returns the first one instead of queueing twice.
    key = models.CharField(max_length=200, blank=True)
    title = models.CharField(_("Auftrag"), max_length=200)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(_("Schritt"), max_length=200, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    # Where the outcome is, e.g. {"url": "/auswertung/?jahr=2025", "label": "Auswertung ansehen"}.
    result = models.JSONField(default=dict, blank=True)
    # A German sentence for the user; the traceback goes to the server log only.
    error = models.CharField(_("Fehler"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_created"),
            models.Index(fields=["job_centre", "kind", "key", "state"], name="job_kind_key_state"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def is_stale(self) -> bool:
        return self.is_active and self.updated_at < timezone.now() - self.STALE_AFTER

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class StoredFigures(TimeStampedModel):
    """Figures a page shows, counted in the background and stored (jobs/stored.py).

    At a county's scale some overviews take seconds to count (the management start page sums
    72,000 waiting referrals, the no-show figures group 3.7 million attendance entries); the
    page reads them from here and the worker counts them again when they are old. Aggregates
    only: never a name, client number or client id.
    """

    job_centre = models.ForeignKey("organisation.JobCentre", on_delete=models.CASCADE,
                                   related_name="stored_figures")
    kind = models.CharField(max_length=60)  # registered in jobs.stored, e.g. "dashboards.overview"
    key = models.CharField(max_length=200, blank=True)  # e.g. the year
    # Chart titles and labels are words of the page's language (staff pages: de, en).
    language = models.CharField(max_length=10)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long the counting took
    # HMAC-signed pickle of the figures (core.sealed; written and read only by jobs.stored)
    payload = models.BinaryField()
    # A refresh is queued: set when a page asks for one, cleared when it is stored.
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gespeicherte Zahlen")
        verbose_name_plural = _("gespeicherte Zahlen")
        constraints = [models.UniqueConstraint(
            fields=["job_centre", "kind", "key", "language"],
            name="stored_figures_one_per_kind_key_language")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.language} {self.computed_at:%Y-%m-%d %H:%M}"
