"""`neuewege demo`: the demo county (Jobcenter Kreis Borken) with staff, programmes, runs,
sessions, ~200 synthetic clients, referrals, enrollments and attendance.

Idempotent: when the demo job centre exists it only prints the logins; `--reset` deletes the
demo job centre's data and builds it again. Writes go through the apps' services, so the demo
also exercises the rules (waitlist when full, audit rows); only closing past enrollments has no
service yet and is done with one bulk update.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import random
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from neue_wege.clients import services as client_services
from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.demo import second_job_centre
from neue_wege.demo.cleanup import delete_job_centre
from neue_wege.demo.content import (
    DECLINE_REASONS,
    METHODS,
    POTENTIAL_NOTES,
    PROGRAMMES,
    WITHDRAW_REASONS,
)
from neue_wege.demo.messaging import messaging_demo
from neue_wege.demo.orientation import orientation_demo
from neue_wege.demo.outcomes import outcomes_demo
from neue_wege.demo.portal import participant_logins, portal_demo
from neue_wege.demo.synthetic import ClientFactory, municipalities_ensure
from neue_wege.organisation.models import JobCentre, Location, Municipality, User
from neue_wege.programmes import services as programme_services
from neue_wege.programmes.models import (
    Method,
    Programme,
    ProgrammeVersion,
    Run,
    Session,
)
from neue_wege.testing.personas import TOTP_KEY

JOB_CENTRE = "Jobcenter Kreis Borken"
PASSWORD = "Neue-Wege-Demo-2026"  # noqa: S105  (printed on purpose: demo accounts only)
DEMO_TOTP_KEY_BASE32 = base64.b32encode(bytes.fromhex(TOTP_KEY)).decode()  # printed: demo only

R = User.Role
STAFF = [  # username, role, first, last, home location
    ("fatma", R.FACILITATOR, "Fatma", "Yılmaz", "Bocholt"),
    ("jonas", R.FACILITATOR, "Jonas", "Terhorst", "Borken"),
    ("anke", R.FACILITATOR, "Anke", "Wessels", "Gronau"),
    ("dirk", R.FACILITATOR, "Dirk", "Hüning", "Borken"),
    ("karl", R.CASE_MANAGER, "Karl", "Böing", "Bocholt"),
    ("petra", R.CASE_MANAGER, "Petra", "Schulte", "Borken"),
    ("mehmet", R.CASE_MANAGER, "Mehmet", "Aydın", "Gronau"),
    ("sabine", R.CASE_MANAGER, "Sabine", "Rietmann", "Bocholt"),
    ("lukas", R.CASE_MANAGER, "Lukas", "Tenbrink", "Borken"),
    ("olena", R.CASE_MANAGER, "Olena", "Kovalenko", "Gronau"),
    ("maria", R.MANAGEMENT, "Maria", "Hüsken", "Borken"),
    ("admin", R.ADMINISTRATOR, "Anna", "Brüggemann", "Borken"),
]
LOCATIONS = [  # name, kind, AGS, address
    ("Bocholt", Location.Kind.OFFICE, "05554008", "46399 Bocholt"),
    ("Borken", Location.Kind.OFFICE, "05554012", "46325 Borken"),
    ("Gronau", Location.Kind.OFFICE, "05554020", "48599 Gronau (Westf.)"),
    ("Familienzentrum Vreden", Location.Kind.MOBILE_VENUE, "05554068", "48691 Vreden"),
    ("Bürgerhaus Isselburg", Location.Kind.MOBILE_VENUE, "05554032", "46419 Isselburg"),
]
# programme, location, facilitator, start offset (days from today), weeks, weekdays,
# capacity, target group, waitlist extra
RUNS = [
    ("Stärken entdecken", "Bocholt", "fatma", -210, 10, [1, 3], 12, {"age_min": 25}, 0),
    ("Stärken entdecken", "Borken", "jonas", -130, 10, [1, 3], 12, {"age_min": 25}, 0),
    ("Stärken entdecken", "Bocholt", "fatma", -30, 10, [1, 3], 12, {"age_min": 25}, 3),
    ("Stärken entdecken", "Gronau", "anke", -12, 10, [0, 2], 12, {"age_min": 25}, 0),
    ("Stärken entdecken", "Borken", "jonas", 28, 10, [1, 3], 12, {"age_min": 25}, 0),
    ("Stärken entdecken", "Gronau", "anke", 70, 10, [0, 2], 12, {"age_min": 25}, 0),
    ("Neue Wege für Alleinerziehende", "Borken", "dirk", -170, 10, [2], 10,
     {"single_parents_only": True}, 0),
    ("Neue Wege für Alleinerziehende", "Bocholt", "fatma", -20, 10, [0, 2], 10,
     {"single_parents_only": True}, 6),
    ("Neue Wege für Alleinerziehende", "Gronau", "anke", 42, 10, [1], 10,
     {"single_parents_only": True}, 0),
    ("Perspektive 50plus", "Gronau", "anke", -190, 8, [3], 12, {"age_min": 50}, 0),
    ("Perspektive 50plus", "Borken", "dirk", -5, 8, [1, 3], 12, {"age_min": 50}, 0),
    ("Mobil im Kreis", "Familienzentrum Vreden", "dirk", -110, 8, [2], 10, {}, 0),
    ("Mobil im Kreis", "Bürgerhaus Isselburg", "jonas", -14, 8, [0], 10, {}, 0),
    ("Mobil im Kreis", "Familienzentrum Vreden", "dirk", 45, 8, [2], 10, {}, 8),
]


class Command(BaseCommand):
    help = "Baut die Demo des Kreises Borken auf (idempotent; --reset baut sie neu)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true",
                            help="Demo-Daten löschen und neu aufbauen")
        parser.add_argument("--clients", type=int, default=200,
                            help="Zahl der synthetischen Kund:innen (Standard 200)")
        parser.add_argument("--seed", type=int, default=2026, help="Zufallsstartwert")

    def handle(self, *args: Any, reset: bool, clients: int, seed: int, **options: Any) -> None:
        started = time.monotonic()
        # The occupational classification (idempotent: unchanged rows are not written again).
        from neue_wege.orientation.services.occupations_import import import_occupations
        self.stdout.write(import_occupations().summary_de())
        existing = JobCentre.objects.filter(name=JOB_CENTRE).first()
        if existing is not None and not reset:
            self.stdout.write(f"Die Demo ({JOB_CENTRE}) ist schon angelegt. "
                              "Neu aufbauen mit: neuewege demo --reset")
            self._print_logins()
            return
        with transaction.atomic():
            if existing is not None:
                demo_delete(existing)
                self.stdout.write("Alte Demo-Daten gelöscht.")
            second = JobCentre.objects.filter(name=second_job_centre.NAME).first()
            if second is not None:
                second_job_centre.delete(second)
            summary = demo_build(clients=clients, seed=seed, today=timezone.localdate())
            # A second job centre on the same installation (issue 16, point 5).
            hashed = User(username="x")
            hashed.set_password(PASSWORD)
            summary |= second_job_centre.build(today=timezone.localdate(),
                                               password_hash=hashed.password).counts
        self.stdout.write(self.style.SUCCESS(
            f"Demo aufgebaut in {time.monotonic() - started:.1f} s: " + ", ".join(
                f"{count} {label}" for label, count in summary.items())))
        self._print_logins()

    def _print_logins(self) -> None:
        demo_second_factor_ensure()
        self.stdout.write("\nAnmeldungen (Passwort für alle: " + PASSWORD + "):")
        for username, role, first, last, location in STAFF:
            label = str(R(role).label)
            self.stdout.write(f"  {username:<8} {first} {last} – {label}, {location}")
        self.stdout.write(
            "\nZweiter Faktor für Mitarbeitende (nur Demo, alle denselben Schlüssel): in einer "
            "Authenticator-App ein Konto mit dem Schlüssel " + DEMO_TOTP_KEY_BASE32 + " anlegen "
            "(zeitbasiert, 6 Ziffern, 30 Sekunden) oder den Code so berechnen:\n"
            "  .venv/bin/python -c \"from django_otp.oath import totp; "
            "print(f'{totp(bytes.fromhex(\\\"" + TOTP_KEY + "\\\")):06d}')\"")
        self.stdout.write(f"\nZweites Jobcenter ({second_job_centre.NAME}), gleiches Passwort "
                          "und gleicher Schlüssel:")
        for username, label in second_job_centre.logins():
            self.stdout.write(f"  {username:<10} {label}")
        job_centre = JobCentre.objects.filter(name=JOB_CENTRE).first()
        participants = participant_logins(job_centre) if job_centre else []
        if participants:
            self.stdout.write("\nTeilnehmende im Portal (gleiches Passwort):")
            for username, name in participants:
                self.stdout.write(f"  {username:<8} {name}")


def demo_second_factor_ensure() -> None:
    """Demo only: every demo staff account gets the printed authenticator key (second factor)."""
    staff = (User.objects.filter(job_centre__name__in=(JOB_CENTRE, second_job_centre.NAME))
             .exclude(role=R.PARTICIPANT))
    for user in staff.exclude(totpdevice__confirmed=True):
        TOTPDevice.objects.create(user=user, name="Demo-App", key=TOTP_KEY, confirmed=True)


# --- delete -------------------------------------------------------------------------------------
def demo_delete(job_centre: JobCentre) -> None:
    """Delete everything that belongs to the demo job centre (demo/cleanup.py)."""
    delete_job_centre(job_centre)


# --- build --------------------------------------------------------------------------------------
HISTORY_PREFIX = "SYN-"  # case numbers of the people in the evaluation history


def _history_people_named(jc: JobCentre, case_managers: list[User], seed: int) -> None:
    """Give the history's made-up people plausible names and spread them over the caseloads."""
    from faker import Faker

    fake = Faker("de_DE")
    fake.seed_instance(seed)
    people = list(Client.objects.filter(job_centre=jc, case_number__startswith=HISTORY_PREFIX)
                  .order_by("case_number"))
    for index, person in enumerate(people):
        person.first_name = (fake.first_name_female() if person.gender == "f"
                             else fake.first_name_male())
        person.last_name = fake.last_name()
        person.case_manager = case_managers[index % len(case_managers)]
    Client.objects.bulk_update(people, ["first_name", "last_name", "case_manager"])


