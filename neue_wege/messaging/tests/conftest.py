"""Fixtures of the messaging tests: local SMTP and SMS servers wired into the settings, a legal
notice, sessions and consents for the persona cast's run A (Nina and Ali, led by Fatma)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.messaging import services
from neue_wege.programmes.models import Session
from neue_wege.testing import messaging as servers

NOTICE = ("Wenn Sie ohne wichtigen Grund nicht teilnehmen, kann das Bürgergeld nach § 31 SGB II "
          "gemindert werden.")


@pytest.fixture
def smtp(settings):  # noqa: ANN001, ANN201
    with servers.smtp_server() as recorder:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", recorder.port
        settings.EMAIL_USE_TLS = False
        yield recorder


@pytest.fixture
def sms(settings):  # noqa: ANN001, ANN201
    with servers.sms_gateway() as recorder:
        settings.NW_SMS_GATEWAY_URL = recorder.url
        settings.NW_SMS_GATEWAY_USER, settings.NW_SMS_GATEWAY_PASSWORD = "nw", "geheim"
        settings.NW_SMS_SENDER = "JC Borken"
        settings.NW_SMS_TIMEOUT = 2
        yield recorder


@pytest.fixture
def notice(cast):  # noqa: ANN001, ANN201
    return services.legal_notice_add(actor=cast.admin, text=NOTICE)


def add_session(run, *, days: int, hour: int = 9) -> Session:  # noqa: ANN001
    day = timezone.localdate() + dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return Session.objects.create(run=run, starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                  topic="Stärken finden")


def consent(cast, client, channel: str, address: str):  # noqa: ANN001, ANN201
    return services.contact_channel_add(actor=cast.fatma, client=client, channel=channel,
                                        address=address)
