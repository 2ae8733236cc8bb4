"""Issue 11, point 22: administrators view, load and version the self-assessment instruments
on a page (before, only `neuewege outcomes load_instrument` could)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from neue_wege.outcomes.models import Instrument
from neue_wege.outcomes.services import current_instrument, instrument_json
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
LIST = "outcomes:instrument-list"


def _file(data, name="fragebogen.json"):
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def _next_version(instrument, **changes):
    data = instrument_json(instrument)
    data["version"] = instrument.version + 1
    data.update(changes)
    return data


def test_admin_sees_every_instrument_and_the_one_in_use(cast, login):
    shipped = current_instrument()
    html = login(cast.admin).get(reverse(LIST)).content.decode()
    assert "Fragebögen zur Selbsteinschätzung" in html
    assert shipped.name in html and "für neue Teilnehmende" in html
    assert reverse("outcomes:instrument-detail", args=[shipped.pk]) in html
    detail = login(cast.admin).get(reverse("outcomes:instrument-detail", args=[shipped.pk]))
    body = detail.content.decode()
    first = shipped.items.order_by("order").first()
    assert first.text in body and "umgekehrt gewertet" in body


def test_admin_loads_a_new_version_which_new_participants_get(cast, login):
    shipped = current_instrument()
    client = login(cast.admin)
    response = client.post(reverse(LIST), {"file": _file(_next_version(
        shipped, items=[{"text": "Ich traue mir viel zu."}, {"text": "B", "reverse": True}]))})
    new = Instrument.objects.get(key=shipped.key, version=shipped.version + 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:instrument-detail", args=[new.pk])
    assert current_instrument() == new
    assert AuditEvent.objects.filter(action="create", object_type="outcomes.Instrument",
                                     object_id=str(new.pk), actor=cast.admin).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Version 2 (diese)" in page and "Ich traue mir viel zu." in page


def test_same_version_with_other_content_is_refused_in_german(cast, login):
    shipped = current_instrument()
    data = instrument_json(shipped)
    data["name"] = "Anders"
    response = login(cast.admin).post(reverse(LIST), {"file": _file(data)})
    assert response.status_code == 200
    assert "gibt es schon mit anderem Inhalt" in response.content.decode()
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"{nope", "kein gültiges JSON (Zeile 1)"),
    (b"\xff\xfe", "nicht UTF-8-kodiert"),
    (json.dumps({"key": "x", "name": "X", "items": []}).encode(), "„scale“ fehlt"),
])
def test_bad_files_keep_the_page_with_a_german_error(cast, login, content, message):
    current_instrument()
    response = login(cast.admin).post(reverse(LIST), {
        "file": SimpleUploadedFile("x.json", content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert Instrument.objects.count() == 1


def test_download_is_the_file_format_and_loads_unchanged(cast, login):
    shipped = current_instrument()
    response = login(cast.admin).get(reverse("outcomes:instrument-download", args=[shipped.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{shipped.key}-v{shipped.version}.json"')
    data = json.loads(response.content)
    again = login(cast.admin).post(reverse(LIST), {"file": _file(data)})
    assert again.status_code == 302 and Instrument.objects.count() == 1


def test_taking_out_of_use_falls_back_and_keeps_one_in_use(cast, login):
    shipped = current_instrument()
    client = login(cast.admin)
    client.post(reverse(LIST), {"file": _file(_next_version(shipped))})
    new = Instrument.objects.get(version=shipped.version + 1)
    client.post(reverse("outcomes:instrument-active", args=[new.pk]), {"active": "0"})
    assert current_instrument() == shipped
    refused = client.post(reverse("outcomes:instrument-active", args=[shipped.pk]),
                          {"active": "0"}, follow=True)
    assert "Mindestens ein Fragebogen muss in Gebrauch bleiben." in refused.content.decode()
    shipped.refresh_from_db()
    assert shipped.is_active
    client.post(reverse("outcomes:instrument-active", args=[new.pk]), {"active": "1"})
    assert current_instrument() == new
    assert AuditEvent.objects.filter(action="change", object_id=str(new.pk)).count() == 2


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "nina_user"])
def test_only_administrators(cast, login, name):
    shipped = current_instrument()
    client = login(getattr(cast, name))
    assert client.get(reverse(LIST)).status_code in (302, 403, 404)
    assert client.get(reverse("outcomes:instrument-detail", args=[shipped.pk])
                      ).status_code in (302, 403, 404)
    assert client.post(reverse("outcomes:instrument-active", args=[shipped.pk]),
                       {"active": "0"}).status_code in (302, 403, 404)
    shipped.refresh_from_db()
    assert shipped.is_active


def test_unknown_instrument_is_404(cast, login):
    assert login(cast.admin).get(reverse("outcomes:instrument-detail", args=[uuid.uuid4()])
                                 ).status_code == 404
