"""`neuewege send_reminders`: queue due reminders and "we missed you" messages, then deliver
them (and retries whose backoff has passed) through the task runner. Run it every 15 minutes
from cron or a systemd timer (docs/tasks.md, docs/messaging.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from neue_wege.messaging import services
from neue_wege.messaging.tasks import deliver_due


class Command(BaseCommand):
    help = "Erinnerungen und „Wir haben Sie vermisst“-Nachrichten einplanen und versenden."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true",
                            help="in diesem Prozess senden statt über den Worker")

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.reminders_plan()
        if options["now"]:
            counts = services.deliver(services.message_ids_due())
            self.stdout.write(f"{created} neu eingeplant; versendet: {counts}")
            return
        deliver_due.enqueue()
        self.stdout.write(f"{created} neu eingeplant; Versand an den Worker übergeben")
