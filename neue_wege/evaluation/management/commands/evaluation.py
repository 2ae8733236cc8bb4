"""`neuewege evaluation <subcommand>`: the evaluation's statistics from the command line.

Subcommands:
- ``match``: matched comparison (propensity-score matching, ATT) of a CSV file.
- ``keyfigures``: key figures of a CSV of enrollments by one dimension, suppressed as published.
- ``km``: Kaplan–Meier time to work of a CSV of enrollments, by one dimension or overall.

The statistics live in the pure package ``neue_wege.evaluation.stats``; this command only reads
the file, calls it and prints the result (JSON or a German summary). Every user error ends with
a German message on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from neue_wege.evaluation.stats import keyfigures, survival
from neue_wege.evaluation.stats.matching import (
    CALIPER_SD,
    MatchingError,
    MatchResult,
    match_att,
)

USER_ERROR = 2
GOOD_BALANCE = 0.1


def _de(value: float, digits: int = 0) -> str:
    """German number format: 1.234,5 and a real minus sign."""
    text = f"{value:,.{digits}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text.replace("-", "\u2212")


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USER_ERROR)


def read_csv(path: str, sep: str) -> pd.DataFrame:
    """The CSV file as a data frame, or a German CommandError (exit code 2)."""
    file = Path(path)
    if not file.exists():
        raise _fail(f"Die Datei „{path}“ gibt es nicht.")
    if not file.is_file():
        raise _fail(f"„{path}“ ist keine Datei.")
    try:
        return pd.read_csv(file, sep=sep)
    except pd.errors.EmptyDataError as error:
        raise _fail(f"Die Datei „{path}“ ist leer.") from error
    except pd.errors.ParserError as error:
        raise _fail(
            f"Die Datei „{path}“ ist keine lesbare CSV-Datei (Trennzeichen „{sep}“): {error}"
        ) from error
    except UnicodeDecodeError as error:
        raise _fail(f"Die Datei „{path}“ ist nicht UTF-8-kodiert.") from error
    except OSError as error:
        raise _fail(f"Die Datei „{path}“ lässt sich nicht lesen: {error.strerror}.") from error


def summary_de(result: MatchResult, *, outcome: str, path: str) -> str:
    """A readable German summary with a plain-language reading and the limits."""
    low, high = result.ci95
    neighbours = (
        "1 nächster Nachbar"
        if result.n_neighbours == 1
        else f"{result.n_neighbours} nächste Nachbarn"
    )
    lines = [
        "Gematchter Vergleich (Propensity-Score-Matching, Wirkung auf die Teilnehmenden)",
        f"Datei: {path}",
        "",
        f"Teilnehmende:      {_de(result.n_treated_total)}"
        f" (im Vergleich: {_de(result.n_treated)},"
        f" ohne passende Vergleichsperson: {_de(result.n_treated_unmatched)})",
        f"Vergleichspersonen: {_de(result.n_controls_total)}"
        f" (als Partner genutzt: {_de(result.n_matched_controls)})",
        f"Propensity-Modell: {result.propensity_spec}; {neighbours} mit Zurücklegen;"
        f" Caliper {_de(result.caliper, 2)} auf der Logit-Skala",
        "",
        f"Ergebnisgröße „{outcome}“:",
        f"  Rohe Differenz ohne Abgleich:          {_de(result.raw_difference)}",
        f"  Differenz nach Matching (unkorrigiert): {_de(result.att_unadjusted)}",
        f"  Geschätzte Wirkung (ATT, bias-korrigiert): {_de(result.att)}",
        f"  95-%-Konfidenzintervall: {_de(low)} bis {_de(high)}"
        f" (Standardfehler {_de(result.standard_error)})",
        "",
        "Balance (standardisierte Mittelwertdifferenz; |SMD| unter 0,1 gilt als gut):",
        f"  {'Merkmal':<20} {'vorher':>9} {'nachher':>9}",
    ]
    for name, before in result.smd_before.items():
        after = result.smd_after[name]
        lines.append(f"  {name:<20} {_de(before, 3):>9} {_de(after, 3):>9}")
    lines += ["", "Lesart:"]
    direction = "höher" if result.att >= 0 else "niedriger"
    lines.append(
        f"  Die Teilnehmenden hatten bei „{outcome}“ im Mittel einen um"
        f" {_de(abs(result.att))} {direction}en Wert als Nichtteilnehmende mit ähnlichen"
        " Merkmalen."
    )
    if low > 0 or high < 0:
        lines.append(
            "  Das 95-%-Intervall schließt 0 nicht ein: Mit diesen Daten ist ein Unterschied"
            " statistisch gesichert."
        )
    else:
        lines.append(
            "  Das 95-%-Intervall schließt 0 ein: Ein Unterschied ist mit diesen Daten nicht"
            " gesichert — die Wirkung kann auch null sein."
        )
    worst_name = max(result.smd_after, key=lambda n: abs(result.smd_after[n]))
    if result.max_abs_smd_after >= GOOD_BALANCE:
        lines.append(
            f"  Achtung: Nicht alle Merkmale sind ausgeglichen (größte |SMD| nach Matching"
            f" {_de(result.max_abs_smd_after, 2)} bei „{worst_name}“). Die Bias-Korrektur"
            " gleicht den Rest rechnerisch aus; das Ergebnis ist entsprechend vorsichtig zu lesen."
        )
    if result.n_treated_unmatched:
        lines.append(
            f"  {_de(result.n_treated_unmatched)} Teilnehmende hatten keine ähnliche"
            " Vergleichsperson und sind nicht in der Schätzung: Sie gilt nur für die übrigen."
        )
    lines += [
        "",
        "Grenzen:",
        "  - Verglichen wird nur nach den angegebenen Merkmalen. Unterscheiden sich Teilnehmende"
        " in Ungemessenem (Motivation, Gesundheit, Zuweisungsgründe), ist die Schätzung verzerrt.",
        "  - Aussagen gelten nur, wo es vergleichbare Personen in beiden Gruppen gibt"
        " (gemeinsame Stützung).",
        "  - Das Konfidenzintervall behandelt das Propensity-Modell als bekannt"
        " (Abadie/Imbens-Varianz); es ist ein Anhaltspunkt, keine Garantie.",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Auswertung: statistische Verfahren für die Wirkungsmessung "
            "(Unterbefehle: match, keyfigures, km).")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(
            dest="subcommand", required=True, title="Unterbefehle", metavar="UNTERBEFEHL"
        )
        match = subcommands.add_parser(
            "match",
            help="Gematchter Vergleich (Propensity-Score-Matching, ATT) einer CSV-Datei.",
        )
        match.add_argument("file", metavar="DATEI.csv", help="CSV-Datei mit Kopfzeile")
        match.add_argument(
            "--treatment", required=True, help="Spalte mit 1 = Teilnahme, 0 = Vergleich"
        )
        match.add_argument("--outcome", required=True, help="Spalte mit der Ergebnisgröße")
        match.add_argument(
            "--covariates", required=True, help="Merkmale für den Abgleich, durch Komma getrennt"
        )
        match.add_argument(
            "--neighbours",
            type=int,
            default=None,
            help="Zahl der nächsten Nachbarn (Standard: 1 bis 4, nach Balance gewählt)",
        )
        match.add_argument(
            "--caliper",
            type=float,
            default=CALIPER_SD,
            help=f"Caliper in Standardabweichungen des Logits (Standard: {CALIPER_SD})",
        )
        match.add_argument("--sep", default=",", help="Trennzeichen der CSV-Datei (Standard: ,)")
        match.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")

        figures = subcommands.add_parser(
            "keyfigures",
            help="Kennzahlen einer CSV-Datei mit Teilnahmen (Spalten wie in der Doku), mit "
                 "Sperrung kleiner Fallzahlen.",
        )
        figures.add_argument("file", metavar="DATEI.csv", help="CSV-Datei mit Kopfzeile")
        figures.add_argument("--by", default="programme", choices=keyfigures.DIMENSIONS,
                             help="Gruppierung (Standard: programme)")
        figures.add_argument("--sep", default=",", help="Trennzeichen (Standard: ,)")
        figures.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
        km = subcommands.add_parser(
            "km", help="Kaplan-Meier-Kurven der Zeit bis zur Arbeit einer CSV-Datei.")
        km.add_argument("file", metavar="DATEI.csv", help="CSV-Datei mit Kopfzeile")
        km.add_argument("--by", default=None, choices=keyfigures.DIMENSIONS,
                        help="Gruppierung (Standard: eine Kurve für alle)")
        km.add_argument("--data-date", required=True,
                        help="Stichtag der Daten (JJJJ-MM-TT): bis dahin wird zensiert")
        km.add_argument("--sep", default=",", help="Trennzeichen (Standard: ,)")
        km.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")

    def handle(self, *args: object, **options: object) -> None:
        if options["subcommand"] == "match":
            self.handle_match(**options)
        elif options["subcommand"] == "keyfigures":
            self.handle_keyfigures(**options)
        elif options["subcommand"] == "km":
            self.handle_km(**options)

    def _enrollments(self, options: dict, required: tuple[str, ...]) -> pd.DataFrame:
        data = read_csv(str(options["file"]), str(options["sep"]))
        missing = [c for c in required if c not in data.columns]
        if missing:
            raise _fail("Diese Spalten fehlen in den Daten: " + ", ".join(missing) + ".")
        for column in ("run_start", "run_end", "work_start", "benefit_exit_on"):
            if column in data.columns:
                parsed = pd.to_datetime(data[column], errors="coerce")
                bad = parsed.isna() & data[column].notna()
                if bad.any():
                    value = data[column][bad].iloc[0]
                    raise _fail(f"Die Spalte „{column}“ enthält ein ungültiges Datum: „{value}“ "
                                "(erwartet: JJJJ-MM-TT).")
                data[column] = parsed
        return data

    def handle_keyfigures(self, **options: object) -> None:
        by = str(options["by"])
        data = self._enrollments(options, (by, "completed", "attendance", "run_start",
                                           "run_end", "work_start", "benefit_exit_on",
                                           "in_work_12m", "sa_start", "sa_end"))
        table = keyfigures.key_figures(data, by)
        rows = [*table.rows, table.total]
        if options["json"]:
            out = [{"label": row.label,
                    **{k: {"value": f.value, "suppressed": f.reason or None}
                       for k, f in row.figures.items()}} for row in rows]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{by:<30} {'Teiln.':>7} {'abgeschl.':>9} {'Arbeit 6 M.':>11} "
                          f"{'Arbeit 12 M.':>12}")
        for row in rows:
            cells = [("< 5" if f.reason == "primary" else "•") if f.value is None
                     else _de(f.value) for f in (row["participants"], row["completed"],
                                                 row["work_6m"], row["work_12m"])]
            self.stdout.write(f"{row.label[:30]:<30} {cells[0]:>7} {cells[1]:>9} "
                              f"{cells[2]:>11} {cells[3]:>12}")
        self.stdout.write("„< 5“: weniger als 5 Personen; „•“: gegen Differenzbildung gesperrt.")

    def handle_km(self, **options: object) -> None:
        by = options["by"]
        data = self._enrollments(options, tuple(c for c in (by, "run_start", "work_start",
                                                              "benefit_exit_on") if c))
        try:
            data_date = pd.Timestamp(str(options["data_date"]))
        except ValueError as error:
            raise _fail(f"„{options['data_date']}“ ist kein Datum (erwartet: JJJJ-MM-TT)."
                        ) from error
        curves = survival.curves_by(data, by, data_date, limit=50)  # type: ignore[arg-type]
        if options["json"]:
            self.stdout.write(json.dumps([curve.__dict__ for curve in curves],
                                         ensure_ascii=False, indent=2))
            return
        if not curves:
            self.stdout.write("Keine Gruppe hat mindestens 5 Personen: keine Kurve.")
        for curve in curves:
            median = "nicht erreicht" if curve.median_days is None else _de(curve.median_days)
            self.stdout.write(f"{curve.label}: {curve.n} Personen, {curve.events} Übergänge, "
                              f"Median {median} Tage")

    def handle_match(self, **options: object) -> None:
        path = str(options["file"])
        covariates = [c.strip() for c in str(options["covariates"]).split(",") if c.strip()]
        data = read_csv(path, str(options["sep"]))
        try:
            result = match_att(
                data,
                treatment=str(options["treatment"]),
                outcome=str(options["outcome"]),
                covariates=covariates,
                n_neighbours=options["neighbours"],  # type: ignore[arg-type]
                caliper_sd=float(options["caliper"]),  # type: ignore[arg-type]
            )
        except MatchingError as error:
            raise _fail(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary_de(result, outcome=str(options["outcome"]), path=path))
