"""Occupation suggestions on real published stories: hits, rule-1 breaches, swap check.

    .venv/bin/python bench/measure_occupations_real.py [--top 10] [--misses var/occupations_real_misses.json]
    .venv/bin/python bench/measure_occupations_real.py --qualification none   # as a client without
                                                                            # a vocational degree

Three sets, each fed through ``default_matcher().suggest(narrative, top=10)`` (only the
``narrative`` is read – the sentences naming the outcome are cut out of the published text):

- ``shared 12``: ``shared/data/stories-dev/stories.json`` (hit as in ``measure_occupations.py``:
  ISCO-08 group in ``accept_isco08`` or an ``outcome_accept`` title);
- ``real dev`` / ``real held-out``: the two halves of ``bench/data/stories_de_real.json``
  (``split`` field; rule in ``bench/data/SOURCES.md``). A suggestion is a hit when its
  ISCO-08 unit group (4 digits) is in the record's ``accept_isco08`` **or** its KldB 2010
  code (5 digits) equals the record's ``kldb2010``. The lenient figure also accepts the same
  KldB Berufsgruppe (first 4 digits: occupation group + specialisation, any requirement level).

Rule 1 of issue 13 (never shown): fortune-telling/esoterics, escort and partner agencies,
gambling, armed forces, management posts. The check here is independent of the engine's own
filters: ISCO-08 groups 5161, 5169, 4212, major groups 0 (armed forces) and 1 (managers),
KldB 2010 "Führungskräfte" (4th digit 9, 5th digit 4) and military (01…), plus label
patterns (``RULE1_PATTERNS``). The share is breaching suggestions / all suggestions shown in
the top 10 of the set; stories with at least one breach are counted too.

Swap check: every story is rewritten twice – gender flipped (pronouns, gendered nouns,
``SWAP_*``) and the person's name replaced by a name of the other gender and another origin
(``Mehmet Yılmaz``/``Ayşe Yılmaz`` in one variant, ``Thomas Krause``/``Sabine Krause`` in
the other; surnames that are no occupation words). A story counts as changed when the
ordered top 10 (ESCO URIs) of any variant differs from the original's. The word lists here
are written for this measurement and are deliberately not the lists of
``neue_wege/orientation/tests/test_fairness.py``.

Per-story misses (id, expected, rank, top 3) of the shared 12 and the **dev half** go to the
``--misses`` file (``var/`` is not committed). The held-out half is reported in aggregate
only – its stories must not be read when changing rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure_occupations import is_hit as shared_is_hit  # noqa: E402

from neue_wege.core.paths import SHARED_DATA  # noqa: E402
from neue_wege.orientation.matcher import default_matcher  # noqa: E402
from neue_wege.orientation.tests.swap_broad import person_names  # noqa: E402

SHARED = SHARED_DATA / "stories-dev" / "stories.json"
REAL = ROOT / "bench" / "data" / "stories_de_real.json"
MISSES = ROOT / "var" / "occupations_real_misses.json"

# ---------------------------------------------------------------- rule 1 (independent check)
RULE1_ISCO = {
    "5161": "Wahrsagen/Esoterik",
    "5169": "Escort/Partnervermittlung",
    "4212": "Glücksspiel",
}
RULE1_PATTERNS = [
    ("Wahrsagen/Esoterik", re.compile(
        r"astrolog|wahrsag|gedankenles|hellseh|\bmedium\b|esoter|kartenleg|handleser|tarot",
        re.IGNORECASE)),
    ("Escort/Partnervermittlung", re.compile(
        r"escort|prostitu|erotik|callgirl|strip|partnervermitt|ehevermitt|heiratsvermitt",
        re.IGNORECASE)),
    ("Glücksspiel", re.compile(
        r"spielhall|glücksspiel|casino|kasino|croupier|buchmacher|wettbüro|lotterie|spielbank",
        re.IGNORECASE)),
    ("Streitkräfte", re.compile(
        r"offizier|soldat|streitkr|bundeswehr|militär|general(in)?\b|leutnant|grenadier",
        re.IGNORECASE)),
    ("Leitungsposten", re.compile(
        r"geschäftsführ|manager|direktor|vorstand|^leiter(in)?\b|/leiter(in)?\b",
        re.IGNORECASE)),
]


def rule1_breach(label: str, isco08: str | None, kldb2010: str | None) -> str | None:
    """The rule-1 category an occupation falls into, or ``None``."""
    isco = isco08 or ""
    kldb = kldb2010 or ""
    if isco in RULE1_ISCO:
        return RULE1_ISCO[isco]
    if isco.startswith("0") or kldb.startswith("01"):
        return "Streitkräfte"
    if isco.startswith("1") or (len(kldb) == 5 and kldb[3] == "9" and kldb[4] == "4"):
        return "Leitungsposten"
    for category, pattern in RULE1_PATTERNS:
        if pattern.search(label):
            return category
    return None


# ---------------------------------------------------------------- gender and origin swap
SWAP_F_TO_M = {
    "sie": "er", "ihr": "sein", "ihre": "seine", "ihren": "seinen", "ihrem": "seinem",
    "ihrer": "seiner", "ihres": "seines", "frau": "mann", "frauen": "männer",
    "mutter": "vater", "tochter": "sohn", "töchter": "söhne", "schwester": "bruder",
    "oma": "opa", "großmutter": "großvater", "freundin": "freund", "ehefrau": "ehemann",
    "hausfrau": "hausmann", "kollegin": "kollege", "kundin": "kunde", "chefin": "chef",
    "ärztin": "arzt", "köchin": "koch", "mädchen": "junge", "witwe": "witwer",
}
SWAP_M_TO_F = {
    "er": "sie", "sein": "ihr", "seine": "ihre", "seinen": "ihren", "seinem": "ihrem",
    "seiner": "ihrer", "seines": "ihres", "ihm": "ihr", "ihn": "sie", "mann": "frau",
    "männer": "frauen", "vater": "mutter", "sohn": "tochter", "söhne": "töchter",
    "bruder": "schwester", "opa": "oma", "großvater": "großmutter", "freund": "freundin",
    "ehemann": "ehefrau", "hausmann": "hausfrau", "kollege": "kollegin", "kunde": "kundin",
    "chef": "chefin", "arzt": "ärztin", "koch": "köchin", "junge": "mädchen",
    "witwer": "witwe", "herr": "frau", "familienvater": "familienmutter",
}
# masculine person nouns that take -in (checked on the end of a capitalised word)
PERSON_SUFFIXES = (
    "arbeiter", "fahrer", "pfleger", "helfer", "mechaniker", "techniker", "elektroniker",
    "meister", "leiter", "lehrer", "berater", "käufer", "gärtner", "tischler", "schreiner",
    "maler", "maurer", "bauer", "reiniger", "bäcker", "fleischer", "kellner", "vermittler",
    "händler", "betreuer", "begleiter", "nehmer", "geber", "bewohner", "einsteiger",
    "absolvent", "assistent", "student", "dozent", "praktikant", "lagerist", "florist",
    "friseur", "monteur", "ingenieur", "erzieher", "sanitäter", "jobber", "schüler",
    "gefreite", "berechtigte", "bieter", "sucher", "ler",
)
FEMALE_SUFFIX_STEMS = re.compile(r"(er|ist|ent|ant|eur|är|ler|ör)$")
NAMES = {  # (first, last) for a story whose person is female / male, two origins
    "origin_a": {"f": ("Mehmet", "Yılmaz"), "m": ("Ayşe", "Yılmaz")},
    "origin_b": {"f": ("Thomas", "Krause"), "m": ("Sabine", "Krause")},
}


def _keep_case(old: str, new: str) -> str:
    return new[0].upper() + new[1:] if old[0].isupper() else new


def _to_male(word: str) -> str:
    low = word.lower()
    if low in SWAP_F_TO_M:
        return _keep_case(word, SWAP_F_TO_M[low])
    if not word[0].isupper() or len(word) < 6:
        return word
    if low.endswith("innen") and FEMALE_SUFFIX_STEMS.search(low[:-5]):
        return word[:-5]
    if low.endswith("frau"):
        return word[:-4] + "mann"
    if low.endswith("in") and FEMALE_SUFFIX_STEMS.search(low[:-2]):
        return word[:-2]
    return word


# Before a masculine person noun these words make it a plural ("die Mitarbeiter"): its
# female form is then -innen (the swap keeps the number).
PLURAL_BEFORE = frozenset(
    "die alle viele mehrere einige keine meine seine ihre unsere diese zwei drei vier".split()
)


def _to_female(word: str, before: str = "") -> str:
    low = word.lower()
    if low in SWAP_M_TO_F:
        return _keep_case(word, SWAP_M_TO_F[low])
    if not word[0].isupper() or len(word) < 5:
        return word
    if low.endswith("mann") and len(low) > 4:
        return word[:-4] + "frau"
    if low.endswith(PERSON_SUFFIXES):
        plural = before in PLURAL_BEFORE and low.endswith("er")
        return word + ("innen" if plural else "in")
    return word


def guess_gender(text: str) -> str:
    """For records without ``gender`` (the shared 12): the more frequent pronoun set."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    male = sum(w in {"er", "sein", "seine", "seinen", "seinem", "seiner", "ihm", "ihn"}
               for w in words)
    female = sum(w in {"sie", "ihr", "ihre", "ihren", "ihrem", "ihrer"} for w in words)
    return "m" if male > female else "f"


