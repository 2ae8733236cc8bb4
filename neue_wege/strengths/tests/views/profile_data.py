"""Stories and feedback for the strength-profile tests, written with the ORM on purpose.

The writer is Nina (run A). Expected picture, worked out by hand from the rows below:

| strength              | self | peers (names shown)      | facilitator | Johari        |
|-----------------------|------|--------------------------|-------------|---------------|
| Durchhaltevermögen    | yes  | 2 (Ali; Lea anon.)       | –           | both          |
| Zuverlässigkeit       | yes  | – (Ali's was removed)    | –           | self only     |
| Teamfähigkeit         | –    | 1 (Ali, anonymous)       | –           | blind spot    |
| Kommunikationsfähigk. | –    | –                        | Fatma       | blind spot    |
| Hilfsbereitschaft     | –    | – (Ali's is held)        | –           | not in profile|

Ali's own story carries Nina's feedback "Humor", which must never reach Nina's profile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.organisation.models import User
from neue_wege.strengths.models import Story, Strength, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.testing.personas import Cast, make_user

MOVE_TEXT = ("Beim Umzug hat alles schiefgegangen. Ich habe nie aufgegeben und am Ende "
             "stand jede Kiste in der neuen Wohnung.")
QUOTE = "nie aufgegeben"

Source = StrengthFeedback.Source
Status = StrengthFeedback.Status


@dataclass
class ProfileData:
    move: Story
    garden: Story
    ali_story: Story
    lea_user: User
    lea_enrollment: Enrollment
    strengths: dict[str, Strength]
    held: StrengthFeedback
    removed: StrengthFeedback


def strength(cast: Cast, key: str) -> Strength:
    return current_catalogue(cast.job_centre).strengths.get(key=key)


def add_lea(cast: Cast) -> tuple[User, Enrollment]:
    """A third participant of run A (a second peer for Nina)."""
    lea = client_create(actor=cast.karl, case_number="BOR-0009", first_name="Lea",
                        last_name="Brink", date_of_birth=dt.date(1990, 1, 5), gender="f",
                        municipality=cast.bocholt,
                        benefit_since=timezone.localdate() - dt.timedelta(days=500))
    referral = referral_create(actor=cast.karl, client=lea, run=cast.run_a,
                               potential_note="Organisiert gern.")
    enrollment = referral_accept(actor=cast.fatma, referral=referral)
    user = make_user("lea-portal", User.Role.PARTICIPANT, cast.job_centre, "Lea", "Brink")
    type(lea).objects.filter(pk=lea.pk).update(user=user)
    return user, enrollment


def feedback(story: Story, strength_row: Strength, source: str, by: User | None,
             giver: Enrollment | None = None, **extra) -> StrengthFeedback:
    return StrengthFeedback.objects.create(story=story, strength=strength_row, source=source,
                                           given_by=by, giver_enrollment=giver, **extra)


def build_profile_data(cast: Cast) -> ProfileData:
    keys = ("durchhaltevermoegen", "zuverlaessigkeit", "teamfaehigkeit",
            "kommunikationsfaehigkeit", "hilfsbereitschaft", "humor")
    s = {key: strength(cast, key) for key in keys}
    lea_user, lea_enrollment = add_lea(cast)
    move = Story.objects.create(enrollment=cast.nina_enrollment, title="Der Umzug",
                                text=MOVE_TEXT, visibility=Story.Visibility.GROUP)
    garden = Story.objects.create(enrollment=cast.nina_enrollment, title="Mein Garten",
                                  text="Ich gieße jeden Morgen die Beete.")
    ali_story = Story.objects.create(enrollment=cast.ali_enrollment, title="Fußballtraining",
                                     text="Ich trainiere die Kinder.",
                                     visibility=Story.Visibility.GROUP)
    start = MOVE_TEXT.index(QUOTE)
    feedback(move, s["durchhaltevermoegen"], Source.SELF, cast.nina_user, cast.nina_enrollment,
             evidence_start=start, evidence_end=start + len(QUOTE))
    feedback(garden, s["zuverlaessigkeit"], Source.SELF, cast.nina_user, cast.nina_enrollment)
    feedback(move, s["durchhaltevermoegen"], Source.PEER, cast.ali_user, cast.ali_enrollment,
             show_name=True, note="Du hast nie aufgegeben.")
    feedback(move, s["durchhaltevermoegen"], Source.PEER, lea_user, lea_enrollment)
    feedback(move, s["teamfaehigkeit"], Source.PEER, cast.ali_user, cast.ali_enrollment)
    feedback(move, s["kommunikationsfaehigkeit"], Source.FACILITATOR, cast.fatma)
    held = feedback(move, s["hilfsbereitschaft"], Source.PEER, lea_user, lea_enrollment,
                    status=Status.HELD, note="Das ist doch Quatsch.",
                    held_reason="Der Hinweis klingt verletzend.")
    removed = feedback(move, s["zuverlaessigkeit"], Source.PEER, cast.ali_user,
                       cast.ali_enrollment, status=Status.REMOVED)
    feedback(ali_story, s["humor"], Source.PEER, cast.nina_user, cast.nina_enrollment)
    return ProfileData(move=move, garden=garden, ali_story=ali_story, lea_user=lea_user,
                       lea_enrollment=lea_enrollment, strengths=s, held=held,
                       removed=removed)
