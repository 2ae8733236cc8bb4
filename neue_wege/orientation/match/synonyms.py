"""Everyday words -> the wording ESCO's German texts use (general, written once).

A story says "Altenheim", ESCO says "Pflegeeinrichtung" and "ältere Menschen". Each entry
adds the listed words to the story's query at ``SYNONYM_WEIGHT``; keys and values are
written as ordinary German words and go through the same term folding as everything else.
The list is general everyday vocabulary of job-centre conversations, not taken from single
stories (see docs/occupations.md for the honest note on tuning).
"""

from __future__ import annotations

SYNONYM_WEIGHT = 0.7

# Words that name how one qualifies for an activity (a licence, the school for it): they
# stand for the activity, not for teaching it, so only their synonyms enter the query
# ("Fahrschule" -> driving, not driving instructor).
REPLACED_BY_SYNONYMS = frozenset({"Führerschein", "Fahrschule", "Staplerschein"})

SYNONYMS: dict[str, tuple[str, ...]] = {
    "Altenheim": ("Pflege", "Altenpflege", "Pflegeeinrichtung", "Senioren"),
    "Seniorenheim": ("Pflege", "Altenpflege", "Pflegeeinrichtung", "Senioren"),
    "Pflegeheim": ("Pflege", "Altenpflege", "Pflegeeinrichtung"),
    "Bewohner": ("Pflege", "Betreuung"),
    "Senioren": ("Altenpflege", "Pflege"),
    "putzen": ("Reinigung", "reinigen", "Reinigungskraft"),
    "Putzjob": ("Reinigung", "Reinigungskraft"),
    "Putzfrau": ("Reinigung", "Reinigungskraft"),
    "Stapler": ("Gabelstapler", "Lager"),
    "Staplerschein": ("Gabelstapler", "Staplerfahrer", "Lager"),
    "Gabelstapler": ("Lager", "Staplerfahrer"),
    "Lagerist": ("Lager", "Lagerarbeiter", "Lagerverwalter"),
    "LKW": ("Lastkraftwagen", "Berufskraftfahrer"),
    "Lkw": ("Lastkraftwagen", "Berufskraftfahrer"),
    "Bus": ("Omnibus", "Busfahrer"),
    "Führerschein": ("Fahrzeug", "Fahrer", "fahren"),
    "Steuer": ("Fahrer", "fahren"),
    "Fahrschule": ("Fahrer", "fahren", "Fahrzeug"),
    "Schreiner": ("Tischler",),
    "Tischler": ("Schreiner",),
    "Holz": ("Holzbearbeitung", "Tischler"),
    "Kasse": ("Kassierer", "kassieren"),
    "Supermarkt": ("Einzelhandel", "Verkauf", "Kasse"),
    "Laden": ("Einzelhandel", "Verkauf"),
    "Einzelhandel": ("Verkauf", "Verkäufer"),
    "Kindergarten": ("Kinderbetreuung", "Erzieher", "Kinder"),
    "Kita": ("Kindergarten", "Kinderbetreuung", "Erzieher", "Kinder"),
    "Büro": ("Büroarbeit", "Verwaltung", "Sachbearbeiter"),
    "Behörde": ("Verwaltung", "öffentliche Verwaltung"),
    "Computer": ("Informatik", "IT"),
    "Zahnarzt": ("Zahnmedizin", "zahnmedizinisch"),
    "Zahnarztpraxis": ("Zahnmedizin", "zahnmedizinisch"),
    "Arztpraxis": ("medizinisch", "Praxis"),
    "Küche": ("Koch", "kochen"),
    "Gastronomie": ("Service", "Restaurant", "Kellner"),
    "Restaurant": ("Service", "Gastronomie", "Kellner"),
    "Pizza": ("Lieferung", "Gastronomie"),
    "Haare": ("Friseur", "Haarpflege"),
    "Reise": ("Reiseverkehr", "Tourismus"),
    "Urlaub": ("Reiseverkehr", "Tourismus"),
}
