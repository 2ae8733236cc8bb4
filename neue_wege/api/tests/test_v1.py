"""API version 1: tokens and scopes, idempotent writes through the domain services, reads of
referral, seat and outcome status, problem details, rate limits and the audit row per call."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from neue_wege.api import services
from neue_wege.api.models import ApiCall, ExternalReference
from neue_wege.api.problems import CONTENT_TYPE
from neue_wege.clients.models import Client, Referral, ReferralStatusChange
from neue_wege.outcomes.services import enrollment_end, outcome_record
from neue_wege.outcomes.tests.conftest import move_run_to_past
from neue_wege.privacy.models import AuditEvent

NEW_CLIENT = {"external_id": "FV-4711", "case_number": "BOR-4711", "first_name": "Eva",
              "last_name": "Neumann", "date_of_birth": "1990-01-02", "gender": "f",
              "municipality_ags": "05554008", "benefit_since": "2024-01-01",
              "case_manager": "karl"}


def post(client: HttpClient, path: str, body: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    document = response.json()
    assert document["status"] == status
    assert document["type"].startswith("https://")
    assert document["title"] and document["detail"]
    return document


# --- authentication and scopes ------------------------------------------------------------------
@pytest.mark.parametrize("header", [None, "Bearer nw_abc_def", "Basic eHl6OnNlY3JldA=="])
def test_no_valid_token_is_401_problem(space, cast, header):
    headers = {"Authorization": header} if header else {}
    response = HttpClient(headers=headers).get(f"/api/v1/clients/{cast.nina.pk}")
    document = problem(response, 401)
    assert document["title"] == "Anmeldung erforderlich."
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Kemper" not in response.content.decode()


def test_revoked_and_expired_tokens_and_locked_systems_stop_working(api, space, cast):
    assert api.get("/api/v1/runs").status_code == 200
    services.token_revoke(actor=cast.admin, token=space.ours_token)
    problem(api.get("/api/v1/runs"), 401)
    token, secret = services.token_issue(actor=cast.admin, api_client=space.ours, days=1)
    fresh = HttpClient(headers={"Authorization": f"Bearer {secret}"})
    assert fresh.get("/api/v1/runs").status_code == 200
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    problem(fresh.get("/api/v1/runs"), 401)
    token.expires_at = timezone.now() + dt.timedelta(days=1)
    token.save()
    services.api_client_set_active(actor=cast.admin, api_client=space.ours, active=False)
    problem(fresh.get("/api/v1/runs"), 401)


def test_tokens_are_stored_as_hashes_only(space):
    assert space.ours_secret.startswith("nw_" + space.ours_token.prefix + "_")
    assert space.ours_secret not in (space.ours_token.hash, space.ours_token.prefix)
    assert len(space.ours_secret) > 40


def test_missing_scope_is_403_problem(space, cast):
    reader = services.api_client_create(actor=cast.admin, name="Statistik",
                                        scopes=["outcomes:read"])
    _, secret = services.token_issue(actor=cast.admin, api_client=reader)
    client = HttpClient(headers={"Authorization": f"Bearer {secret}"})
    document = problem(post(client, "/api/v1/clients", NEW_CLIENT), 403)
    assert "clients:write" in document["detail"]
    assert not Client.objects.filter(case_number="BOR-4711").exists()
    assert client.get(f"/api/v1/clients/{cast.nina.pk}/outcomes").status_code == 200


# --- clients ------------------------------------------------------------------------------------
def test_create_client_is_idempotent_and_goes_through_the_service(api, space, cast):
    first = post(api, "/api/v1/clients", NEW_CLIENT)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True and body["case_manager"] == "karl"
    client = Client.objects.get(pk=body["id"])
    assert client.job_centre_id == cast.job_centre.pk and client.case_manager == cast.karl
    again = post(api, "/api/v1/clients", {**NEW_CLIENT, "first_name": "Anders"})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["created"] is False
    assert Client.objects.filter(case_number="BOR-4711").count() == 1
    # the domain service wrote its audit rows, with the system's technical account as actor
    actor = space.ours.service_user
    assert AuditEvent.objects.filter(actor=actor, action="create", object_id=str(client.pk)
                                     ).exists()
    assert not actor.is_active and not actor.has_usable_password()


def test_create_links_a_client_the_job_centre_already_has(api, cast):
    response = post(api, "/api/v1/clients", {**NEW_CLIENT, "case_number": "BOR-0001",
                                              "first_name": "Nina", "last_name": "Kemper",
                                              "date_of_birth": "1988-03-14"})
    assert response.status_code == 200
    assert response.json()["id"] == str(cast.nina.pk)
    assert ExternalReference.objects.get(external_id="FV-4711").object_id == cast.nina.pk


def test_invalid_client_is_422_with_errors_in_german(api):
    document = problem(post(api, "/api/v1/clients", {**NEW_CLIENT, "gender": "x",
                                                     "case_manager": "petra-gibt-es-nicht"}), 422)
    assert document["title"] == "Die Eingabe ist ungültig."
    assert {"pointer": "/gender", "detail": "Dieser Wert ist nicht erlaubt."} in document["errors"]
    document = problem(post(api, "/api/v1/clients", {**NEW_CLIENT, "case_manager": "fatma"}), 422)
    assert document["errors"][0]["pointer"] == "/case_manager"
    assert "Fallmanager" in document["errors"][0]["detail"]
    document = problem(post(api, "/api/v1/clients", {**NEW_CLIENT, "email": "keine-adresse"}), 422)
    assert document["errors"][0]["pointer"] == "/email"
    assert not Client.objects.filter(case_number="BOR-4711").exists()


def test_nul_characters_and_blank_names_are_refused_before_the_database(api):
    document = problem(post(api, "/api/v1/clients", {**NEW_CLIENT, "first_name": "Eva\x00",
                                                     "last_name": "   "}), 422)
    assert {e["pointer"] for e in document["errors"]} == {"/first_name", "/last_name"}
    assert "Nullzeichen" in document["errors"][0]["detail"]


def test_update_changes_master_data_only_and_hands_over(api, cast):
    response = api.patch(f"/api/v1/clients/{cast.nina.pk}",
                         json.dumps({"last_name": "Kemper-Lux", "case_manager": "petra"}),
                         content_type="application/json")
    assert response.status_code == 200, response.content
    cast.nina.refresh_from_db()
    assert cast.nina.last_name == "Kemper-Lux" and cast.nina.case_manager == cast.petra
    document = problem(api.patch(f"/api/v1/clients/{cast.nina.pk}",
                                 json.dumps({"user": 1}), content_type="application/json"), 422)
    assert document["errors"] == [{"pointer": "/user", "detail": "Dieses Feld ist unbekannt."}]


def test_other_job_centre_is_404_for_reads_and_writes(api, space, cast):
    theirs = HttpClient(headers={"Authorization": f"Bearer {space.theirs_secret}"})
    for path in (f"/api/v1/clients/{cast.nina.pk}", f"/api/v1/clients/{cast.nina.pk}/outcomes",
                 f"/api/v1/runs/{cast.run_a.pk}",
                 f"/api/v1/referrals/{cast.nina_enrollment.referral_id}"):
        response = theirs.get(path)
        problem(response, 404)
        assert "Kemper" not in response.content.decode()
    problem(theirs.patch(f"/api/v1/clients/{cast.nina.pk}", json.dumps({"last_name": "X"}),
                         content_type="application/json"), 404)
    assert theirs.get("/api/v1/runs").json() == []


# --- referrals and seats ------------------------------------------------------------------------
def test_referral_create_is_idempotent_and_reports_waitlist(api, space, cast):
    created = post(api, "/api/v1/clients", NEW_CLIENT).json()
    body = {"external_id": "Z-1", "client_id": created["id"], "run_id": str(cast.run_b.pk),
            "potential_note": "Möchte in die Pflege."}
    first = post(api, "/api/v1/referrals", body)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "pending"
    assert post(api, "/api/v1/referrals", body).json()["id"] == first.json()["id"]
    referral = Referral.objects.get(pk=first.json()["id"])
    assert referral.referred_by == space.ours.service_user
    assert ReferralStatusChange.objects.filter(referral=referral).count() == 1
    # a second open referral of the same client to the same run is a conflict
    document = problem(post(api, "/api/v1/referrals", {**body, "external_id": "Z-2"}), 409)
    assert document["title"] == "Die Änderung ist nicht möglich."
    detail = api.get(f"/api/v1/referrals/{referral.pk}").json()
    assert detail["status_label"] == "wartet auf Entscheidung"
    seats = api.get(f"/api/v1/runs/{cast.run_b.pk}").json()
    assert (seats["capacity"], seats["seats_taken"], seats["seats_free"]) == (10, 1, 9)


def test_referral_of_a_client_of_another_job_centre_is_404(api, space, cast):
    theirs = HttpClient(headers={"Authorization": f"Bearer {space.theirs_secret}"})
    body = {"external_id": "Z-9", "client_id": str(cast.nina.pk), "run_id": str(cast.run_a.pk),
            "potential_note": "x"}
    problem(post(theirs, "/api/v1/referrals", body), 404)
    assert not ExternalReference.objects.filter(external_id="Z-9").exists()


# --- outcomes and follow-ups --------------------------------------------------------------------
def test_outcomes_and_due_follow_ups(api, cast):
    run = move_run_to_past(cast)
    outcome = enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                             ended_how="completed", ended_on=run.ends_on)
    outcome_record(actor=cast.karl, outcome=outcome, destination="employment",
                   destination_started_on=run.ends_on + dt.timedelta(days=30),
                   benefit_exit_on=None)
    body = api.get(f"/api/v1/clients/{cast.nina.pk}/outcomes").json()
    [enrollment] = body["enrollments"]
    assert enrollment["destination"] == "employment"
    assert [f["months_after"] for f in enrollment["follow_ups"]] == [6, 12]
    due = api.get("/api/v1/follow-ups/due",
                  {"until": enrollment["follow_ups"][0]["due_on"]}).json()
    assert [(d["case_number"], d["months_after"]) for d in due] == [("BOR-0001", 6)]


# --- errors, limits, the call log ---------------------------------------------------------------
def test_every_error_is_a_problem_document(api, cast):
    problem(api.get("/api/v1/gibt-es-nicht"), 404)
    document = problem(api.delete(f"/api/v1/clients/{cast.nina.pk}"), 405)
    assert document["title"] == "Diese Methode ist hier nicht erlaubt."
    problem(api.get("/api/v1/clients/keine-uuid"), 422)
    problem(api.post("/api/v1/clients", b"{kaputt", content_type="application/json"), 400)


def test_server_error_is_a_problem_without_internals(api, monkeypatch):
    from neue_wege.api import selectors

    def broken(api_client):  # noqa: ANN001, ANN202, ARG001
        raise RuntimeError("geheimes Innenleben")

    monkeypatch.setattr(selectors, "open_runs", broken)
    response = api.get("/api/v1/runs")
    document = problem(response, 500)
    assert "geheimes" not in response.content.decode()
    assert document["title"] == "Ein interner Fehler ist aufgetreten."


def test_rate_limit_answers_429_with_retry_after(api, space):
    space.ours.rate_limit_per_minute = 3
    space.ours.save()
    statuses = [api.get("/api/v1/runs").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    response = api.get("/api/v1/runs")
    problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 61


def test_one_audit_row_per_call_without_personal_data(api, space, cast):
    ApiCall.objects.all().delete()
    api.get(f"/api/v1/clients/{cast.nina.pk}")
    post(api, "/api/v1/clients", NEW_CLIENT)
    HttpClient().get("/api/v1/runs")
    rows = list(ApiCall.objects.order_by("at", "id"))
    assert [(r.method, r.endpoint, r.status) for r in rows] == [
        ("GET", "client-detail", 200), ("POST", "client-create", 201), ("GET", "run-list", 401)]
    assert rows[0].api_client == space.ours and rows[0].object_ids == [str(cast.nina.pk)]
    assert rows[2].api_client is None
    stored = json.dumps([(r.endpoint, r.object_ids, r.token_prefix) for r in rows])
    for personal in ("Kemper", "Nina", "Eva", "Neumann", "BOR-"):
        assert personal not in stored


def test_schema_is_public_and_documents_problem_details():
    schema = HttpClient().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/clients"]["post"]
    assert set(operation["responses"]) >= {"200", "201", "401", "403", "409", "422", "429"}
    assert list(operation["responses"]["422"]["content"]) == [CONTENT_TYPE]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_schema_is_read_only():
    response = HttpClient().post("/api/v1/openapi.json")
    problem(response, 405)
    assert response["Allow"] == "GET, HEAD"
