"""Find every POST form of the application, as each persona sees it (for the form fuzz tests).

The URL patterns come from the resolver, so a new page is crawled the day it is added. Path
parameters are filled from the persona cast plus a few extra objects (a method, a session, open
referrals, and the participant portal's stories, feedback, invitation and planned catalogue
version from `neue_wege.testing.programme_space`) by the parameter's name: `run_id` -> the
runs, `client_id` -> the clients, ...
Every candidate object is tried in turn, so Jonas sees the form of his own run B and Petra the
form of her client Sven. The forms are parsed from the HTML with `html.parser` (no dependency).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client as HttpClient
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from neue_wege.api.testing import build_api_space
from neue_wege.clients.models import Referral
from neue_wege.clients.services import client_create, referral_create
from neue_wege.inbox.models import Notice
from neue_wege.organisation.models import Room, User
from neue_wege.outcomes.services import current_instrument
from neue_wege.programmes.models import Method, Session
from neue_wege.testing.personas import Cast, build_cast
from neue_wege.testing.programme_space import build_programme_space

STAFF = ("fatma", "jonas", "karl", "petra", "maria", "admin")
PARTICIPANTS = ("nina_user", "ali_user", "sven_user")  # portal accounts (role participant)
PERSONAS = STAFF + PARTICIPANTS
ANONYMOUS = "anonymous"
# Forms that are part of every page and change the session rather than data: submitting
# them would log the persona out or switch the UI to English for the rest of the run.
SKIP_ACTIONS = frozenset({"logout", "set_language"})
# Pages the crawler never opens: no HTML form can live there.
SKIP_PAGES = frozenset({"logout", "set_language", "health", "programmes:run-calendar",
                        # PDFs (issue 15): no HTML form can live there
                        "programmes:session-sign-in-sheet", "outcomes:enrollment-certificate",
                        "outcomes:enrollment-confirmation"})
# The REST API (neue_wege.api): JSON with bearer tokens, no HTML forms; Schemathesis fuzzes it
# (neue_wege/api/tests/test_schema_fuzz.py), the access matrix checks that sessions get nothing.
API_NAMESPACE = "api:v1:"
# Pages an anonymous visitor may open and that hold a form worth fuzzing.
ANONYMOUS_PAGES = frozenset({"login", "portal:account-activate"})


# --- the objects behind the path parameters -----------------------------------------------------
@dataclass
class World:
    """The cast and the extra objects some pages need."""

    cast: Cast
    method: Method
    session_a: Session
    session_b: Session
    pending_a: Referral
    pending_b: Referral
    params: dict[str, list[Any]] = field(default_factory=dict)

    def user(self, persona: str) -> User:
        if persona in PARTICIPANTS:
            return getattr(self.cast, persona)
        return self.cast.users()[persona]


def build_world() -> World:
    cast = build_cast()
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    method = Method.objects.create(
        job_centre=cast.job_centre, name="Erfolgsgeschichte schreiben",
        purpose="Teilnehmende schreiben über einen gelungenen Moment.", duration_minutes=45,
        instructions="Zehn Minuten schreiben, dann in Paaren vorlesen.")

    def session(run: Any, days: int) -> Session:
        day = run.starts_on + dt.timedelta(days=days)
        return Session.objects.create(
            run=run, topic="Erste Geschichten",
            starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz),
            ends_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=tz))

    def pending(actor: User, number: str, first: str, run: Any) -> Referral:
        new = client_create(actor=actor, case_number=number, first_name=first,
                            last_name="Offen", date_of_birth=dt.date(1990, 1, 1), gender="f",
                            municipality=cast.bocholt,
                            benefit_since=dt.date(2022, 1, 1))
        return referral_create(actor=actor, client=new, run=run,
                               potential_note="Möchte wieder Tritt fassen.")

    world = World(cast=cast, method=method, session_a=session(cast.run_a, 1),
                  session_b=session(cast.run_b, 1),
                  pending_a=pending(cast.karl, "BOR-0901", "Lena", cast.run_a),
                  pending_b=pending(cast.petra, "BOR-0902", "Mia", cast.run_b))
    world.params = {
        "run_id": [cast.run_a.pk, cast.run_b.pk],
        "session_id": [world.session_a.pk, world.session_b.pk],
        "client_id": [cast.nina.pk, cast.sven.pk],
        "referral_id": [world.pending_a.pk, world.pending_b.pk, cast.nina_enrollment.referral_id,
                        cast.sven_enrollment.referral_id],
        "programme_id": [cast.programme.pk],
        "version_id": [cast.version.pk],
        "method_id": [method.pk],
        "location_id": [cast.location.pk],
        "user_id": [cast.fatma.public_id, cast.jonas.public_id],
        "municipality_id": [cast.bocholt.pk],
        "instrument_id": [current_instrument().pk],  # installation-wide: no second one
        # planning and the inbox (issue 15): a room of the cast's location; the first notice
        # of each run's facilitator (the pending referrals above wrote them)
        "room_id": [Room.objects.create(location=cast.location, name="Raum 1", capacity=12,
                                        step_free=True).pk],
        "notice_id": [Notice.objects.filter(recipient=cast.fatma).order_by("created_at")[0].pk,
                      Notice.objects.filter(recipient=cast.jonas).order_by("created_at")[0].pk],
        # the portal and the strengths pages: stories, feedback, invitations, catalogue
        **build_programme_space(cast),
        # the API's client systems, tokens and bulk transfers (first: ours, second: the other
        # job centre's)
        **build_api_space(cast).params(),
    }
    return world


# --- the URL patterns -----------------------------------------------------------------------------
def walk_patterns(patterns: list | None = None, namespace: str = "", params: tuple = ()
                  ) -> Iterator[tuple[str | None, tuple[str, ...]]]:
    """(URL name, path parameter names) of every pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        found = params + tuple(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), found


