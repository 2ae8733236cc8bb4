"""Portal URLs: account (see portal/urls.py)."""

from django.urls import path

from neue_wege.portal import views_account

urlpatterns: list = [
    path("portal/", views_account.home, name="home"),
    path("portal/willkommen/", views_account.account_activate, name="account-activate"),
    path("portal/teilnahmen/<uuid:enrollment_id>/einladung/", views_account.invitation_create,
         name="invitation-create"),
    path("portal/einladungen/<uuid:invitation_id>/pdf/", views_account.invitation_pdf,
         name="invitation-pdf"),
]
