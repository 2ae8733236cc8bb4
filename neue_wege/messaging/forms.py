"""Input of the messaging pages: consent per channel, withdrawal, legal notice, reminders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from neue_wege.core.forms import KernForm
from neue_wege.messaging import channels
from neue_wege.messaging.models import Channel, ReminderSetting
from neue_wege.programmes.models import Programme


class ContactChannelForm(KernForm):
    """The person's consent to one channel, with the address or number it uses."""

    channel = forms.ChoiceField(label=_("Kontaktweg"), choices=Channel.choices)
    email = forms.CharField(label=_("E-Mail-Adresse"), max_length=254, required=False)
    mobile = forms.CharField(label=_("Handynummer"), max_length=40, required=False,
                             help_text=_("Deutsche Mobilfunknummer, z. B. 0151 23456789"))
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postleitzahl"), max_length=5, required=False)
    city = forms.CharField(label=_("Ort"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_("Die Person hat in diesen Kontaktweg eingewilligt."), required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channel = data.get("channel")
        try:
            if channel == Channel.EMAIL:
                data["address"] = channels.normalise_email(data.get("email", ""))
            elif channel == Channel.SMS:
                data["address"] = channels.normalise_mobile(data.get("mobile", ""))
            elif channel == Channel.LETTER:
                data["address"] = channels.normalise_postal(
                    data.get("street", ""), data.get("postcode", ""), data.get("city", ""))
        except ValidationError as error:
            field = {Channel.EMAIL: "email", Channel.SMS: "mobile"}.get(channel, "street")
            self.add_error(field, error)
        return data


class WithdrawForm(KernForm):
    channel = forms.ChoiceField(label=_("Kontaktweg"), choices=Channel.choices)


class LegalNoticeForm(KernForm):
    text = forms.CharField(label=_("Text der Rechtsfolgenbelehrung"), widget=forms.Textarea,
                           max_length=8000,
                           help_text=_("Eine Änderung wird als neue Fassung gespeichert. "
                                       "Bereits erstellte Briefe behalten ihre Fassung."))


class ReminderSettingForm(KernForm):
    programme = forms.ModelChoiceField(label=_("Projekt"), queryset=Programme.objects.none())
    days_before = forms.IntegerField(label=_("Erinnerung … Tage vor jedem Termin"), min_value=0,
                                     max_value=14,
                                     initial=ReminderSetting.DEFAULT_DAYS_BEFORE,
                                     help_text=_("0 bedeutet: am Morgen des Termins."))
    missed_message = forms.BooleanField(
        label=_("nach unentschuldigtem Fehlen „Wir haben Sie vermisst“ senden"), required=False,
        initial=True)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
