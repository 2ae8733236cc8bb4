import pytest
from django.urls import reverse

from neue_wege.clients.models import Client
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(client):
    return reverse("clients:client-update", args=[client.pk])


def data_of(client, **changes):
    data = {
        "case_number": client.case_number, "first_name": client.first_name,
        "last_name": client.last_name, "date_of_birth": client.date_of_birth.isoformat(),
        "gender": client.gender, "municipality": str(client.municipality_id),
        "phone": client.phone, "email": client.email,
        "benefit_since": client.benefit_since.isoformat(), "children": client.children,
        "german_level": client.german_level, "qualification": client.qualification,
    }
    data.update(changes)
    return data


def test_case_manager_sees_the_form_in_german(cast, login):
    response = login(cast.karl).get(url(cast.nina))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nina Kemper bearbeiten" in html and 'value="BOR-0001"' in html


def test_case_manager_saves_changes(cast, login):
    response = login(cast.karl).post(url(cast.nina), data_of(cast.nina, phone="0171 555",
                                                             municipality=str(cast.gronau.pk)))
    assert response.status_code == 302
    nina = Client.objects.get(pk=cast.nina.pk)
    assert nina.phone == "0171 555" and nina.municipality == cast.gronau
    assert nina.case_manager == cast.karl
    assert AuditEvent.objects.filter(action="change", object_id=str(nina.pk)).exists()


def test_keeping_the_own_case_number_is_not_a_duplicate(cast, login):
    response = login(cast.karl).post(url(cast.nina), data_of(cast.nina, last_name="Kemper-Ost"))
    assert response.status_code == 302
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper-Ost"


def test_facilitator_may_read_but_not_edit(cast, login):
    c = login(cast.fatma)
    assert c.get(url(cast.nina)).status_code == 403
    assert c.post(url(cast.nina), data_of(cast.nina, phone="1")).status_code == 403
    assert Client.objects.get(pk=cast.nina.pk).phone == ""


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name):
    c = login(getattr(cast, name))
    assert c.get(url(cast.nina)).status_code == 404
    assert c.post(url(cast.nina), data_of(cast.nina, phone="1")).status_code == 404


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.karl).get(reverse("clients:client-update", args=[random_id])
                                ).status_code == 404


def test_delete_is_405(cast, login):
    assert login(cast.karl).delete(url(cast.nina)).status_code == 405


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.karl).post(url(cast.nina), data_of(
        cast.nina, case_number="BOR-0002", email="keine-mail", last_name="Neuname"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "bereits vergeben" in html and "gültige E-Mail" in html
    assert 'value="keine-mail"' in html and 'value="Neuname"' in html
    assert "Nina Kemper bearbeiten" in html  # the heading keeps the saved name
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"
