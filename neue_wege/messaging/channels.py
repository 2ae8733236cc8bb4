"""The three channels: e-mail (Django's SMTP backend), SMS (a gateway interface with one
generic HTTP implementation) and letters (PDF, see letters.py). Address validation too.

Channels raise `DeliveryError` (German message; `transient` failures are tried again).
"""

from __future__ import annotations

import base64
import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from neue_wege.messaging.exceptions import DeliveryError


# --- validation ---------------------------------------------------------------------------------
def normalise_mobile(raw: str) -> str:
    """A German mobile number in E.164 (+4915…), or ValidationError with a German message."""
    try:
        number = phonenumbers.parse(raw.strip(), "DE")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("Bitte geben Sie eine gültige Handynummer ein.")) from error
    if not phonenumbers.is_valid_number(number) or number.country_code != 49:
        raise ValidationError(_("Bitte geben Sie eine gültige deutsche Handynummer ein."))
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValidationError(_("Das ist keine Handynummer: SMS gehen nur an Mobilfunknummern."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    value = raw.strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(_("Bitte geben Sie eine gültige E-Mail-Adresse ein.")) from error
    return value


def normalise_postal(street: str, postcode: str, city: str) -> str:
    street, postcode, city = street.strip(), postcode.strip(), city.strip()
    if not street or not city:
        raise ValidationError(_("Bitte geben Sie Straße mit Hausnummer und Ort an."))
    if not (len(postcode) == 5 and postcode.isdigit()):
        raise ValidationError(_("Die Postleitzahl hat fünf Ziffern."))
    return f"{street}\n{postcode} {city}"


# --- e-mail -------------------------------------------------------------------------------------
def send_email(*, to: str, subject: str, body: str) -> str:
    """Send one e-mail through the configured backend; returns the Message-ID."""
    message = EmailMessage(subject=subject, body=body, to=[to],
                           from_email=settings.DEFAULT_FROM_EMAIL)
    message_id = message.message()["Message-ID"]
    message.extra_headers["Message-ID"] = message_id
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(_("Der E-Mail-Server hat die Adresse abgelehnt."),
                            transient=False) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(_("Der E-Mail-Server war nicht erreichbar."),
                            transient=True) from error
    return str(message_id)


# --- SMS ----------------------------------------------------------------------------------------
class SmsGateway(Protocol):
    def send(self, *, to: str, text: str) -> str:
        """Send `text` to the E.164 number `to`; return the gateway's id or raise
        DeliveryError."""


@dataclass
class HttpSmsGateway:
    """A generic HTTP SMS gateway: JSON POST {"to", "from", "text"} with basic auth; any
    answer outside 2xx is a failure (5xx, 429 and timeouts are tried again)."""

    url: str
    user: str = ""
    password: str = ""
    sender: str = "Jobcenter"
    timeout: float = 5.0

    def send(self, *, to: str, text: str) -> str:
        body = json.dumps({"to": to, "from": self.sender, "text": text}).encode()
        # The URL is an administrator's setting checked for http(s) in sms_gateway().
        request = urllib.request.Request(self.url, data=body, method="POST", headers={  # noqa: S310
            "Content-Type": "application/json", "Accept": "application/json"})
        if self.user or self.password:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read(10_000)
        except urllib.error.HTTPError as error:
            transient = error.code >= 500 or error.code == 429
            raise DeliveryError(
                _("Der SMS-Dienst hat die Nachricht abgelehnt (Status %(code)s).")
                % {"code": error.code}, transient=transient) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DeliveryError(_("Der SMS-Dienst war nicht erreichbar."),
                                transient=True) from error
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            data = {}
        return str(data.get("id", ""))[:200] if isinstance(data, dict) else ""


def sms_gateway() -> SmsGateway | None:
    """The configured gateway, or None when no URL is set (SMS switched off)."""
    if not settings.NW_SMS_GATEWAY_URL:
        return None
    if not settings.NW_SMS_GATEWAY_URL.startswith(("http://", "https://")):
        return None
    return HttpSmsGateway(url=settings.NW_SMS_GATEWAY_URL, user=settings.NW_SMS_GATEWAY_USER,
                          password=settings.NW_SMS_GATEWAY_PASSWORD,
                          sender=settings.NW_SMS_SENDER, timeout=settings.NW_SMS_TIMEOUT)


def send_sms(*, to: str, text: str) -> str:
    gateway = sms_gateway()
    if gateway is None:
        raise DeliveryError(_("Es ist kein SMS-Dienst eingerichtet."), transient=False)
    return gateway.send(to=to, text=text)
