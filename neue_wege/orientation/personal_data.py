"""What the orientation app contributes to privacy: the content of the released next steps and
vision (`privacy.release_content`). Registered in `OrientationConfig.ready()`.

Its records appear in the data export through the generic orientation section of
`privacy.subject_rights` (every model that points at the client), so nothing is registered
there.
"""

from __future__ import annotations

from typing import Any

from neue_wege.clients.models import Client
from neue_wege.orientation.models import ActionStep, Vision
from neue_wege.privacy import release_content


def steps_content(client: Client) -> dict[str, Any]:
    """All next steps of the client's seats, by due date: what, until when, done."""
    steps = ActionStep.objects.filter(enrollment__client=client).order_by("due_on", "created_at")
    return {"records": [release_content.field_rows(step) for step in steps]}


def vision_content(client: Client) -> dict[str, Any]:
    """Only the current version of the vision (earlier versions are not shown)."""
    latest = Vision.objects.filter(enrollment__client=client).order_by("-number").first()
    return {"records": [release_content.field_rows(latest)] if latest else []}


def register() -> None:
    release_content.register("next_steps", steps_content)
    release_content.register("vision", vision_content)
