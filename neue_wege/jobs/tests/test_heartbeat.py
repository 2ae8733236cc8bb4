"""The worker's heartbeat: a row per process that the readiness endpoint reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from neue_wege.core.models import Heartbeat
from neue_wege.jobs.heartbeat import beat, process_name

pytestmark = pytest.mark.django_db


def test_beat_writes_and_renews_the_process_row():
    name = process_name()
    beat(name)
    first = Heartbeat.objects.get(name=name).seen_at
    beat(name)
    row = Heartbeat.objects.get(name=name)
    assert row.kind == "worker" and row.seen_at >= first
    assert Heartbeat.objects.count() == 1


def test_beat_forgets_processes_silent_for_a_day():
    Heartbeat.objects.create(name="old-host:7", seen_at=timezone.now() - timedelta(days=2))
    Heartbeat.objects.create(name="recent-host:8", seen_at=timezone.now() - timedelta(hours=2))
    beat("this-host:9")
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"recent-host:8",
                                                                      "this-host:9"}
