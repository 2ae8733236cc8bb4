import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.programmes import services

pytestmark = pytest.mark.django_db


def url(programme_id):
    return reverse("programmes:programme-detail", args=[programme_id])


def test_detail_shows_current_version_and_readable_history(cast, login):
    services.programme_version_create(
        actor=cast.jonas, programme=cast.programme,
        valid_from=timezone.localdate() - dt.timedelta(days=3),
        content=cast.version.content + "\nAbschlussfest mit Zertifikat.",
        target_group_description="Menschen, die an sich zweifeln, auch Alleinerziehende.",
        change_note="Abschluss ergänzt")
    response = login(cast.karl).get(url(cast.programme.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Gültige Fassung: Version 2" in text
    assert "Versionsgeschichte" in text
    assert "Abschluss ergänzt" in text and "Jonas Terhorst" in text
    assert "Abschlussfest mit Zertifikat." in text
    assert "Menschen, die an sich zweifeln, auch Alleinerziehende." in text
    assert "@@" not in text and "+++" not in text  # no raw diff markup
    assert "Neue Version anlegen" not in text


def test_future_version_is_listed_but_not_current(cast, login):
    services.programme_version_create(
        actor=cast.fatma, programme=cast.programme,
        valid_from=timezone.localdate() + dt.timedelta(days=30), content="Ganz neu",
        target_group_description="x", change_note="Für nächstes Jahr")
    text = login(cast.fatma).get(url(cast.programme.pk)).content.decode()
    assert "Gültige Fassung: Version 1" in text and "Version 2, gültig ab" in text
    assert "Neue Version anlegen" in text


def test_personas(cast, check_personas):
    check_personas(url(cast.programme.pk), {"fatma": 200, "karl": 200, "maria": 200,
                                            "admin": 200, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(url(cast.programme.pk)).status_code == 405
