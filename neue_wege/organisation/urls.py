from django.urls import path

from neue_wege.core.placeholders import not_yet

app_name = "organisation"
urlpatterns = [
    path("verwaltung/konten/", not_yet, name="user-list"),
    path("verwaltung/standorte/", not_yet, name="location-list"),
]
