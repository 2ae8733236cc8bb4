"""Synthetic outcomes from `generate_clients`: complete, consistent, with a programme signal."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from neue_wege.clients.models import Client, Enrollment
from neue_wege.outcomes.models import (
    WORK_OR_TRAINING,
    FollowUp,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.scoring import score
from neue_wege.outcomes.services import item_specs

pytestmark = pytest.mark.django_db


def test_generated_enrollments_get_consistent_outcomes():
    out = StringIO()
    call_command("generate_clients", "--count", "400", "--batch-size", "200", "--no-progress",
                 stdout=out, stderr=StringIO())
    ended = Enrollment.objects.filter(status__in=["completed", "dropped_out"])
    assert ended.count() > 150
    assert Outcome.objects.count() == ended.count()
    assert not ended.filter(outcome__isnull=True).exists()
    assert not Outcome.objects.exclude(ended_how=F("enrollment__status")).exists()
    recorded = Outcome.objects.exclude(destination="")
    assert recorded.count() > 100
    assert FollowUp.objects.count() == 2 * recorded.count()
    assert FollowUp.objects.filter(recorded_on__isnull=True).exists()  # some stay open
    assert not Outcome.objects.filter(ended_how="dropped_out", dropout_reason="").exists()
    assert not Outcome.objects.filter(destination="none",
                                      destination_started_on__isnull=False).exists()
    # non-participants have transitions too: the comparison pool
    pool = Client.objects.filter(enrollments__isnull=True)
    assert LabourMarketEvent.objects.filter(client__in=pool).exists()
    assert LabourMarketEvent.objects.filter(destination__in=WORK_OR_TRAINING).exists()
    assert not LabourMarketEvent.objects.filter(client__enrollments__isnull=False).exists()
    # scores agree with the answers (reverse items mirrored)
    for assessment in SelfAssessment.objects.select_related("instrument")[:50]:
        specs = item_specs(assessment.instrument)
        assert assessment.score == pytest.approx(score(
            assessment.answers, specs, low=assessment.instrument.scale_min,
            high=assessment.instrument.scale_max))
    pairs = SelfAssessment.objects.filter(moment="end").count()
    assert pairs > 50
    assert "Verbleibe" in out.getvalue()

