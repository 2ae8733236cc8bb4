"""Portal reads that used to sit in the stories views: the group space and its read-audit
rows, and the assistant's suggestion for one strength."""

from __future__ import annotations

import pytest

from neue_wege.core.exceptions import DomainError
from neue_wege.portal import selectors
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db


def _shared(user, title: str, visibility: str = "group"):  # noqa: ANN001, ANN202
    story = story_save(actor=user, story_or_none=None, title=title,
                       text="Ich habe im Lager die Lieferungen geplant und nie aufgegeben.")
    return story_share(actor=user, story=story, visibility=visibility,
                       wording=share_wording(visibility))


def test_group_story_list_holds_only_the_runs_group_stories(cast):  # noqa: ANN001
    nina = _shared(cast.nina_user, "Ninas Weg")
    ali = _shared(cast.ali_user, "Alis Weg")
    _shared(cast.nina_user, "Nur für Fatma", "facilitator")
    _shared(cast.sven_user, "Svens Tag")
    stories = selectors.group_story_list_for(user=cast.ali_user,
                                             enrollment=cast.ali_enrollment)
    assert {story.pk for story in stories} == {nina.pk, ali.pk}


def test_reading_the_group_space_audits_only_the_others_stories(cast):  # noqa: ANN001
    nina = _shared(cast.nina_user, "Ninas Weg")
    ali = _shared(cast.ali_user, "Alis Weg")
    stories = selectors.group_story_list_for(user=cast.ali_user,
                                             enrollment=cast.ali_enrollment)
    rows = selectors.group_stories_read(user=cast.ali_user, stories=list(stories))
    assert {(story.pk, own) for story, own in rows} == {(nina.pk, False), (ali.pk, True)}
    viewed = set(AuditEvent.objects.filter(actor=cast.ali_user, action="view")
                 .values_list("object_id", flat=True))
    assert str(nina.pk) in viewed and str(ali.pk) not in viewed


def test_a_suggestion_the_assistant_does_not_make_is_refused(cast):  # noqa: ANN001
    story = _shared(cast.nina_user, "Ninas Weg")
    with pytest.raises(DomainError, match="gibt es für Ihre Geschichte nicht mehr"):
        selectors.story_suggestion_get(story=story, key="gibt-es-nicht")
