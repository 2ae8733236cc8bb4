"""Release to the case manager (Freigabe an das Fallmanagement): purpose separation.

The programme space (stories, feedback, strengths, vision, obstacles) is separate from the case
file. Only the participant releases chosen items to their case manager, each as a `Consent` with
purpose RELEASE_TO_CASE_MANAGER, the exact wording shown (and its version), the date and the
recipient (the case manager at that moment). Withdrawal takes effect at once. A case manager sees
an item only while a release to *them* is active; a new case manager sees nothing until the
participant releases again. Stories, feedback and obstacles are never releasable.

Items are registered in `RELEASE_ITEMS`; an item whose models do not exist is simply absent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from neue_wege.privacy.consents import ConsentError, consent_end, consent_record
from neue_wege.privacy.models import Consent

RELEASE = Consent.Purpose.RELEASE_TO_CASE_MANAGER


@dataclass(frozen=True)
class ReleaseItem:
    """One kind of thing a participant can release, and how the case manager sees it."""

    key: str
    label: Promise  # as the participant reads it ("Mein …")
    staff_label: Promise  # as the case manager reads it
    object_type: str  # stored in Consent.object_type (object_id is the client's id)
    wording: Promise
    wording_version: str
    available: Callable[[], bool]
    content: Callable[[Any], dict[str, Any]]


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _latest_enrollment(client: Any) -> Any:
    from neue_wege.clients.models import Enrollment

    return (Enrollment.objects.filter(client=client, status__in=Enrollment.SEAT_STATUSES)
            .select_related("run__programme_version__programme")
            .order_by("-started_on").first())


def _profile_content(client: Any) -> dict[str, Any]:
    """Strengths with who named them, counted; no passages from stories, no peer names."""
    from neue_wege.strengths import selectors

    enrollment = _latest_enrollment(client)
    if enrollment is None:
        return {"entries": []}
    profile = selectors.strength_profile(enrollment=enrollment)
    entries = [{"label": e.label, "description": e.description, "self_named": e.self_named,
                "peer_count": e.peer_count, "facilitator_named": e.facilitator_named}
               for e in profile.entries]
    return {"entries": entries, "run": enrollment.run}


def _field_rows(obj: models.Model) -> list[tuple[str, Any]]:
    """Readable text/date fields of a record (labels from the model), no ids or references."""
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.primary_key or model_field.is_relation or model_field.name in {
                "created_at", "updated_at"}:
            continue
        value = getattr(obj, model_field.name)
        if value in (None, "", [], {}):
            continue
        if model_field.choices:
            value = getattr(obj, f"get_{model_field.name}_display")()
        rows.append((str(model_field.verbose_name), value))
    return rows


def _client_rows(model: type[models.Model], client: Any) -> models.QuerySet[Any]:
    names = {f.name for f in model._meta.concrete_fields}
    if "enrollment" in names:
        return model._default_manager.filter(enrollment__client=client)
    return model._default_manager.filter(client=client)


def _steps_content(client: Any) -> dict[str, Any]:
    model = _model("orientation.ActionStep")
    if model is None:
        return {"records": []}
    steps = _client_rows(model, client)
    ordering = [f for f in ("due_on", "created_at") if f in {
        x.name for x in model._meta.concrete_fields}]
    return {"records": [_field_rows(step) for step in steps.order_by(*ordering)]}


def _vision_content(client: Any) -> dict[str, Any]:
    model = _model("orientation.Vision")
    if model is None:
        return {"records": []}
    names = {f.name for f in model._meta.concrete_fields}
    order = next((f for f in ("number", "created_at") if f in names), "pk")
    order = f"-{order}"
    latest = _client_rows(model, client).order_by(order).first()
    return {"records": [_field_rows(latest)] if latest else []}


RELEASE_ITEMS: dict[str, ReleaseItem] = {item.key: item for item in (
    ReleaseItem(
        key="strength_profile", label=_("Mein Stärkenprofil"), staff_label=_("Stärkenprofil"),
        object_type="strengths.StrengthProfile",
        wording=_("Ich gebe mein Stärkenprofil an meine Fallmanagerin oder meinen "
                  "Fallmanager frei: die Stärken, ob ich sie selbst genannt habe und wie "
                  "viele aus der Gruppe oder der Projektleitung sie genannt haben. Meine "
                  "Geschichten, Rückmeldungen und Namen aus der Gruppe werden nicht "
                  "gezeigt. Ich kann die Freigabe jederzeit hier zurücknehmen; dann ist "
                  "sie sofort nicht mehr zu sehen."),
        wording_version="2026-11-1", available=lambda: True, content=_profile_content),
    ReleaseItem(
        key="next_steps", label=_("Meine nächsten Schritte"), staff_label=_("Nächste Schritte"),
        object_type="orientation.ActionStep",
        wording=_("Ich gebe meine nächsten Schritte (was, bis wann, erledigt) an meine "
                  "Fallmanagerin oder meinen Fallmanager frei, zum Beispiel für die "
                  "Kooperationsplanung. Ich kann die Freigabe jederzeit hier zurücknehmen; "
                  "dann ist sie sofort nicht mehr zu sehen."),
        wording_version="2026-11-1",
        available=lambda: _model("orientation.ActionStep") is not None,
        content=_steps_content),
    ReleaseItem(
        key="vision", label=_("Mein Zielbild"), staff_label=_("Zielbild"),
        object_type="orientation.Vision",
        wording=_("Ich gebe mein aktuelles Zielbild (mein Ziel für die Arbeit) an meine "
                  "Fallmanagerin oder meinen Fallmanager frei. Frühere Fassungen werden "
                  "nicht gezeigt. Ich kann die Freigabe jederzeit hier zurücknehmen; dann "
                  "ist es sofort nicht mehr zu sehen."),
        wording_version="2026-12-1",  # "Zielbild" instead of "Vision"
        available=lambda: _model("orientation.Vision") is not None,
        content=_vision_content),
)}


def available_items() -> list[ReleaseItem]:
    return [item for item in RELEASE_ITEMS.values() if item.available()]


def item_for(key: str) -> ReleaseItem | None:
    item = RELEASE_ITEMS.get(key)
    return item if item is not None and item.available() else None


def _active(client: Any, item: ReleaseItem) -> models.QuerySet[Consent]:
    return Consent.objects.filter(client=client, purpose=RELEASE, object_type=item.object_type,
                                  object_id=str(client.pk), withdrawn_at__isnull=True)


@dataclass
class ReleaseState:
    item: ReleaseItem
    consent: Consent | None


def releases_of(client: Any) -> list[ReleaseState]:
    """Every releasable item with its active release (or None), for the participant's page."""
    active = {c.object_type: c for c in Consent.objects.filter(
        client=client, purpose=RELEASE, object_id=str(client.pk), withdrawn_at__isnull=True,
    ).select_related("recipient")}
    return [ReleaseState(item, active.get(item.object_type)) for item in available_items()]


