"""The English catalogue is complete, consistent with its German sources and compiled.

The UI is German first; English is chosen with the language cookie. These tests read the
`.po` file with a small parser (no polib dependency), check placeholders, check that the
committed `.mo` says the same as the `.po`, and look at real pages in English.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# Named and positional %-placeholders, the escaped percent sign, and HTML entities.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|%%|&\w+;|&#\d+;")

ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr or ""]
        return [self.msgstr_plural.get(i, "") for i in range(2)]


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header included), without obsolete `#~` entries."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])? (\".*\")$", line):
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            target = (keyword, int(index) if index is not None else None)
            _append(current, target, value)
        elif line.startswith('"'):
            assert target is not None, f"line {number}: continuation without keyword"
            _append(current, target, _unquote(line))
        else:
            raise AssertionError(f"line {number}: cannot parse {raw!r}")
    return entries


def _append(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    keyword, index = target
    if keyword == "msgstr" and index is not None:
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + value)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = parse_po(PO_PATH)
    assert parsed[0].msgid == "", "the first entry is the header"
    return parsed[1:]


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


# --- the parser itself -------------------------------------------------------------------

def test_parser_reads_multiline_plural_and_fuzzy_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Hallo %(name)s, "\n"schön"\nmsgstr "Hi %(name)s"\n\n'
        'msgid "%(counter)s Termin"\nmsgid_plural "%(counter)s Termine"\n'
        'msgstr[0] "%(counter)s session"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    header, single, plural = parse_po(po)
    assert header.msgstr == "Language: en\n"
    assert single.msgid == "Hallo %(name)s, schön"
    assert single.flags == {"fuzzy", "python-format"}
    assert plural.translations == ["%(counter)s session", ""]


# --- (a) complete, nothing fuzzy -----------------------------------------------------------

def test_catalogue_has_many_entries(entries):
    assert len(entries) > 500


def test_no_entry_is_untranslated(entries):
    empty = [e.msgid for e in entries if any(not text for text in e.translations)]
    assert empty == []


def test_no_entry_is_fuzzy():
    fuzzy = [e.msgid for e in parse_po(PO_PATH) if "fuzzy" in e.flags]
    assert fuzzy == []


def test_header_names_english_and_utf8():
    header = parse_po(PO_PATH)[0].msgstr or ""
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


# --- (b) placeholders --------------------------------------------------------------------

def test_placeholders_match(entries):
    mismatched = []
    for e in entries:
        sources = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        for source, translation in zip(sources, e.translations, strict=True):
            if placeholders(source) != placeholders(translation):
                mismatched.append((e.line, source, translation))
    assert mismatched == []


def test_placeholder_check_can_fail():
    assert placeholders("%(name)s bearbeiten") != placeholders("Edit %(nme)s")
    assert placeholders("%(percent)s %% da") != placeholders("%(percent)s % there")
    assert placeholders("„&lt; 5“") != placeholders("“< 5”")


def test_translations_are_not_left_in_german(entries):
    # A translation identical to its German source is only fine for words that are the
    # same in English (or names).
    same_in_english = {"Name", "Status", "Version", "Administration", "Details"}
    left = [e.msgid for e in entries
            if e.msgid_plural is None and e.msgstr == e.msgid and e.msgid not in same_in_english]
    assert left == []


def test_glossary_words(entries):
    by_id = {e.msgid: e.translations[0] for e in entries if e.msgctxt is None}
    assert by_id["Durchlauf"] == "Run"
    assert by_id["Projekt"] == "Programme"
    assert by_id["Zuweisung"] == "Referral"
    assert by_id["Warteliste"] == "Waitlist"
    assert by_id["Termin"] == "Session"
    assert by_id["Methodenkoffer"] == "Method library"
    assert by_id["Kund:in"] == "Client"
    assert by_id["Konzeptversion"] == "Programme version"


# --- (c) the committed .mo says what the .po says ----------------------------------------

def test_mo_matches_po(entries):
    with MO_PATH.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in entries:
        if e.msgctxt is not None:
            got = [catalogue.pgettext(e.msgctxt, e.msgid)]
        elif e.msgid_plural is None:
            got = [catalogue.gettext(e.msgid)]
        else:
            got = [catalogue.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        if got != e.translations:
            stale.append((e.msgid, got, e.translations))
    assert stale == [], "run: neuewege compilemessages -l en"


def test_mo_translates_known_strings():
    with MO_PATH.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Übersicht") == "Overview"
    assert catalogue.gettext("Abmelden") == "Log out"
    assert catalogue.ngettext("%(counter)s Termin", "%(counter)s Termine", 3) == (
        "%(counter)s sessions")


# --- (d) pages in English ----------------------------------------------------------------

GERMAN_UI_WORDS = [
    "Übersicht", "Durchläufe", "Abmelden", "Anmelden", "Projekte", "Methodenkoffer",
    "Zuweisungen", "Warteliste", "Sprache", "Datenschutz", "Impressum",
    "Zum Inhalt springen", "Hauptnavigation", "Erklärung zur Barrierefreiheit",
]


def choose_english(client) -> None:  # noqa: ANN001
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_login_page_is_german_without_the_cookie(client):
    page = client.get(reverse("login")).content.decode()
    assert '<span class="kern-label">Anmelden</span>' in page


@pytest.mark.django_db
def test_login_page_in_english(client):
    choose_english(client)
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<span class="kern-label">Log in</span>' in page
    assert '<label class="kern-label" for="id_username">Username</label>' in page
    assert '<label class="kern-label" for="id_password">Password</label>' in page
    # The language switch names each language in itself ("Leichte Sprache", lang="de-x-ls").
    page = re.sub(r'<button[^>]* lang="(?!en")[^"]*"[^>]*>.*?</button>', "", page, flags=re.S)
    assert [word for word in GERMAN_UI_WORDS if word in page] == []


@pytest.mark.parametrize(("persona", "heading"), [
    ("fatma", "Overview: my runs"),
    ("karl", "Overview: my referrals"),
    ("maria", "Overview: places, occupancy and waitlist"),
    ("admin", "Overview: administration"),
])
def test_start_page_in_english(cast, login, persona, heading):
    client = login(getattr(cast, persona))
    choose_english(client)
    response = client.get(reverse("dashboards:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in page
    assert '<span class="kern-label">Log out</span>' in page
    assert [word for word in GERMAN_UI_WORDS if word in page] == []


def test_start_page_stays_german_by_default(cast, login):
    page = login(cast.fatma).get(reverse("dashboards:home")).content.decode()
    assert "Übersicht: meine Durchläufe" in page
    assert "Abmelden" in page
