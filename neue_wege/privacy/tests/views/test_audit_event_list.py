"""Administrators search the audit log of their own job centre (references only)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from neue_wege.organisation.models import User
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Story
from neue_wege.testing.assertions import assert_max_queries
from neue_wege.testing.personas import make_user

pytestmark = pytest.mark.django_db
URL = reverse("privacy:audit-event-list")
STORY_TEXT = "Ich habe meiner Nachbarin beim Umzug geholfen und alles organisiert."


@pytest.fixture
def other_admin(cast):  # noqa: ANN001
    return make_user("otto", User.Role.ADMINISTRATOR, cast.other_job_centre, "Otto", "Anders")


@pytest.fixture
def karl_read_nina(cast):  # noqa: ANN001
    """Karl opens Nina's record (logged by the access layer, as in the app)."""
    return access.access_client(cast.karl, cast.nina.pk, reason="Beratungstermin")


def test_admin_sees_who_read_which_record(cast, login, karl_read_nina):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Protokoll der Zugriffe</h1>" in body
    assert "karl (Fallmanagement)" in body
    assert str(cast.nina.pk) in body
    assert "Kund:in" in body and "angesehen" in body
    assert "Beratungstermin" in body


def test_admin_sees_references_never_content(cast, login):
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Der Umzug",
                                 text=STORY_TEXT, visibility=Story.Visibility.GROUP)
    audit_record(actor=cast.fatma, action=AuditEvent.Action.VIEW, obj=story,
                 client_id=cast.nina.pk)
    body = login(cast.admin).get(URL).content.decode()
    assert "Geschichte" in body and str(story.pk) in body  # the reference is there
    assert STORY_TEXT not in body and "Der Umzug" not in body
    assert "Kemper" not in body and "BOR-0001" not in body  # no client names or numbers


def test_admin_of_another_job_centre_sees_none_of_it(cast, login, other_admin, karl_read_nina):
    body = login(other_admin).get(URL).content.decode()
    assert str(cast.nina.pk) not in body
    assert "karl" not in body
    assert "0 Einträge gefunden" in body


def test_olga_s_own_events_are_not_in_our_job_centre_s_log(cast, login):
    audit_record(actor=cast.olga, action=AuditEvent.Action.VIEW, obj=cast.olga)
    body = login(cast.admin).get(URL, {"actor": "olga"}).content.decode()
    assert "0 Einträge gefunden" in body


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "olga"])
def test_other_staff_roles_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_participant_gets_403(cast, login):
    assert login(cast.nina_user).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_gets_405(cast, login):
    assert login(cast.admin).post(URL).status_code == 405


def test_filter_by_actor(cast, login, karl_read_nina):
    access.access_client(cast.petra, cast.sven.pk)
    body = login(cast.admin).get(URL, {"actor": "petra"}).content.decode()
    assert str(cast.sven.pk) in body
    assert str(cast.nina.pk) not in body


def test_filter_by_last_name_and_by_the_user_name_of_a_deleted_account(cast, login,
                                                                      karl_read_nina):
    access.access_client(cast.petra, cast.sven.pk)
    browser = login(cast.admin)
    by_last_name = browser.get(URL, {"actor": cast.petra.last_name.upper()}).content.decode()
    assert str(cast.sven.pk) in by_last_name and str(cast.nina.pk) not in by_last_name
    # An account that no longer exists: its entries keep its user name.
    AuditEvent.objects.filter(actor=cast.petra).update(actor=None, actor_label="petra.alt")
    gone = browser.get(URL, {"actor": "Petra.Alt"}).content.decode()
    assert str(cast.sven.pk) in gone and str(cast.nina.pk) not in gone


def test_filter_by_client_id(cast, login, karl_read_nina):
    access.access_client(cast.petra, cast.sven.pk)
    body = login(cast.admin).get(URL, {"client_id": str(cast.sven.pk)}).content.decode()
    assert "petra (Fallmanagement)" in body
    assert "karl (Fallmanagement)" not in body


def test_filter_by_action_and_object_type(cast, login, karl_read_nina):
    client = login(cast.admin)
    changed = client.get(URL, {"action": "change", "object_type": "clients.Client"})
    assert "Beratungstermin" not in changed.content.decode()
    viewed = client.get(URL, {"action": "view", "object_type": "clients.Client"})
    assert "Beratungstermin" in viewed.content.decode()


