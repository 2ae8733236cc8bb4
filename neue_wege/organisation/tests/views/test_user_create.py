import pytest
from django.urls import reverse

from neue_wege.organisation.models import User
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("organisation:user-create")
GOOD_PASSWORD = "Lange-Sommerwiese-zu-Borken"


def form_data(cast, **changes):
    data = {"username": "hanna", "first_name": "Hanna", "last_name": "Lütkebohmert",
            "email": "hanna@example.org", "role": "case_manager",
            "home_location": str(cast.location.pk), "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD}
    data.update(changes)
    return data


def test_form_shows_german_labels(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Benutzerkonto anlegen</h1>" in body
    for label in ("Benutzername", "Vorname", "Nachname", "Rolle", "Dienstort",
                  "Passwort wiederholen"):
        assert label in body
    assert "Teilnehmende:r" not in body  # no portal accounts from here
    assert body.index('name="home_location"') < body.index('name="password1"')


def test_admin_creates_staff_account_that_can_log_in(cast, login, client):
    response = login(cast.admin).post(URL, form_data(cast))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:user-list")
    account = User.objects.get(username="hanna")
    assert account.job_centre == cast.job_centre
    assert account.role == User.Role.CASE_MANAGER
    assert account.home_location == cast.location
    assert account.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(actor=cast.admin, action="create",
                                     object_id=str(account.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Das Benutzerkonto „hanna“ ist angelegt." in page
    assert GOOD_PASSWORD not in page
    client.logout()
    assert client.login(username="hanna", password=GOOD_PASSWORD)


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_403(cast, login, name):
    client = login(getattr(cast, name))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(cast)).status_code == 403
    assert not User.objects.filter(username="hanna").exists()


def test_anonymous_is_sent_to_login(client, cast):
    response = client.post(URL, form_data(cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not User.objects.filter(username="hanna").exists()


def test_put_gets_405(cast, login):
    assert login(cast.admin).put(URL).status_code == 405


def test_weak_password_is_refused_and_other_input_kept(cast, login):
    data = form_data(cast, password1="12345678", password2="12345678")
    response = login(cast.admin).post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "zu kurz" in body  # Django's German "Dieses Passwort ist zu kurz."
    assert 'value="hanna"' in body and 'value="Lütkebohmert"' in body
    assert 'value="hanna@example.org"' in body
    assert 'value="12345678"' not in body  # passwords are never echoed back
    assert not User.objects.filter(username="hanna").exists()


def test_password_like_the_name_is_refused(cast, login):
    data = form_data(cast, username="luetkebohmert", password1="luetkebohmert1",
                     password2="luetkebohmert1")
    body = login(cast.admin).post(URL, data).content.decode()
    assert "zu ähnlich" in body
    assert not User.objects.filter(username="luetkebohmert").exists()


def test_different_passwords_are_refused(cast, login):
    data = form_data(cast, password2=GOOD_PASSWORD + "x")
    body = login(cast.admin).post(URL, data).content.decode()
    assert "stimmen nicht überein" in body
    assert not User.objects.filter(username="hanna").exists()


def test_taken_username_is_refused_whatever_the_case(cast, login):
    body = login(cast.admin).post(URL, form_data(cast, username="KARL")).content.decode()
    assert "Diesen Benutzernamen gibt es schon." in body
    assert User.objects.filter(username__iexact="karl").count() == 1


def test_participant_role_cannot_be_chosen(cast, login):
    body = login(cast.admin).post(URL, form_data(cast, role="participant")).content.decode()
    assert "Auswahl" in body
    assert not User.objects.filter(username="hanna").exists()


def test_location_of_other_job_centre_cannot_be_chosen(cast, login):
    from neue_wege.organisation.models import Location

    foreign = Location.objects.create(job_centre=cast.other_job_centre, name="Rheine",
                                      municipality=cast.gronau)
    data = form_data(cast, home_location=str(foreign.pk))
    body = login(cast.admin).post(URL, data).content.decode()
    assert "Auswahl" in body
    assert not User.objects.filter(username="hanna").exists()


def test_missing_names_show_german_errors(cast, login):
    body = login(cast.admin).post(URL, form_data(cast, first_name="", last_name="")
                                  ).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in body
    assert 'aria-invalid="true"' in body
