from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from neue_wege.core import views as core_views

urlpatterns = [
    path("anmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    # Choosing the language only sets a cookie; allowed before logging in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("barrierefreiheit/", core_views.accessibility, name="accessibility"),
    path("datenschutz/", core_views.privacy_notice, name="privacy-notice"),
    path("impressum/", core_views.imprint, name="imprint"),
    path("health/", core_views.health, name="health"),
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
    path("", include("neue_wege.api.urls")),  # /api/v1/ and its administration pages
]

# Unknown addresses below /api/ answer with problem details (RFC 9457), all others as before.
handler404 = "neue_wege.api.problems.not_found"
