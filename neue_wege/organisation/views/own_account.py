"""Own account: change one's own password (staff and participants alike).

Every other session of the account ends (a stolen session must not outlive a new password);
this browser stays logged in with a fresh session key.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from neue_wege.core.exceptions import DomainError
from neue_wege.core.middleware import IdleTimeoutMiddleware
from neue_wege.organisation import services
from neue_wege.organisation.forms import OwnPasswordChangeForm
from neue_wege.privacy.views.audit import login_locked


@sensitive_post_parameters("current", "password1", "password2")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    # A wrong current password counts as a failed log-in of this user name from this address
    # (django-axes): after the limit the page is locked, and so is the log-in.
    username = request.user.get_username()
    if request.method == "POST" and services.throttle_is_locked(request, username):
        return login_locked(request, credentials={"username": username})
    form = OwnPasswordChangeForm(request.POST or None, account=request.user)
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST" and request.POST.get("current") and "current" in form.errors:
        services.throttle_failure(request, username)  # the middleware shows the lock if due
    if valid:
        try:
            services.own_password_change(user=request.user,
                                         password=form.cleaned_data["password1"],
                                         keep_session=request.session.session_key)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _(
                "Ihr neues Passwort gilt ab sofort. Alle anderen Sitzungen Ihres Kontos sind "
                "beendet."))
            return redirect("dashboards:home")
    # Participants see it in their portal's frame (linked in the portal header), staff in theirs.
    base = "portal/base_portal.html" if request.user.is_participant else "base.html"
    return render(request, "organisation/password_change.html",
                  {"form": form, "base_template": base})


@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """ "Angemeldet bleiben" in the idle warning: the session counts as active from now."""
    return JsonResponse({"remaining": IdleTimeoutMiddleware.extend(request)})


def language_set(request: HttpRequest) -> HttpResponse:
    """Choose the language (Django's set_language: a cookie and a redirect back; a GET only
    redirects); a logged-in participant also keeps it in their account, so it follows them to
    every device (issue 14). A language the person may not use (staff: German and English
    only) is not taken."""
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in services.allowed_languages(request.user):
            request.POST = request.POST.copy()
            request.POST["language"] = ""
        elif request.user.is_authenticated and request.user.is_participant:
            services.user_language_set(actor=request.user, language=language)
    return set_language(request)
