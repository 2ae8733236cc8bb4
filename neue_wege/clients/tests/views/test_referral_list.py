import datetime as dt
import re

import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_create, referral_decline
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = reverse("clients:referral-list")


def test_case_manager_sees_referrals_of_own_caseload(cast, login, lena_referral):
    response = login(cast.karl).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Zuweisungen" in html
    assert "Kemper, Nina" in html and "Demir, Ali" in html and "Hoff, Lena" in html
    assert "Lammers" not in html
    assert "wartet auf Entscheidung" in html and "aufgenommen" in html


def test_facilitator_sees_referrals_to_runs_they_lead(cast, login, lena_referral):
    everything = {"status": "", "runs": ""}
    html = login(cast.fatma).get(URL, everything).content.decode()
    assert "Kemper, Nina" in html and "Hoff, Lena" in html and "Lammers" not in html
    html = login(cast.jonas).get(URL, everything).content.decode()
    assert "Lammers, Sven" in html and "Kemper" not in html


def test_facilitator_of_another_job_centre_sees_nothing(cast, login):
    html = login(cast.olga).get(URL).content.decode()
    assert "Keine Zuweisungen gefunden." in html and "Kemper" not in html


@pytest.mark.parametrize("name", ["maria", "admin"])
def test_management_and_administrators_get_403(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 403


def test_post_is_405(cast, login):
    assert login(cast.karl).post(URL).status_code == 405


def test_filter_by_status(cast, login, lena_referral):
    c = login(cast.karl)
    html = c.get(URL, {"status": "pending"}).content.decode()
    assert "Hoff, Lena" in html and "Kemper" not in html
    html = c.get(URL, {"status": "accepted"}).content.decode()
    assert "Kemper, Nina" in html and "Hoff" not in html
    referral_decline(actor=cast.fatma, referral=lena_referral, reason="passt nicht")
    html = c.get(URL, {"status": "declined"}).content.decode()
    assert "Hoff, Lena" in html and "abgelehnt" in html


def test_unknown_status_shows_german_error(cast, login):
    response = login(cast.karl).get(URL, {"status": "kaputt"})
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()


def test_sort_by_client(cast, login):
    c = login(cast.karl)
    html = c.get(URL, {"sort": "client"}).content.decode()
    assert html.index("Demir, Ali") < html.index("Kemper, Nina")
    html = c.get(URL, {"sort": "-client"}).content.decode()
    assert html.index("Kemper, Nina") < html.index("Demir, Ali")


def test_list_is_audited(cast, login):
    login(cast.karl).get(URL)
    seen = set(AuditEvent.objects.filter(action="view", object_type="clients.Referral",
                                         actor=cast.karl).values_list("client_id", flat=True))
    assert seen == {cast.nina.pk, cast.ali.pk}


def test_many_referrals_bounded_queries(cast, login):
    runs = [make_run(cast, capacity=5, title=f"Lauf {i}") for i in range(3)]
    for number in range(40):
        client = make_client(cast, number=f"MAS-{number:04d}", last=f"Masse{number:03d}")
        referral_create(actor=cast.karl, client=client, run=runs[number % 3],
                        potential_note="viel")
    c = login(cast.karl)
    with assert_max_queries(12):
        response = c.get(URL, {"sort": "client"})
    html = response.content.decode()
    assert "42 Einträge" in html and "Seite 1 von 2" in html and "Nächste Seite" in html
    # A full page of 25 rows by name: 23 of these and the two of the cast (Ali, Nina).
    assert len(set(re.findall(r"Masse\d{3}", html))) == 23
    with assert_max_queries(12):
        page2 = c.get(URL, {"sort": "run", "page": 2})
    assert page2.status_code == 200
    assert len(set(re.findall(r"Masse\d{3}", page2.content.decode()))) >= 15
    facilitator = login(cast.fatma)
    with assert_max_queries(12):
        own = facilitator.get(URL)
    assert own.status_code == 200
    assert len(set(re.findall(r"Masse\d{3}", own.content.decode()))) == 25  # her runs' rows


def test_facilitator_starts_on_pending_referrals_of_current_runs(cast, login, lena_referral):
    """Issue 11.21: the facilitator's list opens on what waits for a decision now, not on
    "alle" starting with old runs."""
    old = make_run(cast, title="Alter Lauf 2024")
    old_referral = referral_create(actor=cast.karl, client=make_client(cast, number="BOR-0700",
                                                                       last="Altfall"),
                                   run=old, potential_note="x")
    Run.objects.filter(pk=old.pk).update(starts_on=dt.date(2024, 2, 1),
                                         ends_on=dt.date(2024, 5, 31))
    c = login(cast.fatma)
    html = c.get(URL).content.decode()
    assert "Hoff, Lena" in html  # pending, run A is current
    assert "Kemper, Nina" not in html  # accepted
    assert "Altfall" not in html  # pending, but the run ended in 2024
    assert '<option value="pending" selected>' in html
    assert '<option value="current" selected>' in html
    # sorting keeps the default; choosing "alle" shows everything
    assert "Altfall" not in c.get(URL, {"sort": "client"}).content.decode()
    html = c.get(URL, {"status": "", "runs": ""}).content.decode()
    assert "Altfall" in html and "Kemper, Nina" in html and "Hoff, Lena" in html
    assert old_referral.status == "pending"


def test_case_manager_still_starts_on_all(cast, login, lena_referral):
    html = login(cast.karl).get(URL).content.decode()
    assert "Kemper, Nina" in html and "Hoff, Lena" in html
