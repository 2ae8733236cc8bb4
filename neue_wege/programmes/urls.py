from django.urls import path

from neue_wege.programmes.views import methods, planning, programmes, runs, sessions

app_name = "programmes"
urlpatterns = [
    # programmes and versions
    path("projekte/", programmes.programme_list, name="programme-list"),
    path("projekte/neu/", programmes.programme_create, name="programme-create"),
    path("projekte/<uuid:programme_id>/", programmes.programme_detail, name="programme-detail"),
    path("projekte/<uuid:programme_id>/versionen/neu/", programmes.programme_version_create,
         name="programme-version-create"),
    # method library
    path("methoden/", methods.method_list, name="method-list"),
    path("methoden/neu/", methods.method_create, name="method-create"),
    path("methoden/<uuid:method_id>/", methods.method_detail, name="method-detail"),
    path("methoden/<uuid:method_id>/bearbeiten/", methods.method_update, name="method-update"),
    # runs
    path("durchlaeufe/", runs.run_list, name="run-list"),
    path("durchlaeufe/neu/", runs.run_create, name="run-create"),
    path("durchlaeufe/<uuid:run_id>/", runs.run_detail, name="run-detail"),
    path("durchlaeufe/<uuid:run_id>/bearbeiten/", runs.run_update, name="run-update"),
    path("durchlaeufe/<uuid:run_id>/termine.ics", sessions.run_calendar, name="run-calendar"),
    path("durchlaeufe/<uuid:run_id>/termine/planen/", sessions.session_generate,
         name="session-generate"),
    # sessions
    path("termine/<uuid:session_id>/bearbeiten/", sessions.session_update,
         name="session-update"),
    path("termine/<uuid:session_id>/loeschen/", sessions.session_delete, name="session-delete"),
    path("termine/<uuid:session_id>/anwesenheit/", sessions.session_attendance,
         name="session-attendance"),
    path("termine/<uuid:session_id>/unterschriftenliste.pdf", sessions.session_sign_in_sheet,
         name="session-sign-in-sheet"),
    # planning across runs: rooms and calendars (issue 15)
    path("kalender/", planning.facilitator_calendar, name="facilitator-calendar"),
    path("standorte/<uuid:location_id>/kalender/", planning.location_calendar,
         name="location-calendar"),
    path("standorte/<uuid:location_id>/raeume/neu/", planning.room_create, name="room-create"),
    path("raeume/<uuid:room_id>/bearbeiten/", planning.room_update, name="room-update"),
]
