from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "neue_wege.outcomes"
    verbose_name = "Verbleib und Wirkung"
