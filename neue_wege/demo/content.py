"""Text content of the demo county: methods, programmes and their versions (German, real)."""

from __future__ import annotations

import datetime as dt

METHODS = [
    ("Erfolgsgeschichte schreiben",
     "Eigene Stärken an einem gelungenen Moment des Lebens entdecken.", 60,
     "Papier, Stifte, Leitfragen auf Karten",
     "Alle schreiben 20 Minuten über einen Moment, auf den sie stolz sind – im Beruf, in der "
     "Familie, im Ehrenamt, beim Sport. Leitfragen: Was war die Ausgangslage? Was haben Sie "
     "getan? Was ist daraus geworden? Wer mag, liest vor; niemand muss."),
    ("Stärken-Rückmeldung",
     "Fremdbild erfahren: Andere benennen Stärken, die sie in einer Geschichte hören.", 45,
     "Stärkenkarten (ca. 60 Karten), Klebepunkte",
     "Nach dem Vorlesen einer Erfolgsgeschichte legen die Zuhörenden je zwei Stärkenkarten vor "
     "die erzählende Person und begründen kurz, woran sie die Stärke erkannt haben. Die Person "
     "hört zu, bedankt sich und nimmt die Karten mit. Keine Kritik, keine Ratschläge."),
    ("Stärkenprofil",
     "Selbstbild und Fremdbild zu einem Stärkenprofil zusammenführen.", 45,
     "Profilbogen, gesammelte Stärkenkarten",
     "Die Teilnehmenden ordnen ihre Karten: Welche Stärken habe ich selbst genannt, welche "
     "haben andere gesehen, wo gibt es Überschneidungen? Die drei wichtigsten Stärken werden "
     "mit je einem Beleg aus den Geschichten auf dem Profilbogen festgehalten."),
    ("Zielbild: Mein Arbeitsleben in drei Jahren",
     "Ein Zielbild der beruflichen Zukunft entwickeln.", 90,
     "Zeitschriften, Scheren, Kleber, Plakate",
     "Jede Person gestaltet eine Collage zu der Frage: Wie sieht ein guter Arbeitstag in drei "
     "Jahren aus? Danach Vorstellung in Kleingruppen: Was tue ich, mit wem, wo, zu welchen "
     "Zeiten? Die Gruppe fragt nach, was daran wichtig ist."),
    ("Hindernis-Puzzle",
     "Hindernisse benennen, sortieren und erste Lösungsschritte finden.", 75,
     "Puzzleteile aus Karton, Stifte, Pinnwand",
     "Jedes Hindernis kommt auf ein Puzzleteil (z. B. Kinderbetreuung, Mobilität, Gesundheit, "
     "Sprache, Schulden, Selbstvertrauen). Die Gruppe sortiert: Was kann ich selbst lösen, wo "
     "brauche ich Hilfe, was muss ich hinnehmen? Für zwei Teile wird ein Lösungsschritt mit "
     "Datum vereinbart."),
    ("Interessen-Check",
     "Berufliche Interessen anhand von sechs Interessenfeldern erkunden.", 60,
     "Interessenbogen, Bildkarten mit Tätigkeiten",
     "Die Teilnehmenden wählen aus 48 Bildkarten die Tätigkeiten, die sie gern tun würden, und "
     "ordnen sie den Feldern praktisch-technisch, forschend, künstlerisch, sozial, "
     "unternehmerisch und ordnend zu. Ergebnis: die zwei stärksten Felder."),
    ("Berufe-Landkarte",
     "Passende Berufe zu Stärken und Interessen finden.", 60,
     "Berufe-Steckbriefe, Zugang zu BERUFENET",
     "Zu den zwei stärksten Interessenfeldern und den drei wichtigsten Stärken sucht jede "
     "Person drei Berufe, liest die Steckbriefe und notiert: Was reizt mich, was fehlt mir "
     "noch, wen könnte ich fragen?"),
    ("Kugellager",
     "Kennenlernen und Gesprächsübung in wechselnden Paaren.", 30, "Stühle im Doppelkreis",
     "Innen- und Außenkreis sitzen sich gegenüber. Zu einer Frage (z. B. Was kann ich gut, "
     "ohne nachzudenken?) spricht jede Seite zwei Minuten, dann rückt der Außenkreis weiter."),
    ("Ressourcen-Rucksack",
     "Sichtbar machen, was jemand schon mitbringt.", 45, "Rucksack-Vorlage, Stifte",
     "In einen gezeichneten Rucksack schreiben die Teilnehmenden Erfahrungen, Menschen, "
     "Fähigkeiten und Dinge, die sie unterstützen. Im Gespräch zu zweit kommt mindestens eine "
     "Ressource hinzu, an die die Person nicht gedacht hatte."),
    ("Nächste Schritte vereinbaren",
     "Aus dem Zielbild konkrete, überprüfbare Schritte ableiten.", 45,
     "Schrittplan-Vorlage",
     "Jede Person formuliert drei Schritte: klein, konkret, mit Datum und mit der Person, die "
     "hilft. Der erste Schritt soll innerhalb von zwei Wochen machbar sein. Die Schritte gehen "
     "mit Einverständnis an die Fallmanagerin oder den Fallmanager."),
    ("Praxistag im Betrieb",
     "Einen Beruf einen Tag lang erleben.", 480, "Kontakte zu Betrieben im Kreis, Fahrplan",
     "Die Projektleitung vermittelt einen Tag in einem Betrieb aus der Berufe-Landkarte. "
     "Vorbereitung: Fragen an den Betrieb; Nachbereitung in der Gruppe: Was hat mich "
     "überrascht? Passt der Beruf zu meinen Stärken?"),
    ("Abschlussrunde mit Zertifikat",
     "Den Weg würdigen und den Übergang in die nächsten Schritte sichern.", 60,
     "Zertifikate, Stärkenprofile, Getränke",
     "Jede Person stellt ihr Stärkenprofil und ihren nächsten Schritt vor. Die Gruppe gibt "
     "eine letzte Stärken-Rückmeldung. Übergabe der Teilnahmebescheinigung."),
]

