"""The participant portal's objects for crawlers and browser tests, built through the services.

`build_programme_space(cast)` adds to the persona cast (`neue_wege.testing.personas`):

- a story of Nina shared with the group (consent with the wording of `share_wording`),
- a private story of Nina,
- visible peer feedback from Ali on the shared story,
- a HELD peer feedback from Ali (a note the wording check flags),
- an open invitation for Ali's enrollment,
- a planned catalogue version (valid from tomorrow) with one added strength.
- Nina's path: interests, vision, obstacles, strategies, suggestions, next steps
  (`neue_wege.testing.pathway_space`).
- Paula's ended seat in a finished run with outcome and follow-ups
  (`neue_wege.testing.outcomes_space`).

It returns the ids keyed by the URL parameter names of the portal and strengths pages; the
values are lists (the shared story first) so a crawler can try each in turn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from neue_wege.orientation.models import Occupation
from neue_wege.orientation.testing import import_occupations, sample_uris
from neue_wege.portal.services import invitation_create
from neue_wege.privacy.releases import release_give
from neue_wege.privacy.subject_rights import request_record
from neue_wege.strengths.models import Strength, StrengthFeedback
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.catalogue_edit import catalogue_version_create, strength_add
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import share_wording, story_save, story_share
from neue_wege.testing.outcomes_space import build_outcomes_space
from neue_wege.testing.pathway_space import build_pathway_space
from neue_wege.testing.personas import Cast

SHARED_TITLE = "Der Umzug meiner Nachbarin"
SHARED_TEXT = (
    "Letzten Sommer ist meine Nachbarin umgezogen. Sie hatte niemanden, der ihr hilft. "
    "Ich habe die Kisten gepackt, einen Transporter organisiert und drei Freunde gefragt. "
    "Am Umzugstag hat es geregnet, aber wir haben nicht aufgegeben. Am Abend stand alles in "
    "der neuen Wohnung, und ich habe für alle gekocht. Sie hat sich sehr gefreut."
)
PRIVATE_TITLE = "Mein erster Arbeitstag"
PRIVATE_TEXT = (
    "An meinem ersten Arbeitstag in der Bäckerei war ich sehr nervös. Ich bin trotzdem "
    "pünktlich um vier Uhr gekommen und habe alles gelernt, was mir gezeigt wurde."
)
KIND_NOTE = "Du hast nicht aufgegeben, obwohl es geregnet hat."
HURTFUL_NOTE = "Du bist echt dumm."


def build_programme_space(cast: Cast) -> dict[str, list[Any]]:
    """Create the portal objects (see the module docs); return their ids by URL parameter."""
    nina, ali = cast.nina_user, cast.ali_user
    shared = story_save(actor=nina, story_or_none=None, title=SHARED_TITLE, text=SHARED_TEXT)
    shared = story_share(actor=nina, story=shared, visibility="group",
                         wording=share_wording("group"))
    private = story_save(actor=nina, story_or_none=None, title=PRIVATE_TITLE,
                         text=PRIVATE_TEXT)

    catalogue = current_catalogue(cast.job_centre)
    ordered = list(catalogue.strengths.order_by("key"))
    visible = feedback_give(actor=ali, story=shared, strengths=ordered[:1], note=KIND_NOTE,
                            show_name=False, source=StrengthFeedback.Source.PEER)
    held = feedback_give(actor=ali, story=shared, strengths=ordered[1:2], note=HURTFUL_NOTE,
                         show_name=False, source=StrengthFeedback.Source.PEER)
    assert all(fb.status == StrengthFeedback.Status.HELD for fb in held), \
        "the wording check no longer flags the hurtful note"

    invitation, _code = invitation_create(actor=cast.fatma, enrollment=cast.ali_enrollment)

    planned = catalogue_version_create(
        actor=cast.fatma, valid_from=timezone.localdate() + dt.timedelta(days=30),
        change_note="Neue Stärke für die Pflege ergänzt")
    added = strength_add(actor=cast.fatma, catalogue=planned, label="Geduld in der Pflege",
                         description="Bleibt ruhig und freundlich, auch wenn es dauert.",
                         group=Strength.Group.SOCIAL, indicators=["geduldig gepflegt"])
    # a few everyday occupations of the classification (the occupation pages)
    import_occupations(uris=sample_uris(per_group=1))
    occupations = list(Occupation.objects.order_by("isco08", "esco_uri")[:2])
    # Nina releases her strength profile to Karl; Karl records requests (privacy pages)
    release_give(actor=nina, client=cast.nina, key="strength_profile")
    # (four, so the request list has a second page at the crawl's page size of 3; no erasure
    # request, so that fuzzing the close form cannot erase Nina's data mid-crawl)
    request, *_more = [
        request_record(actor=cast.karl, client=client, kind=kind,
                       received_on=timezone.localdate())
        for client, kind in ((cast.nina, "access"), (cast.nina, "rectification"),
                             (cast.ali, "objection"), (cast.ali, "restriction"))]
    return {
        "story_id": [shared.pk, private.pk],
        "feedback_id": [held[0].pk, visible[0].pk],
        "invitation_id": [invitation.pk],
        "catalogue_id": [planned.pk, catalogue.pk],
        "strength_id": [added.pk],
        "enrollment_id": [cast.nina_enrollment.pk, cast.ali_enrollment.pk,
                          cast.sven_enrollment.pk,
                          *build_outcomes_space(cast)],  # Paula: ended, with follow-ups
        "occupation_id": [occupation.pk for occupation in occupations],
        "item_key": ["strength_profile"],
        "request_id": [request.pk],
        **build_pathway_space(cast, occupations),  # Nina's path (orientation pages)
    }


__all__ = ["HURTFUL_NOTE", "KIND_NOTE", "SHARED_TEXT", "SHARED_TITLE", "build_programme_space"]
