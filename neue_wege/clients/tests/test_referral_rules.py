"""Issue 11, points 5 and 6: target-group fit and waitlist order are enforced by the services,
with German messages, and the reasons are recorded in the referral's history."""

import pytest
from django.utils import timezone

from neue_wege.clients.exceptions import TargetGroupMismatchError, WaitlistOrderError
from neue_wege.clients.forms import years_before
from neue_wege.clients.models import Enrollment, Referral
from neue_wege.clients.services import (
    referral_accept,
    referral_create,
    referral_withdraw,
)
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def young(cast, number="BOR-0500"):
    """23 years old on the day a run of the fixtures starts (run A is for 25 to 60)."""
    born = years_before(timezone.localdate(), 23)
    return make_client(cast, number=number, first="Jan", last="Jung", born=born)


# --- point 5: a referral that does not fit the target group ------------------------------------
def test_unfitting_referral_without_reason_is_refused_in_german(cast):
    jan = young(cast)
    with pytest.raises(TargetGroupMismatchError) as error:
        referral_create(actor=cast.karl, client=jan, run=cast.run_a, potential_note="x")
    message = str(error.value.message)
    assert "passt nicht zur Zielgruppe" in message
    assert "Alter: 25 bis 60 Jahre, bei der Person 23 Jahre" in message
    assert not Referral.objects.filter(client=jan).exists()


def test_unfitting_referral_with_reason_is_saved_and_recorded(cast):
    jan = young(cast)
    referral = referral_create(actor=cast.karl, client=jan, run=cast.run_a, potential_note="x",
                               fit_reason="  Wird in sechs Wochen 24, sehr motiviert.  ")
    referral.refresh_from_db()
    assert referral.fit_unmet == "Alter: 25 bis 60 Jahre, bei der Person 23 Jahre"
    assert referral.fit_reason == "Wird in sechs Wochen 24, sehr motiviert."
    first = referral.history.get()
    assert "Passt nicht zur Zielgruppe" in first.reason
    assert "sehr motiviert" in first.reason
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="create",
                                     reason__contains="target group").exists()


def test_fitting_referral_needs_no_reason_and_records_none(cast, lena):
    referral = referral_create(actor=cast.karl, client=lena, run=cast.run_a, potential_note="x",
                               fit_reason="überflüssig")
    assert referral.fit_unmet == "" and referral.fit_reason == ""
    assert referral.history.get().reason == ""


def test_whitespace_reason_is_no_reason(cast):
    with pytest.raises(TargetGroupMismatchError):
        referral_create(actor=cast.karl, client=young(cast), run=cast.run_a,
                        potential_note="x", fit_reason="   ")


# --- point 6: the waitlist order is enforced -----------------------------------------------------
@pytest.fixture
def queue(cast):
    """A run with one seat: Anna sits, Bert then Carl wait (in that order), Dora is pending
    after Anna's seat was freed."""
    run = make_run(cast, capacity=1)
    people = {name: make_client(cast, number=f"BOR-06{i:02d}", first=name, last="Reihe")
              for i, name in enumerate(["Anna", "Bert", "Carl", "Dora"])}
    refs = {}
    refs["Anna"] = referral_create(actor=cast.karl, client=people["Anna"], run=run,
                                   potential_note="x")
    referral_accept(actor=cast.fatma, referral=refs["Anna"])
    for name in ("Bert", "Carl"):
        refs[name] = referral_create(actor=cast.karl, client=people[name], run=run,
                                     potential_note="x")
    referral_withdraw(actor=cast.fatma, referral=refs["Anna"], reason="umgezogen")
    refs["Dora"] = referral_create(actor=cast.karl, client=people["Dora"], run=run,
                                   potential_note="x")
    assert [refs[n].status for n in ("Bert", "Carl", "Dora")] == [
        "waitlisted", "waitlisted", "pending"]
    return run, refs


def status(referral):
    return Referral.objects.get(pk=referral.pk).status


def test_first_on_the_waitlist_is_accepted_without_reason(cast, queue):
    run, refs = queue
    referral_accept(actor=cast.fatma, referral=refs["Bert"])
    assert status(refs["Bert"]) == "accepted"
    assert refs["Bert"].history.order_by("-id").first().reason == ""


@pytest.mark.parametrize(("name", "ahead"), [("Carl", 1), ("Dora", 2)])
def test_accepting_ahead_of_earlier_waiting_people_needs_a_reason(cast, queue, name, ahead):
    run, refs = queue
    with pytest.raises(WaitlistOrderError) as error:
        referral_accept(actor=cast.fatma, referral=refs[name])
    assert f"Vor dieser Person warten {ahead} Person(en) länger" in str(error.value.message)
    assert status(refs[name]) != "accepted"
    assert not Enrollment.objects.filter(referral=refs[name]).exists()


def test_accepting_ahead_with_a_reason_is_recorded(cast, queue):
    run, refs = queue
    referral_accept(actor=cast.fatma, referral=refs["Dora"],
                    skip_reason="Beginnt sonst eine Ausbildung, braucht den Platz jetzt.")
    assert status(refs["Dora"]) == "accepted"
    last = refs["Dora"].history.order_by("-id").first()
    assert last.to_status == "accepted"
    assert last.reason == ("Vor 2 länger Wartenden aufgenommen: Beginnt sonst eine Ausbildung, "
                           "braucht den Platz jetzt.")
    assert status(refs["Bert"]) == status(refs["Carl"]) == "waitlisted"
