"""The path pages as the participant and the facilitator use them: forms, messages, the
chart, the PDF, and an audit row for every read of someone else's data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    Vision,
)
from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.services.steps_pdf import steps_pdf_create, steps_pdf_html
from neue_wege.orientation.tests.pathway_fixtures import (
    ALL_ANSWERS,
    fake_assistant,
    make_occupations,
)
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.assertions import pdf_text

pytestmark = pytest.mark.django_db



def test_interest_check_form_saves_and_shows_chart_and_table(cast, login):
    client = login(cast.nina_user)
    page = client.get(reverse("portal:pathway-interest-check-create"))
    assert page.status_code == 200
    assert page.content.decode().count('type="radio"') == 18 * 4
    data = {f"item_{key}": value for key, value in ALL_ANSWERS.items()}
    data.update({"item_s1": 3, "item_s2": 3, "item_s3": 2, "notes": "Kinder im Verein"})
    response = client.post(reverse("portal:pathway-interest-check-create"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:pathway-interests")
    html = response.content.decode()
    assert 'role="img"' in html and "<table" in html and "Sozial: 89 %" in html
    assert "Kinder im Verein" in html
    assert "style=" not in html.split("<main", 1)[1]  # strict CSP: no inline style
    assert InterestCheck.objects.get().scores["S"] == pytest.approx(0.889, abs=0.001)


def test_incomplete_interest_check_shows_errors(cast, login):
    client = login(cast.nina_user)
    response = client.post(reverse("portal:pathway-interest-check-create"), {"item_r1": 2})
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Antwort." in response.content.decode()
    assert not InterestCheck.objects.exists()


def test_vision_page_saves_versions_and_shows_the_path(cast, login):
    client = login(cast.nina_user)
    url = reverse("portal:pathway-vision")
    client.post(url, {"what": "In der Pflege arbeiten", "where": "Bocholt"})
    response = client.post(url, {"what": "In der Altenpflege arbeiten", "where": "Bocholt"},
                           follow=True)
    html = response.content.decode()
    assert "Aktuelle Fassung (2)" in html and "Fassung 1 vom" in html
    assert "In der Pflege arbeiten" in html  # the earlier version stays visible
    assert Vision.objects.count() == 2
    unchanged = client.post(url, {"what": "In der Altenpflege arbeiten", "where": "Bocholt"})
    assert "unverändert" in unchanged.content.decode()
    empty = client.post(url, {"what": ""})
    assert "Bitte schreiben Sie, was Sie arbeiten möchten." in empty.content.decode()


def test_obstacle_with_strategy(cast, login):
    client = login(cast.nina_user)
    response = client.post(reverse("portal:pathway-obstacle-create"),
                           {"kind": "addiction", "details": "Alkohol, seit 2023 trocken"})
    obstacle = Obstacle.objects.get()
    assert response.url == reverse("portal:pathway-strategy-create", args=[obstacle.pk])
    client.post(response.url, {"description": "Gruppe der Suchtberatung besuchen",
                               "helper": "addiction_counselling", "due_on": "2026-12-10"})
    html = client.get(reverse("portal:pathway-obstacles")).content.decode()
    assert "Suchtberatung" in html and "§ 16a" not in html  # plain words (issue 14)
    assert "Nur Sie und Ihre Projektleitung sehen das" in html
    assert "10.12.2026" in html
    strategy = obstacle.strategies.get()
    client.post(reverse("portal:pathway-strategy-status", args=[strategy.pk]), {"status": "done"})
    strategy.refresh_from_db()
    assert strategy.status == "done"


def test_other_obstacle_without_words_shows_error(cast, login):
    client = login(cast.nina_user)
    response = client.post(reverse("portal:pathway-obstacle-create"), {"kind": "other"})
    assert response.status_code == 200
    assert "in eigenen Worten" in response.content.decode()
    assert not Obstacle.objects.exists()


def test_steps_page_done_and_pdf(cast, login):
    client = login(cast.nina_user)
    assert "noch keinen Schritt" in client.get(reverse("portal:pathway-steps")).content.decode()
    empty_pdf = client.get(reverse("portal:pathway-steps-pdf"))
    assert empty_pdf.status_code == 302
    client.post(reverse("portal:pathway-steps"), {"description": "Bewerbung bei der Caritas",
                                                "due_on": "2026-12-05"})
    step = ActionStep.objects.get()
    client.post(reverse("portal:pathway-step-done", args=[step.pk]), {"done": "1"})
    step.refresh_from_db()
    assert step.done_on is not None
    response = client.get(reverse("portal:pathway-steps-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.client_id == cast.nina.pk and export.actor == cast.nina_user


def test_pdf_holds_the_steps_and_the_vision(cast):
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="Als Pflegehelferin arbeiten")
    pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                     description="Beratungstermin bei der Pflegeschule")
    html = steps_pdf_html(enrollment=cast.nina_enrollment)
    assert "Beratungstermin bei der Pflegeschule" in html and "Nina Kemper" in html
    assert "http" not in html.split("<body>", 1)[1]
    pdf = steps_pdf_create(actor=cast.nina_user, enrollment=cast.nina_enrollment)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Meine nächsten Schritte" in text
    assert "Beratungstermin bei der Pflegeschule" in text
    assert "Als Pflegehelferin arbeiten" in text


def test_suggestions_page_save_dismiss_and_turn_into_steps(cast, login, monkeypatch):
    occupations = make_occupations(3)
    fake_assistant(monkeypatch, occupations)
    client = login(cast.nina_user)
    html = client.get(reverse("portal:pathway-suggestions")).content.decode()
    assert "Es entscheidet nichts" in html
    html = client.post(reverse("portal:pathway-suggestions"), follow=True).content.decode()
    assert "Pflegehelfer/Pflegehelferin" in html and "Sie erzählen vom Helfen." in html
    assert "in der Region gesucht" in html and "passt gut" in html
    assert "KldB" not in html and "Passung" not in html  # codes and scores only for staff
    first, second = OccupationSuggestion.objects.order_by("-score")[:2]
    client.post(reverse("portal:pathway-suggestion-decide", args=[first.pk]), {"status": "saved"})
    client.post(reverse("portal:pathway-suggestion-decide", args=[second.pk]),
                {"status": "dismissed"})
    html = client.get(reverse("portal:pathway-suggestions")).content.decode()
    assert "Gemerkte Berufe (1)" in html and "Passt nicht (1)" in html
    steps_url = reverse("portal:pathway-suggestion-steps", args=[first.pk])
    assert "Ein Praktikum als" in client.get(steps_url).content.decode()
    nothing = client.post(steps_url, {})
    assert "mindestens einen Schritt" in nothing.content.decode()
    response = client.post(steps_url, {"ideas": ["1"], "own": "Mit der Pflegeschule telefonieren"})
    assert response.url == reverse("portal:pathway-steps")
    steps = ActionStep.objects.filter(from_suggestion=first)
    assert steps.count() == 2
    assert "Pflegehelfer" in " ".join(steps.values_list("description", flat=True))


def test_overview_shows_everything_and_no_audit_for_own_reads(cast, login, monkeypatch):
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="In der Küche einer Kita arbeiten")
    pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                answers=ALL_ANSWERS)
    client = login(cast.nina_user)
    before = AuditEvent.objects.count()
    html = client.get(reverse("portal:pathway-overview")).content.decode()
    assert "In der Küche einer Kita arbeiten" in html and "Mein Weg" in html
    assert AuditEvent.objects.count() == before


def test_facilitator_reads_the_path_incl_special_category_and_it_is_logged(cast, login,
                                                                           monkeypatch):
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind="health", details="Rückenschmerzen")
    pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle,
                         description="Physiotherapie", helper="doctor")
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="Im Lager arbeiten")
    fake_assistant(monkeypatch, make_occupations(1))
    [row] = occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                   enrollment=cast.nina_enrollment)
    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=row, status="saved")
    client = login(cast.fatma)
    listing = client.get(reverse("orientation:run-pathways", args=[cast.run_a.pk]))
    assert "Nina Kemper" in listing.content.decode()
    assert "Sven" not in listing.content.decode()
    before = AuditEvent.objects.filter(actor=cast.fatma, action="view").count()
    html = client.get(reverse("orientation:run-pathway-detail",
                              args=[cast.run_a.pk, cast.nina_enrollment.pk])).content.decode()
    assert "Rückenschmerzen" in html and "Physiotherapie" in html
    assert "Im Lager arbeiten" in html and "Pflegehelfer/Pflegehelferin" in html
    views = AuditEvent.objects.filter(actor=cast.fatma, action="view")
    assert views.count() - before >= 5  # the seat, obstacle, strategy, vision, suggestion
    assert views.filter(object_id=str(obstacle.pk), client_id=cast.nina.pk).exists()
    assert views.filter(object_type="clients.Enrollment",
                        object_id=str(cast.nina_enrollment.pk)).exists()


def test_run_detail_links_to_the_paths(cast, login):
    html = login(cast.fatma).get(reverse("programmes:run-detail",
                                         args=[cast.run_a.pk])).content.decode()
    assert reverse("orientation:run-pathways", args=[cast.run_a.pk]) in html


def test_portal_nav_has_my_path(cast, login):
    html = login(cast.nina_user).get(reverse("portal:pathway-vision")).content.decode()
    assert 'aria-current="page">Mein Weg' in html


def test_every_orientation_page_renders_with_the_crawl_data(cast, login):
    """The crawlers' objects (programme space) reach every path page of Nina and Fatma."""
    from django.urls import get_resolver

    from neue_wege.testing.programme_space import build_programme_space

    space = {name: values[0] for name, values in build_programme_space(cast).items()}
    space["run_id"] = cast.run_a.pk
    resolver = get_resolver()
    patterns = [p for p in resolver.url_patterns
                if getattr(p, "namespace", None) == "portal"][0].url_patterns
    mine = [p for p in patterns if p.name.startswith("pathway-")]
    nina = login(cast.nina_user)
    for pattern in mine:
        params = {key: space[key] for key in pattern.pattern.converters}
        url = reverse(f"portal:{pattern.name}", kwargs=params)
        response = nina.get(url)
        assert response.status_code in (200, 405), (url, response.status_code)
    fatma = login(cast.fatma)
    for name, args in (("run-pathways", [cast.run_a.pk]),
                       ("run-pathway-detail", [cast.run_a.pk, cast.nina_enrollment.pk])):
        response = fatma.get(reverse(f"orientation:{name}", args=args))
        assert response.status_code == 200
    assert "Rückenschmerzen beim schweren Heben." in response.content.decode()


