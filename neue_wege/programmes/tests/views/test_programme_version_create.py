import datetime as dt
import uuid

import pytest
from django.urls import reverse

from neue_wege.programmes.models import ProgrammeVersion

pytestmark = pytest.mark.django_db


def url(programme_id):
    return reverse("programmes:programme-version-create", args=[programme_id])


def data(cast, **extra):
    values = {"valid_from": (cast.version.valid_from + dt.timedelta(days=1)).isoformat(),
              "content": "Neuer Ablauf", "target_group_description": "Alle",
              "change_note": "Ablauf gekürzt"}
    values.update(extra)
    return values


def test_form_is_prefilled_from_latest_version(cast, login):
    response = login(cast.fatma).get(url(cast.programme.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Erfolgsgeschichten schreiben und vorlesen" in text
    assert "Menschen, die an sich zweifeln." in text
    assert "Änderungsnotiz" in text


def test_post_creates_version_two(cast, login):
    response = login(cast.admin).post(url(cast.programme.pk), data(cast))
    assert response.status_code == 302
    version = ProgrammeVersion.objects.get(programme=cast.programme, number=2)
    assert version.change_note == "Ablauf gekürzt" and version.created_by == cast.admin


def test_date_not_after_latest_gives_german_error_and_keeps_input(cast, login):
    response = login(cast.fatma).post(url(cast.programme.pk), data(
        cast, valid_from=cast.version.valid_from.isoformat(), content="Mein neuer Text"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Das Datum muss nach dem" in text and "Mein neuer Text" in text
    assert ProgrammeVersion.objects.filter(programme=cast.programme).count() == 1


def test_change_note_required(cast, login):
    response = login(cast.fatma).post(url(cast.programme.pk), data(cast, change_note=""))
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_personas(cast, check_personas):
    check_personas(url(cast.programme.pk), {"fatma": 200, "admin": 200, "karl": 403,
                                            "maria": 403, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login):
    assert login(cast.fatma).delete(url(cast.programme.pk)).status_code == 405
