from django.urls import path

from neue_wege.clients import views

app_name = "clients"
urlpatterns = [
    path("kundinnen/", views.client_list, name="client-list"),
    path("kundinnen/neu/", views.client_create, name="client-create"),
    path("kundinnen/<uuid:client_id>/", views.client_detail, name="client-detail"),
    path("kundinnen/<uuid:client_id>/bearbeiten/", views.client_update, name="client-update"),
    path("zuweisungen/", views.referral_list, name="referral-list"),
    path("zuweisungen/<uuid:referral_id>/", views.referral_detail, name="referral-detail"),
    path("zuweisungen/<uuid:referral_id>/aufnehmen/", views.referral_accept,
         name="referral-accept"),
    path("zuweisungen/<uuid:referral_id>/warteliste/", views.referral_waitlist,
         name="referral-waitlist"),
    path("zuweisungen/<uuid:referral_id>/ablehnen/", views.referral_decline,
         name="referral-decline"),
    path("zuweisungen/<uuid:referral_id>/zurueckziehen/", views.referral_withdraw,
         name="referral-withdraw"),
    path("zuweisungen/<uuid:referral_id>/verschieben/", views.referral_move,
         name="referral-move"),
    path("kundinnen/<uuid:client_id>/zuweisen/", views.referral_create, name="referral-create"),
    path("durchlaeufe/<uuid:run_id>/zuweisungen/", views.run_referrals, name="run-referrals"),
]
