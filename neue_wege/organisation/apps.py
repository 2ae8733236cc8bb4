from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "neue_wege.organisation"
    label = "organisation"
