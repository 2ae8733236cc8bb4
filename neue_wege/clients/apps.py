from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "neue_wege.clients"
    label = "clients"
