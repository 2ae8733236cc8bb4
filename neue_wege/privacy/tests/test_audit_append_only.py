"""The audit log cannot be edited or deleted through the application.

1. The model refuses to save an existing row or delete one (AuditEvent.save/delete).
2. No URL offers a POST that changes or removes an existing row: every URL pattern is POSTed
   as every kind of user, with the ids of real records where the pattern takes an id and with
   form data naming the log's fields; afterwards every earlier row is unchanged.
3. No application code calls `.update()`/`.delete()` on audit events (a grep over the source;
   queryset.update() would bypass the model's guard).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
PACKAGE_DIR = Path(__file__).resolve().parents[2]
FIELDS = ["id", "at", "actor_id", "actor_label", "action", "object_type", "object_id",
          "client_id", "reason"]


def _walk(patterns: list, namespace: str = "") -> Iterator[tuple[str, dict]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", dict(entry.pattern.converters)


def _real_ids(cast) -> dict[str, object]:  # noqa: ANN001
    """A real record for each id a URL may take (others get a random UUID)."""
    from neue_wege.strengths.models import Story

    story = Story.objects.create(enrollment=cast.nina_enrollment, title="Test", text="Text",
                                 visibility=Story.Visibility.GROUP)
    session = cast.run_a.sessions.first()
    return {
        "client_id": cast.nina.pk, "run_id": cast.run_a.pk,
        "enrollment_id": cast.nina_enrollment.pk, "referral_id": cast.nina_enrollment.referral_id,
        "user_id": cast.karl.public_id, "location_id": cast.location.pk,
        "programme_id": cast.programme.pk, "story_id": story.pk,
        "session_id": getattr(session, "pk", None),
    }


def _urls(cast) -> list[tuple[str, str]]:  # noqa: ANN001
    ids = _real_ids(cast)
    urls = []
    for name, converters in _walk(get_resolver().url_patterns):
        kwargs = {}
        for key in converters:
            kwargs[key] = ids.get(key) or uuid.uuid4()
        try:
            urls.append((name, reverse(name, kwargs=kwargs)))
        except Exception:  # noqa: BLE001, S112 - a pattern with a non-UUID converter
            continue
    return urls


def _snapshot() -> dict[int, tuple]:
    return {row[0]: row for row in AuditEvent.objects.values_list(*FIELDS)}


def test_model_refuses_to_change_or_delete_a_row(cast):
    event = audit_record(actor=cast.karl, action=AuditEvent.Action.VIEW, obj=cast.nina,
                         client_id=cast.nina.pk)
    event.reason = "nachträglich"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_no_url_takes_an_audit_event_id():
    names = [key for _, converters in _walk(get_resolver().url_patterns) for key in converters]
    assert not [name for name in names if "audit" in name or "event" in name]


def test_no_post_to_any_url_changes_the_log(cast):
    access.access_client(cast.karl, cast.nina.pk, reason="vorher")
    audit_record(actor=None, action=AuditEvent.Action.DELETE, obj=cast.ali,
                 client_id=cast.ali.pk)
    before = _snapshot()
    assert len(before) > 5
    some_event = next(iter(before))
    data = {"id": some_event, "pk": some_event, "action": "view", "object_id": "x",
            "reason": "geändert", "client_id": str(cast.nina.pk), "at": "2000-01-01",
            "actor": "niemand", "delete": "1", "confirm": "1"}
    urls = _urls(cast)
    assert len(urls) > 30
    for persona in (cast.admin, cast.karl, cast.fatma, cast.maria, cast.nina_user, None):
        for name, path in urls:
            browser = HttpClient()
            if persona is not None:
                browser.force_login(persona)
            response = browser.post(path, data)
            assert response.status_code < 500, (name, persona)
            after = _snapshot()
            missing = set(before) - set(after)
            changed = [key for key in before if key in after and after[key] != before[key]]
            assert not missing and not changed, (name, persona, missing, changed)


def test_application_code_never_updates_or_deletes_audit_events():
    offenders = []
    pattern = re.compile(r"AuditEvent\.objects[^\n]*\.(update|delete|bulk_update|"
                         r"update_or_create|raw)\(")
    for source in PACKAGE_DIR.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{source.relative_to(PACKAGE_DIR)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