def release_history(client: Any) -> models.QuerySet[Consent]:
    """All releases ever given (also withdrawn), newest first: the participant's record."""
    return (Consent.objects.filter(client=client, purpose=RELEASE, object_id=str(client.pk))
            .select_related("recipient").order_by("-given_at"))


def _require_own(actor: Any, client: Any) -> None:
    if actor is None or client.user_id is None or client.user_id != actor.pk:
        raise ConsentError(_("Nur die Person selbst kann etwas freigeben oder die Freigabe "
                             "zurücknehmen."))


@transaction.atomic
def release_give(*, actor: Any, client: Any, key: str) -> Consent:
    """Release one item to the client's current case manager, storing the wording shown."""
    _require_own(actor, client)
    item = item_for(key)
    if item is None:
        raise ConsentError(_("Das kann nicht freigegeben werden."))
    if _active(client, item).exists():
        raise ConsentError(_("Das haben Sie schon freigegeben."))
    return consent_record(actor=actor, client=client, purpose=RELEASE,
                          object_type=item.object_type, object_id=str(client.pk),
                          wording=str(item.wording), reason=f"release: {key}",
                          already=_("Das haben Sie schon freigegeben."),
                          wording_version=item.wording_version,
                          recipient_id=client.case_manager_id)


@transaction.atomic
def release_withdraw(*, actor: Any, client: Any, key: str) -> Consent:
    """Withdraw a release now; the case manager no longer sees the item from this moment."""
    _require_own(actor, client)
    item = item_for(key)
    consent = (_active(client, item).select_for_update().first()
               if item is not None else None)
    if consent is None:
        raise ConsentError(_("Das war nicht freigegeben. Es gibt nichts zurückzunehmen."))
    return consent_end(actor=actor, consent=consent, reason=f"release withdrawn: {key}")


def released_to(user: Any, client: Any) -> list[ReleaseState]:
    """Items of `client` released to `user` and still in force (metadata only, no content)."""
    if client.case_manager_id != getattr(user, "pk", None):
        return []
    states = releases_of(client)
    return [state for state in states
            if state.consent is not None and state.consent.recipient_id == user.pk]


__all__ = [
    "RELEASE_ITEMS", "ReleaseItem", "ReleaseState", "available_items", "item_for",
    "release_give", "release_history", "release_withdraw", "released_to", "releases_of",
]