# (name, [(valid_from, content, target group, change note, method names)])
PROGRAMMES = [
    ("Stärken entdecken", [
        (dt.date(2013, 9, 1),
         "Pilot: zehn Gruppentreffen zu Erfolgsgeschichten und Stärken-Rückmeldung.",
         "Langzeitleistungsbeziehende, die an ihren Fähigkeiten zweifeln.",
         "Pilotphase am Standort Bocholt.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Kugellager"]),
        (dt.date(2016, 2, 1),
         "Modellphase: zwölf Treffen; neu sind Zielbild-Arbeit und das Hindernis-Puzzle.",
         "Langzeitleistungsbeziehende; auch mit gesundheitlichen Einschränkungen.",
         "Modellphase 2016/17 an allen drei Standorten; Zielbild und Hindernisse ergänzt.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Kugellager",
          "Zielbild: Mein Arbeitsleben in drei Jahren", "Hindernis-Puzzle"]),
        (dt.date(2018, 1, 1),
         "Regelangebot: zwölf bis sechzehn Treffen vom Stärkenprofil bis zu den nächsten "
         "Schritten, mit Praxistag.",
         "Leistungsbeziehende ab 25 Jahren mit mindestens zwölf Monaten im Leistungsbezug.",
         "Verstetigung als Regelangebot; Stärkenprofil, Berufe-Landkarte und Praxistag.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Stärkenprofil",
          "Zielbild: Mein Arbeitsleben in drei Jahren", "Hindernis-Puzzle",
          "Berufe-Landkarte", "Praxistag im Betrieb", "Nächste Schritte vereinbaren",
          "Abschlussrunde mit Zertifikat"]),
    ]),
    ("Neue Wege für Alleinerziehende", [
        (dt.date(2016, 3, 1),
         "Modellphase: vormittags in Kita-Zeiten, mit Kinderbetreuung vor Ort.",
         "Alleinerziehende mit Kindern unter 15 Jahren.",
         "Modellprojekt 2016/17.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Ressourcen-Rucksack",
          "Hindernis-Puzzle"]),
        (dt.date(2018, 1, 1),
         "Regelangebot: zehn Treffen, Termine nur in der Schulzeit, Teilzeitberufe im Blick.",
         "Alleinerziehende; Kinderbetreuung wird bei Bedarf organisiert.",
         "Verstetigung; Interessen-Check und Berufe-Landkarte mit Teilzeitfokus.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Ressourcen-Rucksack",
          "Hindernis-Puzzle", "Interessen-Check", "Berufe-Landkarte",
          "Nächste Schritte vereinbaren"]),
    ]),
    ("Perspektive 50plus", [
        (dt.date(2018, 4, 1),
         "Berufserfahrung sichtbar machen: Erfolgsgeschichten aus dem ganzen Arbeitsleben.",
         "Leistungsbeziehende ab 50 Jahren.",
         "Start als Regelangebot.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Stärkenprofil",
          "Berufe-Landkarte"]),
        (dt.date(2022, 1, 1),
         "Kürzer und digitaler: acht Treffen, Bewerbung mit Smartphone, Praxistag.",
         "Leistungsbeziehende ab 50 Jahren, auch mit gesundheitlichen Einschränkungen.",
         "Nach der Auswertung 2021 gekürzt; digitale Bewerbung und Praxistag ergänzt.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Stärkenprofil",
          "Berufe-Landkarte", "Praxistag im Betrieb", "Nächste Schritte vereinbaren"]),
    ]),
    ("Mobil im Kreis", [
        (dt.date(2019, 5, 1),
         "Das Stärken-Programm vor Ort in kleineren Kommunen, in Familienzentren und "
         "Bürgerhäusern.",
         "Leistungsbeziehende in Kommunen ohne Standort des Jobcenters.",
         "Mobiles Angebot für lange Anfahrtswege.",
         ["Erfolgsgeschichte schreiben", "Stärken-Rückmeldung", "Ressourcen-Rucksack",
          "Zielbild: Mein Arbeitsleben in drei Jahren", "Nächste Schritte vereinbaren"]),
    ]),
]