def swap_story(text: str, gender: str | None, person: str, origin: str) -> str:
    """Flip the gender of the story and give the person a name of another gender and origin."""
    gender = gender or guess_gender(text)
    parts = person_names(person)
    first, last = NAMES[origin].get(gender or "f", NAMES[origin]["f"])
    new_names = {first, last}
    for part in sorted(parts, key=len, reverse=True):
        new = first if part == parts[0] else last
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", new, text)
    return flip_story(text, gender, frozenset(new_names))


PRONOUNS = frozenset("sie er ihr ihre ihren ihrem ihrer ihres sein seine seinen seinem seiner "
                     "seines ihm ihn".split())
ARTICLE_TO_MALE = {"die": "der", "eine": "ein", "keine": "kein", "diese": "dieser"}
ARTICLE_TO_FEMALE = {v: k for k, v in ARTICLE_TO_MALE.items()}


def flip_story(text: str, gender: str, keep: frozenset[str] = frozenset()) -> str:
    """The gender flip of ``swap_story`` alone (words in ``keep`` stay). The article right
    before a flipped singular person noun (one adjective may stand between) follows it
    ("die gelernte Friseurin" -> "der gelernte Friseur"), so the swap stays German."""
    to_male = gender != "m"
    matches = list(re.finditer(r"[^\W\d_]+", text))
    lows = [m.group().lower() for m in matches]
    edits: dict[int, str] = {}
    for n, match in enumerate(matches):
        word = match.group()
        if word in keep:
            continue
        new = _to_male(word) if to_male else _to_female(word, lows[n - 1] if n else "")
        if new == word:
            continue
        edits[n] = new
        singular_noun = word[:1].isupper() and not new.lower().endswith("innen") and not (
            word.lower().endswith("innen"))
        articles = ARTICLE_TO_MALE if to_male else ARTICLE_TO_FEMALE
        if singular_noun and word.lower() not in PRONOUNS:
            for back in (1, 2):
                k = n - back
                if k >= 0 and lows[k] in articles and k not in edits:
                    old = matches[k].group()
                    edits[k] = _keep_case(old, articles[lows[k]])
                    break
    out, last = [], 0
    for n in sorted(edits):
        out.append(text[last:matches[n].start()])
        out.append(edits[n])
        last = matches[n].end()
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------- measurement
def real_is_hit(suggestion, record: dict, lenient: bool = False) -> bool:  # noqa: ANN001
    if suggestion.isco08 in set(record["accept_isco08"]):
        return True
    kldb = suggestion.kldb2010 or ""
    if kldb == record["kldb2010"]:
        return True
    return lenient and bool(kldb) and kldb[:4] == record["kldb2010"][:4]


