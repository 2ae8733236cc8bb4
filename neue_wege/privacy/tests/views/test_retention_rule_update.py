"""The data protection officer edits the retention rules; nobody else can."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent, RetentionRule

pytestmark = pytest.mark.django_db
URL = reverse("privacy:retention-rule-update")


@pytest.fixture
def dsb(cast):  # noqa: ANN001, ANN201
    call_command("privacy_officer", cast.admin.username, stdout=StringIO())
    return type(cast.admin).objects.get(pk=cast.admin.pk)  # fresh permission cache


def _data(rule, **changes):  # noqa: ANN001, ANN003, ANN202
    data = {"art": rule.record_kind, "start_event": rule.start_event,
            "period_days": rule.period_days, "action": rule.action, "reason": rule.reason,
            "active": "on" if rule.active else ""}
    data.update(changes)
    return data


def test_the_dsb_changes_a_period_and_it_is_logged(cast, login, dsb):
    rule = RetentionRule.objects.get(record_kind="stories")
    client = login(dsb)
    page = client.get(URL, {"art": "stories"})
    assert page.status_code == 200
    assert "Löschfrist bearbeiten: Geschichten mit Rückmeldungen und Vorschlägen" in \
        page.content.decode()
    response = client.post(URL, _data(rule, period_days=90, reason="Entscheidung DSB 12/2026"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.period_days == 90 and rule.reason == "Entscheidung DSB 12/2026"
    event = AuditEvent.objects.get(object_type="privacy.RetentionRule", object_id=str(rule.pk))
    assert event.actor == dsb and "period_days: 180 -> 90" in event.reason
    overview = client.get(reverse("privacy:retention-overview")).content.decode()
    assert "Fristen bearbeiten" in overview


def test_invalid_input_keeps_the_values_and_says_why_in_german(cast, login, dsb):
    rule = RetentionRule.objects.get(record_kind="client")
    response = login(dsb).post(URL, _data(rule, period_days=0, reason=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Die Frist muss mindestens einen Tag lang sein." in body
    assert "Bitte begründen Sie die Frist." in body
    rule.refresh_from_db()
    assert rule.period_days == 730


def test_an_administrator_without_the_right_is_refused(cast, login):
    rule = RetentionRule.objects.get(record_kind="stories")
    client = login(cast.admin)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(rule, period_days=1)).status_code == 403
    assert RetentionRule.objects.get(pk=rule.pk).period_days == 180
    assert "Fristen bearbeiten" not in client.get(
        reverse("privacy:retention-overview")).content.decode()


@pytest.mark.parametrize("name", ["karl", "fatma", "maria", "olga", "nina_user"])
def test_other_roles_are_refused(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_only_an_administrator_account_can_get_the_right(cast):
    with pytest.raises(CommandError, match="Administration"):
        call_command("privacy_officer", cast.karl.username, stdout=StringIO())
    with pytest.raises(CommandError, match="Kein Konto"):
        call_command("privacy_officer", "niemand", stdout=StringIO())


def test_the_right_can_be_taken_back(cast, login, dsb):
    call_command("privacy_officer", dsb.username, "--remove", stdout=StringIO())
    admin = type(dsb).objects.get(pk=dsb.pk)
    assert login(admin).get(URL).status_code == 403
