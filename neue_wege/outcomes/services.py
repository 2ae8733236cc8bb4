"""Writes for outcomes: ending an enrollment, the destination, follow-ups, self-assessments.

Ending an enrollment is the one place that sets `Enrollment.status` to completed or dropped
out (withdrawing stays in `clients.services.referral_withdraw`). Every write is atomic and
audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neue_wege.clients.models import Enrollment
from neue_wege.core.exceptions import DomainError
from neue_wege.outcomes.models import (
    Destination,
    FollowUp,
    Instrument,
    InstrumentItem,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.scoring import ItemSpec, ScoringError, score
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

Action = AuditEvent.Action
DEFAULT_FOLLOW_UP_MONTHS = (6, 12)


class OutcomeError(DomainError):
    pass


def follow_up_months() -> tuple[int, ...]:
    """The follow-up points in months after the run (setting `NW_FOLLOW_UP_MONTHS`, "6,12")."""
    raw = getattr(settings, "NW_FOLLOW_UP_MONTHS", DEFAULT_FOLLOW_UP_MONTHS)
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    months = sorted({int(value) for value in raw})
    if not months or any(m < 1 or m > 120 for m in months):  # noqa: PLR2004
        raise ValueError("NW_FOLLOW_UP_MONTHS: whole numbers of months from 1 to 120")
    return tuple(months)


def follow_up_due_on(run_ends_on: dt.date, months: int) -> dt.date:
    """The due date: the run's end plus whole calendar months (31 Jan + 1 → 28/29 Feb)."""
    return run_ends_on + relativedelta(months=months)


