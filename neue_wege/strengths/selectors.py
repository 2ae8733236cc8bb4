"""Reads of the strengths app: the strength profile, the facilitator's run space, the catalogue.

Every reader starts from the access-scoped querysets in `neue_wege.privacy.access` or takes an
object the caller already got through them (an enrollment of the viewer, a run they lead).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.programmes.models import Run
from neue_wege.strengths.models import Story, Strength, StrengthCatalogue, StrengthFeedback
from neue_wege.strengths.names import peer_display_name

Source = StrengthFeedback.Source
Status = StrengthFeedback.Status


# --- the strength profile ("Meine Stärken") -----------------------------------------------------
@dataclass
class Passage:
    """What in a story shows the strength: the quoted passage, or only the story's title."""

    story_id: Any
    story_title: str
    quote: str = ""


@dataclass
class ProfileEntry:
    """One strength of a participant's profile, with who named it and why."""

    key: str
    strength: Strength
    self_named: bool = False
    peer_count: int = 0
    peer_names: list[str] = field(default_factory=list)  # only givers who chose `show_name`
    facilitator_names: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.strength.local_label

    @property
    def description(self) -> str:
        return self.strength.local_description

    @property
    def group(self) -> str:
        return self.strength.group

    @property
    def group_label(self) -> str:
        return self.strength.local_group_label

    @property
    def facilitator_named(self) -> bool:
        return bool(self.facilitator_names)

    @property
    def others_named(self) -> bool:
        return self.peer_count > 0 or self.facilitator_named

    @property
    def anonymous_peer_count(self) -> int:
        return self.peer_count - len(self.peer_names)

    @property
    def esco_labels(self) -> list[str]:
        return [link.get("label_de") for link in self.strength.esco or []
                if isinstance(link, dict) and link.get("label_de")]


@dataclass
class StrengthProfile:
    """All strengths named in a participant's stories, and the self view vs peer view."""

    enrollment: Enrollment
    entries: list[ProfileEntry]
    not_named_count: int  # catalogue strengths nobody named yet (the Johari "unknown" pane)

    @property
    def both(self) -> list[ProfileEntry]:
        """Das sehen Sie und die anderen (open area)."""
        return [e for e in self.entries if e.self_named and e.others_named]

    @property
    def self_only(self) -> list[ProfileEntry]:
        """Das sehen Sie an sich (hidden area)."""
        return [e for e in self.entries if e.self_named and not e.others_named]

    @property
    def others_only(self) -> list[ProfileEntry]:
        """Das sehen andere an Ihnen (blind spot)."""
        return [e for e in self.entries if e.others_named and not e.self_named]

    def entry(self, key: str) -> ProfileEntry | None:
        return next((e for e in self.entries if e.key == key), None)


def _passage_of(feedback: StrengthFeedback) -> Passage:
    story = feedback.story
    title = story.title or str(_("Geschichte ohne Überschrift"))
    start, end = feedback.evidence_start, feedback.evidence_end
    quote = ""
    if start is not None and end is not None and end <= len(story.text):
        quote = story.text[start:end].strip()
    return Passage(story_id=story.pk, story_title=title, quote=quote)


def _add_passage(passages: list[Passage], passage: Passage) -> None:
    """Each quote once; a story's title alone only while no quote from that story is shown."""
    same_story = [p for p in passages if p.story_id == passage.story_id]
    if not passage.quote:
        if not same_story:
            passages.append(passage)
        return
    if any(p.quote == passage.quote for p in same_story):
        return
    for title_only in [p for p in same_story if not p.quote]:
        passages.remove(title_only)
    passages.append(passage)


def _person_name(feedback: StrengthFeedback) -> str:
    giver = feedback.given_by
    if giver is None:
        return ""
    return giver.get_full_name() or giver.get_username()


def strength_profile(*, enrollment: Enrollment) -> StrengthProfile:
    """The profile of one enrollment: only VISIBLE feedback on the writer's own stories.

    Strengths are grouped by their catalogue key, so feedback given for an older catalogue
    version counts for the same strength; the label shown is the newest one named.
    Two queries, whatever the number of stories and feedback rows.
    """
    rows = (StrengthFeedback.objects
            .filter(story__enrollment=enrollment, status=Status.VISIBLE)
            .select_related("strength__catalogue", "story", "given_by")
            .order_by("created_at", "pk"))
    entries: dict[str, ProfileEntry] = {}
    peer_givers: dict[str, set[Any]] = {}
    for feedback in rows:
        strength = feedback.strength
        entry = entries.get(strength.key)
        if entry is None:
            entry = entries[strength.key] = ProfileEntry(key=strength.key, strength=strength)
            peer_givers[strength.key] = set()
        elif strength.catalogue.number > entry.strength.catalogue.number:
            entry.strength = strength
        if feedback.source == Source.SELF:
            entry.self_named = True
        elif feedback.source == Source.PEER:
            giver = feedback.giver_enrollment_id or feedback.given_by_id or feedback.pk
            if giver not in peer_givers[strength.key]:
                peer_givers[strength.key].add(giver)
                entry.peer_count += 1
                name = peer_display_name(feedback)
                if name:
                    entry.peer_names.append(name)
        elif feedback.source == Source.FACILITATOR:
            name = _person_name(feedback) or str(_("Projektleitung"))
            if name not in entry.facilitator_names:
                entry.facilitator_names.append(name)
        _add_passage(entry.passages, _passage_of(feedback))
    ordered = sorted(entries.values(), key=lambda e: (
        -(int(e.self_named) + e.peer_count + len(e.facilitator_names)), e.label.lower()))
    catalogue_size = _current_catalogue_size(enrollment)
    return StrengthProfile(enrollment=enrollment, entries=ordered,
                           not_named_count=max(catalogue_size - len(ordered), 0))


