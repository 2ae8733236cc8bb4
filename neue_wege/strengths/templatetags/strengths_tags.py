"""Template filters of the strengths app."""

from __future__ import annotations

from typing import Any

from django import template

from neue_wege.strengths.names import name_choice_label

register = template.Library()


@register.filter
def name_choice(feedback: Any) -> str:
    """Staff pages: "Name gezeigt" or "ohne Namen" — what the writer sees of the giver."""
    return name_choice_label(feedback)
