"""Reads for the role overviews. Every reader starts from a `privacy.access` queryset.

Facilitators and case managers see their own work with names (and the reading is logged);
management sees aggregates only, with counts of 1 to 4 people suppressed (`charts.people`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.core.collation import german
from neue_wege.dashboards.charts import Cell, Chart, bar_chart, breakdown, people, plain, share
from neue_wege.organisation.models import Location
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes.models import Attendance, Run, Session

FIRST_YEAR = 2013  # the first pilot runs


def _count_per_run(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT over `queryset` rows of the outer run (no join fan-out)."""
    counted = (queryset.filter(run=OuterRef("pk")).order_by().values("run")
               .annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _seats_taken() -> Coalesce:
    return _count_per_run(Enrollment.objects.filter(status__in=Enrollment.SEAT_STATUSES))


# --- facilitator ---------------------------------------------------------------------------------
@dataclass
class FacilitatorOverview:
    runs: list[Run]
    sessions_today: list[Session]
    missing: list[Attendance]


def facilitator_overview(*, user: Any, now: dt.datetime | None = None) -> FacilitatorOverview:
    """My current and upcoming runs, today's sessions, who missed the last session."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = (access.runs_led_by(user).filter(ends_on__gte=today)
               .exclude(status__in=[Run.Status.CANCELLED, Run.Status.FINISHED]))
    runs = list(
        current.select_related("location", "programme_version__programme")
        .annotate(
            seats_taken=_seats_taken(),
            pending_referrals=_count_per_run(
                Referral.objects.filter(status=Referral.Status.PENDING)),
            waitlisted_referrals=_count_per_run(
                Referral.objects.filter(status=Referral.Status.WAITLISTED)),
        )
        .order_by("starts_on", "title")
    )
    for run in runs:
        run.free_seats = max(0, run.capacity - run.seats_taken)  # type: ignore[attr-defined]
        run.is_current = run.starts_on <= today  # type: ignore[attr-defined]

    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    sessions_today = list(
        access.sessions_for(user)
        .filter(starts_at__gte=day_start, starts_at__lt=day_start + dt.timedelta(days=1))
        .select_related("run__location").order_by("starts_at")
    )

    last_session = (Session.objects.filter(run=OuterRef("session__run"), starts_at__lte=now,
                                           attendances__isnull=False)
                    .order_by("-starts_at").values("pk")[:1])
    missing = list(
        Attendance.objects.filter(
            session__in=access.sessions_for(user).filter(run__in=current),
            status__in=[Attendance.Status.ABSENT, Attendance.Status.EXCUSED],
        )
        .filter(session=Subquery(last_session))
        .select_related("session__run", "enrollment__client")
        .order_by("session__run__title", "enrollment__client__last_name",
                  "enrollment__client__first_name")
    )
    clients = {attendance.enrollment.client_id: attendance.enrollment.client
               for attendance in missing}
    audit_views(actor=user, objects=clients.values(), client_id_of=lambda client: client.pk)
    return FacilitatorOverview(runs=runs, sessions_today=sessions_today, missing=missing)


# --- case manager --------------------------------------------------------------------------------
@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class CaseManagerOverview:
    by_status: list[StatusCount]
    total: int
    latest: list[Referral]


def case_manager_overview(*, user: Any, latest: int = 10) -> CaseManagerOverview:
    """My referrals counted by state, and the latest ones (reading them is logged)."""
    referrals = access.referrals_for(user)
    counts = dict(referrals.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [StatusCount(status, str(label), counts.get(status, 0))
                 for status, label in Referral.Status.choices]
    newest = list(referrals.select_related("client", "run__location")
                  .order_by("-created_at")[:latest])
    audit_views(actor=user, objects=newest, client_id_of=lambda referral: referral.client_id)
    return CaseManagerOverview(by_status=by_status, total=sum(counts.values()), latest=newest)


# --- management ----------------------------------------------------------------------------------
@dataclass
class MonthRow:
    month: str
    offered: Cell
    taken: Cell

    @property
    def occupancy(self) -> str:
        return share(self.taken, self.offered)


@dataclass
class LocationCapacity:
    name: str
    is_mobile: bool
    months: list[MonthRow]  # only months with seats offered (a year of zeros said nothing)
    chart: Chart
    months_without_runs: list[str] = field(default_factory=list)


@dataclass
class WaitlistRow:
    programme: str
    run_title: str
    starts_on: dt.date
    waiting: Cell


@dataclass
class ProgrammeWaitlist:
    programme: str
    waiting: Cell


@dataclass
class MunicipalityRow:
    name: str
    in_county: bool
    waiting: Cell


@dataclass
class ManagementOverview:
    year: int
    capacity: list[LocationCapacity]
    waitlist_runs: list[WaitlistRow]
    waitlist_programmes: list[ProgrammeWaitlist]
    waitlist_chart: Chart
    municipalities: list[MunicipalityRow]
    municipality_chart: Chart
    total_waiting: Cell = field(default_factory=lambda: people(0))


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def capacity_by_location(*, user: Any, year: int) -> list[LocationCapacity]:
    """Seats offered and taken per location and month, for runs active in that month."""
    runs = (access.runs_for(user).exclude(status=Run.Status.CANCELLED)
            .filter(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))
            .annotate(seats_taken=_seats_taken())
            .values("location__name", "location__kind", "capacity", "starts_on", "ends_on",
                    "seats_taken"))
    per_location: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for run in runs:
        per_location[(run["location__name"], run["location__kind"])].append(run)
    result = []
    for (name, kind), location_runs in sorted(per_location.items(),
                                              key=lambda item: (item[0][1], item[0][0])):
        months = []
        for month in range(1, 13):
            first, last = _month_bounds(year, month)
            active = [r for r in location_runs if r["starts_on"] <= last and r["ends_on"] >= first]
            months.append(MonthRow(
                month=str(MONTHS[month]),
                offered=plain(sum(r["capacity"] for r in active)),
                taken=people(sum(r["seats_taken"] for r in active)),
            ))
        shown = [m for m in months if m.offered.value]
        chart = bar_chart(
            ident=f"capacity-{len(result) + 1}",
            title=_("Plätze angeboten und belegt: %(location)s, %(year)s")
            % {"location": name, "year": year},
            desc=_("Balkendiagramm je Monat mit Durchläufen; die Werte stehen auch in der "
                   "Tabelle daneben. Belegungen von 1 bis 4 Personen sind als „< 5“ "
                   "ausgewiesen."),
            series=[_("angeboten"), _("belegt")],
            rows=[(m.month, [m.offered, m.taken]) for m in shown],
        )
        result.append(LocationCapacity(
            name=name, is_mobile=kind == Location.Kind.MOBILE_VENUE, months=shown, chart=chart,
            months_without_runs=[m.month for m in months if not m.offered.value]))
    return result


def management_overview(*, user: Any, year: int) -> ManagementOverview:
    """Aggregates only, never a name. Callers check `access.can_see_key_figures` first."""
    # The open runs are few (tens, however many clients): their ids first, so PostgreSQL reads
    # the waiting referrals through the (run, status) index instead of scanning every referral
    # of the job centre's history (0.45 s at 1,000,000 clients, docs/performance.md).
    open_runs = list(access.runs_for(user)
                     .exclude(status__in=[Run.Status.CANCELLED, Run.Status.FINISHED])
                     .values_list("pk", flat=True))
    waiting = access.referrals_for_aggregates(user).filter(
        run_id__in=open_runs, status=Referral.Status.WAITLISTED)
    per_run = list(
        waiting.order_by().values("run_id", "run__title", "run__starts_on",
                                  "run__programme_version__programme__name")
        .annotate(n=Count("pk"))
        .order_by("run__programme_version__programme__name", "run__starts_on", "run__title")
    )
    # One plan for the runs, their programmes and the total ("zusammen"): 9, 6, "< 5" and a
    # visible total of 17 would give the hidden run away (issue 12).
    programme_of = {row["run_id"]: row["run__programme_version__programme__name"]
                    for row in per_run}
    waiting_cells = breakdown({row["run_id"]: row["n"] for row in per_run}, programme_of)
    waitlist_runs = [WaitlistRow(row["run__programme_version__programme__name"],
                                 row["run__title"], row["run__starts_on"],
                                 waiting_cells.items[row["run_id"]])
                     for row in per_run]
    waitlist_programmes = [ProgrammeWaitlist(name, cell)
                           for name, cell in waiting_cells.parents.items()]
    waitlist_chart = bar_chart(
        ident="waitlist-chart",
        title=_("Warteliste je Projekt"),
        desc=_("Balkendiagramm: Zahl der Zuweisungen auf der Warteliste je Projekt; die "
               "Werte stehen auch in der Tabelle daneben."),
        series=[_("wartend")],
        rows=[(p.programme, [p.waiting]) for p in waitlist_programmes],
    )

    per_municipality = list(
        waiting.order_by().values("client__municipality__name",
                                  "client__municipality__in_county")
        .annotate(n=Count("client_id", distinct=True))
        .order_by("-n", german("client__municipality__name"))
    )
    # Protected as if their sum were published: with one waiting referral per client it
    # equals the total above.
    residence = breakdown({i: row["n"] for i, row in enumerate(per_municipality)})
    municipalities = [MunicipalityRow(row["client__municipality__name"],
                                      row["client__municipality__in_county"], residence.items[i])
                      for i, row in enumerate(per_municipality)]
    municipality_chart = bar_chart(
        ident="residence-chart",
        title=_("Wohnorte der Wartenden"),
        desc=_("Balkendiagramm: Zahl der wartenden Kund:innen je Kommune; die Werte stehen "
               "auch in der Tabelle daneben. Kommunen mit 1 bis 4 Wartenden sind als „< 5“ "
               "ausgewiesen."),
        series=[_("Wartende")],
        rows=[(m.name, [m.waiting]) for m in municipalities],
    )
    return ManagementOverview(
        year=year,
        capacity=capacity_by_location(user=user, year=year),
        waitlist_runs=waitlist_runs,
        waitlist_programmes=waitlist_programmes,
        waitlist_chart=waitlist_chart,
        municipalities=municipalities,
        municipality_chart=municipality_chart,
        total_waiting=waiting_cells.total,
    )
