"""`{{ user|offline_tag }}`: the opaque per-user name the browser keys its drafts with."""

from typing import Any

from django import template

from neue_wege.core.offline import user_tag

register = template.Library()


@register.filter
def offline_tag(user: Any) -> str:
    return user_tag(user)
