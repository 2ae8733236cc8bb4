"""Liveness and readiness (`/health/live/`, `/health/ready/`): what a load balancer asks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from neue_wege.core import views
from neue_wege.core.models import Heartbeat


def test_liveness_answers_without_the_database(client):
    # No `db` fixture: pytest-django makes any database access here raise.
    response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_wants_a_fresh_worker_heartbeat(client):
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": True, "migrations": True, "worker": False}}

    Heartbeat.objects.create(name="host:1", seen_at=timezone.now() - timedelta(seconds=61))
    assert client.get(reverse("health-ready")).status_code == 503  # older than a minute

    Heartbeat.objects.filter(name="host:1").update(seen_at=timezone.now())
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok",
                               "checks": {"database": True, "migrations": True, "worker": True}}


@pytest.mark.django_db
def test_readiness_is_unavailable_while_a_migration_is_missing(client, monkeypatch):
    Heartbeat.objects.create(name="host:1", seen_at=timezone.now())
    monkeypatch.setattr(views, "_migrations_applied", False)
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(app="core", name="0002_worker_heartbeat").delete()
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "migrations": False, "worker": True}


@pytest.mark.django_db
def test_readiness_without_database_is_unavailable(client, monkeypatch):
    def broken() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "migrations": False, "worker": False}


@pytest.mark.django_db
def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("health-live")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 301
