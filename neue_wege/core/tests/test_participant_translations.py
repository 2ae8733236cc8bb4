"""The participant languages (uk, ar, tr, ru) are consistent, marked as machine-made and compiled.

These catalogues cover what a participant sees (portal, Mein Weg, questionnaires, privacy
pages, base layout, log-in, errors, the field names of the data export); each is complete.
The .po parser and the placeholder pattern are those of the English catalogue's tests.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from neue_wege.core.tests.test_translations import Entry, parse_po, placeholders

LOCALE_ROOT = Path(__file__).resolve().parents[2] / "locale"
NPLURALS = {"uk": 3, "ru": 3, "tr": 2, "ar": 6}

# Kept as in German on purpose: names of institutions, classifications and the product.
SAME_AS_GERMAN_ALLOWED = {
    "Jobcenter", "ISCO-08", "KldB 2010", "ESCO", "Neue Wege", "PDF", "Status", "Version",
}


def _entries(language: str) -> tuple[Entry, list[Entry]]:
    parsed = parse_po(LOCALE_ROOT / language / "LC_MESSAGES" / "django.po")
    assert parsed[0].msgid == "", "the first entry is the header"
    return parsed[0], parsed[1:]


def forms(entry: Entry) -> list[str]:
    """All translations of an entry (every plural form, not only the English two)."""
    if entry.msgid_plural is None:
        return [entry.msgstr or ""]
    return [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]


def _translated(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if all(forms(e))]


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_header_marks_machine_translation_and_plural_forms(language):
    header, _ = _entries(language)
    text = header.msgstr or ""
    assert f"Language: {language}\n" in text
    assert "X-Machine-Translation: yes\n" in text
    assert f"Plural-Forms: nplurals={NPLURALS[language]};" in text
    assert "charset=UTF-8" in text


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_plural_entries_have_every_form(language):
    _, entries = _entries(language)
    wrong = [e.msgid for e in entries
             if e.msgid_plural is not None and len(e.msgstr_plural) != NPLURALS[language]]
    assert wrong == []


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_placeholders_and_markup_match(language):
    _, entries = _entries(language)
    mismatched = []
    for e in _translated(entries):
        if e.msgid_plural is None:
            pairs = [(e.msgid, e.msgstr or "")]
        else:
            # Every form may be used for many numbers (21, 101 …): each keeps the number.
            pairs = [(e.msgid_plural, text) for text in forms(e)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                mismatched.append((e.line, source, translation))
            if source.count("<") != translation.count("<"):
                mismatched.append((e.line, source, translation))
    assert mismatched == []


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_what_participants_see_first_is_translated(language, tmp_path):
    _, entries = _entries(language)
    assert len(entries) > 1000
    assert [e.msgid for e in entries if e not in _translated(entries)] == []
    # The portal's own templates are the participant's everyday pages: all translated.
    text = (LOCALE_ROOT / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if "#: portal/templates/" in b]
    assert len(blocks) > 150
    single = tmp_path / "block.po"
    missing = []
    for block in blocks:
        single.write_text(block + "\n", encoding="utf-8")
        (entry,) = parse_po(single)
        if not all(forms(entry)):
            missing.append(entry.msgid)
    assert missing == []


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_no_translation_is_the_german_text(language):
    _, entries = _entries(language)
    left = [e.msgid for e in _translated(entries)
            if e.msgid_plural is None and e.msgstr == e.msgid
            and e.msgid not in SAME_AS_GERMAN_ALLOWED]
    assert left == []


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_mo_matches_po(language):
    _, entries = _entries(language)
    with (LOCALE_ROOT / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in _translated(entries):
        if e.msgctxt is not None:
            got = catalogue.pgettext(e.msgctxt, e.msgid)
            want = e.msgstr
        elif e.msgid_plural is None:
            got, want = catalogue.gettext(e.msgid), e.msgstr
        else:
            got, want = catalogue.ngettext(e.msgid, e.msgid_plural, 1), e.msgstr_plural[
                catalogue.plural(1)]
        if got != want:
            stale.append((e.msgid, got, want))
    assert stale == [], f"run: neuewege compilemessages -l {language}"


def fixed_occupation_reasons() -> list[str]:
    """The occupation reasons that are whole sentences (no inserted words). They are stored
    in German with the suggestion; the catalogues carry them so that the page can translate
    the stored text where it shows it."""
    from neue_wege.orientation.match import candidates as c

    need, paths = c._NEED, [  # noqa: SLF001 - the sentences are built from these parts
        (3, c.PATH_FURTHER), (2, c.PATH_RECOGNITION), (3, c.PATH_RECOGNITION),
        (4, c.PATH_RECOGNITION), (2, c.PATH_TQ), (2, c.PATH_TRAINING), (3, c.PATH_TWO_STEPS)]
    return [*c.LIMIT_REASONS.values(),
            *(f"{need[level]} Ihr Weg dorthin: {path}." for level, path in paths)]


@pytest.mark.parametrize("language", sorted(NPLURALS))
def test_fixed_occupation_reasons_are_translated_in_their_current_wording(language):
    _, entries = _entries(language)
    translated = {e.msgid for e in _translated(entries)}
    reasons = fixed_occupation_reasons()
    assert len(reasons) == 13
    assert [reason for reason in reasons if reason not in translated] == []
