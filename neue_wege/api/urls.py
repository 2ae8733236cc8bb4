from django.urls import include, path

from neue_wege.api import views
from neue_wege.api.calls import enveloped
from neue_wege.api.v1 import api

patterns, _app, namespace = api.urls

app_name = "api"
urlpatterns = [
    path("api/v1/", include((enveloped(patterns), namespace), namespace=namespace)),
    path("verwaltung/schnittstellen/", views.api_client_list, name="client-list"),
    path("verwaltung/schnittstellen/<uuid:api_client_id>/", views.api_client_detail,
         name="client-detail"),
    path("verwaltung/schnittstellen/<uuid:api_client_id>/schluessel/", views.token_create,
         name="token-create"),
    path("verwaltung/schnittstellen/<uuid:api_client_id>/sperren/", views.api_client_active,
         name="client-active"),
    path("verwaltung/schnittstellen/schluessel/<uuid:token_id>/widerrufen/", views.token_revoke,
         name="token-revoke"),
]
