import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.programmes.models import Run

pytestmark = pytest.mark.django_db
URL = reverse("programmes:run-create")


def data(cast, **extra):
    values = {"programme_version": str(cast.version.pk), "title": "Stärken entdecken C",
              "location": str(cast.location.pk), "capacity": "12",
              "starts_on": "2027-02-01", "ends_on": "2027-04-30", "status": "open",
              "co_facilitators": [str(cast.jonas.pk)],
              "tg-age_min": "25", "tg-age_max": "", "tg-single_parents_only": "on",
              "tg-min_german_level": "B1", "tg-health_limits_welcome": "on",
              "tg-description": ""}
    values.update(extra)
    return values


def test_form_offers_locations_including_mobile_and_colleagues(cast, login):
    Location.objects.create(job_centre=cast.job_centre, name="Pfarrheim Vreden",
                            kind=Location.Kind.MOBILE_VENUE, municipality=cast.gronau)
    text = login(cast.fatma).get(URL).content.decode()
    assert "Neuer Durchlauf" in text and "Zielgruppe" in text
    assert "Pfarrheim Vreden (mobiles Angebot)" in text
    assert "Jonas Terhorst" in text
    assert "Fatma Yılmaz</label>" not in text  # the creator is not offered as co-facilitator
    assert "Karl Böing" not in text  # case managers are no co-facilitators
    assert "Stärken entdecken – Version 1" in text


def test_create_run(cast, login):
    response = login(cast.fatma).post(URL, data(cast))
    run = Run.objects.get(title="Stärken entdecken C")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:run-detail", args=[run.pk])
    assert set(run.facilitators.all()) == {cast.fatma, cast.jonas}
    assert run.target_group.age_min == 25 and run.target_group.single_parents_only
    assert run.target_group.min_german_level == "B1"


def test_personas(check_personas):
    check_personas(URL, {"fatma": 200, "jonas": 200, "olga": 200, "karl": 403, "maria": 403,
                         "admin": 403})


def test_olga_cannot_use_our_programme_version(cast, login):
    response = login(cast.olga).post(URL, data(cast, co_facilitators=[]))
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    assert not Run.objects.filter(title="Stärken entdecken C").exists()


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.fatma).post(URL, data(cast, ends_on="2027-01-01", **{
        "tg-age_min": "50", "tg-age_max": "30"}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in text
    assert "Das Höchstalter darf nicht unter dem Mindestalter liegen." in text
    assert 'value="Stärken entdecken C"' in text and 'value="50"' in text
    assert not Run.objects.filter(title="Stärken entdecken C").exists()


def test_case_manager_post_forbidden(cast, login):
    assert login(cast.karl).post(URL, data(cast)).status_code == 403


def test_put_not_allowed(cast, login):
    assert login(cast.fatma).put(URL).status_code == 405


def test_form_offers_only_what_makes_sense_for_a_new_run(cast, login):
    """Issue 11.7: no "beendet"/"abgesagt"/"läuft", no version a newer one replaced."""
    import datetime as dt

    from django.utils import timezone

    from neue_wege.programmes.models import ProgrammeVersion

    ProgrammeVersion.objects.create(
        programme=cast.programme, number=2, valid_from=timezone.localdate() - dt.timedelta(days=5),
        content="neu", target_group_description="alle", change_note="neu",
        created_by=cast.admin)
    text = login(cast.fatma).get(URL).content.decode()
    assert "Stärken entdecken – Version 2" in text
    assert "Stärken entdecken – Version 1" not in text
    assert '<option value="planned"' in text and '<option value="open"' in text
    for status in ("finished", "cancelled", "running"):
        assert f'<option value="{status}"' not in text


def test_posting_a_finished_run_is_refused(cast, login):
    response = login(cast.fatma).post(URL, data(cast, status="finished"))
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    assert not Run.objects.filter(title="Stärken entdecken C").exists()
