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
from django.utils.translation import gettext_lazy, override

from neue_wege.clients.models import Enrollment
from neue_wege.core.exceptions import DomainError
from neue_wege.inbox.services import notify_seat_ended
from neue_wege.outcomes.models import (
    Destination,
    FollowUp,
    Instrument,
    InstrumentItem,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.scoring import ItemSpec, ScoringError, score
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance

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
    if ended_how not in Outcome.ENDED_BY_FACILITATOR:
        raise OutcomeError(_("Bitte wählen Sie, wie die Teilnahme endete."))
    if ended_on < enrollment.started_on:
        raise OutcomeError(_("Das Ende darf nicht vor dem Beginn der Teilnahme (%(day)s) "
                             "liegen.") % {"day": _de(enrollment.started_on)})
    if ended_on > timezone.localdate():
        raise OutcomeError(_("Das Ende darf nicht in der Zukunft liegen."))
    if ended_on > enrollment.run.ends_on:
        raise OutcomeError(_("Das Ende darf nicht nach dem letzten Tag des Durchlaufs "
                             "(%(day)s) liegen.") % {"day": _de(enrollment.run.ends_on)})
    last_attended = (Attendance.objects.filter(enrollment=enrollment)
                     .order_by("-session__starts_at").values_list("session__starts_at",
                                                                  flat=True).first())
    if last_attended is not None and timezone.localtime(last_attended).date() > ended_on:
        raise OutcomeError(_("Für den Termin am %(day)s ist schon Anwesenheit erfasst. Das Ende "
                             "der Teilnahme kann nicht davor liegen.")
                           % {"day": _de(timezone.localtime(last_attended).date())})
    dropped = ended_how == Outcome.EndedHow.DROPPED_OUT
    if dropped and dropout_reason not in Outcome.DropoutReason.values:
        raise OutcomeError(_("Bitte geben Sie den Grund des Abbruchs an."))
    if not dropped:
        dropout_reason, dropout_note = "", ""
    enrollment.status = ended_how
    enrollment.ended_on = ended_on
    with override(settings.LANGUAGE_CODE):  # a record in German, whoever works in English
        enrollment.end_reason = (str(Outcome.DropoutReason(dropout_reason).label)
                                 if dropped else "")
    enrollment.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    outcome = Outcome.objects.create(
        enrollment=enrollment, ended_how=ended_how, ended_on=ended_on, ended_by=actor,
        dropout_reason=dropout_reason, dropout_note=dropout_note.strip())
    audit_record(actor=actor, action=Action.CHANGE, obj=enrollment,
                 client_id=enrollment.client_id, reason=f"ended: {ended_how}")
    audit_record(actor=actor, action=Action.CREATE, obj=outcome, client_id=enrollment.client_id)
    # The case manager hears how the seat ended: the category only, never the note (issue 15).
    notify_seat_ended(enrollment=enrollment, category=Outcome.EndedHow(ended_how).label,
                      detail=Outcome.DropoutReason(dropout_reason).label if dropped else "")
    return outcome


def enrollment_withdrawn_outcome(*, actor: Any, enrollment: Enrollment) -> Outcome:
    """The outcome of a seat ended by withdrawing its referral ("abgemeldet").

    Called by `clients.services.referral_withdraw` inside its transaction, so that every
    ended seat has exactly one outcome: the case manager can record what came after (which
    writes the labour-market event the comparison reads); no follow-ups are planned, as the
    person did not take part in earnest (issue 11).
    """
    outcome, created = Outcome.objects.get_or_create(
        enrollment=enrollment,
        defaults={"ended_how": Outcome.EndedHow.WITHDRAWN,
                  "ended_on": enrollment.ended_on or timezone.localdate(), "ended_by": actor})
    if created:
        audit_record(actor=actor, action=Action.CREATE, obj=outcome,
                     client_id=enrollment.client_id, reason="ended: withdrawn")
    return outcome


# --- labour-market events written by recorded destinations ------------------------------------
def _event_rows(*, destination: str, started_on: dt.date | None,
                benefit_exit_on: dt.date | None) -> list[tuple[dt.date, str, bool]]:
    """(day, destination, benefit exit) of the events a destination stands for."""
    rows: list[tuple[dt.date, str, bool]] = []
    if destination and destination != Destination.NONE and started_on is not None:
        rows.append((started_on, destination, benefit_exit_on == started_on))
    if benefit_exit_on is not None and benefit_exit_on != started_on:
        rows.append((benefit_exit_on, destination or Destination.NONE, True))
    return rows


def events_sync(*, outcome: Outcome | None = None, follow_up: FollowUp | None = None,
                client_id: Any, rows: list[tuple[dt.date, str, bool]], source: str) -> None:
    """Replace the events written by one outcome or follow-up (idempotent on correction)."""
    origin = {"outcome": outcome} if outcome is not None else {"follow_up": follow_up}
    LabourMarketEvent.objects.filter(**origin).delete()
    LabourMarketEvent.objects.bulk_create(
        LabourMarketEvent(client_id=client_id, event_on=day, destination=destination,
                          benefit_exit=exit_, source=source, **origin)
        for day, destination, exit_ in rows)


def _outcome_events(outcome: Outcome) -> None:
    events_sync(outcome=outcome, client_id=outcome.enrollment.client_id,
                rows=_event_rows(destination=outcome.destination,
                                 started_on=outcome.destination_started_on,
                                 benefit_exit_on=outcome.benefit_exit_on),
                source=LabourMarketEvent.Source.CASE_MANAGER)


def _follow_up_events(follow_up: FollowUp) -> None:
    source = (LabourMarketEvent.Source.IMPORT if follow_up.source == FollowUp.Source.IMPORT
              else LabourMarketEvent.Source.CASE_MANAGER)
    rows = ([] if follow_up.not_reached else _event_rows(
        destination=follow_up.destination, started_on=follow_up.destination_started_on,
        benefit_exit_on=None))
    events_sync(follow_up=follow_up, client_id=follow_up.outcome.enrollment.client_id,
                rows=rows, source=source)


# --- destination (case manager) ----------------------------------------------------------------
def _de(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def destination_before_end_days() -> int:
    """How many days before the seat's last day a destination may begin (setting
    `NW_DESTINATION_BEFORE_END_DAYS`, default 0: on the last day of the seat or later)."""
    return max(0, int(getattr(settings, "NW_DESTINATION_BEFORE_END_DAYS", 0)))


def _check_destination(destination: str, started_on: dt.date | None, *,
                       enrollment: Enrollment, benefit_exit_on: dt.date | None = None) -> None:
    """The destination and its dates, each checked against the seat (issue 11).

    A destination begins at the earliest on the seat's last day (less the configured
    tolerance): whoever took up work during the programme dropped out for that reason. The
    benefit exit cannot lie before the seat began. Nothing lies more than a year ahead.
    """
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
    seat_end = enrollment.ended_on
    earliest = (seat_end - dt.timedelta(days=destination_before_end_days())
                if seat_end is not None else enrollment.started_on)
    if started_on is not None and started_on < earliest:
        raise OutcomeError(
            _("Der Beginn (%(start)s) liegt vor dem Ende der Teilnahme am %(end)s. Ein Verbleib "
              "beginnt frühestens am letzten Tag der Teilnahme; wer während der Teilnahme eine "
              "Arbeit oder Ausbildung aufnahm, hat mit dem Grund „Arbeit oder Ausbildung "
              "gefunden“ abgebrochen.")
            % {"start": _de(started_on), "end": _de(seat_end or enrollment.started_on)})
    # a seat withdrawn before it began counts from its withdrawal
    began = min(enrollment.started_on, seat_end or enrollment.started_on)
    if benefit_exit_on is not None and benefit_exit_on < began:
        raise OutcomeError(
            _("Das Ende des Leistungsbezugs (%(day)s) liegt vor dem Beginn der Teilnahme am "
              "%(start)s. Bitte prüfen Sie das Datum.")
            % {"day": _de(benefit_exit_on), "start": _de(began)})


@transaction.atomic
def outcome_record(*, actor: Any, outcome: Outcome, destination: str,
                   destination_started_on: dt.date | None, benefit_exit_on: dt.date | None
                   ) -> Outcome:
    """Record (or correct) what came after; creates the follow-ups on first recording (not
    for a withdrawn seat) and writes the matching labour-market events."""
    outcome = Outcome.objects.select_for_update().select_related("enrollment__run").get(
        pk=outcome.pk)
    enrollment = outcome.enrollment
    _check_destination(destination, destination_started_on, enrollment=enrollment,
                       benefit_exit_on=benefit_exit_on)
    first = not outcome.destination
    outcome.destination = destination
    outcome.destination_started_on = destination_started_on
    outcome.benefit_exit_on = benefit_exit_on
    outcome.recorded_by = actor
    outcome.recorded_at = timezone.now()
    outcome.save()
    _outcome_events(outcome)
    if outcome.ended_how != Outcome.EndedHow.WITHDRAWN:
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


def follow_up_opens_days() -> int:
    """How many days before its due date a follow-up may be recorded (setting
    `NW_FOLLOW_UP_OPENS_DAYS_BEFORE`, default 14, as long as it is in the due list)."""
    return max(0, int(getattr(settings, "NW_FOLLOW_UP_OPENS_DAYS_BEFORE", 14)))


def follow_up_early_with_reason() -> bool:
    """Whether a follow-up before its window may be recorded with a reason (setting
    `NW_FOLLOW_UP_EARLY_WITH_REASON`, default off: refused)."""
    return bool(getattr(settings, "NW_FOLLOW_UP_EARLY_WITH_REASON", False))


def follow_up_opens_on(follow_up: FollowUp) -> dt.date:
    return follow_up.due_on - dt.timedelta(days=follow_up_opens_days())


@transaction.atomic
def follow_up_record(*, actor: Any, follow_up: FollowUp, destination: str,
                     destination_started_on: dt.date | None, in_benefits: bool | None,
                     source: str = FollowUp.Source.CASE_MANAGER,
                     recorded_on: dt.date | None = None, reached: bool = True,
                     early_reason: str = "") -> FollowUp:
    """Record the state at a follow-up point (by the case manager or an import).

    Not before the follow-up's window opens (`follow_up_opens_on`), unless the job centre
    allows an early one with a reason. `reached=False` records an attempt that did not reach
    the person ("Person nicht erreicht"): no answers; recording again later replaces it.
    """
    follow_up = FollowUp.objects.select_for_update().select_related(
        "outcome__enrollment").get(pk=follow_up.pk)
    enrollment = follow_up.outcome.enrollment
    recorded_on = recorded_on or timezone.localdate()
    opens_on = follow_up_opens_on(follow_up)
    early_reason = early_reason.strip()
    if recorded_on >= opens_on:
        early_reason = ""
    elif not follow_up_early_with_reason():
        raise OutcomeError(
            _("Die Nachbefragung nach %(months)s Monaten ist erst ab dem %(opens)s möglich "
              "(fällig am %(due)s).")
            % {"months": follow_up.months_after, "opens": _de(opens_on),
               "due": _de(follow_up.due_on)})
    elif not early_reason:
        raise OutcomeError(
            _("Die Nachbefragung nach %(months)s Monaten ist erst am %(due)s fällig. Bitte "
              "geben Sie einen Grund an, warum Sie sie schon jetzt erfassen.")
            % {"months": follow_up.months_after, "due": _de(follow_up.due_on)})
    if reached:
        _check_destination(destination, destination_started_on, enrollment=enrollment)
        if in_benefits not in (True, False):
            raise OutcomeError(_("Bitte geben Sie an, ob die Person noch Leistungen bezieht."))
    else:
        destination, destination_started_on, in_benefits = "", None, None
    first = follow_up.recorded_on is None
    follow_up.not_reached = not reached
    follow_up.destination = destination
    follow_up.destination_started_on = destination_started_on
    follow_up.in_benefits = in_benefits
    follow_up.early_reason = early_reason
    follow_up.source = source
    follow_up.recorded_by = actor
    follow_up.recorded_on = recorded_on
    follow_up.save()
    _follow_up_events(follow_up)
    reason = (f"follow-up {follow_up.months_after} ({source})"
              + ("" if reached else " not reached") + (" early" if early_reason else ""))
    audit_record(actor=actor, action=Action.CREATE if first else Action.CHANGE, obj=follow_up,
                 client_id=enrollment.client_id, reason=reason)
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


@transaction.atomic(durable=True)
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
