"""Writes for stories: autosaved drafts, saving, sharing as consent, withdrawing.

- A story belongs to its writer (an enrollment). Only the writer writes, shares or withdraws.
- Autosave (`story_draft_save`) stores the draft fields only; the first autosave of a new
  story creates it, private. "Speichern" (`story_save`) makes the draft the story.
- Sharing (`story_share`) records a `privacy.Consent` (purpose SHARE_WITH_GROUP or
  SHARE_WITH_FACILITATOR, object = the story, with the wording the writer saw) and sets
  `Story.visibility`. One share consent is active per story at a time: switching from the
  group to the facilitator withdraws the group consent first.
- Withdrawing (`story_withdraw`) withdraws every active share consent and sets the story back
  to private at once; peers lose it from their list and its page answers 404 (the access
  rules read `visibility`). Feedback already given stays stored.

Audit: create, save, share and withdraw write an audit row in the same transaction. Autosaves
of an existing story do not: they run every few seconds while typing and change only the
writer's private working copy (the later "Speichern" is logged).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.consents import active_consent, consent_give, consent_withdraw
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.strengths.models import Story

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 20_000

Visibility = Story.Visibility
SHARE_PURPOSES = {
    Visibility.GROUP: Consent.Purpose.SHARE_WITH_GROUP,
    Visibility.FACILITATOR: Consent.Purpose.SHARE_WITH_FACILITATOR,
}


class StoryError(DomainError):
    """A story cannot be written, saved, shared or withdrawn as asked."""


class NotWriterError(StoryError):
    pass


class NoEnrollmentError(StoryError):
    pass


class ConsentMissingError(StoryError):
    pass


class NotSharedError(StoryError):
    pass


def share_wording(visibility: str) -> str:
    """The consent text shown before sharing (plain language); it is stored with the consent."""
    if visibility == Visibility.GROUP:
        return gettext(
            "Ich teile diese Geschichte mit meiner Gruppe. "
            "Alle Teilnehmenden meines Durchlaufs und die Projektleitung können sie lesen. "
            "Sie sehen meinen Vornamen, die Stärken, die ich mir selbst gebe, mit meinen "
            "Notizen dazu und die Rückmeldungen der anderen. Sie können mir Stärken "
            "zurückmelden. "
            "Mein Fallmanagement im Jobcenter sieht die Geschichte nicht. "
            "Ich kann das Teilen jederzeit zurücknehmen. Dann sieht sie sofort niemand mehr "
            "außer mir.")
    if visibility == Visibility.FACILITATOR:
        return gettext(
            "Ich teile diese Geschichte nur mit der Projektleitung meines Durchlaufs. "
            "Die anderen Teilnehmenden sehen sie nicht. "
            "Mein Fallmanagement im Jobcenter sieht die Geschichte nicht. "
            "Ich kann das Teilen jederzeit zurücknehmen. Dann sieht sie sofort niemand mehr "
            "außer mir.")
    raise StoryError(_("Bitte wählen Sie, wer die Geschichte lesen darf."))


def _require_writer(actor: Any, story: Story) -> None:
    if not access.is_story_writer(actor, story):
        raise NotWriterError(_("Nur wer die Geschichte geschrieben hat, kann sie ändern."))


def _check_lengths(title: str, text: str) -> None:
    if len(title) > MAX_TITLE_CHARS:
        raise StoryError(_("Die Überschrift ist zu lang (höchstens 200 Zeichen)."))
    if len(text) > MAX_TEXT_CHARS:
        raise StoryError(_("Die Geschichte ist zu lang (höchstens 20.000 Zeichen)."))


def _clean(value: str | None) -> str:
    # NUL characters cannot be stored by PostgreSQL and never belong in a story.
    return (value or "").replace("\x00", "")


def _lock(story: Story) -> Story:
    return (Story.objects.select_for_update()
            .select_related("enrollment__client", "enrollment__run")
            .get(pk=story.pk))


def _new_story(actor: Any, **fields: Any) -> Story:
    enrollment = access.current_enrollment(actor)
    if enrollment is None:
        raise NoEnrollmentError(_("Sie sind zurzeit in keiner Gruppe. Darum können Sie hier "
                                  "keine Geschichte anlegen."))
    story = Story(enrollment=enrollment, visibility=Visibility.PRIVATE, **fields)
    story.full_clean()
    story.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=story,
                 client_id=enrollment.client_id)
    return story


def _own_story_by_key(actor: Any, draft_key: Any) -> Story | None:
    """The writer's story made from this draft key, locked; None if there is none yet."""
    if not draft_key:
        return None
    story = (Story.objects.select_for_update()
             .select_related("enrollment__client", "enrollment__run")
             .filter(draft_key=draft_key).first())
    if story is not None:
        _require_writer(actor, story)
    return story


