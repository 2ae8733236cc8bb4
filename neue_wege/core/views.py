"""Pages everyone may open, logged in or not (the explicit allowlist of the login wall)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from neue_wege.core.models import Heartbeat


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy_notice.html")


@login_not_required
@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- Liveness and readiness for the load balancer and the orchestrator (issue 16) -------------
# `/health/live/`: the process answers (no database). `/health/ready/`: this instance can serve:
# the database answers, every migration on disk is applied, and a task worker reported within
# NW_WORKER_HEARTBEAT_MAX_AGE seconds. 200 or 503 with booleans only (no versions, no hosts).
_migrations_applied = False


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _migrations_ok() -> bool:
    """No migration on disk is unapplied; once true it stays true for this process (the code,
    and so the migrations on disk, cannot change under a running process)."""
    global _migrations_applied  # noqa: PLW0603 - a per-process memo
    if not _migrations_applied:
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return False
        _migrations_applied = not plan
    return _migrations_applied


def _worker_ok() -> bool:
    max_age = timedelta(seconds=settings.NW_WORKER_HEARTBEAT_MAX_AGE)
    try:
        return Heartbeat.objects.filter(kind="worker", seen_at__gte=timezone.now() - max_age).exists()
    except DatabaseError:
        return False


@login_not_required
@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def health_ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    checks["migrations"] = checks["database"] and _migrations_ok()
    checks["worker"] = checks["database"] and _worker_ok()
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status=200 if ready else 503)