def demo_build(*, clients: int, seed: int, today: dt.date,
               with_history: bool = True) -> dict[str, int]:
    """The demo county. ``with_history``: add past runs for the evaluation (off for scale data,
    whose generator simulates its own outcomes)."""
    rng = random.Random(seed)
    municipalities = municipalities_ensure()
    # The shipped NRW school holidays (idempotent), so session planning can skip them.
    call_command("load_school_holidays", stdout=io.StringIO())
    by_ags = {m.ags: m for m, _ in municipalities}
    jc = JobCentre.objects.create(name=JOB_CENTRE)
    locations = {
        name: Location.objects.create(job_centre=jc, name=name, kind=kind,
                                      municipality=by_ags[ags], address=address)
        for name, kind, ags, address in LOCATIONS
    }
    staff = _staff_create(jc, locations)
    lead = staff["fatma"]

    methods = {name: programme_services.method_create(
        actor=lead, name=name, purpose=purpose, duration_minutes=minutes, materials=materials,
        instructions=instructions) for name, purpose, minutes, materials, instructions in METHODS}

    versions: dict[str, list[ProgrammeVersion]] = {}
    for name, history in PROGRAMMES:
        first, *later = history
        programme = programme_services.programme_create(
            actor=lead, name=name, valid_from=first[0], content=first[1],
            target_group_description=first[2], change_note=first[3],
            methods=[methods[m] for m in first[4]], responsible_staff=[lead])
        for valid_from, content, target, note, method_names in later:
            programme_services.programme_version_create(
                actor=lead, programme=programme, valid_from=valid_from, content=content,
                target_group_description=target, change_note=note,
                methods=[methods[m] for m in method_names], responsible_staff=[lead])
        versions[name] = list(programme.versions.order_by("valid_from"))

    factory = ClientFactory(seed, municipalities, today)
    case_managers = [u for u in staff.values() if u.role == R.CASE_MANAGER]
    pool: list[Client] = []
    for number in range(1, clients + 1):
        fields = factory.fields(number)
        pool.append(client_services.client_create(actor=rng.choice(case_managers), **fields))
    rng.shuffle(pool)

    counts = {"Durchläufe": 0, "Termine": 0, "Zuweisungen": 0, "Anwesenheiten": 0}
    now = timezone.now()
    used: set[Any] = set()
    for index, spec in enumerate(RUNS):
        (programme_name, location_name, facilitator_name, offset, weeks, weekdays, capacity,
         target, extra) = spec
        facilitator = staff[facilitator_name]
        starts_on = today + dt.timedelta(days=offset)
        ends_on = starts_on + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
        version = [v for v in versions[programme_name] if v.valid_from <= starts_on][-1]
        past = ends_on < today
        status = (Run.Status.RUNNING if starts_on <= today else
                  Run.Status.OPEN if offset < 60 else Run.Status.PLANNED)
        title = f"{programme_name} {location_name} {starts_on:%m/%Y}"
        run = programme_services.run_create(
            actor=facilitator, programme_version=version, location=locations[location_name],
            title=title, capacity=capacity, starts_on=starts_on, ends_on=ends_on, status=status,
            target_group={"health_limits_welcome": True, **target})
        counts["Durchläufe"] += 1
        counts["Termine"] += _sessions_plan(facilitator, run, weekdays)

        fits = _fits(target, today, mobile=locations[location_name].kind == "mobile",
                     near=locations[location_name].municipality)
        candidates = [c for c in pool if c.pk not in used and fits(c)]
        candidates += [c for c in pool if c.pk not in used and c not in candidates]
        filled = (capacity if starts_on <= today or extra
                  else rng.randint(capacity // 2, capacity - 2))
        wanted = filled + extra + (2 if index % 3 == 0 else 1)
        chosen = candidates[:wanted]
        used.update(c.pk for c in chosen)
        enrollments = []
        for position, person in enumerate(chosen):
            referral = client_services.referral_create(
                actor=person.case_manager, client=person, run=run,
                potential_note=rng.choice(POTENTIAL_NOTES),
                # stored only for the few who miss a criterion (too few fitting people)
                fit_reason="Passt nicht in jedem Punkt, bringt aber viel Motivation mit.")
            counts["Zuweisungen"] += 1
            if position < filled:
                enrollments.append(client_services.referral_accept(
                    actor=facilitator, referral=referral, started_on=starts_on))
            elif position < filled + extra and not past:
                continue  # waits for a seat
            elif starts_on > today and rng.random() < 0.6:
                continue  # still pending: the facilitator decides
            elif position % 2:
                client_services.referral_decline(actor=facilitator, referral=referral,
                                                 reason=rng.choice(DECLINE_REASONS))
            else:
                client_services.referral_withdraw(actor=person.case_manager,
                                                  referral=referral,
                                                  reason=rng.choice(WITHDRAW_REASONS))
        _referrals_backdate(run, today=today, now=now)
        counts["Anwesenheiten"] += _attendance(run, facilitator, enrollments, now, rng,
                                               list(methods.values()))
        if past:
            dropped = {e.pk for e in enrollments if rng.random() < 0.12}
            Enrollment.objects.filter(run=run, status=Enrollment.Status.ACTIVE).exclude(
                pk__in=dropped).update(status=Enrollment.Status.COMPLETED, ended_on=ends_on)
            Enrollment.objects.filter(pk__in=dropped).update(
                status=Enrollment.Status.DROPPED_OUT,
                ended_on=starts_on + dt.timedelta(days=rng.randint(14, 40)),
                end_reason="Teilnahme abgebrochen")
            programme_services.run_update(
                actor=facilitator, run=run, programme_version=version, location=run.location,
                title=title, capacity=capacity, starts_on=starts_on, ends_on=ends_on,
                status=Run.Status.FINISHED)
    portal = portal_demo(jc=jc, facilitator=lead, password=PASSWORD)
    portal |= outcomes_demo(jc=jc, today=today, seed=seed)  # outcomes and comparison pool
    portal |= orientation_demo(jc=jc, facilitator=lead, today=today, seed=seed)  # "Mein Weg"
    portal |= messaging_demo(jc=jc, seed=seed)  # consents per channel, legal notice
    if with_history:
        # Finished runs two and three years back with their outcomes and a comparison pool,
        # so management's evaluation shows the matched comparison and survival curves.
        from neue_wege.evaluation import synthetic

        past = synthetic.build(
            job_centre=jc, case_manager=case_managers[0], facilitator=lead,
            location=locations[LOCATIONS[0][0]], municipalities=[m for m, _ in municipalities],
            programme=Programme.objects.get(job_centre=jc, name=PROGRAMMES[0][0]),
            today=today, seed=seed)
        _history_people_named(jc, case_managers, seed)
        portal["Frühere Durchläufe (Auswertung)"] = len(past.runs)
    return {"Kommunen": len(municipalities), "Standorte": len(locations),
            "Mitarbeitende": len(staff), "Methoden": len(methods),
            "Projekte": len(versions), "Kund:innen": len(pool), **counts, **portal}


def _staff_create(jc: JobCentre, locations: dict[str, Location]) -> dict[str, User]:
    hashed = User(username="x")
    hashed.set_password(PASSWORD)  # hash once (Argon2 is slow on purpose), reuse for all
    users = {}
    for username, role, first, last, location in STAFF:
        users[username] = User.objects.create(
            username=username, password=hashed.password, role=role, job_centre=jc,
            first_name=first, last_name=last, email=f"{username}@demo.neue-wege.invalid",
            home_location=locations[location])
    return users


# Nobody holds a session on Christmas Eve or New Year's Eve, even outside the school holidays.
NO_SESSION_DAYS = ((12, 24), (12, 31))


def _sessions_plan(facilitator: User, run: Run, weekdays: list[int]) -> int:
    """The run's sessions without public holidays, school holidays, 24.12. and 31.12."""
    plan = programme_services.sessions_generate(
        actor=facilitator, run=run, weekdays=weekdays, starts_at=dt.time(9, 0),
        ends_at=dt.time(12, 0), skip_school_holidays=True)
    closed = []
    for session in plan.created:
        day = timezone.localtime(session.starts_at)
        if (day.month, day.day) in NO_SESSION_DAYS:
            closed.append(session.pk)
    Session.objects.filter(pk__in=closed).delete()  # just planned: no attendance yet
    return len(plan.created) - len(closed)


def _referrals_backdate(run: Run, *, today: dt.date, now: dt.datetime) -> None:
    """The services stamp "now"; a plausible history has the referrals made three weeks before
    the start (today for runs that start later) and decided a week after, before the start."""
    referred_at = timezone.make_aware(dt.datetime.combine(
        min(today, run.starts_on - dt.timedelta(days=21)), dt.time(10, 0)))
    decided_at = min(referred_at + dt.timedelta(days=7), now)
    referrals = Referral.objects.filter(run=run)
    referrals.update(created_at=referred_at, updated_at=decided_at)
    referrals.filter(decided_at__isnull=False).update(decided_at=decided_at)
    referrals.filter(waitlisted_at__isnull=False).update(waitlisted_at=decided_at)
    history = ReferralStatusChange.objects.filter(referral__run=run)
    history.filter(from_status="").update(changed_at=referred_at)
    history.exclude(from_status="").update(changed_at=decided_at)
    Enrollment.objects.filter(run=run).update(created_at=decided_at, updated_at=decided_at)


def _fits(target: dict[str, Any], today: dt.date, *, mobile: bool, near: Municipality) -> Any:
    def fits(client: Client) -> bool:
        if target.get("single_parents_only") and not client.single_parent:
            return False
        age = client.age_on(today)
        if age < target.get("age_min", 0):
            return False
        if mobile and client.municipality_id != near.pk:
            return False
        return True
    return fits


def _attendance(run: Run, facilitator: User, enrollments: list[Enrollment], now: dt.datetime,
                rng: random.Random, methods: list[Method]) -> int:
    recorded = 0
    if not enrollments:
        return 0
    for session in Session.objects.filter(run=run, starts_at__lt=now).order_by("starts_at"):
        statuses = {
            enrollment.pk: rng.choices(("present", "excused", "absent"), weights=(84, 9, 7))[0]
            for enrollment in enrollments
        }
        programme_services.attendance_record(
            actor=facilitator, session=session, statuses=statuses, note="",
            methods=rng.sample(methods, 2))
        recorded += len(statuses)
    return recorded


__all__ = ["JOB_CENTRE", "PASSWORD", "Command", "demo_build", "demo_delete"]
