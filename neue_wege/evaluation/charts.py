"""SVG geometry for the evaluation page: bar charts of shares and Kaplan–Meier step curves.

Only numbers for a template (`evaluation/partials/_km_chart.html`); no inline style or
script, so the strict CSP holds. Every chart has a table or text beside it with the same
figures, and colour is never the only carrier of meaning (line patterns differ too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from neue_wege.dashboards.charts import Cell, Chart, bar_chart
from neue_wege.evaluation.stats.keyfigures import Table
from neue_wege.evaluation.stats.survival import Curve

SUPPRESSED_MARK = "•"
LINE_COLOURS = ("#004b87", "#b3261e", "#1b6e20", "#6b3fa0", "#8a5300", "#333333")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
BAND_FILLS = ("#cfe2f3", "#f4d3d0", "#d3ead4", "#e3d8f0", "#f2e0c7", "#e0e0e0")


def percent(value: float | None) -> str:
    return SUPPRESSED_MARK if value is None else f"{round(100 * value)} %"


def share_cell(value: float | None) -> Cell:
    if value is None:
        return Cell(None, SUPPRESSED_MARK)
    return Cell(round(100 * value), f"{round(100 * value)} %")


def transitions_chart(table: Table, ident: str) -> Chart:
    """Bars: share in work or training within 6 and 12 months after the run, per group."""
    return bar_chart(
        ident=ident,
        title=_("Übergänge in Arbeit oder Ausbildung"),
        desc=_("Balkendiagramm je Gruppe: Anteil der Teilnehmenden mit Beginn einer Arbeit "
               "oder Ausbildung innerhalb von 6 und 12 Monaten nach Ende des Durchlaufs. Die "
               "Werte stehen auch in der Tabelle. Werte, die auf weniger als 5 Personen "
               "beruhen, sind mit • ausgeblendet."),
        series=[_("bis 6 Monate"), _("bis 12 Monate")],
        rows=[(row.label, [share_cell(row["work_6m_rate"].value),
                           share_cell(row["work_12m_rate"].value)]) for row in table.rows],
    )


@dataclass
class KmLine:
    label: str
    colour: str
    dash: str
    band_fill: str
    path: str
    band: str
    legend_y: float
    n: int
    events: int
    median_days: float | None


@dataclass
class KmChart:
    ident: str
    title: str
    desc: str
    width: int = 700
    height: int = 360
    left: int = 60
    top: int = 16
    plot_width: int = 440
    plot_height: int = 280
    lines: list[KmLine] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_label: str = ""
    y_label: str = ""

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width


def km_chart(curves: Sequence[Curve], *, ident: str, title: str, max_days: int = 730) -> KmChart:
    """Step curves of the share in work by day since run start, with 95 % bands."""
    chart = KmChart(ident=ident, title=title, desc=_(
        "Kaplan-Meier-Kurven: Anteil der Teilnehmenden, die seit Beginn des Durchlaufs eine "
        "Arbeit oder Ausbildung begonnen haben, nach Tagen, mit 95-%-Konfidenzband. Die "
        "Kurven enden, wo weniger als 5 Personen übrig sind. Die Zahlen stehen in der Tabelle "
        "unter dem Diagramm."))
    chart.x_label = _("Tage seit Beginn des Durchlaufs")
    chart.y_label = _("Anteil in Arbeit oder Ausbildung")

    def x(day: float) -> float:
        return round(chart.left + chart.plot_width * min(day, max_days) / max_days, 1)

    def y(share: float) -> float:
        return round(chart.bottom - chart.plot_height * share, 1)

    chart.x_ticks = [(x(d), str(d)) for d in range(0, max_days + 1, 180)]
    chart.y_ticks = [(y(s / 100), f"{s} %") for s in range(0, 101, 25)]
    for index, curve in enumerate(curves):
        points = [(d, s, lo, hi) for d, s, lo, hi in
                  zip(curve.days, curve.share, curve.low, curve.high, strict=True)
                  if d <= max_days]
        if not points:
            continue
        line = [f"M{x(points[0][0])},{y(points[0][1])}"]
        upper = [(x(points[0][0]), y(points[0][3]))]
        lower = [(x(points[0][0]), y(points[0][2]))]
        for (_d0, _s0, lo0, hi0), (d1, s1, lo1, hi1) in zip(points, points[1:], strict=False):
            line.append(f"H{x(d1)}V{y(s1)}")
            upper += [(x(d1), y(hi0)), (x(d1), y(hi1))]
            lower += [(x(d1), y(lo0)), (x(d1), y(lo1))]
        band = " ".join(f"{px},{py}" for px, py in upper + lower[::-1])
        chart.lines.append(KmLine(
            label=curve.label, colour=LINE_COLOURS[index % len(LINE_COLOURS)],
            dash=DASHES[index % len(DASHES)], band_fill=BAND_FILLS[index % len(BAND_FILLS)],
            path="".join(line), band=band, legend_y=chart.top + 10 + 22 * index,
            n=curve.n, events=curve.events, median_days=curve.median_days))
    return chart


def share_at(curve: Curve, day: float) -> tuple[float, float, float] | None:
    """(share, low, high) of a curve at ``day``, or None beyond the curve's end."""
    if not curve.days or day > curve.days[-1]:
        return None
    index = max(i for i, d in enumerate(curve.days) if d <= day)
    return curve.share[index], curve.low[index], curve.high[index]
