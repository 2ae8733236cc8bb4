"""Writes for strength feedback, its moderation and the assistant's decisions.

Stable API for other parts of the app (portal, facilitator tools, profile):

- `feedback_give(*, actor, story, strengths, note, show_name, source, evidence=None)`
  → list of `StrengthFeedback`, one per strength.
  - source SELF: the writer names strengths in their own story (always visible);
  - source PEER: a participant of the same run, on a story shared with the group, never on
    their own story; the note goes through the wording check (`strengths.wording`) and a
    flagged note is stored HELD with `held_reason` until the facilitator releases it;
  - source FACILITATOR: a facilitator who leads the story's run, on a story shared with the
    group or the facilitator (always visible).
  Each giver names each strength once per story. Strengths come from the job centre's
  current catalogue.
- `feedback_release(*, actor, feedback)`: HELD → VISIBLE (the run's facilitators).
- `feedback_remove(*, actor, feedback, reason)`: HELD or VISIBLE → REMOVED, reason logged.
- `suggestion_decide(*, actor, story, strength, score, evidence, decision)`: the writer
  accepts or rejects one assistant suggestion; logs `SuggestionDecision` (offsets only) and on
  accept adds SELF feedback with the first evidence passage.
- `story_suggestions(story)` (read): the assistant's suggestions for a story, computed with
  the job centre's current catalogue; nothing is stored.

Every write raises a `FeedbackError` (a `DomainError`) when a rule is broken and writes its
audit row in the same transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from importlib import metadata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.consents import consent_give
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import (
    Story,
    Strength,
    StrengthCatalogue,
    StrengthFeedback,
    SuggestionDecision,
)
from neue_wege.strengths.services.catalogue import catalogue_document, current_catalogue
from neue_wege.strengths.suggest import Suggester, Suggestion
from neue_wege.strengths.suggest.catalogue import parse_catalogue
from neue_wege.strengths.wording import check_note

Source = StrengthFeedback.Source
Status = StrengthFeedback.Status
MAX_NOTE_CHARS = 500


class FeedbackError(DomainError):
    """Feedback cannot be given, released or removed as asked."""


class FeedbackNotAllowedError(FeedbackError):
    pass


class DuplicateFeedbackError(FeedbackError):
    pass


class ModerationError(FeedbackError):
    pass


# --- helpers ------------------------------------------------------------------------------------
def _job_centre_id(story: Story) -> Any:
    return story.enrollment.client.job_centre_id


def _check_strengths(story: Story, strengths: Sequence[Strength]) -> None:
    if not strengths:
        raise FeedbackError(_("Bitte wählen Sie mindestens eine Stärke."))
    catalogue = current_catalogue(_job_centre_id(story))
    if catalogue is None or any(s.catalogue_id != catalogue.pk for s in strengths):
        raise FeedbackError(_("Bitte wählen Sie Stärken aus dem aktuellen Stärkenkatalog."))


def _check_evidence(story: Story, evidence: tuple[int, int] | None) -> None:
    if evidence is None:
        return
    start, end = evidence
    if not (isinstance(start, int) and isinstance(end, int)
            and 0 <= start < end <= len(story.text)):
        raise FeedbackError(_("Die markierte Stelle liegt nicht in der Geschichte."))


def _giver_enrollment(actor: Any, story: Story, source: str) -> Any:
    """Who may give feedback of `source` on `story`; returns the giver's enrollment."""
    visibility = Story.Visibility
    if source == Source.SELF:
        if not access.is_story_writer(actor, story):
            raise FeedbackNotAllowedError(_("Eigene Stärken nennen Sie nur in Ihren eigenen "
                                            "Geschichten."))
        return story.enrollment
    if source == Source.PEER:
        if access.is_story_writer(actor, story):
            raise FeedbackNotAllowedError(_("Für Ihre eigene Geschichte nennen Sie Ihre "
                                            "Stärken selbst (Selbstbild)."))
        if story.visibility != visibility.GROUP:
            raise FeedbackNotAllowedError(_("Diese Geschichte ist nicht mit der Gruppe "
                                            "geteilt."))
        enrollment = access.enrollments_of(actor).filter(run_id=story.enrollment.run_id).first()
        if enrollment is None:
            raise FeedbackNotAllowedError(_("Rückmeldungen geben nur Teilnehmende derselben "
                                            "Gruppe."))
        return enrollment
    if source == Source.FACILITATOR:
        if not access.leads_run(actor, story.enrollment.run):
            raise FeedbackNotAllowedError(_("Nur die Projektleitung dieses Durchlaufs gibt "
                                            "hier Rückmeldungen."))
        if story.visibility not in (visibility.GROUP, visibility.FACILITATOR):
            raise FeedbackNotAllowedError(_("Diese Geschichte ist nicht geteilt."))
        return None
    raise FeedbackError(_("Unbekannte Art der Rückmeldung."))


