from django.urls import path

from neue_wege.organisation import views

app_name = "organisation"
urlpatterns = [
    path("verwaltung/konten/", views.user_list, name="user-list"),
    path("verwaltung/konten/neu/", views.user_create, name="user-create"),
    path("verwaltung/konten/<uuid:user_id>/", views.user_update, name="user-update"),
    path("verwaltung/konten/<uuid:user_id>/passwort/", views.user_set_password,
         name="user-set-password"),
    path("verwaltung/konten/<uuid:user_id>/deaktivieren/", views.user_deactivate,
         name="user-deactivate"),
    path("verwaltung/konten/<uuid:user_id>/reaktivieren/", views.user_reactivate,
         name="user-reactivate"),
    path("verwaltung/standorte/", views.location_list, name="location-list"),
    path("verwaltung/standorte/neu/", views.location_create, name="location-create"),
    path("verwaltung/standorte/<uuid:location_id>/", views.location_update,
         name="location-update"),
    path("verwaltung/standorte/<uuid:location_id>/deaktivieren/", views.location_deactivate,
         name="location-deactivate"),
    path("verwaltung/standorte/<uuid:location_id>/reaktivieren/", views.location_reactivate,
         name="location-reactivate"),
    path("verwaltung/kommunen/", views.municipality_list, name="municipality-list"),
]
