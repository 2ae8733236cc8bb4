"""`neuewege generate_clients --count 100000`: scale data with history, fast.

Adds synthetic clients to the demo job centre (built first when missing) together with past
runs, sessions, referrals (accepted, waitlisted, declined, withdrawn), enrollments and
attendance. Bulk generation bypasses the services on purpose (they write row by row with audit
events); it writes no audit rows because no person acted. Works on SQLite and PostgreSQL; on
PostgreSQL the rows go in through COPY (`neue_wege.demo.bulk`), about a million clients in
well under 15 minutes.

Staff are sized like the county's: enough case managers that each has about
`CASELOAD` clients (100–150), spread over the offices, and enough facilitators that each
leads about `RUNS_PER_FACILITATOR_YEAR` runs a year.
"""

from __future__ import annotations

import datetime as dt
import math
import queue
import random
import secrets
import threading
import time
import uuid
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.demo import bulk
from neue_wege.demo.content import (
    DECLINE_REASONS,
    POTENTIAL_NOTES,
    WITHDRAW_REASONS,
)
from neue_wege.demo.management.commands.demo import JOB_CENTRE, demo_build
from neue_wege.demo.synthetic import ClientFactory, municipalities_ensure
from neue_wege.organisation.models import JobCentre, Location, User
from neue_wege.outcomes.models import FollowUp, LabourMarketEvent, Outcome, SelfAssessment
from neue_wege.outcomes.services import current_instrument
from neue_wege.outcomes.synthetic import OutcomeSimulator
from neue_wege.programmes.models import Attendance, ProgrammeVersion, Run, Session, TargetGroup

