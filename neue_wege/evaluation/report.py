"""The evaluation as plain rows and sentences: shared by the page, Excel, CSV and PDF.

Everything here is already aggregated and suppressed (`stats.keyfigures.suppress`); this module
only formats. Nothing in it has a name, a client number or a client id to format.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from neue_wege.evaluation.selectors import Evaluation
from neue_wege.evaluation.stats.keyfigures import Figure, Table
from neue_wege.evaluation.stats.matching import MatchResult
from neue_wege.evaluation.stats.survival import Curve

PRIMARY_MARK = "< 5"
SECONDARY_MARK = "•"
GOOD_BALANCE = 0.1


def dimension_label(dimension: str) -> str:
    return {
        "programme": _("Projekt"), "version": _("Konzeptversion"), "run": _("Durchlauf"),
        "location": _("Standort"), "target_group": _("Zielgruppe"), "year": _("Jahr"),
    }[dimension]


def de_number(value: float, digits: int = 0) -> str:
    """German format: 1.234,5 and a real minus sign."""
    text = f"{value:,.{digits}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text.replace("-", "\u2212")


def mark(figure: Figure) -> str:
    """What stands in a hidden cell: "< 5" (too few people) or "•" (hidden against totals)."""
    if figure.reason == "primary":
        return PRIMARY_MARK
    if figure.reason == "secondary":
        return SECONDARY_MARK
    return "–"


def count_text(figure: Figure) -> str:
    return mark(figure) if figure.value is None else de_number(figure.value)


def percent_text(figure: Figure) -> str:
    return SECONDARY_MARK if figure.reason and figure.value is None else (
        "–" if figure.value is None else f"{de_number(100 * figure.value)} %")


def decimal_text(figure: Figure, digits: int = 2) -> str:
    if figure.value is None:
        return SECONDARY_MARK if figure.reason else "–"
    return de_number(figure.value, digits)


def ci_text(low: Figure, high: Figure) -> str:
    if low.value is None or high.value is None:
        return SECONDARY_MARK if low.reason else "–"
    return f"{de_number(low.value, 2)} bis {de_number(high.value, 2)}"


def table_headers(table: Table) -> list[str]:
    return [
        dimension_label(table.dimension), _("Teilnehmende"), _("abgeschlossen"),
        _("Abschlussquote"), _("Anwesenheit"), _("Arbeit/Ausbildung bis 6 Monate"),
        _("Anteil bis 6 Monate"), _("Arbeit/Ausbildung bis 12 Monate"),
        _("Anteil bis 12 Monate"), _("Leistungsbezug beendet"), _("nach 12 Monaten in Arbeit"),
        _("Anteil nachhaltig"), _("nach 12 Monaten nicht erreicht"),
        _("Selbsteinschätzung: Paare"), _("Veränderung (Mittel)"),
        _("Effektstärke d_z"), _("95-%-Konfidenzintervall"),
    ]


def table_rows(table: Table) -> list[list[str]]:
    """Every row, the total last, as display strings."""
    rows = []
    for row in [*table.rows, table.total]:
        label = _("Gesamt") if row is table.total else row.label
        rows.append([
            label, count_text(row["participants"]), count_text(row["completed"]),
            percent_text(row["completion_rate"]), percent_text(row["attendance"]),
            count_text(row["work_6m"]), percent_text(row["work_6m_rate"]),
            count_text(row["work_12m"]), percent_text(row["work_12m_rate"]),
            count_text(row["benefit_exit"]), count_text(row["sustained_12m"]),
            percent_text(row["sustained_rate"]), count_text(row["not_reached_12m"]),
            count_text(row["sa_pairs"]),
            decimal_text(row["sa_change"]), decimal_text(row["sa_dz"]),
            ci_text(row["sa_ci_low"], row["sa_ci_high"]),
        ])
    return rows


def _with_share(count: str, rate: str) -> str:
    """"80 (83 %)"; a share that is not shown (suppressed, too few) is left out."""
    return f"{count} ({rate})" if any(char.isdigit() for char in rate) else count


def _with_not_reached(cell: str, not_reached: str) -> str:
    """"3 (60 %); 1 nicht erreicht": follow-ups that did not reach the person are counted
    apart, in the same cell so that the page table keeps its width (the exports have a column)."""
    return cell if not_reached == "0" else _("%(cell)s; %(count)s nicht erreicht") % {
        "cell": cell, "count": not_reached}


def page_table_headers(table: Table) -> list[str]:
    """The key figures for the page: each count with its share in one cell, so the table fits
    a 1,280 px screen (16 columns were 1,605–1,960 px wide); the exports keep every column."""
    return [
        dimension_label(table.dimension), _("Teilnehmende"), _("abgeschlossen (Quote)"),
        _("Anwesenheit"), _("Arbeit oder Ausbildung bis 6 Monate (Anteil)"),
        _("Arbeit oder Ausbildung bis 12 Monate (Anteil)"), _("Leistungsbezug beendet"),
        _("nach 12 Monaten in Arbeit (Anteil); nicht erreicht"),
        _("Selbst­einschätzung: Paare"),  # with a soft hyphen (U+00AD): it may break
        _("Veränderung (Mittel)"), _("Effektstärke d_z (95-%-KI)"),
    ]


def page_table_rows(table: Table) -> list[list[str]]:
    rows = []
    for full in table_rows(table):
        (label, participants, completed, completion, attendance, work_6m, work_6m_rate,
         work_12m, work_12m_rate, benefit_exit, sustained, sustained_rate, not_reached, pairs,
         change, dz, ci) = full
        rows.append([label, participants, _with_share(completed, completion), attendance,
                     _with_share(work_6m, work_6m_rate), _with_share(work_12m, work_12m_rate),
                     benefit_exit, _with_not_reached(_with_share(sustained, sustained_rate),
                                                     not_reached),
                     pairs, change, _with_share(dz, ci)])
    return rows


KM_DAYS = (180, 365, 730)


def km_headers() -> list[str]:
    return [_("Gruppe"), _("Personen"), _("Übergänge"), _("Median (Tage)")] + [
        _("Anteil nach %(days)s Tagen (95-%%-KI)") % {"days": d} for d in KM_DAYS]


def km_rows(curves: list[Curve]) -> list[list[str]]:
    from neue_wege.evaluation.charts import share_at

    rows = []
    for curve in curves:
        cells = [curve.label, de_number(curve.n), de_number(curve.events),
                 "–" if curve.median_days is None else de_number(curve.median_days)]
        for day in KM_DAYS:
            found = share_at(curve, day)
            cells.append("–" if found is None else (
                f"{de_number(100 * found[0])} % ({de_number(100 * found[1])}–"
                f"{de_number(100 * found[2])} %)"))
        rows.append(cells)
    return rows


@dataclass
class BalanceRow:
    label: str
    before: str
    after: str
    good: bool


def balance_rows(result: MatchResult, labels: dict[str, str]) -> list[BalanceRow]:
    return [BalanceRow(labels.get(name, name), de_number(result.smd_before[name], 2),
                       de_number(result.smd_after[name], 2),
                       abs(result.smd_after[name]) < GOOD_BALANCE)
            for name in result.smd_before]


def small(count: int) -> str:
    """A count of people in the comparison, with 1 to 4 shown as "< 5"."""
    return PRIMARY_MARK if 0 < count < 5 else de_number(count)


def comparison_figures(result: MatchResult) -> list[tuple[str, str]]:
    low, high = result.ci95
    return [
        (_("Teilnehmende im Vergleich"), small(result.n_treated)),
        (_("Teilnehmende ohne ähnliche Vergleichsperson"), small(result.n_treated_unmatched)),
        (_("Vergleichspersonen (genutzt / insgesamt)"),
         f"{small(result.n_matched_controls)} / {small(result.n_controls_total)}"),
        (_("Rohe Differenz ohne Abgleich"), pp(result.raw_difference)),
        (_("Geschätzte Wirkung (ATT)"), pp(result.att)),
        (_("95-%-Konfidenzintervall"), f"{pp(low)} bis {pp(high)}"),
        (_("Propensity-Modell"), f"{result.propensity_spec}, {result.n_neighbours} "
         + (_("Nachbar") if result.n_neighbours == 1 else _("Nachbarn"))),
    ]


def pp(share: float) -> str:
    """A difference of shares in percentage points."""
    return _("%(value)s Prozentpunkte") % {"value": de_number(100 * share, 1)}


def reading(result: MatchResult) -> list[str]:
    """The plain-language reading of the comparison and its limits, in German."""
    low, high = result.ci95
    direction = _("häufiger") if result.att >= 0 else _("seltener")
    text = [
        _("Teilnehmende haben innerhalb von 12 Monaten nach Beginn um %(att)s %(direction)s "
          "eine Arbeit oder Ausbildung begonnen als Kund:innen ohne Teilnahme, die ihnen in "
          "Alter, Geschlecht, Dauer des Leistungsbezugs, Abschluss, Familie, Gesundheit, "
          "Sprache, früherer Beschäftigung und Wohnort ähnelten.")
        % {"att": pp(abs(result.att)), "direction": direction},
    ]
    if low > 0 or high < 0:
        text.append(_("Das 95-%%-Konfidenzintervall (%(low)s bis %(high)s) schließt null nicht "
                      "ein: Der Unterschied ist mit diesen Daten statistisch gesichert.")
                    % {"low": pp(low), "high": pp(high)})
    else:
        text.append(_("Das 95-%%-Konfidenzintervall (%(low)s bis %(high)s) schließt null ein: "
                      "Ein Unterschied ist mit diesen Daten nicht gesichert – die Wirkung kann "
                      "auch null sein.") % {"low": pp(low), "high": pp(high)})
    if result.max_abs_smd_after >= GOOD_BALANCE:
        text.append(_("Nicht alle Merkmale sind nach dem Abgleich ausgeglichen (größte "
                      "standardisierte Differenz %(smd)s; gut ist unter 0,1). Die "
                      "Bias-Korrektur gleicht den Rest rechnerisch aus; lesen Sie das Ergebnis "
                      "vorsichtig.") % {"smd": de_number(result.max_abs_smd_after, 2)})
    else:
        text.append(_("Nach dem Abgleich sind alle Merkmale gut ausgeglichen (standardisierte "
                      "Differenzen unter 0,1)."))
    if result.n_treated_unmatched:
        text.append(_("%(n)s Teilnehmende hatten keine ähnliche Vergleichsperson; die Schätzung "
                      "gilt nur für die übrigen.") % {"n": small(result.n_treated_unmatched)})
    return text


def limits() -> list[str]:
    return [
        _("Verglichen wird nur nach den Merkmalen, die das Jobcenter kennt. Unterscheiden sich "
          "Teilnehmende in Ungemessenem – Motivation, Gründe der Zuweisung, Gesundheit über das "
          "Erfasste hinaus –, ist die Schätzung verzerrt. Kein Abgleich kann das ausschließen."),
        _("Übergänge von Nichtteilnehmenden kennt das System nur, soweit sie erfasst oder aus "
          "dem Fachverfahren übernommen wurden; fehlende Meldungen lassen die Wirkung größer "
          "erscheinen."),
        _("Das Konfidenzintervall (Abadie/Imbens) behandelt das Propensity-Modell als bekannt. "
          "Bei wenigen Teilnehmenden ist es breit: Lesen Sie immer das Intervall, nicht nur "
          "die Zahl."),
    ]


def sheets(result: Evaluation) -> list[tuple[str, list[str], list[list[str]]]]:
    """(sheet title, headers, rows) for every published table; the exports write these."""
    found = [(f"{_('Kennzahlen')} {dimension_label(t.dimension)}"[:31], table_headers(t),
              table_rows(t)) for t in result.tables]
    if result.curves:
        found.append((_("Zeit bis Arbeit"), km_headers(), km_rows(result.curves)))
    if result.comparison is not None:
        comparison = result.comparison
        found.append((_("Vergleich"), [_("Kennzahl"), _("Wert")],
                      [list(pair) for pair in comparison_figures(comparison)]))
        found.append((_("Balance"), [_("Merkmal"), _("SMD vorher"), _("SMD nachher")],
                      [[r.label, r.before, r.after]
                       for r in balance_rows(comparison, result.comparison_covariates)]))
    return found


PDF_MAX_ROWS = 25
"""Longer key-figure tables (and the table by run, always) go to the spreadsheet only: the
report for the county stays a summary, and WeasyPrint's table layout stays small."""


@dataclass
class PdfTable:
    title: str
    headers: list[str]
    rows: list[list[str]]
    dimension: str


def pdf_tables(result: Evaluation) -> tuple[list[PdfTable], list[str]]:
    """The key-figure tables the PDF shows (page layout: every figure, 11 columns that fit A4
    landscape) and one sentence for each table left to the spreadsheet."""
    shown, left_out = [], []
    for table in result.tables:
        title = f"{_('Kennzahlen')} {dimension_label(table.dimension)}"
        if table.dimension == "run" or len(table.rows) > PDF_MAX_ROWS:
            left_out.append(
                _("„%(title)s“ (%(rows)s Zeilen) steht nur in der Excel- und der CSV-Datei.")
                % {"title": title, "rows": de_number(len(table.rows))})
            continue
        shown.append(PdfTable(title, page_table_headers(table), page_table_rows(table),
                              table.dimension))
    return shown, left_out
