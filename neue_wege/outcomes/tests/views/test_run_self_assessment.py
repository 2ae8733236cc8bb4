import pytest
from django.urls import reverse

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.outcomes.models import SelfAssessment
from neue_wege.outcomes.services import current_instrument
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(run):
    return reverse("outcomes:run-self-assessment", args=[run.pk])


def answer(enrollment, moment, value):
    instrument = current_instrument()
    return SelfAssessment.objects.create(
        enrollment=enrollment, instrument=instrument, moment=moment,
        answers={str(i.order): value for i in instrument.items.all()}, score=value,
        taken_at="2026-01-01T10:00:00Z")


def extra_seats(cast, count):
    seats = []
    first = Client.objects.count()
    for n in range(first, first + count):
        client = Client.objects.create(
            job_centre=cast.job_centre, case_number=f"BOR-07{n:02d}", first_name=f"P{n}",
            last_name="Gruppe", date_of_birth="1990-01-01", gender="f",
            municipality=cast.bocholt, benefit_since="2022-01-01", case_manager=cast.karl)
        referral = Referral.objects.create(client=client, run=cast.run_a, referred_by=cast.karl,
                                           potential_note="x", status="accepted")
        seats.append(Enrollment.objects.create(referral=referral, client=client,
                                               run=cast.run_a, started_on=cast.run_a.starts_on))
    return seats


def test_fewer_than_five_pairs_shows_no_means_and_no_values(cast, login):
    answer(cast.nina_enrollment, "start", 2.125)
    answer(cast.nina_enrollment, "end", 3.375)
    response = login(cast.fatma).get(url(cast.run_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zu wenige Angaben" in html and "Nina Kemper" in html and "ausgefüllt" in html
    assert "2,12" not in html and "3,38" not in html and "2.12" not in html
    assert AuditEvent.objects.filter(action="view", object_type="clients.Enrollment",
                                     actor=cast.fatma, client_id=cast.nina.pk).exists()


def test_five_pairs_show_paired_means(cast, login):
    seats = [cast.nina_enrollment, cast.ali_enrollment, *extra_seats(cast, 3)]
    for n, seat in enumerate(seats):
        answer(seat, "start", 2.0 + n * 0.1)
        answer(seat, "end", 3.0)
    extra = extra_seats(cast, 1)[0]  # only a start: not part of a pair
    answer(extra, "start", 1.0)
    html = login(cast.fatma).get(url(cast.run_a)).content.decode()
    assert "Zu wenige Angaben" not in html
    assert "2,20" in html and "3,00" in html and "+0,80" in html


@pytest.mark.parametrize("name", ["jonas", "karl", "maria", "admin", "olga"])
def test_others_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(url(cast.run_a)).status_code == 404


def test_participant_gets_404(cast, login):
    assert login(cast.nina_user).get(url(cast.run_a)).status_code == 404
