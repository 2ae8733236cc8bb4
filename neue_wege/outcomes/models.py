"""How enrollments ended, what came after, follow-ups, and the self-assessment instrument.

The names are a contract with the evaluation (`neue_wege.evaluation`): keep them stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.core.models import TimeStampedModel


class Destination(models.TextChoices):
    """Where a client went: the categories of the job centre's reporting."""

    EMPLOYMENT = "employment", _("sozialversicherungspflichtige Beschäftigung")
    MINIJOB = "minijob", _("Minijob")
    TRAINING = "training", _("Ausbildung")
    RETRAINING = "retraining", _("Umschulung")
    SELF_EMPLOYMENT = "self_employment", _("Selbstständigkeit")
    FURTHER_MEASURE = "further_measure", _("weitere Maßnahme")
    NONE = "none", _("keine Veränderung")


# Destinations that count as a transition into work or training (evaluation and synthetic data).
WORK_OR_TRAINING = (Destination.EMPLOYMENT, Destination.TRAINING, Destination.RETRAINING,
                    Destination.SELF_EMPLOYMENT)


class Outcome(TimeStampedModel):
    """How one enrollment ended (facilitator) and what came after (the case manager)."""

    class EndedHow(models.TextChoices):
        COMPLETED = "completed", _("abgeschlossen")
        DROPPED_OUT = "dropped_out", _("abgebrochen")
        # written by clients.services.referral_withdraw, never chosen on the end form
        WITHDRAWN = "withdrawn", _("abgemeldet")

    ENDED_BY_FACILITATOR = (EndedHow.COMPLETED, EndedHow.DROPPED_OUT)

    class DropoutReason(models.TextChoices):
        HEALTH = "health", _("Gesundheit")
        CHILDCARE = "childcare", _("Kinderbetreuung")
        FOUND_WORK = "found_work", _("Arbeit oder Ausbildung gefunden")
        MOTIVATION = "motivation", _("Motivation")
        MOVED = "moved", _("umgezogen")
        OTHER = "other", _("anderer Grund")

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                      related_name="outcome")
    ended_how = models.CharField(_("Wie endete die Teilnahme?"), max_length=12,
                                 choices=EndedHow.choices)
    dropout_reason = models.CharField(_("Grund des Abbruchs"), max_length=12, blank=True,
                                      choices=DropoutReason.choices)
    dropout_note = models.TextField(_("Anmerkung zum Abbruch"), blank=True)
    ended_on = models.DateField(_("Ende der Teilnahme"))
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    destination = models.CharField(_("Verbleib"), max_length=16, blank=True,
                                   choices=Destination.choices)
    destination_started_on = models.DateField(_("Beginn"), null=True, blank=True)
    benefit_exit_on = models.DateField(_("Ende des Leistungsbezugs"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Verbleib")
        verbose_name_plural = _("Verbleibe")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_how__in=["completed", "withdrawn"], dropout_reason="")
                | Q(ended_how="dropped_out") & ~Q(dropout_reason=""),
                name="outcome_dropout_reason_iff_dropped_out",
            ),
        ]
        indexes = [models.Index(fields=["destination"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.ended_how} → {self.destination or '?'}"


class FollowUp(TimeStampedModel):
    """The state of a client some months after the run (Nachbefragung)."""

    class Source(models.TextChoices):
        CASE_MANAGER = "case_manager", _("Fallmanagement")
        IMPORT = "import", _("Import aus dem Fachverfahren")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="follow_ups")
    months_after = models.PositiveSmallIntegerField(_("Monate nach dem Durchlauf"))
    due_on = models.DateField(_("fällig am"))
    recorded_on = models.DateField(_("erfasst am"), null=True, blank=True)
    destination = models.CharField(_("Verbleib"), max_length=16, blank=True,
                                   choices=Destination.choices)
    destination_started_on = models.DateField(_("Beginn"), null=True, blank=True)
    in_benefits = models.BooleanField(_("noch im Leistungsbezug"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=12, choices=Source.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    # The attempt's result when nobody could be asked: recorded, but without answers; counted
    # apart in the evaluation (issue 11).
    not_reached = models.BooleanField(_("Person nicht erreicht"), default=False)
    early_reason = models.TextField(_("Grund für die Nachbefragung vor dem Zeitraum"),
                                    blank=True)

    class Meta:
        verbose_name = _("Nachbefragung")
        verbose_name_plural = _("Nachbefragungen")
        ordering = ["due_on", "months_after"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "months_after"],
                                    name="follow_up_once_per_point"),
            models.CheckConstraint(
                condition=Q(not_reached=False)
                | Q(recorded_on__isnull=False, destination="",
                    destination_started_on__isnull=True, in_benefits__isnull=True),
                name="follow_up_not_reached_has_no_answers",
            ),
            models.CheckConstraint(
                condition=Q(recorded_on__isnull=True) | Q(not_reached=True)
                | ~Q(destination=""),
                name="follow_up_recorded_has_destination",
            ),
        ]
        indexes = [models.Index(fields=["recorded_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.outcome_id} +{self.months_after}"

    @property
    def result_display(self) -> str:
        """What the attempt found: the destination, or "Person nicht erreicht"."""
        if self.not_reached:
            return str(_("Person nicht erreicht"))
        return str(self.get_destination_display())


class LabourMarketEvent(TimeStampedModel):
    """A transition of a client into work, training or a measure, independent of enrollments.

    Outcomes hang on enrollments; clients who never took part need their transitions too, so
    the evaluation can compare participants with similar non-participants (the comparison
    pool). Participants' transitions are in `Outcome` and `FollowUp`.
    """

    class Source(models.TextChoices):
        CASE_MANAGER = "case_manager", _("Fallmanagement")
        IMPORT = "import", _("Import aus dem Fachverfahren")
        SYNTHETIC = "synthetic", _("synthetische Daten")

    client = models.ForeignKey(Client, on_delete=models.CASCADE,
                               related_name="labour_market_events")
    event_on = models.DateField(_("Datum"))
    destination = models.CharField(_("Verbleib"), max_length=16, choices=Destination.choices)
    benefit_exit = models.BooleanField(_("Ende des Leistungsbezugs"), default=False)
    source = models.CharField(_("Quelle"), max_length=12, choices=Source.choices)
    # The record that wrote the event (issue 11): a recorded destination or follow-up writes
    # its event and rewrites it when corrected. Empty for imported and synthetic events.
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="labour_market_events")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="labour_market_events")

    class Meta:
        verbose_name = _("Arbeitsmarktereignis")
        verbose_name_plural = _("Arbeitsmarktereignisse")
        ordering = ["event_on"]
        indexes = [models.Index(fields=["client", "event_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__isnull=True) | Q(follow_up__isnull=True),
                                   name="labour_market_event_one_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.event_on} {self.destination}"


class Instrument(TimeStampedModel):
    """A questionnaire as data: items, scale and scoring (mean of items, reverse-keyed)."""

    key = models.SlugField(_("Schlüssel"), max_length=60)
    version = models.PositiveSmallIntegerField(_("Version"), default=1)
    name = models.CharField(_("Name"), max_length=200)
    intro = models.TextField(_("Einleitung"), blank=True)
    scale_min = models.SmallIntegerField(_("kleinster Wert"))
    scale_max = models.SmallIntegerField(_("größter Wert"))
    scale_labels = models.JSONField(_("Beschriftung der Skala"), default=dict)
    licence_note = models.TextField(_("Lizenzhinweis"), blank=True)
    is_active = models.BooleanField(_("in Gebrauch"), default=True)

    class Meta:
        verbose_name = _("Fragebogen")
        verbose_name_plural = _("Fragebögen")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version"),
            models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")),
                                   name="instrument_scale_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def scale_points(self) -> list[tuple[int, str]]:
        """(value, label) for every point of the scale; labels are keyed by the value."""
        return [(value, str(self.scale_labels.get(str(value), value)))
                for value in range(self.scale_min, self.scale_max + 1)]


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.TextField(_("Aussage"))
    reverse = models.BooleanField(_("umgekehrt gepolt"), default=False)

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = _("Aussage eines Fragebogens")
        verbose_name_plural = _("Aussagen eines Fragebogens")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="instrument_item_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class SelfAssessment(TimeStampedModel):
    """One participant's answers to an instrument at one moment (start, end, follow-up)."""

    class Moment(models.TextChoices):
        START = "start", _("zu Beginn")
        END = "end", _("am Ende")
        FOLLOW_UP = "follow_up", _("Nachbefragung")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="self_assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="self_assessments")
    moment = models.CharField(_("Zeitpunkt"), max_length=10, choices=Moment.choices)
    answers = models.JSONField(_("Antworten"), default=dict)
    score = models.FloatField(_("Wert"))
    taken_at = models.DateTimeField(_("ausgefüllt am"))

    class Meta:
        verbose_name = _("Selbsteinschätzung")
        verbose_name_plural = _("Selbsteinschätzungen")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "instrument", "moment"],
                                    name="self_assessment_once_per_moment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.moment} {self.score:.2f}"