def _rank(suggestions: list, hit: Callable) -> int | None:
    return next((n for n, s in enumerate(suggestions, 1) if hit(s)), None)


def measure_set(  # noqa: PLR0913
    records: list[dict], hit: Callable, lenient: Callable | None, top: int = 10,
    swaps: bool = True, qualification: list[str] | None = None, use_names: bool = True,
) -> dict:
    matcher = default_matcher()
    ranks, lenient_ranks, rows = [], [], []
    shown = breaches = stories_with_breach = 0
    by_category: dict[str, int] = {}
    swap_changed: list[str] = []
    for record in records:
        own = person_names(record.get("person", "")) if use_names else []
        suggestions = matcher.suggest(record["narrative"], top=top, qualification=qualification,
                                      names=own)
        rank = _rank(suggestions, lambda s, r=record: hit(s, r))
        ranks.append(rank)
        if lenient is not None:
            lenient_ranks.append(_rank(suggestions, lambda s, r=record: lenient(s, r)))
        found = [rule1_breach(s.label, s.isco08, s.kldb2010) for s in suggestions]
        shown += len(suggestions)
        bad = [c for c in found if c]
        breaches += len(bad)
        stories_with_breach += bool(bad)
        for c in bad:
            by_category[c] = by_category.get(c, 0) + 1
        if swaps:
            original = [s.esco_uri for s in suggestions]
            for origin in NAMES:
                text = swap_story(record["narrative"], record.get("gender"),
                                  record.get("person", ""), origin)
                gender = record.get("gender") or guess_gender(record["narrative"])
                new_names = list(NAMES[origin].get(gender, NAMES[origin]["f"])) if use_names else []
                swapped = [s.esco_uri for s in matcher.suggest(text, top=top,
                                                               qualification=qualification,
                                                               names=new_names)]
                if swapped != original:
                    swap_changed.append(record["id"])
                    break
        rows.append({
            "id": record["id"], "rank": rank,
            "rule1": [f"{s.label} ({c})" for s, c in zip(suggestions, found, strict=True) if c],
            "top3": [{"label": s.label, "isco08": s.isco08, "kldb2010": s.kldb2010,
                      "score": s.score} for s in suggestions[:3]],
        })
    n = len(records)
    result = {
        "stories": n,
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@3": sum(1 for r in ranks if r and r <= 3) / n,
        "hit@10": sum(1 for r in ranks if r and r <= 10) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "rule1_share": breaches / shown if shown else 0.0,
        "rule1_suggestions": breaches,
        "rule1_stories": stories_with_breach,
        "rule1_by_category": by_category,
        "swap_changed": swap_changed,
        "rows": rows,
    }
    if lenient is not None:
        result["lenient_hit@10"] = sum(1 for r in lenient_ranks if r and r <= 10) / n
        result["lenient_mrr"] = sum(1 / r for r in lenient_ranks if r) / n
    return result


