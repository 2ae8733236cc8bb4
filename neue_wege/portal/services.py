"""Portal accounts: invitations with a one-time code, and setting up the account with it.

How a code works (a decision, see also the module docs below):

- A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in
  groups as ``K7QX-M4PZ-2H``. Typing is forgiving: case, spaces and dashes do not matter.
- Only a hash of the code is stored (``make_password``: Argon2 in production). The first four
  characters are also stored in clear as ``code_prefix``: they are not secret enough to matter
  (the other 6 characters still give 31^6 ≈ 9·10^8 combinations against someone who reads the
  database, each an Argon2 hash, for a code that expires after 14 days or its first use) and
  they let a check find its one candidate row with an index instead of hashing against every
  open invitation. ``invitation_create`` draws again when an open invitation already has the
  prefix, so there is at most one candidate.
- Checking a code always costs exactly one hash: when no open invitation has the prefix, a
  dummy hash is computed. Wrong, used, withdrawn and expired codes, and codes of seats that
  ended, all raise the same `InvitationError` with the same message (no enumeration).
- A facilitator's new invitation withdraws the enrollment's earlier open ones; the plain code
  is returned once and never stored or shown again.
- Participants' passwords need at least 8 characters (staff: 12). Many participants set the
  password on a phone without a password manager and read German as a second language; the
  other validators (common passwords, only digits, similar to the name) still apply, the
  account sees only the participant's own programme space, and NIST SP 800-63B names 8 as
  the minimum for chosen passwords.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.organisation.models import User
from neue_wege.organisation.services import password_validators_for
from neue_wege.portal.exceptions import CODE_NOT_ACCEPTED, InvitationError, UsernameTakenError
from neue_wege.portal.models import Invitation
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 10
CODE_GROUPS = (4, 4, 2)
PREFIX_LENGTH = 4
INVITATION_VALID_FOR = dt.timedelta(days=14)


# --- codes --------------------------------------------------------------------------------------
def code_generate() -> str:
    """A new plain code (normalised, without dashes)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(raw: str) -> str:
    """What the participant typed, without case, spaces and dashes."""
    return re.sub(r"[^0-9A-Z]", "", (raw or "").upper())


def code_format(code: str) -> str:
    """``K7QXM4PZ2H`` → ``K7QX-M4PZ-2H`` (for reading and printing)."""
    parts, start = [], 0
    for size in CODE_GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(part for part in parts if part)


def _well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(char in CODE_ALPHABET for char in code)


def _open_invitations(now: dt.datetime) -> Any:
    return Invitation.objects.filter(used_at__isnull=True, revoked_at__isnull=True,
                                     expires_at__gt=now)


def invitation_for_code(code: str, *, now: dt.datetime | None = None) -> Invitation:
    """The open invitation this code belongs to, or the one `InvitationError` for all failures.

    Exactly one hash is computed whatever the outcome (see the module docs).
    """
    now = now or timezone.now()
    normal = code_normalise(code)
    candidates = []
    if _well_formed(normal):
        candidates = list(
            _open_invitations(now).filter(code_prefix=normal[:PREFIX_LENGTH])
            .select_related("enrollment__client__user", "enrollment__run")
        )
    if not candidates:
        make_password(normal)  # the same work as a real check
        raise InvitationError(CODE_NOT_ACCEPTED)
    match = None
    for invitation in candidates:
        if check_password(normal, invitation.code_hash):
            match = invitation
    if match is None or match.enrollment.status != Enrollment.Status.ACTIVE:
        raise InvitationError(CODE_NOT_ACCEPTED)
    return match


