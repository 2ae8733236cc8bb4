"""Programmes and their versions, the method library, runs, target groups, sessions, attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre, Location, Room


class Method(TimeStampedModel):
    """An entry of the method library (Methodenkoffer)."""

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="methods",
                                   verbose_name=_("Jobcenter"))
    name = models.CharField(_("Name"), max_length=200)
    purpose = models.TextField(_("Ziel"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    materials = models.TextField(_("Material"), blank=True)
    instructions = models.TextField(_("Anleitung"))

    class Meta:
        verbose_name = _("Methode")
        verbose_name_plural = _("Methoden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_centre", "name"], name="method_unique_name",
                violation_error_message=_("Eine Methode mit diesem Namen gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Programme(TimeStampedModel):
    """A project concept designed by the job centre; its content lives in versions."""

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="programmes",
                                   verbose_name=_("Jobcenter"))
    name = models.CharField(_("Name"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_centre", "name"], name="programme_unique_name",
                violation_error_message=_("Ein Projekt mit diesem Namen gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeVersion(TimeStampedModel):
    """The programme as it stood from `valid_from` on. Versions are never edited, only added."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    valid_from = models.DateField(_("gültig ab"))
    content = models.TextField(_("Inhalt und Ablauf"))
    target_group_description = models.TextField(_("Zielgruppe"))
    methods = models.ManyToManyField(Method, blank=True, related_name="programme_versions",
                                     verbose_name=_("Methoden"))
    responsible_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="responsible_for_versions",
        verbose_name=_("Verantwortliche"),
    )
    change_note = models.TextField(_("Änderungsnotiz"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("Konzeptversion")
        verbose_name_plural = _("Konzeptversionen")
        ordering = ["programme", "-valid_from", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="version_unique_number"),
            models.UniqueConstraint(fields=["programme", "valid_from"],
                                    name="version_unique_valid_from"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name} – Version {self.number}"


class Run(TimeStampedModel):
    """One cohort (Durchlauf) of a programme version at a location or mobile venue."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        OPEN = "open", _("offen für Zuweisungen")
        RUNNING = "running", _("läuft")
        FINISHED = "finished", _("beendet")
        CANCELLED = "cancelled", _("abgesagt")

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.PROTECT,
                                          related_name="runs", verbose_name=_("Konzeptversion"))
    title = models.CharField(_("Titel"), max_length=200)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="runs",
                                 verbose_name=_("Standort"))
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_runs",
                                          verbose_name=_("Projektleitung"))
    capacity = models.PositiveSmallIntegerField(
        _("Plätze"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)

    class Meta:
        verbose_name = _("Durchlauf")
        verbose_name_plural = _("Durchläufe")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="run_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="run_capacity_positive"),
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self) -> Programme:
        return self.programme_version.programme

    @property
    def is_mobile(self) -> bool:
        return self.location.kind == Location.Kind.MOBILE_VENUE


class GermanLevel(models.TextChoices):
    """Common European Framework levels, used by clients and target groups alike."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", _("C2 / Muttersprache")


class TargetGroup(TimeStampedModel):
    """Structured criteria a run's participants should meet. Empty criteria match everyone."""

    run = models.OneToOneField(Run, on_delete=models.CASCADE, related_name="target_group")
    age_min = models.PositiveSmallIntegerField(_("Alter ab"), null=True, blank=True,
                                               validators=[MinValueValidator(15),
                                                           MaxValueValidator(67)])
    age_max = models.PositiveSmallIntegerField(_("Alter bis"), null=True, blank=True,
                                               validators=[MinValueValidator(15),
                                                           MaxValueValidator(67)])
    single_parents_only = models.BooleanField(_("nur Alleinerziehende"), default=False)
    min_months_on_benefits = models.PositiveSmallIntegerField(
        _("mindestens Monate im Leistungsbezug"), null=True, blank=True,
        validators=[MaxValueValidator(600)],
    )
    min_german_level = models.CharField(_("Deutschkenntnisse mindestens"), max_length=2,
                                        choices=GermanLevel.choices, blank=True)
    health_limits_welcome = models.BooleanField(
        _("auch mit gesundheitlichen Einschränkungen"), default=True
    )
    description = models.TextField(_("weitere Kriterien"), blank=True)

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="target_group_age_range",
            ),
        ]


