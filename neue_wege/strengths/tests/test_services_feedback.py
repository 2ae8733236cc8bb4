"""Feedback services: who may give what, the wording check holds notes, moderation, and the
assistant's decisions (offsets only)."""

from __future__ import annotations

import pytest

from neue_wege.privacy import access
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import Story, StrengthFeedback, SuggestionDecision
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.feedback import (
    DuplicateFeedbackError,
    FeedbackError,
    FeedbackNotAllowedError,
    ModerationError,
    assistant_version,
    feedback_give,
    feedback_release,
    feedback_remove,
    story_suggestions,
    suggester_for,
    suggestion_decide,
)
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db
V = Story.Visibility
S = StrengthFeedback.Source
TEXT = ("Ich habe nie aufgegeben. Jeden Morgen war ich pünktlich um sechs Uhr da und habe "
        "meiner Nachbarin beim Umzug geholfen.")


def strength(cast, key, job_centre=None):
    return current_catalogue(job_centre or cast.job_centre).strengths.get(key=key)


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Morgens", text=TEXT)


@pytest.fixture
def shared(cast, story):
    return story_share(actor=cast.nina_user, story=story, visibility=V.GROUP,
                       wording=share_wording(V.GROUP))


def give(cast, story, actor=None, keys=("durchhaltevermoegen",), note="", source=S.PEER,
         show_name=False, **extra):
    return feedback_give(actor=actor or cast.ali_user, story=story,
                         strengths=[strength(cast, k) for k in keys], note=note,
                         show_name=show_name, source=source, **extra)


# --- giving ---------------------------------------------------------------------------------
def test_peer_gives_visible_feedback_on_a_group_story(cast, shared):
    created = give(cast, shared, keys=("durchhaltevermoegen", "puenktlichkeit"),
                   note="Du hast nie aufgegeben.")
    assert len(created) == 2
    for fb in created:
        fb.refresh_from_db()
        assert fb.status == StrengthFeedback.Status.VISIBLE and fb.held_reason == ""
        assert fb.source == S.PEER and fb.given_by == cast.ali_user
        assert fb.giver_enrollment == cast.ali_enrollment and not fb.show_name
        assert AuditEvent.objects.filter(object_type="strengths.StrengthFeedback",
                                         object_id=str(fb.pk), action="create",
                                         client_id=cast.nina.pk).exists()
    assert set(access.feedback_for(cast.nina_user)) == set(created)


def test_a_hurtful_note_is_held_and_the_writer_does_not_see_it(cast, shared):
    (fb,) = give(cast, shared, note="Du bist echt dumm.")
    assert fb.status == StrengthFeedback.Status.HELD
    assert fb.held_reason.startswith("Die Notiz")
    assert fb not in access.feedback_for(cast.nina_user)
    assert fb in access.feedback_for(cast.fatma)


def test_showing_the_name_records_a_consent(cast, shared):
    (fb,) = give(cast, shared, show_name=True)
    assert fb.show_name
    consent = Consent.objects.get(purpose=Consent.Purpose.SHOW_NAME)
    assert consent.client == cast.ali and consent.object_id == str(fb.pk)
    assert consent.wording


def test_once_per_strength_per_story(cast, shared):
    give(cast, shared)
    with pytest.raises(DuplicateFeedbackError, match="Durchhaltevermögen"):
        give(cast, shared, keys=("puenktlichkeit", "durchhaltevermoegen"))
    assert StrengthFeedback.objects.count() == 1  # all or nothing


def test_no_feedback_on_an_unshared_story(cast, story):
    with pytest.raises(FeedbackNotAllowedError, match="nicht mit der Gruppe"):
        give(cast, story)


def test_no_peer_feedback_on_a_story_shared_with_the_facilitator_only(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.FACILITATOR,
                wording=share_wording(V.FACILITATOR))
    with pytest.raises(FeedbackNotAllowedError):
        give(cast, story)


def test_no_peer_feedback_on_the_own_story(cast, shared):
    with pytest.raises(FeedbackNotAllowedError, match="Selbstbild"):
        give(cast, shared, actor=cast.nina_user)


def test_participants_of_another_run_cannot_give_feedback(cast, shared):
    with pytest.raises(FeedbackNotAllowedError, match="derselben Gruppe"):
        give(cast, shared, actor=cast.sven_user)


