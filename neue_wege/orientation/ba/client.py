"""The BA API client: small, cached, short timeouts, never raises into a page.

Endpoints and the public client ids come from the OpenAPI specs in ``shared/data/ba_api``
(bundesAPI/jobsuche-api v2.1.0, bundesAPI/weiterbildungssuche-api v2.0.1):

- Jobsuche: ``GET https://rest.arbeitsagentur.de/jobboerse/jobsuche-service/pc/v4/jobs``
  with ``was``, ``wo``, ``umkreis``, ``angebotsart``, ``size``, ``page``; header
  ``X-API-Key: jobboerse-jobsuche``; answer ``JobSearchResponse`` (``stellenangebote``,
  ``maxErgebnisse``).
- Weiterbildungssuche: ``GET https://rest.arbeitsagentur.de/infosysbub/wbsuche/pc/v2/
  bildungsangebot`` with ``sw``, ``orte``, ``uk``, ``page``; header
  ``X-API-Key: infosysbub-wbsuche``. The spec gives no response schema; we read
  ``_embedded.termine[]`` (``angebot.titel``, ``angebot.bildungsanbieter.name``,
  ``adresse``/``beginn``/``ende``) and ``page.totalElements`` and ignore anything missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache as default_cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

JOBSUCHE_URL = "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service/pc/v4/jobs"
JOBSUCHE_KEY = "jobboerse-jobsuche"
WBSUCHE_URL = "https://rest.arbeitsagentur.de/infosysbub/wbsuche/pc/v2/bildungsangebot"
WBSUCHE_KEY = "infosysbub-wbsuche"
_FAILED = "__failed__"
_DOWN_KEY = "nw-ba:down"
DOWN_SECONDS = 300

# (url, headers, timeout seconds) -> response body; raises OSError/ValueError on failure.
Transport = Callable[[str, dict[str, str], float], bytes]


def urllib_transport(url: str, headers: dict[str, str], timeout: float) -> bytes:
    """The real transport: one GET with a short timeout (HTTPS only)."""
    if not url.startswith("https://"):
        raise ValueError("only https")
    request = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
        return response.read(2_000_000)


@dataclass(frozen=True)
class JobOffer:
    title: str
    employer: str
    place: str
    published: dt.date | None
    refnr: str


@dataclass(frozen=True)
class JobSearch:
    total: int
    offers: list[JobOffer] = field(default_factory=list)


@dataclass(frozen=True)
class TrainingOffer:
    title: str
    provider: str
    place: str
    start: dt.date | None
    end: dt.date | None
    offer_id: str


@dataclass(frozen=True)
class TrainingSearch:
    total: int
    offers: list[TrainingOffer] = field(default_factory=list)


def search_term(label: str) -> str:
    """The search word for an ESCO label: its first form ("Altenpfleger/Altenpflegerin" ->
    "Altenpfleger"); the BA's search treats both forms alike."""
    return label.split("/")[0].strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any) -> dt.date | None:
    """An ISO date of the API ("2027-02-01", also with a time part), else None."""
    try:
        return dt.date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


