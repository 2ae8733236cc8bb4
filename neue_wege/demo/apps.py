from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo county and scale data (`demo`, `generate_clients`): sits above every domain app."""

    name = "neue_wege.demo"
    label = "demo"
