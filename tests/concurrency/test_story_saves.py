"""One story per draft key under real concurrency (issue 14): a double tap on "Speichern",
an autosave racing the save, a retry from the offline queue, all at the same moment.

PostgreSQL only (SQLite serialises writers, so there is no race); each thread has its own
connection, as in test_seats.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import story_draft_save, story_save
from neue_wege.testing.concurrency import in_parallel, needs_postgresql
from neue_wege.testing.personas import build_cast

TEXT = "Ich habe den Umzug allein organisiert und nie aufgegeben."


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_and_autosaves_with_one_key_make_one_story() -> None:
    cast = build_cast()
    key = uuid.uuid4()
    def save(kind: str, revision: int) -> Any:
        if kind == "save":
            return story_save(actor=cast.nina_user, story_or_none=None, title="", text=TEXT,
                              draft_key=key, revision=revision)
        return story_draft_save(actor=cast.nina_user, story_or_none=None, title="",
                                text=TEXT[:20], draft_key=key, revision=revision)

    jobs = [("save", 5)] * 3 + [("draft", 4)] * 3
    results = in_parallel([lambda job=job: save(*job) for job in jobs])
    assert not [result for result in results if isinstance(result, BaseException)]
    story = Story.objects.get()
    assert story.text == TEXT and story.draft_text == TEXT and not story.has_unsaved_draft
