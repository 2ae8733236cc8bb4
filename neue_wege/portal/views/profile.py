"""Portal: "Meine Stärken" — the strength profile, the PDF for applications, export consent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.privacy.access import participant_required
from neue_wege.privacy.consents import (
    ConsentError,
    active_consent,
    consent_give,
    consent_withdraw,
)
from neue_wege.privacy.models import Consent
from neue_wege.strengths import selectors
from neue_wege.strengths.forms import ExportConsentForm, ProfilePdfForm
from neue_wege.strengths.services.profile import (
    PdfChoices,
    ProfileExportError,
    profile_pdf_create,
)

EXPORT = Consent.Purpose.EXPORT_PROFILE
EXPORT_WORDING = gettext_lazy(
    "Ich bin einverstanden: Meine Projektleitung darf mein Stärkenprofil als PDF speichern. "
    "Im PDF stehen meine Stärken, Stellen aus meinen Geschichten und wie viele aus der "
    "Gruppe eine Stärke genannt haben. Namen aus der Gruppe stehen nicht darin. Ich kann "
    "diese Zustimmung jederzeit hier zurücknehmen.")


def _export_consent(request: HttpRequest) -> Consent | None:
    client = request.portal_enrollment.client  # type: ignore[attr-defined]
    return active_consent(client=client, purpose=EXPORT, obj=client)


QUADRANT_NAMES_SHOWN = 4


def _quadrants(strength_profile: selectors.StrengthProfile) -> list[dict[str, object]]:
    """The four panes of the self view vs peer view picture (Johari window), for the SVG
    and its list version. Positions are the SVG coordinates of each pane."""
    panes = [
        ("both", _("Das sehen Sie und die anderen"), "", strength_profile.both, 0, 0),
        ("others", _("Das sehen andere an Ihnen"), _("– vielleicht neu für Sie"),
         strength_profile.others_only, 300, 0),
        ("self", _("Das sehen Sie an sich"), "", strength_profile.self_only, 0, 230),
        ("open", _("Noch zu entdecken"), _("(Stärken aus dem Katalog)"), None, 300, 230),
    ]
    result = []
    for key, heading, subheading, entries, x, y in panes:
        count = strength_profile.not_named_count if entries is None else len(entries)
        shown = list(entries or [])[:QUADRANT_NAMES_SHOWN]
        result.append({
            "key": key, "heading": heading, "subheading": subheading, "x": x, "y": y,
            "entries": entries, "shown": shown, "count": count,
            "more": (len(entries) - len(shown)) if entries is not None else 0,
        })
    return result


@require_GET
@participant_required
def profile(request: HttpRequest) -> HttpResponse:
    enrollment = request.portal_enrollment  # type: ignore[attr-defined]
    strength_profile = selectors.strength_profile(enrollment=enrollment)
    return render(request, "portal/profile.html", {
        "profile": strength_profile,
        "quadrants": _quadrants(strength_profile),
        "export_consent": _export_consent(request),
        "export_wording": EXPORT_WORDING,
    })


@never_cache
@require_http_methods(["GET", "POST"])
@participant_required
def profile_pdf(request: HttpRequest) -> HttpResponse:
    enrollment = request.portal_enrollment  # type: ignore[attr-defined]
    strength_profile = selectors.strength_profile(enrollment=enrollment)
    form = ProfilePdfForm(request.POST if request.method == "POST" else None, profile=strength_profile)
    if request.method == "POST" and form.is_valid():
        choices = PdfChoices(keys=tuple(form.cleaned_data["strengths"]),
                             include_passages=form.cleaned_data["include_passages"],
                             include_peer_counts=form.cleaned_data["include_peer_counts"])
        try:
            pdf = profile_pdf_create(actor=request.user, enrollment=enrollment, choices=choices)
        except ProfileExportError as error:
            form.add_error(None, str(error.message))
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            filename = f"staerkenprofil-{timezone.localdate():%Y-%m-%d}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    return render(request, "portal/profile_pdf.html", {
        "profile": strength_profile, "form": form})


@require_POST
@participant_required
def profile_export_consent(request: HttpRequest) -> HttpResponse:
    client = request.portal_enrollment.client  # type: ignore[attr-defined]
    form = ExportConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal."))
        return redirect("portal:profile")
    try:
        if form.cleaned_data["action"] == "give":
            consent_give(actor=request.user, client=client, purpose=EXPORT, obj=client,
                         wording=str(EXPORT_WORDING))
            messages.success(request, _("Danke. Ihre Projektleitung darf Ihr Stärkenprofil "
                                        "jetzt als PDF speichern."))
        else:
            consent = _export_consent(request)
            if consent is None:
                raise ConsentError(_("Sie hatten nicht zugestimmt. Es gibt nichts "
                                     "zurückzunehmen."))
            consent_withdraw(actor=request.user, consent=consent)
            messages.success(request, _("Ihre Zustimmung ist zurückgenommen. Ihre "
                                        "Projektleitung kann Ihr Stärkenprofil nicht mehr "
                                        "speichern."))
    except ConsentError as error:
        messages.error(request, str(error.message))
    return redirect("portal:profile")