class BAClient:
    """``jobs`` and ``trainings`` return ``None`` when switched off or on any failure."""

    def __init__(self, *, enabled: bool | None = None, transport: Transport | None = None,
                 timeout: float | None = None, cache_seconds: int | None = None,
                 cache: Any = None) -> None:
        self.enabled = settings.NW_BA_API_ENABLED if enabled is None else enabled
        self.transport = transport or urllib_transport
        self.timeout = settings.NW_BA_TIMEOUT if timeout is None else timeout
        self.cache_seconds = (settings.NW_BA_CACHE_SECONDS if cache_seconds is None
                              else cache_seconds)
        self.cache = cache or default_cache

    # --- raw fetch with cache ---------------------------------------------------------
    def _get(self, base: str, key: str, params: dict[str, Any]) -> dict | None:
        if not self.enabled or self.cache.get(_DOWN_KEY):
            return None
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
        url = f"{base}?{query}"
        cache_key = "nw-ba:" + hashlib.sha256(url.encode()).hexdigest()
        cached = self.cache.get(cache_key)
        if cached == _FAILED:
            return None
        if cached is not None:
            return cached
        try:
            body = self.transport(url, {"X-API-Key": key, "Accept": "application/json",
                                        "User-Agent": "NeueWege/1.0"}, self.timeout)
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("not a JSON object")
        except Exception as error:  # noqa: BLE001  (offline must never break a page)
            logger.warning("BA API nicht erreichbar (%s): %s", base, error)
            # Remember the failure briefly, for this request and for the whole API, so an
            # offline server does not make every page (ten suggestions) wait on timeouts.
            self.cache.set(cache_key, _FAILED, min(300, self.cache_seconds))
            self.cache.set(_DOWN_KEY, True, min(DOWN_SECONDS, self.cache_seconds))
            return None
        self.cache.set(cache_key, payload, self.cache_seconds)
        return payload

    # --- Jobsuche -----------------------------------------------------------------------
    def jobs(self, was: str, wo: str = "", *, radius_km: int | None = None,
             size: int = 5) -> JobSearch | None:
        """Vacancies (angebotsart 1 = Arbeit) for a job title near a place."""
        radius = settings.NW_BA_RADIUS_KM if radius_km is None else radius_km
        payload = self._get(JOBSUCHE_URL, JOBSUCHE_KEY, {
            "was": was, "wo": wo, "umkreis": radius if wo else None, "angebotsart": 1,
            "page": 1, "size": size})
        if payload is None:
            return None
        try:
            total = int(payload.get("maxErgebnisse") or 0)
        except (TypeError, ValueError):
            return None
        offers = []
        for item in payload.get("stellenangebote") or []:
            if not isinstance(item, dict):
                continue
            place = item.get("arbeitsort") if isinstance(item.get("arbeitsort"), dict) else {}
            offers.append(JobOffer(
                title=_text(item.get("beruf")) or _text(item.get("titel")),
                employer=_text(item.get("arbeitgeber")),
                place=_text(place.get("ort")),
                published=_date(item.get("aktuelleVeroeffentlichungsdatum")),
                refnr=_text(item.get("refnr"))))
        return JobSearch(total=total, offers=offers)

    def vacancy_count(self, was: str, places: Iterable[str], *,
                      radius_km: int | None = None) -> int | None:
        """The largest vacancy count around any of the places (their radii overlap, so
        they are not added up); ``None`` when nothing could be fetched."""
        counts = [r.total for place in places
                  if (r := self.jobs(was, place, radius_km=radius_km, size=1)) is not None]
        return max(counts) if counts else None

    def in_regional_demand(self, was: str, places: Iterable[str]) -> bool | None:
        count = self.vacancy_count(was, places)
        return None if count is None else count >= settings.NW_BA_DEMAND_THRESHOLD

    # --- Weiterbildungssuche ------------------------------------------------------------
    def trainings(self, sw: str, *, size: int = 5) -> TrainingSearch | None:
        """Further-training offers for a search word, near ``NW_BA_TRAINING_PLACE``
        ("Ort_longitude_latitude", radius ``NW_BA_TRAINING_RADIUS``) or nationwide."""
        place = settings.NW_BA_TRAINING_PLACE
        payload = self._get(WBSUCHE_URL, WBSUCHE_KEY, {
            "sw": sw, "orte": place or None,
            "uk": settings.NW_BA_TRAINING_RADIUS if place else "Bundesweit", "page": 0})
        if payload is None:
            return None
        embedded = payload.get("_embedded") if isinstance(payload.get("_embedded"), dict) else {}
        offers = []
        for item in (embedded.get("termine") or [])[:size]:
            if not isinstance(item, dict):
                continue
            offer = item.get("angebot") if isinstance(item.get("angebot"), dict) else {}
            provider = (offer.get("bildungsanbieter")
                        if isinstance(offer.get("bildungsanbieter"), dict) else {})
            address = item.get("adresse") if isinstance(item.get("adresse"), dict) else {}
            inner = address.get("adresse") if isinstance(address.get("adresse"), dict) else {}
            offers.append(TrainingOffer(
                title=_text(offer.get("titel")),
                provider=_text(provider.get("name")),
                place=_text(inner.get("ort")) or _text(address.get("ort")),
                start=_date(item.get("beginn")), end=_date(item.get("ende")),
                offer_id=str(offer.get("id") or "")))
        page = payload.get("page") if isinstance(payload.get("page"), dict) else {}
        try:
            total = int(page.get("totalElements", len(offers)))
        except (TypeError, ValueError):
            total = len(offers)
        return TrainingSearch(total=total, offers=[o for o in offers if o.title])


def get_client(**kwargs: Any) -> BAClient:
    """The client as configured (``NW_BA_TRANSPORT``: dotted path of a transport, for
    demos and browser tests that serve the fixtures)."""
    if "transport" not in kwargs and getattr(settings, "NW_BA_TRANSPORT", ""):
        kwargs["transport"] = import_string(settings.NW_BA_TRANSPORT)
    return BAClient(**kwargs)
