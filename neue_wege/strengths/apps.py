from django.apps import AppConfig


class StrengthsConfig(AppConfig):
    name = "neue_wege.strengths"
    label = "strengths"
