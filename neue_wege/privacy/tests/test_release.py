"""Release to the case manager: only what the participant releases, only while released."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy import release_content, releases
from neue_wege.privacy.consents import ConsentError
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import Story, Strength, StrengthFeedback

pytestmark = pytest.mark.django_db
KEY = "strength_profile"


def _item_url(client, key: str = KEY) -> str:  # noqa: ANN001
    return reverse("privacy:released-item", args=[client.pk, key])


@pytest.fixture
def nina_profile(cast):  # noqa: ANN001, ANN201
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Mein Garten",
                                 text="Geheimer Satz über meinen Garten.",
                                 visibility=Story.Visibility.GROUP)
    strength = Strength.objects.filter(catalogue__job_centre=cast.job_centre).first()
    StrengthFeedback.objects.create(story=story, strength=strength, source="self",
                                    given_by=cast.nina_user, note="Private Notiz")
    return strength


def test_before_release_the_case_manager_gets_404_and_no_section(cast, login, nina_profile):
    client = login(cast.karl)
    assert client.get(_item_url(cast.nina)).status_code == 404
    body = client.get(reverse("clients:client-detail", args=[cast.nina.pk])).content.decode()
    assert "Von der Person freigegeben" in body
    assert _item_url(cast.nina) not in body


def test_released_profile_is_visible_read_only_and_each_read_is_logged(cast, login,
                                                                       nina_profile):
    consent = releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    assert consent.recipient == cast.karl
    assert consent.wording.startswith("Ich gebe mein Stärkenprofil")
    assert consent.wording_version
    client = login(cast.karl)
    detail = client.get(reverse("clients:client-detail", args=[cast.nina.pk])).content.decode()
    assert _item_url(cast.nina) in detail
    response = client.get(_item_url(cast.nina))
    assert response.status_code == 200
    body = response.content.decode()
    assert nina_profile.label in body
    # Purpose separation: no story text, no feedback note, no form to change anything.
    assert "Geheimer Satz" not in body and "Private Notiz" not in body
    assert 'method="post"' not in body.split("<main", 1)[1].split("</main>", 1)[0]
    event = AuditEvent.objects.filter(actor=cast.karl, object_type="strengths.StrengthProfile",
                                      client_id=cast.nina.pk).get()
    assert event.reason == f"Freigabe an das Fallmanagement ({consent.pk})"


def test_withdrawal_takes_effect_at_once(cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    client = login(cast.karl)
    assert client.get(_item_url(cast.nina)).status_code == 200
    releases.release_withdraw(actor=cast.nina_user, client=cast.nina, key=KEY)
    assert client.get(_item_url(cast.nina)).status_code == 404
    consent = Consent.objects.get(client=cast.nina, purpose=releases.RELEASE)
    assert consent.withdrawn_at is not None  # the record stays


@pytest.mark.parametrize("who", ["petra", "fatma", "maria", "admin", "olga", "ali_user"])
def test_nobody_else_sees_the_released_item(cast, login, nina_profile, who):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    assert login(getattr(cast, who)).get(_item_url(cast.nina)).status_code == 404


def test_guessed_ids_and_unknown_items_are_404(cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    client = login(cast.karl)
    assert client.get(_item_url(cast.nina, "stories")).status_code == 404
    assert client.get(reverse("privacy:released-item",
                              args=[uuid.uuid4(), KEY])).status_code == 404
    # Ali (Karl's client too) released nothing.
    assert client.get(_item_url(cast.ali)).status_code == 404


def test_a_new_case_manager_sees_nothing_until_released_again(cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    type(cast.nina).objects.filter(pk=cast.nina.pk).update(case_manager=cast.petra)
    assert login(cast.petra).get(_item_url(cast.nina)).status_code == 404


def test_only_the_person_releases(cast):
    with pytest.raises(ConsentError):
        releases.release_give(actor=cast.karl, client=cast.nina, key=KEY)
    with pytest.raises(ConsentError):
        releases.release_give(actor=cast.ali_user, client=cast.nina, key=KEY)
    with pytest.raises(ConsentError):
        releases.release_give(actor=cast.nina_user, client=cast.nina, key="stories")


def test_portal_page_releases_and_withdraws(cast, login, nina_profile):
    client = login(cast.nina_user)
    page = client.get(reverse("portal:releases"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Freigaben an das Fallmanagement" in body and "Karl Böing" in body
    assert "nicht freigegeben" in body
    url = reverse("portal:release-change", args=[KEY])
    response = client.post(url, {"action": "give"}, follow=True)
    assert "ist jetzt freigegeben" in response.content.decode()
    assert Consent.objects.filter(client=cast.nina, withdrawn_at__isnull=True,
                                  purpose=releases.RELEASE).count() == 1
    response = client.post(url, {"action": "withdraw"}, follow=True)
    assert "ab sofort nicht mehr zu sehen" in response.content.decode()
    assert not Consent.objects.filter(client=cast.nina, withdrawn_at__isnull=True,
                                      purpose=releases.RELEASE).exists()
    assert client.post(url, {"action": "explode"}).status_code == 302
    assert client.post(reverse("portal:release-change", args=["stories"]),
                       {"action": "give"}).status_code == 404


def test_staff_cannot_use_the_portal_release_pages(cast, login):
    assert login(cast.karl).get(reverse("portal:releases")).status_code == 404


# --- items of the participant's path (orientation) ------------------------------------------------
@pytest.fixture
def nina_path(cast):  # noqa: ANN001, ANN201
    from neue_wege.orientation.services import pathway

    nina, enrollment = cast.nina_user, cast.nina_enrollment
    pathway.vision_save(actor=nina, enrollment=enrollment, what="Alte Fassung im Büro")
    pathway.vision_save(actor=nina, enrollment=enrollment, what="In der Pflege arbeiten",
                        why="Ich helfe gern.")
    pathway.obstacle_add(actor=nina, enrollment=enrollment, kind="health",
                         details="Rückenschmerzen beim Heben.")
    pathway.step_add(actor=nina, enrollment=enrollment,
                     description="Praktikum im Pflegeheim anfragen", due_on=None)


def test_released_vision_shows_only_the_current_version(cast, login, nina_path):
    assert login(cast.karl).get(_item_url(cast.nina, "vision")).status_code == 404
    releases.release_give(actor=cast.nina_user, client=cast.nina, key="vision")
    body = login(cast.karl).get(_item_url(cast.nina, "vision")).content.decode()
    assert "In der Pflege arbeiten" in body and "Ich helfe gern." in body
    assert "Alte Fassung" not in body
    assert "Rückenschmerzen" not in body  # obstacles are never released


def test_released_next_steps_are_shown_and_nothing_else(cast, login, nina_path):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key="next_steps")
    client = login(cast.karl)
    body = client.get(_item_url(cast.nina, "next_steps")).content.decode()
    assert "Praktikum im Pflegeheim anfragen" in body
    assert "Rückenschmerzen" not in body and "In der Pflege arbeiten" not in body
    assert client.get(_item_url(cast.nina, "vision")).status_code == 404
    assert client.get(_item_url(cast.nina, "obstacles")).status_code == 404


def test_the_participant_sees_that_the_case_manager_read_the_release(cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    login(cast.karl).get(_item_url(cast.nina))
    body = login(cast.nina_user).get(reverse("privacy:my-access-log")).content.decode()
    assert "<strong>Karl Böing</strong> (Fallmanagement) hat angesehen: Ihr Stärkenprofil" in body


# --- the content registry (privacy.release_content) ----------------------------------------------
def test_each_release_item_gets_its_content_from_the_app_that_owns_the_data() -> None:
    owners = {key: release_content._BUILDERS[key].__module__ for key in releases.RELEASE_ITEMS}
    assert owners == {"strength_profile": "neue_wege.strengths.personal_data",
                      "next_steps": "neue_wege.orientation.personal_data",
                      "vision": "neue_wege.orientation.personal_data"}
    assert [item.key for item in releases.available_items()] == list(releases.RELEASE_ITEMS)


def test_an_item_without_registered_content_is_not_offered(cast, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delitem(release_content._BUILDERS, "vision")
    assert releases.item_for("vision") is None
    assert "vision" not in [state.item.key for state in releases.releases_of(cast.nina)]
    with pytest.raises(ConsentError):
        releases.release_give(actor=cast.nina_user, client=cast.nina, key="vision")


# --- issue 11, point 8: a release belongs to one recipient -------------------------------------
def _change_case_manager(cast, to):  # noqa: ANN001, ANN202
    from neue_wege.clients.services import client_case_manager_change

    client_case_manager_change(actor=cast.admin, client=cast.nina, case_manager=to)
    cast.nina.refresh_from_db()


def test_a_change_of_case_manager_ends_the_release_also_after_a_change_back(
        cast, login, nina_profile):
    consent = releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    _change_case_manager(cast, cast.petra)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.end_reason == Consent.EndReason.CASE_MANAGER_CHANGED
    assert AuditEvent.objects.filter(object_type="privacy.Consent", object_id=str(consent.pk),
                                     reason=releases.CHANGE_REASON).exists()
    assert login(cast.petra).get(_item_url(cast.nina)).status_code == 404
    _change_case_manager(cast, cast.karl)
    # Back with Karl: the old release does not come back to life.
    assert login(cast.karl).get(_item_url(cast.nina)).status_code == 404
    assert releases.released_to(cast.karl, cast.nina) == []


def test_after_a_change_the_participant_can_release_to_the_new_case_manager(
        cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    _change_case_manager(cast, cast.petra)
    consent = releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    assert consent.recipient == cast.petra
    assert login(cast.petra).get(_item_url(cast.nina)).status_code == 200


def test_a_release_left_over_from_before_the_rule_does_not_block_a_new_one(
        cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    # A change made outside the service (as before the fix): the old row is still in force.
    type(cast.nina).objects.filter(pk=cast.nina.pk).update(case_manager=cast.petra)
    cast.nina.refresh_from_db()
    consent = releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    assert consent.recipient == cast.petra
    assert Consent.objects.filter(client=cast.nina, purpose=releases.RELEASE,
                                  withdrawn_at__isnull=True).get() == consent


def test_the_participant_is_told_that_the_change_ended_the_release(cast, login, nina_profile):
    releases.release_give(actor=cast.nina_user, client=cast.nina, key=KEY)
    _change_case_manager(cast, cast.petra)
    portal = login(cast.nina_user)
    body = portal.get(reverse("portal:releases")).content.decode()
    assert "Ihr Fallmanagement hat gewechselt." in body
    assert "Mein Stärkenprofil (an Karl Böing, beendet am" in body
    assert "Wechsel des Fallmanagements" in body  # in the history table
    portal.post(reverse("portal:release-change", args=[KEY]), {"action": "give"})
    assert "Ihr Fallmanagement hat gewechselt." not in portal.get(
        reverse("portal:releases")).content.decode()


def test_only_a_case_manager_of_the_same_job_centre_takes_over(cast):
    from neue_wege.clients.services import client_case_manager_change
    from neue_wege.core.exceptions import DomainError

    for other in (cast.fatma, cast.olga):
        with pytest.raises(DomainError, match="Fallmanager dieses Jobcenters"):
            client_case_manager_change(actor=cast.admin, client=cast.nina, case_manager=other)
    cast.nina.refresh_from_db()
    assert cast.nina.case_manager == cast.karl
