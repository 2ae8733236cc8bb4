"""The reasons of an occupation suggestion in the participant's language (issue 14).

The matcher (`orientation.match`, pure, no Django) writes its reasons in German and they are
stored so with the suggestion. Each reason follows one of a few sentence patterns; this module
recognises the pattern and gives the translated sentence, with the person's own quoted words
and the occupation's skill names (data of the classification, German) kept as they are. A
reason that matches no pattern stays German. Staff pages keep the German reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from neue_wege.strengths.catalogue_i18n import label_for_german_label

# Whole sentences (orientation/match/candidates.py: LIMIT_REASONS, _NEED, PATH_*; selectors).
FIXED = frozenset({
    gettext_noop("Achtung: In diesem Beruf hebt man oft schwer – Sie haben angegeben, nicht "
                 "schwer heben zu dürfen."),
    gettext_noop("Achtung: In diesem Beruf steht man oft lange – Sie haben angegeben, nicht "
                 "lange stehen zu können."),
    gettext_noop("Achtung: In diesem Beruf arbeitet man oft im Schichtdienst, auch nachts – Sie "
                 "haben angegeben, keine Nachtschichten machen zu können."),
    gettext_noop("Achtung: In diesem Beruf braucht man einen Führerschein – Sie haben "
                 "angegeben, keinen zu haben. Das Jobcenter kann den Führerschein unter "
                 "Umständen fördern."),
    gettext_noop("Achtung: In diesem Beruf fährt man oft selbst oder arbeitet zu Zeiten, in "
                 "denen kaum Bus und Bahn fahren – Sie haben angegeben, nur mit Bus und Bahn "
                 "unterwegs zu sein."),
    gettext_noop("Achtung: In diesem Beruf arbeitet man oft im Schichtdienst oder zu "
                 "wechselnden Zeiten – Sie haben angegeben, feste Zeiten für die "
                 "Kinderbetreuung zu brauchen."),
    gettext_noop("Der Vorschlag stützte sich auch auf eine frühere Fassung des Zielbilds."),
    gettext_noop("Dieser Beruf braucht einen Berufsabschluss (Fachkraft)."),
    gettext_noop("Dieser Beruf ist eine Spezialistentätigkeit (Meister, Techniker oder "
                 "Bachelor)."),
    gettext_noop("Dieser Beruf braucht einen Hochschulabschluss (Experte)."),
    gettext_noop("Teilqualifizierungen – Schritt für Schritt zum Berufsabschluss, auch ohne "
                 "Schulabschluss"),
    gettext_noop("eine Ausbildung oder Umschulung (auch in Teilzeit)"),
    gettext_noop("die Anerkennung Ihres ausländischen Abschlusses, sonst eine Umschulung"),
    gettext_noop("eine Fortbildung nach Ihrer Ausbildung (zum Beispiel Meister, Techniker, "
                 "Fachwirt)"),
    gettext_noop("zuerst eine Ausbildung oder Umschulung, danach eine Fortbildung"),
})
RIASEC_NAMES = (gettext_noop("praktisch-technisch"), gettext_noop("forschend"),
                gettext_noop("künstlerisch-kreativ"), gettext_noop("sozial"),
                gettext_noop("unternehmerisch"), gettext_noop("ordnend-verwaltend"))
SKILL = r"„(?P<skill>[^“]+)“"


def _words(quoted: str) -> str:
    """A German list of quoted words ("„a“, „b“ und „c“") with the "und" translated."""
    return quoted.replace("“ und „", "“ " + _("und") + " „")


def _names(listed: str) -> str:
    return (" " + _("und") + " ").join(_(name) for name in listed.split(" und "))


def _sentence(template: str) -> Callable[[re.Match[str]], str]:
    def render(match: re.Match[str]) -> str:
        values = match.groupdict()
        if "words" in values:
            values["words"] = _words(values["words"])
        if "strength" in values:
            values["strength"] = label_for_german_label(values["strength"])
        for key in ("mine", "theirs"):
            if key in values:
                values[key] = _names(values[key])
        if "need" in values:
            values["need"] = _(values["need"])
            values["path"] = _(values["path"])
        return _(template) % values
    return render


PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^In Ihrem Zielbild schreiben Sie (?P<words>.+) – das passt zu diesem "
                r"Beruf\.$"),
     _sentence(gettext_noop("In Ihrem Zielbild schreiben Sie %(words)s – das passt zu diesem "
                            "Beruf."))),
    (re.compile(r"^Sie erzählen von (?P<words>.+) – das steckt in der Berufsbezeichnung\.$"),
     _sentence(gettext_noop("Sie erzählen von %(words)s – das steckt in der "
                            "Berufsbezeichnung."))),
    (re.compile(rf"^Sie erzählen von (?P<words>.+) – das passt zur Fähigkeit {SKILL} dieses "
                r"Berufs\.$"),
     _sentence(gettext_noop("Sie erzählen von %(words)s – das passt zur Fähigkeit "
                            "„%(skill)s“ dieses Berufs."))),
    (re.compile(r"^Sie erzählen von (?P<words>.+) – das passt zur Beschreibung dieses "
                r"Berufs\.$"),
     _sentence(gettext_noop("Sie erzählen von %(words)s – das passt zur Beschreibung dieses "
                            "Berufs."))),
    (re.compile(rf"^Auch (?P<words>.+) passt zur Fähigkeit {SKILL} dieses Berufs\.$"),
     _sentence(gettext_noop("Auch %(words)s passt zur Fähigkeit „%(skill)s“ dieses Berufs."))),
    (re.compile(rf"^Auch (?P<words>.+) passen zur Fähigkeit {SKILL} dieses Berufs\.$"),
     _sentence(gettext_noop("Auch %(words)s passen zur Fähigkeit „%(skill)s“ dieses "
                            "Berufs."))),
    (re.compile(r"^Auch (?P<words>.+) passt zur Beschreibung dieses Berufs\.$"),
     _sentence(gettext_noop("Auch %(words)s passt zur Beschreibung dieses Berufs."))),
    (re.compile(r"^Auch (?P<words>.+) passen zur Beschreibung dieses Berufs\.$"),
     _sentence(gettext_noop("Auch %(words)s passen zur Beschreibung dieses Berufs."))),
    (re.compile(rf"^Ihre Stärke „(?P<strength>[^“]+)“ passt zur Fähigkeit {SKILL} dieses "
                r"Berufs\.$"),
     _sentence(gettext_noop("Ihre Stärke „%(strength)s“ passt zur Fähigkeit „%(skill)s“ "
                            "dieses Berufs."))),
    (re.compile(r"^Ihre Interessen \((?P<mine>.+)\) passen zum Interessenprofil dieses Berufs "
                r"\((?P<theirs>.+)\)\.$"),
     _sentence(gettext_noop("Ihre Interessen (%(mine)s) passen zum Interessenprofil dieses "
                            "Berufs (%(theirs)s)."))),
    (re.compile(r"^(?P<need>Dieser Beruf .+?\.) Ihr Weg dorthin: (?P<path>.+)\.$"),
     _sentence(gettext_noop("%(need)s Ihr Weg dorthin: %(path)s."))),
]


def reason_in_language(reason: str) -> str:
    """One stored (German) reason in the active language; unknown sentences stay German."""
    if reason in FIXED:
        return _(reason)
    for pattern, render in PATTERNS:
        match = pattern.match(reason)
        if match:
            return render(match)
    return reason
