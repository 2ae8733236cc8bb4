"""The staff inbox (Nachrichten): list, mark read, the daily digest opt-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.http import service_call
from neue_wege.core.pagination import paginate
from neue_wege.inbox import selectors, services
from neue_wege.inbox.forms import AbsencePolicyForm, DigestForm
from neue_wege.privacy import access
from neue_wege.privacy.access.lookup import not_found


def _staff(request: HttpRequest) -> None:
    if not access.is_staff_member(request.user):
        raise not_found()


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    # Every notice, a page at a time (keyset: page 40 costs what page 1 does).
    page = paginate(request, selectors.notice_list_for(user=request.user),
                    sorts={"neu": selectors.NOTICE_ORDER}, default_sort="neu", keyset=True)
    return render(request, "inbox/notice_list.html", {
        "page": page, "unread": selectors.unread_count(user=request.user),
        "digest_form": DigestForm(initial={"daily": selectors.digest_is_on(user=request.user)}),
        "has_email": bool(request.user.email)})


@require_POST
def notice_read(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = access.access_notice(request.user, notice_id)
    services.notice_mark_read(actor=request.user, notice=notice)
    return redirect("inbox:notice-list")


@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    _staff(request)
    count = services.notices_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s Nachrichten als gelesen markiert.") % {"count": count})
    return redirect("inbox:notice-list")


@require_POST
def digest_update(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = DigestForm(request.POST)
    daily = form.is_valid() and form.cleaned_data["daily"]
    services.digest_set(actor=request.user, daily=daily)
    messages.success(request, _("Sie erhalten nun täglich eine E-Mail-Zusammenfassung.") if daily
                     else _("Sie erhalten keine E-Mail-Zusammenfassung mehr."))
    return redirect("inbox:notice-list")


@require_http_methods(["GET", "POST"])
def absence_policy(request: HttpRequest) -> HttpResponse:
    """Administrators: after how many unexcused absences the case manager hears of them."""
    access.require(access.can_manage_message_settings(request.user))
    current = services.absence_threshold(request.user.job_centre_id)
    form = AbsencePolicyForm(request.POST if request.method == "POST" else None,
                             initial={"absence_threshold": current})
    if request.method == "POST":
        if form.is_valid():
            threshold = form.cleaned_data["absence_threshold"]
            if service_call(request, lambda: services.absence_threshold_set(
                    actor=request.user, threshold=threshold),
                    success=_("Gespeichert: Das Fallmanagement hört nach %(n)s "
                              "unentschuldigten Fehlterminen davon.") % {"n": threshold},
                    form=form):
                return redirect("inbox:absence-policy")
        return render(request, "inbox/absence_policy.html",
                      {"form": form, "current": current}, status=400)
    return render(request, "inbox/absence_policy.html", {"form": form, "current": current})
