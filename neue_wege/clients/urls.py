from django.urls import path

from neue_wege.core.placeholders import not_yet

app_name = "clients"
urlpatterns = [
    path("kundinnen/", not_yet, name="client-list"),
    path("kundinnen/neu/", not_yet, name="client-create"),
    path("kundinnen/<uuid:client_id>/", not_yet, name="client-detail"),
    path("zuweisungen/", not_yet, name="referral-list"),
    path("zuweisungen/<uuid:referral_id>/", not_yet, name="referral-detail"),
    path("kundinnen/<uuid:client_id>/zuweisen/", not_yet, name="referral-create"),
    path("durchlaeufe/<uuid:run_id>/zuweisungen/", not_yet, name="run-referrals"),
]
