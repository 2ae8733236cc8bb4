"""Role rules that used to live outside the access package (issue 10), now asked of it:
the feedback on a story's page, the rectification link of a request, the staff accounts an
administrator manages, the referral list in the navigation, the participant gate."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from neue_wege.dashboards.context_processors import navigation
from neue_wege.organisation.exceptions import AccountError
from neue_wege.organisation.forms import STAFF_ROLE_CHOICES
from neue_wege.organisation.models import User
from neue_wege.organisation.services import user_deactivate
from neue_wege.privacy import access
from neue_wege.privacy.subject_rights import request_record
from neue_wege.strengths.models import StrengthFeedback
from neue_wege.strengths.services.feedback import feedback_remove
from neue_wege.testing.programme_space import build_programme_space

pytestmark = pytest.mark.django_db
Status = StrengthFeedback.Status


@pytest.fixture
def shared_story(cast):  # noqa: ANN001, ANN201
    ids = build_programme_space(cast)
    return access.access_story(cast.nina_user, ids["story_id"][0])


def _statuses(user, story) -> list[str]:  # noqa: ANN001
    return sorted(fb.status for fb in access.story_feedback_for(user, story))


def test_story_feedback_writer_sees_visible_giver_also_held_facilitator_all_but_removed(
        cast, shared_story):  # noqa: ANN001
    assert _statuses(cast.nina_user, shared_story) == [Status.VISIBLE]
    assert _statuses(cast.ali_user, shared_story) == sorted([Status.HELD, Status.VISIBLE])
    assert _statuses(cast.fatma, shared_story) == sorted([Status.HELD, Status.VISIBLE])
    for outsider in (cast.karl, cast.jonas, cast.sven_user, cast.admin):
        assert _statuses(outsider, shared_story) == []
    held = StrengthFeedback.objects.get(story=shared_story, status=Status.HELD)
    feedback_remove(actor=cast.fatma, feedback=held, reason="verletzend")
    assert _statuses(cast.fatma, shared_story) == [Status.VISIBLE]
    assert _statuses(cast.ali_user, shared_story) == [Status.VISIBLE]


def test_story_page_shows_the_giver_their_held_feedback_but_not_the_writer(
        cast, login, shared_story):  # noqa: ANN001
    url = reverse("portal:story-detail", args=[shared_story.pk])
    held = StrengthFeedback.objects.get(story=shared_story, status=Status.HELD)
    assert held.note in login(cast.ali_user).get(url).content.decode()
    assert held.note not in login(cast.nina_user).get(url).content.decode()


@pytest.mark.parametrize("kind, user, expected", [
    ("rectification", "karl", True),
    ("access", "karl", False),
    ("rectification", "admin", False),
    ("rectification", "petra", False),
])
def test_rectification_link_only_for_the_clients_own_case_manager(
        cast, login, kind, user, expected):  # noqa: ANN001
    dsr = request_record(actor=cast.karl, client=cast.nina, kind=kind,
                         received_on=timezone.localdate())
    viewer = getattr(cast, user)
    assert access.can_rectify_from_request(viewer, dsr) is expected
    response = login(viewer).get(reverse("privacy:request-detail", args=[dsr.pk]))
    if user == "petra":  # another caseload: the request does not exist for her
        assert response.status_code == 404
        return
    link = reverse("clients:client-update", args=[cast.nina.pk])
    assert (link in response.content.decode()) is expected


def test_administrator_manages_only_staff_accounts_of_own_job_centre(cast) -> None:  # noqa: ANN001
    assert access.is_managed_account(cast.admin, cast.fatma)
    assert not access.is_managed_account(cast.admin, cast.nina_user)  # portal account
    assert not access.is_managed_account(cast.admin, cast.olga)  # other job centre
    assert not access.is_managed_account(cast.fatma, cast.jonas)  # not an administrator
    with pytest.raises(AccountError):
        user_deactivate(actor=cast.admin, user=cast.olga)
    with pytest.raises(AccountError):
        user_deactivate(actor=cast.fatma, user=cast.jonas)


@pytest.mark.parametrize("user, listed", [
    ("karl", True), ("fatma", True), ("maria", False), ("admin", False), ("nina_user", False),
])
def test_navigation_lists_referrals_for_whom_the_access_rules_allow(cast, user, listed):  # noqa: ANN001
    request = RequestFactory().get("/")
    request.user = getattr(cast, user)
    urls = [item["url"] for item in navigation(request)["nav_items"]]
    assert (reverse("clients:referral-list") in urls) is listed
    assert access.can_list_referrals(request.user) is listed


def test_participant_gate_lives_in_the_access_package(cast) -> None:  # noqa: ANN001
    @access.participant_required
    def page(request):  # noqa: ANN001, ANN202
        return request.portal_enrollment

    request = RequestFactory().get("/")
    request.user = cast.nina_user
    assert page(request) == cast.nina_enrollment
    request.user = cast.fatma
    with pytest.raises(Http404):
        page(request)


@pytest.mark.parametrize("user, shown", [("karl", True), ("fatma", False)])
def test_released_section_on_the_client_page_only_for_the_own_case_manager(
        cast, login, user, shown):  # noqa: ANN001
    viewer = getattr(cast, user)
    response = login(viewer).get(reverse("clients:client-detail", args=[cast.nina.pk]))
    assert response.status_code == 200
    assert ("Von der Person freigegeben" in response.content.decode()) is shown
    assert access.can_change_client(viewer, cast.nina) is shown


def test_account_form_offers_the_staff_roles_of_the_access_table_in_order() -> None:
    assert [value for value, _label in STAFF_ROLE_CHOICES] == [
        "facilitator", "case_manager", "management", "administrator"]
    assert tuple(access.STAFF_ROLES) == tuple(User.Role(v) for v, _ in STAFF_ROLE_CHOICES)
