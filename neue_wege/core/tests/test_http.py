"""The view helpers every app shares (core/http.py): htmx check, service errors on a form,
one service call with its message."""

from __future__ import annotations

from django import forms
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from neue_wege.core.exceptions import DomainError
from neue_wege.core.http import form_error, is_htmx, service_call


class _Form(forms.Form):
    name = forms.CharField(required=False)


class _FullError(DomainError):
    pass


def _request(**headers: str):
    request = RequestFactory().post("/", headers=headers)
    request._messages = CookieStorage(request)
    return request


def _messages(request) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(request)]


def test_is_htmx_only_for_the_htmx_header():
    assert is_htmx(_request(**{"HX-Request": "true"}))
    assert not is_htmx(_request())
    assert not is_htmx(_request(**{"HX-Request": "false"}))


def test_form_error_puts_a_domain_error_above_the_form():
    form = _Form({})
    form.is_valid()
    form_error(form, DomainError("Der Durchlauf ist voll."))
    assert form.non_field_errors() == ["Der Durchlauf ist voll."]


def test_form_error_puts_field_errors_on_their_field_and_the_rest_above():
    form = _Form({})
    form.is_valid()
    form_error(form, ValidationError({"name": "Bitte einen Namen.",
                                      "unknown": "Etwas anderes stimmt nicht."}))
    assert form.errors["name"] == ["Bitte einen Namen."]
    assert form.non_field_errors() == ["Etwas anderes stimmt nicht."]


def test_form_error_puts_a_plain_validation_error_above_the_form():
    form = _Form({})
    form.is_valid()
    form_error(form, ValidationError(["Erstens.", "Zweitens."]))
    assert form.non_field_errors() == ["Erstens.", "Zweitens."]


def test_service_call_shows_the_success_message_and_returns_the_value():
    request = _request()
    outcome = service_call(request, lambda: "Nina", success=lambda name: f"{name} ist da.")
    assert outcome and outcome.value == "Nina"
    assert _messages(request) == [(constants.SUCCESS, "Nina ist da.")]


def test_service_call_shows_a_domain_error_as_an_error_message():
    def fails() -> None:
        raise DomainError("Das Konto ist schon deaktiviert.")

    request = _request()
    outcome = service_call(request, fails, success="nie")
    assert not outcome and outcome.value is None
    assert _messages(request) == [(constants.ERROR, "Das Konto ist schon deaktiviert.")]


def test_service_call_shows_the_listed_errors_as_a_warning():
    def fails() -> None:
        raise _FullError("Der Durchlauf ist voll.")

    request = _request()
    assert not service_call(request, fails, success="nie", warnings=(_FullError,))
    assert _messages(request) == [(constants.WARNING, "Der Durchlauf ist voll.")]


def test_service_call_puts_the_error_on_the_form_and_adds_no_message():
    def fails() -> None:
        raise ValidationError({"name": "Bitte einen Namen."})

    request, form = _request(), _Form({})
    form.is_valid()
    assert not service_call(request, fails, success="nie", form=form,
                            errors=(ValidationError,))
    assert form.errors["name"] == ["Bitte einen Namen."]
    assert _messages(request) == []


def test_service_call_lets_other_errors_through():
    def fails() -> None:
        raise ValidationError("nicht abgefangen")

    request = _request()
    try:
        service_call(request, fails, success="nie")
    except ValidationError:
        pass
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("a ValidationError must not be swallowed by default")
    assert _messages(request) == []
