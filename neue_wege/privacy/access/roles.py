"""Who may see and change what: the one module every view and selector asks.

The rules, per role (all of them only ever inside the user's own job centre):

| record                         | facilitator        | case manager          | management | administrator |
|--------------------------------|--------------------|-----------------------|------------|---------------|
| programme, version, method     | read, change       | read                  | read       | read, change  |
| run: catalogue (dates, seats)  | read; create       | read                  | read       | read          |
| run: roster, sessions, notes,  | runs they lead     | –                     | –          | –             |
|   attendance, referral decision|                    |                       |            |               |
| client record                  | clients referred   | own caseload          | –          | –             |
|                                | to runs they lead  | (read, change, refer) |            |               |
| referral                       | to runs they lead  | of own caseload       | –          | –             |
| key figures (aggregates)       | –                  | –                     | read       | –             |
| staff accounts (not portal     | –                  | –                     | –          | read, create, |
|   accounts), locations         |                    |                       |            | change        |
| location (pickers, read only)  | read               | read                  | read       | read          |
| municipality (shared, all job  | –                  | –                     | –          | read          |
|   centres; admin list)         |                    |                       |            |               |
| path: interests, vision, next  | runs they lead     | –                     | –          | –             |
|   steps, occupation suggestions| (read only)        |                       |            |               |
| obstacles, strategies (incl.   | runs they lead     | never (special        | never      | never         |
|   health/addiction = Art. 9)   | (read only)        |   categories)         |            |               |
| released items (strength       | –                  | own caseload, only    | –          | –             |
|   profile, next steps, vision) |                    |   while released to   |            |               |
|                                |                    |   them (read only)    |            |               |
| data subject requests          | –                  | own caseload (record, | –          | job centre    |
|                                |                    |   close)              |            | (record,close)|
| outcome: end a seat (completed| runs they lead     | –                     | –          | –             |
|   / dropped out + reason)      |                    |                       |            |               |
| outcome: destination, benefit  | never              | own caseload (read,   | aggregates | –             |
|   exit, follow-ups             |                    |   record)             | (evaluat.) |               |
| self-assessment                | runs they lead:    | never                 | aggregates | –             |
|                                | who filled; means  |                       | (evaluat.) |               |
|                                | from 5 pairs only  |                       |            |               |

Participants (portal accounts) see none of the staff pages; they read and write their own path
(interests, vision, obstacles and strategies, next steps, occupation suggestions).

Objects outside a user's scope answer 404, exactly like objects that do not exist, so that no
one learns that a record exists (`access_*`). An allowed reader without the right to act gets
403 (`require`).
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from neue_wege.organisation.models import User

Viewer: TypeAlias = User | AnonymousUser
"""Who asks: a logged-in account (staff or participant) or an anonymous visitor."""

Role = User.Role
# In the order of the table above (also the order of the role choices on the account form).
STAFF_ROLES = (Role.FACILITATOR, Role.CASE_MANAGER, Role.MANAGEMENT, Role.ADMINISTRATOR)


# --- who the user is ---------------------------------------------------------------------------
def is_staff_member(user: Viewer | None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role in STAFF_ROLES and user.job_centre_id is not None)


def is_participant(user: Viewer | None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role == Role.PARTICIPANT)


def is_facilitator(user: Viewer | None) -> bool:
    return is_staff_member(user) and user.role == Role.FACILITATOR


# --- capabilities (no object) -----------------------------------------------------------------
def can_read_catalogue(user: Viewer | None) -> bool:
    return is_staff_member(user)


def can_read_occupations(user: Viewer | None) -> bool:
    """The occupational classification (ESCO/KldB, no personal data): staff and participants."""
    return is_staff_member(user) or is_participant(user)


def can_change_catalogue(user: Viewer | None) -> bool:
    return is_staff_member(user) and user.role in {Role.FACILITATOR, Role.ADMINISTRATOR}


def can_create_run(user: Viewer | None) -> bool:
    return is_facilitator(user)


def can_refer(user: Viewer | None) -> bool:
    return is_staff_member(user) and user.role == Role.CASE_MANAGER


def can_see_key_figures(user: Viewer | None) -> bool:
    return is_staff_member(user) and user.role == Role.MANAGEMENT


def can_manage_accounts(user: Viewer | None) -> bool:
    """Administrators manage the staff accounts of their own job centre."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR


def can_manage_locations(user: Viewer | None) -> bool:
    """Administrators manage their job centre's locations and see the municipality list."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR


def can_list_referrals(user: Viewer | None) -> bool:
    """Case managers (their caseload's referrals) and facilitators (referrals to their runs)."""
    return can_refer(user) or is_facilitator(user)


def can_handle_data_subject_requests(user: Viewer | None) -> bool:
    """Case managers (own caseload) and administrators (their job centre) record requests."""
    return is_staff_member(user) and user.role in {Role.CASE_MANAGER, Role.ADMINISTRATOR}


def can_manage_instruments(user: Viewer | None) -> bool:
    """Administrators view, load and switch the self-assessment instruments (installation-wide
    data, no personal data; docs/outcomes.md)."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR
