import pytest
from django.utils import timezone

from neue_wege.clients import selectors
from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.privacy import access
from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db


def test_client_list_search_terms_all_must_match(cast):
    found = selectors.client_list_for(user=cast.karl, search="nina kemper")
    assert list(found) == [cast.nina]
    assert not selectors.client_list_for(user=cast.karl, search="nina demir").exists()


def test_client_list_counts_open_referrals(cast, lena_referral):
    counts = {c.pk: c.open_referrals for c in selectors.client_list_for(user=cast.karl)}
    assert counts == {cast.nina.pk: 1, cast.ali.pk: 1, lena_referral.client_id: 1}


def test_client_list_is_empty_for_other_roles(cast):
    for user in (cast.maria, cast.admin, cast.olga):
        assert not selectors.client_list_for(user=user).exists()


def test_runs_open_for_referral_counts_seats_and_waitlist(cast, lena):
    run = make_run(cast, capacity=1)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0800"), run=run,
        potential_note="x"))
    referral_create(actor=cast.karl, client=lena, run=run, potential_note="y")
    Run.objects.filter(pk=cast.run_b.pk).update(status=Run.Status.CANCELLED)
    runs = {r.title: (r.seats_taken, r.waitlist_length)
            for r in selectors.runs_open_for_referral(user=cast.karl)}
    assert runs == {"Stärken entdecken A": (2, 0), "Neustart C": (1, 1)}
    assert not selectors.runs_open_for_referral(user=cast.olga).exists()


def test_rights_on_a_referral(cast, lena_referral):
    assert access.can_decide_referral(cast.fatma, lena_referral)
    assert not access.can_decide_referral(cast.karl, lena_referral)
    assert not access.can_decide_referral(cast.jonas, lena_referral)
    assert access.can_withdraw_referral(cast.karl, lena_referral)
    assert access.can_withdraw_referral(cast.fatma, lena_referral)
    assert not access.can_withdraw_referral(cast.petra, lena_referral)
    assert not access.can_withdraw_referral(cast.maria, lena_referral)


def test_can_list_referrals(cast):
    assert access.can_list_referrals(cast.karl) and access.can_list_referrals(cast.fatma)
    assert not access.can_list_referrals(cast.maria)
    assert not access.can_list_referrals(cast.admin)


def test_fit_uses_the_run_start_for_future_runs(cast):
    # Nina, born 14.03.1988; a run starting when she is already 40 does not fit "bis 39"
    run = make_run(cast, age_max=39)
    Run.objects.filter(pk=run.pk).update(starts_on="2028-04-01", ends_on="2028-06-01")
    run.refresh_from_db()
    fits = selectors.fit_for(client=cast.nina, run=run)
    assert [(f.label, f.matches) for f in fits] == [("Alter", False)]
    assert timezone.localdate().year < 2028


def test_run_referrals_overview(cast, lena_referral):
    overview = selectors.run_referrals_for(user=cast.fatma, run=cast.run_a)
    assert overview.pending == [lena_referral]
    assert overview.waitlist == []
    assert {e.client for e in overview.participants} == {cast.nina, cast.ali}
    assert overview.seats_taken == 2 and overview.seats_free == 8
