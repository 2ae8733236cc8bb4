"""`neuewege demo` builds the demo county, is idempotent and rebuilds with --reset.

Building the demo is the slowest thing in the PostgreSQL lane, so the checks share builds: one
for what is built (the county, the programme space, the participants' paths, a plausible
history) and a second run, one for the reset.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.organisation.models import JobCentre, Location, Municipality, User
from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    Vision,
)
from neue_wege.programmes.models import (
    Attendance,
    Method,
    Programme,
    ProgrammeVersion,
    Run,
    SchoolHoliday,
    Session,
)

pytestmark = pytest.mark.django_db

# A December day: the running runs reach over Christmas, the history lies in 2023 and 2024.
BUILT_ON = dt.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _demo(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(BUILT_ON, tick=False):
        call_command("demo", "--clients", "60", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_the_county_with_every_kind_of_object():
    """One build, all its checks, then a second run."""
    output = _demo()
    jc = JobCentre.objects.get(name="Jobcenter Kreis Borken")
    county = Municipality.objects.filter(in_county=True, ags__startswith="05554")
    assert county.count() == 17
    assert Municipality.objects.get(name="Vreden").ags == "05554068"
    assert Municipality.objects.filter(in_county=False).exists()
    assert set(Location.objects.filter(job_centre=jc).values_list("kind", flat=True)) == {
        "office", "mobile"}
    roles = list(User.objects.filter(job_centre=jc).values_list("role", flat=True))
    assert (roles.count("facilitator"), roles.count("case_manager"),
            roles.count("management"), roles.count("administrator")) == (4, 6, 1, 1)
    assert Method.objects.filter(job_centre=jc).count() >= 10
    assert Programme.objects.filter(job_centre=jc).count() >= 3
    assert ProgrammeVersion.objects.filter(programme__name="Stärken entdecken").count() == 3
    statuses = set(Run.objects.values_list("status", flat=True))
    assert {"finished", "running"} <= statuses
    assert statuses & {"open", "planned"}
    pool = Client.objects.filter(job_centre=jc).exclude(case_number__startswith="SYN-")
    assert pool.count() == 60
    # The evaluation history: past runs with outcomes and a comparison pool, under real names.
    history = Client.objects.filter(job_centre=jc, case_number__startswith="SYN-")
    assert history.count() > 100
    assert not history.filter(first_name="Synth").exists()
    assert len(set(history.values_list("case_manager", flat=True))) > 1
    referral_statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"accepted", "waitlisted"} <= referral_statuses
    assert Enrollment.objects.filter(status="completed").exists()
    assert Attendance.objects.filter(status="present").exists()
    assert "Neue-Wege-Demo-2026" in output
    assert "maria" in output and "karl" in output
    # Letters and messages (issue 15): a legal notice and consents of current participants.
    from neue_wege.messaging.channels import normalise_mobile
    from neue_wege.messaging.models import ContactChannel, LegalNotice
    assert LegalNotice.objects.filter(job_centre=jc, version=1).exists()
    channels = set(ContactChannel.objects.values_list("channel", flat=True))
    assert channels == {"email", "sms", "letter"}
    for number in ContactChannel.objects.filter(channel="sms").values_list("address", flat=True):
        assert normalise_mobile(number) == number
    # A second job centre on the same installation, with its own administrator (issue 16)
    second = JobCentre.objects.get(name="Jobcenter Kreis Steinfurt")
    assert User.objects.get(username="st-admin").job_centre == second
    assert User.objects.get(username="st-admin").role == "administrator"
    assert Client.objects.filter(job_centre=second).count() == 6
    assert "st-admin" in output
    # The participants' programme space: four portal accounts in active runs, stories shared
    # with the group, peer feedback never given by a story's own writer.
    from neue_wege.strengths.models import Story, StrengthFeedback
    participants = User.objects.filter(role=User.Role.PARTICIPANT)
    assert participants.count() == 4
    assert all(p.client.enrollments.filter(status="active").exists() for p in participants)
    assert Story.objects.filter(visibility=Story.Visibility.GROUP).count() == 3
    peer = StrengthFeedback.objects.filter(source=StrengthFeedback.Source.PEER)
    assert peer.exists()
    assert all(f.given_by_id != f.story.enrollment.client.user_id for f in peer)
    _participants_have_a_path(participants)
    _referrals_are_made_and_decided_before_their_run_starts()
    _no_session_on_a_holiday_christmas_eve_or_new_years_eve()
    # A second run changes nothing and prints the log-ins again.
    before = (Client.objects.count(), Referral.objects.count(), Run.objects.count())
    output = _demo()
    assert "schon angelegt" in output
    assert "fatma" in output
    assert (Client.objects.count(), Referral.objects.count(), Run.objects.count()) == before


def test_reset_rebuilds_the_demo():
    """Also after the demo was used: letters sent, a case system connected (their rows are
    protected from deletion until the reset removes them in order, demo/cleanup.py)."""
    from neue_wege.api.models import Scope
    from neue_wege.api.services import api_client_create
    from neue_wege.messaging.models import OutboundMessage
    from neue_wege.messaging.services import invitations_create

    _demo()
    borken = JobCentre.objects.get(name="Jobcenter Kreis Borken")
    run = Run.objects.filter(programme_version__programme__job_centre=borken,
                             enrollments__status=Enrollment.Status.ACTIVE).distinct().first()
    assert invitations_create(actor=run.facilitators.first(), run=run)
    admin = User.objects.filter(job_centre=borken, role=User.Role.ADMINISTRATOR).first()
    api_client_create(actor=admin, name="Fachverfahren", scopes=[Scope.values[0]])
    old_ids = set(Client.objects.values_list("pk", flat=True))
    output = _demo("--reset")
    assert "gelöscht" in output
    assert JobCentre.objects.filter(name="Jobcenter Kreis Borken").count() == 1
    assert Client.objects.filter(job_centre__name="Jobcenter Kreis Borken").exclude(
        case_number__startswith="SYN-").count() == 60
    assert not old_ids & set(Client.objects.values_list("pk", flat=True))
    assert Municipality.objects.filter(ags__startswith="05554").count() == 17
    assert not OutboundMessage.objects.filter(run=run).exists()
    assert Vision.objects.count() == 4  # the participants' paths are built again


def _participants_have_a_path(participants) -> None:  # noqa: ANN001
    for user in participants:
        enrollment = user.client.enrollments.get(status="active")
        assert InterestCheck.objects.filter(enrollment=enrollment).exists()
        assert Vision.objects.filter(enrollment=enrollment).exists()
        assert ActionStep.objects.filter(enrollment=enrollment).exists()
    assert Obstacle.objects.count() == 3
    saved = OccupationSuggestion.objects.filter(status="saved")
    assert saved.count() == 2  # real suggestions from the imported classification
    assert ActionStep.objects.filter(from_suggestion__in=saved).count() == 2


def _referrals_are_made_and_decided_before_their_run_starts() -> None:
    """Issue 11, point 21: referrals before their run starts."""
    referrals = list(Referral.objects.select_related("run"))
    assert {r.run.starts_on.year for r in referrals} >= {2023, 2024, 2026}
    for referral in referrals:
        starts_on = referral.run.starts_on
        assert timezone.localdate(referral.created_at) < starts_on, referral.run.title
        for moment in (referral.decided_at, referral.waitlisted_at):
            if moment is not None:
                assert referral.created_at <= moment, referral.run.title
                assert timezone.localdate(moment) < starts_on, referral.run.title
    for change in ReferralStatusChange.objects.select_related("referral__run"):
        assert timezone.localdate(change.changed_at) < change.referral.run.starts_on
    for enrollment in Enrollment.objects.select_related("run"):
        assert timezone.localdate(enrollment.created_at) <= enrollment.run.starts_on


def _no_session_on_a_holiday_christmas_eve_or_new_years_eve() -> None:
    """Issue 11, point 21: no session on a public or school holiday, on Christmas Eve or on
    New Year's Eve."""
    days = {timezone.localdate(s.starts_at) for s in Session.objects.all()}
    assert {d.year for d in days} >= {2023, 2024, 2026, 2027}
    assert any(d.month == 12 for d in days)  # the running runs do reach into December
    public = holidays.Germany(subdiv="NW", years=range(2023, 2028))
    school = list(SchoolHoliday.objects.values_list("starts_on", "ends_on"))
    assert school  # the demo loads the shipped NRW school holidays
    for day in sorted(days):
        assert (day.month, day.day) not in {(12, 24), (12, 31)}, day
        assert day not in public, (day, public.get(day))
        assert not any(start <= day <= end for start, end in school), day
