"""Synthetic outcomes, follow-ups, self-assessments and labour-market events (bulk, unsaved).

Used by `generate_clients` and the demo. The numbers are made up but shaped like a real
evaluation problem, so the evaluation has signal to find:

- the chance of moving into work or training within 12 months depends on the client's
  characteristics (qualification, age, months on benefits, German, health, children) — the
  same for participants and non-participants (confounding that matching must remove);
- taking part adds a programme-dependent effect (`PROGRAMME_EFFECT`, on the logit scale);
  dropping out takes part of it away;
- self-assessment rises from start to end by a programme-dependent amount;
- most transitions last (sustainability), some end before the 12-month follow-up.

Objects are returned unsaved; the caller `bulk_create`s them in dependency order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from neue_wege.clients.models import Client, Enrollment
from neue_wege.outcomes.models import (
    Destination,
    FollowUp,
    Instrument,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.scoring import score
from neue_wege.outcomes.services import follow_up_due_on, follow_up_months, item_specs

# Effect of taking part on the logit of "work or training within 12 months", by programme.
PROGRAMME_EFFECT = {"Stärken entdecken": 0.7, "Neue Wege für Alleinerziehende": 0.45,
                    "Perspektive 50plus": 0.2, "Mobil im Kreis": 0.4}
DEFAULT_EFFECT = 0.3
# Rise of the self-assessment mean (1–4 scale) from start to end, by programme.
CONFIDENCE_GAIN = {"Stärken entdecken": 0.45, "Neue Wege für Alleinerziehende": 0.35,
                   "Perspektive 50plus": 0.2, "Mobil im Kreis": 0.3}
DEFAULT_GAIN = 0.25
DROPOUT_PENALTY = 0.8
STAYS_IN_WORK = 0.8
FOLLOW_UP_RECORDED = 0.9  # the rest stays open: due follow-ups in the case managers' lists
TRANSITIONS = ((Destination.EMPLOYMENT, 52), (Destination.MINIJOB, 14),
               (Destination.TRAINING, 12), (Destination.RETRAINING, 8),
               (Destination.SELF_EMPLOYMENT, 3), (Destination.FURTHER_MEASURE, 11))
DROPOUT_REASONS = (("health", 30), ("childcare", 22), ("found_work", 15), ("motivation", 18),
                   ("moved", 5), ("other", 10))
EXITS_BENEFITS = {Destination.EMPLOYMENT: 0.6, Destination.SELF_EMPLOYMENT: 0.5,
                  Destination.TRAINING: 0.3, Destination.RETRAINING: 0.2}


@dataclass
class Batch:
    outcomes: list[Outcome] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    assessments: list[SelfAssessment] = field(default_factory=list)
    events: list[LabourMarketEvent] = field(default_factory=list)

    def save(self, batch_size: int = 2000) -> dict[str, int]:
        Outcome.objects.bulk_create(self.outcomes, batch_size=batch_size)
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=batch_size)
        SelfAssessment.objects.bulk_create(self.assessments, batch_size=batch_size)
        LabourMarketEvent.objects.bulk_create(self.events, batch_size=batch_size)
        return self.clear()

    def clear(self) -> dict[str, int]:
        """Forget the rows (after the caller wrote them); returns how many there were."""
        counts = {"Verbleibe": len(self.outcomes), "Nachbefragungen": len(self.follow_ups),
                  "Selbsteinschätzungen": len(self.assessments),
                  "Arbeitsmarktereignisse": len(self.events)}
        self.outcomes, self.follow_ups, self.assessments, self.events = [], [], [], []
        return counts


class OutcomeSimulator:
    def __init__(self, *, rng: random.Random, today: dt.date, instrument: Instrument) -> None:
        self.rng = rng
        self.today = today
        self.instrument = instrument
        self.specs = item_specs(instrument)
        self.points = follow_up_months()
        self.batch = Batch()

    # --- the model ------------------------------------------------------------------------------
    def _logit(self, client: Client, on: dt.date) -> float:
        age = (on - client.date_of_birth).days / 365.25
        months = max(0, (on - client.benefit_since).days / 30.4) if client.benefit_since else 24
        value = -0.7
        value += {"vocational": 0.6, "academic": 0.8, "foreign": 0.1}.get(client.qualification, 0)
        value -= 0.035 * max(0.0, age - 35)
        value -= 0.012 * min(months, 120)
        value -= {"A2": 0.7, "B1": 0.4, "B2": 0.15}.get(client.german_level, 0)
        value -= 0.6 if client.health_limits else 0
        value -= 0.15 * min(client.children, 3) if client.single_parent else 0
        return value

    def _transition(self, client: Client, start: dt.date, effect: float
                    ) -> tuple[str, dt.date] | None:
        """Whether and when (within 18 months after `start`) the client moves on."""
        chance = 1 / (1 + math.exp(-(self._logit(client, start) + effect)))
        if self.rng.random() >= chance:
            return None
        destination = self.rng.choices([d for d, _ in TRANSITIONS],
                                       weights=[w for _, w in TRANSITIONS])[0]
        # mostly early; a tail beyond 12 months (censored in short windows)
        days = int(self.rng.expovariate(1 / 150))
        return destination, start + dt.timedelta(days=min(days, 540))

    def _answers(self, target: float) -> tuple[dict[str, int], float]:
        low, high = self.instrument.scale_min, self.instrument.scale_max
        answers = {}
        for spec in self.specs:
            value = min(high, max(low, round(target + self.rng.gauss(0, 0.6))))
            answers[spec.key] = (low + high - value) if spec.reverse else value
        return answers, score(answers, self.specs, low=low, high=high)

    def _assessment(self, enrollment: Enrollment, moment: str, target: float, day: dt.date
                    ) -> None:
        answers, value = self._answers(target)
        taken = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
        self.batch.assessments.append(SelfAssessment(
            enrollment=enrollment, instrument=self.instrument, moment=moment, answers=answers,
            score=value, taken_at=taken))

    # --- participants ---------------------------------------------------------------------------
    def enrollment(self, enrollment: Enrollment, client: Client, programme: str,
                   facilitator: Any = None, case_manager: Any = None) -> None:
        """Outcome, follow-ups and self-assessments of one ended seat."""
        run = enrollment.run
        rng = self.rng
        dropped = enrollment.status == Enrollment.Status.DROPPED_OUT
        effect = PROGRAMME_EFFECT.get(programme, DEFAULT_EFFECT) * (
            1 - DROPOUT_PENALTY if dropped else 1)
        ended_on = enrollment.ended_on or run.ends_on
        reason = (rng.choices([r for r, _ in DROPOUT_REASONS],
                              weights=[w for _, w in DROPOUT_REASONS])[0] if dropped else "")
        move = self._transition(client, run.starts_on, effect)
        if reason == "found_work" and move is None:
            move = (Destination.EMPLOYMENT, ended_on)
        if move is not None and move[1] < run.starts_on:
            move = (move[0], run.starts_on)
        recorded = ended_on + dt.timedelta(days=rng.randint(7, 60))
        outcome = Outcome(enrollment=enrollment, ended_how=enrollment.status,
                          dropout_reason=reason, ended_on=ended_on, ended_by=facilitator)
        if recorded <= self.today:
            early = move is not None and move[1] <= ended_on + dt.timedelta(days=90)
            outcome.destination = move[0] if early else Destination.NONE
            outcome.destination_started_on = move[1] if early else None
            if early and rng.random() < EXITS_BENEFITS.get(move[0], 0):
                outcome.benefit_exit_on = move[1] + dt.timedelta(days=rng.randint(0, 60))
            outcome.recorded_by = case_manager
            outcome.recorded_at = dt.datetime.combine(recorded, dt.time(11, 0), tzinfo=dt.UTC)
            self._follow_ups(outcome, move, run.ends_on, case_manager)
        self.batch.outcomes.append(outcome)  # participants' transitions live in outcomes
        # self-assessment: most fill the start, completers mostly the end
        start = min(4.0, max(1.0, rng.gauss(2.35, 0.5)))
        if rng.random() < 0.85:
            self._assessment(enrollment, "start", start, enrollment.started_on)
            if not dropped and rng.random() < 0.85 and run.ends_on <= self.today:
                gain = CONFIDENCE_GAIN.get(programme, DEFAULT_GAIN) + rng.gauss(0, 0.3)
                self._assessment(enrollment, "end", start + gain, run.ends_on)
                first = follow_up_due_on(run.ends_on, self.points[0])
                if first <= self.today and rng.random() < 0.35:
                    self._assessment(enrollment, "follow_up", start + gain * 0.8, first)

    def _follow_ups(self, outcome: Outcome, move: tuple[str, dt.date] | None,
                    run_end: dt.date, case_manager: Any) -> None:
        lasts = self.rng.random() < STAYS_IN_WORK
        left_on = (move[1] + dt.timedelta(days=self.rng.randint(60, 330))
                   if move is not None and not lasts else None)
        for months in self.points:
            due = follow_up_due_on(run_end, months)
            follow_up = FollowUp(outcome=outcome, months_after=months, due_on=due)
            if due <= self.today and self.rng.random() < FOLLOW_UP_RECORDED:
                working = (move is not None and move[1] <= due
                           and (left_on is None or left_on > due))
                follow_up.recorded_on = min(self.today,
                                            due + dt.timedelta(days=self.rng.randint(0, 30)))
                follow_up.destination = move[0] if working else Destination.NONE
                follow_up.destination_started_on = move[1] if working else None
                follow_up.in_benefits = not (working and self.rng.random() < EXITS_BENEFITS.get(
                    move[0], 0) + 0.1)
                follow_up.source = self.rng.choice(FollowUp.Source.values)
                follow_up.recorded_by = (case_manager if follow_up.source == "case_manager"
                                         else None)
            self.batch.follow_ups.append(follow_up)

    def _event(self, client: Client, move: tuple[str, dt.date], *, benefit_exit: bool) -> None:
        self.batch.events.append(LabourMarketEvent(
            client=client, event_on=move[1], destination=move[0], benefit_exit=benefit_exit,
            source=LabourMarketEvent.Source.SYNTHETIC))

    # --- the comparison pool --------------------------------------------------------------------
    def non_participant(self, client: Client, window_start: dt.date) -> None:
        """A client who did not take part: their transition (if any) from `window_start`."""
        move = self._transition(client, window_start, 0.0)
        if move is not None and move[1] <= self.today:
            self._event(client, move, benefit_exit=self.rng.random() < EXITS_BENEFITS.get(
                move[0], 0))
