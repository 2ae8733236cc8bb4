"""What the orientation app contributes to privacy: the content of the released next steps and
vision (`privacy.release_content`). Registered in `OrientationConfig.ready()`.

Its records appear in the data export through the generic orientation section of
`privacy.subject_rights` (every model that points at the client), so nothing is registered
there.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from neue_wege.clients.models import Client
from neue_wege.orientation.models import ActionStep, OccupationSuggestion, Vision
from neue_wege.orientation.selectors import reasons_without_limits_for_case_manager
from neue_wege.privacy import release_content


def case_manager_rows(obj: models.Model) -> list[tuple[str, Any]]:
    """`release_content.field_rows` for the case manager's view of a released item, with the
    reasons of an occupation suggestion stripped of every limit-derived warning (the
    participant's obstacles are never released). Every builder here goes through it."""
    rows = release_content.field_rows(obj)
    if not isinstance(obj, OccupationSuggestion):
        return rows
    label = str(OccupationSuggestion._meta.get_field("reasons").verbose_name)
    reasons = reasons_without_limits_for_case_manager(obj.reasons)
    return [(name, reasons if name == label else value) for name, value in rows
            if name != label or reasons]


def steps_content(client: Client) -> dict[str, Any]:
    """All next steps of the client's seats, by due date: what, until when, done."""
    steps = ActionStep.objects.filter(enrollment__client=client).order_by("due_on", "created_at")
    return {"records": [case_manager_rows(step) for step in steps]}


def vision_content(client: Client) -> dict[str, Any]:
    """Only the current version of the vision (earlier versions are not shown)."""
    latest = Vision.objects.filter(enrollment__client=client).order_by("-number").first()
    return {"records": [case_manager_rows(latest)] if latest else []}


def register() -> None:
    release_content.register("next_steps", steps_content)
    release_content.register("vision", vision_content)
