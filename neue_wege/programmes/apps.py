from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "neue_wege.programmes"
    label = "programmes"
