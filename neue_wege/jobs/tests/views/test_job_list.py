"""jobs/views.py — "Aufträge": own jobs only (administrator: the job centre's), progress while
running with htmx polling, failures in German, no access for participants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.jobs.models import Job

pytestmark = pytest.mark.django_db
URL = reverse("jobs:job-list")


def make(owner, title, **fields):  # noqa: ANN001, ANN003
    return Job.objects.create(owner=owner, job_centre_id=owner.job_centre_id, kind="test",
                              title=title, **fields)


def test_anonymous_goes_to_login_and_participants_are_refused(client, cast, login):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert login(cast.nina_user).get(URL).status_code == 403


def test_staff_see_only_their_own_jobs_administrators_their_job_centre(cast, login):
    make(cast.maria, "Auswertung von Maria")
    make(cast.karl, "Briefe von Karl")
    make(cast.olga, "Fremder Auftrag")
    maria = login(cast.maria).get(URL).content.decode()
    assert "Auswertung von Maria" in maria and "Briefe von Karl" not in maria
    assert "Fremder Auftrag" not in maria
    admin = login(cast.admin).get(URL).content.decode()
    assert "Auswertung von Maria" in admin and "Briefe von Karl" in admin
    assert "Fremder Auftrag" not in admin
    assert "Fremder Auftrag" in login(cast.olga).get(URL).content.decode()


def test_a_running_job_shows_progress_and_polls_a_finished_list_does_not(cast, login):
    job = make(cast.maria, "Auswertung", state=Job.State.RUNNING, done=2, total=5,
               step="PDF-Bericht wird erstellt")
    session = login(cast.maria)
    html = session.get(URL).content.decode()
    assert '<progress class="nw-progress" max="100" value="40"' in html
    assert "Schritt 2 von 5: PDF-Bericht wird erstellt" in html
    assert 'hx-trigger="every 2s"' in html
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE,
                                         result={"url": "/auswertung/", "label": "Ansehen"})
    partial = session.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in partial and "hx-trigger" not in partial
    assert '<a class="kern-link" href="/auswertung/">Ansehen</a>' in partial


def test_a_failure_is_shown_in_german_without_technical_detail(cast, login):
    make(cast.maria, "Auswertung", state=Job.State.FAILED,
         error="Der Auftrag konnte nicht abgeschlossen werden.")
    html = login(cast.maria).get(URL).content.decode()
    assert "Fehlgeschlagen" in html and "Der Auftrag konnte nicht abgeschlossen werden." in html
    assert "Traceback" not in html


def test_post_is_not_allowed(cast, login):
    assert login(cast.maria).post(URL).status_code == 405
