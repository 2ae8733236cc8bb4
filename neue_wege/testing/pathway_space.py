"""Nina's path ("Mein Weg") for crawlers and browser tests, built through the services.

`build_pathway_space(cast, occupations)` adds an interest check, two vision versions, a
childcare obstacle and a health obstacle (special category) with a strategy each, two
occupation suggestions (the first saved) and two next steps (one from the saved suggestion).
It returns the ids by the URL parameter names of the orientation pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.testing.personas import Cast

INTEREST_ANSWERS = {"r1": 1, "r2": 2, "r3": 1, "i1": 1, "i2": 2, "i3": 1, "a1": 2, "a2": 1,
                    "a3": 2, "s1": 3, "s2": 3, "s3": 3, "e1": 1, "e2": 2, "e3": 1, "c1": 3,
                    "c2": 2, "c3": 2}


@dataclass
class _Result:
    occupation: Any
    score: float
    reasons: list[str] = field(default_factory=list)
    in_regional_demand: bool | None = None


def build_pathway_space(cast: Cast, occupations: list[Any]) -> dict[str, list[Any]]:
    nina, enrollment = cast.nina_user, cast.nina_enrollment
    today = timezone.localdate()
    pathway.interest_check_save(actor=nina, enrollment=enrollment, answers=INTEREST_ANSWERS,
                                notes="Im Verein die Kasse führen und Kinder betreuen.")
    pathway.vision_save(actor=nina, enrollment=enrollment, what="Mit Menschen arbeiten",
                        why="Ich helfe gern.")
    pathway.vision_save(actor=nina, enrollment=enrollment,
                        what="In der Pflege mit älteren Menschen arbeiten",
                        with_whom="Im Team", where="In Bocholt", why="Ich helfe gern.",
                        good_day="Ich habe Zeit für die Menschen und gehe zufrieden heim.")
    childcare = pathway.obstacle_add(actor=nina, enrollment=enrollment, kind="childcare",
                                     details="Meine Tochter ist drei.")
    health = pathway.obstacle_add(actor=nina, enrollment=enrollment, kind="health",
                                  details="Rückenschmerzen beim schweren Heben.")
    strategy = pathway.strategy_add(actor=nina, obstacle=childcare,
                                    description="Kita-Platz beantragen", helper="childcare",
                                    due_on=today + dt.timedelta(days=14))
    pathway.strategy_add(actor=nina, obstacle=health, description="Rückenschule besuchen",
                         helper="doctor")
    rows = occupation_choices.suggestions_store(actor=nina, enrollment=enrollment, results=[
        _Result(occupation, round(0.8 - 0.1 * index, 2),
                ["Sie erzählen vom Helfen – das gehört zu diesem Beruf."],
                in_regional_demand=index == 0)
        for index, occupation in enumerate(occupations)])
    steps = []
    if rows:
        saved = occupation_choices.suggestion_decide(actor=nina, suggestion=rows[0],
                                                     status="saved")
        steps += occupation_choices.suggestion_to_steps(
            actor=nina, suggestion=saved,
            steps=[(occupation_choices.step_ideas(saved)[1], today + dt.timedelta(days=21))])
    steps.insert(0, pathway.step_add(actor=nina, enrollment=enrollment,
                                     description="Beratungstermin bei der Kita vereinbaren",
                                     due_on=today + dt.timedelta(days=7)))
    return {
        "obstacle_id": [childcare.pk, health.pk],
        "strategy_id": [strategy.pk],
        "step_id": [step.pk for step in steps],
        "suggestion_id": [row.pk for row in rows],
    }


__all__ = ["build_pathway_space"]
