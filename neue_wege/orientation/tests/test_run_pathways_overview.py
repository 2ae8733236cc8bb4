"""GET /durchlaeufe/<run>/wege/: the facilitator's overview shows each participant's progress
at a glance (issue 11.23), in a constant number of queries however many participants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_accept, referral_create
from neue_wege.clients.tests.conftest import make_client
from neue_wege.orientation.models import ActionStep, OccupationSuggestion, Vision
from neue_wege.orientation.tests.pathway_fixtures import make_occupations
from neue_wege.programmes.models import Run
from neue_wege.strengths.models import Story, Strength, StrengthFeedback
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


def url(run):
    return reverse("orientation:run-pathways", args=[run.pk])


def progress(cast, enrollment, *, stories=0, private=0, feedback=0, visions=0, steps=(0, 0),
             saved=0, dismissed=0):
    """Give a seat some path: stories for the facilitator, private ones, feedback, versions
    of the Zielbild, (done, open) steps, saved and dismissed occupations."""
    strength = Strength.objects.filter(catalogue__job_centre=cast.job_centre).first()
    made = [Story.objects.create(enrollment=enrollment, title=f"G{i}", text="Ich half.",
                                 visibility=Story.Visibility.FACILITATOR)
            for i in range(stories)]
    for i in range(private):
        Story.objects.create(enrollment=enrollment, title=f"P{i}", text="privat")
    for i in range(feedback):
        StrengthFeedback.objects.create(story=made[0], strength=strength, source="self",
                                        given_by=cast.fatma if i else None)
    StrengthFeedback.objects.create(story=made[0], strength=strength, source="peer",
                                    status="removed") if stories else None
    for number in range(1, visions + 1):
        Vision.objects.create(enrollment=enrollment, number=number, what="Pflege")
    done, open_ = steps
    for i in range(done):
        ActionStep.objects.create(enrollment=enrollment, description=f"d{i}",
                                  done_on=dt.date(2026, 11, 1))
    for i in range(open_):
        ActionStep.objects.create(enrollment=enrollment, description=f"o{i}")
    occupations = make_occupations(4)
    for i in range(saved + dismissed):
        OccupationSuggestion.objects.create(
            enrollment=enrollment, occupation=occupations[i], score=0.5,
            status="saved" if i < saved else "dismissed")


def row_of(html, name):
    start = html.index(name)
    return html[start:html.index("</tr>", start)]


def test_each_participant_shows_their_progress(cast, login):
    progress(cast, cast.nina_enrollment, stories=2, private=3, feedback=2, visions=3,
             steps=(1, 2), saved=2, dismissed=1)
    response = login(cast.fatma).get(url(cast.run_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stand der Teilnehmenden auf einen Blick" in html
    cells = [c.split(">", 1)[1].split("<", 1)[0].strip()
             for c in row_of(html, "Nina Kemper").split("<td")[1:]]
    assert cells == ["2", "2", "ja (Fassung 3)", "1 von 3", "2"]
    cells = [c.split(">", 1)[1].split("<", 1)[0].strip()
             for c in row_of(html, "Ali Demir").split("<td")[1:]]
    assert cells == ["0", "0", "noch keins", "noch keine", "0"]
    assert "Sven Lammers" not in html  # run B


def test_overview_stays_within_a_constant_number_of_queries(cast, login):
    c = login(cast.fatma)
    with assert_max_queries(30) as few:
        c.get(url(cast.run_a))
    Run.objects.filter(pk=cast.run_a.pk).update(capacity=20)
    for i in range(12):
        person = make_client(cast, number=f"WEG-{i:03d}", first=f"Person{i:02d}", last="Weg")
        enrollment = referral_accept(actor=cast.fatma, referral=referral_create(
            actor=cast.karl, client=person, run=cast.run_a, potential_note="x"))
        progress(cast, enrollment, stories=1, feedback=1, visions=1, steps=(1, 1), saved=1)
    with assert_max_queries(len(few.captured_queries)):
        html = c.get(url(cast.run_a)).content.decode()
    assert html.count('<tr class="kern-table__row">') == 14 + 1  # 14 rows and the header
    for i in range(12):
        cells = [c.split(">", 1)[1].split("<", 1)[0].strip()
                 for c in row_of(html, f"Person{i:02d} Weg").split("<td")[1:]]
        assert cells == ["1", "1", "ja (Fassung 1)", "1 von 2", "1"]
