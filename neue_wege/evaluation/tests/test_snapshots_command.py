"""`neuewege evaluation_snapshots` — nightly: every job centre, "everything" and the filter
combinations management used recently."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from neue_wege.evaluation import selectors, snapshots
from neue_wege.evaluation.models import EvaluationSnapshot

pytestmark = pytest.mark.django_db


def test_nightly_run_computes_everything_and_the_filters_in_use(cast, monkeypatch):
    monkeypatch.setattr("neue_wege.evaluation.exports.pdf", lambda result, text: b"%PDF-stub")
    used = selectors.Filters(year=2025)
    old = selectors.Filters(year=2019)
    snapshots.compute(job_centre=cast.job_centre, filters=used, computed_by=cast.maria)
    stale = snapshots.compute(job_centre=cast.job_centre, filters=old)
    EvaluationSnapshot.objects.filter(pk=stale.pk).update(
        computed_at=timezone.now() - dt.timedelta(days=90))
    out = io.StringIO()
    call_command("evaluation_snapshots", "--days", "30", stdout=out)
    made = {(s.job_centre.name, s.filter_key) for s in
            EvaluationSnapshot.objects.filter(computed_by=None, computed_at__gte=timezone.now()
                                              - dt.timedelta(minutes=5))}
    assert made == {(cast.job_centre.name, selectors.Filters().key()),
                    (cast.job_centre.name, used.key()),
                    (cast.other_job_centre.name, selectors.Filters().key())}
    assert "3 Auswertungen berechnet." in out.getvalue()
