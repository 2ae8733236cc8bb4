"""dashboards:home — one start page per role (Übersicht)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Client
from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.organisation.models import Location
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance, Run, Session
from neue_wege.testing.assertions import assert_max_queries
from neue_wege.testing.personas import PASSWORD, make_user

URL = reverse("dashboards:home")
pytestmark = pytest.mark.django_db


def _session(run: Run, starts_at: dt.datetime) -> Session:
    return Session.objects.create(run=run, starts_at=starts_at,
                                  ends_at=starts_at + dt.timedelta(hours=3), topic="Stärken")


def _clients(cast, count: int, *, municipality=None, prefix="X") -> list[Client]:
    return [
        client_create(actor=cast.karl, case_number=f"{prefix}-{i:04d}", first_name="Erika",
                      last_name=f"Musterfrau{prefix}{i}", date_of_birth=dt.date(1980, 1, 1),
                      gender="f", municipality=municipality or cast.bocholt,
                      benefit_since=dt.date(2020, 1, 1))
        for i in range(count)
    ]


# --- everyone ---------------------------------------------------------------------------------
def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["fatma", "karl", "maria", "admin"])
def test_post_is_not_allowed(cast, login, persona):
    assert login(getattr(cast, persona)).post(URL).status_code == 405


def test_participant_is_sent_to_the_portal(cast, login):
    response = login(cast.nina_user).get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_participant_lands_on_the_portal_after_logging_in(cast, client):
    response = client.post(reverse("login"), {"username": cast.nina_user.username,
                                              "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"
    assert "Hallo Nina!" in response.content.decode()


def test_staff_without_job_centre_gets_403(cast, login):
    user = make_user("ohne", "facilitator", None, "Otto", "Ohne")
    response = login(user).get(URL)
    assert response.status_code == 403
    assert "Kein Zugang" in response.content.decode()


# --- facilitator ------------------------------------------------------------------------------
def test_facilitator_sees_own_runs_with_free_seats_and_pending_referrals(cast, login):
    (extra,) = _clients(cast, 1)
    referral_create(actor=cast.karl, client=extra, run=cast.run_a, potential_note="Mag Menschen.")
    page = login(cast.fatma).get(URL).content.decode()
    assert "Laufende und kommende Durchläufe" in page
    assert "Stärken entdecken A" in page
    assert "8 von 10" in page  # nina and ali hold two of ten seats
    assert reverse("clients:run-referrals", args=[cast.run_a.pk]) in page
    assert "Stärken entdecken B" not in page  # jonas's run


def test_facilitator_sees_todays_sessions_with_attendance_link(cast, login):
    now = timezone.localtime()
    today_session = _session(cast.run_a, now.replace(hour=9, minute=0, second=0, microsecond=0))
    _session(cast.run_b, now.replace(hour=9, minute=0, second=0, microsecond=0))
    page = login(cast.fatma).get(URL).content.decode()
    assert "Termine heute" in page
    assert reverse("programmes:session-attendance", args=[today_session.pk]) in page
    assert page.count("Anwesenheit erfassen") == 1


def test_facilitator_sees_who_missed_the_last_session(cast, login):
    now = timezone.now()
    earlier = _session(cast.run_a, now - dt.timedelta(days=7))
    last = _session(cast.run_a, now - dt.timedelta(days=2))
    Attendance.objects.create(session=earlier, enrollment=cast.nina_enrollment,
                              status=Attendance.Status.ABSENT)
    Attendance.objects.create(session=last, enrollment=cast.nina_enrollment,
                              status=Attendance.Status.PRESENT)
    Attendance.objects.create(session=last, enrollment=cast.ali_enrollment,
                              status=Attendance.Status.EXCUSED)
    page = login(cast.fatma).get(URL).content.decode()
    assert "Wer fehlte beim letzten Termin?" in page
    assert "Ali Demir" in page
    assert "entschuldigt" in page
    assert "Nina Kemper" not in page  # absent only at an earlier session
    assert AuditEvent.objects.filter(actor=cast.fatma, action="view",
                                     client_id=cast.ali.pk).exists()


def test_facilitator_with_nothing_to_do_sees_german_empty_states(cast, login):
    page = login(cast.jonas).get(URL).content.decode()
    assert "Heute haben Sie keine Termine." in page
    assert "fehlte niemand" in page


def test_facilitator_of_another_job_centre_sees_none_of_our_runs(cast, login):
    response = login(cast.olga).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stärken entdecken" not in page
    assert "Kemper" not in page


def test_facilitator_overview_query_count_is_bounded(cast, login):
    location = cast.location
    now = timezone.now()
    for i in range(15):
        run = Run.objects.create(programme_version=cast.version, title=f"Lauf {i}",
                                 location=location, capacity=12,
                                 starts_on=timezone.localdate() - dt.timedelta(days=3),
                                 ends_on=timezone.localdate() + dt.timedelta(days=30),
                                 status=Run.Status.RUNNING)
        run.facilitators.add(cast.fatma)
        _session(run, now - dt.timedelta(days=1))
        _session(run, timezone.localtime().replace(hour=10, minute=0))
    last = _session(cast.run_a, now - dt.timedelta(hours=30))
    Attendance.objects.create(session=last, enrollment=cast.ali_enrollment, status="absent")
    Attendance.objects.create(session=last, enrollment=cast.nina_enrollment, status="absent")
    browser = login(cast.fatma)
    with assert_max_queries(12):
        response = browser.get(URL)
    assert response.status_code == 200
    assert "Lauf 14" in response.content.decode()


# --- case manager -----------------------------------------------------------------------------
def test_case_manager_sees_referrals_by_state_and_latest(cast, login):
    page = login(cast.karl).get(URL).content.decode()
    assert "Zuweisungen nach Status" in page
    assert "aufgenommen" in page
    assert "Kemper, Nina" in page
    assert "Demir, Ali" in page
    assert "Lammers" not in page  # petra's client
    assert reverse("clients:referral-list") in page
    assert "2 Zuweisungen insgesamt" in page


def test_case_manager_reading_latest_referrals_is_logged(cast, login):
    login(cast.karl).get(URL)
    assert AuditEvent.objects.filter(actor=cast.karl, object_type="clients.Referral",
                                     client_id=cast.nina.pk).exists()


def test_case_manager_overview_query_count_is_bounded(cast, login):
    clients = _clients(cast, 40)
    for person in clients:
        referral_create(actor=cast.karl, client=person, run=cast.run_b, potential_note="x")
    browser = login(cast.karl)
    # Fixed per request: session, user, second-factor device, the idle-timeout stamp (first
    # request only: savepoint, update, release), audit insert; then the page's own queries
    # including the due follow-ups. None of them grows with the 40 referrals.
    with assert_max_queries(12):
        response = browser.get(URL)
    assert "42 Zuweisungen insgesamt" in response.content.decode()


# --- management -------------------------------------------------------------------------------
def test_management_sees_aggregates_without_names(cast, login):
    response = login(cast.maria).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Plätze und Auslastung je Standort und Monat" in page
    assert 'role="img"' in page
    for surname in ("Kemper", "Demir", "Lammers"):
        assert surname not in page


def test_management_small_cells_are_suppressed(cast, login):
    page = login(cast.maria).get(URL).content.decode()
    # two runs of ten seats in Bocholt this month, three participants: shown as "< 5"
    assert "&lt; 5" in page
    assert "Werte von 1 bis 4 Personen" in page


def test_management_sees_waitlist_and_where_waiting_clients_live(cast, login):
    small = Run.objects.create(programme_version=cast.version, title="Kleiner Kreis",
                               location=cast.location, capacity=1,
                               starts_on=timezone.localdate() + dt.timedelta(days=10),
                               ends_on=timezone.localdate() + dt.timedelta(days=50))
    first, *waiting = _clients(cast, 7, municipality=cast.gronau, prefix="G")
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=first, run=small, potential_note="x"))
    for person in waiting:
        referral_create(actor=cast.karl, client=person, run=small, potential_note="x")
    (lonely,) = _clients(cast, 1, prefix="B")
    referral_create(actor=cast.karl, client=lonely, run=cast.run_a, potential_note="x")
    page = login(cast.maria).get(URL).content.decode()
    assert "Wo wohnen die Wartenden?" in page
    assert "Kleiner Kreis" in page
    assert "Gronau (Westf.)" in page
    assert ">6<" in page  # six people wait for "Kleiner Kreis", all from Gronau
    assert "MusterfrauG" not in page


def test_management_waitlist_hidden_run_cannot_be_subtracted(cast, login):
    """Issue 12: 9, 6, "< 5" and "zusammen 17" gave the hidden run (2) away."""
    clients = _clients(cast, 20, municipality=cast.gronau, prefix="W")
    start = timezone.localdate() + dt.timedelta(days=10)
    sizes = {"Lauf neun": 9, "Lauf sechs": 6, "Lauf zwei": 2}
    taken = 0
    for title, size in sizes.items():
        run = Run.objects.create(programme_version=cast.version, title=title,
                                 location=cast.location, capacity=1, starts_on=start,
                                 ends_on=start + dt.timedelta(days=40))
        first, *waiting = clients[taken:taken + size + 1]
        referral_accept(actor=cast.fatma, referral=referral_create(
            actor=cast.karl, client=first, run=run, potential_note="x"))
        for person in waiting:  # the run is full: these wait
            referral_create(actor=cast.karl, client=person, run=run, potential_note="x")
        taken += size + 1
    page = login(cast.maria).get(URL).content.decode()
    waitlist = page[page.index('id="waitlist"'):page.index('id="residence"')]
    cells = re.findall(r'<td class="kern-table__cell">([^<]*)</td>\s*</tr>', waitlist)
    # Runs in order of start and title: neun, sechs, zwei. The 2 is "< 5"; the 6 is hidden as
    # its complement, so "zusammen 17" − 9 leaves 8 for two hidden runs: 1 + 7 … 3 + 5.
    assert cells == ["9", "•", "&lt; 5", "17"]


def test_management_filters_by_year_and_rejects_bad_year_in_german(cast, login):
    browser = login(cast.maria)
    page = browser.get(URL, {"jahr": "2014"}).content.decode()
    assert "In diesem Jahr gibt es keine Durchläufe." in page
    bad = browser.get(URL, {"jahr": "1999"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Bitte wählen Sie ein Jahr zwischen 2013" in text
    assert f"({timezone.localdate().year})" in text


def test_management_does_not_count_another_job_centres_runs(cast, login):
    other_location = Location.objects.create(job_centre=cast.other_job_centre, name="Rheine",
                                             municipality=cast.gronau)
    from neue_wege.programmes.models import Programme, ProgrammeVersion
    programme = Programme.objects.create(job_centre=cast.other_job_centre, name="Fremd")
    version = ProgrammeVersion.objects.create(programme=programme, number=1,
                                              valid_from=dt.date(2020, 1, 1), content="x",
                                              target_group_description="x", change_note="x",
                                              created_by=cast.olga)
    Run.objects.create(programme_version=version, title="Fremder Lauf", location=other_location,
                       capacity=10, starts_on=timezone.localdate(),
                       ends_on=timezone.localdate() + dt.timedelta(days=5))
    page = login(cast.maria).get(URL).content.decode()
    assert "Rheine" not in page


def test_management_overview_query_count_is_bounded(cast, login):
    clients = _clients(cast, 30, municipality=cast.gronau)
    for i in range(10):
        run = Run.objects.create(programme_version=cast.version, title=f"Voll {i}",
                                 location=cast.location, capacity=1,
                                 starts_on=timezone.localdate(),
                                 ends_on=timezone.localdate() + dt.timedelta(days=40))
        first, *rest = clients[i * 3:(i + 1) * 3]
        referral_accept(actor=cast.fatma, referral=referral_create(
            actor=cast.karl, client=first, run=run, potential_note="x"))
        for person in rest:
            referral_create(actor=cast.karl, client=person, run=run, potential_note="x")
    browser = login(cast.maria)
    # Includes the fixed per-request queries (session, user, second-factor device, idle stamp)
    # and the unread notices in the staff header (issue 15). The first view counts the
    # figures and stores them (+5: the overview's queries; +5: storing them) …
    with assert_max_queries(21):
        response = browser.get(URL)
    assert "Voll 9" in response.content.decode()
    # … every later view reads the stored copy.
    with assert_max_queries(6):
        response = browser.get(URL)
    assert "Voll 9" in response.content.decode()


# --- administrator ----------------------------------------------------------------------------
def test_administrator_is_pointed_to_accounts_and_locations(cast, login):
    page = login(cast.admin).get(URL).content.decode()
    assert "Übersicht: Administration" in page
    assert reverse("organisation:user-list") in page
    assert reverse("organisation:location-list") in page
    assert "Kemper" not in page


def _count_overviews(monkeypatch) -> list[int]:  # noqa: ANN001
    from neue_wege.dashboards import selectors as dashboard_selectors

    calls: list[int] = []
    real = dashboard_selectors.management_overview

    def counted(**kwargs):  # noqa: ANN003, ANN202
        calls.append(kwargs["year"])
        return real(**kwargs)

    monkeypatch.setattr(dashboard_selectors, "management_overview", counted)
    return calls


def _wait_in_full_run(cast, title: str, waiting: int, prefix: str) -> Run:
    run = Run.objects.create(programme_version=cast.version, title=title, location=cast.location,
                             capacity=1, starts_on=timezone.localdate() + dt.timedelta(days=10),
                             ends_on=timezone.localdate() + dt.timedelta(days=50))
    first, *rest = _clients(cast, waiting + 1, municipality=cast.gronau, prefix=prefix)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=first, run=run, potential_note="x"))
    for person in rest:
        referral_create(actor=cast.karl, client=person, run=run, potential_note="x")
    return run


def test_management_overview_is_stored_once_per_job_centre_year_and_language(
        cast, login, monkeypatch):
    """At a county's scale the overview sums tens of thousands of referrals (about 1 s at a
    million clients): it is counted once and stored; later views read the stored figures and
    the page says how fresh they are."""
    calls = _count_overviews(monkeypatch)
    browser = login(cast.maria)
    first = browser.get(URL)
    assert first.status_code == 200 and "Stand:" in first.content.decode()
    browser.get(URL)
    this_year = timezone.localdate().year
    assert calls == [this_year]
    browser.get(URL + f"?jahr={this_year - 1}")
    assert calls == [this_year, this_year - 1]
    # Chart titles are words: an English page has its own stored copy.
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = browser.get(URL)
    del browser.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert calls == [this_year, this_year - 1, this_year]
    assert "Waitlist by programme" in english.content.decode()
    assert "Warteliste je Projekt" in browser.get(URL).content.decode()


def test_stale_overview_is_shown_while_the_worker_counts_it_again(cast, login, monkeypatch):
    from neue_wege.jobs.models import StoredFigures
    from neue_wege.jobs.worker import run_queued

    _wait_in_full_run(cast, "Erster Kreis", 6, "A")
    browser = login(cast.maria)
    assert ">6<" in browser.get(URL).content.decode()
    _wait_in_full_run(cast, "Zweiter Kreis", 7, "B")
    # Within two minutes the stored figures are fresh: no refresh is queued.
    assert "Zweiter Kreis" not in browser.get(URL).content.decode()
    assert run_queued() == 0
    StoredFigures.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=3))
    calls = _count_overviews(monkeypatch)
    stale = browser.get(URL).content.decode()
    browser.get(URL)  # a second view while the refresh waits queues nothing more
    assert "Zweiter Kreis" not in stale  # nobody waited for the counting …
    assert "im Hintergrund berechnet" in stale
    assert calls == []
    assert run_queued() == 1  # … the worker counted once
    assert calls == [timezone.localdate().year]
    fresh = browser.get(URL).content.decode()
    assert "Zweiter Kreis" in fresh and ">7<" in fresh
    assert "im Hintergrund berechnet" not in fresh
    assert StoredFigures.objects.get(language="de").refresh_requested_at is None


def test_a_refresh_asked_by_an_account_that_lost_its_right_counts_nothing(cast, login):
    from neue_wege.dashboards import overview
    from neue_wege.jobs import stored
    from neue_wege.jobs.models import StoredFigures

    login(cast.maria).get(URL)
    StoredFigures.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=3),
                                    refresh_requested_at=timezone.now())
    before = StoredFigures.objects.get().computed_at
    cast.maria.is_active = False
    cast.maria.save(update_fields=["is_active"])
    stored.refresh_figures.call(kind=overview.KIND, user_id=str(cast.maria.pk),
                                key=str(timezone.localdate().year), language="de")
    row = StoredFigures.objects.get()
    assert row.computed_at == before and row.refresh_requested_at is None


def test_stored_overview_is_read_only_with_its_signature(cast, login, monkeypatch):
    """Bytes written into the table by someone without the SECRET_KEY are never unpickled:
    the figures are counted again."""
    import pickle

    from neue_wege.jobs.models import StoredFigures

    browser = login(cast.maria)
    browser.get(URL)
    StoredFigures.objects.update(payload=bytes(32) + pickle.dumps({"forged": True}))
    calls = _count_overviews(monkeypatch)
    response = browser.get(URL)
    assert response.status_code == 200 and calls == [timezone.localdate().year]
    assert "Plätze und Auslastung je Standort und Monat" in response.content.decode()
