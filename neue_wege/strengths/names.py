"""The one place that decides how a feedback giver is named to the people who read it.

A peer who ticked "Meinen Vornamen zeigen" is shown with their **first name only** to every
reader who is not the run's facilitator: the writer, the group (on a shared story), the strength
profile and its PDF, a case manager the profile is released to, and the writer's data export
(Art. 15/20). A peer who did not tick it stays without a name for all of these readers. The run's
facilitators moderate feedback and always see who gave it (full name), next to the label
"Name gezeigt" / "ohne Namen" that says what the writer sees; the hint under the checkbox
says so (portal/forms_stories.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SHOWN = _("Name gezeigt")
HIDDEN = _("ohne Namen")


def peer_display_name(feedback: Any) -> str:
    """The giver's first name if they allowed it for this feedback, else ""."""
    giver = feedback.given_by
    if not feedback.show_name or giver is None:
        return ""
    return (giver.first_name or "").strip()


def name_choice_label(feedback: Any) -> str:
    """For staff: does the writer see the giver's name ("Name gezeigt") or not."""
    return str(SHOWN if peer_display_name(feedback) else HIDDEN)
