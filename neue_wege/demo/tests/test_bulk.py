"""`demo.bulk.write` stores what `save()` would: enum values, JSON, timestamps, encrypted text
(COPY on PostgreSQL, `bulk_create` elsewhere)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast

from neue_wege.clients.models import ReferralStatusChange
from neue_wege.demo import bulk
from neue_wege.outcomes.models import SelfAssessment
from neue_wege.outcomes.services import current_instrument
from neue_wege.privacy.fields import PREFIX
from neue_wege.privacy.models import ProcessingRestriction

pytestmark = pytest.mark.django_db


def test_writes_instances_with_enum_choices_json_and_timestamps(cast):
    row = SelfAssessment(id=uuid.uuid4(), enrollment=cast.nina_enrollment,
                         instrument=current_instrument(), moment=SelfAssessment.Moment.END,
                         answers={"q1": 3}, score=2.5,
                         taken_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC))
    assert bulk.write(SelfAssessment, [row]) == 1
    stored = SelfAssessment.objects.get(pk=row.pk)
    assert stored.moment == "end"  # the value, not the enum's name "END"
    assert stored.answers == {"q1": 3}
    assert stored.created_at is not None and stored.updated_at is not None


def test_writes_dict_rows_with_defaults_and_a_numbered_key(cast):
    referral = cast.nina_enrollment.referral
    before = ReferralStatusChange.objects.count()
    bulk.write(ReferralStatusChange, [{"referral_id": referral.pk, "to_status": "accepted",
                                       "changed_by_id": cast.karl.pk}] * 2)
    rows = ReferralStatusChange.objects.order_by("-pk")[:2]
    assert ReferralStatusChange.objects.count() == before + 2
    assert {(r.from_status, r.reason, r.to_status) for r in rows} == {("", "", "accepted")}


def test_encrypted_text_is_stored_encrypted(cast):
    row = ProcessingRestriction(id=uuid.uuid4(), client=cast.nina, reason="Widerspruch läuft",
                                set_by=cast.admin)
    bulk.write(ProcessingRestriction, [row])
    raw = list(ProcessingRestriction.objects.filter(pk=row.pk)  # the stored text, undecrypted
               .values_list(Cast("reason", TextField()), flat=True))
    assert len(raw) == 1 and raw[0].startswith(PREFIX) and "Widerspruch" not in raw[0]
    assert ProcessingRestriction.objects.get(pk=row.pk).reason == "Widerspruch läuft"


def test_nothing_to_write_is_no_query():
    assert bulk.write(SelfAssessment, []) == 0
