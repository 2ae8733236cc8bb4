"""Importing follow-ups from the main case system (CSV), all or nothing.

Columns: case_number, months_after, destination, destination_started_on, in_benefits.
Every line is checked first; German errors name the line. Only a file without errors is
written, in one transaction. Importing the same file again changes nothing (idempotent).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from neue_wege.clients.models import Client
from neue_wege.outcomes.models import Destination, FollowUp
from neue_wege.outcomes.services import OutcomeError, follow_up_months, follow_up_record

COLUMNS = ("case_number", "months_after", "destination", "destination_started_on",
           "in_benefits")
TRUE = {"1", "ja", "j", "yes", "true", "wahr"}
FALSE = {"0", "nein", "n", "no", "false", "falsch"}
DESTINATION_BY_LABEL = {str(label).casefold(): value for value, label in Destination.choices}


@dataclass
class ImportLine:
    number: int
    follow_up: FollowUp
    destination: str
    started_on: dt.date | None
    in_benefits: bool


@dataclass
class ImportResult:
    lines: list[ImportLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0


class UnreadableFile(Exception):
    """The file is not a CSV file we can read; the message is German and names the line."""


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; the separator (comma or semicolon) is detected.

    A NUL byte (which no database text column takes), a field longer than the csv module's
    limit and other broken CSV end in `UnreadableFile` with the line number.
    """
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UnreadableFile(f"Zeile {line} enthält ein Nullzeichen (NUL); das ist keine "
                             "Textdatei aus dem Fachverfahren.")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header: list[str] = []
    rows: list[dict[str, str]] = []
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        line = len(rows) + 2 if header else 1  # as `validate` counts: the header is line 1
        limit = csv.field_size_limit()
        if "field larger than field limit" in str(error):
            raise UnreadableFile(f"Zeile {line}: Ein Feld ist länger als {limit:_} Zeichen."
                                 .replace("_", ".")) from error
        raise UnreadableFile(f"Zeile {line} ist keine gültige CSV-Zeile.") from error
    return header, rows


def unknown_columns(header: list[str]) -> list[str]:
    """Columns the import does not know (they are ignored, and the command says so)."""
    return [name or "(ohne Namen)" for name in header if name not in COLUMNS]


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(value)


def validate(rows: list[dict[str, str]], *, job_centre_id: Any,
             tick: Callable[[], None] = lambda: None) -> ImportResult:
    """Check every line; collect German errors with line numbers (the header is line 1)."""
    result = ImportResult()
    points = follow_up_months()
    numbers = {(row.get("case_number") or "").strip() for row in rows}
    clients = {c.case_number: c for c in Client.objects.filter(job_centre_id=job_centre_id,
                                                               case_number__in=numbers)}
    follow_ups: dict[tuple[Any, int], FollowUp] = {}
    # the client's most recent outcome decides (the latest run they took part in)
    for follow_up in (FollowUp.objects.filter(outcome__enrollment__client__in=clients.values())
                      .select_related("outcome__enrollment")
                      .order_by("outcome__ended_on", "outcome__created_at")):
        follow_ups[(follow_up.outcome.enrollment.client_id, follow_up.months_after)] = follow_up
    seen: dict[tuple[str, int], int] = {}
    latest = timezone.localdate() + dt.timedelta(days=366)
    for index, row in enumerate(rows, start=2):
        tick()
        errors = []
        if None in row:
            errors.append("mehr Werte als Spalten in der Kopfzeile")
        case_number = (row.get("case_number") or "").strip()
        client = clients.get(case_number)
        if not case_number:
            errors.append("Kundennummer fehlt")
        elif client is None:
            errors.append(f"Kundennummer „{case_number}“ gibt es in diesem Jobcenter nicht")
        months_raw = (row.get("months_after") or "").strip()
        months = int(months_raw) if months_raw.isdigit() else None
        if months is None or months not in points:
            errors.append(f"months_after „{months_raw}“ ist kein Zeitpunkt der Nachbefragung "
                          f"(erlaubt: {', '.join(str(p) for p in points)})")
        raw_destination = (row.get("destination") or "").strip()
        destination = (raw_destination if raw_destination in Destination.values
                       else DESTINATION_BY_LABEL.get(raw_destination.casefold(), ""))
        if not destination:
            errors.append(f"Verbleib „{raw_destination}“ ist unbekannt (erlaubt: "
                          f"{', '.join(Destination.values)})")
        try:
            started_on = _date(row.get("destination_started_on") or "")
        except ValueError:
            started_on = None
            errors.append(f"Datum „{row.get('destination_started_on')}“ ist ungültig "
                          "(JJJJ-MM-TT oder TT.MM.JJJJ)")
        else:
            if destination == Destination.NONE and started_on is not None:
                errors.append("bei Verbleib „none“ bleibt destination_started_on leer")
            elif destination and destination != Destination.NONE and started_on is None:
                errors.append("destination_started_on fehlt")
            if started_on is not None and started_on > latest:
                errors.append(f"Datum „{started_on:%d.%m.%Y}“ liegt mehr als ein Jahr in der "
                              "Zukunft")
        benefits_raw = (row.get("in_benefits") or "").strip().casefold()
        if benefits_raw not in TRUE | FALSE:
            errors.append(f"in_benefits „{row.get('in_benefits') or ''}“ muss ja oder nein "
                          "sein")
        follow_up = None
        if client is not None and months in points:
            follow_up = follow_ups.get((client.pk, months))
            if follow_up is None:
                errors.append(f"für {case_number} ist keine Nachbefragung nach {months} "
                              "Monaten geplant (Verbleib noch nicht erfasst?)")
            key = (case_number, months)
            if key in seen:
                errors.append(f"doppelt (wie Zeile {seen[key]})")
            seen.setdefault(key, index)
        if errors:
            result.errors.append(f"Zeile {index}: " + "; ".join(errors) + ".")
        elif follow_up is not None:
            result.lines.append(ImportLine(index, follow_up, destination, started_on,
                                           benefits_raw in TRUE))
    return result


def write(result: ImportResult, *, tick: Callable[[], None] = lambda: None) -> ImportResult:
    """Write the checked lines in one transaction; unchanged follow-ups are left alone."""
    with transaction.atomic():
        for line in result.lines:
            tick()
            current = line.follow_up
            same = (current.recorded_on is not None and current.destination == line.destination
                    and current.destination_started_on == line.started_on
                    and current.in_benefits == line.in_benefits)
            if same:
                result.unchanged += 1
                continue
            first = current.recorded_on is None
            try:
                follow_up_record(actor=None, follow_up=current, destination=line.destination,
                                 destination_started_on=line.started_on,
                                 in_benefits=line.in_benefits, source=FollowUp.Source.IMPORT)
            except OutcomeError as error:
                raise ImportFailed([f"Zeile {line.number}: {error.message}"]) from error
            if first:
                result.created += 1
            else:
                result.changed += 1
    return result


class ImportFailed(Exception):
    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
