"""``neuewege privacy_officer USERNAME [--remove]``: give or take the DSB's right.

The data protection officer (Datenschutzbeauftragte:r) changes the retention rules on
`/verwaltung/loeschfristen/bearbeiten/`. The application has no role of its own for the DSB
(docs/privacy.md, section 5): the DSB uses an administrator account that holds the permission
`privacy.change_retentionrule`. The operator gives it with this command, so that no
administrator can give it to themselves in the application. Each change is audited.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError

from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent


class Command(BaseCommand):
    help = "Recht der oder des Datenschutzbeauftragten (Löschfristen bearbeiten) geben oder nehmen."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="Recht wieder entziehen.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        user_model = get_user_model()
        user = user_model.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Kein Konto mit dem Benutzernamen {options['username']!r}.",
                               returncode=2)
        if user.role != user_model.Role.ADMINISTRATOR or not user.is_active:
            raise CommandError("Das Recht bekommt nur ein aktives Konto der Administration.",
                               returncode=2)
        permission = Permission.objects.get(content_type__app_label="privacy",
                                            codename="change_retentionrule")
        if options["remove"]:
            user.user_permissions.remove(permission)
            text = "Recht entzogen"
        else:
            user.user_permissions.add(permission)
            text = "Recht gegeben"
        audit_record(actor=None, action=AuditEvent.Action.CHANGE, obj=user,
                     reason=f"Datenschutzbeauftragte:r: {text}")
        self.stdout.write(f"{text}: {user.username} (Löschfristen bearbeiten).")
