"""Reads for the evaluation: the database as pandas frames, then the pure statistics.

Every read starts from a `privacy.access` aggregate queryset: of a management user, or of a
job centre for the snapshots built in the background. The number of queries does not grow
with the data (issue 12): every read is one set-based query (`values()` with joins, a grouped
count, or rows of a whole table part filtered by `__in=<queryset>`/`Exists`, which PostgreSQL
runs as a semi- or anti-join), and pandas joins the parts. No correlated subquery per row and
no literal id list goes to the database. The reads:

1. the enrollments with their run and outcome;
2. the 6- and 12-month follow-ups of those enrollments (answered ones and not-reached 12-month
   attempts);
3. their start and end self-assessment scores;
4. their attendance, counted per enrollment;
5. the labour-market events of the clients in scope;
6. the first run start of every client (the comparison's reference days);
7. and 8. the covariates of the participants and of the never-enrolled clients.

No frame leaves this module with a name or a client number; the client id is used only to
join and is dropped before anything is aggregated.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.evaluation.stats import keyfigures, survival
from neue_wege.evaluation.stats.matching import MatchingError, MatchResult, match_att
from neue_wege.outcomes.models import (
    WORK_OR_TRAINING,
    FollowUp,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.privacy import access
from neue_wege.programmes.models import Attendance, Run

WORK = [str(d) for d in WORK_OR_TRAINING]
MATCH_WINDOW_DAYS = 365
"""The matched comparison's outcome: in work or training within 12 months of the start."""


@dataclass(frozen=True)
class Filters:
    """What management chose on the page; every field narrows the enrollments."""

    programme_id: Any = None
    year: int | None = None
    location_id: Any = None
    target_group: str = ""

    def key(self) -> str:
        return f"{self.programme_id}|{self.year}|{self.location_id}|{self.target_group}"


def target_group_label(row: dict[str, Any]) -> str:
    """A short name for a run's target group, from its structured criteria."""
    if row.get("tg_single_parents"):
        return _("Alleinerziehende")
    age_min, age_max = row.get("tg_age_min"), row.get("tg_age_max")
    if age_max is not None and age_max <= 25:
        return _("unter 25")
    if age_min is not None and age_min >= 50:
        return _("ab 50")
    months = row.get("tg_months")
    if months is not None and months >= 24:
        return _("Langzeitleistungsbeziehende")
    return _("alle Erwachsenen")


