"""`neuewege generate_clients` adds synthetic clients with their history in bulk."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.programmes.models import Attendance

pytestmark = pytest.mark.django_db


def _generate(count: int, *extra: str) -> str:
    out = StringIO()
    call_command("generate_clients", "--count", str(count), "--batch-size", "40",
                 "--no-progress", *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_generates_clients_with_referrals_enrollments_and_attendance():
    output = _generate(120)
    assert Client.objects.count() == 120  # the demo it builds first has no clients
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert "accepted" in statuses
    assert Referral.objects.count() > 60
    assert Enrollment.objects.filter(status__in=["completed", "dropped_out"]).exists()
    assert Attendance.objects.exists()
    assert "Fertig in" in output
    assert "120 Kund:innen" in output


def test_runs_twice_without_clashing_case_numbers():
    _generate(50)
    _generate(50)
    assert Client.objects.count() == 100
    assert Client.objects.values("case_number").distinct().count() == 100


def test_same_seed_gives_the_same_names():
    _generate(20, "--seed", "7")
    first = sorted(Client.objects.values_list("last_name", flat=True))
    Attendance.objects.all().delete()
    Enrollment.objects.all().delete()
    Referral.objects.all().delete()
    Client.objects.all().delete()
    _generate(20, "--seed", "7")
    assert sorted(Client.objects.values_list("last_name", flat=True)) == first


def test_rejects_a_count_below_one():
    with pytest.raises(CommandError):
        _generate(0)