def _expected(record: dict) -> dict:
    if "kldb2010" in record:
        return {"occupation": record["outcome_occupation"], "isco08": record["accept_isco08"],
                "kldb2010": record["kldb2010"]}
    return {"occupation": record["outcome_occupation"], "isco08": record["accept_isco08"]}


def format_table(results: dict[str, dict]) -> str:
    def pct(v: float) -> str:
        return f"{v:.3f}"

    head = ["figure", *results]
    lines = [
        ("stories", [str(r["stories"]) for r in results.values()]),
        ("hit@1", [pct(r["hit@1"]) for r in results.values()]),
        ("hit@3", [pct(r["hit@3"]) for r in results.values()]),
        ("hit@10", [pct(r["hit@10"]) for r in results.values()]),
        ("MRR (top 10)", [pct(r["mrr"]) for r in results.values()]),
        ("hit@10 lenient (KldB 4-digit)",
         [pct(r["lenient_hit@10"]) if "lenient_hit@10" in r else "–" for r in results.values()]),
        ("MRR lenient", [pct(r["lenient_mrr"]) if "lenient_mrr" in r else "–"
                         for r in results.values()]),
        ("rule-1 share of top-10 suggestions", [pct(r["rule1_share"]) for r in results.values()]),
        ("rule-1 suggestions / stories with one",
         [f"{r['rule1_suggestions']} / {r['rule1_stories']}" for r in results.values()]),
        ("swap changed the top 10 (stories)",
         [f"{len(r['swap_changed'])} of {r['stories']}" for r in results.values()]),
    ]
    width = max(len(name) for name, _ in lines) + 2
    cols = [max(len(h), 14) for h in head[1:]]
    out = ["| " + head[0].ljust(width) + " | " + " | ".join(
        h.ljust(c) for h, c in zip(head[1:], cols, strict=True)) + " |"]
    out.append("|" + "-" * (width + 2) + "|" + "|".join("-" * (c + 2) for c in cols) + "|")
    for name, values in lines:
        out.append("| " + name.ljust(width) + " | " + " | ".join(
            v.ljust(c) for v, c in zip(values, cols, strict=True)) + " |")
    return "\n".join(out)