def test_at_least_one_strength(cast, shared):
    with pytest.raises(FeedbackError, match="mindestens eine"):
        feedback_give(actor=cast.ali_user, story=shared, strengths=[], note="",
                      show_name=False, source=S.PEER)


def test_strengths_must_come_from_the_own_current_catalogue(cast, shared):
    foreign = strength(cast, "durchhaltevermoegen", cast.other_job_centre)
    with pytest.raises(FeedbackError, match="aktuellen Stärkenkatalog"):
        feedback_give(actor=cast.ali_user, story=shared, strengths=[foreign], note="",
                      show_name=False, source=S.PEER)


def test_note_length_is_limited(cast, shared):
    with pytest.raises(FeedbackError, match="zu lang"):
        give(cast, shared, note="x" * 501)


def test_unknown_source_is_refused(cast, shared):
    with pytest.raises(FeedbackError, match="Unbekannte Art"):
        give(cast, shared, source="boss")


def test_self_feedback_by_the_writer_even_on_a_private_story(cast, story):
    (fb,) = give(cast, story, actor=cast.nina_user, source=S.SELF, show_name=True,
                 note="Du bist dumm")  # self notes are not checked and never show a name
    assert fb.status == StrengthFeedback.Status.VISIBLE and not fb.show_name
    assert fb.giver_enrollment == cast.nina_enrollment


def test_self_feedback_only_by_the_writer(cast, shared):
    with pytest.raises(FeedbackNotAllowedError, match="eigenen"):
        give(cast, shared, actor=cast.ali_user, source=S.SELF)


def test_facilitator_feedback_by_the_runs_facilitator(cast, story):
    story_share(actor=cast.nina_user, story=story, visibility=V.FACILITATOR,
                wording=share_wording(V.FACILITATOR))
    (fb,) = give(cast, story, actor=cast.fatma, source=S.FACILITATOR, note="Stark!")
    assert fb.source == S.FACILITATOR and fb.status == StrengthFeedback.Status.VISIBLE
    assert fb.giver_enrollment is None


@pytest.mark.parametrize("name", ["jonas", "olga", "karl", "maria"])
def test_facilitator_feedback_only_by_the_runs_facilitator(cast, shared, name):
    with pytest.raises(FeedbackNotAllowedError, match="Projektleitung dieses"):
        give(cast, shared, actor=getattr(cast, name), source=S.FACILITATOR)


def test_facilitator_feedback_needs_a_shared_story(cast, story):
    with pytest.raises(FeedbackNotAllowedError, match="nicht geteilt"):
        give(cast, story, actor=cast.fatma, source=S.FACILITATOR)


def test_evidence_must_lie_in_the_story(cast, story):
    with pytest.raises(FeedbackError, match="markierte Stelle"):
        give(cast, story, actor=cast.nina_user, source=S.SELF, evidence=(5, 5000))
    (fb,) = give(cast, story, actor=cast.nina_user, source=S.SELF, evidence=(9, 23))
    assert (fb.evidence_start, fb.evidence_end) == (9, 23)


# --- moderation -----------------------------------------------------------------------------
@pytest.fixture
def held(cast, shared):
    (fb,) = give(cast, shared, note="Du Vollidiot")
    return fb


def test_release_makes_held_feedback_visible(cast, held):
    feedback_release(actor=cast.fatma, feedback=held)
    held.refresh_from_db()
    assert held.status == StrengthFeedback.Status.VISIBLE
    assert held.moderated_by == cast.fatma and held.moderated_at is not None
    assert held in access.feedback_for(cast.nina_user)
    assert AuditEvent.objects.filter(object_id=str(held.pk), reason="released").exists()


def test_release_only_held_feedback(cast, held):
    feedback_release(actor=cast.fatma, feedback=held)
    with pytest.raises(ModerationError, match="wartet nicht"):
        feedback_release(actor=cast.fatma, feedback=held)


def test_remove_with_reason(cast, held):
    feedback_remove(actor=cast.fatma, feedback=held, reason="beleidigend")
    held.refresh_from_db()
    assert held.status == StrengthFeedback.Status.REMOVED
    assert held not in access.feedback_for(cast.nina_user)
    assert AuditEvent.objects.filter(object_id=str(held.pk),
                                     reason="removed: beleidigend").exists()
    with pytest.raises(ModerationError, match="schon entfernt"):
        feedback_remove(actor=cast.fatma, feedback=held, reason="nochmal")


