"""Portal URLs: profile (see portal/urls.py)."""

from django.urls import path

from neue_wege.portal import views_profile

urlpatterns: list = [
    path("portal/staerken/", views_profile.profile, name="profile"),
    path("portal/staerken/pdf/", views_profile.profile_pdf, name="profile-pdf"),
    path("portal/staerken/einwilligung-export/", views_profile.profile_export_consent,
         name="profile-export-consent"),
]
