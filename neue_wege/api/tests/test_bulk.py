"""Bulk import and export as CSV through the task runner, with the result report."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from neue_wege.api.models import BulkTransfer
from neue_wege.clients.models import Client
from neue_wege.jobs.models import Job
from neue_wege.jobs.worker import run_queued
from neue_wege.outcomes.models import FollowUp
from neue_wege.outcomes.services import enrollment_end, outcome_record
from neue_wege.outcomes.tests.conftest import move_run_to_past

HEADER = ("external_id;case_number;first_name;last_name;date_of_birth;gender;municipality_ags;"
          "benefit_since;case_manager;single_parent\n")


def upload(api, path: str, text: str):  # noqa: ANN001, ANN201
    return api.post(path, {"file": SimpleUploadedFile("daten.csv", text.encode(), "text/csv")})


def finished(api, transfer_id: str) -> dict:  # noqa: ANN001
    assert run_queued() >= 1
    body = api.get(f"/api/v1/bulk/{transfer_id}").json()
    assert body["state"] in ("done", "failed")
    return body


def test_clients_import_reports_per_line_and_is_idempotent(api, space, cast):
    text = (HEADER
            + "FV-1;BOR-5001;Eva;Neumann;02.01.1990;f;05554008;2024-01-01;karl;ja\n"
            + "FV-2;BOR-5002;Jan;Wolters;1985-07-07;m;05554008;2023-05-01;petra;nein\n"
            + "FV-3;BOR-5003;Ohne;Fallmanager;1985-07-07;m;05554008;2023-05-01;olga;nein\n")
    text = text.replace("02.01.1990", "1990-01-02")
    started = upload(api, "/api/v1/bulk/clients/import", text)
    assert started.status_code == 202, started.content
    assert started.json()["state"] == "queued"
    transfer = BulkTransfer.objects.get(pk=started.json()["id"])
    assert transfer.job.owner == space.ours.service_user
    report = finished(api, started.json()["id"])
    assert report["state"] == "done", report
    assert {k: report["report"][k] for k in ("rows", "created", "updated", "failed")} == {
        "rows": 3, "created": 2, "updated": 0, "failed": 1}
    assert report["report"]["errors"][0].startswith("Zeile 4: ")
    eva = Client.objects.get(case_number="BOR-5001")
    assert eva.single_parent and eva.case_manager == cast.karl
    result = api.get(report["result_url"])
    assert result["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(result.content.decode())))
    assert lines[1][:3] == ["2", "created", str(eva.pk)]
    assert lines[3][1] == "failed"
    transfer.refresh_from_db()
    assert transfer.upload == ""  # the uploaded personal data is not kept

    again = upload(api, "/api/v1/bulk/clients/import", text.replace("Neumann", "Neumann-Berg"))
    report = finished(api, again.json()["id"])["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 1)
    assert Client.objects.filter(case_number__startswith="BOR-500").count() == 2
    eva.refresh_from_db()
    assert eva.last_name == "Neumann-Berg"


def test_import_with_missing_columns_fails_in_german(api):
    started = upload(api, "/api/v1/bulk/clients/import", "external_id;case_number\nA;B\n")
    body = finished(api, started.json()["id"])
    assert body["state"] == "failed"
    assert body["error"].startswith("Es fehlen Spalten: first_name")
    assert body["result_url"] is None


def test_follow_ups_import_and_export_round_trip(api, cast):
    run = move_run_to_past(cast)
    outcome = enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                             ended_how="completed", ended_on=run.ends_on)
    outcome_record(actor=cast.karl, outcome=outcome, destination="employment",
                   destination_started_on=run.ends_on + dt.timedelta(days=30),
                   benefit_exit_on=None)
    started = api.post("/api/v1/bulk/follow-ups/export")
    assert started.status_code == 202
    body = finished(api, started.json()["id"])
    assert body["report"] == {"rows": 2}
    exported = api.get(body["result_url"]).content.decode()
    assert exported.splitlines()[0].startswith("client_id,case_number,months_after")
    text = ("case_number;months_after;destination;destination_started_on;in_benefits\n"
            f"BOR-0001;6;training;{(run.ends_on + dt.timedelta(days=90)).isoformat()};nein\n")
    started = upload(api, "/api/v1/bulk/follow-ups/import", text)
    body = finished(api, started.json()["id"])
    assert body["state"] == "done"
    assert (body["report"]["created"], body["report"]["failed"]) == (1, 0)
    follow_up = FollowUp.objects.get(outcome=outcome, months_after=6)
    assert follow_up.destination == "training" and follow_up.in_benefits is False


def test_clients_export_has_only_the_own_job_centre(api, space, cast):
    body = finished(api, api.post("/api/v1/bulk/clients/export").json()["id"])
    exported = api.get(body["result_url"]).content.decode()
    assert "Kemper" in exported and "BOR-0003" in exported
    assert body["report"]["rows"] == Client.objects.filter(job_centre=cast.job_centre).count()
    # the other job centre's system cannot read this transfer
    from django.test import Client as HttpClient

    theirs = HttpClient(headers={"Authorization": f"Bearer {space.theirs_secret}"})
    assert theirs.get(f"/api/v1/bulk/{body['id']}").status_code == 404
    assert theirs.get(body["result_url"]).status_code == 404
    assert Job.objects.filter(owner=space.ours.service_user).exists()
