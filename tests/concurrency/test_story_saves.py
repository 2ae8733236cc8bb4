"""One story per draft key under real concurrency (issue 14): a double tap on "Speichern",
an autosave racing the save, a retry from the offline queue, all at the same moment.

PostgreSQL only (SQLite serialises writers, so there is no race); each thread has its own
connection, as in test_seats.py.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections

from neue_wege.strengths.models import Story
from neue_wege.strengths.services.stories import story_draft_save, story_save
from neue_wege.testing.personas import build_cast

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
)
TEXT = "Ich habe den Umzug allein organisiert und nie aufgegeben."


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_and_autosaves_with_one_key_make_one_story() -> None:
    cast = build_cast()
    key = uuid.uuid4()
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def act(kind: str, revision: int) -> None:
        try:
            barrier.wait()
            if kind == "save":
                story_save(actor=cast.nina_user, story_or_none=None, title="", text=TEXT,
                           draft_key=key, revision=revision)
            else:
                story_draft_save(actor=cast.nina_user, story_or_none=None, title="",
                                 text=TEXT[:20], draft_key=key, revision=revision)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    jobs: list[Any] = [("save", 5)] * 3 + [("draft", 4)] * 3
    threads = [threading.Thread(target=act, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    story = Story.objects.get()
    assert story.text == TEXT and story.draft_text == TEXT and not story.has_unsaved_draft