def _story_for_draft(actor: Any, story_or_none: Story | None, draft_key: Any,
                     create: dict[str, Any]) -> tuple[Story, bool]:
    """The story this request is about: the given one, the one made from the draft key, or a
    new one (created with `create`). Returns (story, created).

    Two requests with the same new key at once (autosave and "Speichern", a double tap): the
    unique constraint lets one insert win; the other waits for it, fails inside its savepoint
    and continues with the story the winner made.
    """
    if story_or_none is not None:
        story = _lock(story_or_none)
        _require_writer(actor, story)
        if (story.draft_key is None and draft_key
                and not Story.objects.filter(draft_key=draft_key).exists()):
            story.draft_key = draft_key
            story.save(update_fields=["draft_key"])
        return story, False
    story = _own_story_by_key(actor, draft_key)
    if story is not None:
        return story, False
    try:
        with transaction.atomic():
            return _new_story(actor, draft_key=draft_key or None, **create), True
    except (IntegrityError, ValidationError):
        # The other request's row may already be visible (ValidationError from full_clean's
        # constraint check) or not yet (IntegrityError once it commits).
        story = _own_story_by_key(actor, draft_key) if draft_key else None
        if story is None:
            raise  # not a race about this draft key: the original error stands
        return story, False


@transaction.atomic(durable=True)
def story_draft_save(*, actor: Any, story_or_none: Story | None, title: str, text: str,
                     draft_key: Any = None, revision: int = 0) -> Story:
    """Autosave: keep the draft. A new story is created (private) on its first autosave.

    With a `draft_key` every request of one draft lands on the same story. A `revision`
    older than the stored one (a late autosave) changes nothing.
    """
    title, text = _clean(title), _clean(text)
    _check_lengths(title, text)
    now = timezone.now()
    if story_or_none is None and not (title.strip() or text.strip()):
        existing = _own_story_by_key(actor, draft_key)
        if existing is None:
            raise StoryError(_("Es gibt noch nichts zu speichern."))
    fields = {"draft_title": title, "draft_text": text, "draft_saved_at": now,
              "draft_revision": revision}
    story, created = _story_for_draft(actor, story_or_none, draft_key, fields)
    if created:
        return story
    if revision and revision < story.draft_revision:
        return story  # a newer draft (or the saved story) is already stored
    if revision and revision == story.saved_revision and story.saved_at is not None:
        return story  # what was saved with "Speichern" is this very revision
    story.draft_title, story.draft_text, story.draft_saved_at = title, text, now
    story.draft_revision = max(revision, story.draft_revision)
    story.save(update_fields=["draft_title", "draft_text", "draft_saved_at", "draft_revision",
                              "updated_at"])
    return story


@transaction.atomic
def story_save(*, actor: Any, story_or_none: Story | None, title: str, text: str,
               draft_key: Any = None, revision: int = 0) -> Story:
    """"Speichern": the typed text becomes the story (and the draft matches it).

    Idempotent per draft key: a double tap, a retry from the offline queue or an autosave
    arriving afterwards never makes a second story. A save of an older revision than one
    already saved changes nothing.
    """
    title, text = _clean(title).strip(), _clean(text).strip()
    _check_lengths(title, text)
    if not text:
        raise StoryError(_("Bitte schreiben Sie Ihre Geschichte."))
    now = timezone.now()
    fields: dict[str, Any] = {"title": title, "text": text, "saved_at": now,
                              "saved_revision": revision}
    draft = {"draft_title": title, "draft_text": text, "draft_saved_at": now,
             "draft_revision": revision}
    story, created = _story_for_draft(actor, story_or_none, draft_key, {**fields, **draft})
    if created:
        return story
    if story.saved_at is not None and revision and revision <= story.saved_revision:
        return story  # this revision (or a newer one) is saved already
    for name, value in fields.items():
        setattr(story, name, value)
    if not revision or revision >= story.draft_revision:
        for name, value in draft.items():
            setattr(story, name, value)
    story.full_clean()
    story.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=story,
                 client_id=story.enrollment.client_id, reason="saved")
    return story