# --- invitations --------------------------------------------------------------------------------
@transaction.atomic
def invitation_create(*, actor: Any, enrollment: Enrollment) -> tuple[Invitation, str]:
    """Invite an active participant; returns the invitation and the plain code (only now).

    The caller has checked that `actor` leads the run (`access_enrollment_for_facilitator`).
    """
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise InvitationError(_("Nur Teilnehmende, die gerade teilnehmen, können eingeladen "
                                "werden."))
    now = timezone.now()
    Invitation.objects.filter(enrollment=enrollment, used_at__isnull=True,
                              revoked_at__isnull=True).update(revoked_at=now, updated_at=now)
    open_now = _open_invitations(now)
    code = code_generate()
    for _attempt in range(20):
        if not open_now.filter(code_prefix=code[:PREFIX_LENGTH]).exists():
            break
        code = code_generate()
    invitation = Invitation(enrollment=enrollment, code_prefix=code[:PREFIX_LENGTH],
                            code_hash=make_password(code), created_by=actor,
                            expires_at=now + INVITATION_VALID_FOR)
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=invitation,
                 client_id=enrollment.client_id)
    return invitation, code


def invitation_code_matches(invitation: Invitation, code: str) -> bool:
    """For the facilitator's PDF of the sheet just shown: is this the invitation's open code?"""
    return invitation.is_open(timezone.now()) and check_password(code_normalise(code),
                                                                 invitation.code_hash)


# --- accounts -----------------------------------------------------------------------------------
def participant_password_validators() -> list[Any]:
    """The participants' password policy (one per role: `organisation.services`)."""
    return password_validators_for(User(role=User.Role.PARTICIPANT))


def _ascii_name(name: str) -> str:
    name = name.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        name = name.replace(umlaut, spelled)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain)


def username_suggest(client: Client) -> str:
    """``nina.k`` for Nina Kemper; a number is added while the name is taken."""
    first = _ascii_name(client.first_name) or "teilnahme"
    initial = _ascii_name(client.last_name)[:1]
    base = f"{first}.{initial}" if initial else first
    taken = {name.lower() for name in
             User.objects.filter(username__istartswith=base).values_list("username", flat=True)}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


@transaction.atomic(durable=True)
def invitation_redeem(*, code: str, password: str, username: str = "") -> User:
    """Set up the participant's account with the code (or set a new password if they have one).

    Creates a participant `User` in the client's job centre, links `Client.user`, marks the
    invitation used. The new (or existing) account is the actor of the audit rows.
    """
    found = invitation_for_code(code)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    now = timezone.now()
    if not invitation.is_open(now):  # redeemed by a parallel request meanwhile
        raise InvitationError(CODE_NOT_ACCEPTED)
    client = Client.objects.select_for_update().get(pk=found.enrollment.client_id)
    user = client.user
    if user is None:
        username = username.strip()
        if User.objects.filter(username__iexact=username).exists():
            raise UsernameTakenError(_("Diesen Benutzernamen gibt es schon. Bitte wählen Sie "
                                       "einen anderen."))
        user = User(username=username, role=User.Role.PARTICIPANT, job_centre=client.job_centre,
                    first_name=client.first_name, last_name=client.last_name)
        password_validation.validate_password(password, user,
                                              participant_password_validators())
        user.set_password(password)
        try:
            with transaction.atomic():
                user.full_clean(exclude=["password"])
                user.save()
        except IntegrityError as error:
            raise UsernameTakenError(_("Diesen Benutzernamen gibt es schon. Bitte wählen Sie "
                                       "einen anderen.")) from error
        Client.objects.filter(pk=client.pk).update(user=user, updated_at=now)
        audit_record(actor=user, action=AuditEvent.Action.CREATE, obj=user, client_id=client.pk,
                     reason="Portal-Zugang mit Einladungscode eingerichtet")
    else:
        password_validation.validate_password(password, user,
                                              participant_password_validators())
        user.set_password(password)
        user.is_active = True  # a facilitator's new invitation opens the account again
        user.save(update_fields=["password", "is_active"])
        audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=user, client_id=client.pk,
                     reason="Passwort mit Einladungscode neu gesetzt")
    invitation.used_at = now
    invitation.save(update_fields=["used_at", "updated_at"])
    audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=invitation,
                 client_id=client.pk, reason="Einladung eingelöst")
    return user
