"""The staff inbox (issue 15): one notice per recipient, written by the service that causes it.

A notice carries attendance and status facts only (which referral, which run, how many
unexcused absences, the category of a seat's end), never stories, notes or obstacles. The
German text is built when it is shown (`Notice.text`), so it follows the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre

DEFAULT_ABSENCE_THRESHOLD = 2


class Notice(TimeStampedModel):
    """One message for one member of staff."""

    class Kind(models.TextChoices):
        REFERRAL_NEW = "referral_new", gettext_lazy("neue Zuweisung")
        REFERRAL_ACCEPTED = "accepted", gettext_lazy("Zuweisung aufgenommen")
        REFERRAL_DECLINED = "declined", gettext_lazy("Zuweisung abgelehnt")
        REFERRAL_WAITLISTED = "waitlisted", gettext_lazy("Zuweisung auf der Warteliste")
        REFERRAL_MOVED = "moved", gettext_lazy("Zuweisung in anderen Durchlauf verschoben")
        SEAT_ENDED = "seat_ended", gettext_lazy("Teilnahme beendet")
        SEAT_RELEASED = "seat_released", gettext_lazy("Platz frei geworden")
        ABSENCES = "absences", gettext_lazy("unentschuldigte Fehlzeiten")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notices", verbose_name=gettext_lazy("Empfänger:in"))
    kind = models.CharField(gettext_lazy("Art"), max_length=16, choices=Kind.choices)
    # The records a notice is about; deleting a client (erasure) deletes its notices.
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    referral = models.ForeignKey("clients.Referral", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="+")
    enrollment = models.ForeignKey("clients.Enrollment", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="+")
    # Facts for the text: names of the run and the person, a count, a category label.
    params = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(gettext_lazy("gelesen am"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("Nachricht")
        verbose_name_plural = gettext_lazy("Nachrichten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"]),
                   models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        # The name comes from the client row (not stored here), so a pseudonymised or
        # corrected record shows as it is now.
        p = {"name": self.client.full_name if self.client_id else "",
             "run": self.params.get("run", ""),
             "to_run": self.params.get("to_run", ""), "count": self.params.get("count", 0),
             "category": self._category()}
        texts = {
            self.Kind.REFERRAL_NEW: _("Neue Zuweisung: %(name)s für „%(run)s“."),
            self.Kind.REFERRAL_ACCEPTED: _("%(name)s wurde in „%(run)s“ aufgenommen."),
            self.Kind.REFERRAL_DECLINED: _("Die Zuweisung von %(name)s zu „%(run)s“ wurde "
                                           "abgelehnt."),
            self.Kind.REFERRAL_WAITLISTED: _("%(name)s steht für „%(run)s“ auf der "
                                             "Warteliste."),
            self.Kind.REFERRAL_MOVED: _("%(name)s wurde von „%(run)s“ nach „%(to_run)s“ "
                                        "verschoben."),
            self.Kind.SEAT_ENDED: _("Die Teilnahme von %(name)s an „%(run)s“ ist beendet: "
                                    "%(category)s."),
            self.Kind.SEAT_RELEASED: _("In „%(run)s“ ist ein Platz frei geworden (Abmeldung "
                                       "von %(name)s)."),
            self.Kind.ABSENCES: _("%(name)s hat in „%(run)s“ %(count)s Termine unentschuldigt "
                                  "gefehlt."),
        }
        return texts[self.Kind(self.kind)] % p

    def _category(self) -> str:
        """How a seat ended, in the reader's language: the choice labels are stored as their
        German source text (notices written before 5 Dec 2026 hold the finished German
        phrase, shown as it is)."""
        category = self.params.get("category", "")
        detail = self.params.get("detail", "")
        category = _(category) if category else ""
        return f"{category} ({_(detail)})" if detail else category


class InboxPolicy(TimeStampedModel):
    """Per job centre: after how many unexcused absences the case manager hears of them."""

    job_centre = models.OneToOneField(JobCentre, on_delete=models.CASCADE,
                                      related_name="inbox_policy",
                                      verbose_name=gettext_lazy("Jobcenter"))
    absence_threshold = models.PositiveSmallIntegerField(
        gettext_lazy("Nachricht nach so vielen unentschuldigten Fehlterminen"),
        default=DEFAULT_ABSENCE_THRESHOLD, validators=[MinValueValidator(1), MaxValueValidator(20)])

    class Meta:
        verbose_name = gettext_lazy("Nachrichten-Einstellung des Jobcenters")
        verbose_name_plural = gettext_lazy("Nachrichten-Einstellungen der Jobcenter")

    def __str__(self) -> str:
        return f"{self.job_centre}: {self.absence_threshold}"


class DigestSubscription(TimeStampedModel):
    """A member of staff who wants a daily e-mail with their unread notices (opt-in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notice_digest",
                                verbose_name=gettext_lazy("Benutzerkonto"))
    daily = models.BooleanField(gettext_lazy("tägliche Zusammenfassung per E-Mail"),
                                default=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("E-Mail-Zusammenfassung")
        verbose_name_plural = gettext_lazy("E-Mail-Zusammenfassungen")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.daily}"