# A session takes place within a day (the form asks for a day and two times, generation the
# same; `session_update` refuses a longer one). So a session that overlaps a period began at
# most this long before it, which lets the (starts_at) index answer "what overlaps".
MAX_SESSION_LENGTH = dt.timedelta(days=1)


def session_leaders(facilitator: Any, run: Run) -> list[Any]:
    """Who leads a session of ``run`` with ``facilitator`` set on it (or None): that person, or,
    where no one is set, every facilitator of the run (a co-led group meets with its whole
    team). One rule for a saved session (`Session.leaders`) and a planned change."""
    if facilitator is not None:
        return [facilitator]
    return list(run.facilitators.all())


class SessionQuerySet(models.QuerySet):
    def overlapping(self, start: dt.datetime, end: dt.datetime) -> SessionQuerySet:
        """Sessions that overlap [start, end): touching ends (9–12 and 12–15) do not
        (`Session.overlaps` for a loaded one)."""
        return self.filter(starts_at__lt=end, starts_at__gt=start - MAX_SESSION_LENGTH,
                           ends_at__gt=start)

    def led_by(self, people: Any) -> SessionQuerySet:
        """Sessions that one of ``people`` (users or their ids) leads: as the person set on the
        session, or, where no one is set, as a facilitator of its run (`Session.leaders`)."""
        return self.filter(Q(facilitator__in=people)
                           | Q(facilitator__isnull=True, run__facilitators__in=people)).distinct()


class Session(TimeStampedModel):
    """One meeting (Termin) of a run."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    topic = models.CharField(_("Thema"), max_length=200, blank=True)
    note = models.TextField(_("Notiz der Projektleitung"), blank=True)
    methods_used = models.ManyToManyField(Method, blank=True, related_name="sessions",
                                          verbose_name=_("eingesetzte Methoden"))
    # Planning across runs (issue 15): where and with whom; both optional, checked for clashes.
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="sessions", verbose_name=_("Raum"))
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="sessions_led",
                                    verbose_name=_("Projektleitung des Termins"))

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at_idx"),
                   models.Index(fields=["run", "starts_at"]),
                   models.Index(fields=["room", "starts_at"]),
                   models.Index(fields=["facilitator", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.run.title}, {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def day(self) -> dt.date:
        """The session's date in the local time zone."""
        return timezone.localtime(self.starts_at).date()

    def leaders(self) -> list[Any]:
        """Who leads this session (`session_leaders`). Prefetch ``run__facilitators`` when
        asking this of many sessions."""
        return session_leaders(self.facilitator if self.facilitator_id is not None else None,
                               self.run)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """The rule of `SessionQuerySet.overlapping`, for a session already loaded."""
        return self.starts_at < end and self.ends_at > start

    @property
    def has_started(self) -> bool:
        """Attendance can be recorded from the session's start on, never in advance."""
        return self.starts_at <= timezone.now()


class Attendance(TimeStampedModel):
    """Whether an enrolled participant was at a session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("unentschuldigt gefehlt")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrollment = models.ForeignKey("clients.Enrollment", on_delete=models.CASCADE,
                                   related_name="attendances")
    status = models.CharField(_("Anwesenheit"), max_length=10, choices=Status.choices)
    # When the facilitator took it (the device's time, also when it was taken offline and
    # sent later) and who; conflicts between two facilitators name them (issue 14).
    taken_at = models.DateTimeField(_("erfasst am"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("erfasst von"))

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"],
                                    name="attendance_once_per_session"),
        ]


class SchoolHoliday(TimeStampedModel):
    """School holidays in NRW (data, editable by administrators; seeded from a CSV file)."""

    name = models.CharField(_("Bezeichnung"), max_length=100)
    starts_on = models.DateField(_("erster Ferientag"))
    ends_on = models.DateField(_("letzter Ferientag"))

    class Meta:
        verbose_name = _("Schulferien")
        verbose_name_plural = _("Schulferien")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["name", "starts_on"], name="school_holiday_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="school_holiday_range"),
        ]

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on
