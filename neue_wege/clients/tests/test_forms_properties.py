"""Property-based: random input to the client and referral forms never breaks a page.

For any text, number or date typed into the forms: no 5xx; invalid input re-renders the form
with a German error and the typed values; markup is always rendered escaped.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from neue_wege.clients.models import Client, Referral

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                    HealthCheck.too_slow])

# Any Unicode except lone surrogates (they cannot be sent as UTF-8 at all).
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)
tricky = st.sampled_from([SCRIPT, "\x00", "'\"&<>", "Ünïcödé ß", " ", "-1", "9" * 30,
                          "2026-02-30", "31.12.1990", "1e5", "NaN"])
free_text = st.one_of(text, tricky)
dates = st.one_of(st.dates().map(str), free_text)
numbers = st.one_of(st.integers().map(str), free_text)
MUNICIPALITY = "<bocholt>"


def choice(*valid: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), free_text)


client_data = st.fixed_dictionaries({
    "case_number": st.one_of(st.from_regex(r"\AHYP-[0-9]{1,6}\Z"), free_text),
    "first_name": free_text, "last_name": free_text,
    "date_of_birth": dates, "benefit_since": dates,
    "gender": choice("f", "m", "d"),
    "municipality": st.one_of(st.just(MUNICIPALITY), st.uuids().map(str), free_text),
    "phone": free_text, "email": st.one_of(st.emails(), free_text),
    "children": numbers,
    "german_level": choice("A1", "B2", "C2"),
    "qualification": choice("none", "vocational"),
    "single_parent": st.sampled_from(["", "on", "maybe"]),
    "health_limits": st.sampled_from(["", "on"]),
})

TYPED_FIELDS = ("case_number", "first_name", "last_name", "phone", "email", "date_of_birth",
                "benefit_since", "children")


def assert_safe_page(html: str) -> None:
    assert SCRIPT not in html


def assert_typed_values_kept(html: str, data: dict[str, str], fields: tuple[str, ...]) -> None:
    for name in fields:
        value = data[name]
        if value and value.isprintable() and value.strip() == value:
            assert escape(value) in html, f"{name}: {value!r} was lost"


@given(data=client_data)
@PROPERTY_SETTINGS
def test_client_form_never_breaks(cast, login, data):
    if data["municipality"] == MUNICIPALITY:
        data["municipality"] = str(cast.bocholt.pk)
    c = login(cast.karl)
    before = Client.objects.count()
    response = c.post(reverse("clients:client-create"), data)
    assert response.status_code < 500
    html = response.content.decode()
    assert_safe_page(html)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert Client.objects.count() == before + 1
        assert_safe_page(c.get(response["Location"]).content.decode())
    else:
        assert response.status_code == 200
        assert Client.objects.count() == before
        assert "Bitte korrigieren Sie" in html  # German summary above the form
        assert 'class="kern-error"' in html or "kern-alert--danger" in html
        assert_typed_values_kept(html, data, TYPED_FIELDS)


NUMBERS = itertools.count(1)
VALID_CLIENT = {
    "first_name": "Jana", "last_name": "Wessels", "date_of_birth": "1991-04-12",
    "benefit_since": "2022-03-01", "gender": "f", "municipality": MUNICIPALITY,
    "phone": "02871 12345", "email": "jana@example.org", "children": "1",
    "german_level": "B2", "qualification": "vocational", "single_parent": "",
    "health_limits": "",
}


@given(field=st.sampled_from(sorted(VALID_CLIENT) + ["case_number"]),
       value=st.one_of(free_text, dates, numbers))
@PROPERTY_SETTINGS
def test_client_form_with_one_random_field(cast, login, field, value):
    data = {**VALID_CLIENT, "case_number": f"HYP-{next(NUMBERS)}",
            "municipality": str(cast.bocholt.pk)}
    data[field] = value
    c = login(cast.karl)
    before = Client.objects.count()
    response = c.post(reverse("clients:client-create"), data)
    assert response.status_code < 500
    html = response.content.decode()
    assert_safe_page(html)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert Client.objects.count() == before + 1
        assert_safe_page(c.get(response["Location"]).content.decode())
    else:
        assert Client.objects.count() == before
        assert "Bitte korrigieren Sie die markierte Angabe." in html  # exactly one error
        assert_typed_values_kept(html, data, TYPED_FIELDS)


@given(run=st.one_of(st.just("<run_a>"), st.uuids().map(str), free_text), note=free_text)
@PROPERTY_SETTINGS
def test_referral_form_never_breaks(cast, login, run, note):
    lena = Client.objects.filter(case_number="BOR-0100").first()
    if lena is None:
        from neue_wege.clients.tests.conftest import make_client
        lena = make_client(cast)
    if run == "<run_a>":
        run = str(cast.run_a.pk)
    c = login(cast.karl)
    before = Referral.objects.count()
    response = c.post(reverse("clients:referral-create", args=[lena.pk]),
                      {"run": run, "potential_note": note})
    assert response.status_code < 500
    html = response.content.decode()
    assert_safe_page(html)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert Referral.objects.count() == before + 1
        assert_safe_page(c.get(response["Location"]).content.decode())
    else:
        assert response.status_code == 200
        assert Referral.objects.count() == before
        assert "Bitte korrigieren Sie" in html
        if note.isprintable() and note.strip() == note and note:
            assert escape(note) in html


@given(q=free_text, municipality=free_text, sort=free_text, page=numbers)
@PROPERTY_SETTINGS
def test_client_list_filters_never_break(cast, login, q, municipality, sort, page):
    response = login(cast.karl).get(reverse("clients:client-list"),
                                    {"q": q, "municipality": municipality, "sort": sort,
                                     "page": page})
    assert response.status_code == 200
    assert_safe_page(response.content.decode())


@given(status=free_text, sort=free_text, page=numbers)
@PROPERTY_SETTINGS
def test_referral_list_filters_never_break(cast, login, status, sort, page):
    response = login(cast.fatma).get(reverse("clients:referral-list"),
                                     {"status": status, "sort": sort, "page": page})
    assert response.status_code == 200
    assert_safe_page(response.content.decode())