def page_names() -> list[str]:
    """Every named page the crawler opens, sorted (usable at test collection time)."""
    return sorted({name for name, _ in walk_patterns()
                   if name and name not in SKIP_PAGES and not name.startswith(API_NAMESPACE)})


def page_paths(world: World, name: str) -> list[str]:
    """Candidate paths of a page: each parameter filled with each known object of its kind."""
    params = dict(walk_patterns()).get(name, ())
    combos: list[dict[str, Any]] = [{}]
    for param in params:
        if param not in world.params:
            raise LookupError(f"{name}: no test object for path parameter {param!r}; "
                              "add it to forms_crawl.build_world")
        combos = [{**combo, param: value} for combo in combos for value in world.params[param]]
    paths = []
    for kwargs in combos:
        try:
            paths.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return paths


# --- the HTML forms -------------------------------------------------------------------------------
@dataclass
class Field:
    name: str
    kind: str  # text, email, number, date, time, password, hidden, checkbox, radio, select, ...
    values: list[str] = field(default_factory=list)  # options / checkbox and radio values
    current: list[str] = field(default_factory=list)  # what the page pre-filled or selected
    multiple: bool = False
    required: bool = False
    minimum: str = ""  # the input's min/max/maxlength attributes, for plausible values
    maximum: str = ""
    maxlength: int | None = None