# --- feedback -----------------------------------------------------------------------------------
@transaction.atomic
def feedback_give(*, actor: Any, story: Story, strengths: Iterable[Strength], note: str,
                  show_name: bool, source: str,
                  evidence: tuple[int, int] | None = None) -> list[StrengthFeedback]:
    """Name one or more strengths in a story (see the module docstring for the rules)."""
    story = (Story.objects.select_for_update()
             .select_related("enrollment__client", "enrollment__run").get(pk=story.pk))
    strengths = list(dict.fromkeys(strengths))
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise FeedbackError(_("Die Notiz ist zu lang (höchstens 500 Zeichen)."))
    giver_enrollment = _giver_enrollment(actor, story, source)
    _check_strengths(story, strengths)
    _check_evidence(story, evidence)
    already = list(StrengthFeedback.objects
                   .filter(story=story, given_by=actor, strength__in=strengths)
                   .values_list("strength__label", flat=True))
    if already:
        raise DuplicateFeedbackError(
            _("Diese Stärke haben Sie für diese Geschichte schon genannt: %(labels)s")
            % {"labels": ", ".join(sorted(already))})
    status, held_reason = Status.VISIBLE, ""
    if source == Source.PEER:
        flag = check_note(note, story_text=story.text,
                          strength_words=[s.label for s in strengths])
        if flag is not None:
            status, held_reason = Status.HELD, flag.reason
    show_name = bool(show_name) and source != Source.SELF
    created = []
    for strength in strengths:
        feedback = StrengthFeedback(
            story=story, strength=strength, source=source, given_by=actor,
            giver_enrollment=giver_enrollment, note=note, show_name=show_name,
            status=status, held_reason=held_reason,
            evidence_start=evidence[0] if evidence else None,
            evidence_end=evidence[1] if evidence else None,
        )
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError as error:  # a concurrent request was faster
            raise DuplicateFeedbackError(
                _("Diese Stärke haben Sie für diese Geschichte schon genannt: %(labels)s")
                % {"labels": strength.label}) from error
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=feedback,
                     client_id=story.enrollment.client_id,
                     reason=f"{source}, {status}")
        if show_name and source == Source.PEER:
            consent_give(actor=actor, client=giver_enrollment.client,
                         purpose=Consent.Purpose.SHOW_NAME, obj=feedback,
                         wording=gettext("Mein Vorname wird bei dieser Rückmeldung gezeigt."))
        created.append(feedback)
    return created


def _lock_feedback(feedback: StrengthFeedback) -> StrengthFeedback:
    return (StrengthFeedback.objects.select_for_update()
            .select_related("story__enrollment__run").get(pk=feedback.pk))


def _require_moderator(actor: Any, feedback: StrengthFeedback) -> None:
    if not access.can_moderate_feedback(actor, feedback):
        raise ModerationError(_("Nur die Projektleitung dieses Durchlaufs prüft "
                                "Rückmeldungen."))


@transaction.atomic
def feedback_release(*, actor: Any, feedback: StrengthFeedback) -> StrengthFeedback:
    """A held note was checked and is fine: the writer sees it from now on."""
    feedback = _lock_feedback(feedback)
    _require_moderator(actor, feedback)
    if feedback.status != Status.HELD:
        raise ModerationError(_("Diese Rückmeldung wartet nicht auf eine Prüfung."))
    feedback.status = Status.VISIBLE
    feedback.moderated_by, feedback.moderated_at = actor, timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=feedback,
                 client_id=feedback.story.enrollment.client_id, reason="released")
    return feedback


@transaction.atomic
def feedback_remove(*, actor: Any, feedback: StrengthFeedback,
                    reason: str) -> StrengthFeedback:
    """Take feedback out of view (held or visible); the reason goes to the audit log."""
    feedback = _lock_feedback(feedback)
    _require_moderator(actor, feedback)
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Bitte geben Sie einen Grund an."))
    if feedback.status == Status.REMOVED:
        raise ModerationError(_("Diese Rückmeldung ist schon entfernt."))
    feedback.status = Status.REMOVED
    feedback.moderated_by, feedback.moderated_at = actor, timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=feedback,
                 client_id=feedback.story.enrollment.client_id, reason=f"removed: {reason}")
    return feedback


