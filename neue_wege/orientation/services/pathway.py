"""Writes of the participant's path: interest checks, vision versions, obstacles and
strategies, next steps. Each write is the participant's own and writes an audit row in the
same transaction (the audit row names only the object, never the text).

- Interest checks and visions are never edited: saving again adds a row (the path over time).
- An obstacle's `special_category` follows its kind (health, addiction); the model sets it.
- Strategies and steps change status; "done" steps carry the day they were done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.core.exceptions import DomainError
from neue_wege.orientation import interest_check
from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    Strategy,
    Vision,
)
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

Action = AuditEvent.Action
MAX_TEXT_CHARS = 2_000
MAX_STEP_CHARS = 300


class PathwayError(DomainError):
    """A path entry cannot be saved as asked (German message for the participant)."""


def _audit(actor: Any, action: str, obj: Any, enrollment: Enrollment) -> None:
    audit_record(actor=actor, action=action, obj=obj, client_id=enrollment.client_id)


def _clean(text: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise PathwayError(_("Der Text ist zu lang. Bitte kürzen Sie ihn auf %(limit)s "
                             "Zeichen.") % {"limit": limit})
    return text


# --- interests ---------------------------------------------------------------------------------
@transaction.atomic
def interest_check_save(*, actor: Any, enrollment: Enrollment, answers: Mapping[str, Any],
                        notes: str = "") -> InterestCheck:
    """Store one filled-in check with its theme scores; earlier checks stay."""
    try:
        clean = {key: int(answers[key]) for key in interest_check.ITEM_KEYS}
    except (KeyError, TypeError, ValueError) as error:
        raise PathwayError(_("Bitte beantworten Sie alle Fragen.")) from error
    if any(not 0 <= value <= interest_check.SCALE_MAX for value in clean.values()):
        raise PathwayError(_("Bitte wählen Sie bei jeder Frage eine der vier Antworten."))
    check = InterestCheck.objects.create(
        enrollment=enrollment, answers=clean, scores=interest_check.score(clean),
        notes=_clean(notes), taken_at=timezone.now())
    _audit(actor, Action.CREATE, check, enrollment)
    return check


# --- vision ----------------------------------------------------------------------------------------
VISION_FIELDS = ("what", "with_whom", "where", "why", "good_day")


@transaction.atomic
def vision_save(*, actor: Any, enrollment: Enrollment, **texts: str) -> Vision:
    """A new version of the vision (the earlier ones stay, so the path is visible)."""
    unknown = set(texts) - set(VISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown vision fields: {sorted(unknown)}")
    values = {name: _clean(texts.get(name, "")) for name in VISION_FIELDS}
    if not values["what"]:
        raise PathwayError(_("Bitte schreiben Sie, was Sie arbeiten möchten."))
    # Lock the seat (PostgreSQL refuses FOR UPDATE with an aggregate): two saves at once get
    # consecutive numbers instead of one failing on the unique constraint.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    latest = Vision.objects.filter(enrollment=enrollment).aggregate(top=Max("number"))["top"] or 0
    current = Vision.objects.filter(enrollment=enrollment, number=latest).first()
    if current and all(getattr(current, name) == value for name, value in values.items()):
        raise PathwayError(_("Ihr Zielbild ist unverändert. Es wurde keine neue Fassung "
                             "gespeichert."))
    vision = Vision.objects.create(enrollment=enrollment, number=latest + 1, **values)
    _audit(actor, Action.CREATE, vision, enrollment)
    return vision


# --- obstacles and strategies --------------------------------------------------------------------
@transaction.atomic
def obstacle_add(*, actor: Any, enrollment: Enrollment, kind: str, title: str = "",
                 details: str = "") -> Obstacle:
    if kind not in Obstacle.Kind.values:
        raise PathwayError(_("Bitte wählen Sie eine Art von Hindernis."))
    title = _clean(title, limit=200)
    if kind == Obstacle.Kind.OTHER and not title:
        raise PathwayError(_("Bitte beschreiben Sie das Hindernis in eigenen Worten."))
    obstacle = Obstacle.objects.create(enrollment=enrollment, kind=kind, title=title,
                                       details=_clean(details))
    _audit(actor, Action.CREATE, obstacle, enrollment)
    return obstacle


@transaction.atomic(durable=True)
def obstacle_remove(*, actor: Any, obstacle: Obstacle) -> None:
    """The participant removes an obstacle (and its strategies) that no longer applies."""
    enrollment = obstacle.enrollment
    _audit(actor, Action.DELETE, obstacle, enrollment)
    obstacle.delete()


@transaction.atomic
def strategy_add(*, actor: Any, obstacle: Obstacle, description: str, helper: str,
                 due_on: dt.date | None = None) -> Strategy:
    description = _clean(description)
    if not description:
        raise PathwayError(_("Bitte schreiben Sie, was helfen kann."))
    if helper not in Strategy.Helper.values:
        raise PathwayError(_("Bitte wählen Sie, wer dabei hilft."))
    strategy = Strategy.objects.create(obstacle=obstacle, description=description,
                                       helper=helper, due_on=due_on)
    _audit(actor, Action.CREATE, strategy, obstacle.enrollment)
    return strategy


@transaction.atomic(durable=True)
def strategy_set_status(*, actor: Any, strategy: Strategy, status: str) -> Strategy:
    if status not in Strategy.Status.values:
        raise PathwayError(_("Bitte wählen Sie einen Stand."))
    strategy.status = status
    strategy.save(update_fields=["status", "updated_at"])
    _audit(actor, Action.CHANGE, strategy, strategy.obstacle.enrollment)
    return strategy


# --- next steps ------------------------------------------------------------------------------------
@transaction.atomic
def step_add(*, actor: Any, enrollment: Enrollment, description: str,
             due_on: dt.date | None = None,
             from_suggestion: OccupationSuggestion | None = None) -> ActionStep:
    description = _clean(description, limit=MAX_STEP_CHARS)
    if not description:
        raise PathwayError(_("Bitte schreiben Sie, was der nächste Schritt ist."))
    if from_suggestion is not None and from_suggestion.enrollment_id != enrollment.pk:
        raise PathwayError(_("Dieser Vorschlag gehört nicht zu Ihnen."))
    step = ActionStep.objects.create(enrollment=enrollment, description=description,
                                     due_on=due_on, from_suggestion=from_suggestion)
    _audit(actor, Action.CREATE, step, enrollment)
    return step


@transaction.atomic(durable=True)
def step_set_done(*, actor: Any, step: ActionStep, done: bool,
                  today: dt.date | None = None) -> ActionStep:
    """Mark a step done (today) or not done again."""
    step.done_on = (today or timezone.localdate()) if done else None
    step.save(update_fields=["done_on", "updated_at"])
    _audit(actor, Action.CHANGE, step, step.enrollment)
    return step
