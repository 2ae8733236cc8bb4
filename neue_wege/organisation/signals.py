"""Signal receivers of the organisation app (connected in OrganisationConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="organisation.keep_chosen_language")
def keep_chosen_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A participant who chose a language on the log-in or activation page before their account
    knew one keeps it: the account's language is set from the cookie at the first log-in."""
    if request is None or not getattr(user, "is_participant", False) or user.language:
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in settings.NW_PORTAL_LANGUAGES and chosen != settings.LANGUAGE_CODE:
        from neue_wege.organisation.services import user_language_set

        user_language_set(actor=user, language=chosen)


JOB_CENTRE_NAME = "nw_job_centre_name"  # session key: the header line names the person's centre


@receiver(user_logged_in, dispatch_uid="organisation.remember_job_centre_name")
def remember_job_centre_name(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The header names the job centre of the person logged in (a shared installation serves
    several); kept in the session at log-in, so that no page needs a query for it."""
    if request is None or not getattr(user, "job_centre_id", None):
        return
    request.session[JOB_CENTRE_NAME] = user.job_centre.name
