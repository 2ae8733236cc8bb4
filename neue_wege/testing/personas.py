"""The fixed cast every test uses (STYLE.md §4), with glossary roles and German names.

- fatma: facilitator of run A;  jonas: facilitator of run B
- karl: case manager of Nina and Ali;  petra: case manager of Sven
- nina, ali: participants (enrolled clients) in run A;  sven: participant in run B
- maria: management;  admin: administrator
- olga: facilitator of another job centre (tenant isolation)
- nina_user, ali_user, sven_user: the participants' portal accounts (role participant)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.organisation.models import JobCentre, Location, Municipality, User
from neue_wege.programmes.models import Programme, ProgrammeVersion, Run, TargetGroup
from neue_wege.strengths.services.catalogue import catalogue_ensure

PASSWORD = "Sichere-Testphrase-2026"  # noqa: S105
# Test and demo only: the key of every staff persona's authenticator app (second factor), so
# browser tests and the demo can compute the code (`django_otp.oath.totp`). Base32 for apps:
# `base64.b32encode(bytes.fromhex(TOTP_KEY))`.
TOTP_KEY = "4e65756520576567652044656d6f2d4b65792121"  # "Neue Wege Demo-Key!!"


@dataclass
class Cast:
    job_centre: JobCentre
    other_job_centre: JobCentre
    bocholt: Municipality
    gronau: Municipality
    location: Location
    programme: Programme
    version: ProgrammeVersion
    run_a: Run
    run_b: Run
    fatma: User
    jonas: User
    karl: User
    petra: User
    maria: User
    admin: User
    olga: User
    nina: Client
    ali: Client
    sven: Client
    nina_enrollment: Enrollment
    ali_enrollment: Enrollment
    sven_enrollment: Enrollment
    nina_user: User
    ali_user: User
    sven_user: User

    def users(self) -> dict[str, User]:
        return {name: getattr(self, name)
                for name in ("fatma", "jonas", "karl", "petra", "maria", "admin", "olga")}


def make_user(username: str, role: str, job_centre: JobCentre | None, first: str, last: str
              ) -> User:
    user = User(username=username, role=role, job_centre=job_centre, first_name=first,
                last_name=last, email=f"{username}@example.org")
    user.set_password(PASSWORD)
    user.save()
    if role != User.Role.PARTICIPANT:
        TOTPDevice.objects.create(user=user, name="Authenticator-App", key=TOTP_KEY,
                                  confirmed=True)
    return user


def build_cast(today: dt.date | None = None) -> Cast:
    today = today or timezone.localdate()
    jc = JobCentre.objects.create(name="Jobcenter Kreis Borken")
    other = JobCentre.objects.create(name="Jobcenter Kreis Steinfurt")
    bocholt = Municipality.objects.create(name="Bocholt", ags="05554008")
    gronau = Municipality.objects.create(name="Gronau (Westf.)", ags="05554020")
    location = Location.objects.create(job_centre=jc, name="Bocholt", municipality=bocholt,
                                       address="Europaplatz 17, 46399 Bocholt")
    R = User.Role
    fatma = make_user("fatma", R.FACILITATOR, jc, "Fatma", "Yılmaz")
    jonas = make_user("jonas", R.FACILITATOR, jc, "Jonas", "Terhorst")
    karl = make_user("karl", R.CASE_MANAGER, jc, "Karl", "Böing")
    petra = make_user("petra", R.CASE_MANAGER, jc, "Petra", "Schulte")
    maria = make_user("maria", R.MANAGEMENT, jc, "Maria", "Hüsken")
    admin = make_user("admin", R.ADMINISTRATOR, jc, "Anna", "Admin")
    olga = make_user("olga", R.FACILITATOR, other, "Olga", "Fremd")

    programme = Programme.objects.create(job_centre=jc, name="Stärken entdecken")
    version = ProgrammeVersion.objects.create(
        programme=programme, number=1, valid_from=today - dt.timedelta(days=400),
        content="Erfolgsgeschichten schreiben und vorlesen, Stärken-Rückmeldung.",
        target_group_description="Menschen, die an sich zweifeln.",
        change_note="Erste Fassung", created_by=fatma,
    )
    run_a = Run.objects.create(programme_version=version, title="Stärken entdecken A",
                               location=location, capacity=10,
                               starts_on=today - dt.timedelta(days=14),
                               ends_on=today + dt.timedelta(days=60), status=Run.Status.RUNNING)
    run_a.facilitators.add(fatma)
    TargetGroup.objects.create(run=run_a, age_min=25, age_max=60)
    run_b = Run.objects.create(programme_version=version, title="Stärken entdecken B",
                               location=location, capacity=10,
                               starts_on=today - dt.timedelta(days=7),
                               ends_on=today + dt.timedelta(days=70), status=Run.Status.RUNNING)
    run_b.facilitators.add(jonas)
    TargetGroup.objects.create(run=run_b)

    def client(actor: User, number: str, first: str, last: str, gender: str,
               born: dt.date) -> Client:
        return client_create(actor=actor, case_number=number, first_name=first, last_name=last,
                             date_of_birth=born, gender=gender, municipality=bocholt,
                             benefit_since=today - dt.timedelta(days=900))

    nina = client(karl, "BOR-0001", "Nina", "Kemper", "f", dt.date(1988, 3, 14))
    ali = client(karl, "BOR-0002", "Ali", "Demir", "m", dt.date(1979, 11, 2))
    sven = client(petra, "BOR-0003", "Sven", "Lammers", "m", dt.date(1992, 6, 30))

    def enrol(actor: User, c: Client, run: Run, facilitator: User) -> Enrollment:
        referral = referral_create(actor=actor, client=c, run=run,
                                   potential_note="Sieht Chancen in der Pflege.")
        return referral_accept(actor=facilitator, referral=referral)

    def portal_account(c: Client) -> User:
        user = make_user(c.first_name.lower() + "-portal", R.PARTICIPANT, jc, c.first_name,
                         c.last_name)
        Client.objects.filter(pk=c.pk).update(user=user)
        c.user = user
        return user

    catalogue_ensure(job_centre=jc)
    catalogue_ensure(job_centre=other)
    return Cast(
        job_centre=jc, other_job_centre=other, bocholt=bocholt, gronau=gronau,
        location=location, programme=programme, version=version, run_a=run_a, run_b=run_b,
        fatma=fatma, jonas=jonas, karl=karl, petra=petra, maria=maria, admin=admin, olga=olga,
        nina=nina, ali=ali, sven=sven,
        nina_enrollment=enrol(karl, nina, run_a, fatma),
        ali_enrollment=enrol(karl, ali, run_a, fatma),
        sven_enrollment=enrol(petra, sven, run_b, jonas),
        nina_user=portal_account(nina), ali_user=portal_account(ali),
        sven_user=portal_account(sven),
    )


__all__ = ["PASSWORD", "TOTP_KEY", "Cast", "Referral", "build_cast", "make_user"]
