from django.urls import path

from neue_wege.messaging import views

app_name = "messaging"

urlpatterns = [
    path("durchlaeufe/<uuid:run_id>/nachrichten/", views.run_messages, name="run-messages"),
    path("durchlaeufe/<uuid:run_id>/nachrichten/einladen/", views.run_invite, name="run-invite"),
    path("durchlaeufe/<uuid:run_id>/nachrichten/einladungsbriefe.pdf", views.run_letters,
         name="run-letters"),
    path("teilnahmen/<uuid:enrollment_id>/kontaktwege/", views.enrollment_channels,
         name="enrollment-channels"),
    path("teilnahmen/<uuid:enrollment_id>/kontaktwege/widerrufen/",
         views.enrollment_channel_withdraw, name="enrollment-channel-withdraw"),
    path("nachrichten/einstellungen/", views.message_settings, name="settings"),
    path("nachrichten/einstellungen/erinnerungen/", views.reminder_settings,
         name="reminder-settings"),
]
