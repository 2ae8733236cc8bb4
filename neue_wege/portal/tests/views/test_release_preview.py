"""portal:release-preview — before releasing, the participant sees exactly what the case
manager will read (the same content builder and the same partial as privacy:released-item)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from neue_wege.privacy import releases
from neue_wege.strengths.models import Story, Strength, StrengthFeedback

pytestmark = pytest.mark.django_db
KEY = "strength_profile"


@pytest.fixture
def nina_profile(cast):  # noqa: ANN001, ANN201
    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Mein Garten",
                                 text="Geheimer Satz über meinen Garten.",
                                 visibility=Story.Visibility.GROUP)
    strength = Strength.objects.filter(catalogue__job_centre=cast.job_centre).first()
    StrengthFeedback.objects.create(story=story, strength=strength, source="self",
                                    given_by=cast.nina_user, note="Private Notiz")
    return strength


def _table(html: str) -> str:
    match = re.search(r'<table class="kern-table">.*?</table>', html, re.S)
    assert match, html
    return match.group(0)


def test_preview_shows_what_the_case_manager_will_read_and_offers_the_release(
        cast, login, nina_profile):
    nina = login(cast.nina_user)
    listing = nina.get(reverse("portal:releases")).content.decode()
    preview_url = reverse("portal:release-preview", args=[KEY])
    assert preview_url in listing
    response = nina.get(preview_url)
    assert response.status_code == 200
    preview = response.content.decode()
    assert "So sieht Karl Böing diesen Teil, wenn Sie ihn freigeben." in preview
    assert nina_profile.label in preview
    assert "Geheimer Satz" not in preview and "Private Notiz" not in preview
    assert "Jetzt freigeben: Mein Stärkenprofil" in preview
    assert not releases.releases_of(cast.nina)[0].consent  # looking releases nothing

    nina.post(reverse("portal:release-change", args=[KEY]), {"action": "give"})
    karl = login(cast.karl)
    seen = karl.get(reverse("privacy:released-item", args=[cast.nina.pk, KEY])).content.decode()
    assert _table(seen) == _table(preview)
    after = login(cast.nina_user).get(preview_url).content.decode()
    assert "Jetzt freigeben" not in after and "freigegeben" in after


def test_unknown_item_is_404_and_staff_cannot_preview(cast, login, nina_profile):
    nina = login(cast.nina_user)
    assert nina.get(reverse("portal:release-preview", args=["stories"])).status_code == 404
    assert login(cast.karl).get(reverse("portal:release-preview", args=[KEY])).status_code in (
        403, 404)


def test_post_is_not_allowed(cast, login):
    nina = login(cast.nina_user)
    assert nina.post(reverse("portal:release-preview", args=[KEY])).status_code == 405
