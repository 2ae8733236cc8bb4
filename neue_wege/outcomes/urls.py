from django.urls import path

from neue_wege.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("teilnahmen/<uuid:enrollment_id>/beenden/", views.enrollment_end,
         name="enrollment-end"),
    path("teilnahmen/<uuid:enrollment_id>/verbleib/", views.case_outcome, name="case-outcome"),
    path("teilnahmen/<uuid:enrollment_id>/nachbefragung/", views.follow_up_record,
         name="follow-up-record"),
    path("teilnahmen/<uuid:enrollment_id>/bescheinigung.pdf", views.enrollment_certificate,
         name="enrollment-certificate"),
    path("teilnahmen/<uuid:enrollment_id>/bestaetigung.pdf", views.enrollment_confirmation,
         name="enrollment-confirmation"),
    path("nachbefragungen/", views.follow_ups_due, name="follow-ups-due"),
    path("durchlaeufe/<uuid:run_id>/selbsteinschaetzung/", views.run_self_assessment,
         name="run-self-assessment"),
    path("verwaltung/frageboegen/", views.instrument_list, name="instrument-list"),
    path("verwaltung/frageboegen/<uuid:instrument_id>/", views.instrument_detail,
         name="instrument-detail"),
    path("verwaltung/frageboegen/<uuid:instrument_id>/json/", views.instrument_download,
         name="instrument-download"),
    path("verwaltung/frageboegen/<uuid:instrument_id>/gebrauch/", views.instrument_active,
         name="instrument-active"),
]