@dataclass
class Form:
    page: str  # the page's path
    page_name: str
    action: str  # the path the form posts to
    action_name: str
    persona: str
    htmx: bool
    fields: dict[str, Field]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.page_name, self.action_name, self.persona

    def label(self) -> str:
        return f"{self.action_name} ({self.persona}, from {self.page_name})"


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: Field | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: Field | None = None

    def _field(self, name: str, kind: str, **extra: Any) -> Field:
        assert self._form is not None
        fields = self._form["fields"]
        if name not in fields:
            fields[name] = Field(name=name, kind=kind, **extra)
        return fields[name]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = {"action": a.get("action", ""), "htmx": "hx-post" in a,
                              "fields": {}, "hx_posts": []}
                self.forms.append(self._form)
            return
        if self._form is not None and tag != "form" and a.get("hx-post"):
            # A field that posts the whole form elsewhere while typing (e.g. the story
            # autosave: `hx-post` + `hx-include="closest form"`): fuzz that target too.
            if a["hx-post"] not in self._form["hx_posts"]:
                self._form["hx_posts"].append(a["hx-post"])
        if self._form is None or "name" not in a and tag != "option":
            return
        required = "required" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if a.get("name"):
                    entry = self._field(a["name"], "submit")
                    entry.values.append(a.get("value", ""))
                return
            entry = self._field(a["name"], kind, required=required, minimum=a.get("min", ""),
                                maximum=a.get("max", ""),
                                maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit()
                                else None)
            if kind in ("checkbox", "radio"):
                entry.values.append(a.get("value", "on"))
                if "checked" in a:
                    entry.current.append(a.get("value", "on"))
                entry.multiple = entry.multiple or kind == "checkbox"
            else:
                entry.current = [a.get("value", "")]
        elif tag == "button" and a.get("name"):
            self._field(a["name"], "submit").values.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = self._field(
                a["name"], "textarea", required=required,
                maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None)
            self._textarea.current = [""]
        elif tag == "select":
            self._select = self._field(a["name"], "select", multiple="multiple" in a,
                                       required=required)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.current = [self._textarea.current[0] + data]
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>; Django writes one there.
            value = self._textarea.current[0]
            self._textarea.current = [value[1:] if value.startswith("\n") else value]
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = self._option["text"].strip() if value is None else value
            self._select.values.append(value)
            if self._option["selected"]:
                self._select.current.append(value)
            self._option = None
        elif tag == "select":
            self._select = None


def parse_forms(html: str, page: str, page_name: str, persona: str) -> list[Form]:
    """The POST forms of a page except the logout and language forms every page carries."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    forms = []
    for raw in parser.forms:
        targets = [(raw["action"] or page, raw["htmx"])]
        targets += [(target, True) for target in raw["hx_posts"]]
        for target, htmx in targets:
            action = urlsplit(urljoin(page, target)).path
            try:
                match = resolve(action)
            except Resolver404:
                action_name = f"<unresolvable {action}>"
            else:
                action_name = match.view_name
            if action_name in SKIP_ACTIONS:
                continue
            forms.append(Form(page=page, page_name=page_name, action=action,
                              action_name=action_name, persona=persona, htmx=htmx,
                              fields=raw["fields"]))
    return forms


# --- the crawl ------------------------------------------------------------------------------------
def client_for(world: World, persona: str, http: HttpClient | None = None) -> HttpClient:
    http = http or HttpClient()
    if persona == ANONYMOUS:
        http.logout()
    else:
        http.force_login(User.objects.get(pk=world.user(persona).pk))
    return http


def personas_for(name: str) -> tuple[str, ...]:
    return (ANONYMOUS,) if name in ANONYMOUS_PAGES else PERSONAS


def forms_on_page(world: World, name: str,
                  on_get: Callable[[str, str, Any], None] | None = None) -> list[Form]:
    """The POST forms of one page for each persona, one per (action, persona): the first
    candidate path that shows it wins. `on_get(persona, path, response)` sees every GET."""
    found: dict[tuple[str, str], Form] = {}
    http = HttpClient()
    for persona in personas_for(name):
        client_for(world, persona, http)
        for path in page_paths(world, name):
            response = http.get(path)
            if on_get is not None:
                on_get(persona, path, response)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse_forms(response.content.decode(), path, name, persona):
                found.setdefault((form.action_name, persona), form)
    return list(found.values())


def crawl(world: World) -> list[Form]:
    """Every POST form of every page for every persona."""
    forms: list[Form] = []
    for name in page_names():
        forms.extend(forms_on_page(world, name))
    return forms


# --- counting, for the summary at the end of the run ----------------------------------------------
@dataclass
class FuzzStats:
    forms: set[tuple[str, str, str]] = field(default_factory=set)
    examples: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    crawled: int = 0
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)

    def record(self, form: Form) -> None:
        self.forms.add(form.key)
        self.examples += 1
        self.by_form[form.label()] = self.by_form.get(form.label(), 0) + 1

    def outcome(self, form: Form, status: int, errors: Iterable[str] = ()) -> None:
        counts = self.statuses.setdefault(form.label(), {})
        counts[status] = counts.get(status, 0) + 1
        seen = self.errors.setdefault(form.label(), {})
        for error in errors:
            seen[error] = seen.get(error, 0) + 1


STATS = FuzzStats()
