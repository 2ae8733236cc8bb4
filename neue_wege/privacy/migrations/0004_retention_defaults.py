"""Seed the default retention rules (proposals for the data protection officer to confirm).

The reasons are stored with each rule and repeated in docs/privacy.md (section 5).
"""

from django.db import migrations

DEFAULTS = [
    ("stories", "run_end", 180, "delete",
     "Geschichten, Stärken-Rückmeldungen und Vorschläge des Assistenten dienen nur der Arbeit "
     "im Durchlauf. Sechs Monate nach dessen Ende werden sie gelöscht; bis dahin kann die "
     "Person ihr Stärkenprofil und ihre Daten herunterladen."),
    ("orientation", "run_end", 365, "delete",
     "Interessen, Vision, Hindernisse (teils Art. 9 DSGVO) und nächste Schritte werden für die "
     "Nachbefragungen bis zwölf Monate nach dem Ende gebraucht, danach gelöscht."),
    ("referral_notes", "run_end", 365, "pseudonymise",
     "Freitexte zu Zuweisung, Entscheidung und Ende der Teilnahme werden ein Jahr nach dem Ende "
     "geleert. Status und Daten bleiben, damit Kennzahlen zählbar bleiben."),
    ("consents", "run_end", 1095, "delete",
     "Einwilligungen sind Nachweis (Art. 7 Abs. 1 DSGVO); sie werden bis zum Ablauf der "
     "regelmäßigen Verjährung (drei Jahre, § 195 BGB) nach dem letzten Durchlauf aufbewahrt."),
    ("client", "benefit_end", 730, "pseudonymise",
     "Solange die Person Leistungen bezieht, braucht das Fallmanagement die Stammdaten für "
     "weitere Zuweisungen. Zwei Jahre nach dem Ende des Leistungsbezugs (und des letzten "
     "Durchlaufs) werden Name, Kontakt und Kundennummer ersetzt und das Geburtsdatum auf das "
     "Jahr gekürzt; Teilnahmen und Ergebnisse bleiben für die Statistik zählbar (§ 67c SGB X)."),
    ("audit_log", "recorded", 730, "delete",
     "Protokolldaten dienen nur der Datenschutzkontrolle (§ 67c Abs. 4 SGB X analog, "
     "Art. 5 Abs. 2 DSGVO). Zwei Jahre genügen, um Beschwerden und Prüfungen nachzugehen."),
    ("login_records", "recorded", 90, "delete",
     "Anmeldeversuche (Name, IP-Adresse, Browser) dienen der Abwehr von Angriffen; 90 Tage "
     "reichen zur Auswertung von Vorfällen."),
]


def seed(apps, schema_editor):  # noqa: ANN001, ARG001
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for kind, start, days, action, reason in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_kind=kind,
            defaults={"start_event": start, "period_days": days, "action": action,
                      "reason": reason},
        )


def unseed(apps, schema_editor):  # noqa: ANN001, ARG001
    apps.get_model("privacy", "RetentionRule").objects.filter(
        record_kind__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_release_retention_subject_rights")]
    operations = [migrations.RunPython(seed, unseed)]
