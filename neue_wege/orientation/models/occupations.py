"""The occupational classification as imported by `neuewege occupations import`.

Rows are keyed by their ESCO URI, so a re-run updates in place (idempotent); every row
remembers the classification version that last wrote it and a digest of its content, so an
unchanged row is not written again. Occupations that a newer file no longer holds are kept
while something refers to them (``is_current`` False), otherwise removed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel

__all__ = ["ClassificationVersion", "Occupation", "german_skill_labels"]

RIASEC_ORDER = ("R", "I", "A", "S", "E", "C")


MIN_GERMAN_SKILLS = 5  # fewer German skills than this: the page adds the KldB activities


def german_skill_labels(essential: list[dict], optional: list[dict]) -> list[str]:
    """German labels of the essential skills, topped up with German optional skills up to
    ``MIN_GERMAN_SKILLS``; skills whose label is English (``lang`` "en") are left out."""
    def german(skills: list[dict]) -> list[str]:
        return [str(s.get("label")) for s in skills or ()
                if isinstance(s, dict) and s.get("lang") == "de" and s.get("label")]
    labels = list(dict.fromkeys(german(essential)))
    if len(labels) < MIN_GERMAN_SKILLS:
        for label in german(optional):
            if label not in labels:
                labels.append(label)
            if len(labels) >= MIN_GERMAN_SKILLS:
                break
    return labels


class ClassificationVersion(TimeStampedModel):
    """One import of the classification data (e.g. "occupations_v1": ESCO 1.2.0, KldB 2010 V2020)."""

    name = models.CharField(_("Version"), max_length=100, unique=True)
    source_digest = models.CharField(max_length=64, help_text="SHA-256 of the imported file")
    attribution = models.TextField(blank=True)
    sources = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Klassifikationsversion")
        verbose_name_plural = _("Klassifikationsversionen")

    def __str__(self) -> str:
        return self.name


class Occupation(TimeStampedModel):
    """An ESCO occupation with its ISCO-08 group, KldB 2010 code and O*NET interest profile."""

    esco_uri = models.URLField(max_length=200, unique=True)
    isco08 = models.CharField(_("ISCO-08"), max_length=4, db_index=True)
    isco_group_label = models.CharField(_("ISCO-08-Berufsgruppe"), max_length=300, blank=True)
    kldb2010 = models.CharField(_("KldB 2010"), max_length=5, blank=True, db_index=True)
    kldb_title = models.CharField(_("KldB-2010-Bezeichnung"), max_length=300, blank=True)
    # The Berufsgattung's activities in German (KldB explanations): shown where ESCO has few
    # German skill labels, instead of English ones.
    kldb_activities = models.TextField(_("Tätigkeiten laut KldB 2010"), blank=True)
    kldb_all = models.JSONField(default=list, blank=True,
                                help_text="all KldB 2010 candidates of the ISCO group, best first")
    label = models.CharField(_("Beruf"), max_length=300)
    alt_labels = models.JSONField(default=list, blank=True)
    definition = models.TextField(_("Beschreibung"), blank=True)
    riasec = models.JSONField(default=dict, blank=True,
                              help_text="theme letter -> O*NET OI score 1..7")
    riasec_source = models.CharField(max_length=20, blank=True,
                                     help_text="onet, isco4, isco3, isco2 … or empty")
    # [{"uri": ..., "label": ..., "lang": "de"|"en"}]: German label where ESCO has one.
    essential_skills = models.JSONField(default=list, blank=True)
    optional_skills = models.JSONField(default=list, blank=True)
    content_digest = models.CharField(max_length=64, blank=True,
                                      help_text="SHA-256 of the imported content (change check)")
    is_current = models.BooleanField(default=True, help_text="in the last imported version")
    classification_version = models.ForeignKey(ClassificationVersion, on_delete=models.PROTECT,
                                               related_name="occupations")

    class Meta:
        verbose_name = _("Beruf")
        verbose_name_plural = _("Berufe")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    @property
    def german_skills(self) -> list[str]:
        """Skill labels a participant may read: German essential skills first, German optional
        ones when there are few; English-only ESCO skills are left out (never shown)."""
        return german_skill_labels(self.essential_skills, self.optional_skills)

    @property
    def riasec_profile(self) -> list[tuple[str, float]]:
        """(theme letter, score 1..7) in RIASEC order; empty without a profile."""
        return [(d, float(self.riasec[d])) for d in RIASEC_ORDER if d in self.riasec]
