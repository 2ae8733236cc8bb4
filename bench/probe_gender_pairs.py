"""Does any gendered person noun move the occupation list? A probe over the vocabulary, not
over stories.

    .venv/bin/python bench/probe_gender_pairs.py            # counts + the pairs that differ
    .venv/bin/python bench/probe_gender_pairs.py --limit 300 # a quick sample

The swap check of the real-story bench still found one held-out story whose top 10 changes
when its gendered person nouns are flipped; that half may not be read. This probe looks for
the cause where reading is allowed: every single-word pair of German person nouns in ESCO's
labels (*Altenpfleger/Altenpflegerin*), in the KldB job titles (*Busfahrer/in*), and the
swap generators' own pairs (*Kollegin/Kollege, Köchin/Koch, Kauffrau/Kaufmann …*), each put
into short written sentences in both genders – as the writer's past work, as a third person
who acts, as the object of a sentence, with a name after it, and in the plural – and the
ordered top 10 of both forms compared. The generators' flips are applied too (the bench's
``flip_story`` and the broad generator's ``flip_gender``), so a form they write that German
would not (*Zahnarztin*) shows up as such.

Prints counts per template and source and every pair whose lists differ.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure_occupations_real import flip_story  # noqa: E402

from neue_wege.orientation.matcher import default_matcher  # noqa: E402
from neue_wege.orientation.tests.swap_broad import WORD_PAIRS, flip_gender  # noqa: E402

# (female sentence, male sentence): {n} is the noun, {p} its plural
TEMPLATES = {
    "writer": ("Früher habe ich als {n} gearbeitet. Heute helfe ich gern anderen Menschen "
               "und plane meinen Tag selbst.",
               "Früher habe ich als {n} gearbeitet. Heute helfe ich gern anderen Menschen "
               "und plane meinen Tag selbst."),
    "third": ("Die {n} zeigte mir, wie man die Ware sortiert. Ich war stolz, als ich es "
              "allein konnte.",
              "Der {n} zeigte mir, wie man die Ware sortiert. Ich war stolz, als ich es "
              "allein konnte."),
    "she-is": ("Sie ist gelernte {n} und hat drei Kinder. Sie hat lange keine Arbeit "
               "gefunden und wollte trotzdem nicht aufgeben.",
               "Er ist gelernter {n} und hat drei Kinder. Er hat lange keine Arbeit "
               "gefunden und wollte trotzdem nicht aufgeben."),
    "object": ("Ich habe der {n} beim Aufräumen geholfen und sie hat sich sehr gefreut.",
               "Ich habe dem {n} beim Aufräumen geholfen und er hat sich sehr gefreut."),
    "named": ("Meine {n} Petra hat mir Mut gemacht. Zusammen haben wir das Fest organisiert.",
              "Mein {n} Peter hat mir Mut gemacht. Zusammen haben wir das Fest organisiert."),
}


def esco_pairs(matcher) -> set[tuple[str, str]]:  # noqa: ANN001
    """(female, male) single words from ESCO labels "X/Xin" and KldB job titles "X/in"."""
    pairs: set[tuple[str, str]] = set()
    for occ in matcher.data.occupations:
        for label in (occ.label, *occ.alt):
            parts = label.split("/")
            if len(parts) != 2 or "-" in label:
                continue
            if parts[1] == "in":  # "Musiklehrer/in"
                parts[1] = parts[0] + "in"
            males, females = parts[0].split(), parts[1].split()
            if len(males) != len(females):
                continue
            for male, female in zip(males, females, strict=True):  # "Kaufmann im …"
                if (male[:1].isupper() and female.endswith("in") and len(male) > 2
                        and female != male and female[:3] == male[:3]):
                    pairs.add((female, male))
    for entry in matcher.data.kldb.values():
        for job in entry.get("jobs", ()):
            m = re.fullmatch(r"([A-ZÄÖÜ][a-zäöüß]+)/in", job)
            if m:
                pairs.add((m.group(1) + "in", m.group(1)))
    return pairs


# adjectival person nouns: "die/eine Angestellte", "der Angestellte/ein Angestellter"
ADJECTIVAL = """Angestellte Auszubildende Beschäftigte Arbeitslose Erwerbslose Langzeitarbeitslose
    Alleinerziehende Selbstständige Ehrenamtliche Vorgesetzte Bekannte Verwandte Jugendliche
    Erwachsene Kranke Pflegebedürftige Geflüchtete Studierende Reisende Hausangestellte
    Ungelernte Quereinsteigende Teilzeitbeschäftigte""".split()


def generator_pairs() -> set[tuple[str, str]]:
    pairs = {(f.capitalize(), m.capitalize()) for f, m in WORD_PAIRS}
    return pairs | {(word, word + "r") for word in ADJECTIVAL}


def top(matcher, text: str, names: list[str]) -> list[str]:  # noqa: ANN001
    return [s.esco_uri for s in matcher.suggest(text, top=10, names=names)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    args = parser.parse_args()
    matcher = default_matcher()
    sources = {"esco/kldb": esco_pairs(matcher), "generators": generator_pairs()}
    checked: Counter = Counter()
    changed: Counter = Counter()
    found: list[str] = []
    for source, pairs in sources.items():
        ordered = sorted(pairs)[: args.limit or None]
        for female, male in ordered:
            for name, (ftext, mtext) in TEMPLATES.items():
                names = ["Petra"] if name == "named" else []
                f = ftext.format(n=female)
                m = mtext.format(n=male)
                variants = [("pair", f, m, ["Peter"] if names else [])]
                # the generators' own flips of each form
                variants.append(("bench f→m", f, flip_story(f, "f"), names))
                variants.append(("bench m→f", m, flip_story(m, "m"), names))
                variants.append(("broad f→m", f, flip_gender(f, "m", ("nouns",)), names))
                variants.append(("broad m→f", m, flip_gender(m, "f", ("nouns",)), names))
                for kind, a, b, b_names in variants:
                    if a == b:
                        continue
                    key = (source, name, kind)
                    checked[key] += 1
                    if top(matcher, a, names) != top(matcher, b, b_names or names):
                        changed[key] += 1
                        found.append(f"{source:10} {name:7} {kind:10} {a!r} | {b!r}")
    print("| source | template | flip | changed / checked |")
    print("|---|---|---|---|")
    for key in sorted(checked):
        print(f"| {' | '.join(key)} | {changed[key]} / {checked[key]} |")
    print(f"\n{len(found)} differing pairs")
    for line in found:
        print("  " + line)


if __name__ == "__main__":
    main()