def test_filter_by_date_range(cast, login):
    long_ago = timezone.now() - dt.timedelta(days=40)
    with time_machine.travel(long_ago, tick=False):
        access.access_client(cast.karl, cast.nina.pk, reason="damals")
    access.access_client(cast.karl, cast.nina.pk, reason="heute")
    today = timezone.localdate()
    client = login(cast.admin)
    recent = client.get(URL, {"date_from": (today - dt.timedelta(days=7)).isoformat(),
                              "date_to": today.isoformat()}).content.decode()
    assert "heute" in recent and "damals" not in recent
    old = client.get(URL, {"date_to": (today - dt.timedelta(days=30)).isoformat()}
                     ).content.decode()
    assert "damals" in old and "heute" not in old


def test_invalid_input_keeps_values_with_german_errors(cast, login):
    body = login(cast.admin).get(URL, {"actor": "karl", "client_id": "kein-uuid",
                                       "date_from": "2026-05-01", "date_to": "2026-04-01"}
                                 ).content.decode()
    assert 'value="karl"' in body
    assert 'value="kein-uuid"' in body
    assert "Bitte eine vollständige Kennung eingeben" in body


def test_from_after_to_is_explained_in_german(cast, login):
    body = login(cast.admin).get(URL, {"date_from": "2026-05-01", "date_to": "2026-04-01"}
                                 ).content.decode()
    assert "„von“ muss vor „bis“ liegen." in body


def test_reading_the_log_is_logged_but_hidden_from_the_default_search(cast, login,
                                                                       karl_read_nina):
    client = login(cast.admin)
    client.get(URL)
    assert AuditEvent.objects.filter(actor=cast.admin, object_type="privacy.AuditEvent",
                                     client_id=cast.nina.pk).exists()
    default = client.get(URL).content.decode()
    assert "Protokolleintrag" not in default.split("<tbody", 1)[-1]
    asked = client.get(URL, {"object_type": "privacy.AuditEvent"}).content.decode()
    assert "Protokolleintrag" in asked.split("<tbody", 1)[-1]


def test_search_is_a_plain_form_without_javascript(cast, login):
    body = login(cast.admin).get(URL).content.decode()
    assert '<form method="get"' in body and "hx-get" not in body


def test_many_events_paginate_with_bounded_queries(cast, login):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=cast.karl, actor_label="karl", action=AuditEvent.Action.VIEW,
                   object_type="clients.Client", object_id=str(uuid.uuid4()),
                   client_id=cast.nina.pk)
        for _ in range(120))
    client = login(cast.admin)
    client.get(URL)
    with assert_max_queries(12):
        response = client.get(URL, {"page": 3, "actor": "karl"})
    body = response.content.decode()
    assert "Seite 3 von" in body
    assert 'aria-current="page"' in body


def _events(cast, count):  # noqa: ANN001
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=cast.karl, actor_label="karl", action=AuditEvent.Action.VIEW,
                   object_type="clients.Client", object_id=str(uuid.uuid4()),
                   client_id=cast.nina.pk)
        for _ in range(count))


def test_deep_pages_by_keyset_cost_the_same_queries_as_the_log_grows(cast, login, settings):
    """First, next and last page: the same number of queries with 30 or 300 entries, and the
    last page holds the oldest entries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NW_PAGE_SIZE = 10
    _events(cast, 30)
    client = login(cast.admin)
    search = {"action": "view", "object_type": "clients.Client"}
    with CaptureQueriesContext(connection) as small:
        first = client.get(URL, search)
    with CaptureQueriesContext(connection) as small_last:
        client.get(URL, {**search, "ende": 1})
    _events(cast, 270)
    with assert_max_queries(len(small.captured_queries)):
        first = client.get(URL, search)
    listing = first.context["listing"]
    assert listing.keyset and listing.page.has_next
    with assert_max_queries(len(small.captured_queries) + 1):  # + the boundary row
        second = client.get(URL + listing.page.next_url)
    shown = {event.pk for event, _ in first.context["events"]}
    following = {event.pk for event, _ in second.context["events"]}
    assert len(shown) == len(following) == 10 and not shown & following
    assert max(following) < min(shown)  # newest first, the next page older
    with assert_max_queries(len(small_last.captured_queries)):
        last = client.get(URL, {**search, "ende": 1})
    oldest = AuditEvent.objects.filter(action="view", object_type="clients.Client").order_by(
        "at", "id").first()
    assert oldest.pk in {event.pk for event, _ in last.context["events"]}