# --- ending an enrollment (facilitator) -------------------------------------------------------
@transaction.atomic
def enrollment_end(*, actor: Any, enrollment: Enrollment, ended_how: str, ended_on: dt.date,
                   dropout_reason: str = "", dropout_note: str = "") -> Outcome:
    """Mark an active enrollment completed or dropped out and create its Outcome."""
    enrollment = Enrollment.objects.select_for_update().select_related("run").get(
        pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise OutcomeError(_("Diese Teilnahme ist bereits beendet."))
    if ended_how not in Outcome.EndedHow.values:
        raise OutcomeError(_("Bitte wählen Sie, wie die Teilnahme endete."))
    if ended_on < enrollment.started_on:
        raise OutcomeError(_("Das Ende darf nicht vor dem Beginn der Teilnahme (%(day)s) "
                             "liegen.") % {"day": enrollment.started_on.strftime("%d.%m.%Y")})
    if ended_on > timezone.localdate():
        raise OutcomeError(_("Das Ende darf nicht in der Zukunft liegen."))
    dropped = ended_how == Outcome.EndedHow.DROPPED_OUT
    if dropped and dropout_reason not in Outcome.DropoutReason.values:
        raise OutcomeError(_("Bitte geben Sie den Grund des Abbruchs an."))
    if not dropped:
        dropout_reason, dropout_note = "", ""
    enrollment.status = ended_how
    enrollment.ended_on = ended_on
    enrollment.end_reason = (str(Outcome.DropoutReason(dropout_reason).label)
                             if dropped else "")
    enrollment.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    outcome = Outcome.objects.create(
        enrollment=enrollment, ended_how=ended_how, ended_on=ended_on, ended_by=actor,
        dropout_reason=dropout_reason, dropout_note=dropout_note.strip())
    audit_record(actor=actor, action=Action.CHANGE, obj=enrollment,
                 client_id=enrollment.client_id, reason=f"ended: {ended_how}")
    audit_record(actor=actor, action=Action.CREATE, obj=outcome, client_id=enrollment.client_id)
    return outcome


# --- destination (case manager) ----------------------------------------------------------------
def _check_destination(destination: str, started_on: dt.date | None, *, after: dt.date | None,
                       benefit_exit_on: dt.date | None = None) -> None:
    if destination not in Destination.values:
        raise OutcomeError(_("Bitte wählen Sie den Verbleib."))
    today = timezone.localdate()
    if destination == Destination.NONE and started_on is not None:
        raise OutcomeError(_("Ohne Veränderung gibt es kein Beginndatum. Bitte lassen Sie "
                             "das Feld leer."))
    if destination != Destination.NONE and started_on is None:
        raise OutcomeError(_("Bitte geben Sie an, wann die Beschäftigung oder Maßnahme "
                             "begann."))
    for day in (started_on, benefit_exit_on):
        if day is not None and day > today + dt.timedelta(days=366):
            raise OutcomeError(_("Bitte geben Sie ein Datum höchstens ein Jahr in der Zukunft "
                                 "an."))
        if day is not None and after is not None and day < after - dt.timedelta(days=366):
            raise OutcomeError(_("Das Datum liegt mehr als ein Jahr vor der Teilnahme. Bitte "
                                 "prüfen Sie es."))


@transaction.atomic
def outcome_record(*, actor: Any, outcome: Outcome, destination: str,
                   destination_started_on: dt.date | None, benefit_exit_on: dt.date | None
                   ) -> Outcome:
    """Record (or correct) what came after; creates the follow-ups on first recording."""
    outcome = Outcome.objects.select_for_update().select_related("enrollment__run").get(
        pk=outcome.pk)
    enrollment = outcome.enrollment
    _check_destination(destination, destination_started_on, after=enrollment.started_on,
                       benefit_exit_on=benefit_exit_on)
    first = not outcome.destination
    outcome.destination = destination
    outcome.destination_started_on = destination_started_on
    outcome.benefit_exit_on = benefit_exit_on
    outcome.recorded_by = actor
    outcome.recorded_at = timezone.now()
    outcome.save()
    follow_ups_ensure(outcome=outcome)
    audit_record(actor=actor, action=Action.CREATE if first else Action.CHANGE, obj=outcome,
                 client_id=enrollment.client_id, reason="destination")
    return outcome


def follow_ups_ensure(*, outcome: Outcome) -> list[FollowUp]:
    """One follow-up per configured point (idempotent); due from the run's end date."""
    run_end = outcome.enrollment.run.ends_on
    existing = set(outcome.follow_ups.values_list("months_after", flat=True))
    FollowUp.objects.bulk_create(
        FollowUp(outcome=outcome, months_after=months,
                 due_on=follow_up_due_on(run_end, months))
        for months in follow_up_months() if months not in existing
    )
    return list(outcome.follow_ups.all())


@transaction.atomic
def follow_up_record(*, actor: Any, follow_up: FollowUp, destination: str,
                     destination_started_on: dt.date | None, in_benefits: bool,
                     source: str = FollowUp.Source.CASE_MANAGER,
                     recorded_on: dt.date | None = None) -> FollowUp:
    """Record the state at a follow-up point (by the case manager or an import)."""
    follow_up = FollowUp.objects.select_for_update().select_related(
        "outcome__enrollment").get(pk=follow_up.pk)
    enrollment = follow_up.outcome.enrollment
    _check_destination(destination, destination_started_on, after=enrollment.started_on)
    if in_benefits not in (True, False):
        raise OutcomeError(_("Bitte geben Sie an, ob die Person noch Leistungen bezieht."))
    first = follow_up.recorded_on is None
    follow_up.destination = destination
    follow_up.destination_started_on = destination_started_on
    follow_up.in_benefits = in_benefits
    follow_up.source = source
    follow_up.recorded_by = actor
    follow_up.recorded_on = recorded_on or timezone.localdate()
    follow_up.save()
    audit_record(actor=actor, action=Action.CREATE if first else Action.CHANGE, obj=follow_up,
                 client_id=enrollment.client_id, reason=f"follow-up {follow_up.months_after}"
                 f" ({source})")
    return follow_up


# --- self-assessment (participant) ---------------------------------------------------------------
MOMENT_CLOSED = gettext_lazy("Diese Selbsteinschätzung ist gerade nicht offen.")


DEFAULT_INSTRUMENT = Path(__file__).resolve().parent / "data" / "zutrauen-v1.json"


def current_instrument() -> Instrument:
    """The instrument in use: the active one loaded last (a licensed one replaces ours).

    Without any, the shipped instrument "Zutrauen in die eigenen Fähigkeiten" is loaded.
    """
    instrument = (Instrument.objects.filter(is_active=True)
                  .order_by("-created_at", "-version").first())
    if instrument is None:
        instrument, _created = instrument_load(
            json.loads(DEFAULT_INSTRUMENT.read_text(encoding="utf-8")))
    return instrument


def item_specs(instrument: Instrument) -> list[ItemSpec]:
    return [ItemSpec(key=str(item.order), reverse=item.reverse)
            for item in instrument.items.all()]


@transaction.atomic
def self_assessment_submit(*, actor: Any, enrollment: Enrollment, instrument: Instrument,
                           moment: str, answers: Mapping[str, int]) -> SelfAssessment:
    """Save a participant's answers once per moment; the score is computed here."""
    if moment not in SelfAssessment.Moment.values:
        raise OutcomeError(MOMENT_CLOSED)
    if SelfAssessment.objects.filter(enrollment=enrollment, instrument=instrument,
                                     moment=moment).exists():
        raise OutcomeError(_("Sie haben diese Selbsteinschätzung schon ausgefüllt. Danke!"))
    specs = item_specs(instrument)
    clean = {spec.key: answers.get(spec.key) for spec in specs}
    try:
        value = score(clean, specs, low=instrument.scale_min, high=instrument.scale_max)
    except ScoringError as error:
        raise OutcomeError(_("Bitte beantworten Sie alle Aussagen.")) from error
    assessment = SelfAssessment.objects.create(
        enrollment=enrollment, instrument=instrument, moment=moment, answers=clean,
        score=value, taken_at=timezone.now())
    audit_record(actor=actor, action=Action.CREATE, obj=assessment,
                 client_id=enrollment.client_id, reason=moment)
    return assessment


# --- instruments as data --------------------------------------------------------------------------
class InstrumentFileError(ValueError):
    pass


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InstrumentFileError(message)


@transaction.atomic
def instrument_load(data: Mapping[str, Any]) -> tuple[Instrument, bool]:
    """Load an instrument from its JSON form (docs/outcomes.md); (instrument, created).

    Loading the same key and version again changes nothing when it is unchanged and refuses
    when it differs: answers already given must keep the items they answered.
    """
    _require(isinstance(data, Mapping), "Die Datei muss ein JSON-Objekt enthalten.")
    key, version = data.get("key"), data.get("version", 1)
    _require(isinstance(key, str) and key.strip() != "", "„key“ fehlt.")
    _require(isinstance(version, int) and version >= 1, "„version“ muss eine Zahl ab 1 sein.")
    _require(isinstance(data.get("name"), str) and data["name"].strip() != "", "„name“ fehlt.")
    scale = data.get("scale")
    _require(isinstance(scale, Mapping), "„scale“ fehlt (min, max, labels).")
    low, high = scale.get("min"), scale.get("max")
    _require(isinstance(low, int) and isinstance(high, int) and high > low,
             "„scale.min“ und „scale.max“ müssen ganze Zahlen sein, max größer als min.")
    labels = scale.get("labels", {})
    _require(isinstance(labels, Mapping)
             and all(isinstance(v, str) for v in labels.values())
             and all(str(k).lstrip("-").isdigit() and low <= int(k) <= high for k in labels),
             "„scale.labels“: Werte der Skala als Schlüssel, Texte als Werte.")
    items = data.get("items")
    _require(isinstance(items, list) and len(items) >= 1, "„items“ fehlt oder ist leer.")
    for number, item in enumerate(items, start=1):
        _require(isinstance(item, Mapping) and isinstance(item.get("text"), str)
                 and item["text"].strip() != "", f"Aussage {number}: „text“ fehlt.")
        _require(isinstance(item.get("reverse", False), bool),
                 f"Aussage {number}: „reverse“ muss true oder false sein.")
    fields = {"name": data["name"].strip(), "intro": str(data.get("intro", "")).strip(),
              "scale_min": low, "scale_max": high,
              "scale_labels": {str(k): v for k, v in labels.items()},
              "licence_note": str(data.get("licence_note", "")).strip()}
    wanted = [(n, item["text"].strip(), bool(item.get("reverse", False)))
              for n, item in enumerate(items, start=1)]
    existing = Instrument.objects.filter(key=key.strip(), version=version).first()
    if existing is not None:
        same = (all(getattr(existing, name) == value for name, value in fields.items())
                and list(existing.items.values_list("order", "text", "reverse")) == wanted)
        _require(same, f"„{key}“ Version {version} gibt es schon mit anderem Inhalt. Bitte "
                       "laden Sie eine neue Version.")
        return existing, False
    instrument = Instrument.objects.create(key=key.strip(), version=version, **fields)
    InstrumentItem.objects.bulk_create(
        InstrumentItem(instrument=instrument, order=n, text=text, reverse=reverse)
        for n, text, reverse in wanted)
    return instrument, True


# --- administrators: the instruments page --------------------------------------------------------
def instrument_json(instrument: Instrument) -> dict[str, Any]:
    """The instrument in the file format `instrument_load` reads (a base for a new version)."""
    return {"key": instrument.key, "version": instrument.version, "name": instrument.name,
            "intro": instrument.intro,
            "scale": {"min": instrument.scale_min, "max": instrument.scale_max,
                      "labels": dict(instrument.scale_labels)},
            "licence_note": instrument.licence_note,
            "items": [{"text": item.text, "reverse": item.reverse}
                      for item in instrument.items.order_by("order")]}


@transaction.atomic
def instrument_upload(*, actor: Any, data: Any) -> tuple[Instrument, bool]:
    """An administrator loads an instrument from the page: as the command, audited."""
    instrument, created = instrument_load(data)
    if created:
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=instrument)
    return instrument, created


@transaction.atomic
def instrument_set_active(*, actor: Any, instrument: Instrument, active: bool) -> Instrument:
    """Put an instrument in use for new participants or take it out of use. Participants who
    started with it keep it (their answers stay comparable); one instrument stays in use."""
    if not active and not (Instrument.objects.filter(is_active=True)
                           .exclude(pk=instrument.pk).exists()):
        raise OutcomeError(_("Mindestens ein Fragebogen muss in Gebrauch bleiben. Nehmen Sie "
                             "zuerst einen anderen in Gebrauch."))
    if instrument.is_active != active:
        instrument.is_active = active
        instrument.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=instrument,
                     reason="in Gebrauch" if active else "nicht mehr in Gebrauch")
    return instrument
