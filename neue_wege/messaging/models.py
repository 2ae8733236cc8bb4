"""Contact channels with consent, the versioned legal notice, reminder settings and the record
of every message sent (OutboundMessage). See docs/messaging.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.core.models import TimeStampedModel
from neue_wege.organisation.models import JobCentre
from neue_wege.programmes.models import Programme, Run, Session


class Channel(models.TextChoices):
    EMAIL = "email", _("E-Mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brief")


class ContactChannel(TimeStampedModel):
    """A way to reach a client that the client agreed to: recorded with time and who, and
    withdrawable. A withdrawn row stays as the record; a new consent is a new row."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contact_channels",
                               verbose_name=_("Kund:in"))
    channel = models.CharField(_("Kontaktweg"), max_length=10, choices=Channel.choices)
    # E-mail address, mobile number in E.164 (+49…) or the postal address (lines).
    address = models.TextField(_("Adresse oder Nummer"))
    consent_at = models.DateTimeField(_("Einwilligung erteilt am"))
    consent_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                            related_name="+", verbose_name=_("erfasst von"))
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("Widerruf erfasst von"))

    class Meta:
        verbose_name = _("Kontaktweg")
        verbose_name_plural = _("Kontaktwege")
        ordering = ["channel", "-consent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "channel"], condition=Q(withdrawn_at__isnull=True),
                name="contact_channel_one_active_per_channel",
                violation_error_message=_("Für diesen Kontaktweg gibt es schon eine "
                                          "Einwilligung."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.address}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class LegalNotice(models.Model):
    """The legal notice (Rechtsfolgenbelehrung) printed in invitation letters. Its wording is
    legally checked: versions are only added, never edited; each letter records its version."""

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT,
                                   related_name="legal_notices", verbose_name=_("Jobcenter"))
    version = models.PositiveIntegerField(_("Version"))
    text = models.TextField(_("Text der Rechtsfolgenbelehrung"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("angelegt von"))

    class Meta:
        verbose_name = _("Rechtsfolgenbelehrung")
        verbose_name_plural = _("Rechtsfolgenbelehrungen")
        ordering = ["job_centre", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["job_centre", "version"],
                                    name="legal_notice_unique_version"),
        ]

    def __str__(self) -> str:
        return f"Rechtsfolgenbelehrung, Version {self.version}"


class ReminderSetting(TimeStampedModel):
    """How many days before each session a programme's participants are reminded (default 1)."""

    DEFAULT_DAYS_BEFORE = 1

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE,
                                     related_name="reminder_setting", verbose_name=_("Projekt"))
    days_before = models.PositiveSmallIntegerField(
        _("Erinnerung … Tage vor jedem Termin"), default=DEFAULT_DAYS_BEFORE,
        validators=[MinValueValidator(0), MaxValueValidator(14)],
        help_text=_("0 bedeutet: am Morgen des Termins."))
    missed_message = models.BooleanField(
        _("nach unentschuldigtem Fehlen „Wir haben Sie vermisst“ senden"), default=True)

    class Meta:
        verbose_name = _("Erinnerungseinstellung")
        verbose_name_plural = _("Erinnerungseinstellungen")
        constraints = [
            models.CheckConstraint(condition=Q(days_before__lte=14),
                                   name="reminder_setting_days_before_range"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.days_before}"


class OutboundMessage(TimeStampedModel):
    """One message to one person through one channel: what was sent to whom, when, how.

    Only a digest of the content is kept (the content can be rebuilt from the run's data and,
    for letters, the recorded legal notice version). Exactly once per seat, session, kind and
    channel: the unique constraints make a second reminder run (or a second worker) a no-op.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        REMINDER = "reminder", _("Erinnerung")
        MISSED = "missed", _("Wir haben Sie vermisst")

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet auf Versand")
        SENDING = "sending", _("wird gesendet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("fehlgeschlagen")
        CANCELLED = "cancelled", _("nicht gesendet")

    MAX_ATTEMPTS = 5

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Jobcenter"))
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="messages",
                            verbose_name=_("Durchlauf"))
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="messages",
                                   verbose_name=_("Teilnahme"))
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="messages",
                               verbose_name=_("Kund:in"))
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="messages", verbose_name=_("Termin"))
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("Kontaktweg"), max_length=10, choices=Channel.choices)
    contact = models.ForeignKey(ContactChannel, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="messages", verbose_name=_("Kontaktweg"))
    recipient = models.TextField(_("Empfänger"), blank=True)
    content_digest = models.CharField(_("Prüfsumme des Inhalts"), max_length=64, blank=True)
    legal_notice = models.ForeignKey(LegalNotice, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="letters",
                                     verbose_name=_("Rechtsfolgenbelehrung"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    provider_id = models.CharField(_("Kennung beim Versanddienst"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("veranlasst von"))

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["-created_at"]
        constraints = [
            # Exactly once per (seat, session, kind, channel); NULL sessions (invitations)
            # need their own constraint, since NULLs are distinct in a unique index.
            models.UniqueConstraint(
                fields=["enrollment", "session", "kind", "channel"],
                condition=Q(session__isnull=False), name="message_once_per_seat_session_kind"),
            models.UniqueConstraint(
                fields=["enrollment", "kind", "channel"],
                condition=Q(session__isnull=True), name="message_once_per_seat_kind"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["run", "-created_at"], name="message_run_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"
