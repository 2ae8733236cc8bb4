"""Retention rules (Löschfristen): overview, the data protection officer's edit page, and a
preview of what the nightly run would do (dry run).

Administrators see the rules, the reports of the last runs and the preview. Changing a rule
needs the data protection officer's right (`access.can_edit_retention_rules`, docs/privacy.md
section 5): the application has no role of its own for the DSB.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy import access, retention
from neue_wege.privacy.forms import RetentionPreviewForm, RetentionRuleForm
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
        "rules": RetentionRule.objects.all(), "runs": runs,
        "can_edit": access.can_edit_retention_rules(request.user),
        "fallback_days": settings.NW_RETENTION_NO_BENEFIT_EXIT_DAYS})


@require_GET
def retention_preview(request: HttpRequest) -> HttpResponse:
    """What the nightly run would do on a day: counts per kind and people, nothing changed."""
    access.require(access.can_manage_accounts(request.user))
    form = RetentionPreviewForm(request.GET or None)
    as_of = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    report = retention.apply_retention(today=as_of, dry_run=True, actor=request.user)
    return render(request, "privacy/retention_preview.html", {
        "form": form, "report": report, "lines": report.lines()})


@require_http_methods(["GET", "POST"])
def retention_rule_update(request: HttpRequest) -> HttpResponse:
    """The data protection officer changes one rule (chosen with ?art=<kind>)."""
    access.require(access.can_edit_retention_rules(request.user))
    kind = request.POST.get("art") or request.GET.get("art") or ""
    rule = RetentionRule.objects.filter(record_kind=kind).first()
    if rule is None:
        rule = RetentionRule.objects.order_by("record_kind").first()
        if rule is None:
            return redirect("privacy:retention-overview")
    initial = {name: getattr(rule, name) for name in retention.RULE_FIELDS}
    form = RetentionRuleForm(request.POST if request.method == "POST" else None,
                             initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            retention.retention_rule_update(actor=request.user, rule=rule, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Regel „%(kind)s“ ist gespeichert. Sie gilt ab dem "
                                        "nächsten Lauf.") % {"kind": rule.get_record_kind_display()})
            return redirect("privacy:retention-overview")
    return render(request, "privacy/retention_rule_form.html", {
        "form": form, "rule": rule, "rules": RetentionRule.objects.all()})
