"""Accessible bar charts as plain geometry, and small-cell suppression. No Django import.

Views pass the result to `dashboards/partials/_bar_chart.html`, which draws an SVG with
`role="img"`, a title and a description; a data table stands beside every chart.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from neue_wege.core.disclosure import MIN_CELL, PRIMARY, plan_column

SMALL_CELL_LIMIT = MIN_CELL  # counts of people from 1 to 4 are not shown
SUPPRESSED_LABEL = "< 5"
COMPLEMENT_LABEL = "•"  # hidden so that no "< 5" can be computed from sums

# Two series colours with sufficient contrast to white and to each other; every bar also
# carries its value as text, so colour is never the only carrier of meaning.
SERIES_FILLS = ("#9ec5e8", "#004b87", "#6b6b6b")
SERIES_STROKES = ("#004b87", "#004b87", "#333333")


@dataclass(frozen=True)
class Cell:
    """One figure; `value` is None when it is suppressed."""

    value: int | None
    display: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def _german_number(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def people(count: int) -> Cell:
    """A count of people, suppressed when it lies between 1 and 4."""
    if 0 < count < SMALL_CELL_LIMIT:
        return Cell(None, SUPPRESSED_LABEL)
    return Cell(count, _german_number(count))


def hidden(reason: str) -> Cell:
    """A suppressed cell: "< 5" for 1 to 4 people, "•" for a complementary one."""
    return Cell(None, SUPPRESSED_LABEL if reason == PRIMARY else COMPLEMENT_LABEL)


@dataclass(frozen=True)
class Breakdown:
    """Counts of people per item, per parent (the sum of its items) and in total, with
    complementary suppression across all three (`core.disclosure`): no hidden item can be
    computed as parent − visible items or total − visible parents."""

    items: dict[Hashable, Cell]
    parents: dict[Hashable, Cell]
    total: Cell


def breakdown(values: Mapping[Hashable, int],
              parent_of: Mapping[Hashable, Hashable] | None = None) -> Breakdown:
    """Suppress ``values`` (item → count) and the sums per parent and in total together."""
    parent_of = parent_of or {}
    plan = plan_column(values, levels=[lambda item: parent_of.get(item)] if parent_of else [])

    def cell(items: list[Hashable]) -> Cell:
        reason = plan.reason(items)
        return hidden(reason) if reason else Cell(
            int(sum(values[i] for i in items)), _german_number(int(sum(values[i] for i in items))))

    members: dict[Hashable, list[Hashable]] = {}
    for item in values:
        members.setdefault(parent_of.get(item), []).append(item)
    return Breakdown(items={item: cell([item]) for item in values},
                     parents={parent: cell(items) for parent, items in members.items()},
                     total=cell(list(values)) if values else people(0))


def plain(count: int) -> Cell:
    """A figure that is not a count of people (e.g. seats offered): never suppressed."""
    return Cell(count, _german_number(count))


def share(part: Cell, whole: Cell) -> str:
    """Percentage of `part` in `whole`, or a dash when it cannot be shown."""
    if part.value is None or not whole.value:
        return "–"
    return f"{round(100 * part.value / whole.value)} %"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float


@dataclass
class Chart:
    ident: str  # unique on the page: ids of the SVG title and description
    title: str
    desc: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (name, fill, stroke)
    legend_y: float = 0
    empty: bool = False


LABEL_WIDTH = 170
BAR_AREA = 420
BAR_HEIGHT = 16
ROW_GAP = 12
TOP = 8


def bar_chart(*, ident: str, title: str, desc: str, series: Sequence[str],
              rows: Sequence[tuple[str, Sequence[Cell]]]) -> Chart:
    """Horizontal bars: one group per row, one bar per series. Suppressed cells get no bar."""
    width = LABEL_WIDTH + BAR_AREA + 70
    values = [cell.value for _, cells in rows for cell in cells if cell.value is not None]
    top_value = max(values, default=0)
    group_height = BAR_HEIGHT * len(series)
    legend_height = 28 if len(series) > 1 else 0
    height = TOP + len(rows) * (group_height + ROW_GAP) + legend_height + 4
    chart = Chart(ident=ident, title=title, desc=desc, width=width, height=max(height, 40),
                  empty=not rows)
    y = TOP
    for label, cells in rows:
        chart.labels.append(Label(label, LABEL_WIDTH - 8, y + group_height / 2 + 5))
        for index, cell in enumerate(cells):
            bar_width = 0.0
            if cell.value and top_value:
                bar_width = max(2.0, BAR_AREA * cell.value / top_value)
            by = y + index * BAR_HEIGHT
            chart.bars.append(Bar(
                x=LABEL_WIDTH, y=by + 1, width=round(bar_width, 1), height=BAR_HEIGHT - 2,
                fill=SERIES_FILLS[index % len(SERIES_FILLS)],
                stroke=SERIES_STROKES[index % len(SERIES_STROKES)],
                text=cell.display, text_x=round(LABEL_WIDTH + bar_width + 6, 1),
                text_y=by + BAR_HEIGHT - 4,
            ))
        y += group_height + ROW_GAP
    if len(series) > 1:
        chart.legend = [(name, SERIES_FILLS[i % len(SERIES_FILLS)],
                         SERIES_STROKES[i % len(SERIES_STROKES)])
                        for i, name in enumerate(series)]
        chart.legend_y = y + 4
    return chart
