"""Portal: "Meine Daten" — download everything (Art. 15/20 GDPR), releases to the case manager.

Releases are consents the participant gives and withdraws here (privacy.releases); the
downloads are built by the export registry (privacy.subject_rights) and logged as exports.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.forms import KernForm
from neue_wege.privacy import access, releases, subject_rights
from neue_wege.privacy.access import participant_required
from neue_wege.privacy.consents import ConsentError
from neue_wege.privacy.forms_requests import PortalRequestForm


class ReleaseForm(KernForm):
    """Give or withdraw one release (the wording is shown next to the button)."""

    action = forms.ChoiceField(choices=(("give", gettext_lazy("Freigeben")),
                                        ("withdraw", gettext_lazy("Zurücknehmen"))),
                               widget=forms.HiddenInput)


def _client(request: HttpRequest):  # noqa: ANN202
    return request.portal_enrollment.client  # type: ignore[attr-defined]


@require_GET
@participant_required
def my_data(request: HttpRequest) -> HttpResponse:
    requests = access.data_subject_requests_for(request.user).order_by("-received_on")
    return render(request, "privacy/my_data.html", {"requests": requests})


@require_http_methods(["GET", "POST"])
@participant_required
def data_request_create(request: HttpRequest) -> HttpResponse:
    """The participant files a request (correction, erasure, …); staff handle it."""
    form = PortalRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        dsr = subject_rights.request_record(
            actor=request.user, client=_client(request), kind=form.cleaned_data["kind"],
            received_on=timezone.localdate(), details=form.cleaned_data["details"])
        messages.success(request, _("Danke. Ihre Anfrage ist angekommen. Sie bekommen bis "
                                    "%(day)s eine Antwort.")
                         % {"day": dsr.due_on.strftime("%d.%m.%Y")})
        return redirect("portal:my-data")
    return render(request, "privacy/portal_request_form.html", {"form": form})


@never_cache
@require_GET
@participant_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = subject_rights.export_json(actor=request.user, client=_client(request))
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    filename = f"meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_GET
@participant_required
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    pdf = subject_rights.export_pdf(actor=request.user, client=_client(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"meine-daten-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@participant_required
def release_list(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    labels = {item.object_type: item.label for item in releases.RELEASE_ITEMS.values()}
    history = list(releases.release_history(client))
    for consent in history:
        consent.item_label = labels.get(consent.object_type, consent.object_type)
    return render(request, "privacy/releases.html", {
        "states": releases.releases_of(client), "history": history,
        "ended_by_change": releases.releases_ended_by_change(client),
        "case_manager": client.case_manager})


@require_POST
@participant_required
def release_change(request: HttpRequest, item_key: str) -> HttpResponse:
    item = releases.item_for(item_key)
    if item is None:
        raise Http404("Nicht gefunden")
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal."))
        return redirect("portal:releases")
    client = _client(request)
    try:
        if form.cleaned_data["action"] == "give":
            releases.release_give(actor=request.user, client=client, key=item.key)
            messages.success(request, _("„%(item)s“ ist jetzt freigegeben.")
                             % {"item": item.label})
        else:
            releases.release_withdraw(actor=request.user, client=client, key=item.key)
            messages.success(request, _("Die Freigabe ist zurückgenommen. „%(item)s“ ist ab "
                                        "sofort nicht mehr zu sehen.") % {"item": item.label})
    except ConsentError as error:
        messages.error(request, str(error.message))
    return redirect("portal:releases")


@require_GET
@participant_required
def release_preview(request: HttpRequest, item_key: str) -> HttpResponse:
    """Exactly what the case manager would read, before the participant releases it: the same
    content builder and the same partial as the case manager's page
    (`privacy/partials/_released_content.html`)."""
    item = releases.item_for(item_key)
    if item is None:
        raise Http404("Nicht gefunden")
    client = _client(request)
    state = next(s for s in releases.releases_of(client) if s.item.key == item.key)
    return render(request, "portal/release_preview.html", {
        "item": item, "state": state, "content": item.content(client),
        "case_manager": client.case_manager})
