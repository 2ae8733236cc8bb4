"""Stored evaluations: one snapshot per job centre, filter combination and computation.

The evaluation (key figures, survival curves, matched comparison, balance) takes minutes at a
county's scale, so it is computed in the background (`snapshots.compute_snapshot`, nightly by
`neuewege evaluation_snapshots` and on demand by management) and the page and the downloads
read the latest snapshot. Only aggregates are stored: the pickled `selectors.Evaluation` and
the three exports built from it, never a name, client number or client id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel


class EvaluationSnapshot(TimeStampedModel):
    job_centre = models.ForeignKey("organisation.JobCentre", on_delete=models.CASCADE,
                                   related_name="evaluation_snapshots")
    filter_key = models.CharField(max_length=200)  # selectors.Filters.key()
    filters = models.JSONField(default=dict)  # the Filters' fields, ids as strings
    filter_text = models.CharField(_("Auswahl"), max_length=300)
    data_date = models.DateField(_("Stichtag"))
    computed_at = models.DateTimeField(_("berechnet am"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    seconds = models.FloatField(default=0)  # how long the computation took
    n_enrollments = models.PositiveIntegerField(default=0)
    # HMAC-signed pickle of selectors.Evaluation (written and read only by snapshots.py)
    result = models.BinaryField()
    xlsx = models.BinaryField()
    csv = models.BinaryField()  # UTF-8 with BOM, as downloaded
    pdf = models.BinaryField()
    # When management last opened it: the nightly run recomputes the combinations in use.
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Auswertungsstand")
        verbose_name_plural = _("Auswertungsstände")
        ordering = ["-computed_at"]
        indexes = [models.Index(fields=["job_centre", "filter_key", "-computed_at"],
                                name="snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.filter_text} ({self.computed_at:%Y-%m-%d %H:%M})"
