from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "neue_wege.privacy"
    label = "privacy"
