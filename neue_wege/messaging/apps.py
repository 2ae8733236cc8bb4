from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "neue_wege.messaging"
    verbose_name = _("Nachrichten")

    def ready(self) -> None:
        # Imported here: the module imports models. It registers the export section with
        # privacy (privacy never imports this app).
        from neue_wege.messaging import personal_data

        personal_data.register()
