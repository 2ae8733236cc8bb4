"""Fixtures for the clients app: extra clients and referrals on top of the persona cast."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from neue_wege.clients.models import Client, Referral
from neue_wege.clients.services import client_create, referral_create
from neue_wege.programmes.models import Run, TargetGroup
from neue_wege.testing.personas import Cast

ALL_STAFF = ("fatma", "jonas", "karl", "petra", "maria", "admin", "olga")


def make_client(cast: Cast, actor=None, number: str = "BOR-0100", first: str = "Lena",  # noqa: ANN001
                last: str = "Hoff", born: dt.date = dt.date(1990, 5, 20), **extra) -> Client:  # noqa: ANN003
    return client_create(actor=actor or cast.karl, case_number=number, first_name=first,
                         last_name=last, date_of_birth=born, gender="f",
                         municipality=cast.bocholt, benefit_since=dt.date(2021, 2, 1), **extra)


def make_run(cast: Cast, *, capacity: int = 1, title: str = "Neustart C",
             facilitator=None, **target) -> Run:  # noqa: ANN001, ANN003
    today = timezone.localdate()
    run = Run.objects.create(programme_version=cast.version, title=title,
                             location=cast.location, capacity=capacity,
                             starts_on=today + dt.timedelta(days=10),
                             ends_on=today + dt.timedelta(days=80), status=Run.Status.OPEN)
    run.facilitators.add(facilitator or cast.fatma)
    TargetGroup.objects.create(run=run, **target)
    return run


@pytest.fixture
def lena(cast: Cast) -> Client:
    """A client of Karl's with no referral yet."""
    return make_client(cast)


@pytest.fixture
def lena_referral(cast: Cast, lena: Client) -> Referral:
    """Lena, referred by Karl to run A (led by Fatma), waiting for a decision."""
    return referral_create(actor=cast.karl, client=lena, run=cast.run_a,
                           potential_note="Organisiert den Elternbeirat.")


@pytest.fixture
def random_id() -> uuid.UUID:
    return uuid.uuid4()
