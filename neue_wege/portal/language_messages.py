"""The assistant's language check, said in the participant's language (issue 14).

The suggestion assistant reads German only (its indicator words are German). The pure core
(`core.text.check_language`) answers with a code and a German sentence for the command line;
the portal says it in the page's language, plainly, and adds what still works: the group and
the facilitator can name strengths in a story written in any language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from neue_wege.strengths.suggest import LanguageError


def language_error_text(error: LanguageError) -> str:
    if error.code == "not_german":
        return _("Die Vorschläge des Programms gibt es nur für Geschichten auf Deutsch. Ihre "
                 "Geschichte ist in einer anderen Sprache geschrieben. Das ist in Ordnung. "
                 "Ihre Gruppe und Ihre Projektleitung können trotzdem Stärken in Ihrer "
                 "Geschichte nennen. Sie können auch selbst Stärken nennen.")
    if error.code == "empty":
        return _("Ihre Geschichte ist noch leer. Bitte schreiben Sie zuerst etwas.")
    return _("Das Programm kann diesen Text nicht lesen.")
