from django.urls import path

from neue_wege.organisation import views, views_own_account, views_two_factor

app_name = "organisation"
urlpatterns = [
    # Second factor for staff (organisation.two_factor): the step after the password.
    path("anmelden/code/", views_two_factor.verify, name="two-factor-verify"),
    path("anmelden/code/einrichten/", views_two_factor.setup, name="two-factor-setup"),
    path("anmelden/code/wiederherstellung/", views_two_factor.recovery,
         name="two-factor-recovery"),
    path("konto/wiederherstellungscodes/", views_two_factor.recovery_codes,
         name="recovery-codes"),
    path("konto/passwort/", views_own_account.password_change, name="password-change"),
    path("konto/sitzung/verlaengern/", views_own_account.session_extend, name="session-extend"),
    path("verwaltung/konten/<uuid:user_id>/zweiter-faktor-zuruecksetzen/",
         views_two_factor.user_second_factor_reset, name="user-second-factor-reset"),
    path("verwaltung/konten/<uuid:user_id>/sitzungen-beenden/",
         views_two_factor.user_sessions_end, name="user-sessions-end"),
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
