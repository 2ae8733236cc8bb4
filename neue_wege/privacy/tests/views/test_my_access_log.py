"""Participants see who looked at or changed their data, in plain German."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Story
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("privacy:my-access-log")


def test_participant_sees_that_her_case_manager_opened_her_record(cast, login):
    access.access_client(cast.karl, cast.nina.pk)
    response = login(cast.nina_user).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wer hat meine Daten gesehen?</h1>" in body
    assert "<strong>Karl Böing</strong> (Fallmanagement) hat angesehen: Ihre Akte" in body


def test_changes_and_the_referral_are_listed_in_plain_words(cast, login):
    # The cast's set-up logged Karl referring Nina and Fatma accepting her.
    body = login(cast.nina_user).get(URL).content.decode()
    assert "Karl Böing" in body and "Fatma Yılmaz" in body
    assert "Ihre Anmeldung zum Projekt" in body
    assert "hat angelegt" in body


def test_peers_are_not_named(cast, login):
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Mein Garten",
                                 text="Ich habe einen Garten angelegt.",
                                 visibility=Story.Visibility.GROUP)
    audit_record(actor=cast.ali_user, action=AuditEvent.Action.VIEW, obj=story,
                 client_id=cast.nina.pk)
    body = login(cast.nina_user).get(URL).content.decode()
    assert "<strong>Eine Person aus Ihrer Gruppe</strong> (Teilnehmende:r) hat angesehen: " \
           "eine Ihrer Geschichten" in body
    assert "Ali" not in body and "Demir" not in body


def test_own_actions_are_left_out(cast, login):
    audit_record(actor=cast.nina_user, action=AuditEvent.Action.CHANGE, obj=cast.nina,
                 client_id=cast.nina.pk)
    body = login(cast.nina_user).get(URL).content.decode()
    assert "Nina Kemper" not in body.split("<main", 1)[1]


def test_events_of_other_participants_are_not_shown(cast, login):
    access.access_client(cast.petra, cast.sven.pk)
    access.access_client(cast.karl, cast.ali.pk, reason="nur Ali")
    body = login(cast.nina_user).get(URL).content.decode()
    assert "Petra Schulte" not in body
    sven_body = login(cast.sven_user).get(URL).content.decode()
    assert "Petra Schulte" in sven_body and "Karl Böing" not in sven_body


def test_system_events_are_explained(cast, login):
    audit_record(actor=None, action=AuditEvent.Action.CHANGE, obj=cast.nina,
                 client_id=cast.nina.pk)
    body = login(cast.nina_user).get(URL).content.decode()
    assert "<strong>Das Programm</strong> (automatisch) hat geändert" in body


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "admin", "olga"])
def test_staff_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_gets_405(cast, login):
    assert login(cast.nina_user).post(URL).status_code == 405


def test_linked_from_the_portal_navigation(cast, login):
    body = login(cast.nina_user).get(reverse("portal:home")).content.decode()
    assert f'href="{URL}"' in body
    own = login(cast.nina_user).get(URL).content.decode()
    assert f'href="{URL}" aria-current="page"' in own


def test_many_entries_paginate_with_bounded_queries(cast, login):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=cast.fatma, actor_label="fatma", action=AuditEvent.Action.VIEW,
                   object_type="clients.Enrollment", object_id=str(uuid.uuid4()),
                   client_id=cast.nina.pk)
        for _ in range(80))
    client = login(cast.nina_user)
    client.get(URL)
    with assert_max_queries(10):
        response = client.get(URL, {"page": 2})
    body = response.content.decode()
    assert "Seite 2 von" in body
    assert "Ihre Teilnahme am Projekt" in body
