"""Occupation suggestions for one participant (enrollment), from their own data only.

Inputs: the participant's own stories (all visibilities: they are the writer), the strength
profile (strengths they chose themselves and strengths others named for them), the latest
interest check (RIASEC scores) and the latest vision (Zielbild). The scoring itself is the
pure core in ``neue_wege.orientation.match``; this module gathers the inputs, maps the
core's ESCO URIs to imported ``Occupation`` rows and asks the BA client (when switched on)
whether an occupation is in regional demand.

It only reads and returns; saving suggestions and auditing the page that shows them are
the caller's (the pathway views). It suggests; people decide.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

from neue_wege.orientation.ba import get_client, search_term
from neue_wege.orientation.match import LanguageError
from neue_wege.orientation.match.candidates import limits_from_obstacle
from neue_wege.orientation.matcher import default_matcher
from neue_wege.orientation.models import Occupation
from neue_wege.orientation.selectors import places_for
from neue_wege.strengths.suggest import check_language

if TYPE_CHECKING:
    from neue_wege.clients.models import Enrollment

logger = logging.getLogger(__name__)
CANDIDATE_FACTOR = 3  # ask the core for more, in case some URIs are not imported
# The BA demand of the ten suggestions is asked in parallel and waited for at most this long:
# one after the other (up to three places each) they made a refresh take 17 s. What is not
# answered in time stays unknown (None) and lands in the cache for the next refresh.
DEMAND_BUDGET_SECONDS = 1.0
DEMAND_WORKERS = 10


@dataclass
class SuggestionResult:
    occupation: Occupation
    score: float
    reasons: list[str]
    in_regional_demand: bool | None = None
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class SuggestionInputs:
    """What the suggestions are built from (shown to the person: nothing hidden)."""

    stories: list[str]
    strengths: list[str]  # catalogue keys known to the assistant
    interests: dict[str, float] | None
    vision: str
    # the client's vocational qualification (Client.Qualification value) and the limit ids
    # read from the pathway's obstacles: they filter, they never make a list on their own
    qualification: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.stories or self.strengths or self.interests or self.vision)


def _latest(model_name: str, enrollment: Enrollment, order: str) -> Any:
    """The newest row of a pathway model, or None when the model does not exist (yet)."""
    try:
        model = apps.get_model("orientation", model_name)
    except LookupError:
        return None
    return model.objects.filter(enrollment=enrollment).order_by(order).first()


def _vision_text(vision: Any) -> str:
    if vision is None:
        return ""
    parts = [getattr(vision, name, "") or "" for name in
             ("what", "with_whom", "where", "why", "good_day")]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _interests(check: Any) -> dict[str, float] | None:
    scores = getattr(check, "scores", None) if check is not None else None
    if not isinstance(scores, dict):
        return None
    out = {}
    for letter in "RIASEC":
        try:
            out[letter] = max(0.0, float(scores.get(letter, 0) or 0))
        except (TypeError, ValueError):
            out[letter] = 0.0
    return out if any(out.values()) else None


def _limits(enrollment: Enrollment) -> list[str]:
    """Limit ids from the participant's obstacles (kind + their own words)."""
    try:
        model = apps.get_model("orientation", "Obstacle")
    except LookupError:
        return []
    found: set[str] = set()
    for obstacle in model.objects.filter(enrollment=enrollment):
        text = f"{obstacle.title or ''}\n{obstacle.details or ''}"
        found |= limits_from_obstacle(obstacle.kind, text)
    return sorted(found)


def _qualification(enrollment: Enrollment) -> list[str]:
    """The matcher's qualification ids from the client's master data: the vocational
    qualification (``Client.Qualification`` values are the ids) and, when known, the school
    qualification (``school_`` + ``Client.SchoolQualification`` value)."""
    client = getattr(enrollment, "client", None)
    ids = []
    vocational = getattr(client, "qualification", "") or ""
    if vocational:
        ids.append(vocational)
    school = getattr(client, "school_qualification", "") or ""
    if school:
        ids.append(f"school_{school}")
    return ids


