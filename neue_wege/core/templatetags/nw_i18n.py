"""Template helpers for the languages (issue 14; docs/translations.md).

`{% html_lang %}` and `{% html_dir %}` give the `<html lang dir>` of the active language
(Leichte Sprache: the private-use tag `de-x-ls`, read as German by screen readers; Arabic:
`dir="rtl"`); `{% switch_languages as choices %}` the languages the current person may choose
(staff: German and English; participants and visitors: all portal languages).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()

# Django language code -> BCP 47 tag for the HTML `lang` attribute, where they differ.
HTML_LANG = {"de-ls": "de-x-ls"}


def html_lang_for(code: str) -> str:
    return HTML_LANG.get(code, code)


@register.simple_tag
def html_lang() -> str:
    return html_lang_for(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def html_dir() -> str:
    return "rtl" if translation.get_language_bidi() else "ltr"


@register.simple_tag(takes_context=True)
def switch_languages(context: Any) -> list[dict[str, Any]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    staff = bool(getattr(user, "is_authenticated", False)
                 and not getattr(user, "is_participant", False))
    allowed = settings.NW_STAFF_LANGUAGES if staff else settings.NW_PORTAL_LANGUAGES
    current = translation.get_language()
    return [{"code": code, "name": name, "lang": html_lang_for(code), "current": code == current,
             "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr"}
            for code, name in settings.LANGUAGES if code in allowed]
