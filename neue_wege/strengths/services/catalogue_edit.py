"""Staff extend and adjust the strength catalogue; changes are versioned like programmes.

A new version copies the newest version's strengths. It may be edited until it comes into
force (`valid_from` after today); a version in force is never changed again. Feedback keeps
pointing at the strength row it was given for, so old feedback still shows its old label and
the profile groups rows of different versions by their stable `key`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Strength, StrengthCatalogue

Action = AuditEvent.Action
STRENGTH_FIELDS = ("label", "description", "group", "ba_profile", "indicators")


class CatalogueError(DomainError):
    """A change to the strength catalogue breaks a rule."""


# --- indicator words: one phrase per line -------------------------------------------------------
WEIGHT = re.compile(r"^gewicht\s+([0-9]+(?:[.,][0-9]+)?)$", re.IGNORECASE)
NEGATED = "verneint"
ADJACENT = "direkt hintereinander"


def indicators_to_text(indicators: Iterable[Any]) -> str:
    """The stored indicators as editable lines: `Wort ; Gewicht 0,7 ; verneint`."""
    lines = []
    for item in indicators:
        if isinstance(item, str):
            lines.append(item)
            continue
        parts = [str(item.get("text", ""))]
        weight = item.get("weight")
        if weight is not None and float(weight) != 1.0:
            parts.append("Gewicht " + f"{float(weight):g}".replace(".", ","))
        if item.get("polarity") == "negated":
            parts.append(NEGATED)
        if item.get("adjacent"):
            parts.append(ADJACENT)
        lines.append(" ; ".join(parts))
    return "\n".join(lines)


def indicators_from_text(text: str) -> list[Any]:
    """Parse the lines back; raises `ValidationError` with a German message."""
    result: list[Any] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in raw.split(";")]
        phrase = parts[0]
        if not phrase:
            if any(parts[1:]):
                raise ValidationError(_("Zeile %(n)s: Bitte zuerst das Wort oder die Wendung "
                                        "schreiben."), params={"n": number})
            continue
        entry: dict[str, Any] = {"text": phrase}
        for part in parts[1:]:
            if not part:
                continue
            lowered = part.lower()
            match = WEIGHT.match(part)
            if match:
                weight = float(match.group(1).replace(",", "."))
                if not 0 < weight <= 1:
                    raise ValidationError(_("Zeile %(n)s: Das Gewicht muss größer als 0 und "
                                            "höchstens 1 sein."), params={"n": number})
                entry["weight"] = weight
            elif lowered == NEGATED:
                entry["polarity"] = "negated"
            elif lowered == ADJACENT:
                entry["adjacent"] = True
            else:
                raise ValidationError(
                    _("Zeile %(n)s: „%(part)s“ verstehe ich nicht. Erlaubt sind "
                      "„Gewicht 0,5“, „verneint“ und „direkt hintereinander“."),
                    params={"n": number, "part": part})
        result.append(phrase if set(entry) == {"text"} else entry)
    return result


# --- versions --------------------------------------------------------------------------------------
def _is_in_force(catalogue: StrengthCatalogue, today: dt.date | None = None) -> bool:
    return catalogue.valid_from <= (today or timezone.localdate())


def catalogue_is_editable(catalogue: StrengthCatalogue) -> bool:
    return not _is_in_force(catalogue)


def _require_editable(catalogue: StrengthCatalogue) -> None:
    if _is_in_force(catalogue):
        raise CatalogueError(_(
            "Version %(number)s gilt seit dem %(date)s und wird nicht mehr geändert. Legen "
            "Sie eine neue Version an.") % {"number": catalogue.number,
                                            "date": catalogue.valid_from.strftime("%d.%m.%Y")})


@transaction.atomic
def catalogue_version_create(*, actor: Any, valid_from: dt.date, change_note: str
                             ) -> StrengthCatalogue:
    """A new version of the actor's job centre catalogue, copied from the newest version."""
    today = timezone.localdate()
    versions = StrengthCatalogue.objects.select_for_update().filter(
        job_centre_id=actor.job_centre_id)
    list(versions)  # take the lock
    if not change_note.strip():
        raise CatalogueError(_("Bitte beschreiben Sie, was sich ändert."))
    if valid_from <= today:
        raise CatalogueError(_(
            "Die neue Version muss nach dem heutigen Tag gelten, damit Sie sie vorher "
            "bearbeiten können."))
    planned = versions.filter(valid_from__gt=today).order_by("-number").first()
    if planned is not None:
        raise CatalogueError(_(
            "Es gibt schon eine geplante Version (Version %(number)s ab %(date)s). Bitte "
            "bearbeiten Sie diese.") % {"number": planned.number,
                                         "date": planned.valid_from.strftime("%d.%m.%Y")})
    latest_number = versions.aggregate(n=Max("number"))["n"] or 0
    source = versions.filter(number=latest_number).first()
    catalogue = StrengthCatalogue(job_centre_id=actor.job_centre_id, number=latest_number + 1,
                                  valid_from=valid_from, change_note=change_note.strip(),
                                  created_by=actor)
    catalogue.full_clean()
    catalogue.save()
    if source is not None:
        Strength.objects.bulk_create(
            Strength(catalogue=catalogue, key=s.key, group=s.group, label=s.label,
                     description=s.description, ba_profile=s.ba_profile, esco=s.esco,
                     indicators=s.indicators)
            for s in source.strengths.order_by("key")
        )
    audit_record(actor=actor, action=Action.CREATE, obj=catalogue)
    return catalogue


