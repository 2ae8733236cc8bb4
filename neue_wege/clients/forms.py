"""Input parsing and validation for client records, referrals and decisions (no writes)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client, Referral
from neue_wege.clients.services import CLIENT_FIELDS
from neue_wege.core.forms import KernForm, KernModelForm
from neue_wege.organisation.models import Municipality
from neue_wege.programmes.models import Run

CASE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$")
OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)
MIN_AGE = 15
MAX_CHILDREN = 20


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class ClientForm(KernModelForm):
    """A client record. The job centre and the case manager come from the acting user."""

    class Meta:
        model = Client
        fields = list(CLIENT_FIELDS)
        widgets = {"municipality": forms.Select}

    def __init__(self, *args: Any, job_centre_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job_centre_id = job_centre_id
        self.fields["municipality"].queryset = Municipality.objects.all()  # German order (Meta)
        self.fields["municipality"].empty_label = _("Bitte wählen")
        self.fields["children"].validators.append(MaxValueValidator(MAX_CHILDREN))
        self.fields["children"].widget.attrs["max"] = MAX_CHILDREN
        self.fields["email"].help_text = _("freiwillig")
        self.fields["phone"].help_text = _("freiwillig")

    def clean_case_number(self) -> str:
        number = self.cleaned_data["case_number"].strip()
        if not CASE_NUMBER.match(number):
            raise forms.ValidationError(
                _("Die Kundennummer darf nur Buchstaben, Ziffern, Leerzeichen, Punkt, "
                  "Schrägstrich und Bindestrich enthalten."))
        taken = Client.objects.filter(job_centre_id=self.job_centre_id, case_number=number)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Diese Kundennummer ist im Jobcenter bereits vergeben."))
        return number

    def clean_first_name(self) -> str:
        return self._required_text("first_name")

    def clean_last_name(self) -> str:
        return self._required_text("last_name")

    def _required_text(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if not value:
            raise forms.ValidationError(_("Dieses Feld darf nicht leer sein."))
        return value

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born < OLDEST_BIRTH_DATE:
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsdatum."))
        if born > years_before(today, MIN_AGE):
            raise forms.ValidationError(
                _("Die Person muss mindestens %(age)s Jahre alt sein.") % {"age": MIN_AGE})
        return born

    def clean_benefit_since(self) -> dt.date:
        since = self.cleaned_data["benefit_since"]
        if since > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        if since < OLDEST_BIRTH_DATE:
            raise forms.ValidationError(_("Bitte prüfen Sie das Datum."))
        return since

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born, since = data.get("date_of_birth"), data.get("benefit_since")
        if born and since and since < born:
            self.add_error("benefit_since",
                           _("Der Leistungsbezug kann nicht vor der Geburt beginnen."))
        return data


class ClientFilterForm(KernForm):
    q = forms.CharField(label=_("Name oder Kundennummer"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Wohnort"), required=False, queryset=Municipality.objects.none(),
        empty_label=_("alle Wohnorte"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.all()  # German order (Meta)


class RunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        run: Run = obj
        free = max(0, run.capacity - getattr(run, "seats_taken", 0))
        return str(_("%(title)s, %(place)s, ab %(start)s – %(free)s von %(capacity)s Plätzen "
                     "frei, Warteliste: %(waiting)s") % {
            "title": run.title, "place": run.location.name,
            "start": formats.date_format(run.starts_on, "SHORT_DATE_FORMAT"),
            "free": free, "capacity": run.capacity,
            "waiting": getattr(run, "waitlist_length", 0),
        })


class ReferralForm(KernForm):
    run = RunChoiceField(label=_("Durchlauf"), queryset=Run.objects.none(),
                         empty_label=_("Bitte wählen"),
                         help_text=_("Durchläufe des Jobcenters, die Zuweisungen annehmen."))
    potential_note = forms.CharField(
        label=_("Welches Potenzial sehen Sie?"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Stärken, Interessen und was sich die Person zutraut."))
    fit_reason = forms.CharField(
        label=_("Begründung, falls die Person nicht zur Zielgruppe passt"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nur nötig, wenn unten ein Kriterium „passt nicht“ zeigt: Damit bestätigen "
                    "Sie die Zuweisung. Die Begründung wird mit der Zuweisung gespeichert."))

    def __init__(self, *args: Any, runs: QuerySet[Run], fit_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = runs
        self.fields["run"].widget.attrs.update({
            "hx-get": fit_url, "hx-trigger": "change", "hx-target": "#referral-fit",
            "hx-swap": "outerHTML",
        })

    def clean_potential_note(self) -> str:
        note = self.cleaned_data["potential_note"].strip()
        if not note:
            raise forms.ValidationError(_("Bitte beschreiben Sie, welches Potenzial Sie sehen."))
        return note


class ReferralFilterForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("alle"))] + list(Referral.Status.choices))
    runs = forms.ChoiceField(label=_("Durchläufe"), required=False,
                             choices=[("current", _("laufende und kommende")), ("", _("alle"))])


class SkipReasonForm(KernForm):
    """The reason to accept someone ahead of people who wait longer (optional input; the
    service says when it is needed)."""

    prefix = "skip"
    reason = forms.CharField(label=_("Grund für das Vorziehen"), required=False,
                             max_length=2000)


class ReasonForm(KernForm):
    reason = forms.CharField(label=_("Grund"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Bitte geben Sie einen Grund an."))
        return reason


class ReferralMoveForm(KernForm):
    """Another run of the same programme that still takes referrals (issue 15)."""

    run = forms.ModelChoiceField(label=_("Neuer Durchlauf"), queryset=Run.objects.none(),
                                 empty_label=_("– bitte wählen –"))

    def __init__(self, *args: Any, user: Any, referral: Referral, **kwargs: Any) -> None:
        from neue_wege.clients.selectors import ACCEPTING_RUN_STATUSES
        from neue_wege.privacy import access

        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = (
            access.runs_for(user)
            .filter(programme_version__programme_id=referral.run.programme_version.programme_id,
                    status__in=ACCEPTING_RUN_STATUSES, ends_on__gte=timezone.localdate())
            .exclude(pk=referral.run_id).select_related("location").order_by("starts_on"))
        self.fields["run"].label_from_instance = lambda run: (
            f"{run.title} ({run.location.name}, {run.starts_on:%d.%m.%Y} – "
            f"{run.ends_on:%d.%m.%Y})")
