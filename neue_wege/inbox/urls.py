from django.urls import path

from neue_wege.inbox import views

app_name = "inbox"
urlpatterns = [
    path("nachrichten/", views.notice_list, name="notice-list"),
    path("verwaltung/fehltermine/", views.absence_policy, name="absence-policy"),
    path("nachrichten/alle-gelesen/", views.notice_read_all, name="notice-read-all"),
    path("nachrichten/zusammenfassung/", views.digest_update, name="digest-update"),
    path("nachrichten/<uuid:notice_id>/gelesen/", views.notice_read, name="notice-read"),
]
