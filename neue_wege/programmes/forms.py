"""Input parsing and validation for the programmes pages (KERN rendering via KernForm)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm, KernModelForm
from neue_wege.organisation.models import Location, Room, User
from neue_wege.privacy import access
from neue_wege.programmes import selectors
from neue_wege.programmes.models import (
    Attendance,
    Method,
    Programme,
    ProgrammeVersion,
    Run,
    TargetGroup,
)

WEEKDAYS = [
    (0, _("Montag")), (1, _("Dienstag")), (2, _("Mittwoch")), (3, _("Donnerstag")),
    (4, _("Freitag")), (5, _("Samstag")), (6, _("Sonntag")),
]


MAX_RUN_DAYS = 2 * 366  # a run lasts at most two years


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _colleagues(user: Any) -> Any:
    return (User.objects.filter(job_centre_id=user.job_centre_id, is_active=True)
            .exclude(role=User.Role.PARTICIPANT).order_by("last_name", "first_name"))


class VersionFieldsForm(KernForm):
    valid_from = forms.DateField(label=_("gültig ab"))
    content = forms.CharField(label=_("Inhalt und Ablauf"), widget=forms.Textarea(attrs={"rows": 6}))
    target_group_description = forms.CharField(label=_("Zielgruppe"),
                                               widget=forms.Textarea(attrs={"rows": 3}))
    methods = forms.ModelMultipleChoiceField(label=_("Methoden"), required=False,
                                             queryset=Method.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    responsible_staff = StaffChoiceField(label=_("Verantwortliche"), required=False,
                                         queryset=User.objects.none(),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["methods"].queryset = access.methods_for(user).order_by("name")
        self.fields["responsible_staff"].queryset = _colleagues(user)


class ProgrammeCreateForm(VersionFieldsForm):
    name = forms.CharField(label=_("Name des Projekts"), max_length=200)
    field_order = ["name", "valid_from", "content", "target_group_description", "methods",
                   "responsible_staff"]


class ProgrammeVersionForm(VersionFieldsForm):
    change_note = forms.CharField(
        label=_("Änderungsnotiz"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was ändert sich gegenüber der letzten Version, und warum?"),
    )

    def __init__(self, *args: Any, latest: ProgrammeVersion | None = None, **kwargs: Any
                 ) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest
        if latest is not None:
            self.fields["valid_from"].help_text = _(
                "Muss nach dem %(date)s liegen (gültig ab der letzten Version)."
            ) % {"date": latest.valid_from.strftime("%d.%m.%Y")}

    def clean_valid_from(self) -> dt.date:
        value = self.cleaned_data["valid_from"]
        if self.latest is not None and value <= self.latest.valid_from:
            raise forms.ValidationError(
                _("Das Datum muss nach dem %(date)s liegen, dem Beginn der letzten Version.")
                % {"date": self.latest.valid_from.strftime("%d.%m.%Y")})
        return value


class MethodForm(KernModelForm):
    class Meta:
        model = Method
        fields = ["name", "purpose", "duration_minutes", "materials", "instructions"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}),
                   "materials": forms.Textarea(attrs={"rows": 3}),
                   "instructions": forms.Textarea(attrs={"rows": 8})}

    def validate_unique(self) -> None:  # the service checks the name per job centre
        pass


class MethodSearchForm(KernForm):
    q = forms.CharField(label=_("Name enthält"), required=False, max_length=100)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(programme)s – Version %(number)s (gültig ab %(date)s)") % {
            "programme": obj.programme.name, "number": obj.number,
            "date": obj.valid_from.strftime("%d.%m.%Y")}


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.kind == Location.Kind.MOBILE_VENUE:
            return _("%(name)s (mobiles Angebot)") % {"name": obj.name}
        return obj.name


class RunForm(KernModelForm):
    programme_version = VersionChoiceField(label=_("Projekt und Konzeptversion"),
                                           queryset=ProgrammeVersion.objects.none())
    location = LocationChoiceField(label=_("Standort oder Ort des mobilen Angebots"),
                                   queryset=Location.objects.none())
    co_facilitators = StaffChoiceField(label=_("Co-Leitung"), required=False,
                                       queryset=User.objects.none(),
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Weitere Projektleitungen Ihres Jobcenters"))

    class Meta:
        model = Run
        fields = ["programme_version", "title", "location", "capacity", "starts_on", "ends_on",
                  "status"]

    # What a new run may start as (the service refuses the rest).
    CREATE_STATUSES = (Run.Status.PLANNED, Run.Status.OPEN)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["programme_version"].queryset = (
                ProgrammeVersion.objects.filter(programme__in=access.programmes_for(user))
                .select_related("programme").order_by("programme__name", "-valid_from"))
        else:  # a new run: no replaced versions, no status a new run cannot have
            self.fields["programme_version"].queryset = selectors.versions_for_new_run(
                user=user)
            self.fields["programme_version"].help_text = _(
                "Die Version, die am ersten Tag des Durchlaufs gilt.")
            self.fields["status"].choices = [(value, label) for value, label
                                             in Run.Status.choices
                                             if value in self.CREATE_STATUSES]
        current = self.instance.location_id if self.instance.pk else None
        self.fields["location"].queryset = access.locations_for(user).filter(
            Q(is_active=True) | Q(pk=current)).order_by("kind", "name")
        self.fields["co_facilitators"].queryset = _colleagues(user).filter(
            role=User.Role.FACILITATOR).exclude(pk=user.pk)
        if self.instance.pk and not self.is_bound:
            self.initial["co_facilitators"] = [
                u.pk for u in self.instance.facilitators.all() if u.pk != user.pk]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        elif starts and ends and (ends - starts).days > MAX_RUN_DAYS:
            self.add_error("ends_on", _("Ein Durchlauf dauert höchstens zwei Jahre."))
        return data

    def validate_unique(self) -> None:  # constraints are checked by the service
        pass


class TargetGroupForm(KernModelForm):
    prefix = "tg"

    class Meta:
        model = TargetGroup
        fields = ["age_min", "age_max", "single_parents_only", "min_months_on_benefits",
                  "min_german_level", "health_limits_welcome", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("Das Höchstalter darf nicht unter dem Mindestalter "
                                        "liegen."))
        return data

    def validate_unique(self) -> None:  # the run is not known yet; the service checks
        pass


class SessionTimesMixin(KernForm):
    """Shared by the session forms: the run they belong to; the end after the beginning and
    the day (where the form has one) inside the run's dates."""

    def __init__(self, *args: Any, run: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run = run

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        day = data.get("day")
        if day and self.run is not None and not self.run.starts_on <= day <= self.run.ends_on:
            self.add_error("day", _("Der Termin muss im Zeitraum des Durchlaufs liegen "
                                    "(%(start)s bis %(end)s).") % {
                "start": self.run.starts_on.strftime("%d.%m.%Y"),
                "end": self.run.ends_on.strftime("%d.%m.%Y")})
        return data


class SessionGenerateForm(SessionTimesMixin):
    weekdays = forms.TypedMultipleChoiceField(label=_("Wochentage"), choices=WEEKDAYS,
                                              coerce=int, widget=forms.CheckboxSelectMultiple)
    starts_at = forms.TimeField(label=_("Beginn (Uhrzeit)"), widget=forms.TimeInput)
    ends_at = forms.TimeField(label=_("Ende (Uhrzeit)"), widget=forms.TimeInput)
    skip_school_holidays = forms.BooleanField(
        label=_("In den Schulferien (NRW) keine Termine"), required=False, initial=True)


class SessionForm(SessionTimesMixin):
    day = forms.DateField(label=_("Datum"))
    starts_at = forms.TimeField(label=_("Beginn (Uhrzeit)"), widget=forms.TimeInput)
    ends_at = forms.TimeField(label=_("Ende (Uhrzeit)"), widget=forms.TimeInput)
    topic = forms.CharField(label=_("Thema"), max_length=200, required=False)
    room = forms.ModelChoiceField(label=_("Raum"), required=False, queryset=Room.objects.none(),
                                  empty_label=_("– kein Raum –"))
    facilitator = forms.ModelChoiceField(label=_("Projektleitung des Termins"), required=False,
                                         queryset=User.objects.none(),
                                         empty_label=_("– niemand festgelegt –"))

    def __init__(self, *args: Any, run: Any = None, current_room: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, run=run, **kwargs)
        if run is not None:
            # Rooms of the run's location (a room no longer in use stays selectable where set).
            self.fields["room"].queryset = Room.objects.filter(
                Q(location_id=run.location_id, is_active=True) | Q(pk=current_room)
            ).select_related("location")
            self.fields["room"].label_from_instance = _room_label
            self.fields["facilitator"].queryset = run.facilitators.all()
            self.fields["facilitator"].label_from_instance = (
                lambda user: user.get_full_name() or user.username)


def _room_label(room: Room) -> str:
    extra = [str(_("%(n)s Plätze") % {"n": room.capacity})]
    if room.step_free:
        extra.append(str(_("stufenlos")))
    return f"{room.name} ({', '.join(extra)})"


class RoomForm(KernModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "step_free", "accessibility_notes"]
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}


