"""Reads for the portal's pages: the start page, the group space, the assistant's suggestions.

Reading other participants' stories writes a read-audit row here, not in the view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.clients.models import Enrollment
from neue_wege.core.exceptions import DomainError
from neue_wege.orientation.models import ActionStep, OccupationSuggestionSet
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes.models import Session
from neue_wege.strengths.models import Story, Strength, StrengthFeedback
from neue_wege.strengths.services import feedback as feedback_services
from neue_wege.strengths.suggest import Suggestion


@dataclass
class PortalHome:
    first_name: str
    run_title: str
    place: str
    address: str
    next_session: Session | None


def portal_home_summary(*, enrollment: Enrollment, now: dt.datetime) -> PortalHome:
    """The participant's run and its next (or current) session."""
    run = enrollment.run
    next_session = (Session.objects.filter(run=run, ends_at__gte=now)
                    .order_by("starts_at").first())
    return PortalHome(first_name=enrollment.client.first_name, run_title=run.title,
                      place=run.location.name, address=run.location.address,
                      next_session=next_session)


# --- the group space ------------------------------------------------------------------------------
def group_story_list_for(*, user: Any, enrollment: Enrollment) -> QuerySet[Story]:
    """The stories shared with the participant's group (their run), each with its visible
    feedback in `visible_feedback`; unordered (the page sorts and paginates)."""
    visible = (access.feedback_for(user).filter(status=StrengthFeedback.Status.VISIBLE)
               .select_related("strength", "given_by").order_by("created_at"))
    return (access.stories_for(user)
            .filter(enrollment__run_id=enrollment.run_id, visibility=Story.Visibility.GROUP)
            .select_related("enrollment__client")
            .prefetch_related(Prefetch("feedback", queryset=visible,
                                       to_attr="visible_feedback")))


def group_stories_read(*, user: Any, stories: Iterable[Story]) -> list[tuple[Story, bool]]:
    """The stories of one page with "is it the reader's own"; reading the others' stories
    writes one read-audit row each."""
    rows = [(story, story.enrollment.client.user_id == user.pk) for story in stories]
    audit_views(actor=user, objects=[story for story, own in rows if not own],
                client_id_of=lambda s: s.enrollment.client_id)
    return rows


# --- the assistant's suggestions ------------------------------------------------------------------
def story_suggestion_get(*, story: Story, key: str) -> tuple[Strength, Suggestion]:
    """The strength and the assistant's current suggestion for it on the story, computed
    again on the server (raises `LanguageError`, or `DomainError` when there is none)."""
    catalogue, suggestions = feedback_services.story_suggestions(story)
    suggestion = next((s for s in suggestions if s.id == key), None)
    strength = catalogue.strengths.filter(key=key).first()
    if suggestion is None or strength is None:
        raise DomainError(_("Diesen Vorschlag gibt es für Ihre Geschichte nicht mehr."))
    return strength, suggestion


def suggestion_rejected_keys(*, story: Story) -> set[str]:
    """Keys of the strengths whose latest decision on this story's suggestion was "verwerfen"."""
    latest: dict[str, str] = {}
    for key, decision in (story.suggestions.order_by("decided_at", "pk")
                          .values_list("strength__key", "decision")):
        latest[key] = decision
    return {key for key, decision in latest.items() if decision == "rejected"}


# --- "Neu für Sie" on the start page ----------------------------------------------------------------
NEWS_DAYS = 14
STEPS_DUE_DAYS = 7


@dataclass(frozen=True)
class PortalNews:
    new_feedback: int  # strengths others named in the participant's stories lately
    steps_due: int  # open next steps due within a week (or overdue)
    new_occupations: bool  # the occupation list was made or renewed lately

    @property
    def any(self) -> bool:
        return bool(self.new_feedback or self.steps_due or self.new_occupations)


def portal_news(*, user: Any, enrollment: Enrollment, now: dt.datetime) -> PortalNews:
    """What is new for the participant: three counts, three queries."""
    since = now - dt.timedelta(days=NEWS_DAYS)
    feedback = (access.feedback_for(user)
                .filter(story__enrollment=enrollment, status=StrengthFeedback.Status.VISIBLE,
                        created_at__gte=since)
                .exclude(given_by=user).count())
    due = (ActionStep.objects
           .filter(enrollment=enrollment, done_on__isnull=True, due_on__isnull=False,
                   due_on__lte=timezone.localdate(now) + dt.timedelta(days=STEPS_DUE_DAYS))
           .count())
    occupations = OccupationSuggestionSet.objects.filter(
        enrollment=enrollment, refreshed_at__gte=since).exists()
    return PortalNews(new_feedback=feedback, steps_due=due, new_occupations=occupations)
