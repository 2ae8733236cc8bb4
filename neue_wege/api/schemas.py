"""Request and response bodies of API version 1 (pydantic, through Django Ninja)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

Gender = Literal["f", "m", "d"]
GermanLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
Qualification = Literal["none", "vocational", "academic", "foreign"]
ExternalId = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:\-]+$",
                   description="Kennung des Datensatzes im aufrufenden System (eindeutig je "
                               "System); eine Wiederholung liefert denselben Datensatz.")
# Texts: no NUL character (no PostgreSQL text column takes one), at least one visible character.
NO_NUL = r"^[^\x00]*$"
VISIBLE = r"^[^\x00]*[^\x00\s][^\x00]*$"
Text100 = Field(min_length=1, max_length=100, pattern=VISIBLE)


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemField] | None = None


class ProblemField(Schema):
    pointer: str
    detail: str


ProblemOut.model_rebuild()


class ClientIn(Strict):
    external_id: str = ExternalId
    case_number: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9\-/]+$")
    first_name: str = Text100
    last_name: str = Text100
    date_of_birth: dt.date
    gender: Gender
    municipality_ags: str = Field(min_length=8, max_length=8, pattern=r"^[0-9]{8}$")
    benefit_since: dt.date
    case_manager: str = Field(min_length=1, max_length=150, pattern=NO_NUL,
                              description="Benutzername der zuständigen Fallmanagerin oder des "
                                          "zuständigen Fallmanagers")
    phone: str | None = Field(default=None, max_length=40, pattern=NO_NUL)
    email: str | None = Field(default=None, max_length=254, pattern=NO_NUL)
    single_parent: bool | None = None
    children: int | None = Field(default=None, ge=0, le=20)
    german_level: GermanLevel | None = None
    health_limits: bool | None = None
    qualification: Qualification | None = None


class ClientPatch(Strict):
    case_number: str | None = Field(default=None, min_length=1, max_length=20,
                                    pattern=r"^[A-Za-z0-9\-/]+$")
    first_name: str | None = Field(default=None, min_length=1, max_length=100, pattern=VISIBLE)
    last_name: str | None = Field(default=None, min_length=1, max_length=100, pattern=VISIBLE)
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    municipality_ags: str | None = Field(default=None, min_length=8, max_length=8,
                                         pattern=r"^[0-9]{8}$")
    benefit_since: dt.date | None = None
    case_manager: str | None = Field(default=None, min_length=1, max_length=150, pattern=NO_NUL)
    phone: str | None = Field(default=None, max_length=40, pattern=NO_NUL)
    email: str | None = Field(default=None, max_length=254, pattern=NO_NUL)
    single_parent: bool | None = None
    children: int | None = Field(default=None, ge=0, le=20)
    german_level: GermanLevel | None = None
    health_limits: bool | None = None
    qualification: Qualification | None = None


class ClientOut(Schema):
    id: uuid.UUID
    external_id: str | None
    case_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: str
    municipality_ags: str
    benefit_since: dt.date
    case_manager: str
    phone: str
    email: str
    single_parent: bool
    children: int
    german_level: str
    health_limits: bool
    qualification: str
    created: bool = Field(description="true, wenn dieser Aufruf den Datensatz angelegt hat")


class ReferralIn(Strict):
    external_id: str = ExternalId
    client_id: uuid.UUID
    run_id: uuid.UUID
    potential_note: str = Field(min_length=1, max_length=2000, pattern=VISIBLE)
    fit_reason: str | None = Field(default=None, max_length=2000, pattern=NO_NUL)


class ReferralOut(Schema):
    id: uuid.UUID
    external_id: str | None
    client_id: uuid.UUID
    run_id: uuid.UUID
    status: Literal["pending", "waitlisted", "accepted", "declined", "withdrawn"]
    status_label: str
    waitlist_position: int | None
    enrollment_status: str | None
    enrollment_started_on: dt.date | None
    created_at: dt.datetime
    created: bool = False


class RunOut(Schema):
    id: uuid.UUID
    title: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    seats_taken: int
    seats_free: int
    waitlist_length: int


class FollowUpOut(Schema):
    months_after: int
    due_on: dt.date
    recorded_on: dt.date | None
    destination: str
    destination_started_on: dt.date | None
    in_benefits: bool | None
    not_reached: bool


class EnrollmentOutcomeOut(Schema):
    enrollment_id: uuid.UUID
    run_id: uuid.UUID
    enrollment_status: str
    started_on: dt.date
    ended_on: dt.date | None
    ended_how: str | None
    destination: str | None
    destination_started_on: dt.date | None
    benefit_exit_on: dt.date | None
    follow_ups: list[FollowUpOut]


class ClientOutcomesOut(Schema):
    client_id: uuid.UUID
    enrollments: list[EnrollmentOutcomeOut]


class DueFollowUpOut(Schema):
    client_id: uuid.UUID
    external_id: str | None
    case_number: str
    months_after: int
    due_on: dt.date


class TransferOut(Schema):
    id: uuid.UUID
    kind: str
    state: Literal["queued", "running", "done", "failed"]
    progress_done: int
    progress_total: int
    error: str
    report: dict[str, int | str | list[str]]
    result_url: str | None
