"""`neuewege demo` gives the demo participants a path (and --reset removes it again)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from neue_wege.organisation.models import User
from neue_wege.orientation.models import (
    ActionStep,
    InterestCheck,
    Obstacle,
    OccupationSuggestion,
    Vision,
)

pytestmark = pytest.mark.django_db


def test_demo_participants_have_a_path():
    call_command("demo", "--clients", "60", stdout=StringIO())
    participants = User.objects.filter(role=User.Role.PARTICIPANT)
    assert participants.count() == 4
    for user in participants:
        enrollment = user.client.enrollments.get(status="active")
        assert InterestCheck.objects.filter(enrollment=enrollment).exists()
        assert Vision.objects.filter(enrollment=enrollment).exists()
        assert ActionStep.objects.filter(enrollment=enrollment).exists()
    assert Obstacle.objects.count() == 3
    saved = OccupationSuggestion.objects.filter(status="saved")
    assert saved.count() == 2  # real suggestions from the imported classification
    assert ActionStep.objects.filter(from_suggestion__in=saved).count() == 2
    call_command("demo", "--clients", "60", "--reset", stdout=StringIO())
    assert Vision.objects.count() == 4
