"""Which of a run's target-group criteria a client meets: shown beside every referral."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from neue_wege.clients.models import Client
from neue_wege.programmes.models import GermanLevel, TargetGroup

LEVEL_ORDER = [level.value for level in GermanLevel]


@dataclass(frozen=True)
class CriterionFit:
    label: str
    required: str
    actual: str
    matches: bool | None  # None: cannot be checked automatically (free text)


def target_group_fit(client: Client, target_group: TargetGroup | None, on: dt.date
                     ) -> list[CriterionFit]:
    if target_group is None:
        return []
    fits: list[CriterionFit] = []
    tg = target_group
    if tg.age_min is not None or tg.age_max is not None:
        age = client.age_on(on)
        low, high = tg.age_min or 0, tg.age_max or 200
        required = (_("%(min)s bis %(max)s Jahre") % {"min": tg.age_min, "max": tg.age_max}
                    if tg.age_min and tg.age_max else
                    _("ab %(age)s Jahren") % {"age": tg.age_min} if tg.age_min else
                    _("bis %(age)s Jahre") % {"age": tg.age_max})
        fits.append(CriterionFit(_("Alter"), required, _("%s Jahre") % age, low <= age <= high))
    if tg.single_parents_only:
        fits.append(CriterionFit(_("Alleinerziehend"), _("ja"),
                                 _("ja") if client.single_parent else _("nein"),
                                 client.single_parent))
    if tg.min_months_on_benefits is not None:
        months = client.months_on_benefits(on)
        fits.append(CriterionFit(_("Leistungsbezug"),
                                 _("mindestens %s Monate") % tg.min_months_on_benefits,
                                 _("%s Monate") % months,
                                 months >= tg.min_months_on_benefits))
    if tg.min_german_level:
        fits.append(CriterionFit(
            _("Deutschkenntnisse"), _("mindestens %s") % tg.min_german_level,
            client.german_level,
            LEVEL_ORDER.index(client.german_level) >= LEVEL_ORDER.index(tg.min_german_level)))
    if not tg.health_limits_welcome:
        fits.append(CriterionFit(_("Gesundheitliche Einschränkungen"), _("keine"),
                                 _("ja") if client.health_limits else _("keine"),
                                 not client.health_limits))
    if tg.description.strip():
        fits.append(CriterionFit(_("Weitere Kriterien"), tg.description.strip(),
                                 _("bitte im Gespräch prüfen"), None))
    return fits
