import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Referral
from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client, make_run
from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db


def url(client):
    return reverse("clients:referral-create", args=[client.pk])


def test_form_lists_runs_with_free_seats_and_waitlist(cast, login, lena):
    run_c = make_run(cast, capacity=1)
    other = make_client(cast, number="BOR-0101", first="Otto", last="Voll")
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=other, run=run_c, potential_note="x"))
    referral_create(actor=cast.karl, client=make_client(cast, number="BOR-0102", first="Wim"),
                    run=run_c, potential_note="y")
    response = login(cast.karl).get(url(lena))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lena Hoff einem Durchlauf zuweisen" in html
    assert "Welches Potenzial sehen Sie?" in html
    assert "Stärken entdecken A" in html and "8 von 10 Plätzen frei, Warteliste: 0" in html
    assert "Neustart C" in html and "0 von 1 Plätzen frei, Warteliste: 1" in html
    assert "Wählen Sie einen Durchlauf" in html
    assert f'hx-get="{url(lena)}"' in html and 'hx-target="#referral-fit"' in html


def test_finished_and_other_centres_runs_are_not_offered(cast, login, lena):
    finished = make_run(cast, title="Alter Durchlauf")
    Run.objects.filter(pk=finished.pk).update(status=Run.Status.FINISHED)
    html = login(cast.karl).get(url(lena)).content.decode()
    assert "Alter Durchlauf" not in html


def test_htmx_returns_the_fit_partial(cast, login, lena):
    run_c = make_run(cast, age_min=18, age_max=30, single_parents_only=True,
                     description="Interesse an Pflege")
    response = login(cast.karl).get(url(lena), {"run": str(run_c.pk)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="referral-fit"' in html
    # Lena is 36 at the start (born 20.05.1990) and not a single parent
    assert "Alter" in html and "18 bis 30 Jahre" in html and "passt nicht" in html
    assert "Alleinerziehend" in html
    assert "Interesse an Pflege" in html and "im Gespräch prüfen" in html
    assert "0 von 2 prüfbaren Kriterien passen" in html


def test_htmx_fit_shows_matches(cast, login, lena):
    run_c = make_run(cast, age_min=25, age_max=60)
    html = login(cast.karl).get(url(lena), {"run": str(run_c.pk)},
                                HTTP_HX_REQUEST="true").content.decode()
    assert "1 von 1 prüfbaren Kriterien passen" in html
    assert ">passt<" in html


def test_htmx_with_unknown_run_asks_to_choose(cast, login, lena, random_id):
    html = login(cast.karl).get(url(lena), {"run": str(random_id)},
                                HTTP_HX_REQUEST="true").content.decode()
    assert "Wählen Sie einen Durchlauf" in html


def test_referral_to_run_with_seats_is_pending(cast, login, lena):
    response = login(cast.karl).post(url(lena), {"run": str(cast.run_a.pk),
                                                 "potential_note": "Organisiert gern."})
    referral = Referral.objects.get(client=lena)
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:referral-detail", args=[referral.pk])
    assert referral.status == Referral.Status.PENDING and referral.referred_by == cast.karl
    html = login(cast.karl).get(response["Location"]).content.decode()
    assert "Die Projektleitung entscheidet" in html


def test_referral_to_full_run_goes_to_waitlist_with_german_message(cast, login, lena):
    run_c = make_run(cast, capacity=1)
    referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=make_client(cast, number="BOR-0101", first="Otto"), run=run_c,
        potential_note="x"))
    c = login(cast.karl)
    response = c.post(url(lena), {"run": str(run_c.pk), "potential_note": "Will."})
    referral = Referral.objects.get(client=lena)
    assert referral.status == Referral.Status.WAITLISTED
    html = c.get(response["Location"]).content.decode()
    assert "Der Durchlauf ist voll. Die Zuweisung steht auf der Warteliste (Platz 1)." in html


