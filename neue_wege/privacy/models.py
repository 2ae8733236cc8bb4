"""Audit log, consents and releases, retention rules and runs, data subject requests."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from neue_wege.privacy.fields import EncryptedTextField


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

    # at, actor and client_id are indexed together with the time (Meta.indexes).
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("wer"), db_index=False)
    actor_label = models.CharField(max_length=150)
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("Art des Datensatzes"), max_length=60)
    object_id = models.CharField(_("Datensatz"), max_length=64)
    client_id = models.UUIDField(_("betroffene Person"), null=True, blank=True)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at", "-id"]
        # One index per filter of the administrators' search (privacy.selectors.
        # audit_event_search), each ending in the time so that "newest first" reads the index
        # in order and stops after a page (docs/performance.md, "Lists at 1,000,000 clients").
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["at", "id"], name="audit_at_id"),
            models.Index(Upper("actor_label"), "at", name="audit_actor_label_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["object_type", "at"], name="audit_object_type_at"),
            models.Index(fields=["object_id"], name="audit_object_id"),
            models.Index(fields=["client_id", "at"], name="audit_client_at"),
        ]

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

    class EndReason(models.TextChoices):
        """Why a consent stopped being in force (empty while it is, or for old rows)."""

        WITHDRAWN = "withdrawn", _("von der Person zurückgenommen")
        CASE_MANAGER_CHANGED = "case_manager_changed", _("Wechsel des Fallmanagements")
        PSEUDONYMISED = "pseudonymised", _("Löschfrist oder Löschung")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="consents")
    purpose = models.CharField(_("Zweck"), max_length=24, choices=Purpose.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    wording = models.TextField(_("gezeigter Text"))
    wording_version = models.CharField(_("Fassung des Textes"), max_length=20, blank=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("an wen"),
                                  help_text=_("bei Freigaben: die Fallmanager:in, an die "
                                              "freigegeben wurde"))
    given_at = models.DateTimeField(_("erteilt am"), auto_now_add=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    end_reason = models.CharField(_("beendet, weil"), max_length=24, blank=True,
                                  choices=EndReason.choices)

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


class RetentionRule(models.Model):
    """How long one kind of record is kept, counted from a start event (Löschfrist).

    The defaults are seeded by a data migration (0004) with their reasons; they are proposals
    for the job centre's data protection officer to confirm or change.
    """

    class RecordKind(models.TextChoices):
        STORIES = "stories", _("Geschichten mit Rückmeldungen und Vorschlägen")
        ORIENTATION = "orientation", _("Orientierung: Interessen, Zielbild, Hindernisse, Schritte")
        REFERRAL_NOTES = "referral_notes", _("Freitexte zu Zuweisung und Teilnahme")
        CONSENTS = "consents", _("Einwilligungen und Freigaben")
        CLIENT = "client", _("Stammdaten der Kund:in")
        AUDIT_LOG = "audit_log", _("Protokoll")
        LOGIN_RECORDS = "login_records", _("Anmeldeversuche")

    class StartEvent(models.TextChoices):
        RUN_END = "run_end", _("Ende des (letzten) Durchlaufs")
        BENEFIT_END = "benefit_end", _("Ende des Leistungsbezugs")
        RECORDED = "recorded", _("Zeitpunkt des Eintrags")

    class Action(models.TextChoices):
        PSEUDONYMISE = "pseudonymise", _("pseudonymisieren")
        DELETE = "delete", _("löschen")

    record_kind = models.CharField(_("Art der Daten"), max_length=20,
                                   choices=RecordKind.choices, unique=True)
    start_event = models.CharField(_("Frist beginnt mit"), max_length=12,
                                   choices=StartEvent.choices)
    period_days = models.PositiveIntegerField(_("Frist in Tagen"))
    action = models.CharField(_("dann"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    active = models.BooleanField(_("wird angewendet"), default=True)

    class Meta:
        verbose_name = _("Löschregel")
        verbose_name_plural = _("Löschregeln")
        ordering = ["record_kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_days__gte=1),
                                   name="retention_period_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_kind_display()}: {self.period_days} Tage"


class RetentionRun(models.Model):
    """The report of one run of the retention job: what it did, counted per kind."""

    started_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    as_of = models.DateField(_("Stichtag"))
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    counts = models.JSONField(_("Anzahl je Art"), default=dict)
    report = models.TextField(_("Bericht"), blank=True)

    class Meta:
        verbose_name = _("Lauf der Löschfristen")
        verbose_name_plural = _("Läufe der Löschfristen")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.as_of:%d.%m.%Y}"


class DataSubjectRequest(models.Model):
    """A request under Art. 15–21 GDPR, recorded and closed by staff (Betroffenenanfrage)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Auskunft (Art. 15)")
        RECTIFICATION = "rectification", _("Berichtigung (Art. 16)")
        ERASURE = "erasure", _("Löschung (Art. 17)")
        RESTRICTION = "restriction", _("Einschränkung (Art. 18)")
        OBJECTION = "objection", _("Widerspruch (Art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")
        PARTLY = "partly", _("teilweise erledigt")
        REFUSED = "refused", _("abgelehnt")

    class LegalException(models.TextChoices):
        NONE = "", _("keine")
        SGB_X_84 = "sgb_x_84", _("§ 84 Abs. 3 SGB X: Löschung unmöglich oder unverhältnismäßig")
        RETENTION_DUTY = "retention_duty", _("gesetzliche Aufbewahrungspflicht (Art. 17 Abs. 3 "
                                             "lit. b DSGVO)")
        LEGAL_CLAIMS = "legal_claims", _("Rechtsansprüche (Art. 17 Abs. 3 lit. e DSGVO)")
        STATISTICS = "statistics", _("Statistik, pseudonymisiert (Art. 17 Abs. 3 lit. d "
                                     "DSGVO, § 67c SGB X)")
        OTHER = "other", _("andere, siehe Begründung")

    class HandOver(models.TextChoices):
        IN_PERSON = "in_person", _("persönlich ausgehändigt")
        POST = "post", _("per Post verschickt")
        PICKED_UP = "picked_up", _("von einer bevollmächtigten Person abgeholt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="data_subject_requests")
    kind = models.CharField(_("Art der Anfrage"), max_length=14, choices=Kind.choices)
    received_on = models.DateField(_("eingegangen am"))
    due_on = models.DateField(_("zu beantworten bis"))
    details = EncryptedTextField(_("Worum geht es?"), blank=True)
    status = models.CharField(_("Stand"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("bearbeitet von"))
    closed_on = models.DateField(_("erledigt am"), null=True, blank=True)
    outcome = EncryptedTextField(_("Ergebnis"), blank=True)
    legal_exception = models.CharField(_("Ausnahme"), max_length=16, blank=True,
                                       choices=LegalException.choices)
    legal_exception_text = EncryptedTextField(_("Begründung der Ausnahme"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Art. 15 copy produced by the administration (person without portal account): hand-over.
    handed_over_on = models.DateField(_("übergeben am"), null=True, blank=True)
    handed_over_how = models.CharField(_("übergeben wie"), max_length=12, blank=True,
                                       choices=HandOver.choices)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("übergeben von"))

    class Meta:
        verbose_name = _("Betroffenenanfrage")
        verbose_name_plural = _("Betroffenenanfragen")
        ordering = ["status", "due_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("received_on")),
                                   name="dsr_due_after_received"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ProcessingRestriction(models.Model):
    """Restriction of processing (Art. 18 GDPR, Einschränkung der Verarbeitung) of one client.

    While a row is in force (`lifted_at` empty) staff and system changes to the client's data
    are refused (privacy.restriction); the data are only stored. Lifting keeps the row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="processing_restrictions")
    request = models.ForeignKey(DataSubjectRequest, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="restrictions",
                                verbose_name=_("Anfrage"))
    reason = EncryptedTextField(_("Grund der Einschränkung"))
    set_at = models.DateTimeField(_("eingeschränkt seit"), auto_now_add=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, related_name="+", verbose_name=_("eingeschränkt von"))
    lifted_at = models.DateTimeField(_("aufgehoben am"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("aufgehoben von"))
    lift_reason = EncryptedTextField(_("Grund der Aufhebung"), blank=True)

    class Meta:
        verbose_name = _("Einschränkung der Verarbeitung")
        verbose_name_plural = _("Einschränkungen der Verarbeitung")
        ordering = ["-set_at"]
        constraints = [
            models.UniqueConstraint(fields=["client"], condition=models.Q(lifted_at__isnull=True),
                                    name="restriction_one_in_force_per_client"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.set_at:%d.%m.%Y})"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None
