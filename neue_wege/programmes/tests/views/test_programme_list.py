
import pytest
from django.urls import reverse

from neue_wege.programmes.models import Programme
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("programmes:programme-list")


def test_staff_see_programmes_with_current_version(cast, login):
    response = login(cast.karl).get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Stärken entdecken" in text and "Version 1 (seit" in text
    assert "Neues Projekt anlegen" not in text  # case managers read only


def test_facilitator_and_admin_see_create_button(cast, login):
    assert "Neues Projekt anlegen" in login(cast.fatma).get(URL).content.decode()
    assert "Neues Projekt anlegen" in login(cast.admin).get(URL).content.decode()


def test_every_staff_persona_may_read(check_personas):
    check_personas(URL, {"fatma": 200, "jonas": 200, "karl": 200, "petra": 200, "maria": 200,
                         "admin": 200, "olga": 200})


def test_other_job_centre_sees_none_of_ours(cast, login):
    assert "Stärken entdecken" not in login(cast.olga).get(URL).content.decode()


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(URL).status_code == 405


def test_queries_bounded_with_many_programmes(cast, login):
    Programme.objects.bulk_create(Programme(job_centre=cast.job_centre, name=f"Projekt {i:03}")
                                  for i in range(60))
    client = login(cast.maria)
    with assert_max_queries(10):
        response = client.get(URL, {"page": 2})
    assert response.status_code == 200
    text = response.content.decode()
    assert sum(f"Projekt {i:03}" in text for i in range(60)) >= 23  # the rows were rendered
