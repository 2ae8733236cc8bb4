from django.urls import path

from neue_wege.core.placeholders import not_yet

app_name = "programmes"
urlpatterns = [
    path("projekte/", not_yet, name="programme-list"),
    path("projekte/<uuid:programme_id>/", not_yet, name="programme-detail"),
    path("methoden/", not_yet, name="method-list"),
    path("durchlaeufe/", not_yet, name="run-list"),
    path("durchlaeufe/neu/", not_yet, name="run-create"),
    path("durchlaeufe/<uuid:run_id>/", not_yet, name="run-detail"),
    path("durchlaeufe/<uuid:run_id>/termine.ics", not_yet, name="run-calendar"),
    path("termine/<uuid:session_id>/anwesenheit/", not_yet, name="session-attendance"),
]
