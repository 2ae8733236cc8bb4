"""Build the occupation data shipped in ``neue_wege/orientation/data/`` from shared/data.

    .venv/bin/python scripts/build_occupation_data.py [--source ../shared/data]

Reads only public files listed in ``shared/data/MANIFEST.md`` (standard library only:
``csv``, ``zipfile``, ``json``, ``gzip``) and writes one compact, deterministic file,
``neue_wege/orientation/data/occupations_v1.json.gz``:

- ``occupations``: every German ESCO v1.2.0 occupation with preferred label (both gender
  forms, as ESCO writes it), alternative labels (female/male/other), ISCO-08 unit group,
  ESCO URI, German definition, essential/optional skills (indices into ``skills``, from the
  ESCO v1.1.1 relations), KldB 2010 code (rule below), RIASEC profile and its source;
- ``skills``: every skill an occupation uses, plus its broader skills (ESCO skill pillar
  hierarchy) so that strengths linked to transversal skills reach occupation skills;
  German label where ``esco_skills_de_partial.csv`` has one, else ``null`` (the English
  label is always there);
- ``isco_groups``: German ISCO-08 unit group labels; ``kldb``: KldB 2010 titles of the codes
  used, the "Einschlüsse" (activities) text of their 4-digit Berufsgattung and the job titles
  the KldB assigns to the 5-digit code ("Zugeordnete Berufe", ``jobs``).

KldB rule (ISCO-08 -> one KldB 2010 5-digit code): the BA correspondence lists, per ISCO
group, KldB "3+5" codes (the 3-digit Berufsgruppe plus the 5th digit, the Anforderungsniveau)
ranked by ``rank_within_isco``. The first listed (rank 1) is taken and made 5-digit with the
reverse table ``kldb2010_5d_to_isco08_4d.csv``: the 5-digit codes of that pattern that map
back to the same ISCO group, the lowest ``rank_within_kldb`` first, then the lowest code. If
the reverse table has none, the official KldB list gives the codes of that pattern, the
4th digit 0 ("ohne Spezialisierung") first, else the lowest. Then the next listed 3+5 code
is tried; ``null`` when nothing fits. All candidates in rank order are kept in ``kldb_all``.

RIASEC rule: the Nesta ESCO -> O*NET crosswalk (O*NET-SOC 2010) gives an O*NET code for
1,680 ESCO occupations; lower-level ESCO occupations inherit their broader occupation's
code. The code's "OI" interest scores (1-7) come from O*NET ``Interests.txt``; a code not in
Interests.txt (renumbered since 2010) is tried with its base ``.00`` code, then by the
crosswalk's O*NET title in ``Occupation_Data.txt`` (2019 codes; ``onet_title``), else the
profile is the average of the occupations with a profile in the same ISCO-08 group (then 3-, 2-,
1-digit group). ``riasec_source`` says which rule gave it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from neue_wege.core.paths import SHARED_DATA

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "neue_wege" / "orientation" / "data" / "occupations_v1.json.gz"
RIASEC = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")
HIERARCHY_DEPTH = 4  # how many broader steps above an occupation skill are kept


def _rows(path: Path, **kwargs) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, **kwargs))


def _zip_rows(path: Path, member: str) -> list[dict]:
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def _split_alt(value: str) -> list[str]:
    return sorted({v.strip() for v in value.replace("\n", "|").split("|") if v.strip()})


def kldb_job_titles(code: str, text: str) -> list[str]:
    """The job titles the KldB lists for a Berufsgattung ("Zugeordnete Berufe (Beispiele):
    52122-116 Fernfahrer/in  52122-125 Lastkraftwagenfahrer/in …"), in the list's order."""
    text = " ".join(text.replace("&nbsp;", " ").split())
    titles = re.split(rf"\s*{code}-\d{{3}}\s+", text)[1:]
    return [t.strip() for t in titles if t.strip()]


def kldb_rule(
    isco_to_3p5: dict[str, list[str]],
    reverse: dict[str, list[tuple[int, str]]],
    official5: list[str],
) -> dict[str, tuple[str | None, list[str]]]:
    """ISCO group -> (chosen 5-digit KldB code or None, all candidates in rank order)."""
    result: dict[str, tuple[str | None, list[str]]] = {}
    for isco, patterns in isco_to_3p5.items():
        candidates: list[str] = []
        for pattern in patterns:
            group, level = pattern[:3], pattern[3]
            mapped = sorted(
                (rank, code)
                for rank, code in reverse.get(isco, ())
                if code[:3] == group and code[4] == level
            )
            if mapped:
                codes = [code for _, code in mapped]
            else:
                codes = sorted(
                    (c for c in official5 if c[:3] == group and c[4] == level),
                    key=lambda c: (c[3] != "0", c),
                )
            for code in codes:
                if code not in candidates:
                    candidates.append(code)
        result[isco] = (candidates[0] if candidates else None, candidates)
    return result


def build(source: Path) -> dict:
    esco = source / "esco"
    classification = esco / "v1.1.1" / "ESCO_dataset_v1.1.1_classification_en_csv.zip"
    relations = esco / "v1.1.1" / "ESCO_dataset_v1.1.1_relations_csv.zip"

    occupations_de = _rows(esco / "de" / "esco_occupations_de_v1.2.0.csv")
    isco_de = {r["code"]: r["prefLabel_de"] for r in _rows(esco / "de" / "esco_isco_groups_de_v1.2.0.csv")}
    skills_de = {r["esco_uri"]: r["prefLabel_de"] for r in _rows(esco / "de" / "esco_skills_de_partial.csv")}
    for row in _rows(esco / "de" / "esco_transversal_hierarchy_de_en.csv"):
        if row["label_de"]:
            skills_de.setdefault(row["esco_uri"], row["label_de"])

    skills_en = {}
    for row in _zip_rows(classification, "skills_en.csv"):
        skills_en[row["conceptUri"]] = (row["preferredLabel"], row["skillType"])
    for row in _zip_rows(classification, "skillGroups_en.csv"):
        skills_en.setdefault(row["conceptUri"], (row["preferredLabel"], "group"))
    for row in _zip_rows(classification, "transversalSkillsCollection_en.csv"):
        skills_en.setdefault(row["conceptUri"], (row["preferredLabel"], row["skillType"]))

    occ_skills: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _zip_rows(relations, "occupationSkillRelations.csv"):
        kind = row["relationType"]
        current = occ_skills[row["occupationUri"]].get(row["skillUri"])
        if current != "essential":
            occ_skills[row["occupationUri"]][row["skillUri"]] = kind
    broader: dict[str, set[str]] = defaultdict(set)
    for row in _zip_rows(relations, "broaderRelationsSkillPillar.csv"):
        broader[row["conceptUri"]].add(row["broaderUri"])

    # Skills: every skill used by an occupation, and its broader skills (a few steps up).
    used: set[str] = set()
    for skills in occ_skills.values():
        used |= set(skills)
    keep = set(used)
    frontier = set(used)
    for _ in range(HIERARCHY_DEPTH):
        frontier = {b for s in frontier for b in broader.get(s, ())} - keep
        keep |= frontier
    skill_uris = sorted(keep)
    skill_index = {uri: i for i, uri in enumerate(skill_uris)}
    skills_out = []
    for uri in skill_uris:
        label_en, kind = skills_en.get(uri, (None, None))
        skills_out.append([uri, skills_de.get(uri), label_en])
    broader_out = sorted(
        [skill_index[child], skill_index[parent]]
        for child in skill_uris
        for parent in broader.get(child, ())
        if parent in skill_index
    )

    # KldB 2010.
    kldb_rows = list(
        csv.reader(
            open(source / "kldb" / "KldB2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv",
                 encoding="utf-8-sig", newline=""),
            delimiter=";",
        )
    )[1:]
    kldb_title: dict[str, str] = {}
    kldb_activities: dict[str, str] = {}
    kldb_jobs: dict[str, list[str]] = {}
    for row in kldb_rows:
        level = int(row[1])
        code = row[0].strip().zfill(level)
        kldb_title[code] = row[2].strip()
        if level == 4:
            kldb_activities[code] = " ".join(row[5].replace("&nbsp;", " ").split())
        if level == 5:
            kldb_jobs[code] = kldb_job_titles(code, row[6])
    official5 = sorted(c for c in kldb_title if len(c) == 5)
    isco_to_3p5: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in _rows(source / "kldb" / "isco08_4d_to_kldb2010_3plus5.csv"):
        isco_to_3p5[row["isco08_4d"]].append((int(row["rank_within_isco"]), row["kldb2010_3plus5"]))
    reverse: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in _rows(source / "kldb" / "kldb2010_5d_to_isco08_4d.csv"):
        reverse[row["isco08_4d"]].append((int(row["rank_within_kldb"]), row["kldb2010_5d"]))
    kldb_for = kldb_rule(
        {k: [p for _, p in sorted(v)] for k, v in isco_to_3p5.items()}, reverse, official5
    )

    # RIASEC.
    interests: dict[str, dict[str, float]] = defaultdict(dict)
    for row in _rows(source / "onet" / "Interests.txt", delimiter="\t"):
        if row["Scale ID"] == "OI" and row["Element Name"] in RIASEC:
            interests[row["O*NET-SOC Code"]][row["Element Name"]] = float(row["Data Value"])
    profiles = {code: [round(v[n], 2) for n in RIASEC] for code, v in interests.items() if len(v) == 6}
    onet_for = {
        r["concept_uri"]: (r["onet_code"], r["onet_occupation"].strip().lower())
        for r in _rows(source / "onet" / "nesta_esco_onet_crosswalk_Nov2020.csv")
    }
    # The crosswalk uses O*NET-SOC 2010 codes; Interests.txt is O*NET-SOC 2019. Codes that
    # were renumbered (31-1014.00 "Nursing Assistants" -> 31-1131.00) are found again by
    # their exact title in Occupation_Data.txt (first code of a title, file order).
    code_for_title: dict[str, str] = {}
    for r in _rows(source / "onet" / "Occupation_Data.txt", delimiter="\t"):
        code_for_title.setdefault(r["Title"].strip().lower(), r["O*NET-SOC Code"])
    by_uri = {r["esco_uri"]: r for r in occupations_de}

    def onet_code(uri: str, depth: int = 0) -> tuple[tuple[str, str] | None, str]:
        if uri in onet_for:
            return onet_for[uri], "onet" if depth == 0 else "onet_parent"
        parent = by_uri.get(uri, {}).get("broader_uri", "")
        if depth < 6 and "/occupation/" in parent:
            return onet_code(parent, depth + 1)
        return None, ""

    riasec: dict[str, tuple[list[float] | None, str]] = {}
    for row in occupations_de:
        found, how = onet_code(row["esco_uri"])
        profile = None
        if found:
            code, title = found
            profile = profiles.get(code) or profiles.get(code[:7] + ".00")
            if profile is None and title in code_for_title:
                profile = profiles.get(code_for_title[title])
                how = f"{how}_title" if profile else how
        riasec[row["esco_uri"]] = (profile, how if profile else "")
    for digits in (4, 3, 2, 1):
        sums: dict[str, list[float]] = {}
        counts: dict[str, int] = defaultdict(int)
        for row in occupations_de:
            profile, how = riasec[row["esco_uri"]]
            if profile and how.startswith("onet"):
                key = row["isco_group"][:digits]
                sums[key] = [a + b for a, b in zip(sums.get(key, [0.0] * 6), profile, strict=True)]
                counts[key] += 1
        for row in occupations_de:
            if riasec[row["esco_uri"]][0] is None:
                key = row["isco_group"][:digits]
                if counts.get(key):
                    average = [round(v / counts[key], 2) for v in sums[key]]
                    riasec[row["esco_uri"]] = (average, f"isco{digits}")

    occupations_out = []
    used_kldb: set[str] = set()
    for row in sorted(occupations_de, key=lambda r: r["esco_uri"]):
        uri = row["esco_uri"]
        isco = row["isco_group"].strip()
        skills = occ_skills.get(uri, {})
        chosen, candidates = kldb_for.get(isco, (None, []))
        used_kldb.update(candidates)
        profile, how = riasec[uri]
        occupations_out.append(
            {
                "uri": uri,
                "isco08": isco,
                "label": row["prefLabel_de"].strip(),
                "alt": _split_alt(row["altLabels_de"]),
                "definition": " ".join(row["definition_de"].split()),
                "essential": sorted(skill_index[s] for s, k in skills.items() if k == "essential"),
                "optional": sorted(skill_index[s] for s, k in skills.items() if k != "essential"),
                "kldb2010": chosen,
                "kldb_all": candidates,
                "riasec": profile,
                "riasec_source": how or None,
            }
        )
    kldb_out = {
        code: {"title": kldb_title[code], "activities": kldb_activities.get(code[:4], ""),
               "jobs": kldb_jobs.get(code, [])}
        for code in sorted(used_kldb)
        if code in kldb_title
    }
    return {
        "version": 1,
        "attribution": "This service uses the ESCO classification of the European Commission.",
        "sources": {
            "esco_de": "ESCO v1.2.0 German occupations (shared/data/esco/de)",
            "esco_relations": "ESCO v1.1.1 occupation-skill relations and skill hierarchy",
            "kldb": "KldB 2010 V2020 and the BA ISCO-08 <-> KldB 2010 correspondence",
            "riasec": "O*NET 30.x Interests.txt via the Nesta ESCO-O*NET crosswalk (Nov 2020)",
        },
        "riasec_order": list(RIASEC),
        "isco_groups": {k: v for k, v in sorted(isco_de.items()) if len(k) == 4},
        "kldb": kldb_out,
        "skills": skills_out,
        "skill_broader": broader_out,
        "occupations": occupations_out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SHARED_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    document = build(args.source)
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between builds (reproducible).
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload.encode("utf-8"))
    occupations = document["occupations"]
    print(
        f"{args.out}: {len(occupations)} occupations, {len(document['skills'])} skills, "
        f"KldB for {sum(1 for o in occupations if o['kldb2010'])}, "
        f"RIASEC for {sum(1 for o in occupations if o['riasec'])} "
        f"({sum(1 for o in occupations if (o['riasec_source'] or '').startswith('onet'))} via O*NET), "
        f"{args.out.stat().st_size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
