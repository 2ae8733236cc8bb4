"""Stories, the versioned strength catalogue, strength feedback and the assistant's log.

A story belongs to its writer (an enrollment). It is private until the writer shares it; every
share is a `privacy.Consent` row, and `Story.visibility` is the state that consent allows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre
from neue_wege.privacy.fields import EncryptedTextField
from neue_wege.strengths.catalogue_i18n import group_text, strength_text


class StrengthCatalogue(TimeStampedModel):
    """One version of a job centre's strength catalogue. Versions are added, never edited."""

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT,
                                   related_name="strength_catalogues",
                                   verbose_name=_("Jobcenter"))
    number = models.PositiveIntegerField(_("Version"))
    valid_from = models.DateField(_("gültig ab"))
    change_note = models.TextField(_("Änderungsnotiz"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Stärkenkatalog")
        verbose_name_plural = _("Stärkenkataloge")
        ordering = ["job_centre", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["job_centre", "number"],
                                    name="strength_catalogue_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Stärkenkatalog {self.number}"


class Strength(TimeStampedModel):
    """An entry of the catalogue (a strength card)."""

    class Group(models.TextChoices):
        PERSONAL = "personal", _("Persönliche Stärken")
        SOCIAL = "social", _("Soziale Stärken")
        METHODICAL = "methodical", _("Methodische Stärken")
        ACTIVITY = "activity", _("Tätigkeitsbezogene Stärken")

    catalogue = models.ForeignKey(StrengthCatalogue, on_delete=models.CASCADE,
                                  related_name="strengths")
    key = models.SlugField(_("Kennung"), max_length=60,
                           help_text=_("bleibt über Katalogversionen gleich"))
    group = models.CharField(_("Gruppe"), max_length=12, choices=Group.choices)
    label = models.CharField(_("Bezeichnung"), max_length=100)
    description = models.TextField(_("Beschreibung in einfacher Sprache"))
    ba_profile = models.CharField(_("Stärke im Profiling der BA"), max_length=100, blank=True)
    esco = models.JSONField(_("ESCO-Bezug"), default=list, blank=True)
    indicators = models.JSONField(_("Hinweiswörter"), default=list, blank=True)

    class Meta:
        verbose_name = _("Stärke")
        verbose_name_plural = _("Stärken")
        ordering = ["group", "label"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="strength_unique_key"),
        ]

    def __str__(self) -> str:
        return self.local_label

    # The texts in the active language (strengths/catalogue_i18n.py); `label` and
    # `description` stay the German catalogue text (staff catalogue pages, the assistant).
    @property
    def local_label(self) -> str:
        return strength_text(self.key, "label", self.label)

    @property
    def local_description(self) -> str:
        return strength_text(self.key, "description", self.description)

    @property
    def local_group_label(self) -> str:
        return group_text(self.group, str(self.Group(self.group).label))


class Story(TimeStampedModel):
    """A short text a participant writes about a moment of their life (Geschichte)."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("nur für mich")
        FACILITATOR = "facilitator", _("für die Projektleitung")
        GROUP = "group", _("für die Gruppe")

    enrollment = models.ForeignKey("clients.Enrollment", on_delete=models.CASCADE,
                                   related_name="stories")
    # Stories may hold health or addiction in the participant's own words (Art. 9 GDPR): title,
    # text and their drafts are encrypted at rest (privacy.fields; never filtered or sorted in SQL).
    title = EncryptedTextField(_("Überschrift"), max_length=200, blank=True)
    text = EncryptedTextField(_("Geschichte"), blank=True)
    visibility = models.CharField(_("Wer darf sie lesen?"), max_length=12,
                                  choices=Visibility.choices, default=Visibility.PRIVATE)
    # Autosave writes the draft; "Speichern" makes the draft the story others may read.
    draft_title = EncryptedTextField(max_length=200, blank=True)
    draft_text = EncryptedTextField(blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # One story per draft, whatever the order of requests (issue 14): the browser makes a key
    # (UUID) when the writer starts a draft and sends it with every autosave and "Speichern";
    # the unique constraint makes a second story for the same key impossible. The browser
    # also counts its edits (revision): an older autosave arriving late never overwrites a
    # newer draft, an older "Speichern" never a newer saved text.
    draft_key = models.UUIDField(null=True, blank=True, editable=False)
    draft_revision = models.PositiveIntegerField(default=0, editable=False)
    saved_revision = models.PositiveIntegerField(default=0, editable=False)
    # When "Speichern" last made the draft the story; None: only a draft so far (not counted).
    saved_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Geschichte")
        verbose_name_plural = _("Geschichten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["enrollment", "visibility"])]
        constraints = [
            models.UniqueConstraint(fields=["draft_key"], name="story_one_per_draft_key"),
        ]

    def __str__(self) -> str:
        return self.title or _("Geschichte ohne Überschrift")

    @property
    def has_unsaved_draft(self) -> bool:
        return self.draft_saved_at is not None and (
            self.draft_title != self.title or self.draft_text != self.text)


class StrengthFeedback(TimeStampedModel):
    """Someone names a strength they see in a story (self view, peer view, facilitator)."""

    class Source(models.TextChoices):
        SELF = "self", _("selbst")
        PEER = "peer", _("aus der Gruppe")
        FACILITATOR = "facilitator", _("Projektleitung")

    class Status(models.TextChoices):
        VISIBLE = "visible", _("sichtbar")
        HELD = "held", _("wartet auf die Projektleitung")
        REMOVED = "removed", _("entfernt")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="feedback")
    strength = models.ForeignKey(Strength, on_delete=models.PROTECT, related_name="feedback")
    source = models.CharField(_("von"), max_length=12, choices=Source.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="strength_feedback_given")
    giver_enrollment = models.ForeignKey("clients.Enrollment", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="feedback_given")
    note = models.TextField(_("Was in der Geschichte zeigt diese Stärke?"), blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    show_name = models.BooleanField(_("Meinen Namen zeigen"), default=False)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices,
                              default=Status.VISIBLE)
    held_reason = models.CharField(_("Grund für die Prüfung"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Stärken-Rückmeldung")
        verbose_name_plural = _("Stärken-Rückmeldungen")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["story", "strength", "given_by"],
                                    name="feedback_once_per_giver_strength_story"),
            models.CheckConstraint(
                condition=Q(evidence_start__isnull=True, evidence_end__isnull=True)
                | Q(evidence_end__gt=models.F("evidence_start")),
                name="feedback_evidence_range",
            ),
        ]
        indexes = [models.Index(fields=["story", "status"])]

    def __str__(self) -> str:
        return f"{self.strength} ({self.get_source_display()})"


class SuggestionDecision(models.Model):
    """The assistant's log (AI Act Art. 12): what it proposed, who decided what. No story text."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("übernommen")
        REJECTED = "rejected", _("verworfen")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="suggestions")
    strength = models.ForeignKey(Strength, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    evidence = models.JSONField(default=list)  # [{"start": int, "end": int}], offsets only
    assistant_version = models.CharField(max_length=40)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("Entscheidung über einen Vorschlag")
        verbose_name_plural = _("Entscheidungen über Vorschläge")

    def __str__(self) -> str:
        return f"{self.strength_id}: {self.decision}"
