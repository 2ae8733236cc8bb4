"""The participant's path: interests, vision, obstacles and strategies, next steps,
occupation suggestions. (Owned by the pathway work; see docs/data-model.md.)

Everything hangs on an `Enrollment` (the participant's seat in a run): the run's facilitators
read it, the participant writes it. Visions and interest checks are never edited — a new save
is a new row, so the path over time stays visible.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.core.models import TimeStampedModel
from neue_wege.privacy.fields import EncryptedJSONField, EncryptedTextField

__all__ = ["ActionStep", "InterestCheck", "Obstacle", "OccupationSuggestion",
           "OccupationSuggestionSet", "Strategy", "Vision"]


class InterestCheck(TimeStampedModel):
    """One filled-in interest check (items in `neue_wege.orientation.interest_check`)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="interest_checks")
    answers = models.JSONField(default=dict, help_text="item key -> 0..3")
    scores = models.JSONField(default=dict, help_text="RIASEC letter -> 0..1")
    notes = models.TextField(_("Was hat Ihnen am meisten Spaß gemacht?"), blank=True)
    taken_at = models.DateTimeField(_("ausgefüllt am"))

    class Meta:
        verbose_name = _("Interessen-Check")
        verbose_name_plural = _("Interessen-Checks")
        ordering = ["-taken_at"]


class Vision(TimeStampedModel):
    """One version of the participant's vision (Zielbild). Never edited: a save adds one."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="visions")
    number = models.PositiveIntegerField(_("Fassung"))
    what = models.TextField(_("Was ich arbeiten möchte"))
    with_whom = models.TextField(_("Mit wem ich arbeiten möchte"), blank=True)
    where = models.TextField(_("Wo ich arbeiten möchte"), blank=True)
    why = models.TextField(_("Warum mir das wichtig ist"), blank=True)
    good_day = models.TextField(_("So sieht ein guter Arbeitstag aus"), blank=True)

    class Meta:
        verbose_name = _("Zielbild")
        verbose_name_plural = _("Zielbilder")
        ordering = ["enrollment", "-number"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "number"],
                                               name="vision_unique_number")]


class Obstacle(TimeStampedModel):
    """Something in the way. Health and addiction are special categories (Art. 9 GDPR):
    only the participant and the run's facilitators read them (`privacy.access`)."""

    class Kind(models.TextChoices):
        CHILDCARE = "childcare", _("Kinderbetreuung")
        CARE = "care", _("Pflege von Angehörigen")
        HEALTH = "health", _("Gesundheit")
        ADDICTION = "addiction", _("Sucht")
        MOBILITY = "mobility", _("Mobilität und Nahverkehr")
        LANGUAGE = "language", _("Deutschkenntnisse")
        QUALIFICATION = "qualification", _(
            "Fehlende Qualifikation oder Anerkennung ausländischer Abschlüsse")
        DEBT = "debt", _("Schulden")
        HOUSING = "housing", _("Wohnen")
        CONFIDENCE = "confidence", _("Selbstvertrauen")
        OTHER = "other", _("Sonstiges")

    SPECIAL_KINDS = frozenset({Kind.HEALTH, Kind.ADDICTION})

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="obstacles")
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    # Own words may name an illness or an addiction: encrypted at rest like the details.
    title = EncryptedTextField(_("In eigenen Worten"), max_length=200, blank=True)
    details = EncryptedTextField(_("Was genau ist schwierig?"), blank=True)
    special_category = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("Hindernis")
        verbose_name_plural = _("Hindernisse")
        ordering = ["enrollment", "created_at"]

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.special_category = self.kind in self.SPECIAL_KINDS
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


