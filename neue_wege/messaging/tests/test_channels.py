"""Address validation and the two network channels against real local servers."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError

from neue_wege.messaging import channels
from neue_wege.messaging.exceptions import DeliveryError


@pytest.mark.parametrize(("raw", "e164"), [
    ("0151 23456789", "+4915123456789"),
    ("+49 (0)170 1234567", "+491701234567"),
    ("0049 176 12345678", "+4917612345678"),
])
def test_german_mobile_numbers_are_stored_as_e164(raw, e164):  # noqa: ANN001
    assert channels.normalise_mobile(raw) == e164


@pytest.mark.parametrize("raw", ["02871 123456", "+44 7911 123456", "0151", "Handy", ""])
def test_landlines_foreign_and_broken_numbers_are_refused(raw):  # noqa: ANN001
    with pytest.raises(ValidationError):
        channels.normalise_mobile(raw)


def test_postal_address_needs_five_digit_postcode():
    assert channels.normalise_postal("Nordstraße 3", "46399", "Bocholt") == \
        "Nordstraße 3\n46399 Bocholt"
    with pytest.raises(ValidationError, match="fünf Ziffern"):
        channels.normalise_postal("Nordstraße 3", "4639", "Bocholt")


def test_email_goes_through_a_real_smtp_server(smtp):  # noqa: ANN001
    message_id = channels.send_email(to="nina@example.org", subject="Betreff", body="Hallo")
    assert len(smtp.received) == 1
    received = smtp.received[0]
    assert received["X-Envelope-To"] == "nina@example.org"
    assert received["Message-ID"] == message_id
    assert smtp.bodies() == ["Hallo"]


def test_sms_gateway_gets_json_with_credentials_and_sender(sms):  # noqa: ANN001
    provider_id = channels.send_sms(to="+4915123456789", text="Termin morgen")
    assert provider_id == "sms-1"
    request = sms.requests[0]
    assert request["json"] == {"to": "+4915123456789", "from": "JC Borken",
                               "text": "Termin morgen"}
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(
        b"nw:geheim").decode()


def test_sms_gateway_answer_outside_2xx_is_a_failure(sms):  # noqa: ANN001
    sms.answers[:] = [503, 400]
    with pytest.raises(DeliveryError) as transient:
        channels.send_sms(to="+4915123456789", text="x")
    assert transient.value.transient and "503" in transient.value.message
    with pytest.raises(DeliveryError) as permanent:
        channels.send_sms(to="+4915123456789", text="x")
    assert not permanent.value.transient


def test_unreachable_gateway_is_transient(settings):  # noqa: ANN001
    from neue_wege.testing.messaging import free_port
    settings.NW_SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/sms"
    with pytest.raises(DeliveryError) as error:
        channels.send_sms(to="+4915123456789", text="x")
    assert error.value.transient


def test_without_gateway_sms_fail_with_a_german_note(settings):  # noqa: ANN001
    settings.NW_SMS_GATEWAY_URL = ""
    with pytest.raises(DeliveryError, match="kein SMS-Dienst"):
        channels.send_sms(to="+4915123456789", text="x")
