"""What each message says, built from the run's data at send time. Only what the person needs:
date, time, place and contact; SMS carry no programme content at all (no title, no topic)."""

from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from neue_wege.clients.models import Enrollment
from neue_wege.programmes.models import Run, Session


@dataclass(frozen=True)
class Text:
    subject: str
    body: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.subject}\n{self.body}".encode()).hexdigest()


def venue(run: Run) -> str:
    location = run.location
    return f"{location.name}, {location.address}" if location.address else location.name


def map_link(run: Run) -> str:
    """An OpenStreetMap search for the venue (printed in letters, not fetched)."""
    query = run.location.address or f"{run.location.name} {run.location.municipality.name}"
    return "https://www.openstreetmap.org/search?query=" + urllib.parse.quote(query)


def contact_person(run: Run) -> str:
    facilitator = run.facilitators.order_by("last_name", "first_name").first()
    name = (facilitator.get_full_name() or facilitator.username) if facilitator else ""
    phone = settings.NW_MESSAGING_CONTACT_PHONE
    return ", ".join(part for part in (name, phone) if part)


def when(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return _("%(day)s, %(date)s, %(start)s bis %(end)s Uhr") % {
        "day": date_format(start, "l"), "date": date_format(start, "d.m.Y"),
        "start": date_format(start, "H:i"), "end": date_format(end, "H:i")}


def run_dates(run: Run) -> list[str]:
    sessions = list(run.sessions.order_by("starts_at"))
    if sessions:
        return [when(session) for session in sessions]
    return [_("vom %(start)s bis %(end)s") % {"start": date_format(run.starts_on, "d.m.Y"),
                                            "end": date_format(run.ends_on, "d.m.Y")}]


def greeting(enrollment: Enrollment) -> str:
    return _("Guten Tag %(name)s,") % {"name": enrollment.client.full_name}


def invitation_email(enrollment: Enrollment) -> Text:
    run = enrollment.run
    dates = "\n".join(f"- {line}" for line in run_dates(run))
    body = _(
        "%(greeting)s\n\nwir laden Sie herzlich zu einem Gruppenangebot des Jobcenters ein. "
        "Die Termine:\n%(dates)s\n\nOrt: %(venue)s\nKarte: %(map)s\n"
        "Ansprechperson: %(contact)s\n\nIhre Einladung mit allen Hinweisen erhalten Sie "
        "auch per Brief.\n\nMit freundlichen Grüßen\nIhr Jobcenter") % {
        "greeting": greeting(enrollment), "dates": dates, "venue": venue(run),
        "map": map_link(run), "contact": contact_person(run)}
    return Text(_("Einladung des Jobcenters"), body)


def invitation_sms(enrollment: Enrollment) -> Text:
    run = enrollment.run
    first = run.sessions.order_by("starts_at").first()
    start = when(first) if first else run_dates(run)[0]
    return Text("", _("Jobcenter: Einladung. Erster Termin %(when)s, %(venue)s. "
                      "Fragen: %(contact)s") % {"when": start, "venue": venue(run),
                                                "contact": contact_person(run)})


def reminder(enrollment: Enrollment, session: Session, *, sms: bool) -> Text:
    run = enrollment.run
    if sms:
        return Text("", _("Jobcenter: Erinnerung an Ihren Termin %(when)s, %(venue)s. "
                          "Fragen: %(contact)s") % {"when": when(session), "venue": venue(run),
                                                    "contact": contact_person(run)})
    body = _("%(greeting)s\n\nwir erinnern Sie an Ihren nächsten Termin:\n%(when)s\n"
             "Ort: %(venue)s\nKarte: %(map)s\n\nWenn Sie nicht kommen können, sagen Sie bitte "
             "vorher Bescheid: %(contact)s\n\nMit freundlichen Grüßen\nIhr Jobcenter") % {
        "greeting": greeting(enrollment), "when": when(session), "venue": venue(run),
        "map": map_link(run), "contact": contact_person(run)}
    return Text(_("Erinnerung an Ihren Termin"), body)


def missed(enrollment: Enrollment, session: Session, *, sms: bool) -> Text:
    run = enrollment.run
    following = run.sessions.filter(starts_at__gt=session.starts_at).order_by("starts_at").first()
    upcoming = when(following) if following else ""
    if sms:
        text = _("Jobcenter: Wir haben Sie am %(date)s vermisst.") % {
            "date": date_format(session.day, "d.m.Y")}
        if upcoming:
            text += " " + _("Nächster Termin: %(when)s.") % {"when": upcoming}
        return Text("", text + " " + _("Fragen: %(contact)s") % {"contact": contact_person(run)})
    body = _("%(greeting)s\n\nwir haben Sie am %(date)s vermisst. Wir hoffen, es geht Ihnen "
             "gut.") % {"greeting": greeting(enrollment),
                        "date": date_format(session.day, "d.m.Y")}
    if upcoming:
        body += "\n" + _("Wir freuen uns, Sie beim nächsten Termin zu sehen: %(when)s, "
                         "%(venue)s.") % {"when": upcoming, "venue": venue(run)}
    body += "\n\n" + _("Wenn etwas dazwischenkommt, melden Sie sich bitte: %(contact)s") % {
        "contact": contact_person(run)}
    body += "\n\n" + _("Mit freundlichen Grüßen\nIhr Jobcenter")
    return Text(_("Wir haben Sie vermisst"), body)
