"""Precision and recall of the feedback wording check ("held" = waits for the facilitator) on
the labelled German notes in neue_wege/strengths/tests/data/moderation_notes.tsv, for the dev
half, the held-out half and all notes. Pure Python, no database.

    .venv/bin/python bench/bench_moderation.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neue_wege.strengths.tests import moderation_corpus  # noqa: E402

if __name__ == "__main__":
    print(moderation_corpus.report())
