"""`neuewege generate_clients --count 100000`: scale data with history, fast.

Adds synthetic clients to the demo job centre (built first when missing) together with past
runs, sessions, referrals (accepted, waitlisted, declined, withdrawn), enrollments and
attendance, using `bulk_create` in batches. Bulk generation bypasses the services on purpose
(they write row by row with audit events); it writes no audit rows because no person acted.
Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.demo.content import (
    DECLINE_REASONS,
    POTENTIAL_NOTES,
    WITHDRAW_REASONS,
)
from neue_wege.demo.management.commands.demo import JOB_CENTRE, demo_build
from neue_wege.demo.synthetic import ClientFactory, municipalities_ensure
from neue_wege.organisation.models import JobCentre, Location, User
from neue_wege.outcomes.services import current_instrument
from neue_wege.outcomes.synthetic import OutcomeSimulator
from neue_wege.programmes.models import Attendance, ProgrammeVersion, Run, Session, TargetGroup

SEATS = 12
SESSIONS_PER_RUN = 6
RS = Referral.Status


class Command(BaseCommand):
    help = "Erzeugt synthetische Kund:innen mit Verlauf (Massendaten für Lasttests)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=100_000, help="Zahl der Kund:innen")
        parser.add_argument("--seed", type=int, default=1, help="Zufallsstartwert")
        parser.add_argument("--batch-size", type=int, default=5_000,
                            help="Kund:innen je Schreibvorgang")
        parser.add_argument("--no-progress", action="store_true",
                            help="keinen Fortschrittsbalken zeigen")

    def handle(self, *args: Any, count: int, seed: int, batch_size: int, no_progress: bool,
               **options: Any) -> None:
        if count < 1 or batch_size < 1:
            raise CommandError("--count und --batch-size müssen positiv sein.")
        started = time.monotonic()
        today = timezone.localdate()
        job_centre = JobCentre.objects.filter(name=JOB_CENTRE).first()
        if job_centre is None:
            with transaction.atomic():
                demo_build(clients=0, seed=seed, today=today, with_history=False)
            job_centre = JobCentre.objects.get(name=JOB_CENTRE)
        generator = Generator(job_centre=job_centre, seed=seed, today=today)
        generator.runs_create(math.ceil(count * 0.7 / (SEATS - 1)) + 4)
        totals = {"Kund:innen": 0, "Zuweisungen": 0, "Teilnahmen": 0, "Anwesenheiten": 0}
        with tqdm(total=count, unit=" Kund:innen", disable=no_progress,
                  file=self.stderr._out) as progress:  # type: ignore[attr-defined]
            done = 0
            while done < count:
                size = min(batch_size, count - done)
                with transaction.atomic():
                    for key, value in generator.batch(size).items():
                        totals[key] = totals.get(key, 0) + value
                done += size
                progress.update(size)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Fertig in {elapsed:.1f} s ({count / elapsed:,.0f} Kund:innen/s): ".replace(",", ".")
            + ", ".join(f"{v:,} {k}".replace(",", ".") for k, v in totals.items())
            + f", {generator.run_count:,} Durchläufe".replace(",", ".")))


class Generator:
    def __init__(self, *, job_centre: JobCentre, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.job_centre = job_centre
        self.factory = ClientFactory(seed, municipalities_ensure(), today)
        staff = list(User.objects.filter(job_centre=job_centre))
        self.case_managers = [u for u in staff if u.role == User.Role.CASE_MANAGER]
        self.facilitators = [u for u in staff if u.role == User.Role.FACILITATOR]
        if not self.case_managers or not self.facilitators:
            raise CommandError("Im Demo-Jobcenter fehlen Fallmanager:innen oder "
                               "Projektleitungen.")
        self.locations = list(Location.objects.filter(job_centre=job_centre))
        self.versions = list(ProgrammeVersion.objects.filter(
            programme__job_centre=job_centre).select_related("programme"))
        self.next_number = Client.objects.filter(job_centre=job_centre).count() + 1_000_001
        self.runs: list[Run] = []
        self.sessions: dict[Any, list[Session]] = {}
        self.open_runs: list[Run] = []
        self.facilitator_of: dict[Any, User] = {}
        self.seat_cursor = 0
        self.seats_left: dict[Any, int] = {}
        self.run_count = 0
        # outcomes, follow-ups, self-assessments and the comparison pool's transitions (own
        # random stream, so the clients and runs stay what they were for a given seed)
        self.outcomes = OutcomeSimulator(rng=random.Random(seed + 6), today=today,
                                         instrument=current_instrument())

    # runs with their sessions, spread over the years since the programmes became permanent
    def runs_create(self, number: int) -> None:
        first_day = dt.date(2018, 1, 8)
        span = (self.today - first_day).days - 70
        runs, groups, sessions, leads = [], [], [], []
        Through = Run.facilitators.through
        for index in range(number):
            current = index >= number - 2  # the last two are running now, with a waitlist
            starts_on = (self.today - dt.timedelta(days=14) if current
                         else first_day + dt.timedelta(days=self.rng.randint(0, span)))
            ends_on = starts_on + dt.timedelta(weeks=SESSIONS_PER_RUN) - dt.timedelta(days=1)
            versions = [v for v in self.versions if v.valid_from <= starts_on] or self.versions
            version = self.rng.choice(versions)
            location = self.rng.choice(self.locations)
            run = Run(programme_version=version, location=location, capacity=SEATS,
                      title=f"{version.programme.name} {location.name} {starts_on:%d.%m.%Y}"
                            f" #{index + 1}",
                      starts_on=starts_on, ends_on=ends_on,
                      status=Run.Status.RUNNING if current else Run.Status.FINISHED)
            runs.append(run)
            groups.append(TargetGroup(run=run))
            lead = self.rng.choice(self.facilitators)
            self.facilitator_of[run.pk] = lead
            leads.append(Through(run_id=run.pk, user_id=lead.pk))
            self.sessions[run.pk] = []
            for week in range(SESSIONS_PER_RUN):
                day = starts_on + dt.timedelta(weeks=week)
                begin = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
                session = Session(run=run, starts_at=begin, ends_at=begin + dt.timedelta(hours=3))
                sessions.append(session)
                self.sessions[run.pk].append(session)
            (self.open_runs if current else self.runs).append(run)
            self.seats_left[run.pk] = SEATS
        Run.objects.bulk_create(runs, batch_size=1000)
        TargetGroup.objects.bulk_create(groups, batch_size=1000)
        Through.objects.bulk_create(leads, batch_size=2000)
        Session.objects.bulk_create(sessions, batch_size=2000)
        self.run_count = len(runs)
        self.now = timezone.now()

    def _seat(self) -> Run:
        """The next past run with a free seat (runs fill one after another)."""
        for _ in range(len(self.runs)):
            run = self.runs[self.seat_cursor % len(self.runs)]
            if self.seats_left[run.pk] > 0:
                self.seats_left[run.pk] -= 1
                return run
            self.seat_cursor += 1
        return self.rng.choice(self.runs)  # more clients than seats: overfill slightly

    def batch(self, size: int) -> dict[str, int]:
        rng = self.rng
        clients, referrals, history, enrollments, attendances = [], [], [], [], []
        ended: list[tuple[Enrollment, Client, Run]] = []
        took_part: set[Any] = set()
        for _ in range(size):
            fields = self.factory.fields(self.next_number)
            self.next_number += 1
            client = Client(job_centre=self.job_centre, case_manager=rng.choice(self.case_managers),
                            **fields)
            clients.append(client)
            roll = rng.random()
            count = 0 if roll < 0.2 else 2 if roll > 0.9 else 1
            seen: set[Any] = set()
            for _ in range(count):
                status = rng.choices((RS.ACCEPTED, RS.WAITLISTED, RS.DECLINED, RS.WITHDRAWN),
                                     weights=(75, 8, 8, 9))[0]
                run = (rng.choice(self.open_runs) if status == RS.WAITLISTED
                       else self._seat() if status == RS.ACCEPTED else rng.choice(self.runs))
                if run.pk in seen:
                    continue
                seen.add(run.pk)
                lead = self.facilitator_of[run.pk]
                referred = timezone.make_aware(dt.datetime.combine(
                    run.starts_on - dt.timedelta(days=rng.randint(7, 40)), dt.time(10, 0)))
                decided = status in (RS.ACCEPTED, RS.DECLINED)
                referral = Referral(
                    client=client, run=run, referred_by=client.case_manager,
                    potential_note=rng.choice(POTENTIAL_NOTES), status=status,
                    waitlisted_at=referred if status == RS.WAITLISTED else None,
                    decided_by=lead if decided else None, decided_at=referred if decided else None,
                    reason=(rng.choice(DECLINE_REASONS) if status == RS.DECLINED else
                            rng.choice(WITHDRAW_REASONS) if status == RS.WITHDRAWN else ""),
                )
                referrals.append(referral)
                history.append(ReferralStatusChange(referral=referral, to_status=status,
                                                    changed_by=client.case_manager))
                if status != RS.ACCEPTED:
                    continue
                dropped = rng.random() < 0.12
                enrollment = Enrollment(
                    referral=referral, client=client, run=run, started_on=run.starts_on,
                    status=Enrollment.Status.DROPPED_OUT if dropped
                    else Enrollment.Status.COMPLETED,
                    ended_on=run.ends_on, end_reason="Teilnahme abgebrochen" if dropped else "")
                enrollments.append(enrollment)
                ended.append((enrollment, client, run))
                took_part.add(client.pk)
                for session in self.sessions[run.pk]:
                    if session.starts_at > self.now:
                        break
                    attendances.append(Attendance(
                        session=session, enrollment=enrollment,
                        status=rng.choices(("present", "excused", "absent"),
                                           weights=(84, 9, 7))[0]))
        Client.objects.bulk_create(clients, batch_size=2000)
        Referral.objects.bulk_create(referrals, batch_size=2000)
        ReferralStatusChange.objects.bulk_create(history, batch_size=2000)
        Enrollment.objects.bulk_create(enrollments, batch_size=2000)
        Attendance.objects.bulk_create(attendances, batch_size=2000)
        for enrollment, client, run in ended:
            self.outcomes.enrollment(enrollment, client, run.programme_version.programme.name,
                                     facilitator=self.facilitator_of[run.pk],
                                     case_manager=client.case_manager)
        first_day, span = dt.date(2018, 1, 8), max(1, (self.today - dt.date(2018, 1, 8)).days)
        for client in clients:
            if client.pk not in took_part:  # the comparison pool
                self.outcomes.non_participant(
                    client, first_day + dt.timedelta(
                        days=self.outcomes.rng.randint(0, span - 1)))
        return {"Kund:innen": len(clients), "Zuweisungen": len(referrals),
                "Teilnahmen": len(enrollments), "Anwesenheiten": len(attendances),
                **self.outcomes.batch.save()}
