from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "neue_wege.jobs"
    verbose_name = _("Aufträge")