def _names(enrollment: Enrollment) -> list[str]:
    """The participant's own names: never evidence for an occupation (a surname "Koch")."""
    client = getattr(enrollment, "client", None)
    return [n for n in (getattr(client, "first_name", ""), getattr(client, "last_name", "")) if n]


def gather_inputs(enrollment: Enrollment) -> SuggestionInputs:
    """The participant's own inputs (never other people's stories)."""
    from neue_wege.strengths.models import Story
    from neue_wege.strengths.selectors import strength_profile

    stories = []
    for text in (Story.objects.filter(enrollment=enrollment).order_by("created_at")
                 .values_list("text", flat=True)):
        try:
            check_language(text)
        except LanguageError:
            continue  # empty or not German: nothing the assistant can read
        stories.append(text)
    matcher = default_matcher()
    strengths = []
    for entry in strength_profile(enrollment=enrollment).entries:
        if not (entry.self_named or entry.peer_count):
            continue
        try:
            matcher.catalogue.get(entry.key)
        except KeyError:
            continue  # a strength added locally: the assistant has no ESCO link for it
        strengths.append(entry.key)
    return SuggestionInputs(
        stories=stories,
        strengths=strengths,
        interests=_interests(_latest("InterestCheck", enrollment, "-taken_at")),
        vision=_vision_text(_latest("Vision", enrollment, "-number")),
        qualification=_qualification(enrollment),
        limits=_limits(enrollment),
    )


def suggest_for_enrollment(enrollment: Enrollment, top: int = 10, *,
                           with_demand: bool = True) -> list[SuggestionResult]:
    """Imported occupations for this participant, best first (empty when there is nothing
    to go on or the classification is not imported)."""
    inputs = gather_inputs(enrollment)
    if inputs.empty or top < 1:
        return []
    matcher = default_matcher()
    try:
        raw = matcher.suggest("\n\n".join(inputs.stories), top=top * CANDIDATE_FACTOR,
                              strengths=inputs.strengths, interests=inputs.interests,
                              focus=inputs.vision, check=False,
                              qualification=inputs.qualification, limits=inputs.limits,
                              names=_names(enrollment))
    except (LanguageError, KeyError, ValueError) as error:  # defensive: inputs are checked
        logger.warning("Berufsvorschläge nicht möglich: %s", error)
        return []
    rows = Occupation.objects.filter(esco_uri__in=[s.esco_uri for s in raw], is_current=True)
    by_uri = {row.esco_uri: row for row in rows}
    results = [SuggestionResult(occupation=by_uri[s.esco_uri], score=s.score,
                                reasons=list(s.reasons), parts=dict(s.parts))
               for s in raw if s.esco_uri in by_uri][:top]
    if with_demand and results:
        client = get_client()
        if client.enabled:
            _regional_demand(client, results, places_for(enrollment))
    return results


def _regional_demand(client: Any, results: list[SuggestionResult], places: list[str]) -> None:
    """Ask the BA about every result at once; wait at most ``DEMAND_BUDGET_SECONDS``."""
    pool = ThreadPoolExecutor(max_workers=min(DEMAND_WORKERS, len(results)),
                              thread_name_prefix="nw-ba-demand")
    futures = {pool.submit(client.in_regional_demand, search_term(result.occupation.label),
                           places): result for result in results}
    done, _ = wait(futures, timeout=DEMAND_BUDGET_SECONDS)
    pool.shutdown(wait=False)  # late answers still fill the cache; nobody waits for them
    for future in done:
        try:
            futures[future].in_regional_demand = future.result()
        except Exception:  # noqa: BLE001 - the client answers None on errors; be safe
            logger.warning("Regionale Nachfrage nicht abrufbar.", exc_info=True)
