import uuid

import pytest
from django.http import Http404

from neue_wege.privacy import access
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_case_manager_sees_only_own_caseload(cast):
    assert set(access.clients_for(cast.karl)) == {cast.nina, cast.ali}
    assert set(access.clients_for(cast.petra)) == {cast.sven}


def test_facilitator_sees_only_clients_referred_to_runs_they_lead(cast):
    assert set(access.clients_for(cast.fatma)) == {cast.nina, cast.ali}
    assert set(access.clients_for(cast.jonas)) == {cast.sven}


def test_management_and_administrators_see_no_client(cast):
    assert not access.clients_for(cast.maria).exists()
    assert not access.clients_for(cast.admin).exists()


def test_other_job_centre_sees_nothing(cast):
    assert not access.runs_for(cast.olga).exists()
    assert not access.programmes_for(cast.olga).exists()
    with pytest.raises(Http404):
        access.access_run(cast.olga, cast.run_a.pk)


def test_outsider_and_missing_ids_both_get_404(cast):
    with pytest.raises(Http404):
        access.access_client(cast.petra, cast.nina.pk)
    with pytest.raises(Http404):
        access.access_client(cast.petra, uuid.uuid4())
    with pytest.raises(Http404):
        access.access_client(cast.petra, "not-a-uuid")


def test_facilitator_leads_only_own_run(cast):
    assert access.access_led_run(cast.fatma, cast.run_a.pk) == cast.run_a
    with pytest.raises(Http404):
        access.access_led_run(cast.fatma, cast.run_b.pk)
    with pytest.raises(Http404):
        access.access_led_run(cast.karl, cast.run_a.pk)


def test_reading_a_client_is_logged(cast):
    before = AuditEvent.objects.filter(action="view").count()
    access.access_client(cast.karl, cast.nina.pk)
    event = AuditEvent.objects.filter(action="view").latest("at")
    assert AuditEvent.objects.filter(action="view").count() == before + 1
    assert event.actor == cast.karl and event.client_id == cast.nina.pk


def test_audit_events_cannot_be_edited(cast):
    event = AuditEvent.objects.first()
    event.reason = "geändert"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
