import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths import selectors
from neue_wege.strengths.models import Story, Strength, StrengthCatalogue, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.catalogue_edit import (
    CatalogueError,
    catalogue_version_create,
    indicators_from_text,
    indicators_to_text,
    strength_add,
    strength_change,
    strength_remove,
)

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def new_version(cast, **extra):
    values = {"valid_from": TOMORROW, "change_note": "Neue Karten für die Pflege"}
    values.update(extra)
    return catalogue_version_create(actor=cast.fatma, **values)


def test_new_version_copies_current_strengths(cast):
    version = new_version(cast)
    assert version.number == 2 and version.created_by == cast.fatma
    old = current_catalogue(cast.job_centre)
    assert old.number == 1  # the new one is not in force yet
    assert version.strengths.count() == 56
    copied = version.strengths.get(key="zuverlaessigkeit")
    original = old.strengths.get(key="zuverlaessigkeit")
    assert copied.pk != original.pk
    assert (copied.label, copied.indicators, copied.esco) == (
        original.label, original.indicators, original.esco)
    assert AuditEvent.objects.filter(action="create", object_id=str(version.pk)).exists()


def test_other_job_centre_is_untouched(cast):
    new_version(cast)
    assert StrengthCatalogue.objects.filter(job_centre=cast.other_job_centre).count() == 1


def test_version_must_start_after_today(cast):
    with pytest.raises(CatalogueError, match="nach dem heutigen Tag"):
        new_version(cast, valid_from=timezone.localdate())


def test_change_note_required(cast):
    with pytest.raises(CatalogueError, match="was sich ändert"):
        new_version(cast, change_note="  ")


def test_only_one_planned_version(cast):
    new_version(cast)
    with pytest.raises(CatalogueError, match="geplante Version"):
        new_version(cast, valid_from=TOMORROW + dt.timedelta(days=5))


def test_version_in_force_is_never_edited(cast):
    current = current_catalogue(cast.job_centre)
    strength = current.strengths.get(key="mut")
    with pytest.raises(CatalogueError, match="wird nicht mehr geändert"):
        strength_change(actor=cast.fatma, strength=strength, label="Tapferkeit")
    with pytest.raises(CatalogueError, match="wird nicht mehr geändert"):
        strength_add(actor=cast.fatma, catalogue=current, label="Neu", description="x",
                     group="personal")
    with pytest.raises(CatalogueError):
        strength_remove(actor=cast.fatma, strength=strength)
    strength.refresh_from_db()
    assert strength.label == "Mut"


def test_add_change_remove_in_planned_version(cast):
    version = new_version(cast)
    added = strength_add(actor=cast.admin, catalogue=version, label="Pflegekompetenz",
                         description="Sie kümmern sich gut um andere.", group="activity",
                         indicators=["pflegen", {"text": "Oma versorgen", "weight": 0.6}])
    assert added.key == "pflegekompetenz"
    changed = strength_change(actor=cast.admin,
                              strength=version.strengths.get(key="mut"), label="Tapferkeit",
                              description="Sie trauen sich was.")
    assert changed.label == "Tapferkeit" and changed.key == "mut"
    strength_remove(actor=cast.admin, strength=version.strengths.get(key="humor"))
    assert not version.strengths.filter(key="humor").exists()
    # the version in force is untouched
    old = current_catalogue(cast.job_centre)
    assert old.strengths.get(key="mut").label == "Mut"
    assert old.strengths.filter(key="humor").exists()


def test_new_key_never_reuses_an_old_key(cast):
    version = new_version(cast)
    strength_remove(actor=cast.fatma, strength=version.strengths.get(key="mut"))
    again = strength_add(actor=cast.fatma, catalogue=version, label="Mut",
                         description="Neu beschrieben", group="personal")
    assert again.key == "mut_2"


def test_duplicate_label_refused(cast):
    version = new_version(cast)
    with pytest.raises(CatalogueError, match="gibt es in dieser Version schon"):
        strength_add(actor=cast.fatma, catalogue=version, label="zuverlässigkeit",
                     description="x", group="personal")


def test_feedback_keeps_pointing_at_its_strength_row(cast):
    old_row = current_catalogue(cast.job_centre).strengths.get(key="mut")
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Bewerbung",
                                 text="Ich habe mich getraut.")
    given = StrengthFeedback.objects.create(story=story, strength=old_row,
                                            source="self", given_by=cast.nina_user)
    version = new_version(cast)
    strength_change(actor=cast.fatma, strength=version.strengths.get(key="mut"),
                    label="Tapferkeit")
    given.refresh_from_db()
    assert given.strength_id == old_row.pk
    assert given.strength.label == "Mut"


def test_removing_a_strength_with_feedback_is_refused(cast):
    version = new_version(cast)
    row = version.strengths.get(key="geduld")
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="T", text="x")
    StrengthFeedback.objects.create(story=story, strength=row, source="self",
                                    given_by=cast.nina_user)
    with pytest.raises(CatalogueError, match="Rückmeldungen"):
        strength_remove(actor=cast.fatma, strength=row)
    assert Strength.objects.filter(pk=row.pk).exists()


def test_history_lists_added_removed_changed(cast):
    version = new_version(cast)
    strength_add(actor=cast.fatma, catalogue=version, label="Pflegekompetenz",
                 description="x", group="activity")
    strength_remove(actor=cast.fatma, strength=version.strengths.get(key="humor"))
    strength_change(actor=cast.fatma, strength=version.strengths.get(key="mut"),
                    label="Tapferkeit")
    strength_change(actor=cast.fatma, strength=version.strengths.get(key="geduld"),
                    description="Anders beschrieben.")
    history = selectors.catalogue_history(user=cast.fatma)
    assert [h.catalogue.number for h in history] == [2, 1]
    planned, first = history
    assert planned.is_planned and not planned.is_current
    assert first.is_current and len(first.added) == 56
    assert planned.added == ["Pflegekompetenz"]
    assert planned.removed == ["Humor"]
    assert planned.changed == ["Geduld", "Mut → Tapferkeit"]


def test_history_of_other_job_centre_is_separate(cast):
    new_version(cast)
    assert [h.catalogue.number for h in selectors.catalogue_history(user=cast.olga)] == [1]
    assert selectors.catalogue_history(user=cast.nina_user) == []


def test_indicator_lines_round_trip():
    stored = ["zuverlässig", {"text": "hart arbeiten", "weight": 0.7},
              {"text": "auf|geben", "polarity": "negated"},
              {"text": "ein Herz", "weight": 0.5, "adjacent": True}]
    text = indicators_to_text(stored)
    assert text.splitlines() == ["zuverlässig", "hart arbeiten ; Gewicht 0,7",
                                 "auf|geben ; verneint",
                                 "ein Herz ; Gewicht 0,5 ; direkt hintereinander"]
    assert indicators_from_text(text) == stored


def test_indicator_lines_reject_unknown_options():
    with pytest.raises(ValidationError, match="Zeile 2"):
        indicators_from_text("gut\nsehr gut ; lauter")
    with pytest.raises(ValidationError, match="höchstens 1"):
        indicators_from_text("gut ; Gewicht 1,5")
    assert indicators_from_text("\n  \nfleißig\n") == ["fleißig"]
