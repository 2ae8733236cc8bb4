import uuid

import pytest
from django.urls import reverse

from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db


def url(run_id):
    return reverse("programmes:run-update", args=[run_id])


def data(cast, **extra):
    run = cast.run_a
    values = {"programme_version": str(cast.version.pk), "title": "Stärken entdecken A (neu)",
              "location": str(cast.location.pk), "capacity": "14",
              "starts_on": run.starts_on.isoformat(), "ends_on": run.ends_on.isoformat(),
              "status": "running", "tg-age_min": "25", "tg-age_max": "60",
              "tg-health_limits_welcome": "on"}
    values.update(extra)
    return values


def test_form_prefilled(cast, login):
    text = login(cast.fatma).get(url(cast.run_a.pk)).content.decode()
    assert "Durchlauf bearbeiten: Stärken entdecken A" in text
    assert 'value="Stärken entdecken A"' in text and 'value="60"' in text


def test_update(cast, login):
    response = login(cast.fatma).post(url(cast.run_a.pk), data(cast))
    assert response.status_code == 302
    run = Run.objects.get(pk=cast.run_a.pk)
    assert run.title == "Stärken entdecken A (neu)" and run.capacity == 14
    assert list(run.facilitators.all()) == [cast.fatma]


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.fatma).post(url(cast.run_a.pk), data(cast, capacity="0"))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="Stärken entdecken A (neu)"' in text
    assert "größer oder gleich 1" in text
    assert Run.objects.get(pk=cast.run_a.pk).title == "Stärken entdecken A"


def test_personas(cast, check_personas):
    check_personas(url(cast.run_a.pk), {"fatma": 200, "jonas": 403, "karl": 403, "maria": 403,
                                        "admin": 403, "olga": 404})


def test_other_facilitator_cannot_post(cast, login):
    assert login(cast.jonas).post(url(cast.run_a.pk), data(cast)).status_code == 403
    assert Run.objects.get(pk=cast.run_a.pk).title == "Stärken entdecken A"


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login):
    assert login(cast.fatma).delete(url(cast.run_a.pk)).status_code == 405
