"""Pages everyone may open, logged in or not (the explicit allowlist of the login wall)."""

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from neue_wege.core.models import Heartbeat

# Bump when sw.js changes in a way the cached copies must follow (the worker deletes caches
# of other versions when it takes over).
SW_VERSION = "1"
PRECACHED_STATIC = (
    "kern/kern.min.css", "kern/fonts/fira-sans.css", "core/app.css", "portal/portal.css",
    "portal/stories.css", "htmx/htmx.min.js", "core/offline.js", "core/idle-warning.js",
    "portal/story-writing.js", "programmes/attendance-offline.js",
)
WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies",
                   "workbox-expiration", "workbox-cacheable-response")


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", _operator())


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy_notice.html")


@login_not_required
@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html", _operator())


def _operator() -> dict[str, Any]:
    """Who answers for this installation (settings: NW_OPERATOR_NAME, NW_OPERATOR_ADDRESS); the
    job centres sharing it are named on their own pages and documents."""
    return {"operator_name": settings.NW_OPERATOR_NAME,
            "operator_address": settings.NW_OPERATOR_ADDRESS}


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- offline use (issue 14, docs/offline.md) ------------------------------------------------
@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so that its scope covers the portal
    and the attendance pages. Workbox comes from npm (static files), nothing from a CDN."""
    modules = {name: static(f"workbox/{name}/{name}.prod.js") for name in WORKBOX_MODULES}
    precache = [static(name) for name in PRECACHED_STATIC] + [reverse("offline")]
    response = render(request, "core/sw.js", {
        "workbox_sw": static("workbox/workbox-sw/workbox-sw.js"),
        "modules_json": json.dumps(modules),
        "precache_json": json.dumps(precache),
        "static_prefix": settings.STATIC_URL if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
        "offline_url": reverse("offline"),
        "version": SW_VERSION,
    }, content_type="application/javascript; charset=utf-8")
    # Always asked again, so that a new version reaches every phone.
    response.headers["Cache-Control"] = "no-cache"
    return response


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
def web_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the portal (and the facilitators' pages) can be installed."""
    response = JsonResponse({
        "name": gettext("Neue Wege – mein Bereich"),
        "short_name": "Neue Wege",
        "lang": "de",
        "start_url": reverse("dashboards:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#00467d",
        "icons": [
            {"src": static("core/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("core/icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "any"},
        ],
    }, json_dumps_params={"ensure_ascii": False})
    response.headers["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page that was never opened while online."""
    return render(request, "core/offline.html")


class LogoutView(auth_views.LogoutView):
    """Log out and tell the browser to forget this site's stored data: drafts, the offline
    queue and the service worker's kept pages (`Clear-Site-Data`, issue 14). The pages' own
    script clears them too, for browsers that ignore the header."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response


@login_not_required
@require_GET
def health_ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    checks["migrations"] = checks["database"] and _migrations_ok()
    checks["worker"] = checks["database"] and _worker_ok()
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status=200 if ready else 503)
