"""The interest check: 18 own items in plain German, three per RIASEC theme, as data.

The items are written for this project (no licensed instrument is copied). Each is answered
on one fixed 4-point scale; a theme's score is the mean of its three answers scaled to 0..1.
The scores feed the occupation suggestions (as the interests vector) and the bar chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THEMES: tuple[tuple[str, str, str], ...] = (
    # letter, name, plain description
    ("R", _("Praktisch"), _("mit den Händen, mit Werkzeug, Maschinen oder draußen arbeiten")),
    ("I", _("Forschend"), _("Dingen auf den Grund gehen, Fragen klären, Neues verstehen")),
    ("A", _("Künstlerisch"), _("gestalten, schreiben, Musik machen, eigene Ideen umsetzen")),
    ("S", _("Sozial"), _("mit Menschen arbeiten, helfen, erklären, pflegen")),
    ("E", _("Unternehmerisch"), _("andere überzeugen, verkaufen, führen, etwas in Gang bringen")),
    ("C", _("Ordnend"), _("planen, ordnen, mit Zahlen und Listen genau arbeiten")),
)
THEME_NAMES = {letter: name for letter, name, _description in THEMES}

SCALE: tuple[tuple[int, str], ...] = (
    (0, _("Gar nicht gern")),
    (1, _("Eher nicht gern")),
    (2, _("Eher gern")),
    (3, _("Sehr gern")),
)
SCALE_MAX = 3


@dataclass(frozen=True)
class Item:
    key: str
    theme: str
    text: str


ITEMS: tuple[Item, ...] = (
    Item("r1", "R", _("Etwas reparieren oder zusammenbauen")),
    Item("r2", "R", _("Draußen arbeiten, zum Beispiel im Garten oder auf dem Bau")),
    Item("r3", "R", _("Mit Maschinen, Werkzeug oder Fahrzeugen umgehen")),
    Item("i1", "I", _("Herausfinden, warum etwas nicht funktioniert")),
    Item("i2", "I", _("Etwas Neues lernen und genau verstehen")),
    Item("i3", "I", _("Etwas ausprobieren, messen oder untersuchen")),
    Item("a1", "A", _("Etwas gestalten, malen oder dekorieren")),
    Item("a2", "A", _("Texte schreiben, Fotos machen oder Musik machen")),
    Item("a3", "A", _("Eigene Ideen haben und umsetzen")),
    Item("s1", "S", _("Anderen Menschen helfen oder sie pflegen")),
    Item("s2", "S", _("Jemandem etwas erklären oder beibringen")),
    Item("s3", "S", _("Zuhören, wenn jemand Sorgen hat")),
    Item("e1", "E", _("Andere von einer Idee überzeugen")),
    Item("e2", "E", _("Etwas verkaufen oder Kundschaft beraten")),
    Item("e3", "E", _("Eine Gruppe anleiten und Entscheidungen treffen")),
    Item("c1", "C", _("Ordnung halten und Dinge sortieren")),
    Item("c2", "C", _("Mit Zahlen, Listen oder Tabellen arbeiten")),
    Item("c3", "C", _("Termine planen und genau nach Plan arbeiten")),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)


def score(answers: Mapping[str, int]) -> dict[str, float]:
    """Theme letter -> 0..1 (mean answer / 3). Every item must be answered."""
    result: dict[str, float] = {}
    for letter, _name, _description in THEMES:
        values = [int(answers[item.key]) for item in ITEMS if item.theme == letter]
        result[letter] = round(sum(values) / (len(values) * SCALE_MAX), 3)
    return result


def top_themes(scores: Mapping[str, float], count: int = 2) -> list[str]:
    """The strongest themes (letters), highest first; ties keep the RIASEC order."""
    order = [letter for letter, _name, _description in THEMES]
    ranked = sorted(order, key=lambda letter: (-scores.get(letter, 0.0), order.index(letter)))
    return [letter for letter in ranked[:count] if scores.get(letter, 0.0) > 0]