def load_real(path: Path = REAL) -> dict[str, list[dict]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return {
        "real dev": [r for r in records if r["split"] == "dev"],
        "real held-out": [r for r in records if r["split"] == "heldout"],
    }


def write_misses(path: Path, sets: dict[str, tuple[list[dict], dict]],
                 only: Iterable[str]) -> None:
    out = []
    for name in only:
        records, result = sets[name]
        expected = {r["id"]: _expected(r) for r in records}
        for row in result["rows"]:
            if row["rank"] is None or row["rule1"]:
                out.append({"set": name, "id": row["id"], "expected": expected[row["id"]],
                            "rank": row["rank"], "rule1": row["rule1"], "top3": row["top3"]})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--stories", type=Path, default=REAL)
    parser.add_argument("--misses", type=Path, default=MISSES)
    parser.add_argument("--no-swap", action="store_true", help="skip the swap check (faster)")
    parser.add_argument("--no-names", action="store_true",
                        help="do not pass the person's names to the matcher (the service "
                             "passes the client's names; the pure core alone has none)")
    parser.add_argument("--no-heldout", action="store_true",
                        help="leave the held-out half out (while changing rules)")
    parser.add_argument("--json", type=Path, help="also write the figures (no stories) here")
    parser.add_argument("--qualification", action="append", default=None,
                        help="qualification id(s) of every person, e.g. none (repeatable)")
    args = parser.parse_args()

    shared = json.loads(SHARED.read_text(encoding="utf-8"))
    for record in shared:
        record.setdefault("gender", None)
    sets: dict[str, tuple[list[dict], dict]] = {
        "shared 12": (shared, measure_set(shared, shared_is_hit, None, args.top,
                                          not args.no_swap, args.qualification,
                                          not args.no_names)),
    }
    for name, records in load_real(args.stories).items():
        if args.no_heldout and name == "real held-out":
            continue
        sets[name] = (records, measure_set(
            records, real_is_hit, lambda s, r: real_is_hit(s, r, lenient=True), args.top,
            not args.no_swap, args.qualification, not args.no_names))
    results = {name: result for name, (_, result) in sets.items()}
    print(format_table(results))
    for name, result in results.items():
        if result["rule1_by_category"]:
            cats = ", ".join(f"{k} {v}" for k, v in sorted(result["rule1_by_category"].items()))
            print(f"rule 1, {name}: {cats}")
    if args.json:
        summary = {name: {k: v for k, v in result.items() if k not in {"rows", "swap_changed"}}
                   | {"swap_changed": len(result["swap_changed"])}
                   for name, result in results.items()}
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    write_misses(args.misses, sets, only=("shared 12", "real dev"))
    print(f"misses and rule-1 breaches of 'shared 12' and 'real dev': {args.misses}")


if __name__ == "__main__":
    main()
