"""Portal accounts: the start page, setting up an account with a code, the invitation sheet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core import pdf
from neue_wege.core.offline import user_tag
from neue_wege.core.templatetags.nw_i18n import html_lang_for
from neue_wege.organisation import services as accounts
from neue_wege.portal import selectors, services, sheet
from neue_wege.portal.exceptions import InvitationError, UsernameTakenError
from neue_wege.portal.forms import AccountSetupForm, CodeForm
from neue_wege.portal.models import Invitation
from neue_wege.privacy import access
from neue_wege.privacy.access import participant_required
from neue_wege.privacy.views.audit import login_locked

ACTIVATE_TEMPLATE = "portal/account_activate.html"


# --- the participant's start page -------------------------------------------------------------
@require_GET
@participant_required
def home(request: HttpRequest) -> HttpResponse:
    enrollment = request.portal_enrollment  # type: ignore[attr-defined]
    now = timezone.now()
    summary = selectors.portal_home_summary(enrollment=enrollment, now=now)
    news = selectors.portal_news(user=request.user, enrollment=enrollment, now=now)
    return render(request, "portal/home.html", {
        "summary": summary, "news": news,
        "show_guide": request.COOKIES.get(GUIDE_COOKIE) != "1"})


# The short first-visit guide: once dismissed, a cookie on this device keeps it away (a
# functional cookie, nothing personal in it; docs/portal.md).
GUIDE_COOKIE = "nw_guide_done"
GUIDE_COOKIE_AGE = 365 * 24 * 60 * 60


@require_POST
@participant_required
def guide_dismiss(request: HttpRequest) -> HttpResponse:
    response = redirect("portal:home")
    response.set_cookie(GUIDE_COOKIE, "1", max_age=GUIDE_COOKIE_AGE, httponly=True,
                        samesite="Lax", secure=request.is_secure())
    return response


# --- setting up the account with the code (no login) ------------------------------------------
def _code_step(request: HttpRequest, form: CodeForm, *, status: int = 200) -> HttpResponse:
    return render(request, ACTIVATE_TEMPLATE, {"step": "code", "form": form}, status=status)


def _account_step(request: HttpRequest, form: AccountSetupForm,
                  invitation: Invitation) -> HttpResponse:
    client = invitation.enrollment.client
    return render(request, ACTIVATE_TEMPLATE, {
        "step": "account", "form": form, "first_name": client.first_name,
        "existing_user": client.user,
    })


def _setup_form(invitation: Invitation, data: dict | None = None,
                initial: dict | None = None) -> AccountSetupForm:
    client = invitation.enrollment.client
    return AccountSetupForm(data, initial=initial, existing_user=client.user,
                            first_name=client.first_name, last_name=client.last_name)


@login_not_required
@never_cache
@sensitive_post_parameters("code", "password1", "password2")
@require_http_methods(["GET", "POST"])
def account_activate(request: HttpRequest) -> HttpResponse:
    """Step 1: the code (prefilled from the QR link). Step 2: user name and password."""
    if request.method == "GET":
        return _code_step(request, CodeForm(initial={"code": request.GET.get("code", "")}))
    code_form = CodeForm(request.POST)
    if not code_form.is_valid():
        return _code_step(request, code_form)
    # Throttled like the log-in (django-axes): no code is checked while this address is locked,
    # and each wrong code counts (docs/security.md, "Log-in throttling").
    if accounts.throttle_is_locked(request, accounts.INVITATION_CODE_USERNAME):
        return login_locked(request, credentials={"username": accounts.INVITATION_CODE_USERNAME})
    try:
        invitation = services.invitation_for_code(code_form.cleaned_data["code"])
    except InvitationError as error:
        accounts.throttle_failure(request, accounts.INVITATION_CODE_USERNAME)
        code_form.add_error("code", error.message)
        return _code_step(request, code_form)
    if request.POST.get("step") != "account":
        client = invitation.enrollment.client
        initial = {"code": code_form.cleaned_data["code"]}
        if client.user is None:
            initial["username"] = services.username_suggest(client)
        return _account_step(request, _setup_form(invitation, initial=initial), invitation)
    form = _setup_form(invitation, data=request.POST)
    if not form.is_valid():
        return _account_step(request, form, invitation)
    try:
        user = services.invitation_redeem(code=form.cleaned_data["code"],
                                          username=form.cleaned_data.get("username", ""),
                                          password=form.cleaned_data["password1"])
    except UsernameTakenError as error:
        form.add_error("username", error.message)
        return _account_step(request, form, invitation)
    except InvitationError as error:
        code_form.add_error("code", error.message)
        return _code_step(request, code_form)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Willkommen! Ihr Zugang ist fertig."))
    return redirect("portal:home")


# --- the facilitator invites a participant -----------------------------------------------------
def _sheet_context(request: HttpRequest, invitation: Invitation, code: str) -> dict:
    client = invitation.enrollment.client
    address = sheet.activation_address(request)
    shown = services.code_format(services.code_normalise(code))
    link = sheet.activation_link(address, shown)
    language = sheet.sheet_language(request.POST.get("language", ""), client)
    with translation.override(language):
        qr_title = _("QR-Code zum Portal mit Ihrem Code")
    return {
        "invitation": invitation, "first_name": client.first_name,
        "full_name": client.full_name, "run": invitation.enrollment.run,
        "address": address, "code": shown, "link": link,
        "qr": sheet.qr_svg(link, title=qr_title),
        # The sheet itself is in the participant's language (issue 14); the page around it
        # stays in the facilitator's.
        "sheet_language": language, "sheet_languages": sheet.sheet_languages(),
        "sheet_lang": html_lang_for(language),
        "sheet_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
    }


@never_cache
@require_POST
def invitation_create(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    """Make a new invitation and show its sheet once (the code is not stored in clear)."""
    enrollment = access.access_enrollment_for_facilitator(request.user, enrollment_id)
    try:
        invitation, code = services.invitation_create(actor=request.user, enrollment=enrollment)
    except InvitationError as error:
        messages.error(request, error.message)
        return redirect("clients:run-referrals", enrollment.run_id)
    # Post-redirect-get: Back and Reload show the sheet again instead of a 405 or a second
    # invitation. The code is not stored in clear in the database; it waits in this
    # facilitator's server-side session until the sheet is no longer valid.
    request.session[_SHEET_KEY % invitation.pk] = code
    return redirect("portal:invitation-sheet", invitation_id=invitation.pk)


_SHEET_KEY = "invitation_code:%s"


@never_cache
@require_GET
def invitation_sheet(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    """The sheet of an invitation just made (its code is kept in the maker's session)."""
    invitation = access.access_invitation_for_facilitator(request.user, invitation_id)
    code = request.session.get(_SHEET_KEY % invitation.pk, "")
    if not code or not services.invitation_code_matches(invitation, code):
        request.session.pop(_SHEET_KEY % invitation.pk, None)
        messages.error(request, _("Dieser Einladungsbogen kann nicht mehr gezeigt werden. Bitte "
                                  "erstellen Sie einen neuen."))
        return redirect("clients:run-referrals", invitation.enrollment.run_id)
    return render(request, "portal/invitation_sheet.html",
                  _sheet_context(request, invitation, code))


@never_cache
@sensitive_post_parameters("code")
@require_POST
def invitation_pdf(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    """The sheet just shown as a PDF: the page posts the code back; nothing is stored."""
    invitation = access.access_invitation_for_facilitator(request.user, invitation_id)
    code = request.POST.get("code", "")
    if not services.invitation_code_matches(invitation, code):
        messages.error(request, _("Dieser Einladungsbogen gilt nicht mehr. Bitte erstellen Sie "
                                  "einen neuen."))
        return redirect("clients:run-referrals", invitation.enrollment.run_id)
    context = _sheet_context(request, invitation, code)
    with translation.override(context["sheet_language"]):
        html = render_to_string("portal/invitation_sheet_pdf.html", context, request=request)
    response = HttpResponse(pdf.html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="einladung-neue-wege.pdf"'
    return response


# --- logging in again from the dialog of a page whose session ended (issue 14) -------------
@login_not_required
@never_cache
@sensitive_post_parameters("password")
@require_POST
def session_login(request: HttpRequest) -> JsonResponse:
    """The log-in dialog of core/offline.js: the page stays open with its text.

    Only participants log in here (staff need their second factor on the log-in page).
    Answers JSON: the new CSRF token (logging in rotates it) and the user's opaque tag, so
    the page can tell whether the same person logged in again.
    """
    form = AuthenticationForm(request, data=request.POST)
    if form.is_valid() and access.is_participant(form.get_user()):
        login(request, form.get_user())
        return JsonResponse({"status": "ok", "csrf": get_token(request),
                             "user": user_tag(request.user)})
    if getattr(request, "axes_locked_out", False):
        return login_locked(request)
    return JsonResponse({"status": "invalid", "message": _(
        "Benutzername oder Passwort stimmen nicht. Bitte versuchen Sie es noch einmal.")},
        status=400)
