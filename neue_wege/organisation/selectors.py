"""Reads for the administration pages, always starting from the access-scoped querysets."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from neue_wege.organisation.models import Location, Municipality, User
from neue_wege.privacy import access


def user_list_for(*, user: Any, search: str = "", role: str = "", active: str = ""
                  ) -> QuerySet[User]:
    """Staff accounts the administrator manages, filtered; one query per page."""
    accounts = access.users_for(user).select_related("home_location")
    search = search.strip()
    if search:
        accounts = accounts.filter(
            Q(username__icontains=search) | Q(first_name__icontains=search)
            | Q(last_name__icontains=search) | Q(email__icontains=search)
        )
    if role:
        accounts = accounts.filter(role=role)
    if active == "1":
        accounts = accounts.filter(is_active=True)
    elif active == "0":
        accounts = accounts.filter(is_active=False)
    return accounts


def location_list_for(*, user: Any, search: str = "", kind: str = "", active: str = ""
                      ) -> QuerySet[Location]:
    """Locations and mobile venues the administrator manages, filtered."""
    locations = access.managed_locations_for(user).select_related("municipality")
    search = search.strip()
    if search:
        locations = locations.filter(
            Q(name__icontains=search) | Q(address__icontains=search)
            | Q(municipality__name__icontains=search)
        )
    if kind:
        locations = locations.filter(kind=kind)
    if active == "1":
        locations = locations.filter(is_active=True)
    elif active == "0":
        locations = locations.filter(is_active=False)
    return locations


def municipality_list_for(*, user: Any, search: str = "", in_county: str = ""
                          ) -> QuerySet[Municipality]:
    """Municipalities with the number of the job centre's locations in each."""
    municipalities = access.municipalities_for(user).annotate(
        location_count=Count("locations",
                             filter=Q(locations__job_centre_id=getattr(user, "job_centre_id",
                                                                       None)))
    )
    search = search.strip()
    if search:
        municipalities = municipalities.filter(Q(name__icontains=search)
                                               | Q(ags__startswith=search))
    if in_county == "1":
        municipalities = municipalities.filter(in_county=True)
    elif in_county == "0":
        municipalities = municipalities.filter(in_county=False)
    return municipalities