# --- the suggestion assistant ---------------------------------------------------------------
def _engine_version() -> str:
    try:
        return metadata.version("neue-wege")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


ENGINE_VERSION = _engine_version()
_SUGGESTERS: dict[tuple[Any, int], Suggester] = {}
_SUGGESTERS_LOCK = threading.Lock()


def assistant_version(catalogue: StrengthCatalogue) -> str:
    """Catalogue number + engine version, logged with every decision."""
    return f"katalog-{catalogue.number}/engine-{ENGINE_VERSION}"[:40]


def suggester_for(catalogue: StrengthCatalogue) -> Suggester:
    """One `Suggester` per catalogue version and process (catalogue versions never change)."""
    key = (catalogue.pk, catalogue.number)
    suggester = _SUGGESTERS.get(key)
    if suggester is None:
        with _SUGGESTERS_LOCK:
            suggester = _SUGGESTERS.get(key)
            if suggester is None:
                suggester = Suggester(parse_catalogue(catalogue_document(catalogue)))
                _SUGGESTERS[key] = suggester
    return suggester


def story_suggestions(story: Story, *, limit: int = 10) -> tuple[StrengthCatalogue,
                                                                  list[Suggestion]]:
    """The assistant's suggestions for the story's saved text (raises `LanguageError`).

    Read only: nothing is stored. Raises `FeedbackError` when the job centre has no catalogue.
    """
    catalogue = current_catalogue(_job_centre_id(story))
    if catalogue is None:
        raise FeedbackError(_("Für Ihr Jobcenter gibt es noch keinen Stärkenkatalog."))
    return catalogue, suggester_for(catalogue).suggest(story.text, limit=limit)


def _clean_evidence(story: Story, evidence: Iterable[Any]) -> list[dict[str, int]]:
    spans = []
    for item in evidence:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError) as error:
            raise FeedbackError(_("Die markierte Stelle liegt nicht in der Geschichte.")) \
                from error
        if not 0 <= start < end <= len(story.text):
            raise FeedbackError(_("Die markierte Stelle liegt nicht in der Geschichte."))
        spans.append({"start": start, "end": end})
    return spans


@transaction.atomic
def suggestion_decide(*, actor: Any, story: Story, strength: Strength, score: float,
                      evidence: Iterable[Any], decision: str) -> SuggestionDecision:
    """The writer accepts or rejects one suggestion. Only offsets are stored, never text."""
    story = (Story.objects.select_for_update()
             .select_related("enrollment__client", "enrollment__run").get(pk=story.pk))
    if not access.is_story_writer(actor, story):
        raise FeedbackNotAllowedError(_("Vorschläge für eine Geschichte entscheidet nur, wer "
                                        "sie geschrieben hat."))
    if decision not in SuggestionDecision.Decision.values:
        raise FeedbackError(_("Bitte wählen Sie „Übernehmen“ oder „Verwerfen“."))
    try:
        score = float(score)
    except (TypeError, ValueError) as error:
        raise FeedbackError(_("Ungültiger Vorschlag.")) from error
    if not 0.0 <= score <= 1.0:
        raise FeedbackError(_("Ungültiger Vorschlag."))
    _check_strengths(story, [strength])
    spans = _clean_evidence(story, evidence)
    catalogue = strength.catalogue
    record = SuggestionDecision.objects.create(
        story=story, strength=strength, score=score, evidence=spans,
        assistant_version=assistant_version(catalogue), decision=decision, decided_by=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=record,
                 client_id=story.enrollment.client_id, reason=f"suggestion {decision}")
    accepted = decision == SuggestionDecision.Decision.ACCEPTED
    if accepted and not StrengthFeedback.objects.filter(
            story=story, strength=strength, given_by=actor).exists():
        first = (spans[0]["start"], spans[0]["end"]) if spans else None
        feedback_give(actor=actor, story=story, strengths=[strength], note="",
                      show_name=False, source=Source.SELF, evidence=first)
    return record


__all__ = [
    "ENGINE_VERSION",
    "MAX_NOTE_CHARS",
    "DuplicateFeedbackError",
    "FeedbackError",
    "FeedbackNotAllowedError",
    "ModerationError",
    "assistant_version",
    "feedback_give",
    "feedback_release",
    "feedback_remove",
    "story_suggestions",
    "suggester_for",
    "suggestion_decide",
]
