"""Administrators set the absence threshold of the inbox (issue 15, point 5) on a page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.inbox import services
from neue_wege.inbox.models import InboxPolicy
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("inbox:absence-policy")


def test_the_administrator_sets_the_threshold(cast, login):
    http = login(cast.admin)
    page = http.get(URL).content.decode()
    assert "2 Termine unentschuldigt" in page  # the default
    response = http.post(URL, {"absence_threshold": "3"})
    assert response.status_code == 302
    assert services.absence_threshold(cast.job_centre.pk) == 3
    assert services.absence_threshold(cast.other_job_centre.pk) == 2  # not the other centre
    assert AuditEvent.objects.filter(object_type="inbox.InboxPolicy",
                                     reason="absence threshold: 3").exists()


@pytest.mark.parametrize("value", ["0", "21", "zwei", ""])
def test_out_of_range_is_refused_in_german(cast, login, value):
    response = login(cast.admin).post(URL, {"absence_threshold": value})
    assert response.status_code == 400
    assert "Bitte geben Sie" in response.content.decode()
    assert not InboxPolicy.objects.exists()


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "olga"])
def test_only_administrators(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code in (403, 404)
    assert login(getattr(cast, name)).post(URL, {"absence_threshold": "5"}).status_code in (
        403, 404)
    assert not InboxPolicy.objects.exists()
