from django.urls import path

from neue_wege.privacy.views import audit, released, requests, retention

app_name = "privacy"
urlpatterns = [
    path("verwaltung/protokoll/", audit.audit_event_list, name="audit-event-list"),
    path("portal/wer-hat-meine-daten-gesehen/", audit.my_access_log, name="my-access-log"),
    path("kundinnen/<uuid:client_id>/freigegeben/<slug:item_key>/", released.released_item,
         name="released-item"),
    path("verwaltung/loeschfristen/", retention.retention_overview,
         name="retention-overview"),
    path("betroffenenanfragen/", requests.request_list, name="request-list"),
    path("betroffenenanfragen/neu/", requests.request_create, name="request-create"),
    path("betroffenenanfragen/<uuid:request_id>/", requests.request_detail,
         name="request-detail"),
]
