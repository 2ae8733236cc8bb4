"""Seats are never oversold and a client is never referred twice, even under concurrency.

The concurrent tests need real parallel transactions and row locks, so they run on
PostgreSQL only (skipped on SQLite with a reason, as in django-oscar's stock-record locking
test). Each thread uses its own database connection and closes it when done. The plain tests
at the end check the same rules one request at a time and run on every database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from neue_wege.clients.exceptions import DuplicateReferralError, RunFullError
from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.clients.services import (
    client_create,
    referral_accept,
    referral_create,
    referral_withdraw,
)
from neue_wege.programmes.models import Run
from neue_wege.testing.concurrency import in_parallel, needs_postgresql
from neue_wege.testing.personas import Cast, build_cast

CAPACITY = 3
CONTENDERS = 8


def _run_with_capacity(cast: Cast, capacity: int) -> Run:
    today = timezone.localdate()
    run = Run.objects.create(programme_version=cast.version, title="Neustart C",
                             location=cast.location, capacity=capacity,
                             starts_on=today + dt.timedelta(days=7),
                             ends_on=today + dt.timedelta(days=90), status=Run.Status.OPEN)
    run.facilitators.add(cast.fatma)
    return run


def _clients(cast: Cast, count: int) -> list[Client]:
    return [
        client_create(actor=cast.karl, case_number=f"CON-{number:04d}", first_name="Test",
                      last_name=f"Person {number}", date_of_birth=dt.date(1985, 1, 1),
                      gender="d", municipality=cast.bocholt,
                      benefit_since=dt.date(2022, 1, 1))
        for number in range(count)
    ]


def _outcome(result: Any) -> str:
    if isinstance(result, Enrollment | Referral):
        return "ok"
    if isinstance(result, RunFullError):
        return "full"
    if isinstance(result, DuplicateReferralError):
        return "duplicate"
    return repr(result)


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_accepts_never_oversell_a_run() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, CAPACITY)
    referrals = [referral_create(actor=cast.karl, client=client, run=run,
                                 potential_note="Möchte wieder arbeiten.")
                 for client in _clients(cast, CONTENDERS)]
    assert {r.status for r in referrals} == {Referral.Status.PENDING}

    def accept(referral_id: Any) -> Callable[[], Enrollment]:
        return lambda: referral_accept(actor=cast.fatma,
                                       referral=Referral.objects.get(pk=referral_id))

    results = in_parallel([accept(r.pk) for r in referrals])

    outcomes = Counter(_outcome(result) for result in results)
    assert outcomes == {"ok": CAPACITY, "full": CONTENDERS - CAPACITY}
    assert Enrollment.objects.filter(run=run, status=Enrollment.Status.ACTIVE).count() == CAPACITY
    statuses = Counter(Referral.objects.filter(run=run).values_list("status", flat=True))
    assert statuses == {"accepted": CAPACITY, "waitlisted": CONTENDERS - CAPACITY}
    assert not Referral.objects.filter(run=run, status="waitlisted",
                                       waitlisted_at__isnull=True).exists()


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_referrals_of_one_client_leave_one_open_referral() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, CAPACITY)
    client = _clients(cast, 1)[0]

    def refer() -> Referral:
        return referral_create(actor=cast.karl, client=Client.objects.get(pk=client.pk),
                               run=Run.objects.get(pk=run.pk), potential_note="Motiviert.")

    results = in_parallel([refer for _ in range(6)])

    assert Counter(_outcome(result) for result in results) == {"ok": 1, "duplicate": 5}
    assert Referral.objects.filter(client=client, run=run,
                                   status__in=["pending", "waitlisted", "accepted"]).count() == 1


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_referrals_to_a_full_run_all_wait_in_order() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, 1)
    first, *others = _clients(cast, 6)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=first, run=run, potential_note="Erste."))

    def refer(client_id: Any) -> Callable[[], Referral]:
        return lambda: referral_create(actor=cast.karl, client=Client.objects.get(pk=client_id),
                                       run=Run.objects.get(pk=run.pk), potential_note="Später.")

    results = in_parallel([refer(c.pk) for c in others])

    assert all(isinstance(r, Referral) and r.status == "waitlisted" for r in results), results
    assert Enrollment.objects.filter(run=run).count() == 1


# --- the same rules, one at a time: these run on SQLite too ---------------------------------------
@pytest.mark.django_db
def test_accepting_beyond_capacity_waitlists_and_raises_run_full() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, 2)
    referrals = [referral_create(actor=cast.karl, client=c, run=run, potential_note="Ja.")
                 for c in _clients(cast, 4)]
    referral_accept(actor=cast.fatma, referral=referrals[0])
    referral_accept(actor=cast.fatma, referral=referrals[1])
    for referral in referrals[2:]:
        with pytest.raises(RunFullError) as raised:
            referral_accept(actor=cast.fatma, referral=referral)
        assert "voll" in str(raised.value.message)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.WAITLISTED
    assert Enrollment.objects.filter(run=run).count() == 2


@pytest.mark.django_db
def test_second_open_referral_for_same_client_and_run_is_refused() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, 2)
    client = _clients(cast, 1)[0]
    referral_create(actor=cast.karl, client=client, run=run, potential_note="Ja.")
    with pytest.raises(DuplicateReferralError):
        referral_create(actor=cast.karl, client=client, run=run, potential_note="Nochmal.")
    assert Referral.objects.filter(client=client, run=run).count() == 1


@pytest.mark.django_db
def test_withdrawal_frees_the_seat_for_the_first_on_the_waitlist() -> None:
    cast = build_cast()
    run = _run_with_capacity(cast, 1)
    seated, waiting = (referral_create(actor=cast.karl, client=c, run=run, potential_note="Ja.")
                       for c in _clients(cast, 2))
    referral_accept(actor=cast.fatma, referral=seated)
    with pytest.raises(RunFullError):
        referral_accept(actor=cast.fatma, referral=waiting)
    waiting.refresh_from_db()
    assert waiting.status == Referral.Status.WAITLISTED

    referral_withdraw(actor=cast.karl, referral=seated, reason="Arbeit gefunden")

    enrollment = referral_accept(actor=cast.fatma, referral=waiting)
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert Enrollment.objects.filter(run=run, status__in=["active", "completed"]).count() == 1
