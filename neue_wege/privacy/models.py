"""Audit log. Consents and releases join here with the strengths and privacy issues."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which record, when (Protokoll). Append-only: the app never edits it.

    It holds references, never content: no story text, no names beyond the actor's account.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("angesehen")
        CREATE = "create", _("angelegt")
        CHANGE = "change", _("geändert")
        DELETE = "delete", _("gelöscht")
        EXPORT = "export", _("exportiert")

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("wer"))
    actor_label = models.CharField(max_length=150)
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("Art des Datensatzes"), max_length=60)
    object_id = models.CharField(_("Datensatz"), max_length=64)
    client_id = models.UUIDField(_("betroffene Person"), null=True, blank=True, db_index=True)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Audit events are append-only.")


class Consent(models.Model):
    """A participant's recorded permission for one purpose and one item (Einwilligung).

    Giving it is a row; withdrawing it sets `withdrawn_at` and takes effect at once. The text
    the participant saw is stored with it, so the record shows what was agreed to.
    """

    class Purpose(models.TextChoices):
        SHARE_WITH_GROUP = "share_group", _("Geschichte mit der Gruppe teilen")
        SHARE_WITH_FACILITATOR = "share_facilitator", _("Geschichte mit der Projektleitung teilen")
        RELEASE_TO_CASE_MANAGER = "release_case_manager", _("an das Fallmanagement freigeben")
        EXPORT_PROFILE = "export_profile", _("Stärkenprofil durch die Projektleitung exportieren")
        SHOW_NAME = "show_name", _("Namen bei Rückmeldungen zeigen")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="consents")
    purpose = models.CharField(_("Zweck"), max_length=24, choices=Purpose.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    wording = models.TextField(_("gezeigter Text"))
    given_at = models.DateTimeField(_("erteilt am"), auto_now_add=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "purpose", "object_type", "object_id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_item_and_purpose",
            ),
        ]
        indexes = [models.Index(fields=["object_type", "object_id", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%d.%m.%Y})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
