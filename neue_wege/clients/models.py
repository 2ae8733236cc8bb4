"""Client records, referrals (with their history and the waitlist) and enrollments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.core.collation import german
from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre, Municipality
from neue_wege.programmes.models import GermanLevel, Run


class Client(TimeStampedModel):
    """A benefit recipient known to the job centre: only what the programmes need."""

    class Gender(models.TextChoices):
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")

    class Qualification(models.TextChoices):
        """Vocational qualification (Berufsabschluss); the values are the occupation
        matcher's ids (orientation/match/candidates.py ``VOCATIONAL``)."""
        NONE = "none", _("ohne Berufsabschluss")
        PARTIAL = "partial", _("Teilqualifizierung")
        VOCATIONAL = "vocational", _("Berufsausbildung")
        ADVANCED = "advanced", _("Meister, Techniker oder Fachwirt")
        ACADEMIC = "academic", _("Hochschulabschluss")
        FOREIGN = "foreign", _("ausländischer Abschluss, nicht anerkannt")

    class SchoolQualification(models.TextChoices):
        """School qualification (Schulabschluss); the matcher's id is "school_" + value."""
        NONE = "none", _("ohne Schulabschluss")
        BASIC = "basic", _("Hauptschulabschluss / Erster Schulabschluss (ESA)")
        MIDDLE = "middle", _("Realschulabschluss / Mittlerer Schulabschluss (MSA)")
        FH = "fh", _("Fachhochschulreife")
        HIGHER = "higher", _("Abitur (allgemeine Hochschulreife)")
        FOREIGN = "foreign", _("ausländischer Schulabschluss")

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="clients",
                                   verbose_name=_("Jobcenter"))
    case_number = models.CharField(_("Kundennummer"), max_length=20,
                                   help_text=_("Nummer im Fachverfahren des Jobcenters"))
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    date_of_birth = models.DateField(_("Geburtsdatum"))
    gender = models.CharField(_("Geschlecht"), max_length=1, choices=Gender.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="clients", verbose_name=_("Wohnort"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    case_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="caseload", verbose_name=_("Fallmanager:in"))
    benefit_since = models.DateField(_("im Leistungsbezug seit"))
    single_parent = models.BooleanField(_("alleinerziehend"), default=False)
    children = models.PositiveSmallIntegerField(_("Kinder im Haushalt"), default=0)
    german_level = models.CharField(_("Deutschkenntnisse"), max_length=2,
                                    choices=GermanLevel.choices, default=GermanLevel.C2)
    health_limits = models.BooleanField(_("gesundheitliche Einschränkungen"), default=False)
    qualification = models.CharField(_("Berufsabschluss"), max_length=12,
                                     choices=Qualification.choices, default=Qualification.NONE)
    school_qualification = models.CharField(
        _("Schulabschluss"), max_length=8, choices=SchoolQualification.choices, blank=True,
        help_text=_("Leer, wenn nicht bekannt."))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="client",
                                help_text=_("Portal-Zugang als Teilnehmende:r"))

    class Meta:
        verbose_name = _("Kund:in")
        verbose_name_plural = _("Kund:innen")
        ordering = [german("last_name"), german("first_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["job_centre", "case_number"], name="client_unique_case_number",
                violation_error_message=_("Diese Kundennummer ist schon vergeben."),
            ),
        ]
        indexes = [
            models.Index(fields=["case_manager", "last_name"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def months_on_benefits(self, day: dt.date) -> int:
        start = self.benefit_since
        months = (day.year - start.year) * 12 + day.month - start.month
        return max(0, months - (1 if day.day < start.day else 0))


class Referral(TimeStampedModel):
    """A case manager proposes a client for a run (Zuweisung)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Entscheidung")
        WAITLISTED = "waitlisted", _("auf der Warteliste")
        ACCEPTED = "accepted", _("aufgenommen")
        DECLINED = "declined", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    # Which status may follow which: the one place that says so.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WAITLISTED,
                                   Status.WITHDRAWN}),
        Status.WAITLISTED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset({Status.WITHDRAWN}),
        Status.DECLINED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN_STATUSES = (Status.PENDING, Status.WAITLISTED, Status.ACCEPTED)

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals")
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="referrals_made")
    potential_note = models.TextField(_("Welches Potenzial sehen Sie?"))
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    waitlisted_at = models.DateTimeField(_("auf Warteliste seit"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    # Set when the case manager confirmed a referral that does not meet the run's target group:
    # which criteria it missed (as shown then) and why it was made all the same.
    fit_unmet = models.TextField(_("nicht erfüllte Kriterien der Zielgruppe"), blank=True)
    fit_reason = models.TextField(_("Begründung trotz fehlender Passung"), blank=True)

    class Meta:
        verbose_name = _("Zuweisung")
        verbose_name_plural = _("Zuweisungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "run"],
                condition=Q(status__in=["pending", "waitlisted", "accepted"]),
                name="referral_one_open_per_client_and_run",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="referral_waitlisted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "status", "waitlisted_at"]),
            models.Index(fields=["referred_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.run}"

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class ReferralStatusChange(models.Model):
    """History row for every status change of a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=Referral.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("Statuswechsel einer Zuweisung")
        verbose_name_plural = _("Statuswechsel von Zuweisungen")

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class Enrollment(TimeStampedModel):
    """An accepted referral: the client is a participant (Teilnehmende:r) of the run."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("nimmt teil")
        COMPLETED = "completed", _("abgeschlossen")
        DROPPED_OUT = "dropped_out", _("abgebrochen")
        WITHDRAWN = "withdrawn", _("abgemeldet")

    SEAT_STATUSES = (Status.ACTIVE, Status.COMPLETED)

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="enrollment")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="enrollments")
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices,
                              default=Status.ACTIVE)
    started_on = models.DateField(_("Beginn der Teilnahme"))
    ended_on = models.DateField(_("Ende der Teilnahme"), null=True, blank=True)
    end_reason = models.TextField(_("Grund"), blank=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["client__last_name", "client__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "run"],
                condition=Q(status__in=["active", "completed"]),
                name="enrollment_one_seat_per_client_and_run",
            ),
        ]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self) -> str:
        return f"{self.client} in {self.run}"
