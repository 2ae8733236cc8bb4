from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "neue_wege.inbox"
    verbose_name = _("Nachrichten")