class Strategy(TimeStampedModel):
    """A way to work on an obstacle, with who helps, a date and a status."""

    class Helper(models.TextChoices):
        MYSELF = "myself", _("Ich selbst")
        FAMILY = "family", _("Familie oder Freunde")
        FACILITATOR = "facilitator", _("Projektleitung")
        CASE_MANAGER = "case_manager", _("Fallmanagement im Jobcenter")
        # The municipal services of § 16a SGB II, named in plain words (issue 14): the
        # paragraph means nothing to participants.
        CHILDCARE = "childcare", _("Kinderbetreuung über die Stadt oder Gemeinde")
        DEBT_COUNSELLING = "debt_counselling", _("Schuldnerberatung (Hilfe bei Schulden)")
        PSYCHOSOCIAL = "psychosocial", _("Beratung bei seelischen Belastungen")
        ADDICTION_COUNSELLING = "addiction_counselling", _("Suchtberatung")
        CARE_COUNSELLING = "care_counselling", _("Pflegeberatung")
        LANGUAGE_COURSE = "language_course", _("Sprachkurs oder Integrationskurs")
        RECOGNITION = "recognition", _("Anerkennungsberatung")
        DOCTOR = "doctor", _("Ärztin, Arzt oder Therapie")
        OTHER = "other", _("Andere")

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("läuft")
        DONE = "done", _("erledigt")

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="strategies")
    description = EncryptedTextField(_("Was hilft?"))
    helper = models.CharField(_("Wer hilft?"), max_length=24, choices=Helper.choices)
    due_on = models.DateField(_("Bis wann?"), null=True, blank=True)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)

    class Meta:
        verbose_name = _("Strategie")
        verbose_name_plural = _("Strategien")
        ordering = ["obstacle", "created_at"]


class OccupationSuggestion(TimeStampedModel):
    """An occupation the assistant suggested; the participant saves or dismisses it."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("vorgeschlagen")
        SAVED = "saved", _("gemerkt")
        DISMISSED = "dismissed", _("passt nicht")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="occupation_suggestions")
    occupation = models.ForeignKey("orientation.Occupation", on_delete=models.CASCADE,
                                   related_name="suggestions")
    score = models.FloatField(_("Passung"))
    # The reasons quote the participant's own words (story, Zielbild) and their limits
    # ("Achtung: … Sie haben angegeben, nicht schwer heben zu dürfen."): encrypted at rest.
    reasons = EncryptedJSONField(_("Warum dieser Vorschlag?"), default=list)
    in_regional_demand = models.BooleanField(null=True)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices,
                              default=Status.SUGGESTED)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Who saved or dismissed it: the participant, or a facilitator of their run (shown to the
    # participant, who can always undo it).
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Berufsvorschlag")
        verbose_name_plural = _("Berufsvorschläge")
        ordering = ["enrollment", "-score"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "occupation"],
                                               name="occupation_suggestion_unique")]

    @property
    def decided_by_staff(self) -> bool:
        """True when someone other than a participant (the facilitator) made the decision."""
        from neue_wege.organisation.models import User

        decider = self.decided_by
        return (self.status != self.Status.SUGGESTED and decider is not None
                and decider.role != User.Role.PARTICIPANT)


class OccupationSuggestionSet(TimeStampedModel):
    """When the participant's suggestion list was last fetched, and a digest of the inputs it
    was fetched from (stories, strengths, interest check, Zielbild, obstacles). A page compares
    it with the digest of the inputs now: different means the list is outdated
    (`selectors.suggestions_outdated`). The digest holds no text, only a SHA-256."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                      related_name="occupation_suggestion_set")
    inputs_digest = models.CharField(max_length=64, help_text="SHA-256 of the inputs' ids "
                                     "and change times (selectors.suggestion_inputs_digest)")
    refreshed_at = models.DateTimeField(_("Vorschläge geholt am"))

    class Meta:
        verbose_name = _("Stand der Berufsvorschläge")
        verbose_name_plural = _("Stände der Berufsvorschläge")


class ActionStep(TimeStampedModel):
    """A concrete next step (internship, appointment, application, course)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                                   related_name="action_steps")
    description = models.CharField(_("Was ist der nächste Schritt?"), max_length=300)
    due_on = models.DateField(_("Bis wann?"), null=True, blank=True)
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    from_suggestion = models.ForeignKey(OccupationSuggestion, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="action_steps")

    class Meta:
        verbose_name = _("Nächster Schritt")
        verbose_name_plural = _("Nächste Schritte")
        ordering = ["enrollment", "created_at"]

    def __str__(self) -> str:
        return self.description
