"""The demo's letters and messages: a first legal notice of the job centre and contact
channels with consent for some participants of the current runs (bulk, no audit rows: no
person acted), so "Einladungen und Nachrichten" can be tried at once."""

from __future__ import annotations

import random

from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.messaging.models import Channel, ContactChannel, LegalNotice
from neue_wege.organisation.models import JobCentre, User

LEGAL_NOTICE = (
    "Die Teilnahme an diesem Angebot ist Teil Ihrer Pflichten nach dem Zweiten Buch "
    "Sozialgesetzbuch (SGB II). Wenn Sie ohne wichtigen Grund nicht teilnehmen oder die "
    "Teilnahme abbrechen, kann Ihr Bürgergeld nach § 31 und § 31a SGB II gemindert werden. "
    "Ein wichtiger Grund kann zum Beispiel Krankheit sein; bitte melden Sie sich dann vor dem "
    "Termin bei Ihrer Ansprechperson.")
STREETS = ("Nordstraße", "Bahnhofstraße", "Kirchplatz", "Am Markt", "Hauptstraße", "Gartenweg")
POSTCODES = {"Bocholt": "46399", "Borken": "46325", "Gronau (Westf.)": "48599",
             "Ahaus": "48683", "Stadtlohn": "48703", "Vreden": "48691"}


def messaging_demo(*, jc: JobCentre, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 15)
    admin = User.objects.filter(job_centre=jc, role=User.Role.ADMINISTRATOR).order_by(
        "username").first()
    if admin is None:
        return {}
    LegalNotice.objects.get_or_create(job_centre=jc, version=1,
                                      defaults={"text": LEGAL_NOTICE, "created_by": admin})
    now = timezone.now()
    seats = (Enrollment.objects.filter(client__job_centre=jc, status=Enrollment.Status.ACTIVE)
             .select_related("client__municipality").prefetch_related("run__facilitators")
             .order_by("client__case_number"))
    rows = []
    for n, seat in enumerate(seats):
        client = seat.client
        recorder = next(iter(seat.run.facilitators.all()), admin)
        postcode = POSTCODES.get(client.municipality.name, "46325")
        rows.append(ContactChannel(
            client=client, channel=Channel.LETTER, consent_at=now, consent_recorded_by=recorder,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 80)}\n{postcode} "
                    f"{client.municipality.name}"))
        if n % 3 != 2:  # two in three agreed to SMS
            rows.append(ContactChannel(client=client, channel=Channel.SMS, consent_at=now,
                                       consent_recorded_by=recorder,
                                       address=f"+49151{rng.randint(10_000_000, 99_999_999)}"))
        if n % 2 == 0:  # every other to e-mail
            rows.append(ContactChannel(
                client=client, channel=Channel.EMAIL, consent_at=now,
                consent_recorded_by=recorder,
                address=f"{client.first_name.lower()}.{n}@example.org".replace(" ", "")))
    ContactChannel.objects.bulk_create(rows, ignore_conflicts=True)
    return {"Einwilligungen in Kontaktwege": len(rows)}
