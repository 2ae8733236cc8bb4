import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("organisation:location-create")


def form_data(cast, **changes):
    data = {"name": "Stadtteilbüro Gronau", "kind": "mobile",
            "municipality": str(cast.gronau.pk), "address": "Enscheder Straße 2, 48599 Gronau"}
    data.update(changes)
    return data


def test_form_in_german(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Standort anlegen</h1>" in body
    assert "Kommune" in body and "Ort für mobile Angebote" in body


def test_admin_creates_mobile_venue(cast, login):
    response = login(cast.admin).post(URL, form_data(cast))
    assert response.status_code == 302
    venue = Location.objects.get(name="Stadtteilbüro Gronau")
    assert venue.job_centre == cast.job_centre
    assert venue.kind == Location.Kind.MOBILE_VENUE
    assert venue.municipality == cast.gronau
    assert venue.is_active
    assert AuditEvent.objects.filter(actor=cast.admin, action="create",
                                     object_id=str(venue.pk)).exists()
    page = login(cast.admin).get(response["Location"]).content.decode()
    assert "Der Standort „Stadtteilbüro Gronau“ ist angelegt." in page


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_403(cast, login, name):
    client = login(getattr(cast, name))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(cast)).status_code == 403
    assert not Location.objects.filter(name="Stadtteilbüro Gronau").exists()


def test_anonymous_is_sent_to_login(cast, client):
    assert client.post(URL, form_data(cast))["Location"].startswith(reverse("login"))
    assert not Location.objects.filter(name="Stadtteilbüro Gronau").exists()


def test_patch_gets_405(cast, login):
    assert login(cast.admin).patch(URL).status_code == 405


def test_duplicate_name_is_refused_and_input_kept(cast, login):
    response = login(cast.admin).post(URL, form_data(cast, name="bocholt"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Einen Standort mit diesem Namen gibt es schon." in body
    assert 'value="bocholt"' in body and "Enscheder Straße 2" in body
    assert Location.objects.filter(job_centre=cast.job_centre).count() == 1


def test_same_name_as_other_job_centre_is_fine(cast, login):
    Location.objects.create(job_centre=cast.other_job_centre, name="Stadtteilbüro Gronau",
                            municipality=cast.gronau)
    assert login(cast.admin).post(URL, form_data(cast)).status_code == 302
    assert Location.objects.filter(name="Stadtteilbüro Gronau").count() == 2


def test_missing_fields_show_german_errors(cast, login):
    body = login(cast.admin).post(URL, form_data(cast, name="", municipality="")
                                  ).content.decode()
    assert body.count("Dieses Feld ist zwingend erforderlich.") == 2
    assert "Enscheder Straße 2" in body
