"""Reads for the evaluation: the database as pandas frames, then the pure statistics.

Every read starts from a `privacy.access` aggregate queryset (management only) and uses
`values()` with a handful of queries whatever the number of enrollments: one for the
enrollments with their run, outcome, 12-month follow-up and self-assessment scores, one for
attendance counts, one for the labour-market events, one for the clients of the comparison.
No frame leaves this module with a name or a client number; the client id is used only to
join and is dropped before anything is aggregated.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
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


def _score(moment: str) -> Subquery:
    return Subquery(SelfAssessment.objects.filter(enrollment=OuterRef("pk"), moment=moment)
                    .order_by("taken_at").values("score")[:1])


def _follow_up(months: int, column: str) -> Subquery:
    """A column of the answered follow-up (an attempt that did not reach the person has none)."""
    return Subquery(FollowUp.objects.filter(outcome__enrollment=OuterRef("pk"),
                                            months_after=months, recorded_on__isnull=False,
                                            not_reached=False)
                    .values(column)[:1])


def _not_reached(months: int) -> Exists:
    return Exists(FollowUp.objects.filter(outcome__enrollment=OuterRef("pk"),
                                          months_after=months, not_reached=True))


def enrollments_frame(*, user: Any, filters: Filters) -> pd.DataFrame:
    """One row per enrollment in the user's scope and the filters (see keyfigures' columns)."""
    queryset = (access.enrollments_for_aggregates(user)
                .exclude(status=Enrollment.Status.WITHDRAWN)
                .exclude(run__status=Run.Status.CANCELLED))
    if filters.programme_id:
        queryset = queryset.filter(run__programme_version__programme_id=filters.programme_id)
    if filters.year:
        queryset = queryset.filter(run__starts_on__year=filters.year)
    if filters.location_id:
        queryset = queryset.filter(run__location_id=filters.location_id)
    rows = list(queryset.order_by().values(
        "pk", "client_id", "status",
        programme=F("run__programme_version__programme__name"),
        version=F("run__programme_version__number"),
        run_title=F("run__title"),
        location=F("run__location__name"),
        run_start=F("run__starts_on"),
        run_end=F("run__ends_on"),
        tg_age_min=F("run__target_group__age_min"),
        tg_age_max=F("run__target_group__age_max"),
        tg_single_parents=F("run__target_group__single_parents_only"),
        tg_months=F("run__target_group__min_months_on_benefits"),
        ended_how=F("outcome__ended_how"),
        outcome_ended_on=F("outcome__ended_on"),
        destination=F("outcome__destination"),
        destination_started_on=F("outcome__destination_started_on"),
        benefit_exit_on=F("outcome__benefit_exit_on"),
    ).annotate(
        fu_destination=_follow_up(12, "destination"),
        fu_started=_follow_up(12, "destination_started_on"),
        fu6_destination=_follow_up(6, "destination"),
        fu6_started=_follow_up(6, "destination_started_on"),
        fu_not_reached=_not_reached(12),
        sa_start=_score(SelfAssessment.Moment.START),
        sa_end=_score(SelfAssessment.Moment.END),
    ))
    columns = ["programme", "version", "run", "location", "target_group", "year", "completed",
               "attendance", "run_start", "run_end", "work_start", "benefit_exit_on",
               "in_work_12m", "not_reached_12m", "sa_start", "sa_end"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(rows)
    frame["target_group"] = [target_group_label(r) for r in rows]
    if filters.target_group:
        frame = frame[frame["target_group"] == filters.target_group]
        if frame.empty:
            return pd.DataFrame(columns=columns)

    ids = frame["pk"].tolist()
    attendance = pd.DataFrame.from_records(list(
        Attendance.objects.filter(enrollment_id__in=ids).order_by().values("enrollment_id")
        .annotate(held=Count("pk"), present=Count("pk", filter=Q(status="present")))
    ), columns=["enrollment_id", "held", "present"])
    rate = (attendance.set_index("enrollment_id")["present"]
            / attendance.set_index("enrollment_id")["held"])
    frame["attendance"] = frame["pk"].map(rate)

    events = _events(frame["client_id"].unique().tolist())
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
    return frame[["client_id", *columns]].reset_index(drop=True)


def _events(client_ids: list[Any]) -> pd.DataFrame:
    records = list(LabourMarketEvent.objects.filter(client_id__in=client_ids).order_by()
                   .values("client_id", "event_on", "destination", "benefit_exit"))
    events = pd.DataFrame.from_records(
        records, columns=["client_id", "event_on", "destination", "benefit_exit"])
    events["event_on"] = pd.to_datetime(events["event_on"])
    events["benefit_exit"] = events["benefit_exit"].astype(bool)
    return events


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


TABLE_DIMENSIONS = ("programme", "version", "run", "location", "target_group", "year")


def evaluation(*, user: Any, filters: Filters, data_date: dt.date | None = None,
               dimensions: tuple[str, ...] = TABLE_DIMENSIONS) -> Evaluation:
    """Key figures, time-to-work curves and the matched comparison for the filters."""
    data_date = data_date or timezone.localdate()
    frame = enrollments_frame(user=user, filters=filters)
    result = Evaluation(filters=filters, data_date=data_date, n_enrollments=len(frame))
    if frame.empty:
        return result
    prepared = keyfigures.prepare(frame, pd.Timestamp(data_date))
    result.tables = [keyfigures.key_figures_prepared(prepared, by) for by in dimensions]
    by = "target_group" if filters.programme_id else "programme"
    result.curves_by = by
    result.curves = survival.curves_by(frame, by, pd.Timestamp(data_date))
    try:
        data, labels = comparison_frame(user=user, participants=frame, data_date=data_date)
        result.comparison_covariates = labels
        result.comparison = match_att(data, treatment="treated", outcome="in_work",
                                      covariates=list(labels))
    except MatchingError as error:
        result.comparison_error = str(error)
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


def reference_pool(*, user: Any, cutoff: pd.Timestamp) -> np.ndarray:
    """Sorted start days of every first participation in the job centre up to ``cutoff``.

    Taken from all programmes whatever the filters, so that a non-participant is measured
    from the same day in every comparison (one query).
    """
    firsts = (access.enrollments_for_aggregates(user).exclude(status=Enrollment.Status.WITHDRAWN)
              .order_by().values("client_id").annotate(first=Min("run__starts_on"))
              .values_list("first", flat=True))
    days = pd.to_datetime(pd.Series(list(firsts), dtype="object"))
    return np.sort(days[days <= cutoff].to_numpy())


def comparison_frame(*, user: Any, participants: pd.DataFrame,
                     data_date: dt.date) -> tuple[pd.DataFrame, dict[str, str]]:
    """Participants (first enrollment each) and never-enrolled clients, with covariates.

    Each participant's reference day is their run start; a non-participant gets the first start
    of a participant of the job centre chosen by a fixed hash of their id (`reference_pool`), so
    both groups are measured over the same calendar period. Outcome: a start of work or
    training within 12 months after the reference day. Only reference days at least 12 months
    before the data date are used, so every outcome is complete. Covariates are measured at the reference day.
    """
    cutoff = pd.Timestamp(data_date) - pd.Timedelta(days=MATCH_WINDOW_DAYS)
    treated = participants.assign(run_start=pd.to_datetime(participants["run_start"]))
    treated = treated.sort_values("run_start").drop_duplicates("client_id")
    treated = treated[treated["run_start"] <= cutoff]
    if treated.empty:
        raise MatchingError(_("Für den Vergleich braucht es Teilnahmen, deren Beginn mindestens "
                              "12 Monate zurückliegt; in dieser Auswahl gibt es keine."))
    # A withdrawn seat is no participation (left out of the key figures): its client belongs
    # to the comparison pool unless they took part elsewhere (issue 11).
    ever_enrolled = (access.enrollments_for_aggregates(user)
                     .exclude(status=Enrollment.Status.WITHDRAWN).values("client_id"))
    clients = access.clients_for_aggregates(user)
    others = clients.exclude(pk__in=ever_enrolled)
    wanted = ["pk", "date_of_birth", "gender", "benefit_since", "qualification", "children",
              "single_parent", "health_limits", "german_level", "municipality__in_county"]
    people = pd.DataFrame.from_records(
        list(clients.filter(pk__in=treated["client_id"].tolist()).order_by().values(*wanted))
        + list(others.order_by().values(*wanted)), columns=wanted)
    people["treated"] = people["pk"].isin(set(treated["client_id"])).astype(int)
    starts = treated.set_index("client_id")["run_start"]
    pool = reference_pool(user=user, cutoff=cutoff)
    pick = people["pk"].map(lambda pk: pool[reference_index(pk, len(pool))])
    people["reference"] = pd.to_datetime(people["pk"].map(starts)).fillna(pick)
    people = people[people["reference"] <= cutoff]

    events = _events(people["pk"].tolist())
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
