from django.urls import path

from neue_wege.privacy import views, views_released, views_requests, views_retention

app_name = "privacy"
urlpatterns = [
    path("verwaltung/protokoll/", views.audit_event_list, name="audit-event-list"),
    path("portal/wer-hat-meine-daten-gesehen/", views.my_access_log, name="my-access-log"),
    path("kundinnen/<uuid:client_id>/freigegeben/<slug:item_key>/", views_released.released_item,
         name="released-item"),
    path("verwaltung/loeschfristen/", views_retention.retention_overview,
         name="retention-overview"),
    path("verwaltung/loeschfristen/probelauf/", views_retention.retention_preview,
         name="retention-preview"),
    path("verwaltung/loeschfristen/bearbeiten/", views_retention.retention_rule_update,
         name="retention-rule-update"),
    path("betroffenenanfragen/", views_requests.request_list, name="request-list"),
    path("betroffenenanfragen/neu/", views_requests.request_create, name="request-create"),
    path("betroffenenanfragen/<uuid:request_id>/", views_requests.request_detail,
         name="request-detail"),
    path("betroffenenanfragen/<uuid:request_id>/auskunft.pdf",
         views_requests.request_export_pdf, name="request-export-pdf"),
    path("betroffenenanfragen/<uuid:request_id>/auskunft.json",
         views_requests.request_export_json, name="request-export-json"),
    path("betroffenenanfragen/<uuid:request_id>/uebergabe/",
         views_requests.request_hand_over, name="request-hand-over"),
    path("betroffenenanfragen/<uuid:request_id>/einschraenkung/",
         views_requests.request_restriction, name="request-restriction"),
]