def _current_catalogue_size(enrollment: Enrollment) -> int:
    today = timezone.localdate()
    current = (StrengthCatalogue.objects
               .filter(job_centre_id=enrollment.client.job_centre_id, valid_from__lte=today)
               .order_by("-number").values("pk")[:1])
    return Strength.objects.filter(catalogue__in=Subquery(current)).count()


# --- the facilitator's run space -------------------------------------------------------------------
def run_shared_stories(*, user: Any, run: Run) -> QuerySet[Story]:
    """Stories of the run shared with the group or the facilitators, with their feedback
    (held and visible; removed feedback is left out). Two queries for any number of rows."""
    feedback = (access.feedback_for(user).exclude(status=Status.REMOVED)
                .select_related("strength", "given_by").order_by("created_at", "pk"))
    return (access.stories_for(user).filter(enrollment__run=run)
            .select_related("enrollment__client")
            .prefetch_related(Prefetch("feedback", queryset=feedback, to_attr="shown_feedback"))
            .order_by("-created_at"))


def held_feedback(*, user: Any, run: Run) -> QuerySet[StrengthFeedback]:
    """Feedback waiting for the facilitator (the held queue), oldest first."""
    return (access.feedback_for(user)
            .filter(story__enrollment__run=run, status=Status.HELD)
            .select_related("strength", "story__enrollment__client", "given_by")
            .order_by("created_at", "pk"))


def _subcount(queryset: QuerySet[Any]) -> Coalesce:
    """`COUNT(*)` of a correlated subquery as an annotation (no join fan-out)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def participant_activity(*, user: Any, run: Run) -> QuerySet[Enrollment]:
    """Per participant of a run the facilitator leads: stories written and shared, feedback
    given and received, and whether they agreed to a profile export. One query."""
    not_removed = ~Q(status=Status.REMOVED)
    given = (StrengthFeedback.objects.filter(not_removed, giver_enrollment=OuterRef("pk"))
             .exclude(source=Source.SELF))
    received = (StrengthFeedback.objects.filter(not_removed, story__enrollment=OuterRef("pk"))
                .exclude(source=Source.SELF))
    export_consent = Consent.objects.filter(client=OuterRef("client_id"),
                                            purpose=Consent.Purpose.EXPORT_PROFILE,
                                            withdrawn_at__isnull=True)
    return (Enrollment.objects
            .filter(run=run, run__in=access.runs_led_by(user),
                    status__in=Enrollment.SEAT_STATUSES)
            .select_related("client")
            .annotate(
                # A story counts once "Speichern" made it one; a draft only autosaved so far
                # (saved_at empty, draft_saved_at set) is not a story written (issue 14).
                written_count=_subcount(Story.objects.filter(enrollment=OuterRef("pk")).filter(
                    Q(saved_at__isnull=False) | Q(draft_saved_at__isnull=True))),
                shared_count=_subcount(Story.objects.filter(enrollment=OuterRef("pk"))
                                         .exclude(visibility=Story.Visibility.PRIVATE)),
                given_count=_subcount(given),
                received_count=_subcount(received),
                export_allowed=Exists(export_consent),
            )
            .order_by("client__last_name", "client__first_name"))



def has_export_consent(*, enrollment: Enrollment) -> bool:
    """The participant agreed that the facilitators may export their strength profile."""
    return Consent.objects.filter(client_id=enrollment.client_id,
                                  purpose=Consent.Purpose.EXPORT_PROFILE,
                                  withdrawn_at__isnull=True).exists()


def run_enrollment(*, user: Any, run: Run, enrollment_id: Any) -> Enrollment:
    """A participant of a run the user leads (404 for everything else)."""
    return access.access_run_enrollment(user, run, enrollment_id)


# --- the catalogue ---------------------------------------------------------------------------------
def catalogues_for(*, user: Any) -> QuerySet[StrengthCatalogue]:
    return access.strength_catalogues_for(user)


def catalogue_get_for(*, user: Any, catalogue_id: Any) -> StrengthCatalogue:
    return access.access_strength_catalogue(user, catalogue_id)


def catalogue_current_for(*, user: Any, today: dt.date | None = None
                          ) -> StrengthCatalogue | None:
    today = today or timezone.localdate()
    return (catalogues_for(user=user).filter(valid_from__lte=today)
            .order_by("-number").first())


def catalogue_planned_for(*, user: Any, today: dt.date | None = None
                          ) -> StrengthCatalogue | None:
    """A version that is not yet in force (and may still be edited)."""
    today = today or timezone.localdate()
    return (catalogues_for(user=user).filter(valid_from__gt=today)
            .order_by("-number").first())


def strengths_by_group(catalogue: StrengthCatalogue) -> list[tuple[str, list[Strength]]]:
    """The catalogue's strengths grouped for display (one query)."""
    strengths = list(catalogue.strengths.order_by("group", "label"))
    return [(str(label), [s for s in strengths if s.group == value])
            for value, label in Strength.Group.choices
            if any(s.group == value for s in strengths)]


