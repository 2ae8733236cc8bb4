"""Bugs the form fuzzer found, one input each, kept as regression tests now they are fixed.

A new finding goes here as a strict xfail (and into KNOWN_BUGS in test_form_fuzz.py) until
its owner fixes it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.testing.forms_crawl import build_world, client_for, forms_on_page

pytestmark = pytest.mark.django_db


def _current_values(world, page: str, persona: str) -> tuple[str, dict]:  # noqa: ANN001
    form = next(f for f in forms_on_page(world, page) if f.persona == persona)
    return form.action, {name: field.current for name, field in form.fields.items()
                         if field.kind != "submit"}


def test_session_update_on_the_first_day_of_year_one_is_a_form_error():
    world = build_world()
    action, data = _current_values(world, "programmes:session-update", "fatma")
    http = client_for(world, "fatma", HttpClient(raise_request_exception=False))
    response = http.post(action, {**data, "day": "0001-01-01", "starts_at": "00:00",
                                  "ends_at": "00:30"})
    assert response.status_code == 200
    assert "kern-error" in response.content.decode() or "kern-alert--danger" in (
        response.content.decode())


def test_planning_sessions_of_a_run_ending_on_the_last_representable_day():
    world = build_world()
    action, data = _current_values(world, "programmes:run-update", "fatma")
    http = client_for(world, "fatma", HttpClient(raise_request_exception=False))
    response = http.post(action, {**data, "starts_on": "9999-12-20", "ends_on": "9999-12-31"})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        return  # the form refused the dates: fixed
    response = http.post(
        reverse("programmes:session-generate", kwargs={"run_id": world.cast.run_a.pk}),
        {"weekdays": ["0", "1", "2", "3", "4"], "starts_at": "09:00", "ends_at": "12:00"})
    assert response.status_code < 500


def test_duplicate_programme_name_error_is_german():
    world = build_world()
    action, data = _current_values(world, "programmes:programme-create", "fatma")
    http = client_for(world, "fatma", HttpClient(raise_request_exception=False))
    data = {**data, "name": world.cast.programme.name, "valid_from": "2030-01-01",
            "content": "Inhalt", "target_group_description": "Alle"}
    response = http.post(action, data)
    assert response.status_code == 200
    body = response.content.decode()
    errors = " ".join(re.findall(r'class="kern-(?:error|body)"[^>]*>([^<]*)<', body))
    assert "gibt es schon" in errors or "existiert bereits" in errors
    assert "Job centre" not in errors


def test_a_malformed_hidden_field_shows_its_error():
    """Found by the fuzzer on the portal's story form (a tampered hidden story id)."""
    world = build_world()
    action, data = _current_values(world, "portal:story-create", "nina_user")
    http = client_for(world, "nina_user", HttpClient(raise_request_exception=False))
    response = http.post(action, {**data, "story": "<script>alert(1)</script>",
                                  "text": "Ich habe geholfen."})
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert 'aria-invalid="true"' in body  # the form says the hidden field is wrong
    assert 'id="id_story-error"' in body or "kern-alert--danger" in body, (
        "the hidden field's error is shown nowhere")
