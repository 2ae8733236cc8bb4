"""The candidate rules (``match.candidates``): what rule 1 removes, and what the rules cost or
gain on stories.

    .venv/bin/python bench/measure_candidates.py                  # counts only
    .venv/bin/python bench/measure_candidates.py --stories FILE   # + hit@1/3/10, MRR, rule-1 share

Counts: how many of the shipped occupations each rule-1 rule removes (with examples), how
many sit at each KldB requirement level, and how many conflict with each limit (strong /
weak evidence). Stories (the development format: ``narrative``, ``accept_isco08``, optional
``outcome_accept``): the same figures as ``bench/measure_occupations.py`` with the rules
switched off ("ohne Regeln"), with rule 1 only ("Regel 1") and with rule 1 plus the
qualification of a typical client ("none" = ohne Berufsabschluss), and the share of
top-10 suggestions a job centre must never show, checked by an independent label/ISCO
test (not the rules' own tables).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neue_wege.orientation.match.candidates import (  # noqa: E402
    EXCLUSION_RULES,
    LIMITS,
    Qualification,
)
from neue_wege.orientation.matcher import default_matcher  # noqa: E402

FORBIDDEN = re.compile(
    r"astrolog|wahrsag|^medium$|gedankenles|hellseh|escort|partnervermitt|spielhalle|"
    r"croupier|glücksspiel|geschäftsführ|bankmanager|leiter einer|direktor|"
    r"vorstand(?!sassist)|filialleit|betriebsleit|abteilungsleit",
    re.IGNORECASE,
)


def forbidden(s) -> bool:  # noqa: ANN001
    return bool(FORBIDDEN.search(s.label)) or s.isco08.startswith(("0", "1")) or s.isco08 in {
        "5161", "5169", "4212"}


def _accept(record: dict) -> tuple[set[str], set[str]]:
    isco = record.get("accept_isco08") or [record.get("isco08")]
    if isinstance(isco, str):
        isco = re.findall(r"\d{4}", isco)
    labels = {a.strip().lower() for a in record.get("outcome_accept") or ()}
    return set(isco), labels


def _hit(s, isco: set[str], labels: set[str]) -> bool:  # noqa: ANN001
    names = {p.strip().lower() for p in s.label.split("/")} | {s.label.lower()}
    return s.isco08 in isco or bool(names & labels)


def counts(matcher) -> None:  # noqa: ANN001
    rules = matcher.rules
    occupations = matcher.data.occupations
    print(f"Berufe in den Daten: {len(occupations)}")
    per_rule = rules.counts()
    print("Regel 1 – nie vorgeschlagen:")
    for rule, label in EXCLUSION_RULES.items():
        examples = [o.label.split("/")[0] for o, r in zip(occupations, rules.exclusion,
                                                          strict=True) if r == rule][:4]
        print(f"  {rule:<13} {per_rule[rule]:>4}  {label}; z. B. {', '.join(examples)}")
    by_structure = sum(1 for o, r in zip(occupations, rules.exclusion, strict=True)
                       if r == "management" and (o.isco08.startswith("1")
                                                 or o.isco08 in {"3121", "3122", "3123",
                                                                 "3341", "5151", "5222"}))
    print(f"  davon management über die ISCO-Struktur: {by_structure}, "
          f"über die Wortliste: {per_rule['management'] - by_structure}")
    print(f"  zusammen: {sum(per_rule.values())}; übrig: "
          f"{len(occupations) - sum(per_rule.values())}")
    left = [i for i, r in enumerate(rules.exclusion) if r is None]
    levels = Counter(int(rules.levels[i]) for i in left)
    print("Anforderungsniveau der übrigen (KldB, 5. Stelle): " + ", ".join(
        f"{k}: {levels[k]}" for k in sorted(levels)))
    print("Einschränkungen (übrige Berufe mit Konflikt; stark = entfernt bzw. stärker gesenkt):")
    for limit in LIMITS:
        strong = sum(1 for i in left if rules.conflicts[i].get(limit) == 2)
        weak = sum(1 for i in left if rules.conflicts[i].get(limit) == 1)
        print(f"  {limit:<22} stark {strong:>4}, schwach {weak:>4}")


def measure(matcher, records: list[dict], mode: str) -> dict:  # noqa: ANN001
    original = matcher.rules.apply
    if mode == "ohne Regeln":
        matcher.rules.apply = lambda score, *a, **k: (score, lambda o: [])  # noqa: ARG005
    qualification = ["none"] if mode.startswith("Regel 1 + none") else None
    try:
        ranks, bad, shown = [], 0, 0
        for record in records:
            isco, labels = _accept(record)
            suggestions = matcher.suggest(record["narrative"], top=10,
                                          qualification=qualification)
            shown += len(suggestions)
            bad += sum(1 for s in suggestions if forbidden(s))
            ranks.append(next((n for n, s in enumerate(suggestions, 1)
                               if _hit(s, isco, labels)), None))
    finally:
        matcher.rules.apply = original
    n = len(ranks)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@3": sum(1 for r in ranks if r and r <= 3) / n,
        "hit@10": sum(1 for r in ranks if r and r <= 10) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "rule1": bad / max(shown, 1),
        "bad": bad,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, action="append", default=[])
    args = parser.parse_args()
    matcher = default_matcher()
    counts(matcher)
    assert Qualification("none").known
    for path in args.stories:
        records = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(records, dict):
            records = records.get("stories", [])
        print(f"\n{path} ({len(records)} Geschichten), Top 10:")
        print(f"  {'':<22} hit@1  hit@3  hit@10  MRR    Regel-1-Anteil")
        for mode in ("ohne Regeln", "Regel 1", "Regel 1 + none (Niveau)"):
            m = measure(matcher, records, mode)
            print(f"  {mode:<22} {m['hit@1']:.3f}  {m['hit@3']:.3f}  {m['hit@10']:.3f}   "
                  f"{m['mrr']:.3f}  {m['rule1']:.3f} ({m['bad']})")


if __name__ == "__main__":
    main()
