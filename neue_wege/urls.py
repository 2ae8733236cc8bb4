from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from neue_wege.core import views as core_views
from neue_wege.organisation.views import sign_in
from neue_wege.organisation.views.own_account import language_set

urlpatterns = [
    path("anmelden/", sign_in.login, name="login"),
    # Log-out also clears the browser's drafts, queue and offline pages (issue 14) and ends a
    # single-sign-on session at the provider (issue 16).
    path("abmelden/", sign_in.logout, name="logout"),
    # Choosing the language sets a cookie (allowed before logging in too); a participant also
    # keeps it in their account (issue 14).
    path("i18n/setlang/", login_not_required(language_set), name="set_language"),
    path("barrierefreiheit/", core_views.accessibility, name="accessibility"),
    path("datenschutz/", core_views.privacy_notice, name="privacy-notice"),
    path("impressum/", core_views.imprint, name="imprint"),
    path("health/", core_views.health, name="health"),
    # Installable portal and offline use (issue 14, docs/offline.md)
    path("sw.js", core_views.service_worker, name="service-worker"),
    path("manifest.webmanifest", core_views.web_manifest, name="web-manifest"),
    path("offline/", core_views.offline, name="offline"),
    # Liveness (process up) and readiness (database, migrations, worker heartbeat), issue 16.
    path("health/live/", core_views.health_live, name="health-live"),
    path("health/ready/", core_views.health_ready, name="health-ready"),
    path("", include("neue_wege.dashboards.urls")),
    path("", include("neue_wege.programmes.urls")),
    path("", include("neue_wege.clients.urls")),
    path("", include("neue_wege.organisation.urls")),
    path("", include("neue_wege.strengths.urls")),
    path("", include("neue_wege.portal.urls")),
    path("", include("neue_wege.orientation.urls")),
    path("", include("neue_wege.privacy.urls")),
    path("", include("neue_wege.outcomes.urls")),
    path("", include("neue_wege.evaluation.urls")),
    path("", include("neue_wege.jobs.urls")),
    path("", include("neue_wege.inbox.urls")),
    path("", include("neue_wege.messaging.urls")),
    path("", include("neue_wege.api.urls")),  # /api/v1/ and its administration pages
]

# Unknown addresses below /api/ answer with problem details (RFC 9457), all others as before.
handler404 = "neue_wege.api.problems.not_found"
