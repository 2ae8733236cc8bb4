"""Client systems of the API (Fachverfahren), their tokens, the call log, external ids and bulk
transfers.

A client system (`ApiClient`) belongs to one job centre and acts through its own technical
account (`service_user`: no password, inactive, never logs in), so every domain service records
it as the actor; that account has no role, so no access rule grants it anything. Tokens are
stored as SHA-256 hashes of 256-bit random secrets; the secret is shown once.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre
from neue_wege.privacy.fields import EncryptedTextField


class Scope(models.TextChoices):
    CLIENTS_WRITE = "clients:write", _("Kund:innen anlegen und ändern")
    CLIENTS_READ = "clients:read", _("Kund:innen lesen")
    REFERRALS_WRITE = "referrals:write", _("Zuweisungen anlegen")
    REFERRALS_READ = "referrals:read", _("Zuweisungen und freie Plätze lesen")
    OUTCOMES_READ = "outcomes:read", _("Verbleib und Nachbefragungen lesen")
    BULK = "bulk", _("Massenimport und -export (CSV)")


class ApiClient(TimeStampedModel):
    """A system of the job centre that calls the API (e.g. the main case system)."""

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="api_clients",
                                   verbose_name=_("Jobcenter"))
    name = models.CharField(_("Name"), max_length=120)
    scopes = models.JSONField(_("Berechtigungen"), default=list)
    rate_limit_per_minute = models.PositiveIntegerField(_("Anfragen pro Minute"), default=120)
    service_user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="api_client")
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("angebundenes System")
        verbose_name_plural = _("angebundene Systeme")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["job_centre", "name"], name="api_client_unique_name",
                                    violation_error_message=_(
                                        "Ein System mit diesem Namen gibt es schon.")),
        ]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A bearer token of a client system: only its hash and a short prefix are stored."""

    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(_("Kennung"), max_length=16, unique=True)
    hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Zugangsschlüssel")
        verbose_name_plural = _("Zugangsschlüssel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.prefix

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiCall(models.Model):
    """One call of the API: who, which endpoint, the answer's status, the ids of the objects
    it touched. Never a name, a body or a query string (no personal data)."""

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    api_client = models.ForeignKey(ApiClient, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="calls")
    token_prefix = models.CharField(max_length=16, blank=True)
    method = models.CharField(max_length=8)
    endpoint = models.CharField(_("Schnittstelle"), max_length=120)
    status = models.PositiveSmallIntegerField(_("Status"))
    object_ids = models.JSONField(default=list)

    class Meta:
        verbose_name = _("Aufruf der Schnittstelle")
        verbose_name_plural = _("Aufrufe der Schnittstelle")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["api_client", "at"], name="api_call_client_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status}"


class ExternalReference(models.Model):
    """The id a client system uses for one of our records: repeating a create with the same
    external id returns the record created the first time (idempotent writes)."""

    class Kind(models.TextChoices):
        CLIENT = "client", _("Kund:in")
        REFERRAL = "referral", _("Zuweisung")

    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE,
                                   related_name="references")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    external_id = models.CharField(max_length=100)
    object_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("externe Kennung")
        verbose_name_plural = _("externe Kennungen")
        constraints = [
            models.UniqueConstraint(fields=["api_client", "kind", "external_id"],
                                    name="api_external_id_unique"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="api_ref_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.external_id}"


class BulkTransfer(TimeStampedModel):
    """A CSV import or export run by the task runner; the files are encrypted at rest."""

    class Kind(models.TextChoices):
        CLIENTS_IMPORT = "clients_import", _("Kund:innen importieren")
        CLIENTS_EXPORT = "clients_export", _("Kund:innen exportieren")
        FOLLOW_UPS_IMPORT = "follow_ups_import", _("Nachbefragungen importieren")
        FOLLOW_UPS_EXPORT = "follow_ups_export", _("Nachbefragungen exportieren")

    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    job = models.OneToOneField("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    upload = EncryptedTextField(blank=True)
    result_csv = EncryptedTextField(blank=True)
    report = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("Massenübertragung")
        verbose_name_plural = _("Massenübertragungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kind
