"""Facilitators explore occupation suggestions with a participant: ask for them, read the
reasons, save or dismiss one on the participant's list. Recorded with who decided, audited, shown
to the participant, who can always undo it. Only the run's facilitators get there (others 404)."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from neue_wege.orientation.models import OccupationSuggestion
from neue_wege.orientation.services import occupation_choices
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.orientation.tests.pathway_fixtures import fake_assistant, make_occupations
from neue_wege.privacy import access
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
SOURCES = "Quellen und Lizenzen"


@pytest.fixture
def rows(cast, monkeypatch) -> list[OccupationSuggestion]:
    fake_assistant(monkeypatch, make_occupations(3))
    return occupation_choices.suggestions_refresh(actor=cast.nina_user,
                                                  enrollment=cast.nina_enrollment)


def _list_url(cast) -> str:
    return reverse("orientation:run-pathway-suggestions",
                   args=[cast.run_a.pk, cast.nina_enrollment.pk])


def _decide_url(cast, row) -> str:
    return reverse("orientation:run-suggestion-decide",
                   args=[cast.run_a.pk, cast.nina_enrollment.pk, row.pk])


# --- the service: one place for both roles ------------------------------------------------------
def test_facilitator_decision_is_recorded_with_who_and_audited(cast, rows):
    row = occupation_choices.suggestion_decide(actor=cast.fatma, suggestion=rows[0],
                                               status="saved")
    row.refresh_from_db()
    assert (row.status, row.decided_by) == ("saved", cast.fatma)
    assert row.decided_at is not None and row.decided_by_staff
    audit = AuditEvent.objects.get(object_id=str(row.pk), action=AuditEvent.Action.CHANGE)
    assert (audit.actor, audit.client_id) == (cast.fatma, cast.nina.pk)


def test_participant_undoes_the_facilitators_decision(cast, rows):
    occupation_choices.suggestion_decide(actor=cast.fatma, suggestion=rows[0],
                                         status="dismissed")
    row = occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=rows[0],
                                               status="suggested")
    row.refresh_from_db()
    assert (row.status, row.decided_by, row.decided_at) == ("suggested", cast.nina_user, None)
    assert not row.decided_by_staff
    occupation_choices.suggestion_decide(actor=cast.nina_user, suggestion=row, status="saved")
    row.refresh_from_db()
    assert row.status == "saved" and not row.decided_by_staff  # her own decision now


@pytest.mark.parametrize("persona", ["jonas", "karl", "petra", "maria", "admin", "olga",
                                     "ali_user"])
def test_service_refuses_everyone_else(cast, rows, persona):
    actor = getattr(cast, persona)
    with pytest.raises(PathwayError):
        occupation_choices.suggestion_decide(actor=actor, suggestion=rows[0], status="saved")
    with pytest.raises(PathwayError):
        occupation_choices.suggestions_refresh(actor=actor, enrollment=cast.nina_enrollment)
    rows[0].refresh_from_db()
    assert rows[0].status == "suggested" and rows[0].decided_by is None


def test_facilitator_asks_for_suggestions(cast, monkeypatch):
    calls = fake_assistant(monkeypatch, make_occupations(2))
    stored = occupation_choices.suggestions_refresh(actor=cast.fatma,
                                                    enrollment=cast.nina_enrollment)
    assert calls == [occupation_choices.TOP] and len(stored) == 2
    created = AuditEvent.objects.filter(object_id__in=[str(r.pk) for r in stored],
                                        action=AuditEvent.Action.CREATE)
    assert {event.actor for event in created} == {cast.fatma}


# --- access ---------------------------------------------------------------------------------
def test_access_function_scopes_to_the_led_run(cast, rows):
    enrollment = access.access_pathway_enrollment(cast.fatma, cast.run_a,
                                                  cast.nina_enrollment.pk)
    assert access.access_pathway_occupation_suggestion(cast.fatma, enrollment,
                                                       rows[0].pk) == rows[0]
    for guess in (uuid.uuid4(), "kein-uuid", None):
        with pytest.raises(Http404):
            access.access_pathway_occupation_suggestion(cast.fatma, enrollment, guess)
    ali = access.access_pathway_enrollment(cast.fatma, cast.run_a, cast.ali_enrollment.pk)
    with pytest.raises(Http404):  # Nina's row through Ali's seat
        access.access_pathway_occupation_suggestion(cast.fatma, ali, rows[0].pk)
    for other in (cast.jonas, cast.karl, cast.maria, cast.admin, cast.olga, cast.nina_user):
        with pytest.raises(Http404):
            access.access_pathway_occupation_suggestion(other, cast.nina_enrollment,
                                                        rows[0].pk)


@pytest.mark.parametrize("persona", ["jonas", "karl", "petra", "maria", "admin", "olga",
                                     "nina_user", "ali_user"])
def test_only_the_runs_facilitators_reach_the_pages(cast, rows, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(_list_url(cast)).status_code == 404
    assert client.post(_list_url(cast)).status_code == 404
    assert client.post(_decide_url(cast, rows[0]), {"status": "saved"}).status_code == 404
    rows[0].refresh_from_db()
    assert rows[0].status == "suggested"
    assert OccupationSuggestion.objects.filter(enrollment=cast.nina_enrollment).count() == 3


def test_guessed_and_mixed_ids_get_404(cast, rows, login):
    client = login(cast.fatma)
    sven_rows = occupation_choices.suggestions_refresh(actor=cast.sven_user,
                                                       enrollment=cast.sven_enrollment)
    wrong = [
        (cast.run_a.pk, cast.nina_enrollment.pk, uuid.uuid4()),
        (cast.run_a.pk, uuid.uuid4(), rows[0].pk),
        (uuid.uuid4(), cast.nina_enrollment.pk, rows[0].pk),
        (cast.run_a.pk, cast.ali_enrollment.pk, rows[0].pk),   # Nina's row under Ali
        (cast.run_a.pk, cast.sven_enrollment.pk, sven_rows[0].pk),  # Sven is in run B
        (cast.run_b.pk, cast.sven_enrollment.pk, sven_rows[0].pk),  # run B is Jonas's
        (cast.run_a.pk, cast.nina_enrollment.pk, sven_rows[0].pk),
    ]
    for run_id, enrollment_id, suggestion_id in wrong:
        url = reverse("orientation:run-suggestion-decide",
                      args=[run_id, enrollment_id, suggestion_id])
        assert client.post(url, {"status": "saved"}).status_code == 404, url
    for run_id, enrollment_id in ((cast.run_b.pk, cast.sven_enrollment.pk),
                                  (cast.run_a.pk, cast.sven_enrollment.pk)):
        url = reverse("orientation:run-pathway-suggestions", args=[run_id, enrollment_id])
        assert client.get(url).status_code == 404
    assert not OccupationSuggestion.objects.filter(status="saved").exists()


# --- the pages ------------------------------------------------------------------------------
def test_facilitator_page_shows_reasons_link_sources_and_logs_the_read(cast, rows, login):
    client = login(cast.fatma)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW,
                                       client_id=cast.nina.pk).count()
    response = client.get(_list_url(cast))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Berufe für Nina Kemper" in body and "Warum dieser Vorschlag?" in body
    assert "Sie erzählen vom Helfen." in body and SOURCES in body
    assert reverse("orientation:occupation-detail", args=[rows[0].occupation_id]) in body
    assert _decide_url(cast, rows[0]) in body
    assert reverse("portal:pathway-suggestion-steps", args=[rows[0].pk]) not in body
    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, client_id=cast.nina.pk)
    # the seat plus one row per suggestion shown
    assert viewed.count() - before == 1 + len(rows)
    assert set(viewed.filter(object_id__in=[str(r.pk) for r in rows])
               .values_list("object_id", flat=True)) == {str(r.pk) for r in rows}
    detail = client.get(reverse("orientation:run-pathway-detail",
                                args=[cast.run_a.pk, cast.nina_enrollment.pk]))
    assert _list_url(cast) in detail.content.decode() and SOURCES in detail.content.decode()


def test_facilitator_saves_and_participant_sees_and_undoes_it(cast, rows, login):
    staff = login(cast.fatma)
    response = staff.post(_decide_url(cast, rows[1]), {"status": "saved"}, follow=True)
    label = rows[1].occupation.label
    assert f"„{label}“ ist gemerkt." in response.content.decode()
    assert "Von der Projektleitung gemerkt" in response.content.decode()
    rows[1].refresh_from_db()
    assert (rows[1].status, rows[1].decided_by) == ("saved", cast.fatma)

    nina = login(cast.nina_user)
    page = nina.get(reverse("portal:pathway-suggestions")).content.decode()
    assert "Von Ihrer Projektleitung gemerkt" in page and SOURCES in page
    overview = nina.get(reverse("portal:pathway-overview")).content.decode()
    assert "von Ihrer Projektleitung gemerkt" in overview
    nina.post(reverse("portal:pathway-suggestion-decide", args=[rows[1].pk]),
              {"status": "suggested"})
    rows[1].refresh_from_db()
    assert (rows[1].status, rows[1].decided_by) == ("suggested", cast.nina_user)
    assert "Von Ihrer Projektleitung" not in nina.get(
        reverse("portal:pathway-suggestions")).content.decode()


def test_facilitator_dismisses_and_refreshes(cast, rows, login):
    client = login(cast.fatma)
    client.post(_decide_url(cast, rows[2]), {"status": "dismissed"})
    rows[2].refresh_from_db()
    assert rows[2].status == "dismissed"
    page = client.get(_list_url(cast)).content.decode()
    assert "Passt nicht (1)" in page and "Von der Projektleitung als" in page
    nina_page = login(cast.nina_user).get(reverse("portal:pathway-suggestions")).content.decode()
    assert "Von Ihrer Projektleitung als „passt nicht“ markiert" in nina_page
    # asking again keeps the decision
    client = login(cast.fatma)
    response = client.post(_list_url(cast), follow=True)
    assert "Hier sind Berufe, die passen könnten." in response.content.decode()
    rows[2].refresh_from_db()
    assert rows[2].status == "dismissed"


def test_invalid_status_changes_nothing(cast, rows, login):
    client = login(cast.fatma)
    response = client.post(_decide_url(cast, rows[0]), {"status": "hacked"}, follow=True)
    assert "Das hat nicht geklappt" in response.content.decode()
    rows[0].refresh_from_db()
    assert rows[0].status == "suggested"
    assert client.get(_decide_url(cast, rows[0])).status_code == 405


# --- the reasons: about the person for staff, true to the current Zielbild ------------------
REASONS = ["In Ihrem Zielbild schreiben Sie „Garten“ und „Pflanzen“ – das passt zu diesem Beruf.",
           "Ihre Stärke „Geduld“ passt zur Fähigkeit „Pflanzen pflegen“ dieses Berufs.",
           "Sie erzählen von „Blumen“ – das steckt in der Berufsbezeichnung.",
           "Ihre Interessen (praktisch) passen zum Interessenprofil dieses Berufs (praktisch)."]


def _saved_with_reasons(cast, rows, vision_what):
    from neue_wege.orientation.models import Vision

    Vision.objects.create(enrollment=cast.nina_enrollment, number=1,
                          what="Ich möchte im Garten mit Pflanzen arbeiten.")
    if vision_what:
        Vision.objects.create(enrollment=cast.nina_enrollment, number=2, what=vision_what)
    row = rows[0]
    row.reasons, row.status = REASONS, "saved"
    row.save()
    return row


def test_facilitator_reads_reasons_about_the_person_not_addressed_to_them(cast, rows, login):
    _saved_with_reasons(cast, rows, None)
    body = login(cast.fatma).get(_list_url(cast)).content.decode()
    assert "Im Zielbild der Person steht „Garten“ und „Pflanzen“" in body
    assert "Die Stärke „Geduld“ der Person passt zur Fähigkeit" in body
    assert "Die Person erzählt von „Blumen“" in body
    assert "Die Interessen der Person (praktisch)" in body
    for addressed in ("Ihrem Zielbild", "Ihre Stärke", "Sie erzählen von", "Ihre Interessen"):
        assert addressed not in body
    own = login(cast.nina_user).get(reverse("portal:pathway-suggestions")).content.decode()
    assert "In Ihrem Zielbild schreiben Sie „Garten“ und „Pflanzen“" in own
    assert "Ihre Stärke „Geduld“ passt" in own


def test_saved_suggestion_quotes_only_words_still_in_the_current_zielbild(cast, rows, login):
    _saved_with_reasons(cast, rows, "Ich möchte draußen im Garten arbeiten.")
    own = login(cast.nina_user).get(reverse("portal:pathway-suggestions")).content.decode()
    assert "In Ihrem Zielbild schreiben Sie „Garten“ – das passt zu diesem Beruf." in own
    assert "„Pflanzen“" not in own


def test_saved_suggestion_from_an_old_zielbild_says_so(cast, rows, login):
    _saved_with_reasons(cast, rows, "Ich möchte Busse fahren.")
    body = login(cast.fatma).get(_list_url(cast)).content.decode()
    assert "Garten" not in body
    assert "eine frühere Fassung des Zielbilds der Person" in body
