from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "neue_wege.portal"
    label = "portal"

    def ready(self) -> None:
        # Imported here, not at the top: the module imports models, which are not loaded yet
        # when Django imports this file. It registers this app's release content and export
        # sections with privacy (privacy never imports this app).
        from neue_wege.portal import personal_data, sessions

        personal_data.register()
        # Participants' sessions outlive a closed browser (issue 14, portal/sessions.py).
        sessions.connect()
