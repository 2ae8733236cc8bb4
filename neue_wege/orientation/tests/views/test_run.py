"""orientation/views_run.py — the facilitator's pathway pages of a run: exact redirect targets,
who gets in, which methods (the flows themselves: test_pathway_facilitator.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.orientation.services import occupation_choices
from neue_wege.orientation.tests.pathway_fixtures import fake_assistant, make_occupations

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(cast, monkeypatch):
    fake_assistant(monkeypatch, make_occupations(3))
    return occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                  enrollment=cast.nina_enrollment)


def _urls(cast, row=None) -> dict[str, str]:
    run, enrollment = cast.run_a.pk, cast.nina_enrollment.pk
    urls = {
        "run-pathways": reverse("orientation:run-pathways", args=[run]),
        "run-pathway-detail": reverse("orientation:run-pathway-detail", args=[run, enrollment]),
        "run-pathway-suggestions": reverse("orientation:run-pathway-suggestions",
                                           args=[run, enrollment]),
    }
    if row is not None:
        urls["run-suggestion-decide"] = reverse("orientation:run-suggestion-decide",
                                                args=[run, enrollment, row.pk])
    return urls


def test_facilitator_reads_every_page_in_german(cast, rows, login):
    client = login(cast.fatma)
    for name, url in _urls(cast).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert 'lang="de"' in response.content.decode()
    assert "Kemper" in client.get(_urls(cast)["run-pathways"]).content.decode()


def test_anonymous_is_sent_to_the_login_with_the_page_as_next(cast, rows, client):
    for url in _urls(cast, rows[0]).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_asking_again_redirects_to_the_suggestions_page(cast, rows, login):
    url = _urls(cast)["run-pathway-suggestions"]
    response = login(cast.fatma).post(url)
    assert response.status_code == 302
    assert response["Location"] == url


@pytest.mark.parametrize("status", ["saved", "dismissed", "hacked"])
def test_deciding_redirects_to_the_suggestions_page(cast, rows, login, status):
    urls = _urls(cast, rows[0])
    response = login(cast.fatma).post(urls["run-suggestion-decide"], {"status": status})
    assert response.status_code == 302
    assert response["Location"] == urls["run-pathway-suggestions"]


def test_methods(cast, rows, login):
    client = login(cast.fatma)
    urls = _urls(cast, rows[0])
    assert client.get(urls["run-suggestion-decide"]).status_code == 405
    assert client.post(urls["run-pathways"]).status_code == 405
    assert client.post(urls["run-pathway-detail"]).status_code == 405


@pytest.mark.parametrize("persona", ["jonas", "karl", "maria", "admin", "olga", "nina_user"])
def test_everyone_but_the_runs_facilitators_gets_404(cast, rows, login, persona):
    client = login(getattr(cast, persona))
    for name, url in _urls(cast).items():
        assert client.get(url).status_code == 404, name
