from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "neue_wege.organisation"
    label = "organisation"

    def ready(self) -> None:
        from neue_wege.organisation import signals  # noqa: F401  (connects the receivers)
