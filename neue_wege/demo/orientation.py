"""Demo data for the path ("Mein Weg") of the demo participants with portal accounts.

Each gets an interest check and a vision; most an obstacle with a strategy; the first two
also real occupation suggestions (the imported classification and the real assistant), one
of them saved and turned into next steps. Everything goes through the services (audited).
"""

from __future__ import annotations

import datetime as dt
import random

from neue_wege.clients.models import Enrollment
from neue_wege.organisation.models import JobCentre, User
from neue_wege.orientation import interest_check
from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.programmes.models import Run

VISIONS = [
    ("In der Pflege mit älteren Menschen arbeiten", "Im Team, mit Bewohnerinnen und Bewohnern",
     "In einem Seniorenheim in der Nähe", "Ich kümmere mich gern um andere."),
    ("Im Lager oder in der Logistik arbeiten", "Mit einem festen Team",
     "In Bocholt oder Borken", "Ich will mit den Händen arbeiten und sehen, was ich geschafft habe."),
    ("Im Verkauf arbeiten", "Mit Kundschaft", "In einem Geschäft in der Innenstadt",
     "Ich rede gern mit Menschen."),
    ("In einer Kita-Küche kochen", "Mit Kindern und Kolleginnen", "In meinem Stadtteil",
     "Ich koche gern und für viele."),
]
OBSTACLES = [
    ("childcare", "", "Kita-Platz beantragen", "childcare"),
    ("mobility", "", "Monatskarte über das Jobcenter klären", "case_manager"),
    ("language", "", "Sprachkurs B1 anmelden", "language_course"),
    ("debt", "", "Termin bei der Schuldnerberatung machen", "debt_counselling"),
]


def orientation_demo(*, jc: JobCentre, facilitator: User, today: dt.date, seed: int
                     ) -> dict[str, int]:
    rng = random.Random(seed)
    run = (Run.objects.filter(facilitators=facilitator, status=Run.Status.RUNNING)
           .order_by("starts_on").first())
    if run is None:
        return {"Zielbilder": 0}
    enrollments = list(Enrollment.objects.filter(run=run, status=Enrollment.Status.ACTIVE,
                                                 client__user__isnull=False)
                       .select_related("client__user").order_by("client__last_name"))
    saved = 0
    for index, enrollment in enumerate(enrollments):
        user = enrollment.client.user
        answers = {key: rng.randint(0, 3) for key in interest_check.ITEM_KEYS}
        pathway.interest_check_save(actor=user, enrollment=enrollment, answers=answers,
                                    notes="Anderen helfen und Dinge ordnen.")
        what, with_whom, where, why = VISIONS[index % len(VISIONS)]
        pathway.vision_save(actor=user, enrollment=enrollment, what=what, with_whom=with_whom,
                            where=where, why=why)
        if index % 4 != 3:
            kind, title, strategy, helper = OBSTACLES[index % len(OBSTACLES)]
            obstacle = pathway.obstacle_add(actor=user, enrollment=enrollment, kind=kind,
                                            title=title)
            pathway.strategy_add(actor=user, obstacle=obstacle, description=strategy,
                                 helper=helper, due_on=today + dt.timedelta(days=14))
        pathway.step_add(actor=user, enrollment=enrollment,
                         description="Lebenslauf mit der Projektleitung durchgehen",
                         due_on=today + dt.timedelta(days=7))
        if index < 2:
            try:
                rows = occupation_choices.suggestions_refresh(actor=user, enrollment=enrollment)
            except PathwayError:
                rows = []
            if rows:
                chosen = occupation_choices.suggestion_decide(actor=user, suggestion=rows[0],
                                                              status="saved")
                occupation_choices.suggestion_to_steps(
                    actor=user, suggestion=chosen,
                    steps=[(occupation_choices.step_ideas(chosen)[1],
                            today + dt.timedelta(days=21))])
                saved += 1
    return {"Zielbilder": len(enrollments), "gemerkte Berufe": saved}
