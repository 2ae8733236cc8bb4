"""RFC 9457 problem details: every error of the API answers `application/problem+json` with a
`type` URI, a German `title` and `detail`, the `status` and, for invalid input, an `errors`
list naming each field."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://neue-wege.invalid/probleme/"

# status: (type slug, German title)
TITLES: dict[int, tuple[str, str]] = {
    400: ("ungueltige-anfrage", gettext_noop("Die Anfrage ist ungültig.")),
    401: ("nicht-angemeldet", gettext_noop("Anmeldung erforderlich.")),
    403: ("keine-berechtigung", gettext_noop("Keine Berechtigung.")),
    404: ("nicht-gefunden", gettext_noop("Nicht gefunden.")),
    405: ("methode-nicht-erlaubt", gettext_noop("Diese Methode ist hier nicht erlaubt.")),
    409: ("konflikt", gettext_noop("Die Änderung ist nicht möglich.")),
    413: ("zu-gross", gettext_noop("Die Anfrage ist zu groß.")),
    415: ("falsches-format", gettext_noop("Dieses Format wird nicht angenommen.")),
    422: ("ungueltige-eingabe", gettext_noop("Die Eingabe ist ungültig.")),
    429: ("zu-viele-anfragen", gettext_noop("Zu viele Anfragen.")),
    500: ("serverfehler", gettext_noop("Ein interner Fehler ist aufgetreten.")),
}
DETAILS: dict[int, str] = {
    400: gettext_noop("Die Anfrage konnte nicht gelesen werden."),
    401: gettext_noop("Bitte senden Sie einen gültigen Zugangsschlüssel im Kopf "
                      "„Authorization: Bearer …“."),
    403: gettext_noop("Der Zugangsschlüssel erlaubt diese Aktion nicht."),
    404: gettext_noop("Diesen Eintrag oder diese Adresse gibt es nicht."),
    405: gettext_noop("Bitte verwenden Sie eine der erlaubten Methoden."),
    422: gettext_noop("Bitte prüfen Sie die genannten Felder."),
    429: gettext_noop("Bitte warten Sie, bevor Sie weitere Anfragen senden."),
    500: gettext_noop("Bitte versuchen Sie es später noch einmal; bleibt der Fehler, wenden Sie "
                      "sich an die Administration des Jobcenters."),
}


class Problem(Exception):
    """Raised anywhere in an endpoint: answered as a problem document."""

    def __init__(self, status: int, detail: str = "", *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def body(status: int, detail: str = "", *, instance: str = "",
         errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    slug, title = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
    document: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": _(title),
        "status": status,
        "detail": detail or _(DETAILS.get(status, DETAILS[400] if status < 500 else DETAILS[500])),
    }
    if instance:
        document["instance"] = instance
    if errors is not None:
        document["errors"] = errors
    return document


def response(request: HttpRequest | None, status: int, detail: str = "", *,
             errors: list[dict[str, Any]] | None = None,
             headers: dict[str, str] | None = None) -> HttpResponse:
    instance = request.path if request is not None else ""
    answer = HttpResponse(json.dumps(body(status, detail, instance=instance, errors=errors),
                                     ensure_ascii=False),
                          status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def from_problem(request: HttpRequest, problem: Problem) -> HttpResponse:
    return response(request, problem.status, problem.detail, errors=problem.errors,
                    headers=problem.headers)


def validation_errors(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ninja's/pydantic's error list as German entries: where (a JSON pointer) and what."""
    errors = []
    for error in raw:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.append({"pointer": "/" + "/".join(location), "detail": _german(error)})
    return errors


def _german(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    messages = {
        "missing": _("Dieses Feld fehlt."),
        "string_too_long": _("Der Text ist zu lang (höchstens %(n)s Zeichen).")
        % {"n": context.get("max_length", "?")},
        "string_too_short": _("Der Text ist zu kurz (mindestens %(n)s Zeichen).")
        % {"n": context.get("min_length", "?")},
        "uuid_parsing": _("Das ist keine gültige Kennung (UUID)."),
        "uuid_type": _("Das ist keine gültige Kennung (UUID)."),
        "date_from_datetime_parsing": _("Das ist kein gültiges Datum (JJJJ-MM-TT)."),
        "date_parsing": _("Das ist kein gültiges Datum (JJJJ-MM-TT)."),
        "date_type": _("Das ist kein gültiges Datum (JJJJ-MM-TT)."),
        "int_parsing": _("Das ist keine ganze Zahl."),
        "int_type": _("Das ist keine ganze Zahl."),
        "bool_parsing": _("Bitte true oder false angeben."),
        "bool_type": _("Bitte true oder false angeben."),
        "enum": _("Dieser Wert ist nicht erlaubt."),
        "literal_error": _("Dieser Wert ist nicht erlaubt."),
        "string_type": _("Bitte einen Text angeben."),
        "greater_than_equal": _("Der Wert ist zu klein."),
        "less_than_equal": _("Der Wert ist zu groß."),
        "model_attributes_type": _("Bitte ein JSON-Objekt senden."),
        "dict_type": _("Bitte ein JSON-Objekt senden."),
        "json_invalid": _("Das ist kein gültiges JSON."),
        "extra_forbidden": _("Dieses Feld ist unbekannt."),
        "value_error": _("Dieser Wert ist ungültig."),
        "string_pattern_mismatch": _("Der Text hat nicht die erwartete Form (erlaubte Zeichen, "
                                     "kein Nullzeichen, nicht nur Leerzeichen)."),
    }
    return messages.get(kind, _("Dieser Wert ist ungültig."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 404 handler: problem details below /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return response(request, 404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
