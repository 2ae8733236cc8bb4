"""The demo's outcomes: ended seats get outcomes, follow-ups and self-assessments; clients who
never took part get their labour-market transitions (the comparison pool).

Built with the synthetic model of `neue_wege.outcomes.synthetic` (bulk, no audit rows: no
person acted). Some follow-ups stay open, so the case managers' "Fällige Nachbefragungen"
list has entries.
"""

from __future__ import annotations

import datetime as dt
import random

from neue_wege.clients.models import Client, Enrollment
from neue_wege.organisation.models import JobCentre
from neue_wege.outcomes.services import current_instrument
from neue_wege.outcomes.synthetic import OutcomeSimulator

COMPARISON_WINDOW_DAYS = 3 * 365


def outcomes_demo(*, jc: JobCentre, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 6)
    simulator = OutcomeSimulator(rng=rng, today=today, instrument=current_instrument())
    ended = (Enrollment.objects.filter(client__job_centre=jc, outcome__isnull=True,
                                       status__in=[Enrollment.Status.COMPLETED,
                                                   Enrollment.Status.DROPPED_OUT])
             .select_related("client__case_manager", "run__programme_version__programme")
             .prefetch_related("run__facilitators").order_by("run__starts_on", "id"))
    for enrollment in ended:
        run = enrollment.run
        simulator.enrollment(enrollment, enrollment.client, run.programme_version.programme.name,
                             facilitator=next(iter(run.facilitators.all()), None),
                             case_manager=enrollment.client.case_manager)
    pool = (Client.objects.filter(job_centre=jc, enrollments__isnull=True, user__isnull=True)
            .order_by("case_number"))
    for client in pool:
        start = today - dt.timedelta(days=rng.randint(60, COMPARISON_WINDOW_DAYS))
        simulator.non_participant(client, start)
    return simulator.batch.save()
