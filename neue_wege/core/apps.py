from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "neue_wege.core"
    label = "core"
