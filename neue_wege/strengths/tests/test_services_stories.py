"""Story services: drafts, saving, sharing as consent, withdrawal hides the story at once."""

from __future__ import annotations

import pytest
from django.http import Http404

from neue_wege.clients.models import Enrollment
from neue_wege.privacy import access
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import (
    ConsentMissingError,
    NoEnrollmentError,
    NotSharedError,
    NotWriterError,
    StoryError,
    share_wording,
    story_draft_save,
    story_save,
    story_share,
    story_withdraw,
)

pytestmark = pytest.mark.django_db
V = Story.Visibility
TEXT = "Ich habe nie aufgegeben und den Umzug allein organisiert."


def audit_rows(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk),
                                     action=action)


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Der Umzug", text=TEXT)


# --- drafts ---------------------------------------------------------------------------------
def test_first_autosave_creates_a_private_story_with_the_draft(cast):
    story = story_draft_save(actor=cast.nina_user, story_or_none=None, title="Ent",
                             text="Es war einmal")
    story.refresh_from_db()
    assert story.enrollment == cast.nina_enrollment
    assert story.visibility == V.PRIVATE
    assert (story.draft_title, story.draft_text) == ("Ent", "Es war einmal")
    assert story.title == "" and story.text == ""
    assert story.draft_saved_at is not None and story.has_unsaved_draft
    assert audit_rows(story, "create").count() == 1


def test_later_autosaves_update_the_same_story_and_keep_the_saved_text(cast, story):
    story_draft_save(actor=cast.nina_user, story_or_none=story, title="Neu", text="Neuer Text")
    story_draft_save(actor=cast.nina_user, story_or_none=story, title="Neu", text="Neuer Text 2")
    story.refresh_from_db()
    assert Story.objects.count() == 1
    assert story.text == TEXT and story.draft_text == "Neuer Text 2"
    assert story.has_unsaved_draft


def test_an_empty_first_autosave_creates_nothing(cast):
    with pytest.raises(StoryError, match="noch nichts zu speichern"):
        story_draft_save(actor=cast.nina_user, story_or_none=None, title=" ", text="")
    assert not Story.objects.exists()


def test_too_long_drafts_are_refused(cast):
    with pytest.raises(StoryError, match="zu lang"):
        story_draft_save(actor=cast.nina_user, story_or_none=None, title="x",
                         text="a" * 20_001)
    with pytest.raises(StoryError, match="Überschrift ist zu lang"):
        story_draft_save(actor=cast.nina_user, story_or_none=None, title="x" * 201, text="a")


@pytest.mark.parametrize("name", ["ali_user", "sven_user"])
def test_only_the_writer_autosaves(cast, story, name):
    with pytest.raises(NotWriterError):
        story_draft_save(actor=getattr(cast, name), story_or_none=story, title="", text="x")


@pytest.mark.parametrize("name", ["fatma", "karl", "admin"])
def test_staff_cannot_create_stories(cast, name):
    with pytest.raises(NoEnrollmentError, match="keiner Gruppe"):
        story_draft_save(actor=getattr(cast, name), story_or_none=None, title="", text="x")


def test_a_participant_who_dropped_out_cannot_create_stories(cast):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(
        status=Enrollment.Status.DROPPED_OUT)
    with pytest.raises(NoEnrollmentError):
        story_save(actor=cast.nina_user, story_or_none=None, title="", text="x")


# --- saving ---------------------------------------------------------------------------------
def test_save_makes_the_draft_the_story_and_logs_a_change(cast, story):
    story_draft_save(actor=cast.nina_user, story_or_none=story, title="T", text="Entwurf")
    story_save(actor=cast.nina_user, story_or_none=story, title=" Neu ", text=" Fertig. ")
    story.refresh_from_db()
    assert (story.title, story.text) == ("Neu", "Fertig.")
    assert (story.draft_title, story.draft_text) == ("Neu", "Fertig.")
    assert not story.has_unsaved_draft
    assert audit_rows(story, "change").filter(reason="saved").count() == 1
    assert audit_rows(story, "create").count() == 1


def test_save_needs_a_text(cast, story):
    with pytest.raises(StoryError, match="Bitte schreiben Sie Ihre Geschichte"):
        story_save(actor=cast.nina_user, story_or_none=story, title="T", text="  ")
    story.refresh_from_db()
    assert story.text == TEXT


def test_only_the_writer_saves(cast, story):
    with pytest.raises(NotWriterError):
        story_save(actor=cast.ali_user, story_or_none=story, title="", text="Fremd")


def test_nul_characters_are_dropped(cast):
    story = story_save(actor=cast.nina_user, story_or_none=None, title="a\x00b", text="c\x00d")
    assert (story.title, story.text) == ("ab", "cd")


