"""Preview (dry run) of the retention job in the browser, for administrators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent, RetentionRun
from neue_wege.strengths.models import Story

pytestmark = pytest.mark.django_db
URL = reverse("privacy:retention-preview")


def test_preview_counts_what_would_go_and_changes_nothing(cast, login):
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Garten", text="Text")
    day = cast.run_a.ends_on + dt.timedelta(days=200)
    events = AuditEvent.objects.count()
    response = login(cast.admin).get(URL, {"as_of": day.strftime("%d.%m.%Y")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Probelauf der Löschfristen" in body
    assert f"Ergebnis für den {day:%d.%m.%Y}" in body
    assert "Geschichten mit Rückmeldungen und Vorschlägen: 1 Datensätze fällig (1 Personen)" \
        in body
    assert Story.objects.filter(pk=story.pk).exists()
    assert RetentionRun.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_preview_defaults_to_today_and_rejects_a_bad_date(cast, login):
    client = login(cast.admin)
    assert "Nichts war fällig." in client.get(URL).content.decode()
    body = client.get(URL, {"as_of": "gestern"}).content.decode()
    assert "Bitte ein Datum wie 24.11.2026 eingeben." in body


def test_overview_links_to_the_preview(cast, login):
    body = login(cast.admin).get(reverse("privacy:retention-overview")).content.decode()
    assert URL in body


@pytest.mark.parametrize("name", ["karl", "fatma", "maria", "olga", "nina_user"])
def test_others_are_refused(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_post_is_not_allowed(cast, login):
    assert login(cast.admin).post(URL).status_code == 405
