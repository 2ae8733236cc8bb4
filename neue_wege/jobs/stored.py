"""Figures a page shows, counted by the task runner and stored (`StoredFigures`).

An app registers what it stores, once, when it is loaded (in its `AppConfig.ready`):

    stored.register("dashboards.overview", compute=lambda user, key: overview(user, int(key)),
                    allowed=access.can_see_key_figures, fresh_for=dt.timedelta(minutes=2))

and its page asks `stored.read(user=…, kind=…, key=…)`. The page gets the stored figures of
the viewer's job centre, key and language with the time they were counted. When they are
older than `fresh_for`, one background refresh is queued (`refresh_figures`, run by
`neuewege worker`; the row's `refresh_requested_at` keeps a second view from queueing it
again, and a refresh without a result after `LOST_AFTER` counts as lost) and the page says
that newer figures are on their way. Nobody waits for the counting. When nothing is stored yet
(the first view of a job centre, key and language) or the stored copy cannot be read (forged,
or written by an older version of the classes), a kind registered with `first_in_request`
(cheap enough: about a second at a million clients) is counted once in that request; any
other kind is queued, and the page gets `figures=None` and says that they are being counted.

The worker counts for the job centre of the account that asked, and only if that account is
still active and still `allowed`. No `Job` is recorded: nobody started this work, so it does
not belong on anyone's "Aufträge" page.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from neue_wege.core import sealed
from neue_wege.jobs.models import StoredFigures

logger = logging.getLogger(__name__)

SEAL = "stored figures"
LOST_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Kind:
    compute: Callable[[Any, str], Any]  # (user, key) -> the figures (picklable)
    allowed: Callable[[Any], bool]  # may this account see them?
    fresh_for: dt.timedelta
    first_in_request: bool


KINDS: dict[str, Kind] = {}


def register(kind: str, *, compute: Callable[[Any, str], Any], allowed: Callable[[Any], bool],
             fresh_for: dt.timedelta, first_in_request: bool = False) -> None:
    KINDS[kind] = Kind(compute, allowed, fresh_for, first_in_request)


@dataclass(frozen=True)
class Stored:
    figures: Any  # None: not counted yet (queued)
    computed_at: dt.datetime | None
    refreshing: bool  # (newer) figures are being counted in the background


def page_language() -> str:
    """The staff language of the request (German unless English was chosen)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in settings.NW_STAFF_LANGUAGES else "de"


def _where(user: Any, kind: str, key: str, language: str) -> dict[str, Any]:
    return {"job_centre_id": user.job_centre_id, "kind": kind, "key": key, "language": language}


def compute(*, user: Any, kind: str, key: str, language: str) -> tuple[StoredFigures, Any]:
    """Count the figures for the user's job centre now, store them, return row and figures."""
    started = time.monotonic()
    with translation.override(language):
        figures = KINDS[kind].compute(user, key)
    values = {"payload": sealed.seal(figures, purpose=SEAL), "computed_at": timezone.now(),
              "seconds": round(time.monotonic() - started, 3), "refresh_requested_at": None}
    where = _where(user, kind, key, language)
    try:
        with transaction.atomic():
            row, _ = StoredFigures.objects.update_or_create(**where, defaults=values)
    except IntegrityError:  # a concurrent first view stored them a moment ago: keep ours
        StoredFigures.objects.filter(**where).update(**values)
        row = StoredFigures.objects.get(**where)
    return row, figures


def _unsealed(row: StoredFigures) -> Any:
    if not len(row.payload):  # the place held for figures still being counted
        return None
    try:
        return sealed.unseal(bytes(row.payload), purpose=SEAL)
    except Exception:  # not ours, or written by an older version of the classes
        logger.warning("Stored figures %s (%s) cannot be read; they are counted again.", row.pk,
                       row.kind, exc_info=True)
        return None


def _queue(row: StoredFigures, *, user: Any, now: dt.datetime) -> None:
    """Queue one refresh of the row for the user's job centre, unless one is pending."""
    claimed = (StoredFigures.objects.filter(pk=row.pk)
               .filter(Q(refresh_requested_at__isnull=True)
                       | Q(refresh_requested_at__lt=now - LOST_AFTER))
               .update(refresh_requested_at=now))
    if claimed:
        refresh_figures.enqueue(kind=row.kind, user_id=str(user.pk), key=row.key,
                                language=row.language)


def read(*, user: Any, kind: str, key: str = "") -> Stored:
    """The figures for a page (callers check the kind's `allowed` first)."""
    language = page_language()
    where = _where(user, kind, key, language)
    row = StoredFigures.objects.filter(**where).first()
    figures = _unsealed(row) if row is not None else None
    now = timezone.now()
    if figures is None and KINDS[kind].first_in_request:
        row, figures = compute(user=user, kind=kind, key=key, language=language)
        return Stored(figures, row.computed_at, False)
    if row is None:  # an empty row holds the place of the figures being counted
        row, _ = StoredFigures.objects.get_or_create(
            **where, defaults={"computed_at": now, "payload": b""})
    if figures is None:
        _queue(row, user=user, now=now)
        return Stored(None, None, refreshing=True)
    stale = row.computed_at < now - KINDS[kind].fresh_for
    if stale:
        _queue(row, user=user, now=now)
    return Stored(figures, row.computed_at, refreshing=stale)


@task()
def refresh_figures(*, kind: str, user_id: str, key: str, language: str) -> None:
    """Count stored figures again, for the job centre of the account that asked."""
    from neue_wege.organisation.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None or kind not in KINDS:
        return
    if not (user.is_active and KINDS[kind].allowed(user)):
        # The asking account lost its right meanwhile: count nothing; the next view asks again.
        StoredFigures.objects.filter(**_where(user, kind, key, language)).update(
            refresh_requested_at=None)
        return
    compute(user=user, kind=kind, key=key, language=language)
