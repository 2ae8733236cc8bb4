"""The demo's programme space: four participants of a running run with portal accounts,
stories (some shared with the group), peer feedback, a held note and accepted suggestions.

Everything goes through the real services, so the demo shows what the rules allow.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from neue_wege.clients.models import Client, Enrollment
from neue_wege.organisation.models import JobCentre, User
from neue_wege.programmes.models import Run
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.services.catalogue import catalogue_ensure
from neue_wege.strengths.services.feedback import (
    feedback_give,
    story_suggestions,
    suggestion_decide,
)
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

# Synthetic stories written for the demo (no real person's story is shipped).
STORIES = [
    ("Der Geburtstag im Seniorenheim",
     "Letzten Sommer habe ich im Seniorenheim geputzt. Eine Bewohnerin war traurig, weil "
     "niemand an ihren Geburtstag gedacht hatte. Ich habe mit den anderen Bewohnern ein Lied "
     "eingeübt und wir haben für sie gesungen. Sie hat geweint vor Freude. Ich habe gemerkt, "
     "dass ich Menschen gut ermutigen kann und geduldig bin, auch wenn es schwierig wird."),
    ("Das Fahrrad meines Sohnes",
     "Das Fahrrad meines Sohnes war kaputt und wir hatten kein Geld für die Werkstatt. Ich "
     "habe mir Videos angesehen, die Teile gebraucht gekauft und alles selbst repariert. "
     "Es hat drei Abende gedauert, aber ich habe nicht aufgegeben. Jetzt fährt er wieder "
     "jeden Tag zur Schule."),
    ("Übersetzen beim Kinderarzt",
     "Meine Nachbarin spricht noch wenig Deutsch. Ich bin mit ihr zum Kinderarzt gegangen und "
     "habe übersetzt. Ich habe mir vorher alle Fragen aufgeschrieben, damit nichts vergessen "
     "wird. Der Arzt hat sich bedankt, weil alles so gut organisiert war."),
    ("Der Flohmarkt im Viertel",
     "Ich habe mit zwei Freundinnen einen Flohmarkt für unser Viertel organisiert. Ich habe "
     "die Stände verteilt, mit der Stadt telefoniert und Plakate gemacht. Am Ende kamen über "
     "hundert Leute und wir haben Geld für den Spielplatz gesammelt."),
]

PEER_NOTES = ["Du hast nicht aufgegeben, obwohl es schwer war.",
              "Das hast du gut geplant.", ""]


def _username(client: Client) -> str:
    plain = unicodedata.normalize("NFKD", client.first_name.lower())
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii())[:20]


def portal_demo(*, jc: JobCentre, facilitator: User, password: str) -> dict[str, int]:
    catalogue_ensure(job_centre=jc)
    run = (Run.objects.filter(facilitators=facilitator, status=Run.Status.RUNNING)
           .order_by("starts_on").first())
    if run is None:
        return {"Portal-Zugänge": 0, "Geschichten": 0}
    enrollments = list(Enrollment.objects.filter(run=run, status=Enrollment.Status.ACTIVE)
                       .select_related("client").order_by("client__last_name")[:len(STORIES)])
    accounts: list[User] = []
    for enrollment in enrollments:
        client = enrollment.client
        name = _username(client)
        if User.objects.filter(username=name).exists():
            name = f"{name}{len(accounts) + 1}"
        user = User(username=name, role=User.Role.PARTICIPANT, job_centre=jc,
                    first_name=client.first_name, last_name=client.last_name)
        user.set_password(password)
        user.save()
        Client.objects.filter(pk=client.pk).update(user=user)
        accounts.append(user)

    stories: list[Story] = []
    for user, (title, text) in zip(accounts, STORIES, strict=False):
        story = story_save(actor=user, story_or_none=None, title=title, text=text)
        catalogue, suggestions = story_suggestions(story, limit=3)
        by_key = {s.key: s for s in catalogue.strengths.all()}
        for suggestion in suggestions[:2]:
            suggestion_decide(actor=user, story=story, strength=by_key[suggestion.id],
                              score=suggestion.score,
                              evidence=[{"start": e.start, "end": e.end}
                                        for e in suggestion.evidence],
                              decision="accepted")
        stories.append(story)
    for story, user in list(zip(stories, accounts, strict=False))[:3]:
        story_share(actor=user, story=story, visibility=Story.Visibility.GROUP,
                    wording=share_wording(Story.Visibility.GROUP))

    strengths = {s.key: s for s in catalogue_ensure(job_centre=jc).strengths.all()}
    given = 0
    for index, story in enumerate(stories[:3]):
        for offset, peer in enumerate(accounts):
            if peer.pk == story.enrollment.client.user_id or offset > 2:
                continue
            key = ("durchhaltevermoegen", "organisationsfaehigkeit", "hilfsbereitschaft",
                   "geduld")[(index + offset) % 4]
            if key not in strengths:
                continue
            feedback_give(actor=peer, story=story, strengths=[strengths[key]],
                          note=PEER_NOTES[(index + offset) % len(PEER_NOTES)],
                          show_name=offset == 0, source=StrengthFeedback.Source.PEER)
            given += 1
    return {"Portal-Zugänge": len(accounts), "Geschichten": len(stories),
            "Stärken-Rückmeldungen": given}


def participant_logins(jc: JobCentre) -> list[tuple[str, str]]:
    return [(u.username, u.get_full_name()) for u in
            User.objects.filter(job_centre=jc, role=User.Role.PARTICIPANT).order_by("username")]


__all__: list[Any] = ["participant_logins", "portal_demo"]