class CalendarWeekForm(KernForm):
    """Which week a calendar shows (any day of it); invalid input shows the current week."""

    woche = forms.DateField(label=_("Woche mit dem Tag"), required=False)


class AttendanceForm(KernForm):
    """One radio group per active enrollment, plus the session note and methods used."""

    note = forms.CharField(label=_("Notiz zum Termin"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    methods = forms.ModelMultipleChoiceField(label=_("Eingesetzte Methoden"), required=False,
                                             queryset=Method.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, enrollments: list[Any], session: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Before the session has begun only the note and methods can be saved (issue 11).
        self.not_yet = session is not None and not session.has_started
        if self.not_yet:
            enrollments = []
        self.enrollments = enrollments
        status_fields = {}
        for enrollment in enrollments:
            status_fields[self.field_name(enrollment)] = forms.ChoiceField(
                label=enrollment.client.full_name, choices=Attendance.Status.choices,
                widget=forms.RadioSelect, required=False)
        # What the page showed (issue 14): a change made meanwhile by someone else is a
        # conflict, not overwritten (services.attendance_record).
        seen_fields: dict[str, forms.Field] = {
            self.seen_name(e): forms.CharField(required=False, widget=forms.HiddenInput)
            for e in enrollments}
        seen_fields["seen_note"] = forms.CharField(required=False, widget=forms.HiddenInput)
        # When it was taken on the device (set by programmes/attendance-offline.js).
        seen_fields["taken_at"] = forms.DateTimeField(required=False, widget=forms.HiddenInput)
        self.fields = {**status_fields, **self.fields, **seen_fields}
        self.fields["methods"].queryset = access.methods_for(user).order_by("name")

    @staticmethod
    def field_name(enrollment: Any) -> str:
        return f"status_{enrollment.pk}"

    @staticmethod
    def seen_name(enrollment: Any) -> str:
        return f"seen_{enrollment.pk}"

    def seen(self) -> dict[Any, str] | None:
        """Statuses the page showed; None for a post without them (no conflict check)."""
        if "seen_note" not in self.data:
            return None
        return {e.pk: self.cleaned_data.get(self.seen_name(e)) or "" for e in self.enrollments}

    def seen_note(self) -> str | None:
        return self.cleaned_data.get("seen_note") if "seen_note" in self.data else None

    def statuses(self) -> dict[Any, str]:
        return {e.pk: self.cleaned_data[self.field_name(e)] for e in self.enrollments
                if self.cleaned_data.get(self.field_name(e))}


class RunFilterForm(KernForm):
    programme = forms.ModelChoiceField(label=_("Projekt"), required=False,
                                       queryset=Programme.objects.none(),
                                       empty_label=_("alle"))
    location = LocationChoiceField(label=_("Standort"), required=False,
                                   queryset=Location.objects.none(), empty_label=_("alle"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("alle")), *Run.Status.choices])
    year = forms.IntegerField(label=_("Jahr"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = access.programmes_for(user).order_by("name")
        self.fields["location"].queryset = access.locations_for(user).order_by("kind", "name")