def test_an_obstacle_is_removed_after_confirmation(cast, login):
    obstacle = pathway.obstacle_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                    kind="debt")
    pathway.strategy_add(actor=cast.nina_user, obstacle=obstacle,
                         description="Schuldnerberatung anrufen", helper="debt_counselling")
    url = reverse("portal:pathway-obstacle-delete", args=[obstacle.pk])
    assert login(cast.ali_user).post(url).status_code == 404
    client = login(cast.nina_user)
    assert "nicht rückgängig" in client.get(url).content.decode()
    assert Obstacle.objects.filter(pk=obstacle.pk).exists()  # GET only asks
    assert client.post(url).url == reverse("portal:pathway-obstacles")
    assert not Obstacle.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(obstacle.pk)).exists()


def test_chart_speaks_to_the_participant_and_about_them_to_staff(cast, login):
    pathway.interest_check_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                answers=ALL_ANSWERS)
    own = login(cast.nina_user).get(reverse("portal:pathway-interests")).content.decode()
    assert "Ihre Interessen in sechs Bereichen" in own
    staff = login(cast.fatma).get(reverse("orientation:run-pathway-detail", args=[
        cast.run_a.pk, cast.nina_enrollment.pk])).content.decode()
    assert "Interessen in sechs Bereichen" in staff and "Ihre Interessen" not in staff
