from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "neue_wege.orientation"
    label = "orientation"
    verbose_name = "Berufsorientierung"
