"""Property: no form of the application answers random or hostile input with a server error.

Every page of the URL resolver is opened by every persona (path parameters filled with the
cast's objects, see `neue_wege.testing.forms_crawl`); every `<form method="post">` found is
parsed and hypothesis posts generated values to it: random unicode (NUL bytes included), very
long strings, out-of-range numbers, malformed dates and times, invalid and duplicate choices,
missing fields, and hostile strings (script tags, attribute breakers, SQL, path traversal,
template syntax, format strings, off-site `next` targets). For every answer:

- the status is below 500 and the view raises nothing;
- a re-rendered form (200) with a marked field carries its error text, and that text is German;
- no hostile markup comes back unescaped, neither in the answer nor on the page a successful
  POST redirects to (stored XSS), nor on the form page opened again afterwards;
- a redirect never leaves the site.

The database state accumulates across the examples of one page, like a real day of use.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client as HttpClient
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from neue_wege.testing.forms_crawl import (
    STATS,
    Field,
    Form,
    World,
    build_world,
    client_for,
    crawl,
    forms_on_page,
    page_names,
)

pytestmark = pytest.mark.django_db

# Deterministic by default so the suite stays green between unrelated changes; explore with
# NW_FUZZ_RANDOM=1 (new inputs on every run) and NW_FUZZ_EXAMPLES=200 (deeper, slower).
# 20 per form keeps the whole run (about 90 forms x personas, portal included) near a minute.
EXAMPLES_PER_FORM = int(os.environ.get("NW_FUZZ_EXAMPLES", "20"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_FORM, deadline=None, database=None,
    derandomize=os.environ.get("NW_FUZZ_RANDOM", "") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much, HealthCheck.large_base_example],
)


def _day(value: Any) -> dt.date | None:
    for text in value if isinstance(value, list) else [value]:
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(str(text).strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
    return None


# Known server errors, each proven by a strict xfail in test_found_bugs.py: the fuzzer skips
# exactly these inputs so it keeps looking for new ones. Delete an entry once its bug is fixed
# (the strict xfail turns red then and says so). NW_FUZZ_KNOWN_BUGS=1 fuzzes them too.
KNOWN_BUGS: dict = {}
if os.environ.get("NW_FUZZ_KNOWN_BUGS") == "1":
    KNOWN_BUGS = {}

# --- what the fuzzer sends -------------------------------------------------------------------------
MISSING = object()
MARKER = "<nwx-fuzz>"  # a tag no page ever contains: if it comes back raw, input was not escaped
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    f"{MARKER}Ä</nwx-fuzz>",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE clients_client; --",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n",
    "%(name)s",
    "{0}{1}",
    "javascript:alert(1)",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\ufeff",
    "😀👩‍👩‍👧",
    "Zeile 1\r\nZeile 2",
    "   ",
]
OFFSITE = ["//evil.example/", "https://evil.example/x", "/\\evil.example", "javascript:alert(1)",
           "http:evil.example", "\x00/", "%2F%2Fevil.example"]
# Raw markup that must never come back from the server: the escaped forms are harmless.
RAW_FORBIDDEN = ["<script>alert(1)", "<img src=x onerror", "<nwx-fuzz", 'href="javascript:']
ENGLISH = re.compile(r"This field|Enter a valid|Select a valid|Ensure this value|is not one of "
                     r"the available|is not a valid|already exists|Null characters|required\.")
# Field errors, and the non-field errors in the danger alert above the form.
ERROR_TEXT = re.compile(r'<p class="kern-error"[^>]*>(.*?)</p>'
                        r'|<div class="kern-alert kern-alert--danger"[^>]*>(.*?)</div>', re.S)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
long_text = st.builds(lambda n, c: c * n, st.integers(201, 12000), st.sampled_from(["x", "Ä", "😀"]))
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    text,
    long_text,
    st.builds(lambda a, h, b: a + h + b, text, st.sampled_from(HOSTILE), text),
)


def _fmt_date(day: dt.date, style: int) -> str:
    return (day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%m/%d/%Y"))[style]


bad_numbers = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["", "0", "-1", "1.5", "1,5", "1e3", "1e309", "NaN", "inf", "-inf", "٣",
                     "32767", "32768", "65536", "2147483648", "9223372036854775808", "0x10",
                     " 7 ", "+5"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
bad_dates = st.one_of(
    st.sampled_from(["31.02.2026", "2026-13-01", "", "2026-02-30", "0000-00-00", "9999-12-31",
                     "0001-01-01", "1.1.1", "2026-1-1", "heute", "2026-02-29", "-2026-01-01",
                     "99999-01-01", "2026-01-01T25:00"]),
    st.builds(_fmt_date, st.dates(), st.integers(0, 2)),
)
bad_times = st.one_of(
    st.sampled_from(["25:61", "24:00", "", "12:00", "23:59:59.999999", "9", "-1:00", "12:60",
                     "noon", "00:00", "12:00:00+02:00"]),
    st.times().map(str),
)


def _today() -> dt.date:
    return dt.date.today()  # noqa: DTZ011 (plausible form input, no time zone needed)


def _plausible_date(f: Field) -> st.SearchStrategy[str]:
    low = _parse_date(f.minimum) or _today() - dt.timedelta(days=365 * 60)
    high = _parse_date(f.maximum) or _today() + dt.timedelta(days=400)
    past = st.integers(-400, -1).map(lambda days: _today() + dt.timedelta(days))
    future = st.integers(0, 400).map(lambda days: _today() + dt.timedelta(days))
    long_ago = st.integers(15 * 366, 60 * 365).map(lambda days: _today() - dt.timedelta(days))
    return (st.one_of(past, future, long_ago).filter(lambda day: low <= day <= high)
            .map(dt.date.isoformat))


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _plausible_number(f: Field) -> st.SearchStrategy[str]:
    low = int(f.minimum) if f.minimum.lstrip("-").isdigit() else 0
    high = int(f.maximum) if f.maximum.lstrip("-").isdigit() else max(low, 0) + 70
    # Small counts and adult ages: what number fields of this application hold.
    return st.one_of(st.integers(max(low, 1), max(low, 1, min(high, 30))),
                     st.integers(max(low, 15), max(low, 15, min(high, 65)))).map(str)


plausible_time = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(6, 20),
                           st.sampled_from([0, 15, 30, 45]))


def _stored_text(f: Field) -> st.SearchStrategy[str]:
    """Valid text that is also hostile markup: it gets stored and shown on later pages."""
    limit = f.maxlength or 10_000
    if f.name == "username":  # Django allows letters, digits and @.+-_ only
        return st.integers(1, 10**6).map(lambda n: f"fuzz_{n}")
    prefixes = [h for h in HOSTILE[:4] if len(h) + 2 <= limit] or [MARKER[:limit]]
    return st.one_of(
        st.builds(lambda h, n: f"{h} {n}"[:limit], st.sampled_from(prefixes),
                  st.integers(1, 10**9)),
        st.integers(1, 10**6).map(lambda n: f"Fuzz-{n}"[:limit]),  # for fields with a pattern
    )


def _bad_for(f: Field) -> st.SearchStrategy[list[str]]:
    """Malformed values for a field of this kind."""
    single: st.SearchStrategy[str]
    if f.kind == "number":
        single = bad_numbers
    elif f.kind == "date":
        single = bad_dates
    elif f.kind == "time":
        single = bad_times
    elif f.kind == "email":
        single = st.one_of(hostile, st.sampled_from(["a@b", "@", "x@", "a@b@c.de",
                                                     "x" * 300 + "@example.org"]))
    elif f.name == "next":
        single = st.one_of(st.sampled_from(OFFSITE), hostile)
    elif f.kind in ("select", "radio", "checkbox"):
        invalid = ["not-a-choice", str(uuid.UUID(int=7)), "0", "-1", "' OR 1=1 --", ""]
        choice = st.sampled_from(f.values + invalid) if f.values else st.sampled_from(invalid)
        if f.multiple or f.kind == "checkbox":
            return st.lists(st.one_of(choice, hostile), max_size=8)  # duplicates allowed
        return st.lists(st.one_of(choice, hostile), min_size=1, max_size=3)
    else:
        single = hostile
    return single.map(lambda value: [value])


def _plausible_for(f: Field) -> st.SearchStrategy[list[str]]:
    """Values of the right shape (valid where the field alone decides), or what the page
    pre-filled (valid on an update form)."""
    fresh = _fresh_for(f)
    if f.kind in ("hidden", "submit") or not any(f.current):
        return fresh
    return st.one_of(st.just(list(f.current)), fresh)


def _fresh_for(f: Field) -> st.SearchStrategy[list[str]]:
    if f.kind in ("hidden", "submit"):
        return st.just(f.current or f.values[:1])
    if f.kind == "number":
        return _plausible_number(f).map(lambda value: [value])
    if f.kind == "date":
        return _plausible_date(f).map(lambda value: [value])
    if f.kind == "time":
        return plausible_time.map(lambda value: [value])
    if f.kind == "email":
        return st.integers(1, 10**6).map(lambda n: [f"fuzz{n}@example.org"])
    if f.kind in ("select", "radio"):
        options = [value for value in f.values if value] or f.values
        return st.sampled_from(options).map(lambda value: [value]) if options else st.just([])
    if f.kind == "checkbox":
        return st.lists(st.sampled_from(f.values), unique=True) if f.values else st.just([])
    if f.kind == "password":
        return st.just(["Fuzz-Passphrase-2026-lang"])
    return _stored_text(f).map(lambda value: [value])


def submission(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """A POST body for `form`, in one of three shapes:

    - plausible everywhere, so it can succeed and store its hostile text;
    - plausible except one field that is missing, malformed or hostile (reaches the checks
      behind the first invalid field: cleaning, services, the database);
    - chaos: every field independently missing, malformed, hostile or plausible.
    """
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    plausible = st.fixed_dictionaries({name: _plausible_for(form.fields[name])
                                       for name in names})
    bad = {name: st.one_of(st.just(MISSING), _bad_for(form.fields[name])) for name in names}
    chaos = st.fixed_dictionaries({
        name: st.one_of(bad[name], _plausible_for(form.fields[name])) for name in names})
    shapes = [plausible, plausible, chaos]  # plausible twice: more of them get stored
    if names:
        shapes.append(st.sampled_from(names).flatmap(
            lambda name: st.tuples(plausible, bad[name]).map(
                lambda pair, name=name: {**pair[0], name: pair[1]})))
    # Password pairs must match to get past the first check; mirror the first one sometimes.
    return st.tuples(st.one_of(shapes), st.booleans()).map(_finish)


def _finish(drawn: tuple[dict[str, Any], bool]) -> dict[str, Any]:
    values, mirror = drawn
    data = {name: value for name, value in values.items() if value is not MISSING}
    if mirror and "password1" in data:
        data["password2"] = data["password1"]
    return data


# --- what every answer must satisfy ----------------------------------------------------------------
def check_html(body: str, where: str) -> None:
    for raw in RAW_FORBIDDEN:
        assert raw not in body, f"unescaped {raw!r} in {where}"


# A re-rendered form answers 200, or 400 where the view says so (the portal's forms).
RERENDERED = (200, 400)


def error_texts(response: Any) -> list[str]:
    if response.status_code not in RERENDERED or "html" not in response.get("Content-Type", ""):
        return []
    return [" ".join(re.sub(r"<[^>]+>", " ", "".join(groups)).split())
            for groups in ERROR_TEXT.findall(response.content.decode())]


def check_answer(form: Form, response: Any, http: HttpClient) -> None:
    where = f"the answer to POST {form.action} ({form.persona})"
    assert response.status_code < 500, f"{where}: status {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        body = response.content.decode()
        check_html(body, where)
        if response.status_code in RERENDERED:
            if 'aria-invalid="true"' in body:
                assert "kern-error" in body, f"{where}: a marked field without its error text"
            errors = " ".join(error_texts(response))
            assert not ENGLISH.search(errors), f"{where}: English error text: {errors[:300]}"
    if response.status_code in (301, 302, 303):
        target = urlsplit(response["Location"])
        assert target.scheme in ("", "http") and target.netloc in ("", "testserver"), (
            f"{where}: redirect off the site to {response['Location']!r}")
        assert not target.path.startswith("//"), f"{where}: protocol-relative redirect"
        follow = http.get(response["Location"])
        assert follow.status_code < 500, f"redirect target {response['Location']}"
        if "html" in follow.get("Content-Type", ""):
            check_html(follow.content.decode(), f"redirect target {response['Location']}")
        again = http.get(form.page)  # the form page with what was stored
        assert again.status_code < 500, f"form page {form.page} after a successful POST"
        if "html" in again.get("Content-Type", ""):
            check_html(again.content.decode(), f"form page {form.page} after a successful POST")


def fuzz_form(world: World, form: Form) -> None:
    http = HttpClient()

    @FUZZ_SETTINGS
    @given(data=submission(form), htmx=st.booleans() if form.htmx else st.just(False))
    def post(data: dict[str, Any], htmx: bool) -> None:
        known = KNOWN_BUGS.get(form.action_name)
        if known is not None and known(data):
            reject()
        client_for(world, form.persona, http)  # again: an example may have logged us out
        headers = {"HX-Request": "true"} if htmx else {}
        STATS.record(form)
        try:
            response = http.post(form.action, data, headers=headers)
        except Exception as error:  # the view raised: a 500 in production
            raise AssertionError(
                f"POST {form.action} as {form.persona} raised {error!r}\n"
                f"{traceback.format_exc()}") from error
        STATS.outcome(form, response.status_code, error_texts(response))
        check_answer(form, response, http)

    post()


# --- the tests -------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", page_names())
def test_every_form_on_the_page_survives_random_and_hostile_input(page):
    world = build_world()
    forms = forms_on_page(world, page)
    if not forms:
        pytest.skip(f"{page}: no POST form for any persona")
    for form in forms:
        fuzz_form(world, form)


# The forms the crawler must find; if it finds fewer, it is broken, not the application.
REQUIRED_FORMS = {
    "programmes:programme-create", "programmes:programme-version-create",
    "programmes:method-create", "programmes:method-update", "programmes:run-create",
    "programmes:run-update", "programmes:session-generate", "programmes:session-update",
    "programmes:session-attendance", "clients:client-create", "clients:client-update",
    "clients:referral-create", "clients:referral-accept", "clients:referral-decline",
    "organisation:user-create", "organisation:user-update", "organisation:location-create",
    "organisation:location-update", "login",
    # the participant portal (as nina, ali or sven) and the strengths staff pages
    "portal:account-activate", "portal:story-create", "portal:story-edit",
    "portal:story-autosave", "portal:story-share", "portal:story-withdraw",
    "portal:feedback-create", "portal:feedback-self", "portal:suggestion-decide",
    "portal:profile-pdf", "portal:profile-export-consent", "portal:invitation-create",
    "strengths:feedback-release", "strengths:feedback-remove", "strengths:feedback-create",
    "strengths:catalogue-version-create", "strengths:strength-create",
    "strengths:strength-update", "strengths:strength-delete",
    # outcomes: ending a seat, the destination, follow-ups, the portal's self-assessment
    "outcomes:enrollment-end", "outcomes:case-outcome", "outcomes:follow-up-record",
    "portal:self-assessment",
    # the path ("Mein Weg"): interests, vision, obstacles, strategies, steps, suggestions
    "portal:pathway-interest-check-create", "portal:pathway-vision", "portal:pathway-obstacle-create",
    "portal:pathway-strategy-create", "portal:pathway-strategy-status", "portal:pathway-steps",
    "portal:pathway-obstacle-delete",
    "portal:pathway-step-done", "portal:pathway-suggestions", "portal:pathway-suggestion-decide",
    "portal:pathway-suggestion-steps",
    # the facilitator explores a participant's suggestions (asks again, saves, dismisses)
    "orientation:run-pathway-suggestions", "orientation:run-suggestion-decide",
    # letters and messages (issue 15): consents, the one-click invitation, the settings
    "messaging:enrollment-channels", "messaging:run-invite", "messaging:settings",
    "messaging:reminder-settings",
}
# Every participant persona must get at least one portal form (else the login as a
# participant or the portal's path parameters are broken).
REQUIRED_PERSONAS = {"nina_user", "ali_user", "sven_user", "anonymous", "fatma", "admin"}


def test_the_crawler_finds_every_known_form():
    forms = crawl(build_world())
    actions = {form.action_name for form in forms}
    STATS.crawled = len(forms)
    print(f"\ncrawler: {len(forms)} (page x form x persona) POST forms, "
          f"{len(actions)} distinct targets")
    assert REQUIRED_FORMS <= actions, f"missing: {sorted(REQUIRED_FORMS - actions)}"
    personas = {form.persona for form in forms}
    assert REQUIRED_PERSONAS <= personas, f"missing: {sorted(REQUIRED_PERSONAS - personas)}"
    assert len(forms) >= 80
    assert not [form for form in forms if form.action_name.startswith("<unresolvable")]


def test_the_checks_can_fail():
    """The escaping check and the form parser are what the fuzz stands on: prove both work."""
    with pytest.raises(AssertionError, match="unescaped"):
        check_html('<p>"><img src=x onerror=alert(1)></p>', "a page")
    check_html("<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(1)</p>",
               "a page")
    from neue_wege.testing.forms_crawl import parse_forms

    html = ('<form method="get"><input name="q"></form>'
            '<form method="post" action="/x/" hx-post="/x/"><input type="hidden" '
            'name="next" value="/a/"><input name="n" type="number" min="1" max="9">'
            '<textarea name="t">\nHallo</textarea><select name="s" multiple>'
            '<option value="1" selected>Eins</option><option>Zwei</option></select>'
            '<input type="checkbox" name="c" value="a" checked><input type="checkbox" '
            'name="c" value="b"><button type="submit">Los</button></form>')
    (form,) = parse_forms(html, "/seite/", "page", "fatma")
    assert form.action == "/x/" and form.htmx
    fields = form.fields
    assert set(fields) == {"next", "n", "t", "s", "c"}
    assert (fields["n"].kind, fields["n"].minimum, fields["n"].maximum) == ("number", "1", "9")
    assert fields["t"].current == ["Hallo"]
    assert fields["s"].multiple and fields["s"].values == ["1", "Zwei"]
    assert fields["s"].current == ["1"]
    assert fields["c"].values == ["a", "b"] and fields["c"].current == ["a"]
