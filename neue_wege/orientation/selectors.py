"""Reads of the participant's path. Callers pass an enrollment they got through
`neue_wege.privacy.access` (the participant's own seat, or one of a run the facilitator
leads); obstacles are read through `access.obstacles_for`, which holds the special-category
rule.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from neue_wege.clients.models import Enrollment
from neue_wege.organisation.models import Location
from neue_wege.orientation import interest_check
from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    OccupationSuggestionSet,
    Strategy,
    Vision,
)
from neue_wege.orientation.reasons_i18n import reason_in_language
from neue_wege.privacy import access
from neue_wege.strengths.models import Story, StrengthFeedback


def interest_checks(*, enrollment: Enrollment) -> QuerySet[InterestCheck]:
    return InterestCheck.objects.filter(enrollment=enrollment).order_by("-taken_at")


def latest_interest_check(*, enrollment: Enrollment) -> InterestCheck | None:
    return interest_checks(enrollment=enrollment).first()


def visions(*, enrollment: Enrollment) -> list[Vision]:
    """All versions, newest first."""
    return list(Vision.objects.filter(enrollment=enrollment).order_by("-number"))


def current_vision(*, enrollment: Enrollment) -> Vision | None:
    return Vision.objects.filter(enrollment=enrollment).order_by("-number").first()


def obstacles(*, user: Any, enrollment: Enrollment) -> list[Obstacle]:
    """The obstacles of a seat the user may read, each with its strategies."""
    strategies = Prefetch("strategies", queryset=Strategy.objects.order_by("created_at"))
    return list(access.obstacles_for(user).filter(enrollment=enrollment)
                .prefetch_related(strategies).order_by("created_at"))


def action_steps(*, enrollment: Enrollment) -> list[ActionStep]:
    """Open steps first (soonest due first, undated last), then done ones (latest first)."""
    rows = ActionStep.objects.filter(enrollment=enrollment).select_related(
        "from_suggestion__occupation").order_by(
        F("done_on").desc(nulls_first=True), F("due_on").asc(nulls_last=True), "created_at")
    return list(rows)


def occupation_suggestions(*, enrollment: Enrollment) -> QuerySet[OccupationSuggestion]:
    return (OccupationSuggestion.objects.filter(enrollment=enrollment)
            .select_related("occupation", "decided_by").order_by("-score", "occupation__label"))


# --- is the suggestion list still fresh? -------------------------------------------------------------
def suggestion_inputs_digest(*, enrollment: Enrollment) -> str:
    """A SHA-256 over what the suggestions are built from: the participant's stories (id and
    change time), the strengths they named or peers named (catalogue keys), the latest interest
    check and Zielbild (ids: both are never edited, a save adds a row), the obstacles (id,
    kind, change time: the limits) and the client's vocational and school qualification
    (the level of the occupations). Six small queries, no text; a change of any input changes the digest.
    Stored with the list when it is fetched (`OccupationSuggestionSet`)."""
    feedback = StrengthFeedback.objects.filter(
        story__enrollment=enrollment, status=StrengthFeedback.Status.VISIBLE,
        source__in=[StrengthFeedback.Source.SELF, StrengthFeedback.Source.PEER])
    inputs = {
        "stories": list(Story.objects.filter(enrollment=enrollment).order_by("pk")
                        .values_list("pk", "updated_at")),
        "strengths": sorted(set(feedback.values_list("strength__key", flat=True))),
        "interests": InterestCheck.objects.filter(enrollment=enrollment)
        .order_by("-taken_at", "-pk").values_list("pk", flat=True).first(),
        "vision": Vision.objects.filter(enrollment=enrollment).order_by("-number")
        .values_list("pk", flat=True).first(),
        "obstacles": list(Obstacle.objects.filter(enrollment=enrollment).order_by("pk")
                          .values_list("pk", "kind", "updated_at")),
        "qualification": Enrollment.objects.filter(pk=enrollment.pk)
        .values_list("client__qualification", "client__school_qualification").first(),
    }
    blob = json.dumps(inputs, default=str, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def suggestions_outdated(*, enrollment: Enrollment) -> bool:
    """True when the stored list was fetched from other inputs than the participant's now (a
    new Zielbild, interest check, story, strength or obstacle since), or when there are
    suggestions but no record of their inputs (fetched before this was kept)."""
    stored = (OccupationSuggestionSet.objects.filter(enrollment=enrollment)
              .values_list("inputs_digest", flat=True).first())
    if stored is None:
        return OccupationSuggestion.objects.filter(enrollment=enrollment).exists()
    return stored != suggestion_inputs_digest(enrollment=enrollment)


# The assistant writes its reasons to the participant ("Ihre Stärke …"). Staff pages say the
# same about the person; the patterns match the sentences of `match/engine.py::_reasons`.
FROM_VISION = re.compile(r"^In Ihrem Zielbild schreiben Sie (?P<words>.+?) – (?P<rest>.*)$")
QUOTED = re.compile(r"„([^“]+)“")
FOR_STAFF = [
    (re.compile(r"^In Ihrem Zielbild schreiben Sie "), "Im Zielbild der Person steht "),
    (re.compile(r"^Sie erzählen von "), "Die Person erzählt von "),
    (re.compile(r"^Ihre Stärke („[^“]*“) passt"), r"Die Stärke \1 der Person passt"),
    (re.compile(r"^Ihre Interessen \("), "Die Interessen der Person ("),
]


def _quote_words(words: list[str]) -> str:
    quoted = [f"„{word}“" for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " und " + quoted[-1]


def _vision_words(vision: Vision | None) -> str:
    if vision is None:
        return ""
    return " ".join(getattr(vision, name) or "" for name in
                    ("what", "with_whom", "where", "why", "good_day")).casefold()


def reasons_shown(reasons: list[str], *, vision_text: str, staff: bool) -> list[str]:
    """The stored reasons as a page shows them: a reason that quotes the Zielbild keeps only
    the words the current Zielbild still contains (the suggestion may be older than the last
    version), and staff read about the person instead of being addressed as "Sie"."""
    shown = []
    for reason in reasons:
        match = FROM_VISION.match(reason)
        if match:
            words = QUOTED.findall(match["words"])
            kept = [word for word in words
                    if re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", vision_text)]
            if not kept:
                shown.append(reason_in_language("Der Vorschlag stützte sich auch auf eine "
                                                "frühere Fassung des Zielbilds.") if not staff else
                              "Der Vorschlag stützte sich auch auf eine frühere Fassung des "
                              "Zielbilds der Person.")
                continue
            if kept != words:
                reason = f"In Ihrem Zielbild schreiben Sie {_quote_words(kept)} – {match['rest']}"
        if staff:
            for pattern, replacement in FOR_STAFF:
                reason = pattern.sub(replacement, reason)
        else:
            reason = reason_in_language(reason)  # the participant's language (issue 14)
        shown.append(reason)
    return shown


# The warnings the assistant adds from the participant's obstacles (health, mobility,
# childcare): `match/candidates.py::LIMIT_REASONS`, "Achtung: In diesem Beruf … – Sie haben
# angegeben, …". Matched by wording so this module does not load the matcher.
LIMIT_REASON = re.compile(r"^Achtung: In diesem Beruf .+ – Sie haben angegeben, ")


def reasons_without_limits_for_case_manager(reasons: Iterable[str]) -> list[str]:
    """The reasons a case manager may read of a released occupation suggestion: every reason
    derived from the participant's limits (health: lifting, standing, night shifts; mobility;
    childcare) is left out. Those come from the obstacles, which are never released to the
    case manager (docs/privacy.md, 3a); a reason must not pass them on through the back door."""
    return [str(reason) for reason in reasons if not LIMIT_REASON.match(str(reason))]


def occupation_suggestion_groups(*, enrollment: Enrollment, staff: bool = False
                                 ) -> dict[str, list[OccupationSuggestion]]:
    """The suggestions by status ("open", "saved", "dismissed") for the suggestion pages; each
    row carries `shown_reasons` (see `reasons_shown`)."""
    rows = list(occupation_suggestions(enrollment=enrollment))
    vision_text = _vision_words(current_vision(enrollment=enrollment))
    for row in rows:
        row.shown_reasons = reasons_shown(  # type: ignore[attr-defined]
            [str(reason) for reason in row.reasons], vision_text=vision_text, staff=staff)
    Status = OccupationSuggestion.Status
    return {"open": [row for row in rows if row.status == Status.SUGGESTED],
            "saved": [row for row in rows if row.status == Status.SAVED],
            "dismissed": [row for row in rows if row.status == Status.DISMISSED]}


# --- the interest chart (SVG geometry; no inline style, the CSS colours it) ----------------------
CHART_LABEL_WIDTH = 170
CHART_BAR_WIDTH = 330
CHART_ROW = 44


@dataclass(frozen=True)
class InterestBar:
    letter: str
    name: str
    description: str
    percent: int
    y: int
    width: float

    @property
    def text_x(self) -> float:
        return CHART_LABEL_WIDTH + self.width + 8


@dataclass
class InterestChart:
    bars: list[InterestBar] = field(default_factory=list)
    height: int = 0
    top: list[str] = field(default_factory=list)  # names of the strongest themes

    @property
    def bar_x(self) -> int:
        return CHART_LABEL_WIDTH


def interest_chart(scores: Mapping[str, float]) -> InterestChart:
    bars = []
    for index, (letter, name, description) in enumerate(interest_check.THEMES):
        value = max(0.0, min(1.0, float(scores.get(letter, 0.0))))
        bars.append(InterestBar(letter=letter, name=str(name), description=str(description),
                                percent=round(100 * value), y=10 + index * CHART_ROW,
                                width=round(CHART_BAR_WIDTH * value, 1)))
    return InterestChart(bars=bars, height=20 + len(bars) * CHART_ROW,
                         top=[str(interest_check.THEME_NAMES[letter])
                              for letter in interest_check.top_themes(scores)])


# --- everything of one seat, for the overview pages ------------------------------------------------
@dataclass
class Pathway:
    enrollment: Enrollment
    interest_check: InterestCheck | None
    chart: InterestChart | None
    visions: list[Vision]
    obstacles: list[Obstacle]
    steps: list[ActionStep]
    saved: list[OccupationSuggestion]

    @property
    def vision(self) -> Vision | None:
        return self.visions[0] if self.visions else None


def pathway(*, user: Any, enrollment: Enrollment) -> Pathway:
    check = latest_interest_check(enrollment=enrollment)
    return Pathway(
        enrollment=enrollment,
        interest_check=check,
        chart=interest_chart(check.scores) if check else None,
        visions=visions(enrollment=enrollment),
        obstacles=obstacles(user=user, enrollment=enrollment),
        steps=action_steps(enrollment=enrollment),
        saved=list(occupation_suggestions(enrollment=enrollment)
                   .filter(status=OccupationSuggestion.Status.SAVED)),
    )


def pathway_objects(path: Pathway) -> list[Any]:
    """Every personal-data row a page of this path shows (for `audit_views`)."""
    rows: list[Any] = [*path.visions, *path.obstacles, *path.steps, *path.saved]
    rows += [strategy for obstacle in path.obstacles for strategy in obstacle.strategies.all()]
    if path.interest_check:
        rows.append(path.interest_check)
    return rows


# --- where to count vacancies ----------------------------------------------------------------------
MAX_PLACES = 3


def _office_places(job_centre_id: Any) -> list[str]:
    """Municipalities of the job centre's active offices, by office name, without repeats."""
    offices = (Location.objects.filter(job_centre_id=job_centre_id, is_active=True,
                                       kind=Location.Kind.OFFICE)
               .select_related("municipality").order_by("name"))
    return list(dict.fromkeys(office.municipality.name for office in offices))


