import pytest
from django.utils import timezone

from neue_wege.privacy.models import Consent
from neue_wege.strengths import selectors
from neue_wege.strengths.models import Story, StrengthCatalogue, StrengthFeedback
from neue_wege.strengths.tests.views.profile_data import (
    QUOTE,
    build_profile_data,
    feedback,
    strength,
)
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):
    return build_profile_data(cast)


def labels(entries):
    return sorted(e.label for e in entries)


def test_profile_attributes_self_peers_and_facilitator(cast, data):
    profile = selectors.strength_profile(enrollment=cast.nina_enrollment)
    persistence = profile.entry("durchhaltevermoegen")
    assert persistence.self_named is True
    assert persistence.peer_count == 2
    assert persistence.peer_names == ["Ali"]  # first name only (issue 14)
    assert persistence.anonymous_peer_count == 1
    assert persistence.facilitator_names == []
    communication = profile.entry("kommunikationsfaehigkeit")
    assert communication.facilitator_names == ["Fatma Yılmaz"]
    assert communication.self_named is False and communication.peer_count == 0


def test_anonymous_peer_is_counted_without_name(cast, data):
    team = selectors.strength_profile(enrollment=cast.nina_enrollment).entry("teamfaehigkeit")
    assert team.peer_count == 1
    assert team.peer_names == []


def test_held_removed_and_others_feedback_are_left_out(cast, data):
    profile = selectors.strength_profile(enrollment=cast.nina_enrollment)
    keys = {e.key for e in profile.entries}
    assert keys == {"durchhaltevermoegen", "zuverlaessigkeit", "teamfaehigkeit",
                    "kommunikationsfaehigkeit"}
    # Ali's removed "Zuverlässigkeit" does not turn it into a shared strength.
    assert profile.entry("zuverlaessigkeit").peer_count == 0


def test_johari_quadrants(cast, data):
    profile = selectors.strength_profile(enrollment=cast.nina_enrollment)
    assert labels(profile.both) == ["Durchhaltevermögen"]
    assert labels(profile.self_only) == ["Zuverlässigkeit"]
    assert labels(profile.others_only) == ["Kommunikationsfähigkeit", "Teamfähigkeit"]
    assert profile.not_named_count == 56 - 4


def test_passages_come_from_evidence_or_story_title(cast, data):
    profile = selectors.strength_profile(enrollment=cast.nina_enrollment)
    passages = profile.entry("durchhaltevermoegen").passages
    # the peers' feedback without a marked passage adds nothing beside the quote
    assert [(p.story_title, p.quote) for p in passages] == [("Der Umzug", QUOTE)]
    garden = profile.entry("zuverlaessigkeit").passages
    assert [(p.story_title, p.quote) for p in garden] == [("Mein Garten", "")]


def test_title_only_passage_gives_way_to_a_quote(cast, data):
    text = data.garden.text
    feedback(data.garden, strength(cast, "zuverlaessigkeit"), StrengthFeedback.Source.PEER,
             cast.ali_user, cast.ali_enrollment, evidence_start=4, evidence_end=len(text) - 1)
    passages = selectors.strength_profile(enrollment=cast.nina_enrollment).entry(
        "zuverlaessigkeit").passages
    assert [(p.story_title, p.quote) for p in passages] == [
        ("Mein Garten", "gieße jeden Morgen die Beete")]


def test_evidence_beyond_the_text_falls_back_to_title(cast, data):
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Kurz", text="Kurz.")
    feedback(story, strength(cast, "mut"), StrengthFeedback.Source.SELF, cast.nina_user,
             evidence_start=2, evidence_end=400)
    passages = selectors.strength_profile(enrollment=cast.nina_enrollment).entry("mut").passages
    assert [(p.story_title, p.quote) for p in passages] == [("Kurz", "")]


def test_ali_profile_has_only_his_own_stories(cast, data):
    profile = selectors.strength_profile(enrollment=cast.ali_enrollment)
    assert [e.key for e in profile.entries] == ["humor"]
    assert profile.others_only[0].peer_count == 1


