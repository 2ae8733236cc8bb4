from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "neue_wege.dashboards"
    label = "dashboards"
