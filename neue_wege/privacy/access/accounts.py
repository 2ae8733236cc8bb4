"""Staff accounts, locations and municipalities (administrators; locations also for pickers).

Portal accounts of participants are never staff accounts: `users_for` lists `STAFF_ROLES` only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.organisation.models import Location, Municipality, User
from neue_wege.privacy.access.lookup import get_in_scope, not_found, parse_id
from neue_wege.privacy.access.roles import (
    STAFF_ROLES,
    Viewer,
    can_manage_accounts,
    can_manage_locations,
    is_staff_member,
)
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent


def users_for(user: Viewer) -> QuerySet[User]:
    """Staff accounts of the administrator's job centre (never participants' portal accounts)."""
    if not can_manage_accounts(user):
        return User.objects.none()
    return User.objects.filter(job_centre_id=user.job_centre_id, role__in=STAFF_ROLES)


def is_managed_account(user: Viewer, account: User) -> bool:
    """A staff account (not a portal account) of the administrator's own job centre."""
    return (can_manage_accounts(user) and account.job_centre_id == user.job_centre_id
            and account.role in STAFF_ROLES)


def access_user(user: Viewer, user_id: Any) -> User:
    """A staff account an administrator manages; reading it is logged."""
    try:
        account = users_for(user).select_related("home_location").get(
            public_id=parse_id(user_id))
    except User.DoesNotExist as error:
        raise not_found() from error
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=account)
    return account


def locations_for(user: Viewer) -> QuerySet[Location]:
    """Locations and mobile venues of the user's job centre, for reading (e.g. pickers)."""
    if not is_staff_member(user):
        return Location.objects.none()
    return Location.objects.filter(job_centre_id=user.job_centre_id)


def managed_locations_for(user: Viewer) -> QuerySet[Location]:
    """Locations an administrator may change: those of their own job centre."""
    if not can_manage_locations(user):
        return Location.objects.none()
    return locations_for(user)


def municipalities_for(user: Viewer) -> QuerySet[Municipality]:
    """Municipalities are shared by all job centres; administrators see the list."""
    if not can_manage_locations(user):
        return Municipality.objects.none()
    return Municipality.objects.all()


def access_location(user: Viewer, location_id: Any) -> Location:
    """A location an administrator manages (404 for everyone else)."""
    return get_in_scope(managed_locations_for(user).select_related("municipality"), location_id)