def _withdraw_consents(actor: Any, story: Story) -> int:
    withdrawn = 0
    for purpose in SHARE_PURPOSES.values():
        consent = active_consent(client=story.enrollment.client, purpose=purpose, obj=story)
        if consent is not None:
            consent_withdraw(actor=actor, consent=consent)
            withdrawn += 1
    return withdrawn


@transaction.atomic
def story_share(*, actor: Any, story: Story, visibility: str, wording: str) -> Story:
    """Share with the group or the facilitator, recording the consent with its wording.

    `wording` must be the text the writer was shown (`share_wording`); without it nothing is
    shared. Choosing "private" is the same as `story_withdraw`.
    """
    story = _lock(story)
    _require_writer(actor, story)
    if visibility == Visibility.PRIVATE:
        return _withdraw(actor, story)
    if visibility not in SHARE_PURPOSES:
        raise StoryError(_("Bitte wählen Sie, wer die Geschichte lesen darf."))
    if not story.text.strip():
        raise StoryError(_("Bitte speichern Sie die Geschichte zuerst. Erst dann können Sie "
                           "sie teilen."))
    if not (wording or "").strip():
        raise ConsentMissingError(_("Bitte lesen und bestätigen Sie zuerst, was das Teilen "
                                    "bedeutet."))
    purpose = SHARE_PURPOSES[Visibility(visibility)]
    client = story.enrollment.client
    if story.visibility == visibility and active_consent(
            client=client, purpose=purpose, obj=story) is not None:
        return story  # already shared this way: nothing to record
    _withdraw_consents(actor, story)
    consent_give(actor=actor, client=client, purpose=purpose, obj=story, wording=wording)
    story.visibility = visibility
    story.save(update_fields=["visibility", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=story,
                 client_id=client.pk, reason=f"visibility: {visibility}")
    return story


def _withdraw(actor: Any, story: Story) -> Story:
    withdrawn = _withdraw_consents(actor, story)
    if not withdrawn and story.visibility == Visibility.PRIVATE:
        raise NotSharedError(_("Diese Geschichte ist nicht geteilt."))
    story.visibility = Visibility.PRIVATE
    story.save(update_fields=["visibility", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=story,
                 client_id=story.enrollment.client_id, reason="visibility: private (withdrawn)")
    return story


@transaction.atomic(durable=True)
def story_withdraw(*, actor: Any, story: Story) -> Story:
    """Withdraw sharing: consents get `withdrawn_at`, the story is private again at once."""
    story = _lock(story)
    _require_writer(actor, story)
    return _withdraw(actor, story)


def story_delete_consequences(story: Story) -> dict[str, Any]:
    """What deleting a story takes with it, for the confirmation page (read only)."""
    from neue_wege.strengths.models import StrengthFeedback  # noqa: PLC0415 - same app

    feedback = StrengthFeedback.objects.filter(story=story)
    return {
        "shared": story.visibility != Visibility.PRIVATE,
        "visibility": story.visibility,
        "saved": story.saved_at is not None or bool(story.text),
        "feedback_from_others": feedback.exclude(source=StrengthFeedback.Source.SELF).count(),
        "own_strengths": feedback.filter(source=StrengthFeedback.Source.SELF).count(),
    }


@transaction.atomic(durable=True)
def story_delete(*, actor: Any, story: Story) -> Story:
    """The writer deletes a story or a draft for good (issue 14).

    Sharing ends first: every share consent in force is ended as withdrawn (the consent rows
    stay as the record of what was agreed and when). Then the story goes with everything that
    hangs on it: the feedback others gave, the writer's own strengths named in it and the
    assistant's decisions about it (database cascade), so the profile, the group space and
    the facilitator's counts no longer show it. The audit row names the story's id only.
    """
    story = _lock(story)
    _require_writer(actor, story)
    feedback = story.feedback.count()
    _withdraw_consents(actor, story)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=story,
                 client_id=story.enrollment.client_id,
                 reason=f"deleted by the writer; feedback deleted: {feedback}")
    story.delete()
    return story


__all__ = [
    "MAX_TEXT_CHARS",
    "ConsentMissingError",
    "NoEnrollmentError",
    "NotSharedError",
    "NotWriterError",
    "StoryError",
    "share_wording",
    "story_delete",
    "story_delete_consequences",
    "story_draft_save",
    "story_save",
    "story_share",
    "story_withdraw",
]
