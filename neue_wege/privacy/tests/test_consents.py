"""Consents: given with the wording shown, withdrawn with a time, only by the person."""

from __future__ import annotations

import pytest

from neue_wege.privacy.consents import (
    ConsentError,
    active_consent,
    consent_give,
    consent_withdraw,
)
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.services.stories import story_save

pytestmark = pytest.mark.django_db
GROUP = Consent.Purpose.SHARE_WITH_GROUP
WORDING = "Ich teile diese Geschichte mit meiner Gruppe."


@pytest.fixture
def story(cast):
    return story_save(actor=cast.nina_user, story_or_none=None, title="Der Umzug",
                      text="Ich habe den Umzug allein organisiert.")


def test_give_records_wording_object_and_audit(cast, story):
    consent = consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                           wording=WORDING)
    consent.refresh_from_db()
    assert consent.wording == WORDING
    assert consent.object_type == "strengths.Story" and consent.object_id == str(story.pk)
    assert consent.given_by == cast.nina_user and consent.withdrawn_at is None
    assert active_consent(client=cast.nina, purpose=GROUP, obj=story) == consent
    assert AuditEvent.objects.filter(object_type="privacy.Consent", object_id=str(consent.pk),
                                     action="create", client_id=cast.nina.pk).exists()


def test_withdraw_sets_the_time_and_leaves_no_active_consent(cast, story):
    consent = consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                           wording=WORDING)
    consent_withdraw(actor=cast.nina_user, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and not consent.is_active
    assert active_consent(client=cast.nina, purpose=GROUP, obj=story) is None
    assert AuditEvent.objects.filter(object_id=str(consent.pk), action="change").exists()
    # giving it again later is a new row; the old one stays as the record
    again = consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                         wording=WORDING)
    assert again.pk != consent.pk
    assert Consent.objects.filter(client=cast.nina).count() == 2


def test_withdrawing_twice_is_an_error(cast, story):
    consent = consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                           wording=WORDING)
    consent_withdraw(actor=cast.nina_user, consent=consent)
    with pytest.raises(ConsentError, match="schon widerrufen"):
        consent_withdraw(actor=cast.nina_user, consent=consent)


def test_giving_twice_is_an_error(cast, story):
    consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                 wording=WORDING)
    with pytest.raises(ConsentError, match="schon erteilt"):
        consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                     wording=WORDING)


@pytest.mark.parametrize("wording", ["", "   "])
def test_no_consent_without_wording(cast, story, wording):
    with pytest.raises(ConsentError, match="Text der Einwilligung"):
        consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                     wording=wording)
    assert not Consent.objects.exists()


def test_unknown_purpose_is_refused(cast, story):
    with pytest.raises(ConsentError, match="Unbekannter Zweck"):
        consent_give(actor=cast.nina_user, client=cast.nina, purpose="sell", obj=story,
                     wording=WORDING)


@pytest.mark.parametrize("name", ["ali_user", "fatma", "karl", "admin"])
def test_only_the_person_gives_or_withdraws(cast, story, name):
    other = getattr(cast, name)
    with pytest.raises(ConsentError, match="Nur die Person selbst"):
        consent_give(actor=other, client=cast.nina, purpose=GROUP, obj=story, wording=WORDING)
    consent = consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                           wording=WORDING)
    with pytest.raises(ConsentError, match="Nur die Person selbst"):
        consent_withdraw(actor=other, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_client_without_portal_account_cannot_consent(cast, story):
    cast.nina.user = None
    with pytest.raises(ConsentError):
        consent_give(actor=cast.nina_user, client=cast.nina, purpose=GROUP, obj=story,
                     wording=WORDING)
