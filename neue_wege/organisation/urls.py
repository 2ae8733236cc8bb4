from django.urls import path

from neue_wege.organisation.views import administration, own_account, sign_in, two_factor

app_name = "organisation"
urlpatterns = [
    # Staff single sign-on with the county account (organisation/sso.py; 404 until configured).
    path("anmelden/dienstkonto/", sign_in.sso_login, name="sso-login"),
    path("anmelden/dienstkonto/zurueck/", sign_in.sso_callback, name="sso-callback"),
    # Second factor for staff (organisation.two_factor): the step after the password.
    path("anmelden/code/", two_factor.verify, name="two-factor-verify"),
    path("anmelden/code/einrichten/", two_factor.setup, name="two-factor-setup"),
    path("anmelden/code/wiederherstellung/", two_factor.recovery,
         name="two-factor-recovery"),
    path("konto/wiederherstellungscodes/", two_factor.recovery_codes,
         name="recovery-codes"),
    path("konto/passwort/", own_account.password_change, name="password-change"),
    path("konto/sitzung/verlaengern/", own_account.session_extend, name="session-extend"),
    path("verwaltung/konten/<uuid:user_id>/zweiter-faktor-zuruecksetzen/",
         two_factor.user_second_factor_reset, name="user-second-factor-reset"),
    path("verwaltung/konten/<uuid:user_id>/sitzungen-beenden/",
         two_factor.user_sessions_end, name="user-sessions-end"),
    path("verwaltung/konten/", administration.user_list, name="user-list"),
    path("verwaltung/konten/neu/", administration.user_create, name="user-create"),
    path("verwaltung/konten/<uuid:user_id>/", administration.user_update, name="user-update"),
    path("verwaltung/konten/<uuid:user_id>/passwort/", administration.user_set_password,
         name="user-set-password"),
    path("verwaltung/konten/<uuid:user_id>/deaktivieren/", administration.user_deactivate,
         name="user-deactivate"),
    path("verwaltung/konten/<uuid:user_id>/reaktivieren/", administration.user_reactivate,
         name="user-reactivate"),
    path("verwaltung/standorte/", administration.location_list, name="location-list"),
    path("verwaltung/standorte/neu/", administration.location_create, name="location-create"),
    path("verwaltung/standorte/<uuid:location_id>/", administration.location_update,
         name="location-update"),
    path("verwaltung/standorte/<uuid:location_id>/deaktivieren/", administration.location_deactivate,
         name="location-deactivate"),
    path("verwaltung/standorte/<uuid:location_id>/reaktivieren/", administration.location_reactivate,
         name="location-reactivate"),
    path("verwaltung/kommunen/", administration.municipality_list, name="municipality-list"),
]