def test_feedback_on_older_catalogue_version_counts_for_same_strength(cast, data):
    old = StrengthCatalogue.objects.get(job_centre=cast.job_centre, number=1)
    new = StrengthCatalogue.objects.create(job_centre=cast.job_centre, number=2,
                                           valid_from=timezone.localdate(), change_note="neu")
    row = old.strengths.get(key="teamfaehigkeit")
    row.pk = None
    row.catalogue = new
    row.label = "Teamgeist"
    row.save()
    feedback(data.garden, row, StrengthFeedback.Source.SELF, cast.nina_user)
    entry = selectors.strength_profile(enrollment=cast.nina_enrollment).entry("teamfaehigkeit")
    assert entry.label == "Teamgeist"
    assert entry.self_named and entry.peer_count == 1


def test_profile_queries_are_bounded(cast, data):
    for number in range(30):
        story = Story.objects.create(enrollment=cast.nina_enrollment, title=f"G{number}",
                                     text="Text")
        feedback(story, strength(cast, "geduld"), StrengthFeedback.Source.PEER,
                 cast.ali_user, cast.ali_enrollment)
    with assert_max_queries(3):
        profile = selectors.strength_profile(enrollment=cast.nina_enrollment)
        [p.quote for e in profile.entries for p in e.passages]
    assert profile.entry("geduld").peer_count == 1
    assert len(profile.entry("geduld").passages) == 30


def test_participant_activity_counts(cast, data):
    rows = {e.client.first_name: e for e in
            selectors.participant_activity(user=cast.fatma, run=cast.run_a)}
    nina, ali, lea = rows["Nina"], rows["Ali"], rows["Lea"]
    assert (nina.written_count, nina.shared_count) == (2, 1)
    # received: Ali x2 (visible), Lea x2 (one held), Fatma x1; Ali's removed one not counted
    assert nina.received_count == 5
    assert nina.given_count == 1  # "Humor" for Ali; her self feedback does not count
    assert (ali.written_count, ali.shared_count, ali.given_count) == (1, 1, 2)
    assert ali.received_count == 1
    assert (lea.written_count, lea.given_count, lea.received_count) == (0, 2, 0)
    assert not nina.export_allowed


def test_participant_activity_shows_export_consent(cast, data):
    Consent.objects.create(client=cast.nina, purpose=Consent.Purpose.EXPORT_PROFILE,
                           object_type="clients.Enrollment",
                           object_id=str(cast.nina_enrollment.pk), wording="Ja")
    rows = {e.client.first_name: e for e in
            selectors.participant_activity(user=cast.fatma, run=cast.run_a)}
    assert rows["Nina"].export_allowed and not rows["Ali"].export_allowed


def test_participant_activity_is_one_query(cast, data):
    with assert_max_queries(1):
        list(selectors.participant_activity(user=cast.fatma, run=cast.run_a))


@pytest.mark.parametrize("name", ["jonas", "karl", "maria", "admin", "olga"])
def test_participant_activity_empty_for_others(cast, data, name):
    user = getattr(cast, name)
    assert list(selectors.participant_activity(user=user, run=cast.run_a)) == []


def test_held_feedback_queue(cast, data):
    assert list(selectors.held_feedback(user=cast.fatma, run=cast.run_a)) == [data.held]
    assert list(selectors.held_feedback(user=cast.jonas, run=cast.run_a)) == []


def test_run_shared_stories_with_feedback_bounded(cast, data):
    with assert_max_queries(2):
        stories = list(selectors.run_shared_stories(user=cast.fatma, run=cast.run_a))
        shown = {s.title: sorted(f.strength.label for f in s.shown_feedback) for s in stories}
    assert set(shown) == {"Der Umzug", "Fußballtraining"}  # the private garden is not shared
    assert "Hilfsbereitschaft" in shown["Der Umzug"]  # held: the facilitator sees it
    assert shown["Der Umzug"].count("Zuverlässigkeit") == 0  # removed is left out
    assert shown["Fußballtraining"] == ["Humor"]
