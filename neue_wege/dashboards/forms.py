"""The year filter of the management overview."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.dashboards.selectors import FIRST_YEAR


class YearForm(KernForm):
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, choices=())

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        last = timezone.localdate().year + 1
        self.fields["jahr"].choices = [(year, str(year))
                                       for year in range(last, FIRST_YEAR - 1, -1)]
        self.fields["jahr"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie ein Jahr zwischen %(first)s und %(last)s."
        ) % {"first": FIRST_YEAR, "last": last}
