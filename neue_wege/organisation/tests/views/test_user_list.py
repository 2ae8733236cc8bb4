import pytest
from django.urls import reverse

from neue_wege.organisation.models import User
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.assertions import assert_max_queries
from neue_wege.testing.personas import make_user

pytestmark = pytest.mark.django_db
URL = reverse("organisation:user-list")


def test_admin_sees_staff_accounts_of_own_job_centre(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "Benutzerkonten</h1>" in body
    for name in ("Yılmaz, Fatma", "Böing, Karl", "Hüsken, Maria", "Admin, Anna"):
        assert name in body
    assert "Fallmanagement" in body and "Projektleitung / Coach" in body
    assert "7 Benutzerkonten gefunden" not in body  # olga belongs to another job centre
    assert "6 Benutzerkonten gefunden" in body


def test_other_job_centre_and_participants_are_not_listed(cast, login, participant_account):
    body = login(cast.admin).get(URL).content.decode()
    assert "Fremd" not in body
    assert "nina.portal" not in body


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_participant_gets_403(cast, login, participant_account):
    assert login(participant_account).get(URL).status_code == 403


def test_admin_of_other_job_centre_sees_only_own_accounts(cast, login, other_admin):
    body = login(other_admin).get(URL).content.decode()
    assert "Anders, Otto" in body and "Fremd, Olga" in body
    assert "Yılmaz" not in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_gets_405(cast, login):
    assert login(cast.admin).post(URL).status_code == 405


def test_search_filters_by_name(cast, login):
    body = login(cast.admin).get(URL, {"q": "böi"}).content.decode()
    assert "Böing, Karl" in body
    assert "Yılmaz" not in body


def test_filter_by_role(cast, login):
    body = login(cast.admin).get(URL, {"role": "case_manager"}).content.decode()
    assert "Böing, Karl" in body and "Schulte, Petra" in body
    assert "Yılmaz" not in body and "Hüsken" not in body


def test_filter_by_active(cast, login):
    User.objects.filter(pk=cast.jonas.pk).update(is_active=False)
    client = login(cast.admin)
    inactive = client.get(URL, {"active": "0"}).content.decode()
    assert "Terhorst, Jonas" in inactive and "Yılmaz" not in inactive
    active = client.get(URL, {"active": "1"}).content.decode()
    assert "Terhorst" not in active and "Yılmaz, Fatma" in active


def test_invalid_filter_keeps_the_search_text(cast, login):
    body = login(cast.admin).get(URL, {"q": "Karl", "role": "kaiser"}).content.decode()
    assert 'value="Karl"' in body
    assert "Auswahl" in body  # German "select a valid choice" message


def test_sort_by_name_descending(cast, login):
    body = login(cast.admin).get(URL, {"sort": "-name"}).content.decode()
    assert body.index("Yılmaz, Fatma") < body.index("Admin, Anna")
    assert 'aria-sort="descending"' in body


def test_htmx_request_gets_only_the_table(cast, login):
    response = login(cast.admin).get(URL, {"q": "Karl"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Böing, Karl" in body
    assert "<html" not in body and "<h1" not in body


def test_listing_is_logged(cast, login):
    login(cast.admin).get(URL, {"q": "Karl"})
    assert AuditEvent.objects.filter(actor=cast.admin, action="view",
                                     object_type="organisation.User",
                                     object_id=str(cast.karl.pk)).exists()


def test_many_accounts_paginate_with_bounded_queries(cast, login, settings):
    for number in range(60):
        make_user(f"person{number:02d}", User.Role.CASE_MANAGER, cast.job_centre,
                  "Person", f"Nachname{number:02d}")
    client = login(cast.admin)
    client.get(URL)  # warm up session and content types
    with assert_max_queries(12):
        response = client.get(URL, {"page": 2})
    body = response.content.decode()
    assert "Seite 2 von 3" in body
    assert 'aria-current="page"' in body
    assert "66 Benutzerkonten gefunden" in body
