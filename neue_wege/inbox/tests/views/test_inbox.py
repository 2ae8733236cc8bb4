"""The inbox page, marking read, the unread count in the header, the digest opt-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.inbox.models import DigestSubscription, Notice

pytestmark = pytest.mark.django_db


def test_inbox_lists_own_notices_and_the_header_counts_unread(cast, login):
    client = login(cast.karl)
    page = client.get(reverse("inbox:notice-list")).content.decode()
    assert "Nina Kemper wurde in „Stärken entdecken A“ aufgenommen." in page
    assert "Nachrichten (2 ungelesen)" in page
    assert "Sven" not in page  # petra's notice


def test_mark_one_and_all_read(cast, login):
    client = login(cast.karl)
    notice = Notice.objects.filter(recipient=cast.karl).first()
    response = client.post(reverse("inbox:notice-read", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("inbox:notice-list")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "Nachrichten (1 ungelesen)" in client.get(reverse("dashboards:home")).content.decode()
    client.post(reverse("inbox:notice-read-all"))
    assert not Notice.objects.filter(recipient=cast.karl, read_at__isnull=True).exists()
    other = Notice.objects.filter(recipient=cast.petra).first()
    assert client.post(reverse("inbox:notice-read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_digest_opt_in_and_out(cast, login):
    cast.karl.email = "karl@example.org"
    cast.karl.save()
    client = login(cast.karl)
    client.post(reverse("inbox:digest-update"), {"daily": "on"})
    assert DigestSubscription.objects.get(user=cast.karl).daily
    client.post(reverse("inbox:digest-update"), {})
    assert not DigestSubscription.objects.get(user=cast.karl).daily


def test_participants_have_no_inbox(cast, login):
    assert login(cast.nina_user).get(reverse("inbox:notice-list")).status_code == 404


def test_every_notice_can_be_reached_page_by_page_unread_first_then_the_newest(cast, login):
    """A case manager's inbox grows for years: all of it, a page at a time; the newest read
    notices come before older ones (the list once showed the earliest read 200 only)."""
    import datetime as dt
    import re

    from django.utils import timezone

    Notice.objects.filter(recipient=cast.karl).delete()
    start = timezone.now() - dt.timedelta(days=100)
    for n in range(60):  # n = 0 is the oldest; every third is unread
        notice = Notice.objects.create(
            recipient=cast.karl, kind=Notice.Kind.REFERRAL_NEW, client=cast.nina,
            params={"run": f"Durchlauf {n:02d}"},
            read_at=None if n % 3 == 0 else start + dt.timedelta(days=n, hours=1))
        Notice.objects.filter(pk=notice.pk).update(created_at=start + dt.timedelta(days=n))
    client = login(cast.karl)
    url, seen = reverse("inbox:notice-list"), []
    while url:
        html = client.get(url).content.decode()
        # each notice's text is also read out beside its buttons: one per notice
        seen += list(dict.fromkeys(int(n) for n in re.findall(r"für „Durchlauf (\d\d)“", html)))
        following = re.search(r'href="(\?[^"]*)" rel="next"', html)
        url = reverse("inbox:notice-list") + following.group(1).replace("&amp;", "&") if following else ""
    unread = sorted((n for n in range(60) if n % 3 == 0), reverse=True)
    read = sorted((n for n in range(60) if n % 3), reverse=True)
    assert seen == unread + read
