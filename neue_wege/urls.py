from django.contrib.auth import views as auth_views
from django.urls import include, path

from neue_wege.core import views as core_views

urlpatterns = [
    path("anmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("barrierefreiheit/", core_views.accessibility, name="accessibility"),
    path("datenschutz/", core_views.privacy_notice, name="privacy-notice"),
    path("impressum/", core_views.imprint, name="imprint"),
    path("health/", core_views.health, name="health"),
    path("", include("neue_wege.dashboards.urls")),
    path("", include("neue_wege.programmes.urls")),
    path("", include("neue_wege.clients.urls")),
    path("", include("neue_wege.organisation.urls")),
]
