"""The management start page's figures, stored (see `overview`).

At a county's scale the waitlist and capacity figures of the start page take about a second
to count (72,000 waiting referrals at 1,000,000 clients), so the page reads them from here and
the task runner counts them again in the background when they are older than two minutes.
Aggregates only: never a name, client number or client id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel


class OverviewSnapshot(TimeStampedModel):
    job_centre = models.ForeignKey("organisation.JobCentre", on_delete=models.CASCADE,
                                   related_name="overview_snapshots")
    year = models.PositiveSmallIntegerField()
    # Chart titles and labels are words of the page's language (staff pages: de, en).
    language = models.CharField(max_length=10)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long the counting took
    # HMAC-signed pickle of selectors.ManagementOverview (written and read only by overview.py)
    payload = models.BinaryField()
    # A refresh is queued: set when the page asks for one, cleared when it is stored.
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Stand der Übersicht")
        verbose_name_plural = _("Stände der Übersicht")
        constraints = [models.UniqueConstraint(fields=["job_centre", "year", "language"],
                                               name="overview_one_per_centre_year_language")]

    def __str__(self) -> str:
        return f"{self.job_centre_id} {self.year} {self.language} {self.computed_at:%Y-%m-%d %H:%M}"
