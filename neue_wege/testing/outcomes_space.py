"""Outcome objects for crawlers and browser tests, built through the services.

`build_outcomes_space(cast)` adds a finished run of Fatma's ("Stärken entdecken (Frühjahr)",
ended 200 days ago) with Paula Ende (BOR-0095, Karl's client) who completed it; Karl recorded
her destination, so her 6-month follow-up is overdue and her 12-month one is planned. It
returns Paula's enrollment id, so the outcome and follow-up forms can be crawled and fuzzed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.outcomes.services import enrollment_end, outcome_record
from neue_wege.programmes.models import Run, TargetGroup
from neue_wege.testing.personas import Cast


def build_outcomes_space(cast: Cast) -> list[Any]:
    today = timezone.localdate()
    ends_on = today - dt.timedelta(days=200)
    starts_on = ends_on - dt.timedelta(weeks=10)
    run = Run.objects.create(programme_version=cast.version, title="Stärken entdecken (Frühjahr)",
                             location=cast.location, capacity=10, starts_on=starts_on,
                             ends_on=ends_on, status=Run.Status.RUNNING)
    run.facilitators.add(cast.fatma)
    TargetGroup.objects.create(run=run)
    paula = client_create(actor=cast.karl, case_number="BOR-0095", first_name="Paula",
                          last_name="Ende", date_of_birth=dt.date(1984, 9, 9), gender="f",
                          municipality=cast.bocholt, benefit_since=today - dt.timedelta(days=1500))
    referral = referral_create(actor=cast.karl, client=paula, run=run,
                               potential_note="Organisiert gern und behält den Überblick.")
    enrollment = referral_accept(actor=cast.fatma, referral=referral, started_on=starts_on)
    outcome = enrollment_end(actor=cast.fatma, enrollment=enrollment, ended_how="completed",
                             ended_on=ends_on)
    outcome_record(actor=cast.karl, outcome=outcome, destination="further_measure",
                   destination_started_on=ends_on + dt.timedelta(days=21), benefit_exit_on=None)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.FINISHED)
    return [enrollment.pk]
