"""Find untranslated strings on participant pages (issue 14; docs/translations.md).

The compiled catalogues (`neue_wege/locale/<locale>/LC_MESSAGES/django.mo`) are the truth of
what a page can show:

- in a mode X other than German, a visible text that equals a German msgid which has no
  translation in X (missing, or fuzzy, hence not compiled) is German left on an X page; a
  msgstr that equals its msgid on purpose ("PDF", "E-Mail") is a translation;
- in German mode, a visible text that equals an English msgstr that differs from its msgid is
  English on a German page.

Visible texts are the normalised text of every element (so a message with markup inside, e.g.
`<strong>`, is compared whole) plus the accessible names in `aria-label`, `title`, `alt`,
`placeholder` and the page `<title>`. Messages with placeholders (`%(name)s`) are compared as
patterns. Names of people and places come from the data, not from msgids, so they are never
reported.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
INVISIBLE = frozenset({"script", "style", "template", "noscript"})
NAME_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfi]|%[sdfi]")
SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def languages_with_catalogue() -> list[str]:
    """The configured languages other than German that have a compiled catalogue here."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
            and (LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.mo").is_file()]


@lru_cache(maxsize=16)
def catalogue(code: str) -> dict[str, str]:
    """msgid -> msgstr of the project's own catalogue of a language (singular forms and the
    first plural form; message context stripped)."""
    path = LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.mo"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        raw = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    result: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(key, tuple):
            if key[1] != 0:
                continue
            key = key[0]
        if not key:
            continue  # the header
        key = key.split("\x04", 1)[-1]
        result[normalise(key)] = normalise(value)
    return result


@lru_cache(maxsize=1)
def german_msgids() -> frozenset[str]:
    ids: set[str] = set()
    for code, _name in settings.LANGUAGES:
        ids.update(catalogue(code))
    return frozenset(msgid for msgid in ids if re.search(r"[A-Za-zÄÖÜäöüß]{2}", msgid))


@dataclass
class Pattern:
    msgid: str
    regex: re.Pattern[str]
    anchor: str  # the longest literal part: a cheap pre-filter


def _pattern(message: str) -> Pattern | None:
    chunks = [chunk.replace("%%", "%") for chunk in PLACEHOLDER.sub("\x00", message).split("\x00")]
    anchor = max(chunks, key=len)
    if len(re.sub(r"\W", "", anchor)) < 10:
        return None
    regex = ".+?".join(re.escape(chunk) for chunk in chunks)
    return Pattern(message, re.compile(regex, re.DOTALL), anchor)


@lru_cache(maxsize=16)
def _patterns(messages: frozenset[str]) -> tuple[Pattern, ...]:
    found = (_pattern(message) for message in messages if PLACEHOLDER.search(message))
    return tuple(pattern for pattern in found if pattern is not None)


def _matches(text: str, exact: frozenset[str] | dict[str, str], patterns: tuple[Pattern, ...]
             ) -> list[str]:
    if text in exact:
        return [text]
    return [p.msgid for p in patterns if p.anchor in text and p.regex.fullmatch(text)]


class _TextParser(HTMLParser):
    """Collects the normalised text of every element and the accessible-name attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str], bool]] = [("#root", [], False)]
        self.texts: list[str] = []
        self.page_lang = ""

    def _hidden(self) -> bool:
        return any(hidden for _tag, _buffer, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_lang = values.get("lang") or ""
        # Text marked as another language (the language names in the switch, quoted text
        # with its own `lang`) is not the page's language: it is not checked.
        other_language = tag != "html" and bool(values.get("lang")) and (
            values.get("lang") != self.page_lang)
        hidden = tag in INVISIBLE or "hidden" in values or other_language
        if not hidden and not self._hidden():
            for name in NAME_ATTRIBUTES:
                if values.get(name):
                    self.texts.append(normalise(values[name] or ""))
            if tag == "input" and values.get("type") in ("submit", "button") and values.get(
                    "value"):
                self.texts.append(normalise(values["value"] or ""))
        if tag not in VOID:
            self.stack.append((tag, [], hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not any(open_tag == tag for open_tag, _b, _h in self.stack[1:]):
            return
        while len(self.stack) > 1:
            open_tag, buffer, hidden = self.stack.pop()
            text = normalise(" ".join(buffer))
            if not hidden:
                if text:
                    self.texts.append(text)
                self.stack[-1][1].append(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.stack[-1][1].append(data)
            if data.strip():
                self.texts.append(normalise(data))


def visible_texts(html: str) -> set[str]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return {text for text in parser.texts if text}


@dataclass
class Finding:
    language: str
    page: str
    text: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, language: str, page: str, texts: list[str]) -> None:
        self.findings.extend(Finding(language, page, text) for text in texts)

    def by_language(self) -> dict[str, dict[str, list[str]]]:
        """language -> untranslated msgid -> pages that show it."""
        result: dict[str, dict[str, list[str]]] = {}
        for finding in self.findings:
            pages = result.setdefault(finding.language, {}).setdefault(finding.text, [])
            if finding.page not in pages:
                pages.append(finding.page)
        return result

    def text(self) -> str:
        lines = []
        for language, messages in sorted(self.by_language().items()):
            lines.append(f"[{language}] {len(messages)} untranslated")
            lines.extend(f"  {msgid!r}  ({', '.join(pages[:3])}"
                         f"{', …' if len(pages) > 3 else ''})"
                         for msgid, pages in sorted(messages.items()))
        return "\n".join(lines)


@lru_cache(maxsize=1)
def german_catalogue_texts() -> dict[str, tuple[str, str]]:
    """German text of the shipped strength catalogue -> (strength or group key, field)."""
    from neue_wege.strengths.catalogue_i18n import _shipped_german

    return {text: (key, name) for key, fields in _shipped_german().items()
            for name, text in fields.items()}


def _catalogue_missing(language: str) -> frozenset[str]:
    """German catalogue texts (strength labels, descriptions, groups) that have no translation
    in `language`'s catalogue file."""
    from neue_wege.strengths.catalogue_i18n import translation_document

    document = translation_document(language) or {}
    missing = set()
    for text, (key, name) in german_catalogue_texts().items():
        if key.startswith("group:"):
            found = document.get("groups", {}).get(key[6:])
        else:
            found = document.get("strengths", {}).get(key, {}).get(name)
        if not found:
            missing.add(normalise(text))
    return frozenset(missing)


GERMAN_MARKERS = re.compile(r"[äöüß]|\b(?:und|Sie|Ihre?n?|der|die|das|nicht|oder|mit|für|ein|eine|"
                            r"Ihnen|werden|wird|noch|auch|Geschichte|Stärken?)\b")


def german_looking(html: str, language: str) -> list[str]:
    """Texts of a page in a mode other than German that look German (a hint for the report,
    not a failure: stories and names in the data are German)."""
    if language.startswith(settings.LANGUAGE_CODE):
        return []
    return sorted(text for text in visible_texts(html)
                  if len(text) < 200 and len(GERMAN_MARKERS.findall(text)) >= 2)


def untranslated(html: str, language: str) -> list[str]:
    """The msgids and catalogue texts (German mode: the English msgstrs) a page shows
    untranslated."""
    texts = visible_texts(html)
    if language == settings.LANGUAGE_CODE:
        english = catalogue("en")
        leaked = frozenset(msgstr for msgid, msgstr in english.items()
                           if msgstr and msgstr != msgid and msgstr not in german_msgids())
        return sorted(text for text in texts if text in leaked)
    translated = catalogue(language)
    # A text that is a translation in X (Leichte Sprache often reuses German words that are
    # also msgids elsewhere) is X, not German left over.
    produced = set(translated.values())
    missing = frozenset(msgid for msgid in german_msgids()
                        if not translated.get(msgid) and msgid not in produced)
    patterns = _patterns(missing)
    found: set[str] = set()
    for text in texts:
        found.update(_matches(text, missing, patterns))
    found.update(texts & _catalogue_missing(language))
    return sorted(found)
