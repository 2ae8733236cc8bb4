"""`{% released_section client %}`: the section "Von der Person freigegeben" on the client page.

Shows only which items are released to the viewing case manager and since when (no content);
the content is on its own page, where each read is logged with its purpose.
"""

from __future__ import annotations

from typing import Any

from django import template

from neue_wege.privacy import access, releases

register = template.Library()


@register.inclusion_tag("privacy/partials/_released_section.html", takes_context=True)
def released_section(context: dict[str, Any], client: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"client": client, "is_case_manager": access.can_change_client(user, client),
            "states": releases.released_to(user, client)}