def _keys(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Ids as text for pandas' joins: hashing, comparing and sorting `uuid.UUID` objects runs
    in Python and took most of the time at a million clients; strings hash in C."""
    for column in columns:
        frame[column] = [str(value) for value in frame[column]]
    return frame


Progress = Callable[[int, int, str], None]
"""Told at every stage: done, total (stages) and what runs now, in German."""


@dataclass(frozen=True)
class Scope:
    """What may be counted: the enrollments and the clients of one job centre."""

    enrollments: QuerySet[Enrollment]
    clients: QuerySet[Client]


def scope_for(*, user: Any = None, job_centre: Any = None) -> Scope:
    """The aggregate scope of a management ``user`` or of a ``job_centre`` (exactly one)."""
    if (user is None) == (job_centre is None):
        raise TypeError("evaluation scope: give either user or job_centre")
    if user is not None:
        return Scope(access.enrollments_for_aggregates(user), access.clients_for_aggregates(user))
    return Scope(access.enrollments_for_centre_aggregates(job_centre),
                 access.clients_for_centre_aggregates(job_centre))


def _follow_ups(enrollments: QuerySet[Enrollment]) -> pd.DataFrame:
    """Per enrollment: the answered 6- and 12-month follow-ups, and whether the 12-month
    attempt did not reach the person (one query; one follow-up per outcome and point)."""
    names = ["enrollment", "months_after", "not_reached", "destination",
             "destination_started_on"]
    rows = list(FollowUp.objects.filter(outcome__enrollment__in=enrollments,
                                        months_after__in=(6, 12))
                .filter(Q(recorded_on__isnull=False, not_reached=False)
                        | Q(months_after=12, not_reached=True))
                .order_by()
                .values_list("outcome__enrollment_id", *names[1:]))
    columns = ["fu_destination", "fu_started", "fu6_destination", "fu6_started",
               "fu_not_reached"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = _keys(pd.DataFrame.from_records(rows, columns=names), "enrollment")
    answered = frame[~frame["not_reached"].astype(bool)]
    result = pd.DataFrame(index=pd.Index(frame["enrollment"].unique()))
    for months, prefix in ((12, "fu"), (6, "fu6")):
        point = answered[answered["months_after"] == months].drop_duplicates("enrollment")
        point = point.set_index("enrollment")
        result[f"{prefix}_destination"] = point["destination"]
        result[f"{prefix}_started"] = point["destination_started_on"]
    missed = frame.loc[frame["not_reached"].astype(bool) & (frame["months_after"] == 12),
                       "enrollment"]
    result["fu_not_reached"] = result.index.isin(set(missed))
    return result[columns]


def _scores(enrollments: QuerySet[Enrollment]) -> pd.DataFrame:
    """Per enrollment: the first start and the first end self-assessment score (one query)."""
    moments = {SelfAssessment.Moment.START: "sa_start", SelfAssessment.Moment.END: "sa_end"}
    names = ["enrollment_id", "moment", "score"]
    # sorted in the database: a million timestamps cost more to load than to sort there
    rows = list(SelfAssessment.objects.filter(enrollment__in=enrollments, moment__in=moments)
                .order_by("taken_at").values_list(*names))
    if not rows:
        return pd.DataFrame(columns=list(moments.values()))
    frame = _keys(pd.DataFrame.from_records(rows, columns=names), "enrollment_id")
    frame = frame.drop_duplicates(["enrollment_id", "moment"])
    wide = frame.pivot(index="enrollment_id", columns="moment", values="score")
    return wide.rename(columns={str(k): v for k, v in moments.items()}).reindex(
        columns=list(moments.values()))


ENROLLMENT_COLUMNS = {
    "programme": F("run__programme_version__programme__name"),
    "version": F("run__programme_version__number"),
    "run_title": F("run__title"),
    "location": F("run__location__name"),
    "run_start": F("run__starts_on"),
    "run_end": F("run__ends_on"),
    "tg_age_min": F("run__target_group__age_min"),
    "tg_age_max": F("run__target_group__age_max"),
    "tg_single_parents": F("run__target_group__single_parents_only"),
    "tg_months": F("run__target_group__min_months_on_benefits"),
    "ended_how": F("outcome__ended_how"),
    "outcome_ended_on": F("outcome__ended_on"),
    "destination": F("outcome__destination"),
    "destination_started_on": F("outcome__destination_started_on"),
    "benefit_exit_on": F("outcome__benefit_exit_on"),
}
TARGET_GROUP_FIELDS = ["tg_age_min", "tg_age_max", "tg_single_parents", "tg_months"]


def _target_groups(frame: pd.DataFrame) -> pd.Series:
    """`target_group_label` per row, computed once per distinct combination of criteria."""
    criteria = frame[TARGET_GROUP_FIELDS].astype(object).where(
        frame[TARGET_GROUP_FIELDS].notna(), None)
    keys = list(criteria.itertuples(index=False, name=None))
    labels = {key: target_group_label(dict(zip(TARGET_GROUP_FIELDS, key, strict=True)))
              for key in set(keys)}
    return pd.Series([labels[key] for key in keys], index=frame.index, dtype=object)


def enrollments_frame(*, user: Any = None, job_centre: Any = None, filters: Filters,
                      events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per enrollment in the scope and the filters (see keyfigures' columns).

    ``events`` (`labour_market_events`) may hold the events of more clients than needed (the
    whole scope); only those of the enrollments' clients are used.
    """
    queryset = (scope_for(user=user, job_centre=job_centre).enrollments
                .exclude(status=Enrollment.Status.WITHDRAWN)
                .exclude(run__status=Run.Status.CANCELLED))
    if filters.programme_id:
        queryset = queryset.filter(run__programme_version__programme_id=filters.programme_id)
    if filters.year:
        queryset = queryset.filter(run__starts_on__year=filters.year)
    if filters.location_id:
        queryset = queryset.filter(run__location_id=filters.location_id)
    columns = ["programme", "version", "run", "location", "target_group", "year", "completed",
               "attendance", "run_start", "run_end", "work_start", "benefit_exit_on",
               "in_work_12m", "not_reached_12m", "sa_start", "sa_end"]
    names = ["pk", "client_id", "status", *ENROLLMENT_COLUMNS]
    rows = list(queryset.order_by().annotate(**ENROLLMENT_COLUMNS).values_list(*names))
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(rows, columns=names)
    del rows
    # the client's id leaves the function as it came (a UUID); inside, ids are text
    frame["client_uuid"] = frame["client_id"]
    frame = _keys(frame, "pk", "client_id")
    frame["target_group"] = _target_groups(frame)
    if filters.target_group:
        frame = frame[frame["target_group"] == filters.target_group]
        if frame.empty:
            return pd.DataFrame(columns=columns)

    ids = queryset.values("pk")
    follow_ups = _follow_ups(ids)
    for column in follow_ups.columns:
        frame[column] = frame["pk"].map(follow_ups[column])
    frame["fu_not_reached"] = frame["fu_not_reached"].eq(True)
    scores = _scores(ids)
    for column in scores.columns:
        frame[column] = frame["pk"].map(scores[column])

    attendance = _keys(pd.DataFrame.from_records(list(
        Attendance.objects.filter(enrollment__in=ids).order_by().values("enrollment_id")
        .annotate(held=Count("pk"), present=Count("pk", filter=Q(status="present")))
        .values_list("enrollment_id", "held", "present")
    ), columns=["enrollment_id", "held", "present"]), "enrollment_id")
    rate = (attendance.set_index("enrollment_id")["present"]
            / attendance.set_index("enrollment_id")["held"])
    frame["attendance"] = frame["pk"].map(rate)

    if events is None:
        events = labour_market_events(LabourMarketEvent.objects.filter(
            client__in=queryset.values("client_id")))
    frame["work_start"] = _first_work(frame, events)
    frame["benefit_exit_on"] = pd.to_datetime(frame["benefit_exit_on"]).fillna(
        _first_event_after_start(frame, events[events["benefit_exit"]]))
    frame["completed"] = frame["ended_how"].map(
        {Outcome.EndedHow.COMPLETED: True, Outcome.EndedHow.DROPPED_OUT: False})
    frame["in_work_12m"] = np.where(frame["fu_destination"].isna(), None,
                                    frame["fu_destination"].isin(WORK))
    frame["not_reached_12m"] = frame["fu_not_reached"].astype(bool)
    frame["year"] = pd.to_datetime(frame["run_start"]).dt.year
    frame = frame.rename(columns={"run_title": "run"})
    for column in ("sa_start", "sa_end"):
        frame[column] = frame[column].astype(float)
    frame["client_id"] = frame["client_uuid"]
    return frame[["client_id", *columns]].reset_index(drop=True)


def labour_market_events(events: QuerySet[LabourMarketEvent]) -> pd.DataFrame:
    """The events as a frame (one query)."""
    names = ["client_id", "event_on", "destination", "benefit_exit"]
    frame = _keys(pd.DataFrame.from_records(list(events.order_by().values_list(*names)),
                                            columns=names), "client_id")
    frame["event_on"] = pd.to_datetime(frame["event_on"])
    frame["benefit_exit"] = frame["benefit_exit"].astype(bool)
    return frame


def _first_work(frame: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Earliest known start of work or training on or after the run start, from all sources."""
    start = pd.to_datetime(frame["run_start"])
    candidates = []
    for destination, started in (("destination", "destination_started_on"),
                                 ("fu6_destination", "fu6_started"),
                                 ("fu_destination", "fu_started")):
        when = pd.to_datetime(frame[started])
        candidates.append(when.where(frame[destination].isin(WORK) & (when >= start)))
    candidates.append(_first_event_after_start(frame, events[events["destination"].isin(WORK)]))
    stacked = pd.concat(candidates, axis=1)
    return stacked.min(axis=1)


def _first_event_after_start(frame: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Per enrollment, the earliest of the client's ``events`` on or after the run start."""
    rows = pd.Series(range(len(frame)), index=frame.index)
    if events.empty:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    joined = frame[["client_id"]].assign(start=pd.to_datetime(frame["run_start"]),
                                         row=range(len(frame))).merge(events, on="client_id")
    joined = joined[joined["event_on"] >= joined["start"]]
    return pd.to_datetime(rows.map(joined.groupby("row")["event_on"].min()))


# --------------------------------------------------------------------------------------------
# The page's figures


@dataclass
class Evaluation:
    filters: Filters
    data_date: dt.date
    n_enrollments: int
    tables: list[keyfigures.Table] = field(default_factory=list)
    curves: list[survival.Curve] = field(default_factory=list)
    curves_by: str = "programme"
    comparison: MatchResult | None = None
    comparison_error: str = ""
    comparison_covariates: dict[str, str] = field(default_factory=dict)
    # Rows of each table before a snapshot kept only the page's first rows (snapshots.py).
    table_rows: dict[str, int] = field(default_factory=dict)


TABLE_DIMENSIONS = ("programme", "version", "run", "location", "target_group", "year")


STAGES = 5


def evaluation(*, user: Any = None, job_centre: Any = None, filters: Filters,
               data_date: dt.date | None = None, progress: Progress | None = None,
               dimensions: tuple[str, ...] = TABLE_DIMENSIONS) -> Evaluation:
    """Key figures, time-to-work curves and the matched comparison for the filters.

    Scoped by a management ``user`` (the page) or by a ``job_centre`` (background snapshots);
    ``progress(done, total, text)`` is told at every stage.
    """
    def told(done: int, text: str) -> None:
        if progress is not None:
            progress(done, STAGES, text)

    data_date = data_date or timezone.localdate()
    scope = scope_for(user=user, job_centre=job_centre)
    told(0, _("Teilnahmen, Verbleibe und Nachbefragungen werden gelesen"))
    events = labour_market_events(LabourMarketEvent.objects.filter(client__in=scope.clients))
    frame = enrollments_frame(user=user, job_centre=job_centre, filters=filters, events=events)
    result = Evaluation(filters=filters, data_date=data_date, n_enrollments=len(frame))
    if frame.empty:
        told(STAGES, _("fertig"))
        return result
    told(1, _("Kennzahlen werden berechnet"))
    prepared = keyfigures.prepare(frame, pd.Timestamp(data_date))
    # A filtered selection hides the cells that the unfiltered data of the same day hides
    # (one plan for every filter: docs/evaluation.md), so no two filters can be subtracted.
    everything = None
    if filters.key() != Filters().key():
        everything = keyfigures.prepare(
            enrollments_frame(user=user, job_centre=job_centre, filters=Filters(),
                              events=events), pd.Timestamp(data_date))
    result.tables = keyfigures.key_figure_tables(prepared, dimensions, scope=everything)
    told(2, _("Verlaufskurven werden berechnet"))
    by = "target_group" if filters.programme_id else "programme"
    result.curves_by = by
    result.curves = survival.curves_by(frame, by, pd.Timestamp(data_date))
    told(3, _("Vergleichsgruppe wird gelesen"))
    try:
        data, labels = comparison_frame(user=user, job_centre=job_centre, participants=frame,
                                        data_date=data_date, events=events)
        result.comparison_covariates = labels
        told(4, _("Vergleich wird berechnet"))
        result.comparison = match_att(data, treatment="treated", outcome="in_work",
                                      covariates=list(labels))
    except MatchingError as error:
        result.comparison_error = str(error)
    told(STAGES, _("fertig"))
    return result


# --------------------------------------------------------------------------------------------
# The matched comparison


COVARIATE_LABELS = {
    "age": "Alter (Jahre)",
    "female": "Frau",
    "months_on_benefits": "Monate im Leistungsbezug",
    "qual_none": "ohne Berufsabschluss",
    "qual_academic": "Hochschulabschluss",
    "qual_foreign": "ausländischer Abschluss",
    "children": "Kinder im Haushalt",
    "single_parent": "alleinerziehend",
    "health_limits": "gesundheitliche Einschränkungen",
    "german_basic": "Deutsch unter B1",
    "prior_work": "früher beschäftigt (bekannt)",
    "in_county": "wohnt im Kreis",
}


def reference_index(pk: Any, size: int) -> int:
    """Which of the ``size`` sorted participant start days a non-participant is measured from."""
    return zlib.crc32(str(pk).encode()) % size


def reference_pool(*, user: Any = None, job_centre: Any = None,
                   cutoff: pd.Timestamp) -> np.ndarray:
    """Sorted start days of every first participation in the job centre up to ``cutoff``.

    Taken from all programmes whatever the filters, so that a non-participant is measured
    from the same day in every comparison (one grouped query).
    """
    firsts = (scope_for(user=user, job_centre=job_centre).enrollments
              .exclude(status=Enrollment.Status.WITHDRAWN)
              .order_by().values("client_id").annotate(first=Min("run__starts_on"))
              .values_list("first", flat=True))
    days = pd.to_datetime(pd.Series(list(firsts), dtype="object"))
    return np.sort(days[days <= cutoff].to_numpy())


COMPARISON_COLUMNS = ["pk", "date_of_birth", "gender", "benefit_since", "qualification",
                      "children", "single_parent", "health_limits", "german_level",
                      "municipality__in_county"]


def comparison_frame(*, user: Any = None, job_centre: Any = None, participants: pd.DataFrame,
                     data_date: dt.date, events: pd.DataFrame | None = None,
                     ) -> tuple[pd.DataFrame, dict[str, str]]:
    """Participants (first enrollment each) and never-enrolled clients, with covariates.

    Each participant's reference day is their run start; a non-participant gets the first start
    of a participant of the job centre chosen by a fixed hash of their id (`reference_pool`), so
    both groups are measured over the same calendar period. Outcome: a start of work or
    training within 12 months after the reference day. Only reference days at least 12 months
    before the data date are used, so every outcome is complete. Covariates are measured at the
    reference day. ``events`` may be those of the whole scope (`labour_market_events`).
    """
    scope = scope_for(user=user, job_centre=job_centre)
    cutoff = pd.Timestamp(data_date) - pd.Timedelta(days=MATCH_WINDOW_DAYS)
    treated = participants.assign(run_start=pd.to_datetime(participants["run_start"]),
                                  client_id=[str(pk) for pk in participants["client_id"]])
    treated = treated.sort_values("run_start").drop_duplicates("client_id")
    treated = treated[treated["run_start"] <= cutoff]
    if treated.empty:
        raise MatchingError(_("Für den Vergleich braucht es Teilnahmen, deren Beginn mindestens "
                              "12 Monate zurückliegt; in dieser Auswahl gibt es keine."))
    # A withdrawn seat is no participation (left out of the key figures): its client belongs
    # to the comparison pool unless they took part elsewhere (issue 11). Both reads filter
    # with EXISTS (a semi- and an anti-join), never with a list of ids.
    enrolled = Exists(scope.enrollments.exclude(status=Enrollment.Status.WITHDRAWN)
                      .filter(client_id=OuterRef("pk")))
    treated_ids = set(treated["client_id"])
    ever = _keys(pd.DataFrame.from_records(
        list(scope.clients.filter(enrolled).order_by().values_list(*COMPARISON_COLUMNS)),
        columns=COMPARISON_COLUMNS), "pk")
    others = _keys(pd.DataFrame.from_records(
        list(scope.clients.filter(~enrolled).order_by().values_list(*COMPARISON_COLUMNS)),
        columns=COMPARISON_COLUMNS), "pk")
    people = pd.concat([ever[ever["pk"].isin(treated_ids)], others], ignore_index=True)
    people["treated"] = people["pk"].isin(treated_ids).astype(int)
    starts = treated.set_index("client_id")["run_start"]
    pool = reference_pool(user=user, job_centre=job_centre, cutoff=cutoff)
    reference = pd.to_datetime(people["pk"].map(starts))
    missing = reference.isna()
    if missing.any() and len(pool):
        picks = [pool[reference_index(pk, len(pool))] for pk in people.loc[missing, "pk"]]
        reference = reference.copy()
        reference[missing] = pd.to_datetime(pd.Series(picks, index=reference[missing].index))
    people["reference"] = reference
    people = people[people["reference"] <= cutoff]

    if events is None:
        events = labour_market_events(LabourMarketEvent.objects.filter(client__in=scope.clients))
    joined = people[["pk", "reference"]].merge(events, left_on="pk", right_on="client_id")
    work = joined["destination"].isin(WORK)
    after = (joined["event_on"] >= joined["reference"]) & (
        joined["event_on"] < joined["reference"] + pd.Timedelta(days=MATCH_WINDOW_DAYS))
    succeeded = set(joined.loc[work & after, "pk"])
    before = set(joined.loc[(joined["destination"] == "employment")
                            & (joined["event_on"] < joined["reference"]), "pk"])
    participant_work = treated.set_index("client_id")["work_start"]
    participant_work = pd.to_datetime(participant_work)
    window_end = starts + pd.Timedelta(days=MATCH_WINDOW_DAYS)
    in_window = participant_work.notna() & (participant_work < window_end.reindex(
        participant_work.index))
    succeeded |= set(participant_work.index[in_window])

    reference = people["reference"]
    data = pd.DataFrame({
        "treated": people["treated"].to_numpy(),
        "in_work": people["pk"].isin(succeeded).astype(int).to_numpy(),
        "age": ((reference - pd.to_datetime(people["date_of_birth"])).dt.days / 365.25)
        .to_numpy(),
        "female": (people["gender"] == "f").astype(int).to_numpy(),
        "months_on_benefits": ((reference - pd.to_datetime(people["benefit_since"])).dt.days
                               .clip(lower=0) / 30.44).to_numpy(),
        "qual_none": (people["qualification"] == Client.Qualification.NONE).astype(int)
        .to_numpy(),
        "qual_academic": (people["qualification"] == Client.Qualification.ACADEMIC)
        .astype(int).to_numpy(),
        "qual_foreign": (people["qualification"] == Client.Qualification.FOREIGN).astype(int)
        .to_numpy(),
        "children": people["children"].astype(float).to_numpy(),
        "single_parent": people["single_parent"].astype(int).to_numpy(),
        "health_limits": people["health_limits"].astype(int).to_numpy(),
        "german_basic": people["german_level"].isin(["A1", "A2"]).astype(int).to_numpy(),
        "prior_work": people["pk"].isin(before).astype(int).to_numpy(),
        "in_county": people["municipality__in_county"].astype(int).to_numpy(),
    })
    # Common support on yes/no characteristics: if no participant has a characteristic (or
    # all have it), people of the comparison group who differ there have no counterpart. They
    # are left out, as matching would leave them unused anyway; keeping them makes the logit
    # separate the groups and no propensity model can be fitted.
    is_treated = data["treated"] == 1
    for name in COVARIATE_LABELS:
        column = data[name]
        if set(column.unique()) <= {0, 1} and column[is_treated].nunique() == 1:
            value = column[is_treated].iloc[0] if is_treated.any() else None
            if value is not None:
                data = data[is_treated | (column == value)]
                is_treated = data["treated"] == 1
    # Covariates without variation carry no information (and would only be dropped later).
    labels = {name: str(_(label)) for name, label in COVARIATE_LABELS.items()
              if data[name].nunique() > 1}
    if (data["treated"] == 1).sum() < keyfigures.MIN_CELL:
        raise MatchingError(_("Für einen Vergleich braucht es mindestens 5 Teilnehmende, deren "
                              "Beginn 12 Monate zurückliegt."))
    if not labels:
        raise MatchingError(_("Die Merkmale unterscheiden sich in dieser Auswahl nicht; ein "
                              "Abgleich ist nicht möglich."))
    return data, labels
