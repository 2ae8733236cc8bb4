from django.urls import path

from neue_wege.programmes.views import methods, programmes, runs, sessions

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
]
