from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "neue_wege.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from neue_wege.dashboards import overview

        overview.register()
