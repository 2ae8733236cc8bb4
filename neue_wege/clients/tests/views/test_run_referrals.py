import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


def url(run):
    return reverse("clients:run-referrals", args=[run.pk])


def test_facilitator_sees_pending_and_participants(cast, login, lena_referral):
    response = login(cast.fatma).get(url(cast.run_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zuweisungen und Warteliste: Stärken entdecken A" in html
    assert "Offene Zuweisungen" in html and "Lena Hoff aufnehmen" in html
    assert "Lena Hoff ablehnen" in html and "Grund der Ablehnung" in html
    assert "Teilnehmende" in html
    assert reverse("outcomes:enrollment-end", args=[cast.nina_enrollment.pk]) in html
    assert "2 von 10 Plätzen belegt, 8 frei." in html
    assert "Niemand steht auf der Warteliste." in html


def test_waitlist_is_ordered_first_come_first_served(cast, login):
    run_c = make_run(cast, capacity=1)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0500", first="Sitz"), run=run_c,
        potential_note="x"))
    for number, first in (("BOR-0501", "Erste"), ("BOR-0502", "Zweiter"), ("BOR-0503", "Dritte")):
        referral_create(actor=cast.karl, client=make_client(cast, number=number, first=first),
                        run=run_c, potential_note="y")
    html = login(cast.fatma).get(url(run_c)).content.decode()
    waitlist = html[html.index("waitlist-heading"):html.index("participants-heading")]
    assert waitlist.index("Erste Hoff") < waitlist.index("Zweiter Hoff") < waitlist.index(
        "Dritte Hoff")
    assert '>1</td>' in waitlist and '>3</td>' in waitlist
    assert "1 von 1 Plätzen belegt, 0 frei." in html


def test_htmx_gets_the_partial(cast, login):
    html = login(cast.fatma).get(url(cast.run_a), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="run-referrals"')


def test_roster_read_is_audited(cast, login, lena_referral):
    login(cast.fatma).get(url(cast.run_a))
    seen = set(AuditEvent.objects.filter(action="view", actor=cast.fatma)
               .values_list("client_id", flat=True))
    assert {cast.nina.pk, cast.ali.pk, lena_referral.client_id} <= seen


@pytest.mark.parametrize("name", ["jonas", "karl", "petra", "maria", "admin"])
def test_staff_who_do_not_lead_the_run_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(url(cast.run_a)).status_code == 403


def test_other_job_centre_gets_404(cast, login):
    assert login(cast.olga).get(url(cast.run_a)).status_code == 404


def test_unknown_run_gets_404(cast, login, random_id):
    assert login(cast.fatma).get(reverse("clients:run-referrals", args=[random_id])
                                 ).status_code == 404


def test_post_is_405(cast, login):
    assert login(cast.fatma).post(url(cast.run_a)).status_code == 405


def test_many_referrals_bounded_queries(cast, login):
    run_c = make_run(cast, capacity=10)
    for number in range(30):
        referral = referral_create(actor=cast.karl, run=run_c, potential_note="x",
                                   client=make_client(cast, number=f"MAS-{number:04d}"))
        if number < 10:
            referral_accept(actor=cast.fatma, referral=referral)
    c = login(cast.fatma)
    # +1: the unread notices in the staff header (issue 15)
    with assert_max_queries(15):
        html = c.get(url(run_c)).content.decode()
    assert "10 von 10 Plätzen belegt, 0 frei." in html
    assert html.count("Teilnahme beenden<span") == 10
    assert html.count("aufnehmen</span>") == 0  # full: the 20 wait (issue 11.6)
    assert html.count("Wird aufgenommen, sobald ein Platz frei ist.") == 20


def _full_run_with_pending(cast):
    run_c = make_run(cast, capacity=1)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0520", first="Sitz"), run=run_c,
        potential_note="x"))
    waiting = referral_create(actor=cast.karl, client=make_client(cast, number="BOR-0521",
                                                                  first="Warte"),
                              run=run_c, potential_note="x")
    pending = referral_create(actor=cast.karl, client=make_client(cast, number="BOR-0522",
                                                                  first="Offen"),
                              run=run_c, potential_note="x")
    pending.status = "pending"  # referred before the run filled up
    pending.waitlisted_at = None
    pending.save()
    return run_c, waiting, pending


def test_full_run_offers_the_waitlist_not_aufnehmen(cast, login):
    """Issue 11.6: on a full run "aufnehmen" is not offered; the waitlist is."""
    run_c, waiting, pending = _full_run_with_pending(cast)
    html = login(cast.fatma).get(url(run_c)).content.decode()
    assert "aufnehmen</span>" not in html
    assert reverse("clients:referral-accept", args=[waiting.pk]) not in html
    assert "Offen Hoff auf die Warteliste" in html
    assert reverse("clients:referral-waitlist", args=[pending.pk]) in html
    assert "Wird aufgenommen, sobald ein Platz frei ist." in html


def test_accepting_ahead_of_the_waitlist_asks_for_a_reason(cast, login):
    """Issue 11.6: with a free seat, only the first waiting person is accepted without a
    reason; everyone after them gets a reason field."""
    run_c, waiting, pending = _full_run_with_pending(cast)
    seated = run_c.referrals.get(status="accepted")
    from neue_wege.clients.services import referral_withdraw
    referral_withdraw(actor=cast.fatma, referral=seated, reason="umgezogen")
    html = login(cast.fatma).get(url(run_c)).content.decode()
    assert "Warte Hoff aufnehmen" in html and "Offen Hoff aufnehmen" in html
    assert 'name="skip-reason"' in html and f'id="skip-{pending.pk}"' in html
    assert f'id="skip-{waiting.pk}"' not in html
    assert "Grund für das Vorziehen (1 Person wartet länger)" in html


def test_roster_offers_one_way_to_end_a_seat(cast, login):
    """Issue 11.18: each active row had a link to end the seat and an inline "abmelden" box
    with its own reason; now one link, explained above the table."""
    html = login(cast.fatma).get(url(cast.run_a)).content.decode()
    roster = html[html.index('id="participants-heading"'):]
    for enrollment in (cast.nina_enrollment, cast.ali_enrollment):
        end = reverse("outcomes:enrollment-end", args=[enrollment.pk])
        assert roster.count(end) == 1
        assert reverse("clients:referral-withdraw", args=[enrollment.referral_id]) not in roster
    assert "abmelden</span>" not in roster and "Grund der Abmeldung" not in roster
    assert "<textarea" not in roster and 'name="withdraw-reason"' not in roster
    assert "„Teilnahme beenden“ führt zu einer Seite" in roster