DECLINE_REASONS = [
    "Die Kinderbetreuung ist zu den Terminen noch nicht gesichert.",
    "Zurzeit steht eine medizinische Reha an; eine spätere Teilnahme ist sinnvoll.",
    "Die Teilnahme an einem Sprachkurs hat Vorrang.",
]
WITHDRAW_REASONS = [
    "Arbeitsaufnahme vor Beginn des Durchlaufs.",
    "Umzug in einen anderen Kreis.",
]
POTENTIAL_NOTES = [
    "Sehr zuverlässig im Ehrenamt, traut sich beruflich wenig zu.",
    "Hat Erfahrung in der Pflege von Angehörigen, sucht eine Richtung.",
    "Handwerklich geschickt, nach langer Krankheit unsicher.",
    "Gute Ideen im Gespräch, bisher ohne Abschluss; will neu anfangen.",
    "Organisiert den Familienalltag allein, möchte in Teilzeit arbeiten.",
    "Lange Berufserfahrung in der Logistik, nach Rückenproblemen neu orientieren.",
    "Spricht drei Sprachen, Abschluss aus dem Herkunftsland nicht anerkannt.",
]

# Latin-script names beyond Faker's de_DE, tr_TR and pl_PL, for a county with many origins.
EXTRA_FIRST_NAMES = {
    "f": ["Amina", "Rania", "Hiba", "Mulu", "Olena", "Oksana", "Zeynab", "Nour", "Ljiljana"],
    "m": ["Yusuf", "Omar", "Tesfay", "Andrii", "Dmytro", "Ahmad", "Bashir", "Goran", "Samir"],
}
EXTRA_LAST_NAMES = ["Haddad", "Al-Hassan", "Khalil", "Ibrahim", "Tesfamariam", "Kovalenko",
                    "Shevchenko", "Bondarenko", "Melnyk", "Osmani", "Petrović", "Rahimi"]
