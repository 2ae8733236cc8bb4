import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Client
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("clients:client-create")


def valid_data(cast, **changes):
    data = {
        "case_number": "BOR-0777", "first_name": "Jana", "last_name": "Wessels",
        "date_of_birth": "1991-04-12", "gender": "f", "municipality": str(cast.bocholt.pk),
        "phone": "02871 12345", "email": "", "benefit_since": "2022-03-01",
        "children": "2", "german_level": "B2", "qualification": "vocational",
        "single_parent": "on",
    }
    data.update(changes)
    return data


def test_form_is_in_german(cast, login):
    response = login(cast.karl).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kund:in anlegen" in html and "Kundennummer" in html and "Geburtsdatum" in html
    assert 'type="date"' in html


def test_case_manager_creates_a_client_and_owns_it(cast, login):
    response = login(cast.karl).post(URL, valid_data(cast))
    client = Client.objects.get(case_number="BOR-0777")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:client-detail", args=[client.pk])
    assert client.case_manager == cast.karl
    assert client.job_centre == cast.job_centre
    assert client.single_parent and client.children == 2
    assert client.date_of_birth == dt.date(1991, 4, 12)
    assert AuditEvent.objects.filter(action="create", object_id=str(client.pk)).exists()
    follow = login(cast.karl).get(response["Location"]).content.decode()
    assert "wurde angelegt" in follow


@pytest.mark.parametrize("name", ["fatma", "jonas", "maria", "admin", "olga"])
def test_staff_who_do_not_refer_get_403(cast, login, name):
    c = login(getattr(cast, name))
    assert c.get(URL).status_code == 403
    assert c.post(URL, valid_data(cast)).status_code == 403
    assert not Client.objects.filter(case_number="BOR-0777").exists()


def test_put_is_405(cast, login):
    assert login(cast.karl).put(URL).status_code == 405


def test_invalid_input_keeps_values_and_shows_german_errors(cast, login):
    data = valid_data(cast, date_of_birth="31.02.1990", first_name="Jana-Maria",
                      case_number="BOR-0001")  # Nina's number is taken
    response = login(cast.karl).post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte korrigieren Sie die 2 markierten Angaben." in html
    assert "Diese Kundennummer ist im Jobcenter bereits vergeben." in html
    assert "gültiges Datum" in html
    assert 'value="Jana-Maria"' in html and 'value="02871 12345"' in html
    assert Client.objects.filter(first_name="Jana-Maria").count() == 0


def test_same_case_number_in_another_job_centre_is_fine(cast, login):
    # Sven's number exists in Borken; a fresh number of this format is taken only per centre.
    Client.objects.filter(pk=cast.sven.pk).update(job_centre=cast.other_job_centre)
    response = login(cast.karl).post(URL, valid_data(cast, case_number="BOR-0003"))
    assert response.status_code == 302


def test_a_child_cannot_be_a_client_and_benefits_cannot_start_in_the_future(cast, login):
    today = timezone.localdate()
    data = valid_data(cast, date_of_birth=str(today.replace(year=today.year - 10)),
                      benefit_since=str(today + dt.timedelta(days=30)))
    html = login(cast.karl).post(URL, data).content.decode()
    assert "mindestens 15 Jahre alt" in html
    assert "nicht in der Zukunft" in html


def test_benefits_cannot_start_before_birth(cast, login):
    html = login(cast.karl).post(URL, valid_data(cast, benefit_since="1980-01-01")
                                 ).content.decode()
    assert "nicht vor der Geburt" in html


def test_markup_is_escaped(cast, login):
    html = login(cast.karl).post(URL, valid_data(cast, first_name="<script>alert(1)</script>",
                                                 case_number="!!")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
