"""The demo's second job centre (issue 16, point 5): one installation serving two job centres.

Jobcenter Kreis Steinfurt has its own administrator, staff, location, programme, run, clients,
referrals and a connected case system, all built through the services. Its names are fixed (no
random generator), so the two-job-centre crawl (tests/access/test_two_job_centres.py) knows
exactly what must never show up for the other job centre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from neue_wege.api import services as api_services
from neue_wege.api.models import ApiClient, Scope
from neue_wege.clients import services as client_services
from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.demo.cleanup import delete_job_centre
from neue_wege.organisation.models import JobCentre, Location, Municipality, User
from neue_wege.programmes import services as programme_services
from neue_wege.programmes.models import Method, Run

NAME = "Jobcenter Kreis Steinfurt"
R = User.Role
STAFF = [  # username, role, first, last
    ("st-admin", R.ADMINISTRATOR, "Gerda", "Hölscher"),
    ("st-coach", R.FACILITATOR, "Bernd", "Wienker"),
    ("st-fall", R.CASE_MANAGER, "Ilka", "Brüning"),
    ("st-leitung", R.MANAGEMENT, "Reinhild", "Terfloth"),
]
CLIENTS = [  # case number, first, last, gender, born
    ("STF-0001", "Wiebke", "Overesch", "f", dt.date(1984, 2, 11)),
    ("STF-0002", "Hendrik", "Schwering", "m", dt.date(1979, 9, 23)),
    ("STF-0003", "Marija", "Kowalczyk", "f", dt.date(1991, 4, 5)),
    ("STF-0004", "Okan", "Yıldırımer", "m", dt.date(1987, 12, 1)),
    ("STF-0005", "Thea", "Bröckelmann", "f", dt.date(1970, 7, 17)),
    ("STF-0006", "Lars", "Niehoff-Saatkamp", "m", dt.date(1995, 1, 30)),
]
PROGRAMME = "Wege in Arbeit Steinfurt"
RUN_TITLE = "Wege in Arbeit Rheine Frühjahr"
METHOD = "Stärkenspaziergang an der Ems"
LOCATION = "Rheine Emsstraße"
API_CLIENT = "Fachverfahren Steinfurt"


@dataclass
class SecondJobCentre:
    job_centre: JobCentre
    staff: dict[str, User]
    location: Location
    run: Run
    method: Method
    clients: list[Client]
    referrals: list[Referral]
    enrollments: list[Enrollment]
    api_client: ApiClient
    counts: dict[str, int] = field(default_factory=dict)

    def markers(self) -> list[str]:
        """Texts and ids of this job centre that nobody of another job centre may see."""
        texts = [NAME, PROGRAMME, RUN_TITLE, METHOD, LOCATION, API_CLIENT]
        texts += [last for _, _, _, last in STAFF]
        texts += [number for number, *_ in CLIENTS] + [last for _, _, last, _, _ in CLIENTS]
        ids = [self.run.pk, self.location.pk, self.method.pk, self.api_client.pk,
               *(c.pk for c in self.clients), *(r.pk for r in self.referrals),
               *(u.public_id for u in self.staff.values())]
        return texts + [str(i) for i in ids]


def build(*, today: dt.date, password_hash: str = "") -> SecondJobCentre:
    rheine, _ = Municipality.objects.get_or_create(
        ags="05566076", defaults={"name": "Rheine", "in_county": False})
    # (the persona cast of the tests already has this job centre, with olga in it)
    jc, _ = JobCentre.objects.get_or_create(name=NAME)
    location = Location.objects.create(job_centre=jc, name=LOCATION, municipality=rheine,
                                       address="Emsstraße 10, 48431 Rheine")
    staff = {}
    for username, role, first, last in STAFF:
        user = User(username=username, role=role, job_centre=jc, first_name=first,
                    last_name=last, email=f"{username}@demo.neue-wege.invalid",
                    home_location=location)
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        user.save()
        staff[username] = user
    coach, case_manager = staff["st-coach"], staff["st-fall"]
    method = programme_services.method_create(
        actor=coach, name=METHOD, purpose="Im Gehen von gelungenen Momenten erzählen.",
        duration_minutes=60, instructions="Zu zweit eine Runde gehen, dann wechseln.")
    programme = programme_services.programme_create(
        actor=coach, name=PROGRAMME, valid_from=today - dt.timedelta(days=365),
        content="Stärken entdecken, Ziele klären, erste Schritte gehen.",
        target_group_description="Menschen, die lange ohne Arbeit sind.", methods=[method],
        responsible_staff=[coach])
    run = programme_services.run_create(
        actor=coach, programme_version=programme.versions.get(), location=location,
        title=RUN_TITLE, capacity=4, starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60), status=Run.Status.RUNNING)
    clients = [client_services.client_create(
        actor=case_manager, case_number=number, first_name=first, last_name=last,
        date_of_birth=born, gender=gender, municipality=rheine,
        benefit_since=today - dt.timedelta(days=800)) for number, first, last, gender, born
        in CLIENTS]
    referrals = [client_services.referral_create(
        actor=case_manager, client=client, run=run,
        potential_note="Packt an und hält durch.") for client in clients[:5]]
    enrollments = [client_services.referral_accept(actor=coach, referral=referral,
                                                   started_on=run.starts_on)
                   for referral in referrals[:3]]
    _backdate(run, referrals, enrollments)
    api_client = api_services.api_client_create(actor=staff["st-admin"], name=API_CLIENT,
                                                scopes=list(Scope.values))
    return SecondJobCentre(
        job_centre=jc, staff=staff, location=location, run=run, method=method,
        clients=clients, referrals=referrals, enrollments=enrollments, api_client=api_client,
        counts={"Mitarbeitende (Steinfurt)": len(staff), "Kund:innen (Steinfurt)": len(clients),
                "Zuweisungen (Steinfurt)": len(referrals)})


def _backdate(run: Run, referrals: list[Referral], enrollments: list[Enrollment]) -> None:
    """A plausible history, as the main demo has: referred two weeks and decided ten days
    before the run began (the run started ten days before the demo was built)."""
    referred = timezone.make_aware(dt.datetime.combine(
        run.starts_on - dt.timedelta(days=14), dt.time(10)))
    decided = referred + dt.timedelta(days=4)
    ids = [referral.pk for referral in referrals]
    Referral.objects.filter(pk__in=ids).update(created_at=referred)
    Referral.objects.filter(pk__in=ids, decided_at__isnull=False).update(decided_at=decided)
    Referral.objects.filter(pk__in=ids, waitlisted_at__isnull=False).update(
        waitlisted_at=decided)
    ReferralStatusChange.objects.filter(referral_id__in=ids).update(changed_at=decided)
    Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).update(created_at=decided)


def delete(job_centre: JobCentre) -> None:
    """Everything of the second job centre (one function for both demo centres)."""
    delete_job_centre(job_centre)


def logins() -> list[tuple[str, str]]:
    return [(username, f"{first} {last} – {R(role).label}") for username, role, first, last
            in STAFF]


__all__ = ["NAME", "SecondJobCentre", "build", "delete", "logins"]
