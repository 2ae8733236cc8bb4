"""Input checks (empty, binary or non-German text is rejected with a German message) and
the German word lists both assistants need."""

from __future__ import annotations

import re

# German function words that are not also common English words (no "in", "an", "so", "was").
GERMAN_FUNCTION_WORDS = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines und oder aber sondern doch
    ist sind war waren bin bist wird wurde wurden werden hat hatte hatten habe haben
    nicht nie kein keine keinen keinem keiner auch noch schon sehr nur mehr immer wieder
    ich du er sie es wir ihr mich mir dich dir ihn ihm uns euch sich sein seine seinen
    seinem seiner ihre ihren ihrem ihrer mein meine meinen meinem meiner dein deine unser
    mit von zu zum zur bei nach aus auf für über unter vor durch gegen ohne um bis seit
    im ins am vom beim dass weil wenn als wie ob dann denn da dort hier heute jetzt
    dieser diese diesen diesem dieses jeder jede jeden alle allem allen viel viele
    kann konnte können muss musste müssen will wollte wollen soll sollte darf durfte
    man etwas nichts ganz gern gerne zwei drei jahre jahren beim sowie zwischen
    """.split()
)

# Other people whose occupation a story often names (the occupation matcher drops these
# words); who did what is decided by ``reading.clause_owners``. Both gender forms listed.
OTHER_PEOPLE = frozenset(
    """
    fallmanager fallmanagerin arbeitsvermittler arbeitsvermittlerin vermittler vermittlerin
    berater beraterin chef chefin meister meisterin ausbilder ausbilderin leiter leiterin
    kollege kollegin vorgesetzte vorgesetzter sozialpädagoge sozialpädagogin lehrer
    lehrerin trainer trainerin betreuer betreuerin coach arbeitgeber arbeitgeberin
    jobcenter gruppe teilnehmende teilnehmer teilnehmerin
    """.split()
)

ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the and of to is are was were be been has have had not never no it its he she they
    we you his her their our my your this that these those with from for on at by as
    which who what when where will would can could should than then there here very
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


class LanguageError(ValueError):
    """The text cannot be analysed. ``message`` is German and meant for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


MESSAGES = {
    "empty": "Der Text ist leer. Bitte schreiben Sie eine Geschichte auf Deutsch.",
    "binary": "Die Eingabe ist kein lesbarer Text (Binärdaten). Bitte geben Sie eine "
    "Textdatei in UTF-8 an.",
    "not_german": "Der Text scheint nicht auf Deutsch zu sein. Der Assistent kann nur "
    "deutsche Geschichten auswerten.",
}


def _fail(code: str) -> LanguageError:
    return LanguageError(code, MESSAGES[code])


def check_language(text: str) -> None:
    """Raise :class:`LanguageError` unless ``text`` looks like German prose."""
    if not isinstance(text, str):
        raise _fail("binary")
    if not text.strip():
        raise _fail("empty")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise _fail("binary")
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        raise _fail("not_german")
    german = sum(1 for w in words if w in GERMAN_FUNCTION_WORDS)
    english = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS)
    if german == 0 or german <= english:
        raise _fail("not_german")
    # Ordinary German prose has about 35-50 % function words; lists of names or another
    # language that happens to share a few words stay far below 10 %.
    if len(words) >= 12 and german / len(words) < 0.10:
        raise _fail("not_german")
