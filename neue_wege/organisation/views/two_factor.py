"""The second factor for staff: enter the code, set up the app, and the administrator's resets.

Thin views: `two_factor` does the checking and writing. Both log-in pages serve the logged-in
(password-checked) user only, so no one can probe another account's second factor.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from neue_wege.core.exceptions import DomainError
from neue_wege.core.forms import KernForm
from neue_wege.organisation import two_factor
from neue_wege.privacy import access


class CodeForm(KernForm):
    code = forms.CharField(
        label=gettext_lazy("Code aus der Authenticator-App"), max_length=12, strip=True,
        help_text=gettext_lazy("6 Ziffern; die App zeigt alle 30 Sekunden einen neuen Code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]*", "size": "8"}),
    )

    def cleaned_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


def _done(request: HttpRequest) -> HttpResponse:
    return redirect(two_factor.safe_next(request, request.GET.get("next")))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of the log-in: the current code from the confirmed device."""
    if not two_factor.requires_second_factor(request.user) or two_factor.is_verified(request):
        return _done(request)
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect("organisation:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = two_factor.verify_code(device, form.cleaned_code())
        if ok:
            two_factor.session_verify(request, device)
            return _done(request)
        form.add_error("code", message)
    return render(request, "organisation/two_factor_verify.html", {"form": form})


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First log-in (or after a reset): connect an authenticator app and confirm with a code."""
    if not two_factor.requires_second_factor(request.user) or two_factor.is_verified(request):
        return _done(request)
    if two_factor.confirmed_device(request.user) is not None:
        return redirect("organisation:two-factor-verify")
    device = two_factor.setup_device_for(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = two_factor.verify_code(device, form.cleaned_code())
        if ok:
            two_factor.device_confirm(request, device)
            messages.success(request, _(
                "Die Authenticator-App ist eingerichtet. Ab jetzt geben Sie nach dem Passwort "
                "den Code aus der App ein."))
            codes = two_factor.recovery_codes_create(actor=request.user)
            return _show_recovery_codes(request, codes)
        form.add_error("code", message)
    return render(request, "organisation/two_factor_setup.html", {
        "form": form, "qr_svg": two_factor.qr_svg(device),
        "key_groups": two_factor.key_groups(device),
    })


@require_POST
def user_second_factor_reset(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    try:
        two_factor.second_factor_reset(actor=request.user, user=account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _(
            "Der zweite Faktor von „%(username)s“ ist zurückgesetzt; offene Sitzungen sind "
            "beendet. Bei der nächsten Anmeldung richtet die Person eine App neu ein.") % {
                "username": account.username})
    return redirect("organisation:user-update", user_id=account.public_id)


@require_POST
def user_sessions_end(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    try:
        ended = two_factor.sessions_end(actor=request.user, user=account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _(
            "Alle Sitzungen von „%(username)s“ sind beendet (%(count)d). Die Person muss sich "
            "neu anmelden.") % {"username": account.username, "count": ended})
    return redirect("organisation:user-update", user_id=account.public_id)


# --- recovery codes ---------------------------------------------------------------------------
class RecoveryCodeForm(KernForm):
    code = forms.CharField(
        label=gettext_lazy("Wiederherstellungscode"), max_length=24, strip=True,
        help_text=gettext_lazy("10 Zeichen, zum Beispiel K7QXM-4PZ2H; jeder Code gilt nur "
                               "einmal."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The new codes, once; they are not stored in clear and cannot be shown again."""
    return render(request, "organisation/two_factor_recovery_codes.html", {
        "codes": codes, "next": two_factor.safe_next(request, request.GET.get("next")),
    })


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    """Instead of the app's code at log-in: one of the recovery codes (then it is used up)."""
    if not two_factor.requires_second_factor(request.user) or two_factor.is_verified(request):
        return _done(request)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = two_factor.recovery_code_use(request, form.cleaned_data["code"])
        if ok:
            messages.warning(request, _(
                "Sie haben sich mit einem Wiederherstellungscode angemeldet; er gilt jetzt nicht "
                "mehr. Noch übrig: %(count)d. Haben Sie das Handy verloren, lassen Sie den "
                "zweiten Faktor von der Administration zurücksetzen.") % {
                    "count": two_factor.recovery_codes_left(request.user)})
            return _done(request)
        form.add_error("code", message)
    return render(request, "organisation/two_factor_recovery.html", {"form": form})


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Own account (staff): how many codes are left; new codes replace all old ones."""
    if not two_factor.requires_second_factor(request.user):
        raise Http404
    if request.method == "POST":
        return _show_recovery_codes(request, two_factor.recovery_codes_create(actor=request.user))
    return render(request, "organisation/recovery_codes.html",
                  {"left": two_factor.recovery_codes_left(request.user)})
