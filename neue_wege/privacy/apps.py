from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "neue_wege.privacy"
    label = "privacy"

    def ready(self) -> None:
        from neue_wege.privacy import checks  # noqa: F401  (registers the deploy checks)
