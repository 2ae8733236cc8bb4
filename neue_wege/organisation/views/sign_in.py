"""Log-in and log-out: the local form, the county account (single sign-on) beside it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from neue_wege.core import views as core_views
from neue_wege.organisation import sso
from neue_wege.organisation.models import User


class LocalLoginForm(AuthenticationForm):
    """Password log-in. Once single sign-on is on, staff use their county account; only
    administrators keep the local log-in as the emergency fallback (NW_LOCAL_STAFF_LOGIN)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "sso_required": _("Bitte melden Sie sich mit Ihrem Dienstkonto an (Schaltfläche "
                          "„Mit dem Dienstkonto anmelden“). Die Anmeldung mit Passwort ist "
                          "nur für die Administration als Notzugang offen."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if local_login_refused(user):
            raise forms.ValidationError(self.error_messages["sso_required"],
                                        code="sso_required")


def local_login_refused(user: Any) -> bool:
    if not sso.sso_enabled() or user.role == User.Role.PARTICIPANT:
        return False
    if settings.NW_LOCAL_STAFF_LOGIN == "all":
        return False
    return user.role != User.Role.ADMINISTRATOR


class LoginView(auth_views.LoginView):
    authentication_form = LocalLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.sso_enabled()
        form = context.get("form")
        context["sso_required"] = bool(form is not None and form.is_bound and any(
            error.code == "sso_required"
            for error in form.errors.as_data().get("__all__", [])))
        return context


login = login_not_required(LoginView.as_view())


@sensitive_post_parameters()
@csrf_protect
@never_cache
def logout(request: HttpRequest) -> HttpResponse:
    """Django's log-out (POST only); a single-sign-on session then ends at the provider too."""
    target = sso.logout_target(request) if request.method == "POST" else None
    response = core_views.LogoutView.as_view()(request)
    if target is None or response.status_code not in (200, 302):
        return response
    # The browser forgets the drafts and kept pages here too (core.views.LogoutView).
    if "Clear-Site-Data" in response.headers:
        target.headers["Clear-Site-Data"] = response.headers["Clear-Site-Data"]
    return target


sso_login = login_not_required(sso.sso_login)
sso_callback = login_not_required(sso.sso_callback)
