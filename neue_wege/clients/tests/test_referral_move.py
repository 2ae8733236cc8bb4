"""Moving a waitlisted person to another run of the same programme (issue 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.clients import services
from neue_wege.clients.exceptions import ReferralError
from neue_wege.clients.models import Enrollment, Referral
from neue_wege.inbox.models import Notice
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db


def _waitlisted(cast, first: str = "Lena") -> Referral:  # noqa: ANN001
    Run.objects.filter(pk=cast.run_a.pk).update(capacity=2)  # Nina and Ali fill run A
    client = services.client_create(actor=cast.karl, case_number=f"BOR-09{len(first)}",
                                    first_name=first, last_name="Wartend",
                                    date_of_birth=cast.nina.date_of_birth, gender="f",
                                    municipality=cast.bocholt, benefit_since=cast.nina.benefit_since)
    referral = services.referral_create(actor=cast.karl, client=client, run=cast.run_a,
                                        potential_note="Möchte anfangen.")
    assert referral.status == Referral.Status.WAITLISTED
    return referral


def test_move_to_a_run_with_a_free_seat_accepts_and_keeps_the_history(cast):
    referral = _waitlisted(cast)
    before = list(referral.history.values_list("to_status", flat=True))
    moved = services.referral_move(actor=cast.fatma, referral=referral, run=cast.run_b)
    assert moved.pk == referral.pk and moved.run == cast.run_b
    assert moved.status == Referral.Status.ACCEPTED
    assert Enrollment.objects.get(referral=moved).run == cast.run_b
    history = list(moved.history.values_list("to_status", "reason"))
    assert [status for status, _ in history][:len(before)] == before
    assert any("Verschoben von „Stärken entdecken A“ nach „Stärken entdecken B“" in reason
               for _, reason in history)
    assert AuditEvent.objects.filter(object_id=str(moved.pk),
                                     reason__startswith="moved from run").exists()
    kinds = set(Notice.objects.filter(referral=moved).values_list("recipient__username", "kind"))
    assert ("karl", "moved") in kinds and ("karl", "accepted") in kinds
    assert ("jonas", "moved") in kinds


def test_move_to_a_full_run_keeps_the_person_waiting_there(cast):
    Run.objects.filter(pk=cast.run_b.pk).update(capacity=1)  # Sven fills run B
    referral = _waitlisted(cast)
    waited_since = referral.waitlisted_at
    moved = services.referral_move(actor=cast.fatma, referral=referral, run=cast.run_b)
    assert moved.status == Referral.Status.WAITLISTED and moved.run_id == cast.run_b.pk
    assert moved.waitlisted_at == waited_since
    assert not Enrollment.objects.filter(referral=moved).exists()


def test_only_waitlisted_referrals_of_the_same_programme_move(cast):
    accepted = cast.nina_enrollment.referral
    with pytest.raises(ReferralError, match="Nur Personen auf der Warteliste"):
        services.referral_move(actor=cast.fatma, referral=accepted, run=cast.run_b)


def test_move_page(cast, login):
    referral = _waitlisted(cast)
    url = reverse("clients:referral-move", args=[referral.pk])
    page = login(cast.fatma).get(url)
    assert "Stärken entdecken B" in page.content.decode()
    response = login(cast.fatma).post(url, {"run": str(cast.run_b.pk)})
    assert response.status_code == 302
    # back to the run the facilitator came from; the referral now belongs to run B
    assert response["Location"] == reverse("clients:run-referrals", args=[cast.run_a.pk])
    assert login(cast.fatma).get(url).status_code == 404
    assert login(cast.jonas).get(url).status_code == 200