@dataclass
class VersionChanges:
    catalogue: StrengthCatalogue
    added: list[str]
    removed: list[str]
    changed: list[str]  # "old → new" for relabelled entries, the label for other changes
    strength_count: int
    is_current: bool = False
    is_planned: bool = False


_COMPARED = ("group", "label", "description", "ba_profile", "indicators")


def catalogue_history(*, user: Any, today: dt.date | None = None) -> list[VersionChanges]:
    """Every version of the user's catalogue, newest first, with what changed against the
    version before (added, removed, changed strengths by key). Two queries."""
    today = today or timezone.localdate()
    versions = list(catalogues_for(user=user).select_related("created_by").order_by("number"))
    rows = (Strength.objects.filter(catalogue__in=[v.pk for v in versions])
            .values("catalogue_id", "key", *_COMPARED))
    by_version: dict[Any, dict[str, dict[str, Any]]] = {v.pk: {} for v in versions}
    for row in rows:
        by_version[row["catalogue_id"]][row["key"]] = row
    current = next((v for v in reversed(versions) if v.valid_from <= today), None)
    history: list[VersionChanges] = []
    previous: dict[str, dict[str, Any]] = {}
    for version in versions:
        now = by_version[version.pk]
        added = sorted(now[k]["label"] for k in now.keys() - previous.keys())
        removed = sorted(previous[k]["label"] for k in previous.keys() - now.keys())
        changed = []
        for key in sorted(now.keys() & previous.keys(), key=lambda k: now[k]["label"]):
            old, new = previous[key], now[key]
            if old["label"] != new["label"]:
                changed.append(f"{old['label']} → {new['label']}")
            elif any(old[name] != new[name] for name in _COMPARED):
                changed.append(new["label"])
        history.append(VersionChanges(
            catalogue=version, added=added, removed=removed, changed=changed,
            strength_count=len(now), is_current=current is not None and version.pk == current.pk,
            is_planned=version.valid_from > today))
        previous = now
    history.reverse()
    return history


def strength_get_for(*, user: Any, catalogue_id: Any, strength_id: Any) -> Strength:
    """A strength of a catalogue version the user may read; 404 for anything else."""
    catalogue = catalogue_get_for(user=user, catalogue_id=catalogue_id)
    try:
        return catalogue.strengths.select_related("catalogue").get(
            pk=uuid.UUID(str(strength_id)))
    except (ValueError, Strength.DoesNotExist) as error:
        raise Http404("Nicht gefunden") from error


def run_feedback_get_for(*, user: Any, run: Run, feedback_id: Any) -> StrengthFeedback:
    """Feedback on a story of a run the user leads (held or visible); 404 otherwise.
    Reading it (the note is about a participant's story) is logged."""
    queryset = (access.feedback_for(user)
                .filter(story__enrollment__run=run)
                .select_related("strength", "story__enrollment__client", "given_by"))
    try:
        feedback = queryset.get(pk=uuid.UUID(str(feedback_id)))
    except (ValueError, StrengthFeedback.DoesNotExist) as error:
        raise Http404("Nicht gefunden") from error
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=feedback,
                 client_id=feedback.story.enrollment.client_id)
    return feedback


def run_story_get_for(*, user: Any, run: Run, story_id: Any) -> Story:
    """A story of the run shared with the facilitator or group; reading it is logged."""
    story = access.access_story(user, story_id)
    if story.enrollment.run_id != run.pk:
        raise Http404("Nicht gefunden")
    return story


def current_strengths_for(*, story: Story) -> QuerySet[Strength]:
    """The strength cards to choose from: the job centre's catalogue in force today."""
    today = timezone.localdate()
    current = (StrengthCatalogue.objects
               .filter(job_centre_id=story.enrollment.client.job_centre_id,
                       valid_from__lte=today)
               .order_by("-number").values("pk")[:1])
    return Strength.objects.filter(catalogue__in=Subquery(current)).order_by("group", "label")
