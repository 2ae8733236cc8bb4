from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "neue_wege.portal"
    label = "portal"
