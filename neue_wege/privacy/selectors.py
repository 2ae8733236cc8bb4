"""Reads of the audit log, always scoped by the access rules.

- Administrators search the log of their own job centre: events by its staff and participants,
  and events about its clients. They see references (record type and id, client id), never
  content: the log holds none.
- A participant sees who looked at or changed their own records (`AuditEvent.client_id` is
  their client), in plain words; their own actions are left out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.organisation.models import User
from neue_wege.privacy import access
from neue_wege.privacy.models import AuditEvent

AUDIT_LOG_TYPE = "privacy.AuditEvent"

# The record types that appear in the log, with the words participants read (Einfache
# Sprache). Types missing here fall back to the model's German name.
PLAIN_RECORD_NAMES = {
    "clients.Client": _("Ihre Akte (Name, Adresse, Daten im Jobcenter)"),
    "clients.Referral": _("Ihre Anmeldung zum Projekt"),
    "clients.Enrollment": _("Ihre Teilnahme am Projekt"),
    "strengths.Story": _("eine Ihrer Geschichten"),
    "strengths.StrengthFeedback": _("eine Rückmeldung zu Ihren Stärken"),
    "strengths.Strength": _("Ihre Stärken"),
    "portal.Invitation": _("Ihre Einladung zum Portal"),
    "privacy.Consent": _("eine Ihrer Einwilligungen"),
    "privacy.DataSubjectRequest": _("Ihre Anfrage zum Datenschutz"),
    # also the record types of released items the case manager reads (privacy.releases)
    "strengths.StrengthProfile": _("Ihr Stärkenprofil"),
    "orientation.Vision": _("Ihr Zielbild"),
    "orientation.ActionStep": _("Ihre nächsten Schritte"),
    "programmes.Attendance": _("Ihre Anwesenheit bei einem Treffen"),
    "programmes.Session": _("ein Treffen Ihrer Gruppe"),
    AUDIT_LOG_TYPE: _("einen Eintrag in dieser Liste"),
}

PLAIN_ACTIONS = {
    AuditEvent.Action.VIEW: _("hat angesehen"),
    AuditEvent.Action.CREATE: _("hat angelegt"),
    AuditEvent.Action.CHANGE: _("hat geändert"),
    AuditEvent.Action.DELETE: _("hat gelöscht"),
    AuditEvent.Action.EXPORT: _("hat ausgedruckt oder gespeichert"),
}


def record_type_label(object_type: str) -> str:
    """The German name of a record type (e.g. "clients.Client" → "Kund:in")."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def record_type_choices() -> list[tuple[str, str]]:
    """Every model that can appear in the log, by German name (for the search form)."""
    choices = [(model._meta.label, str(model._meta.verbose_name))
               for model in apps.get_models()
               if model._meta.app_label in {"clients", "strengths", "portal", "privacy",
                                            "programmes", "organisation", "orientation",
                                            "outcomes", "evaluation"}]
    return sorted(choices, key=lambda choice: choice[1].lower())


# --- administrators: search the job centre's log ------------------------------------------------
def audit_events_for(user: Any) -> QuerySet[AuditEvent]:
    """The log of the administrator's job centre; nothing for anyone else."""
    from neue_wege.clients.models import Client

    if not access.can_manage_accounts(user):
        return AuditEvent.objects.none()
    centre = user.job_centre_id
    # Both halves stay cheap while the log grows: the centre's accounts are a short list, and
    # "about a client of this centre" is looked up per log row by the client's primary key
    # (not a list of every client id of the centre, which is a million at county scale).
    centre_client = Client.objects.filter(pk=OuterRef("client_id"), job_centre_id=centre)
    return AuditEvent.objects.filter(
        Q(actor_id__in=User.objects.filter(job_centre_id=centre).values("pk"))
        | Q(Exists(centre_client)))


def audit_event_search(*, user: Any, actor: str = "", object_type: str = "", action: str = "",
                       date_from: dt.date | None = None, date_to: dt.date | None = None,
                       client_id: uuid.UUID | None = None, object_id: str = ""
                       ) -> QuerySet[AuditEvent]:
    """Filtered, with the actor joined: one query per page whatever the number of rows.

    Reading the log itself (type privacy.AuditEvent) is only listed when asked for, so that a
    search does not show mostly the searches before it.
    """
    events = audit_events_for(user).select_related("actor")
    actor = actor.strip()
    if actor:
        # "Wer" names an account of the job centre by user name or last name; an account that no
        # longer exists is found by the user name its entries keep (actor_label, as "system").
        # One condition, never both: PostgreSQL then reads the (actor, at) or (label, at) index
        # backwards and stops after a page. With the two ORed it read every entry of the
        # actor (a case manager writes thousands a month) or scanned the log in physical order
        # (40–90 ms at 400,000 entries, docs/performance.md).
        named = list(User.objects.filter(job_centre_id=user.job_centre_id)
                     .filter(Q(username__iexact=actor) | Q(last_name__iexact=actor))
                     .order_by().values_list("pk", flat=True))
        events = (events.filter(actor_id__in=named) if named
                  else events.filter(actor_label__iexact=actor))
    if object_type:
        events = events.filter(object_type=object_type)
    else:
        events = events.exclude(object_type=AUDIT_LOG_TYPE)
    if action:
        events = events.filter(action=action)
    if object_id.strip():
        events = events.filter(object_id=object_id.strip())
    if client_id is not None:
        events = events.filter(client_id=client_id)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, zone))
    if date_to is not None:
        events = events.filter(
            at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, zone))
    return events


# --- participants: who looked at my data ---------------------------------------------------------
@dataclass(frozen=True)
class AccessEntry:
    """One line of a participant's access log, in plain words."""

    at: dt.datetime
    who: str
    role: str
    action: str
    record: str


def _who(event: AuditEvent, user: Any) -> tuple[str, str]:
    actor = event.actor
    if actor is None:
        if event.actor_label == "system":
            return str(_("Das Programm")), str(_("automatisch"))
        return str(_("Ein Konto, das es nicht mehr gibt")), ""
    if actor.role == User.Role.PARTICIPANT:
        # Peers are not named: the participant learns that someone of the group read what
        # was shared with the group, not who (their privacy counts too).
        return str(_("Eine Person aus Ihrer Gruppe")), str(_("Teilnehmende:r"))
    return actor.get_full_name() or actor.username, str(actor.get_role_display())


def my_access_log(*, user: Any) -> QuerySet[AuditEvent]:
    """Events about the participant's client record(s) by anyone but themselves."""
    from neue_wege.clients.models import Client

    if not access.is_participant(user):
        return AuditEvent.objects.none()
    mine = Client.objects.filter(user=user).values("pk")
    return (AuditEvent.objects.filter(client_id__in=mine)
            .exclude(actor=user).select_related("actor"))


def access_entries(events: list[AuditEvent], *, user: Any) -> list[AccessEntry]:
    entries = []
    for event in events:
        who, role = _who(event, user)
        entries.append(AccessEntry(
            at=event.at, who=who, role=role,
            action=str(PLAIN_ACTIONS.get(event.action, event.get_action_display())),
            record=str(PLAIN_RECORD_NAMES.get(event.object_type,
                                              record_type_label(event.object_type))),
        ))
    return entries
