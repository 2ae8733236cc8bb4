"""Synthetic evaluation data in the database: past runs with outcomes, and a comparison pool.

For tests, the browser test and the demo. Rows are written with ``bulk_create`` (no services,
no audit): it is made-up data, and a few thousand rows must take seconds, not minutes. The
made-up world has a known structure: participants are somewhat younger and shorter on benefits
than non-participants (selection), and taking part raises the chance of a start in work or
training within a year by ``EFFECT`` (percentage points) — so the matched comparison should
find something near it, while the raw difference is off.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.evaluation.selectors import reference_index
from neue_wege.organisation.models import Location, Municipality, User
from neue_wege.outcomes.models import (
    Destination,
    FollowUp,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.services import current_instrument
from neue_wege.programmes.models import (
    Attendance,
    Programme,
    ProgrammeVersion,
    Run,
    Session,
    TargetGroup,
)
from neue_wege.programmes.planning import plan_dates
from neue_wege.programmes.services import public_holidays_nrw, school_holiday_ranges

EFFECT = 0.15
# Runs start on the first Monday of February and September (then May and November): outside
# the NRW summer and Christmas school holidays, as job centres plan them.
START_MONTHS = (2, 9, 5, 11)
SESSIONS_PER_RUN = 4
FIRST_NAMES = ("Synth",)


@dataclass
class SyntheticWorld:
    programmes: list[Programme]
    runs: list[Run]
    participants: int
    non_participants: int


def _first_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=-day.weekday() % 7)


def _session_days(run: Run) -> list[dt.date]:
    """The run's weekly sessions on its start weekday, not on a public or school holiday."""
    days, _ = plan_dates(
        starts_on=run.starts_on, ends_on=run.ends_on, weekdays=[run.starts_on.weekday()],
        public_holidays=public_holidays_nrw(run.starts_on, run.ends_on),
        school_holidays=school_holiday_ranges(run.starts_on, run.ends_on))
    return days[:SESSIONS_PER_RUN]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _work_probability(age: float, months: float, qualified: bool) -> float:
    base = 0.45 - 0.006 * max(age - 30, 0) - 0.003 * min(months, 60) + (0.1 if qualified else 0)
    return min(max(base, 0.03), 0.9)


