"""The management start page's figures: stored, and refreshed by the task runner.

`for_page` gives the page the stored figures of the viewer's job centre, year and language.
When they are older than `FRESH_FOR`, it queues one background refresh (`refresh_overview`,
run by `neuewege worker`) and the page shows the stored figures with their time; the next
view after the refresh shows the new ones. Nobody waits for the counting, except the very
first view of a job centre, year and language (a new installation, or a year nobody opened
before): then nothing is stored yet, and the figures are counted once in that request.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from neue_wege.core import sealed
from neue_wege.dashboards import selectors
from neue_wege.dashboards.models import OverviewSnapshot
from neue_wege.organisation.models import User
from neue_wege.privacy import access

logger = logging.getLogger(__name__)

SEAL = "management overview"
FRESH_FOR = dt.timedelta(minutes=2)
# A refresh queued this long ago without a result is taken to be lost (worker stopped): the
# next view queues it again.
LOST_AFTER = dt.timedelta(minutes=10)
LANGUAGES = ("de", "en")  # the staff pages' languages


@dataclass(frozen=True)
class StoredOverview:
    overview: selectors.ManagementOverview
    computed_at: dt.datetime
    refreshing: bool  # newer figures are being counted in the background


def page_language() -> str:
    language = (translation.get_language() or "de").split("-")[0]
    return language if language in LANGUAGES else "de"


def compute(*, user: Any, year: int, language: str) -> OverviewSnapshot:
    """Count the figures for the user's job centre now and store them."""
    started = time.monotonic()
    with translation.override(language):
        result = selectors.management_overview(user=user, year=year)
    values = {"payload": sealed.seal(result, purpose=SEAL), "computed_at": timezone.now(),
              "seconds": round(time.monotonic() - started, 3), "refresh_requested_at": None}
    try:
        with transaction.atomic():
            snapshot, _ = OverviewSnapshot.objects.update_or_create(
                job_centre_id=user.job_centre_id, year=year, language=language, defaults=values)
    except IntegrityError:  # a concurrent first view stored it a moment ago: keep ours
        OverviewSnapshot.objects.filter(job_centre_id=user.job_centre_id, year=year,
                                        language=language).update(**values)
        snapshot = OverviewSnapshot.objects.get(job_centre_id=user.job_centre_id, year=year,
                                                language=language)
    return snapshot


def _read(snapshot: OverviewSnapshot) -> selectors.ManagementOverview | None:
    try:
        return sealed.unseal(bytes(snapshot.payload), purpose=SEAL)
    except Exception:  # not ours, or written by an older version of its classes
        logger.warning("Overview snapshot %s cannot be read; it is counted again.", snapshot.pk,
                       exc_info=True)
        return None


def _queue_refresh(snapshot: OverviewSnapshot, *, user: Any, now: dt.datetime) -> None:
    """Queue one refresh, unless one is pending already."""
    claimed = (OverviewSnapshot.objects.filter(pk=snapshot.pk)
               .filter(Q(refresh_requested_at__isnull=True)
                       | Q(refresh_requested_at__lt=now - LOST_AFTER))
               .update(refresh_requested_at=now))
    if claimed:
        refresh_overview.enqueue(user_id=str(user.pk), year=snapshot.year,
                                 language=snapshot.language)


def for_page(*, user: Any, year: int) -> StoredOverview:
    """The figures for the start page of a management user (callers check
    `access.can_see_key_figures` first)."""
    language = page_language()
    snapshot = (OverviewSnapshot.objects.filter(job_centre_id=user.job_centre_id, year=year,
                                                language=language).first())
    overview = _read(snapshot) if snapshot is not None else None
    if snapshot is None or overview is None:
        snapshot = compute(user=user, year=year, language=language)
        return StoredOverview(sealed.unseal(bytes(snapshot.payload), purpose=SEAL),
                              snapshot.computed_at, refreshing=False)
    now = timezone.now()
    stale = snapshot.computed_at < now - FRESH_FOR
    if stale:
        _queue_refresh(snapshot, user=user, now=now)
    return StoredOverview(overview, snapshot.computed_at, refreshing=stale)


@task()
def refresh_overview(*, user_id: str, year: int, language: str) -> None:
    """Count the start page's figures again, for the job centre of the user who asked."""
    user = User.objects.filter(pk=user_id).select_related("job_centre").first()
    if user is None:
        return
    if not (user.is_active and access.can_see_key_figures(user)):
        # The asking account lost its right meanwhile: count nothing; the next management
        # view asks again.
        OverviewSnapshot.objects.filter(job_centre_id=user.job_centre_id, year=year,
                                        language=language).update(refresh_requested_at=None)
        return
    compute(user=user, year=year, language=language)