# --- strengths in a version not yet in force ---------------------------------------------------
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                          "Ü": "Ue"})


def _new_key(catalogue: StrengthCatalogue, label: str) -> str:
    """A stable key from the label; never one used before in this job centre's catalogue."""
    base = slugify(label.translate(_UMLAUTS)).replace("-", "_")[:50] or "staerke"
    used = set(Strength.objects.filter(catalogue__job_centre_id=catalogue.job_centre_id,
                                       key__startswith=base).values_list("key", flat=True))
    key, number = base, 2
    while key in used:
        key, number = f"{base}_{number}", number + 1
    return key


def _check_label(catalogue: StrengthCatalogue, label: str, exclude: Any = None) -> str:
    label = label.strip()
    taken = catalogue.strengths.filter(label__iexact=label)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise CatalogueError(_("Eine Stärke mit dieser Bezeichnung gibt es in dieser Version "
                               "schon."))
    return label


@transaction.atomic
def strength_add(*, actor: Any, catalogue: StrengthCatalogue, label: str, description: str,
                 group: str, ba_profile: str = "", indicators: list[Any] | None = None
                 ) -> Strength:
    catalogue = StrengthCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    _require_editable(catalogue)
    label = _check_label(catalogue, label)
    strength = Strength(catalogue=catalogue, key=_new_key(catalogue, label), group=group,
                        label=label, description=description.strip(),
                        ba_profile=ba_profile.strip(), esco=[], indicators=indicators or [])
    strength.full_clean()
    strength.save()
    audit_record(actor=actor, action=Action.CREATE, obj=strength)
    return strength


@transaction.atomic(durable=True)
def strength_change(*, actor: Any, strength: Strength, **fields: Any) -> Strength:
    catalogue = StrengthCatalogue.objects.select_for_update().get(pk=strength.catalogue_id)
    _require_editable(catalogue)
    strength = Strength.objects.select_for_update().get(pk=strength.pk)
    for name in STRENGTH_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(strength, name, value.strip() if isinstance(value, str) else value)
    strength.label = _check_label(catalogue, strength.label, exclude=strength.pk)
    strength.full_clean()
    strength.save()
    audit_record(actor=actor, action=Action.CHANGE, obj=strength)
    return strength


@transaction.atomic(durable=True)
def strength_remove(*, actor: Any, strength: Strength) -> None:
    catalogue = StrengthCatalogue.objects.select_for_update().get(pk=strength.catalogue_id)
    _require_editable(catalogue)
    audit_record(actor=actor, action=Action.DELETE, obj=strength)
    try:
        with transaction.atomic():
            strength.delete()
    except ProtectedError as error:
        raise CatalogueError(_("Zu dieser Stärke gibt es schon Rückmeldungen; sie bleibt im "
                               "Katalog.")) from error