def test_duplicate_referral_shows_german_error_and_keeps_text(cast, login):
    response = login(cast.karl).post(url(cast.nina), {"run": str(cast.run_a.pk),
                                                      "potential_note": "Zweiter Versuch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "bereits eine offene Zuweisung" in html
    assert "Zweiter Versuch" in html
    assert Referral.objects.filter(client=cast.nina).count() == 1


def test_missing_note_and_run_keep_values(cast, login, lena):
    response = login(cast.karl).post(url(lena), {"run": str(cast.run_a.pk),
                                                 "potential_note": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte korrigieren Sie" in html and "Dieses Feld ist zwingend erforderlich." in html
    assert f'value="{cast.run_a.pk}" selected' in html
    assert "Passung zur Zielgruppe" in html and "25 bis 60 Jahre" in html  # fit stays visible
    assert not Referral.objects.filter(client=lena).exists()


def test_run_of_another_job_centre_is_not_a_valid_choice(cast, login, lena):
    from neue_wege.organisation.models import Location
    from neue_wege.programmes.models import Programme, ProgrammeVersion
    programme = Programme.objects.create(job_centre=cast.other_job_centre, name="Fremd")
    version = ProgrammeVersion.objects.create(
        programme=programme, number=1, valid_from=dt.date(2024, 1, 1), content="x",
        target_group_description="x", change_note="x", created_by=cast.olga)
    location = Location.objects.create(job_centre=cast.other_job_centre, name="Rheine",
                                       municipality=cast.bocholt)
    run = Run.objects.create(programme_version=version, title="Fremdlauf", location=location,
                             capacity=5, starts_on=timezone.localdate(),
                             ends_on=timezone.localdate() + dt.timedelta(days=9))
    response = login(cast.karl).post(url(lena), {"run": str(run.pk), "potential_note": "x"})
    assert "gültige Auswahl" in response.content.decode()
    assert not Referral.objects.filter(client=lena).exists()


def test_facilitator_gets_403(cast, login):
    c = login(cast.fatma)
    assert c.get(url(cast.nina)).status_code == 403
    assert c.post(url(cast.nina), {"run": str(cast.run_b.pk), "potential_note": "x"}
                  ).status_code == 403


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena):
    c = login(getattr(cast, name))
    assert c.get(url(lena)).status_code == 404
    assert c.post(url(lena), {"run": str(cast.run_a.pk), "potential_note": "x"}
                  ).status_code == 404
    assert not Referral.objects.filter(client=lena).exists()


def test_unknown_client_gets_404(cast, login, random_id):
    assert login(cast.karl).get(reverse("clients:referral-create", args=[random_id])
                                ).status_code == 404


def test_patch_is_405(cast, login, lena):
    assert login(cast.karl).patch(url(lena)).status_code == 405


def test_run_from_the_query_is_preselected_with_its_fit(cast, login, lena):
    html = login(cast.karl).get(url(lena), {"run": str(cast.run_a.pk)}).content.decode()
    assert f'value="{cast.run_a.pk}" selected' in html
    assert "25 bis 60 Jahre" in html and "1 von 1 prüfbaren Kriterien passen" in html


def test_unfitting_referral_asks_for_confirmation_with_a_reason(cast, login):
    """Issue 11.5: a 23-year-old to a run from 25 is no longer saved silently."""
    from neue_wege.clients.forms import years_before

    jan = make_client(cast, number="BOR-0510", first="Jan", last="Jung",
                      born=years_before(timezone.localdate(), 23))
    c = login(cast.karl)
    data = {"run": str(cast.run_a.pk), "potential_note": "Packt an."}
    response = c.post(url(jan), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Person passt nicht zur Zielgruppe des Durchlaufs" in html
    assert "bei der Person 23 Jahre" in html and 'id="id_fit_reason-error"' in html
    assert "Packt an." in html  # what was typed stays
    assert not Referral.objects.filter(client=jan).exists()

    response = c.post(url(jan), {**data, "fit_reason": "Wird bald 24, sehr motiviert."})
    referral = Referral.objects.get(client=jan)
    assert response.status_code == 302
    assert referral.fit_reason == "Wird bald 24, sehr motiviert."
    html = c.get(response["Location"]).content.decode()
    assert "Passt nicht zur Zielgruppe" in html and "Wird bald 24, sehr motiviert." in html
    assert "Alter: 25 bis 60 Jahre, bei der Person 23 Jahre" in html
