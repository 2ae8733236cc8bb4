"""The labelled German feedback notes of `data/moderation_notes.tsv` and how the wording check
scores on them (pure: no database). Used by `test_moderation_figures.py` and
`bench/bench_moderation.py`.

A note *should wait* for the facilitator unless its category is "appreciative". The notes are
split by a hash of their text into a dev half (used while writing the rules) and a held-out
half (only measured), so the rules are not tuned to single sentences.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from neue_wege.strengths.wording import check_note

DATA = Path(__file__).parent / "data"
CATEGORIES = ("appreciative", "off_topic", "hurtful", "prejudiced", "contact")


@dataclass(frozen=True)
class Note:
    story: str
    category: str
    text: str

    @property
    def should_wait(self) -> bool:
        return self.category != "appreciative"

    @property
    def half(self) -> str:
        return "dev" if hashlib.sha256(self.text.encode()).digest()[0] % 2 == 0 else "held-out"


@dataclass(frozen=True)
class Figures:
    notes: int
    true_pos: int
    false_pos: int
    false_neg: int
    recall_by_category: dict[str, float]

    @property
    def precision(self) -> float:
        held = self.true_pos + self.false_pos
        return self.true_pos / held if held else 1.0

    @property
    def recall(self) -> float:
        wait = self.true_pos + self.false_neg
        return self.true_pos / wait if wait else 1.0


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def stories() -> dict[str, str]:
    return {key: text for key, text in _rows("moderation_stories.tsv")}


def notes() -> list[Note]:
    return [Note(story, category, text) for story, category, text in
            _rows("moderation_notes.tsv")]


def is_held(note: Note, story_texts: dict[str, str]) -> bool:
    return check_note(note.text, story_text=story_texts[note.story]) is not None


def figures(selected: list[Note]) -> Figures:
    texts = stories()
    tp = fp = fn = 0
    per_cat: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    for note in selected:
        held = is_held(note, texts)
        per_cat[note.category][0] += held
        per_cat[note.category][1] += 1
        if held and note.should_wait:
            tp += 1
        elif held:
            fp += 1
        elif note.should_wait:
            fn += 1
    # For "appreciative" the share *held* is the false-alarm rate.
    return Figures(notes=len(selected), true_pos=tp, false_pos=fp, false_neg=fn,
                   recall_by_category={c: held / n for c, (held, n) in per_cat.items() if n})


def report() -> str:
    everything = notes()
    lines = [f"{'half':<10}{'notes':>6}{'precision':>11}{'recall':>8}   held share by category"]
    for name in ("dev", "held-out", "all"):
        part = everything if name == "all" else [n for n in everything if n.half == name]
        fig = figures(part)
        cats = ", ".join(f"{c} {v:.0%}" for c, v in fig.recall_by_category.items())
        lines.append(f"{name:<10}{fig.notes:>6}{fig.precision:>11.2f}{fig.recall:>8.2f}   {cats}")
    return "\n".join(lines)
