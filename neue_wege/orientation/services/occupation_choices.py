"""The participant's occupation suggestions: fetched from the assistant, kept as rows, decided
by people (saved / dismissed), and turned into next steps.

Nothing is decided by the machine (GDPR Art. 22): the assistant only ranks; a suggestion
changes status only when a person says so — the participant, or a facilitator of their run
while exploring with them (recorded in `decided_by`, shown to the participant, who can always
undo it). Both roles use these same functions. Fetching again updates score and reasons of
the occupations suggested again, keeps every saved or dismissed row, and drops undecided rows
the assistant no longer suggests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.orientation import selectors
from neue_wege.orientation.models import ActionStep, OccupationSuggestion, OccupationSuggestionSet
from neue_wege.orientation.services.pathway import PathwayError, step_add
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

Status = OccupationSuggestion.Status
TOP = 10


def _suggest(enrollment: Enrollment, top: int) -> list[Any]:
    """The assistant's ranking (H2's `suggestions.suggest_for_enrollment`), looked up at call
    time so tests can replace it; a missing or failing assistant is a friendly error."""
    try:
        from neue_wege.orientation.services import suggestions
    except ImportError as error:  # pragma: no cover - only while the assistant is missing
        raise PathwayError(_("Die Berufsvorschläge sind gerade nicht verfügbar. Bitte "
                             "versuchen Sie es später noch einmal.")) from error
    return list(suggestions.suggest_for_enrollment(enrollment, top=top))


@transaction.atomic
def suggestions_refresh(*, actor: Any, enrollment: Enrollment, top: int = TOP
                        ) -> list[OccupationSuggestion]:
    """Ask the assistant and store its suggestions; returns the rows, best first."""
    if not access.may_decide_occupation_suggestions(actor, enrollment):
        raise PathwayError(_("Für diese Person können Sie keine Vorschläge holen."))
    # The digest of the inputs *before* asking: an input changed meanwhile shows as outdated.
    digest = selectors.suggestion_inputs_digest(enrollment=enrollment)
    return suggestions_store(actor=actor, enrollment=enrollment,
                             results=_suggest(enrollment, top), inputs_digest=digest)


@transaction.atomic
def suggestions_store(*, actor: Any, enrollment: Enrollment, results: Iterable[Any],
                      inputs_digest: str | None = None) -> list[OccupationSuggestion]:
    """Store the assistant's results (objects with `.occupation`, `.score`, `.reasons`,
    `.in_regional_demand`): new rows, updated scores, stale undecided rows dropped. With
    ``inputs_digest`` (`selectors.suggestion_inputs_digest` of the inputs the results came
    from) the list is recorded as fresh for those inputs."""
    # Lock the seat: two refreshes at once (double click) must not both create the same row.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    if inputs_digest is not None:
        OccupationSuggestionSet.objects.update_or_create(
            enrollment=enrollment,
            defaults={"inputs_digest": inputs_digest, "refreshed_at": timezone.now()})
    existing = {row.occupation_id: row for row in
                OccupationSuggestion.objects.filter(enrollment=enrollment)}
    kept: list[OccupationSuggestion] = []
    seen: set[Any] = set()
    for result in results:
        occupation = result.occupation
        if occupation.pk in seen:
            continue  # one row per occupation (the unique constraint)
        seen.add(occupation.pk)
        values = {"score": round(float(result.score), 4),
                  "reasons": [str(reason) for reason in result.reasons],
                  "in_regional_demand": getattr(result, "in_regional_demand", None)}
        row = existing.pop(occupation.pk, None)
        if row is None:
            row = OccupationSuggestion.objects.create(enrollment=enrollment,
                                                      occupation=occupation, **values)
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=row,
                         client_id=enrollment.client_id)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=[*values, "updated_at"])
        kept.append(row)
    stale = [row.pk for row in existing.values() if row.status == Status.SUGGESTED]
    OccupationSuggestion.objects.filter(pk__in=stale).delete()
    return kept


@transaction.atomic
def suggestion_decide(*, actor: Any, suggestion: OccupationSuggestion, status: str
                      ) -> OccupationSuggestion:
    """Save, dismiss or undo (back to "suggested"), by the participant or a facilitator of
    their run; who decided is kept, so the participant sees it and can undo it."""
    if status not in Status.values:
        raise PathwayError(_("Bitte wählen Sie: merken oder passt nicht."))
    if not access.may_decide_occupation_suggestions(actor, suggestion.enrollment):
        raise PathwayError(_("Diesen Vorschlag können Sie nicht ändern."))
    suggestion.status = status
    suggestion.decided_at = None if status == Status.SUGGESTED else timezone.now()
    suggestion.decided_by = actor
    suggestion.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=suggestion,
                 client_id=suggestion.enrollment.client_id)
    return suggestion


def step_ideas(suggestion: OccupationSuggestion) -> list[str]:
    """Plain first steps toward an occupation, offered for the participant to edit."""
    label = suggestion.occupation.label
    return [
        str(_("Mehr über den Beruf „%(label)s“ lesen und Fragen notieren")) % {"label": label},
        str(_("Ein Praktikum als „%(label)s“ suchen")) % {"label": label},
        str(_("Einen Beratungstermin zu Aus- oder Weiterbildung für „%(label)s“ "
              "vereinbaren")) % {"label": label},
    ]


@transaction.atomic
def suggestion_to_steps(*, actor: Any, suggestion: OccupationSuggestion,
                        steps: Iterable[tuple[str, dt.date | None]]) -> list[ActionStep]:
    """Turn a saved suggestion into next steps (the texts the participant kept)."""
    if suggestion.status != Status.SAVED:
        raise PathwayError(_("Bitte merken Sie sich den Beruf zuerst. Dann können Sie "
                             "nächste Schritte planen."))
    chosen = [(text.strip(), due) for text, due in steps if text and text.strip()]
    if not chosen:
        raise PathwayError(_("Bitte wählen oder schreiben Sie mindestens einen Schritt."))
    return [step_add(actor=actor, enrollment=suggestion.enrollment, description=text,
                     due_on=due, from_suggestion=suggestion) for text, due in chosen]
