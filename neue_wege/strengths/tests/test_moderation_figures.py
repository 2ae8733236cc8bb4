"""Precision and recall of "held" on 125 labelled German feedback notes (pure, no database).

The notes (`data/moderation_notes.tsv`) are appreciative, off-topic, hurtful, prejudiced or
carry contact data; all but the appreciative ones should wait for the facilitator. The rules
of `strengths.wording` were written against the dev half only; the held-out half is measured.

Thresholds, and why:
- precision >= 0.90 on each half: a held kind note is not lost, but it waits for the
  facilitator, and a check that holds much kind praise teaches the group that writing is risky;
- no appreciative note of the corpus is held at all (the praise that *mentions* groups, age or
  disability — "anderen Geflüchteten geholfen", "mit 54 neu anfangen" — must pass);
- recall of prejudiced notes >= 0.65 and of contact data >= 0.9 on the held-out half: the
  two kinds the issue names; the figures measured when this was written were 0.69 and 1.0, so
  a rule change that loses ground fails;
- overall recall >= 0.55 on the held-out half (measured 0.59): off-topic notes are the weak
  spot (a question about the canteen shares no hurtful word), the facilitator still sees every
  note on the run's moderation page.
"""

from __future__ import annotations

from neue_wege.strengths.tests import moderation_corpus as corpus


def _half(name):
    return [n for n in corpus.notes() if n.half == name]


def test_the_corpus_has_at_least_100_notes_of_every_kind_in_both_halves():
    notes = corpus.notes()
    assert len(notes) >= 100
    assert len({n.text for n in notes}) == len(notes)
    for half in ("dev", "held-out"):
        assert {n.category for n in _half(half)} == set(corpus.CATEGORIES)


def test_precision_and_recall_of_held_on_both_halves():
    print("\n" + corpus.report())
    for half in ("dev", "held-out"):
        fig = corpus.figures(_half(half))
        assert fig.precision >= 0.90, (half, fig)
        assert fig.recall_by_category["appreciative"] == 0.0, (half, fig)
    held_out = corpus.figures(_half("held-out"))
    assert held_out.recall >= 0.55, held_out
    assert held_out.recall_by_category["prejudiced"] >= 0.65, held_out
    assert held_out.recall_by_category["contact"] >= 0.9, held_out


def test_the_note_from_the_issue_waits_with_the_prejudice_reason():
    from neue_wege.strengths.wording import REASONS, check_note

    flag = check_note("Typisch, ihr Ausländer feiert immer so laut.")
    assert flag is not None and flag.code == "prejudice"
    assert flag.reason == REASONS["prejudice"]