SEATS = 12
SESSIONS_PER_RUN = 6
CASELOAD = 125  # clients per case manager (the county's caseloads are about 100–150)
RUNS_PER_FACILITATOR_YEAR = 6  # six-week runs, a few of them side by side
FIRST_RUN_DAY = dt.date(2018, 1, 8)
RS = Referral.Status
ATTENDANCE, ATTENDANCE_WEIGHTS = ("present", "excused", "absent"), (84, 93, 100)


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
        runs = math.ceil(count * 0.7 / (SEATS - 1)) + 4
        years = max(1.0, (today - FIRST_RUN_DAY).days / 365.25)
        existing = Client.objects.filter(job_centre=job_centre).count()
        staff_ensure(job_centre, seed=seed,
                     case_managers=math.ceil((existing + count) / CASELOAD),
                     facilitators=math.ceil(runs / (years * RUNS_PER_FACILITATOR_YEAR)))
        generator = Generator(job_centre=job_centre, seed=seed, today=today)
        generator.runs_create(runs)
        totals = {"Kund:innen": 0, "Zuweisungen": 0, "Teilnahmen": 0, "Anwesenheiten": 0}
        with tqdm(total=count, unit=" Kund:innen", disable=no_progress,
                  file=self.stderr._out) as progress:  # type: ignore[attr-defined]
            # PostgreSQL outside a test transaction: a second connection writes one batch while
            # the next is generated (COPY runs in the server, the GIL is free meanwhile).
            writer = Writer(threaded=connection.vendor == "postgresql"
                            and not connection.in_atomic_block)
            done = 0
            try:
                while done < count:
                    size = min(batch_size, count - done)
                    counts, writes = generator.batch(size)
                    writer.put(writes)
                    for key, value in counts.items():
                        totals[key] = totals.get(key, 0) + value
                    done += size
                    progress.update(size)
            finally:
                writer.close()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Fertig in {elapsed:.1f} s ({_number(round(count / elapsed))} Kund:innen/s): "
            + ", ".join(f"{_number(v)} {k}" for k, v in totals.items())
            + f"; {_number(generator.run_count)} Durchläufe, "
              f"{_number(len(generator.case_managers))} Fallmanager:innen, "
              f"{_number(len(generator.facilitators))} Projektleitungen"))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def staff_ensure(job_centre: JobCentre, *, seed: int, case_managers: int,
                 facilitators: int) -> None:
    """Add case managers and facilitators (without a usable password) up to the numbers.

    They are spread over the job centre's offices; the demo personas stay as they are."""
    locations = list(Location.objects.filter(job_centre=job_centre).order_by("name"))
    faker = Faker("de_DE")
    faker.seed_instance(seed + 100)
    password = make_password(None)  # unusable: these accounts exist for the data only
    new = []
    for role, wanted, prefix in ((User.Role.CASE_MANAGER, case_managers, "fm"),
                                 (User.Role.FACILITATOR, facilitators, "pl")):
        have = User.objects.filter(job_centre=job_centre, role=role).count()
        taken = User.objects.filter(username__startswith=f"{prefix}-").count()
        for index in range(taken + 1, taken + 1 + max(0, wanted - have)):
            username = f"{prefix}-{index:05d}"
            new.append(User(username=username, password=password, role=role,
                            job_centre=job_centre, first_name=faker.first_name(),
                            last_name=faker.last_name(),
                            email=f"{username}@demo.neue-wege.invalid",
                            home_location=locations[index % len(locations)] if locations
                            else None))
    User.objects.bulk_create(new, batch_size=1000)


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
        # Primary keys from a random stream of their own, seeded from the system's: os.urandom
        # per row (uuid4) is a fifth of the time. Not reproducible from --seed on purpose.
        self.ids = random.Random(secrets.randbits(128))
        self.outcomes = OutcomeSimulator(rng=random.Random(seed + 6), today=today,
                                         instrument=current_instrument())

    # runs with their sessions, spread over the years since the programmes became permanent
    def runs_create(self, number: int) -> None:
        first_day = FIRST_RUN_DAY
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

    def uuid(self) -> uuid.UUID:
        """A version-4 UUID for synthetic rows (Mersenne Twister: fine for test data only)."""
        return uuid.UUID(int=self.ids.getrandbits(128), version=4)

    def _seat(self) -> Run:
        """The next past run with a free seat (runs fill one after another)."""
        for _ in range(len(self.runs)):
            run = self.runs[self.seat_cursor % len(self.runs)]
            if self.seats_left[run.pk] > 0:
                self.seats_left[run.pk] -= 1
                return run
            self.seat_cursor += 1
        return self.rng.choice(self.runs)  # more clients than seats: overfill slightly

    def batch(self, size: int) -> tuple[dict[str, int], list[tuple[type[Model], list[Any]]]]:
        """``size`` new clients with their history: the counts and the rows to write."""
        rng = self.rng
        clients, referrals, history, enrollments, attendances = [], [], [], [], []
        ended: list[tuple[Enrollment, Client, Run, User]] = []
        took_part: set[Any] = set()
        for _ in range(size):
            fields = self.factory.fields(self.next_number)
            self.next_number += 1
            # foreign keys as ids: Django's relation descriptors cost more than the row
            manager = rng.choice(self.case_managers)
            client = Client(id=self.uuid(), job_centre_id=self.job_centre.pk,
                            case_manager_id=manager.pk, **fields)
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
                referral_id = self.uuid()
                referrals.append({
                    "id": referral_id, "client_id": client.pk, "run_id": run.pk,
                    "referred_by_id": manager.pk,
                    "potential_note": rng.choice(POTENTIAL_NOTES), "status": status,
                    "waitlisted_at": referred if status == RS.WAITLISTED else None,
                    "decided_by_id": lead.pk if decided else None,
                    "decided_at": referred if decided else None,
                    "reason": (rng.choice(DECLINE_REASONS) if status == RS.DECLINED else
                               rng.choice(WITHDRAW_REASONS) if status == RS.WITHDRAWN else ""),
                })
                history.append({"referral_id": referral_id, "to_status": status,
                                "changed_by_id": manager.pk})
                if status != RS.ACCEPTED:
                    continue
                dropped = rng.random() < 0.12
                enrollment = Enrollment(
                    id=self.uuid(), referral_id=referral_id, client_id=client.pk, run=run,
                    started_on=run.starts_on,
                    status=Enrollment.Status.DROPPED_OUT if dropped
                    else Enrollment.Status.COMPLETED,
                    ended_on=run.ends_on, end_reason="Teilnahme abgebrochen" if dropped else "")
                enrollments.append(enrollment)
                ended.append((enrollment, client, run, manager))
                took_part.add(client.pk)
                for session in self.sessions[run.pk]:
                    if session.starts_at > self.now:
                        break
                    attendances.append({
                        "id": self.uuid(), "session_id": session.pk,
                        "enrollment_id": enrollment.pk,
                        "status": rng.choices(ATTENDANCE, cum_weights=ATTENDANCE_WEIGHTS)[0]})
        writes: list[tuple[type[Model], list[Any]]] = [
            (Client, clients), (Referral, referrals), (ReferralStatusChange, history),
            (Enrollment, enrollments), (Attendance, attendances)]
        for enrollment, client, run, manager in ended:
            self.outcomes.enrollment(enrollment, client, run.programme_version.programme.name,
                                     facilitator=self.facilitator_of[run.pk],
                                     case_manager=manager)
        first_day, span = FIRST_RUN_DAY, max(1, (self.today - FIRST_RUN_DAY).days)
        for client in clients:
            if client.pk not in took_part:  # the comparison pool
                self.outcomes.non_participant(
                    client, first_day + dt.timedelta(
                        days=self.outcomes.rng.randint(0, span - 1)))
        rows = self.outcomes.batch
        writes += [(Outcome, rows.outcomes), (FollowUp, rows.follow_ups),
                   (SelfAssessment, rows.assessments), (LabourMarketEvent, rows.events)]
        return {"Kund:innen": len(clients), "Zuweisungen": len(referrals),
                "Teilnahmen": len(enrollments), "Anwesenheiten": len(attendances),
                **rows.clear()}, writes


class Writer:
    """Writes each batch in one transaction, inline or in a thread with its own connection."""

    def __init__(self, *, threaded: bool) -> None:
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True) if threaded else None
        if self.thread is not None:
            self.thread.start()

    @staticmethod
    def _write(writes: list[tuple[type[Model], list[Any]]]) -> None:
        with transaction.atomic():
            for model, rows in writes:
                bulk.write(model, rows)

    def put(self, writes: list[tuple[type[Model], list[Any]]]) -> None:
        if self.thread is None:
            self._write(writes)
            return
        if self.error is not None:
            raise CommandError(f"Schreiben fehlgeschlagen: {self.error}") from self.error
        self.queue.put(writes)

    def _run(self) -> None:
        try:
            while (writes := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        self._write(writes)
                    except BaseException as error:  # reported by put() and close()
                        self.error = error
        finally:
            connection.close()

    def close(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            if self.error is not None:
                raise CommandError(f"Schreiben fehlgeschlagen: {self.error}") from self.error