def test_remove_needs_a_reason(cast, held):
    with pytest.raises(ModerationError, match="Grund"):
        feedback_remove(actor=cast.fatma, feedback=held, reason="  ")


@pytest.mark.parametrize("name", ["jonas", "olga", "karl", "maria", "admin", "nina_user",
                                  "ali_user"])
def test_only_the_runs_facilitator_moderates(cast, held, name):
    with pytest.raises(ModerationError, match="Projektleitung"):
        feedback_release(actor=getattr(cast, name), feedback=held)
    with pytest.raises(ModerationError, match="Projektleitung"):
        feedback_remove(actor=getattr(cast, name), feedback=held, reason="x")
    held.refresh_from_db()
    assert held.status == StrengthFeedback.Status.HELD


# --- the assistant --------------------------------------------------------------------------
def test_suggestions_come_from_the_current_catalogue_and_are_cached(cast, story):
    catalogue, suggestions = story_suggestions(story)
    assert catalogue == current_catalogue(cast.job_centre)
    ids = [s.id for s in suggestions]
    assert "durchhaltevermoegen" in ids
    for s in suggestions:
        for e in s.evidence:
            assert story.text[e.start:e.end] == e.text
    assert suggester_for(catalogue) is suggester_for(catalogue)
    assert not SuggestionDecision.objects.exists()  # nothing stored by suggesting


def test_accepting_a_suggestion_logs_offsets_and_adds_self_feedback(cast, story):
    s = strength(cast, "durchhaltevermoegen")
    record = suggestion_decide(actor=cast.nina_user, story=story, strength=s, score=0.77,
                               evidence=[{"start": 4, "end": 23, "text": "geheim"}],
                               decision="accepted")
    record.refresh_from_db()
    assert record.evidence == [{"start": 4, "end": 23}]  # offsets only, no text
    assert record.assistant_version == assistant_version(s.catalogue)
    assert record.assistant_version.startswith("katalog-1/engine-")
    assert record.decided_by == cast.nina_user and record.score == 0.77
    fb = StrengthFeedback.objects.get(story=story, strength=s)
    assert fb.source == S.SELF and (fb.evidence_start, fb.evidence_end) == (4, 23)
    assert AuditEvent.objects.filter(object_type="strengths.SuggestionDecision").exists()
    # accepting again logs the decision but adds no second feedback
    suggestion_decide(actor=cast.nina_user, story=story, strength=s, score=0.77,
                      evidence=[], decision="accepted")
    assert StrengthFeedback.objects.filter(story=story, strength=s).count() == 1
    assert SuggestionDecision.objects.count() == 2


def test_rejecting_a_suggestion_stores_no_feedback(cast, story):
    suggestion_decide(actor=cast.nina_user, story=story,
                      strength=strength(cast, "puenktlichkeit"), score=0.5,
                      evidence=[{"start": 0, "end": 3}], decision="rejected")
    assert SuggestionDecision.objects.get().decision == "rejected"
    assert not StrengthFeedback.objects.exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"decision": "maybe"}, "Übernehmen"),
    ({"score": 1.5}, "Ungültiger Vorschlag"),
    ({"score": "viel"}, "Ungültiger Vorschlag"),
    ({"evidence": [{"start": 10, "end": 5}]}, "markierte Stelle"),
    ({"evidence": [{"start": 0, "end": 100_000}]}, "markierte Stelle"),
    ({"evidence": [{"begin": 0}]}, "markierte Stelle"),
])
def test_invalid_decisions_are_refused(cast, story, kwargs, message):
    args = {"score": 0.5, "evidence": [], "decision": "accepted", **kwargs}
    with pytest.raises(FeedbackError, match=message):
        suggestion_decide(actor=cast.nina_user, story=story,
                          strength=strength(cast, "puenktlichkeit"), **args)
    assert not SuggestionDecision.objects.exists()


def test_only_the_writer_decides(cast, shared):
    with pytest.raises(FeedbackNotAllowedError):
        suggestion_decide(actor=cast.ali_user, story=shared,
                          strength=strength(cast, "puenktlichkeit"), score=0.5,
                          evidence=[], decision="accepted")
