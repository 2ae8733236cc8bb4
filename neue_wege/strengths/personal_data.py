"""What the strengths app contributes to privacy: the content of the released strength profile
(`privacy.release_content`) and its sections of the data export (`privacy.subject_rights`).

Registered in `StrengthsConfig.ready()`, so privacy never imports this app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.privacy import release_content
from neue_wege.privacy.subject_rights import register_section, row
from neue_wege.strengths import selectors
from neue_wege.strengths.models import Story, StrengthFeedback, SuggestionDecision
from neue_wege.strengths.names import peer_display_name


# --- release to the case manager ----------------------------------------------------------------
def _latest_enrollment(client: Client) -> Enrollment | None:
    return (Enrollment.objects.filter(client=client, status__in=Enrollment.SEAT_STATUSES)
            .select_related("run__programme_version__programme")
            .order_by("-started_on").first())


def profile_content(client: Client) -> dict[str, Any]:
    """Strengths with who named them, counted; no passages from stories, no peer names."""
    enrollment = _latest_enrollment(client)
    if enrollment is None:
        return {"entries": []}
    profile = selectors.strength_profile(enrollment=enrollment)
    entries = [{"label": e.label, "description": e.description, "self_named": e.self_named,
                "peer_count": e.peer_count, "facilitator_named": e.facilitator_named}
               for e in profile.entries]
    return {"entries": entries, "run": enrollment.run}


# --- the data export (Art. 15 and 20 GDPR) ------------------------------------------------------
def _stories(client: Client) -> list[dict[str, Any]]:
    return [row(story) for story in Story.objects.filter(enrollment__client=client)]


def _giver(feedback: StrengthFeedback) -> str:
    if feedback.source != feedback.Source.PEER:
        return str(feedback.get_source_display())
    return peer_display_name(feedback) or str(_("eine Person aus der Gruppe"))


def _feedback_received(client: Client) -> list[dict[str, Any]]:
    feedback = (StrengthFeedback.objects.filter(story__enrollment__client=client)
                .select_related("strength", "given_by"))
    return [{**row(f, skip=("given_by", "giver_enrollment", "moderated_by", "held_reason")),
             "strength": f.strength.label, "from": _giver(f)} for f in feedback]


def _feedback_given(client: Client) -> list[dict[str, Any]]:
    mine = Q(giver_enrollment__client=client)
    if client.user_id:
        mine |= Q(given_by_id=client.user_id)
    feedback = (StrengthFeedback.objects.filter(mine)
                .exclude(story__enrollment__client=client).select_related("strength"))
    # The other person's story is theirs: only its id, never its text.
    return [{**row(f, skip=("given_by", "moderated_by")), "strength": f.strength.label}
            for f in feedback]


def _assistant(client: Client) -> list[dict[str, Any]]:
    decisions = SuggestionDecision.objects.filter(story__enrollment__client=client)
    return [{**row(d), "strength": d.strength.label}
            for d in decisions.select_related("strength")]


def _strength_profile(client: Client) -> list[dict[str, Any]]:
    result = []
    for enrollment in client.enrollments.filter(status__in=Enrollment.SEAT_STATUSES):
        profile = selectors.strength_profile(enrollment=enrollment)
        result.extend({"run": enrollment.run.title, "strength": e.label,
                       "self_named": e.self_named, "peer_count": e.peer_count,
                       "facilitator_named": e.facilitator_named} for e in profile.entries)
    return result


def register() -> None:
    release_content.register("strength_profile", profile_content)
    register_section("stories", _("Meine Geschichten"), covers=("strengths.Story",))(_stories)
    register_section("feedback_received", _("Rückmeldungen zu meinen Geschichten"),
                     covers=("strengths.StrengthFeedback",))(_feedback_received)
    register_section("feedback_given", _("Meine Rückmeldungen an andere"))(_feedback_given)
    register_section("assistant", _("Vorschläge des Stärken-Assistenten"),
                     covers=("strengths.SuggestionDecision",))(_assistant)
    register_section("strength_profile", _("Mein Stärkenprofil"))(_strength_profile)
