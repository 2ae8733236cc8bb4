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
    path("verwaltung/loeschfristen/probelauf/", retention.retention_preview,
         name="retention-preview"),
    path("verwaltung/loeschfristen/bearbeiten/", retention.retention_rule_update,
         name="retention-rule-update"),
    path("betroffenenanfragen/", requests.request_list, name="request-list"),
    path("betroffenenanfragen/neu/", requests.request_create, name="request-create"),
    path("betroffenenanfragen/<uuid:request_id>/", requests.request_detail,
         name="request-detail"),
    path("betroffenenanfragen/<uuid:request_id>/auskunft.pdf",
         requests.request_export_pdf, name="request-export-pdf"),
    path("betroffenenanfragen/<uuid:request_id>/auskunft.json",
         requests.request_export_json, name="request-export-json"),
    path("betroffenenanfragen/<uuid:request_id>/uebergabe/",
         requests.request_hand_over, name="request-hand-over"),
    path("betroffenenanfragen/<uuid:request_id>/einschraenkung/",
         requests.request_restriction, name="request-restriction"),
]
