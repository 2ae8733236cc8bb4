"""The texts of the shipped questionnaire (data/zutrauen-v1.json), marked for translation.

The questionnaire lives in the database in German; the self-assessment page passes its intro,
statements and scale labels through gettext (issue 14), so they are translated in the .po files
like the rest of the portal. This module only lets `makemessages` find them.
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Wie sehr stimmen diese Sätze für Sie gerade? Es gibt kein Richtig und kein "
                 "Falsch."),
    gettext_noop("stimmt gar nicht"),
    gettext_noop("stimmt eher nicht"),
    gettext_noop("stimmt eher"),
    gettext_noop("stimmt genau"),
    gettext_noop("Wenn ich mir etwas vornehme, schaffe ich es meistens auch."),
    gettext_noop("Wenn etwas schiefgeht, finde ich einen neuen Weg."),
    gettext_noop("Ich weiß, was ich gut kann."),
    gettext_noop("Bei neuen Aufgaben denke ich oft: Das kann ich nicht."),
    gettext_noop("Ich traue mir zu, eine neue Arbeit zu lernen."),
    gettext_noop("Ich kann anderen erzählen, was ich gut kann."),
    gettext_noop("Wenn es schwierig wird, gebe ich schnell auf."),
    gettext_noop("Ich habe Pläne für meine Zukunft."),
)
