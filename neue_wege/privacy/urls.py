from django.urls import path

from neue_wege.privacy import views

app_name = "privacy"
urlpatterns = [
    path("verwaltung/protokoll/", views.audit_event_list, name="audit-event-list"),
    path("portal/wer-hat-meine-daten-gesehen/", views.my_access_log, name="my-access-log"),
]
