import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from neue_wege.outcomes.models import FollowUp, Instrument
from neue_wege.outcomes.services import outcome_record
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
HEADER = "case_number,months_after,destination,destination_started_on,in_benefits\n"


@pytest.fixture
def planned(cast, nina_outcome):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    return nina_outcome


def run(*args):
    call_command("outcomes", *args, "--no-progress") if args[0] == "import_follow_ups" \
        else call_command("outcomes", *args)


def fails(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def csv_file(tmp_path, body, name="nb.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_good_file_imports_and_is_idempotent(cast, planned, tmp_path, capsys):
    # both points open now, starts after the seat's end (issue 11, points 2 and 3)
    run_end = planned.enrollment.run.ends_on
    FollowUp.objects.filter(outcome=planned).update(due_on=run_end)
    six_on, twelve_on = run_end + dt.timedelta(days=30), run_end + dt.timedelta(days=60)
    path = csv_file(tmp_path, f"BOR-0001,6,employment,{six_on:%Y-%m-%d},nein\n"
                              f"BOR-0001,12,Minijob,{twelve_on:%d.%m.%Y},ja\n")
    run("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "2 neu erfasst, 0 geändert, 0 unverändert" in capsys.readouterr().out
    six = FollowUp.objects.get(outcome=planned, months_after=6)
    twelve = FollowUp.objects.get(outcome=planned, months_after=12)
    assert (six.destination, six.destination_started_on, six.in_benefits, six.source) == (
        "employment", six_on, False, "import")
    assert twelve.destination == "minijob" and twelve.in_benefits is True
    assert AuditEvent.objects.filter(object_type="outcomes.FollowUp", action="create",
                                     actor=None).count() == 2
    run("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "0 neu erfasst, 0 geändert, 2 unverändert" in capsys.readouterr().out
    assert AuditEvent.objects.filter(object_type="outcomes.FollowUp").count() == 2


def test_semicolon_file_is_read(cast, planned, tmp_path, capsys):
    path = tmp_path / "nb.csv"
    path.write_text(HEADER.replace(",", ";") + "BOR-0001;6;none;;ja\n", encoding="utf-8")
    run("import_follow_ups", str(path), "--job-centre", cast.job_centre.name)
    assert "1 neu erfasst" in capsys.readouterr().out


def test_bad_lines_import_nothing_and_name_the_lines(cast, planned, tmp_path):
    path = csv_file(tmp_path, "BOR-0001,6,employment,2026-03-01,nein\n"
                              "BOR-9999,6,employment,2026-03-01,nein\n"
                              "BOR-0001,7,lottery,,vielleicht\n"
                              "BOR-0001,12,none,2026-01-01,ja\n"
                              "BOR-0001,6,training,31.02.2026,nein\n"
                              "BOR-0003,6,none,,nein\n")
    message = fails("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "Nichts importiert: 5 von 6 Zeilen sind fehlerhaft." in message
    assert "Zeile 3: Kundennummer „BOR-9999“ gibt es in diesem Jobcenter nicht." in message
    assert "Zeile 4:" in message and "months_after „7“" in message and "lottery" in message
    assert "vielleicht" in message
    assert "Zeile 5: bei Verbleib „none“ bleibt destination_started_on leer." in message
    assert "Zeile 6:" in message and "31.02.2026" in message and "doppelt (wie Zeile 2)" in message
    assert "Zeile 7: für BOR-0003 ist keine Nachbefragung nach 6 Monaten geplant" in message
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def test_other_job_centre_does_not_see_the_clients(cast, planned, tmp_path):
    path = csv_file(tmp_path, "BOR-0001,6,none,,ja\n")
    message = fails("import_follow_ups", path, "--job-centre", cast.other_job_centre.name)
    assert "gibt es in diesem Jobcenter nicht" in message


@pytest.mark.parametrize(("content", "expected"), [
    ("name,months\nx,6\n", "Es fehlen die Spalten case_number"),
    (HEADER, "enthält keine Zeilen"),
])
def test_bad_files(cast, tmp_path, content, expected):
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    assert expected in fails("import_follow_ups", str(path), "--job-centre",
                             cast.job_centre.name)


def test_missing_file_and_several_job_centres(cast, tmp_path):
    assert "gibt es nicht" in fails("import_follow_ups", str(tmp_path / "nope.csv"),
                                    "--job-centre", cast.job_centre.name)
    path = csv_file(tmp_path, "BOR-0001,6,none,,ja\n")
    assert "mehrere Jobcenter" in fails("import_follow_ups", path)


def test_load_instrument(tmp_path, capsys):
    data = {"key": "gse", "version": 2, "name": "Lizenzierte Skala",
            "scale": {"min": 1, "max": 4, "labels": {"1": "nein", "4": "ja"}},
            "items": [{"text": "A"}, {"text": "B", "reverse": True}]}
    path = tmp_path / "gse.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run("load_instrument", str(path))
    assert "geladen" in capsys.readouterr().out
    run("load_instrument", str(path))
    assert "unverändert" in capsys.readouterr().out
    assert Instrument.objects.get(key="gse").items.filter(reverse=True).count() == 1


def test_load_instrument_errors(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{nope", encoding="utf-8")
    assert "kein gültiges JSON" in fails("load_instrument", str(path))
    path.write_text(json.dumps({"key": "x", "name": "X", "items": []}), encoding="utf-8")
    assert "scale" in fails("load_instrument", str(path))
    assert not Instrument.objects.filter(key="x").exists()


def test_field_over_the_csv_limit_is_a_german_error(cast, planned, tmp_path):
    path = csv_file(tmp_path, "BOR-0001,6,none,,ja\n"
                              f"BOR-0001,12,none,\"{'x' * 131_073}\",ja\n")
    message = fails("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "Nichts importiert. Zeile 3: Ein Feld ist länger als 131.072 Zeichen." in message
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def test_nul_byte_is_a_german_error(cast, planned, tmp_path):
    path = csv_file(tmp_path, "BOR-0001,6,none,,ja\nBOR-\x000001,12,none,,ja\n")
    message = fails("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "Zeile 3 enthält ein Nullzeichen (NUL)" in message
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def test_unknown_columns_are_named_in_a_warning(cast, planned, tmp_path, capsys):
    path = tmp_path / "nb.csv"
    path.write_text(HEADER.strip() + ",bemerkung,Kundin\nBOR-0001,6,none,,ja,x,y\n",
                    encoding="utf-8")
    run("import_follow_ups", str(path), "--job-centre", cast.job_centre.name)
    captured = capsys.readouterr()
    assert "unbekannte Spalten, die nicht importiert werden: bemerkung, Kundin" in captured.err
    assert "1 neu erfasst" in captured.out


def test_more_values_than_columns_names_the_line(cast, planned, tmp_path):
    path = csv_file(tmp_path, "BOR-0001,6,none,,ja,übrig\n")
    message = fails("import_follow_ups", path, "--job-centre", cast.job_centre.name)
    assert "Zeile 2: mehr Werte als Spalten in der Kopfzeile." in message