def places_for(enrollment: Enrollment) -> list[str]:
    """Municipalities of the job centre's active offices (the run's own place first)."""
    location = enrollment.run.location
    names = [location.municipality.name, *_office_places(location.job_centre_id)]
    return list(dict.fromkeys(names))[:MAX_PLACES]


def vacancy_places_for(*, user: Any) -> list[str]:
    """Where the occupation page counts vacancies: the participant's run place first, or the
    staff member's offices."""
    if access.is_participant(user):
        enrollment = access.current_enrollment(user)
        return places_for(enrollment) if enrollment else []
    return _office_places(user.job_centre_id)[:MAX_PLACES]


# --- a run's participants at a glance (the facilitator's overview) --------------------------------
def _per_enrollment(rows: QuerySet[Any], key: str = "enrollment",
                    counted: Any = None) -> Coalesce:
    """Count `rows` per enrollment as a correlated subquery (one SQL query for the whole list)."""
    grouped = (rows.filter(**{key: OuterRef("pk")}).order_by().values(key)
               .annotate(n=counted if counted is not None else Count("pk")).values("n"))
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


def run_pathway_progress(*, user: Any, run: Any) -> list[Enrollment]:
    """The participants of a run the user leads, each with how far their path has come:
    stories the facilitator may read, strength feedback on them (not removed), the Zielbild's
    latest version, next steps done of all, occupations saved. One query, however many rows.
    """
    removed = StrengthFeedback.Status.REMOVED
    return list(
        access.pathway_enrollments_for(user).filter(run=run).select_related("client")
        .annotate(
            stories_count=_per_enrollment(access.stories_for(user)),
            feedback_count=_per_enrollment(access.feedback_for(user).exclude(status=removed),
                                           key="story__enrollment"),
            vision_number=Subquery(Vision.objects.filter(enrollment=OuterRef("pk"))
                                   .order_by("-number").values("number")[:1]),
            steps_total=_per_enrollment(ActionStep.objects.all()),
            steps_done=_per_enrollment(ActionStep.objects.all(),
                                       counted=Count("pk", filter=Q(done_on__isnull=False))),
            saved_count=_per_enrollment(OccupationSuggestion.objects.filter(
                status=OccupationSuggestion.Status.SAVED)),
        )
        .order_by("client__last_name", "client__first_name"))
