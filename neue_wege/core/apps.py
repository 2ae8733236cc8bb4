from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "neue_wege.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from neue_wege.core.collation import register_sqlite_collation
        from neue_wege.core.logs import clear_request_id, install_record_factory

        install_record_factory()
        request_finished.connect(clear_request_id, dispatch_uid="neue_wege.core.request_id")

        connection_created.connect(register_sqlite_collation,
                                   dispatch_uid="neue_wege.core.german_collation")
        from neue_wege.core.caches import create_cache_tables

        post_migrate.connect(create_cache_tables, sender=self,
                             dispatch_uid="neue_wege.core.cache_tables")
