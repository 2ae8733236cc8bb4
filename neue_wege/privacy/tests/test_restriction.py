"""Restriction of processing (Art. 18): while set, changes to the person's data are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.clients import services as client_services
from neue_wege.clients.models import Client
from neue_wege.core.exceptions import DomainError
from neue_wege.privacy import restriction, restriction_services, retention
from neue_wege.privacy.models import AuditEvent, Consent, ProcessingRestriction
from neue_wege.privacy.releases import release_give, release_withdraw
from neue_wege.strengths.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(cast):  # noqa: ANN001, ANN201
    return restriction_services.restriction_set(actor=cast.karl, client=cast.nina,
                                       reason="Bestreitet die Richtigkeit der Anschrift.")


def test_a_change_by_a_service_is_refused_and_rolled_back(cast, restricted):
    with pytest.raises(restriction.ProcessingRestrictedError, match="eingeschränkt"):
        client_services.client_update(actor=cast.karl, client=cast.nina, phone="0151 999")
    assert Client.objects.get(pk=cast.nina.pk).phone != "0151 999"


def test_a_new_referral_is_refused_too(cast, restricted):
    before = cast.nina.referrals.count()
    with pytest.raises(restriction.ProcessingRestrictedError):
        client_services.referral_create(actor=cast.karl, client=cast.nina, run=cast.run_b,
                                        potential_note="Passt gut.")
    assert cast.nina.referrals.count() == before


def test_other_clients_are_not_affected(cast, restricted):
    client_services.client_update(actor=cast.karl, client=cast.ali, phone="0151 123")
    assert Client.objects.get(pk=cast.ali.pk).phone == "0151 123"


def test_after_lifting_changes_work_again(cast, restricted):
    with pytest.raises(DomainError, match="Grund"):
        restriction_services.restriction_lift(actor=cast.karl, client=cast.nina, reason=" ")
    restriction_services.restriction_lift(actor=cast.karl, client=cast.nina, reason="Geprüft, stimmt.")
    client_services.client_update(actor=cast.karl, client=cast.nina, phone="0151 999")
    assert Client.objects.get(pk=cast.nina.pk).phone == "0151 999"
    row = ProcessingRestriction.objects.get(pk=restricted.pk)
    assert row.lifted_at is not None and row.lifted_by == cast.karl  # the record stays
    assert AuditEvent.objects.filter(object_type="privacy.ProcessingRestriction",
                                     object_id=str(row.pk)).count() == 2


def test_setting_twice_is_refused(cast, restricted):
    with pytest.raises(DomainError, match="schon eingeschränkt"):
        restriction_services.restriction_set(actor=cast.admin, client=cast.nina, reason="Noch einmal")


def test_the_person_may_still_withdraw_a_release(cast):
    release_give(actor=cast.nina_user, client=cast.nina, key="strength_profile")
    restriction_services.restriction_set(actor=cast.karl, client=cast.nina, reason="Art. 18 (1)(a)")
    release_withdraw(actor=cast.nina_user, client=cast.nina, key="strength_profile")
    assert not Consent.objects.filter(client=cast.nina, withdrawn_at__isnull=True).exists()


def test_retention_leaves_restricted_clients_untouched_and_says_so(cast, restricted):
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Garten", text="Text")
    report = retention.apply_retention(today=cast.run_b.ends_on + dt.timedelta(days=4000))
    assert Story.objects.filter(pk=story.pk).exists()
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"
    assert Client.objects.get(pk=cast.ali.pk).last_name.startswith("PSN-")
    assert any("eingeschränkt" in line and "1 Personen" in line for line in report.lines())


def test_erasure_on_request_is_refused_while_restricted(cast, restricted):
    with pytest.raises(restriction.ProcessingRestrictedError):
        retention.erase_on_request(client=cast.nina, actor=cast.karl)
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"


def test_a_view_that_does_not_expect_it_answers_with_a_german_page(cast, login, restricted):
    from neue_wege.clients.tests.views.test_client_update import data_of

    response = login(cast.karl).post(reverse("clients:client-update", args=[cast.nina.pk]),
                                     data_of(cast.nina, last_name="Anders"))
    assert response.status_code == 409
    assert "Die Verarbeitung der Daten dieser Person ist eingeschränkt" in \
        response.content.decode()
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"


def test_the_person_may_still_write_but_a_peer_may_not_change_their_data(cast, restricted):
    from neue_wege.privacy.audit import audit_record

    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Garten", text="Text")
    audit_record(actor=cast.nina_user, action=AuditEvent.Action.CHANGE, obj=story,
                 client_id=cast.nina.pk)  # Nina's own change goes through
    with pytest.raises(restriction.ProcessingRestrictedError):
        audit_record(actor=cast.ali_user, action=AuditEvent.Action.CREATE, obj=story,
                     client_id=cast.nina.pk)
