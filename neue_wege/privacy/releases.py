"""Release to the case manager (Freigabe an das Fallmanagement): purpose separation.

The programme space (stories, feedback, strengths, vision, obstacles) is separate from the case
file. Only the participant releases chosen items to their case manager, each as a `Consent` with
purpose RELEASE_TO_CASE_MANAGER, the exact wording shown (and its version), the date and the
recipient (the case manager at that moment). Withdrawal takes effect at once. A case manager sees
an item only while a release to *them* is active; a new case manager sees nothing until the
participant releases again. Stories, feedback and obstacles are never releasable.

Items are declared in `RELEASE_ITEMS` (the consent state: wording and version); their content
is built by the app that owns the data through `privacy.release_content`, and an item whose
app registered no content is simply absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from neue_wege.privacy import release_content
from neue_wege.privacy.consents import ConsentError, consent_end, consent_record
from neue_wege.privacy.models import Consent

RELEASE = Consent.Purpose.RELEASE_TO_CASE_MANAGER


@dataclass(frozen=True)
class ReleaseItem:
    """One kind of thing a participant can release, and how the case manager sees it.

    Its content comes from the app that owns the data (`privacy.release_content`)."""

    key: str
    label: Promise  # as the participant reads it ("Mein …")
    staff_label: Promise  # as the case manager reads it
    object_type: str  # stored in Consent.object_type (object_id is the client's id)
    wording: Promise
    wording_version: str

    def available(self) -> bool:
        return release_content.is_registered(self.key)

    def content(self, client: Any) -> dict[str, Any]:
        return release_content.build(self.key, client)


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
        wording_version="2026-11-1"),
    ReleaseItem(
        key="next_steps", label=_("Meine nächsten Schritte"), staff_label=_("Nächste Schritte"),
        object_type="orientation.ActionStep",
        wording=_("Ich gebe meine nächsten Schritte (was, bis wann, erledigt) an meine "
                  "Fallmanagerin oder meinen Fallmanager frei, zum Beispiel für die "
                  "Kooperationsplanung. Ich kann die Freigabe jederzeit hier zurücknehmen; "
                  "dann ist sie sofort nicht mehr zu sehen."),
        wording_version="2026-11-1"),
    ReleaseItem(
        key="vision", label=_("Mein Zielbild"), staff_label=_("Zielbild"),
        object_type="orientation.Vision",
        wording=_("Ich gebe mein aktuelles Zielbild (mein Ziel für die Arbeit) an meine "
                  "Fallmanagerin oder meinen Fallmanager frei. Frühere Fassungen werden "
                  "nicht gezeigt. Ich kann die Freigabe jederzeit hier zurücknehmen; dann "
                  "ist es sofort nicht mehr zu sehen."),
        wording_version="2026-12-1"),  # "Zielbild" instead of "Vision"
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
    releases_end_for_other_recipients(actor=None, client=client)
    if _active(client, item).exists():
        raise ConsentError(_("Das haben Sie schon freigegeben."))
    return consent_record(actor=actor, client=client, purpose=RELEASE,
                          object_type=item.object_type, object_id=str(client.pk),
                          wording=str(item.wording), reason=f"release: {key}",
                          already=_("Das haben Sie schon freigegeben."),
                          wording_version=item.wording_version,
                          recipient_id=client.case_manager_id)


@transaction.atomic(durable=True)
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


# --- a release belongs to one recipient (issue 11, point 8) ----------------------------------
CHANGE_REASON = "release ended: case manager changed"


def releases_end_for_other_recipients(*, actor: Any, client: Any) -> list[Consent]:
    """End every release in force whose recipient is not the client's current case manager.

    A release is given to one person. When the case manager changes, releases to the former
    one end (and stay ended after a change back); the new one sees nothing until the
    participant releases again. The service that changes the case manager calls this in its
    transaction; `release_give` calls it too, so rows from before this rule cannot block a new
    release. Each ended row is audited and marked, so the participant's page can say why.
    """
    stale = (Consent.objects.select_for_update()
             .filter(client=client, purpose=RELEASE, withdrawn_at__isnull=True)
             .exclude(recipient_id=client.case_manager_id))
    return [consent_end(actor=actor, consent=consent, reason=CHANGE_REASON,
                        end_reason=Consent.EndReason.CASE_MANAGER_CHANGED)
            for consent in stale]


@dataclass
class EndedRelease:
    item: ReleaseItem
    consent: Consent


def releases_ended_by_change(client: Any) -> list[EndedRelease]:
    """Releases that a change of case manager ended and that were not given again since:
    what the participant is told about on the release page."""
    items = {item.object_type: item for item in available_items()}
    ended: dict[str, Consent] = {}
    given_later: dict[str, Any] = {}
    for consent in release_history(client).order_by("given_at"):
        if consent.end_reason == Consent.EndReason.CASE_MANAGER_CHANGED:
            ended[consent.object_type] = consent
            given_later.pop(consent.object_type, None)
        elif consent.object_type in ended and consent.given_at >= ended[
                consent.object_type].withdrawn_at:
            given_later[consent.object_type] = consent
    return [EndedRelease(items[key], consent) for key, consent in ended.items()
            if key in items and key not in given_later]


__all__ = [
    "RELEASE_ITEMS", "EndedRelease", "ReleaseItem", "ReleaseState", "available_items",
    "item_for", "release_give", "release_history", "release_withdraw", "released_to",
    "releases_end_for_other_recipients", "releases_ended_by_change", "releases_of",
]
