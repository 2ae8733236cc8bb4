"""The job centre, its locations and mobile venues, municipalities and staff accounts."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from neue_wege.core.collation import german
from neue_wege.core.models import TimeStampedModel


class JobCentre(TimeStampedModel):
    """An SGB II authority; every record belongs to exactly one (tenant boundary)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("Jobcenter")
        verbose_name_plural = _("Jobcenter")

    def __str__(self) -> str:
        return self.name


class Municipality(TimeStampedModel):
    """Where a client lives: the county's 17 municipalities and neighbouring ones."""

    name = models.CharField(_("Name"), max_length=120)
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    in_county = models.BooleanField(_("im Kreis"), default=True)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["-in_county", german("name")]

    def __str__(self) -> str:
        return self.name


class Location(TimeStampedModel):
    """An office of the job centre, or a venue near the clients for mobile runs."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Standort des Jobcenters")
        MOBILE_VENUE = "mobile", _("Ort für mobile Angebote")

    job_centre = models.ForeignKey(JobCentre, on_delete=models.PROTECT, related_name="locations",
                                   verbose_name=_("Jobcenter"))
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations", verbose_name=_("Kommune")
    )
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_centre", "name"], name="location_unique_name",
                violation_error_message=_("Einen Standort mit diesem Namen gibt es schon."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Staff have one role; participants get portal accounts."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Projektleitung / Coach")
        CASE_MANAGER = "case_manager", _("Fallmanagement")
        MANAGEMENT = "management", _("Leitung")
        ADMINISTRATOR = "administrator", _("Administration")
        PARTICIPANT = "participant", _("Teilnehmende:r")

    # Opaque id for URLs: the integer key stays internal (no guessable ids in addresses).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    job_centre = models.ForeignKey(
        JobCentre, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    home_location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Dienstort"),
    )
    # The identity provider's stable subject for staff who log in with their county account
    # (organisation/sso.py); empty for local accounts.
    sso_subject = models.CharField(_("Kennung beim Identitätsanbieter"), max_length=255,
                                   unique=True, null=True, blank=True, editable=False)
    # The language the person chose (settings.LANGUAGES code; empty: not chosen, German).
    # Applied at every request (core.middleware.ChosenLanguageMiddleware); staff are limited
    # to NW_STAFF_LANGUAGES, participants may choose any NW_PORTAL_LANGUAGES.
    language = models.CharField(_("Sprache"), max_length=8, blank=True, default="")

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        ordering = [german("last_name"), german("first_name")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR

    @property
    def is_case_manager(self) -> bool:
        return self.role == self.Role.CASE_MANAGER

    @property
    def is_management(self) -> bool:
        return self.role == self.Role.MANAGEMENT

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR

    @property
    def is_participant(self) -> bool:
        return self.role == self.Role.PARTICIPANT


class Room(TimeStampedModel):
    """A room at a location where sessions take place (issue 15: planning across runs)."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms",
                                 verbose_name=_("Standort"))
    name = models.CharField(_("Name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("Plätze"))
    step_free = models.BooleanField(_("stufenlos erreichbar"), default=False)
    accessibility_notes = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["location", german("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "name"], name="room_unique_name_per_location",
                violation_error_message=_("Einen Raum mit diesem Namen gibt es an diesem "
                                          "Standort schon."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location.name}, {self.name}"
