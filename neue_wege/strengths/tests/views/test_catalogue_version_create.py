"""strengths:catalogue-version-create — a new version, copied from the newest one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.strengths.models import StrengthCatalogue

pytestmark = pytest.mark.django_db
URL = "/staerkenkatalog/versionen/neu/"


def next_week():
    return (timezone.localdate() + dt.timedelta(days=7)).isoformat()


def test_url():
    assert reverse("strengths:catalogue-version-create") == URL


def test_form(cast, login):
    text = login(cast.fatma).get(URL).content.decode()
    assert "Neue Version des Stärkenkatalogs" in text and "Was ändert sich?" in text


def test_post_creates_version_and_redirects(cast, login):
    response = login(cast.admin).post(URL, {"valid_from": next_week(),
                                            "change_note": "Pflege ergänzt"})
    version = StrengthCatalogue.objects.get(job_centre=cast.job_centre, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("strengths:catalogue-version-detail",
                                           args=[version.pk])
    assert version.strengths.count() == 56 and version.created_by == cast.admin


def test_date_today_gives_german_error_and_keeps_note(cast, login):
    response = login(cast.fatma).post(URL, {"valid_from": timezone.localdate().isoformat(),
                                            "change_note": "Meine Notiz"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "nach dem heutigen Tag gelten" in text and "Meine Notiz" in text
    assert StrengthCatalogue.objects.filter(job_centre=cast.job_centre).count() == 1


def test_missing_fields_in_german(cast, login):
    text = login(cast.fatma).post(URL, {}).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in text


def test_personas(cast, check_personas):
    check_personas(URL, {"fatma": 200, "jonas": 200, "admin": 200, "olga": 200,
                         "karl": 403, "petra": 403, "maria": 403})


def test_delete_not_allowed(cast, login):
    assert login(cast.fatma).delete(URL).status_code == 405