# --- sharing --------------------------------------------------------------------------------
def test_share_with_group_records_consent_and_peers_see_it(cast, story):
    wording = share_wording(V.GROUP)
    story_share(actor=cast.nina_user, story=story, visibility=V.GROUP, wording=wording)
    story.refresh_from_db()
    assert story.visibility == V.GROUP
    consent = Consent.objects.get()
    assert consent.purpose == Consent.Purpose.SHARE_WITH_GROUP
    assert consent.client == cast.nina and consent.given_by == cast.nina_user
    assert (consent.object_type, consent.object_id) == ("strengths.Story", str(story.pk))
    assert consent.wording == wording and "jederzeit zurücknehmen" in wording
    assert "Fallmanagement" in wording and consent.withdrawn_at is None
    assert audit_rows(story, "change").filter(reason="visibility: group").exists()
    assert story in access.stories_for(cast.ali_user)
    assert story in access.stories_for(cast.fatma)
    assert story not in access.stories_for(cast.sven_user)
    assert story not in access.stories_for(cast.jonas)
    assert story not in access.stories_for(cast.karl)


def test_share_with_facilitator_only(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.FACILITATOR,
                wording=share_wording(V.FACILITATOR))
    assert Consent.objects.get().purpose == Consent.Purpose.SHARE_WITH_FACILITATOR
    assert story in access.stories_for(cast.fatma)
    assert story not in access.stories_for(cast.ali_user)


def test_switching_from_group_to_facilitator_withdraws_the_group_consent(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.GROUP,
                wording=share_wording(V.GROUP))
    story_share(actor=cast.nina_user, story=story, visibility=V.FACILITATOR,
                wording=share_wording(V.FACILITATOR))
    group = Consent.objects.get(purpose=Consent.Purpose.SHARE_WITH_GROUP)
    facilitator = Consent.objects.get(purpose=Consent.Purpose.SHARE_WITH_FACILITATOR)
    assert group.withdrawn_at is not None and facilitator.withdrawn_at is None
    assert story not in access.stories_for(cast.ali_user)


def test_sharing_the_same_way_twice_records_one_consent(cast, story):
    for _ in range(2):
        story_share(actor=cast.nina_user, story=story, visibility=V.GROUP,
                    wording=share_wording(V.GROUP))
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("wording", ["", "  ", None])
def test_sharing_without_the_consent_confirmation_is_refused(cast, story, wording):
    with pytest.raises(ConsentMissingError, match="bestätigen"):
        story_share(actor=cast.nina_user, story=story, visibility=V.GROUP, wording=wording)
    story.refresh_from_db()
    assert story.visibility == V.PRIVATE
    assert not Consent.objects.exists()
    assert story not in access.stories_for(cast.ali_user)


def test_an_unsaved_draft_cannot_be_shared(cast):
    draft = story_draft_save(actor=cast.nina_user, story_or_none=None, title="", text="Nur")
    with pytest.raises(StoryError, match="speichern Sie die Geschichte zuerst"):
        story_share(actor=cast.nina_user, story=draft, visibility=V.GROUP,
                    wording=share_wording(V.GROUP))


def test_unknown_visibility_is_refused(cast, story):
    with pytest.raises(StoryError, match="wer die Geschichte lesen darf"):
        story_share(actor=cast.nina_user, story=story, visibility="world", wording="x")
    with pytest.raises(StoryError):
        share_wording("world")


@pytest.mark.parametrize("name", ["ali_user", "fatma"])
def test_only_the_writer_shares(cast, story, name):
    with pytest.raises(NotWriterError):
        story_share(actor=getattr(cast, name), story=story, visibility=V.GROUP,
                    wording=share_wording(V.GROUP))
    assert not Consent.objects.exists()


# --- withdrawing ----------------------------------------------------------------------------
def test_withdraw_hides_the_story_from_peers_at_once_and_keeps_feedback(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.GROUP,
                wording=share_wording(V.GROUP))
    strength = current_catalogue(cast.job_centre).strengths.get(key="durchhaltevermoegen")
    feedback_give(actor=cast.ali_user, story=story, strengths=[strength],
                  note="Nie aufgegeben!", show_name=False, source="peer")
    assert access.access_story(cast.ali_user, story.pk) == story

    story_withdraw(actor=cast.nina_user, story=story)

    story.refresh_from_db()
    assert story.visibility == V.PRIVATE
    consent = Consent.objects.get(purpose=Consent.Purpose.SHARE_WITH_GROUP)
    assert consent.withdrawn_at is not None
    with pytest.raises(Http404):
        access.access_story(cast.ali_user, story.pk)
    with pytest.raises(Http404):
        access.access_story(cast.fatma, story.pk)
    assert story not in access.stories_for(cast.ali_user)
    assert StrengthFeedback.objects.filter(story=story, given_by=cast.ali_user).exists()
    assert audit_rows(story, "change").filter(reason__contains="withdrawn").exists()
    # the writer still has it
    assert access.access_own_story(cast.nina_user, story.pk) == story


def test_choosing_private_is_a_withdrawal(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.FACILITATOR,
                wording=share_wording(V.FACILITATOR))
    story_share(actor=cast.nina_user, story=story, visibility=V.PRIVATE, wording="")
    assert Consent.objects.get().withdrawn_at is not None
    assert story not in access.stories_for(cast.fatma)


def test_withdrawing_a_private_story_is_an_error(cast, story):
    with pytest.raises(NotSharedError, match="nicht geteilt"):
        story_withdraw(actor=cast.nina_user, story=story)


def test_only_the_writer_withdraws(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.GROUP,
                wording=share_wording(V.GROUP))
    with pytest.raises(NotWriterError):
        story_withdraw(actor=cast.ali_user, story=story)
    story.refresh_from_db()
    assert story.visibility == V.GROUP
