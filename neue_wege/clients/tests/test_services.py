"""Services against the real database: happy paths, every DomainError, audit rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from neue_wege.clients import selectors, services
from neue_wege.clients.exceptions import (
    DuplicateReferralError,
    ReferralError,
    RunFullError,
    TransitionError,
)
from neue_wege.clients.models import Enrollment, Referral, ReferralStatusChange
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.core.exceptions import DomainError
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db


def audit_for(obj, action):
    return AuditEvent.objects.filter(object_id=str(obj.pk), action=action)


# --- clients --------------------------------------------------------------------------------
def test_client_create_makes_the_actor_case_manager_and_audits(cast):
    client = make_client(cast, actor=cast.petra)
    assert client.case_manager == cast.petra and client.job_centre == cast.job_centre
    event = audit_for(client, "create").get()
    assert event.actor == cast.petra and event.client_id == client.pk


def test_client_create_refuses_a_duplicate_case_number(cast):
    with pytest.raises(ValidationError):
        make_client(cast, number="BOR-0001")


def test_client_update_changes_only_known_fields_and_audits(cast):
    services.client_update(actor=cast.karl, client=cast.nina, phone="0151 1",
                           job_centre=cast.other_job_centre)
    cast.nina.refresh_from_db()
    assert cast.nina.phone == "0151 1" and cast.nina.job_centre == cast.job_centre
    assert audit_for(cast.nina, "change").filter(actor=cast.karl).exists()


# --- referral_create -------------------------------------------------------------------------
def test_referral_create_pending_with_history_and_audit(cast, lena):
    referral = services.referral_create(actor=cast.karl, client=lena, run=cast.run_a,
                                        potential_note="  Kann gut erklären.  ")
    assert referral.status == "pending" and referral.potential_note == "Kann gut erklären."
    assert list(referral.history.values_list("from_status", "to_status")) == [("", "pending")]
    assert audit_for(referral, "create").filter(client_id=lena.pk).exists()


def test_referral_create_to_full_run_waitlists(cast, lena):
    run = make_run(cast, capacity=1)
    services.referral_accept(actor=cast.fatma, referral=services.referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0900"), run=run,
        potential_note="x"))
    referral = services.referral_create(actor=cast.karl, client=lena, run=run,
                                        potential_note="y")
    assert referral.status == "waitlisted" and referral.waitlisted_at is not None


def test_referral_create_refuses_duplicate(cast):
    with pytest.raises(DuplicateReferralError) as raised:
        services.referral_create(actor=cast.karl, client=cast.nina, run=cast.run_a,
                                 potential_note="x")
    assert "bereits eine offene Zuweisung" in str(raised.value.message)


def test_referral_after_withdrawal_is_allowed_again(cast):
    services.referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                               reason="Pause")
    again = services.referral_create(actor=cast.karl, client=cast.nina, run=cast.run_a,
                                     potential_note="wieder da")
    assert again.status == "pending"


@pytest.mark.parametrize("status", [Run.Status.FINISHED, Run.Status.CANCELLED])
def test_referral_create_refuses_closed_runs(cast, lena, status):
    Run.objects.filter(pk=cast.run_a.pk).update(status=status)
    cast.run_a.refresh_from_db()
    with pytest.raises(ReferralError) as raised:
        services.referral_create(actor=cast.karl, client=lena, run=cast.run_a,
                                 potential_note="x")
    assert "nimmt keine Zuweisungen an" in str(raised.value.message)


def test_referral_create_requires_a_note(cast, lena):
    with pytest.raises(ReferralError) as raised:
        services.referral_create(actor=cast.karl, client=lena, run=cast.run_a,
                                 potential_note="  ")
    assert "Potenzial" in str(raised.value.message)


def test_referral_create_refuses_run_of_another_job_centre(cast, lena):
    from neue_wege.organisation.models import Location
    from neue_wege.programmes.models import Programme, ProgrammeVersion
    programme = Programme.objects.create(job_centre=cast.other_job_centre, name="Fremd")
    version = ProgrammeVersion.objects.create(
        programme=programme, number=1, valid_from=dt.date(2024, 1, 1), content="x",
        target_group_description="x", change_note="x", created_by=cast.olga)
    location = Location.objects.create(job_centre=cast.other_job_centre, name="Rheine",
                                       municipality=cast.bocholt)
    run = Run.objects.create(programme_version=version, title="Fremd", location=location,
                             capacity=5, starts_on=dt.date(2030, 1, 1),
                             ends_on=dt.date(2030, 2, 1))
    with pytest.raises(ReferralError) as raised:
        services.referral_create(actor=cast.karl, client=lena, run=run, potential_note="x")
    assert "anderen Jobcenter" in str(raised.value.message)


# --- referral_accept -------------------------------------------------------------------------
def test_referral_accept_creates_enrollment_history_and_audit(cast, lena_referral):
    enrollment = services.referral_accept(actor=cast.fatma, referral=lena_referral)
    lena_referral.refresh_from_db()
    assert lena_referral.status == "accepted" and lena_referral.decided_by == cast.fatma
    assert enrollment.status == "active" and enrollment.run == cast.run_a
    assert enrollment.started_on == timezone.localdate()  # run A started two weeks ago
    assert lena_referral.history.filter(from_status="pending", to_status="accepted").exists()
    assert audit_for(enrollment, "create").filter(actor=cast.fatma).exists()
    assert audit_for(lena_referral, "change").filter(reason="status: accepted").exists()


def test_referral_accept_starts_on_the_run_start_for_future_runs(cast, lena):
    run = make_run(cast, capacity=2)
    enrollment = services.referral_accept(actor=cast.fatma, referral=services.referral_create(
        actor=cast.karl, client=lena, run=run, potential_note="x"))
    assert enrollment.started_on == run.starts_on


def test_referral_accept_on_full_run_raises_and_keeps_the_waitlisting(cast, lena):
    run = make_run(cast, capacity=1)
    seated, pending = (services.referral_create(actor=cast.karl, client=c, run=run,
                                                potential_note="x")
                       for c in (lena, make_client(cast, number="BOR-0901")))
    services.referral_accept(actor=cast.fatma, referral=seated)
    with pytest.raises(RunFullError) as raised:
        services.referral_accept(actor=cast.fatma, referral=pending)
    assert isinstance(raised.value, DomainError)
    assert "Der Durchlauf ist voll" in str(raised.value.message)
    pending.refresh_from_db()
    assert pending.status == "waitlisted" and pending.waitlisted_at is not None
    assert pending.history.filter(to_status="waitlisted").exists()
    assert not Enrollment.objects.filter(referral=pending).exists()


def test_referral_accept_of_waitlisted_on_full_run_stays_waitlisted(cast, lena):
    run = make_run(cast, capacity=1)
    services.referral_accept(actor=cast.fatma, referral=services.referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0902"), run=run,
        potential_note="x"))
    waiting = services.referral_create(actor=cast.karl, client=lena, run=run,
                                       potential_note="y")
    with pytest.raises(RunFullError):
        services.referral_accept(actor=cast.fatma, referral=waiting)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert waiting.history.count() == 1  # no second waitlist row


@pytest.mark.parametrize("closing", ["decline", "withdraw"])
def test_referral_accept_refuses_closed_referrals(cast, lena_referral, closing):
    if closing == "decline":
        services.referral_decline(actor=cast.fatma, referral=lena_referral, reason="nein")
    else:
        services.referral_withdraw(actor=cast.karl, referral=lena_referral, reason="weg")
    with pytest.raises(TransitionError) as raised:
        services.referral_accept(actor=cast.fatma, referral=lena_referral)
    assert "kann nicht" in str(raised.value.message)


def test_referral_accept_refuses_finished_run(cast, lena_referral):
    Run.objects.filter(pk=cast.run_a.pk).update(status=Run.Status.FINISHED)
    with pytest.raises(ReferralError) as raised:
        services.referral_accept(actor=cast.fatma, referral=lena_referral)
    assert "nimmt niemanden mehr auf" in str(raised.value.message)
    lena_referral.refresh_from_db()
    assert lena_referral.status == "pending"


# --- referral_decline / referral_withdraw ----------------------------------------------------
def test_referral_decline_keeps_reason_history_and_audit(cast, lena_referral):
    services.referral_decline(actor=cast.fatma, referral=lena_referral, reason=" passt nicht ")
    lena_referral.refresh_from_db()
    assert lena_referral.status == "declined" and lena_referral.reason == "passt nicht"
    change = ReferralStatusChange.objects.get(referral=lena_referral, to_status="declined")
    assert change.reason == "passt nicht" and change.changed_by == cast.fatma
    assert audit_for(lena_referral, "change").filter(reason="status: declined").exists()


def test_referral_decline_requires_a_reason(cast, lena_referral):
    with pytest.raises(ReferralError) as raised:
        services.referral_decline(actor=cast.fatma, referral=lena_referral, reason=" ")
    assert "Grund für die Ablehnung" in str(raised.value.message)


def test_referral_decline_refuses_accepted_referral(cast):
    with pytest.raises(TransitionError):
        services.referral_decline(actor=cast.fatma, referral=cast.nina_enrollment.referral,
                                  reason="zu spät")


def test_referral_withdraw_ends_the_enrollment_and_frees_the_seat(cast):
    referral = cast.nina_enrollment.referral
    before = selectors.seats_taken(cast.run_a)
    services.referral_withdraw(actor=cast.fatma, referral=referral, reason="Stelle gefunden")
    enrollment = Enrollment.objects.get(pk=cast.nina_enrollment.pk)
    assert enrollment.status == "withdrawn" and enrollment.end_reason == "Stelle gefunden"
    assert selectors.seats_taken(cast.run_a) == before - 1
    assert audit_for(enrollment, "change").filter(reason="withdrawn").exists()
    referral.refresh_from_db()
    assert referral.status == "withdrawn" and referral.reason == "Stelle gefunden"


def test_referral_withdraw_requires_a_reason(cast, lena_referral):
    with pytest.raises(ReferralError) as raised:
        services.referral_withdraw(actor=cast.karl, referral=lena_referral, reason="")
    assert "Grund für die Abmeldung" in str(raised.value.message)


def test_referral_withdraw_twice_is_a_transition_error(cast, lena_referral):
    services.referral_withdraw(actor=cast.karl, referral=lena_referral, reason="eins")
    with pytest.raises(TransitionError):
        services.referral_withdraw(actor=cast.karl, referral=lena_referral, reason="zwei")


def test_waitlist_is_first_come_first_served(cast):
    run = make_run(cast, capacity=1)
    clients = [make_client(cast, number=f"BOR-095{i}") for i in range(4)]
    services.referral_accept(actor=cast.fatma, referral=services.referral_create(
        actor=cast.karl, client=clients[0], run=run, potential_note="x"))
    later = [services.referral_create(actor=cast.karl, client=c, run=run, potential_note="y")
             for c in clients[1:]]
    assert [r.pk for r in selectors.waitlist(run)] == [r.pk for r in later]


def test_referral_transitions_table(cast, lena_referral):
    assert lena_referral.can_transition_to(Referral.Status.ACCEPTED)
    declined = Referral(status=Referral.Status.DECLINED)
    assert not declined.can_transition_to(Referral.Status.ACCEPTED)
