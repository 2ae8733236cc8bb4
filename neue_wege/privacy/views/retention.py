"""Administrators see the retention rules in force and the reports of the last runs.

Read only: the rules apply to the whole installation and are changed by the operator after
the data protection officer's decision (docs/privacy.md, section 5).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neue_wege.privacy import access
from neue_wege.privacy.models import RetentionRule, RetentionRun

RUNS_SHOWN = 10


@require_GET
def retention_overview(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    labels = dict(RetentionRule.RecordKind.choices)
    runs = list(RetentionRun.objects.all()[:RUNS_SHOWN])
    for run in runs:
        run.rows = [(labels.get(kind, kind), count) for kind, count in sorted(run.counts.items())]
    return render(request, "privacy/retention_overview.html", {
        "rules": RetentionRule.objects.all(), "runs": runs})