def build(*, job_centre: Any, case_manager: User, facilitator: User, location: Location,
          municipalities: list[Municipality], programme: Programme | None = None,
          today: dt.date | None = None, years: tuple[int, ...] | None = None,
          runs_per_year: int = 2, per_run: int = 12, non_participants: int = 240,
          seed: int = 7, extra_reference_days: tuple[dt.date, ...] = ()) -> SyntheticWorld:
    """Two programmes with finished runs in past years, outcomes, follow-ups and a pool.

    ``extra_reference_days``: first start days of participants already in the database that
    lie a year or more back (they join the selectors' reference pool).
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    years = years or (today.year - 3, today.year - 2)
    programmes = [programme] if programme else []
    if len(programmes) < 2:
        second = Programme.objects.create(job_centre=job_centre, name="Neustart Beruf")
        programmes.append(second)
    if len(programmes) < 2:  # pragma: no cover - only when no programme was given
        programmes.insert(0, Programme.objects.create(job_centre=job_centre,
                                                      name="Stärken entdecken"))
    versions = []
    for prog in programmes:
        version = prog.versions.order_by("number").first()
        if version is None:
            version = ProgrammeVersion.objects.create(
                programme=prog, number=1, valid_from=dt.date(min(years), 1, 1),
                content="Bewerbungstraining und Praxistage.", target_group_description="",
                change_note="Erste Fassung", created_by=facilitator)
        versions.append(version)
    instrument = current_instrument()

    runs: list[Run] = []
    for year in years:
        for version in versions:
            for index in range(runs_per_year):
                start = _first_monday(dt.date(year, START_MONTHS[index % len(START_MONTHS)], 1))
                run = Run.objects.create(
                    programme_version=version, location=location, capacity=max(per_run, 12),
                    title=f"{version.programme.name} {year}-{index + 1}",
                    starts_on=start, ends_on=start + dt.timedelta(days=84),
                    status=Run.Status.FINISHED)
                run.facilitators.add(facilitator)
                young = index % 2 == 0
                TargetGroup.objects.create(run=run, age_max=25 if young else None,
                                           age_min=None if young else 26)
                runs.append(run)

    clients: list[Client] = []
    plans: list[tuple[Client, Run | None, bool]] = []
    counter = 0

    def new_client(participant: bool, young: bool) -> Client:
        nonlocal counter
        counter += 1
        age = rng.uniform(18, 25) if young else rng.uniform(26, 60)
        if not participant:
            age = rng.uniform(18, 62)
        months = rng.uniform(3, 48 if participant else 90)
        reference = dt.date(min(years), 6, 1)
        client = Client(
            job_centre=job_centre, case_number=f"SYN-{seed}-{counter:05d}",
            first_name="Synth", last_name=f"Person{counter:05d}",
            date_of_birth=reference - dt.timedelta(days=int(age * 365.25)),
            gender=rng.choice("ffmm" if participant else "fmm"),
            municipality=rng.choice(municipalities), case_manager=case_manager,
            benefit_since=reference - dt.timedelta(days=int(months * 30.44)),
            children=rng.choice((0, 0, 1, 2)), single_parent=rng.random() < 0.15,
            qualification=rng.choice(("none", "none", "vocational", "academic", "foreign")),
            health_limits=rng.random() < 0.2,
        )
        clients.append(client)
        return client

    for run in runs:
        young = run.title.endswith("-1")
        for _ in range(per_run):
            plans.append((new_client(True, young), run, True))
    for _ in range(non_participants):
        plans.append((new_client(False, False), None, False))
    Client.objects.bulk_create(clients)

    referrals, enrollments, outcomes, follow_ups, events, assessments = [], [], [], [], [], []
    referred_on: dict[int, dt.datetime] = {}
    # Non-participants are measured from a participant's start day picked as the selector
    # does (`selectors.reference_index`), so their made-up careers fit the comparison window.
    pool = sorted([run.starts_on for _client, run, participant in plans if participant and run]
                  + list(extra_reference_days))
    for client, run, participant in plans:
        anchor = run.starts_on if run else pool[reference_index(client.pk, len(pool))]
        age = (anchor - client.date_of_birth).days / 365.25
        months = (anchor - client.benefit_since).days / 30.44
        chance = _work_probability(age, months, client.qualification in ("vocational",
                                                                         "academic"))
        if participant:
            chance = min(chance + EFFECT, 0.95)
        works = rng.random() < chance
        work_on = anchor + dt.timedelta(days=rng.randint(30, 330)) if works else None
        if rng.random() < 0.3:  # some had a job before
            events.append(LabourMarketEvent(client=client, event_on=anchor - dt.timedelta(
                days=rng.randint(400, 1500)), destination=Destination.EMPLOYMENT,
                source=LabourMarketEvent.Source.SYNTHETIC))
        if not participant or run is None:
            if work_on:
                events.append(LabourMarketEvent(
                    client=client, event_on=work_on, source=LabourMarketEvent.Source.SYNTHETIC,
                    destination=rng.choice((Destination.EMPLOYMENT, Destination.EMPLOYMENT,
                                            Destination.TRAINING)),
                    benefit_exit=rng.random() < 0.5))
            continue
        # Referred three to six weeks before the start, accepted within a week or two.
        referred_at = _at(run.starts_on - dt.timedelta(days=rng.randint(21, 42)), 10)
        decided_at = referred_at + dt.timedelta(days=rng.randint(3, 14))
        referral = Referral(client=client, run=run, referred_by=case_manager,
                            potential_note="Synthetische Zuweisung.",
                            status=Referral.Status.ACCEPTED, decided_by=facilitator,
                            decided_at=decided_at)
        referred_on[id(referral)] = referred_at
        referrals.append(referral)
        completed = rng.random() < 0.8
        enrollment = Enrollment(
            referral=referral, client=client, run=run, started_on=run.starts_on,
            status=Enrollment.Status.COMPLETED if completed else Enrollment.Status.DROPPED_OUT,
            ended_on=run.ends_on if completed else run.starts_on + dt.timedelta(days=30))
        enrollments.append(enrollment)
        destination = Destination.NONE
        started = None
        if work_on and work_on <= run.ends_on + dt.timedelta(days=60):
            destination = rng.choice((Destination.EMPLOYMENT, Destination.TRAINING,
                                      Destination.RETRAINING))
            started = work_on
        exit_on = work_on + dt.timedelta(days=14) if work_on and rng.random() < 0.5 else None
        outcome = Outcome(
            enrollment=enrollment, ended_on=enrollment.ended_on,
            ended_how=(Outcome.EndedHow.COMPLETED if completed
                       else Outcome.EndedHow.DROPPED_OUT),
            dropout_reason="" if completed else rng.choice(("health", "childcare", "other")),
            destination=destination, destination_started_on=started, benefit_exit_on=exit_on)
        outcomes.append(outcome)
        for months_after in (6, 12):
            due = run.ends_on + dt.timedelta(days=int(30.44 * months_after))
            in_work = work_on is not None and work_on <= due and rng.random() < 0.85
            follow_ups.append(FollowUp(
                outcome=outcome, months_after=months_after, due_on=due, recorded_on=due,
                destination=Destination.EMPLOYMENT if in_work else Destination.NONE,
                destination_started_on=work_on if in_work else None,
                in_benefits=not in_work, source=FollowUp.Source.IMPORT))
        start_score = rng.uniform(1.5, 3.2)
        when = timezone.make_aware(dt.datetime.combine(run.starts_on, dt.time(10)))
        assessments.append(SelfAssessment(enrollment=enrollment, instrument=instrument,
                                          moment=SelfAssessment.Moment.START, answers={},
                                          score=round(start_score, 2), taken_at=when))
        if completed:
            assessments.append(SelfAssessment(
                enrollment=enrollment, instrument=instrument, moment=SelfAssessment.Moment.END,
                answers={}, score=round(min(start_score + rng.gauss(0.4, 0.5), 4.0), 2),
                taken_at=when + dt.timedelta(days=84)))
    Referral.objects.bulk_create(referrals)
    Enrollment.objects.bulk_create(enrollments)
    # Inserting stamps created_at "now"; the history happened years ago (bulk_update keeps
    # the values given).
    for referral in referrals:
        referral.created_at = referred_on[id(referral)]
        referral.updated_at = referral.decided_at
    Referral.objects.bulk_update(referrals, ["created_at", "updated_at"])
    for enrollment in enrollments:
        enrollment.created_at = enrollment.updated_at = _at(enrollment.run.starts_on, 9)
    Enrollment.objects.bulk_update(enrollments, ["created_at", "updated_at"])
    Outcome.objects.bulk_create(outcomes)
    FollowUp.objects.bulk_create(follow_ups)
    LabourMarketEvent.objects.bulk_create(events)
    SelfAssessment.objects.bulk_create(assessments)

    sessions, attendance = [], []
    for run in runs:
        for day in _session_days(run):
            begin = _at(day, 9)
            sessions.append(Session(run=run, starts_at=begin,
                                    ends_at=begin + dt.timedelta(hours=3), topic="Termin"))
    Session.objects.bulk_create(sessions)
    by_run: dict[Any, list[Session]] = {}
    for session in sessions:
        by_run.setdefault(session.run_id, []).append(session)
    for enrollment in enrollments:
        for session in by_run[enrollment.run_id]:
            attendance.append(Attendance(
                session=session, enrollment=enrollment,
                status=rng.choice(("present", "present", "present", "excused", "absent"))))
    Attendance.objects.bulk_create(attendance)
    return SyntheticWorld(programmes=programmes, runs=runs, participants=len(enrollments),
                          non_participants=non_participants)
