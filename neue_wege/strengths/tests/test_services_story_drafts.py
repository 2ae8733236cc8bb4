"""One story per save whatever the order of requests (draft key, revisions) and deleting
one's own story (issue 14)."""

from __future__ import annotations

import uuid

import pytest

from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths import selectors
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import (
    NotWriterError,
    share_wording,
    story_delete,
    story_delete_consequences,
    story_draft_save,
    story_save,
    story_share,
)

pytestmark = pytest.mark.django_db
TEXT = "Ich habe den Umzug allein organisiert und nie aufgegeben."


def save(cast, key, text=TEXT, revision=0, story=None):
    return story_save(actor=cast.nina_user, story_or_none=story, title="Umzug", text=text,
                      draft_key=key, revision=revision)


def draft(cast, key, text, revision, story=None):
    return story_draft_save(actor=cast.nina_user, story_or_none=story, title="Umzug",
                            text=text, draft_key=key, revision=revision)


# --- one story per draft key -----------------------------------------------------------------
def test_a_double_save_with_one_key_makes_one_story(cast):
    key = uuid.uuid4()
    first = save(cast, key, revision=3)
    second = save(cast, key, revision=3)
    assert first.pk == second.pk
    assert Story.objects.count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="strengths.Story").count() == 1


def test_autosave_then_save_without_the_story_id_lands_on_one_story(cast):
    key = uuid.uuid4()
    drafted = draft(cast, key, "Ich habe den Umzug", 1)
    saved = save(cast, key, revision=2)
    assert drafted.pk == saved.pk and Story.objects.count() == 1
    saved.refresh_from_db()
    assert saved.text == TEXT and not saved.has_unsaved_draft


def test_a_late_autosave_of_an_older_revision_leaves_no_stray_draft(cast):
    key = uuid.uuid4()
    save(cast, key, revision=5)
    draft(cast, key, "Ich habe den", 4)  # sent before "Speichern", arrived after it
    draft(cast, key, TEXT, 5)  # the autosave of the very text that was saved
    story = Story.objects.get()
    assert story.text == TEXT and story.draft_text == TEXT
    assert not story.has_unsaved_draft
    assert story.draft_revision == 5


def test_a_newer_autosave_after_saving_is_kept_as_a_draft(cast):
    key = uuid.uuid4()
    save(cast, key, revision=5)
    draft(cast, key, TEXT + " Danach kam die Arbeit.", 6)
    story = Story.objects.get()
    assert story.text == TEXT and story.has_unsaved_draft


def test_an_older_save_arriving_late_does_not_replace_a_newer_saved_text(cast):
    key = uuid.uuid4()
    save(cast, key, text=TEXT + " Neu.", revision=8)
    save(cast, key, text=TEXT, revision=7)  # e.g. a retry from the offline queue
    story = Story.objects.get()
    assert story.text == TEXT + " Neu."


def test_a_save_of_an_older_revision_keeps_the_newer_draft(cast):
    key = uuid.uuid4()
    draft(cast, key, "Erster Satz. Zweiter Satz.", 9)
    save(cast, key, text="Erster Satz.", revision=7)
    story = Story.objects.get()
    assert story.text == "Erster Satz."
    assert story.draft_text == "Erster Satz. Zweiter Satz." and story.has_unsaved_draft


def test_another_participants_key_is_refused_and_makes_no_story(cast):
    key = uuid.uuid4()
    save(cast, key)
    with pytest.raises(NotWriterError):
        story_save(actor=cast.ali_user, story_or_none=None, title="", text="Fremd",
                   draft_key=key, revision=1)
    with pytest.raises(NotWriterError):
        story_draft_save(actor=cast.ali_user, story_or_none=None, title="", text="Fremd",
                         draft_key=key, revision=1)
    assert Story.objects.count() == 1 and Story.objects.get().text == TEXT


def test_an_old_story_gets_the_key_of_its_first_keyed_save(cast):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="", text=TEXT)
    assert story.draft_key is None
    key = uuid.uuid4()
    save(cast, key, text=TEXT + " Mehr.", revision=1, story=story)
    story.refresh_from_db()
    assert story.draft_key == key and story.text == TEXT + " Mehr."


def test_without_a_key_each_first_save_is_a_new_story(cast):
    story_save(actor=cast.nina_user, story_or_none=None, title="", text=TEXT)
    story_save(actor=cast.nina_user, story_or_none=None, title="", text=TEXT)
    assert Story.objects.count() == 2


# --- deleting -------------------------------------------------------------------------------
@pytest.fixture
def shared_story(cast):
    story = save(cast, uuid.uuid4())
    story_share(actor=cast.nina_user, story=story, visibility=Story.Visibility.GROUP,
                wording=share_wording(Story.Visibility.GROUP))
    strength = current_catalogue(cast.job_centre.pk).strengths.get(key="geduld")
    feedback_give(actor=cast.ali_user, story=story, strengths=[strength], note="Geduldig!",
                  show_name=False, source=StrengthFeedback.Source.PEER)
    return story


def test_delete_ends_sharing_removes_feedback_and_is_audited(cast, shared_story):
    assert story_delete_consequences(shared_story)["feedback_from_others"] == 1
    story_pk = shared_story.pk
    story_delete(actor=cast.nina_user, story=shared_story)
    assert not Story.objects.filter(pk=story_pk).exists()
    assert not StrengthFeedback.objects.filter(story_id=story_pk).exists()
    consent = Consent.objects.get(object_id=str(story_pk))
    assert consent.withdrawn_at is not None and consent.end_reason == "withdrawn"
    event = AuditEvent.objects.get(action="delete", object_type="strengths.Story",
                                   object_id=str(story_pk))
    assert event.actor == cast.nina_user and event.client_id == cast.nina.pk
    assert "feedback deleted: 1" in event.reason


def test_the_facilitators_counts_drop_after_a_delete(cast, shared_story):
    def counts():
        row = {e.pk: e for e in selectors.participant_activity(user=cast.fatma,
                                                               run=cast.run_a)}
        nina = row[cast.nina_enrollment.pk]
        return nina.written_count, nina.shared_count, nina.received_count

    before = counts()
    story_delete(actor=cast.nina_user, story=shared_story)
    after = counts()
    assert after == (before[0] - 1, before[1] - 1, before[2] - 1)


@pytest.mark.parametrize("name", ["ali_user", "fatma"])
def test_only_the_writer_deletes(cast, shared_story, name):
    with pytest.raises(NotWriterError):
        story_delete(actor=getattr(cast, name), story=shared_story)
    assert Story.objects.filter(pk=shared_story.pk).exists()


def test_a_draft_only_autosaved_is_not_counted_as_a_story_written(cast):
    """The facilitator's table counted every autosaved draft as a story (issue 14)."""
    def written():
        rows = {e.pk: e for e in selectors.participant_activity(user=cast.fatma,
                                                                run=cast.run_a)}
        return rows[cast.nina_enrollment.pk].written_count

    before = written()
    draft = story_draft_save(actor=cast.nina_user, story_or_none=None, title="Entwurf",
                             text="Erst ein Anfang", draft_key=uuid.uuid4(), revision=1)
    assert written() == before
    story_save(actor=cast.nina_user, story_or_none=draft, title="Entwurf",
               text="Erst ein Anfang, jetzt gespeichert", draft_key=draft.draft_key, revision=2)
    assert written() == before + 1
