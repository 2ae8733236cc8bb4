"""Writes of the inbox: notices (called by the services that cause them, inside their
transaction), marking read, the digest opt-in and the daily digest job.

Notices say what happened to a referral or a seat and how many sessions were missed without
excuse; they never carry stories, notes, obstacles or the free-text reason of a decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.inbox.models import DEFAULT_ABSENCE_THRESHOLD, DigestSubscription, InboxPolicy, Notice
from neue_wege.jobs import services as jobs
from neue_wege.organisation.models import User
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance

Kind = Notice.Kind


def _notify(recipients: Iterable[Any], *, kind: str, referral: Referral | None = None,
            enrollment: Enrollment | None = None, **params: Any) -> list[Notice]:
    source = enrollment or referral
    assert source is not None
    client = source.client
    run = source.run
    facts = {"run": run.title, **params}
    seen: set[Any] = set()
    notices = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notices.append(Notice(recipient=user, kind=kind, client_id=client.pk,
                              referral=referral or (enrollment.referral if enrollment else None),
                              enrollment=enrollment, params=facts))
    return Notice.objects.bulk_create(notices)


def _case_manager(referral: Referral) -> list[User]:
    return [referral.client.case_manager]


def _facilitators(run: Any) -> list[User]:
    return list(run.facilitators.all())


# --- called by clients.services and outcomes.services ------------------------------------------
def notify_referral_created(*, referral: Referral) -> list[Notice]:
    """Facilitators of the run hear of a new referral (also when it goes to the waitlist)."""
    return _notify(_facilitators(referral.run), kind=Kind.REFERRAL_NEW, referral=referral)


DECISION_KINDS = {Referral.Status.ACCEPTED: Kind.REFERRAL_ACCEPTED,
                  Referral.Status.DECLINED: Kind.REFERRAL_DECLINED,
                  Referral.Status.WAITLISTED: Kind.REFERRAL_WAITLISTED}


def notify_referral_decided(*, referral: Referral, status: str) -> list[Notice]:
    """The case manager hears that their referral was accepted, declined or waitlisted."""
    return _notify(_case_manager(referral), kind=DECISION_KINDS[status], referral=referral)


def notify_referral_moved(*, referral: Referral, from_run: Any) -> list[Notice]:
    """Case manager and the new run's facilitators hear of a move between runs."""
    return _notify([*_case_manager(referral), *_facilitators(referral.run)],
                   kind=Kind.REFERRAL_MOVED, referral=referral, run=from_run.title,
                   to_run=referral.run.title)


def notify_seat_ended(*, enrollment: Enrollment, category: Any, detail: Any = "") -> list[Notice]:
    """The case manager hears that a seat ended, with the category and (for a drop-out) the
    reason's category (never the note). Both are choice labels, kept as their German source
    text and translated when the notice is shown: a facilitator who works in English must not
    write English into a German colleague's inbox."""
    with override(settings.LANGUAGE_CODE):
        category, detail = str(category), str(detail)
    return _notify(_case_manager(enrollment.referral), kind=Kind.SEAT_ENDED,
                   enrollment=enrollment, category=category, detail=detail)


def notify_seat_released(*, enrollment: Enrollment, actor: Any) -> list[Notice]:
    """The run's facilitators hear that a seat was given up (the referral was withdrawn)."""
    others = [user for user in _facilitators(enrollment.run) if user.pk != actor.pk]
    return _notify(others, kind=Kind.SEAT_RELEASED, enrollment=enrollment)


def absence_threshold(job_centre_id: Any) -> int:
    policy = InboxPolicy.objects.filter(job_centre_id=job_centre_id).first()
    return policy.absence_threshold if policy else DEFAULT_ABSENCE_THRESHOLD


@transaction.atomic
def absence_threshold_set(*, actor: Any, threshold: int) -> InboxPolicy:
    """Administrators set after how many unexcused absences the case manager hears of them."""
    if not access.can_manage_message_settings(actor):
        raise PermissionDenied
    policy, _created = InboxPolicy.objects.update_or_create(
        job_centre_id=actor.job_centre_id, defaults={"absence_threshold": threshold})
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=policy,
                 reason=f"absence threshold: {threshold}")
    return policy


def notify_absences(*, enrollments: Iterable[Enrollment]) -> list[Notice]:
    """After attendance was recorded: every participant who has now missed the job centre's
    threshold of sessions without excuse (or a further multiple of it) is reported once to
    their case manager. Counts only; no note of the session."""
    created: list[Notice] = []
    for enrollment in enrollments:
        threshold = absence_threshold(enrollment.client.job_centre_id)
        count = Attendance.objects.filter(enrollment=enrollment,
                                          status=Attendance.Status.ABSENT).count()
        if count < threshold:
            continue
        reached = count - count % threshold  # 2, 4, 6 … with the default threshold 2
        already = Notice.objects.filter(kind=Kind.ABSENCES, enrollment=enrollment,
                                        params__count__gte=reached).exists()
        if not already:
            created += _notify(_case_manager(enrollment.referral), kind=Kind.ABSENCES,
                               enrollment=enrollment, count=reached)
    return created


# --- the reader's own writes ------------------------------------------------------------------
@transaction.atomic
def notice_mark_read(*, actor: Any, notice: Notice) -> Notice:
    if notice.recipient_id != actor.pk:  # the view only passes own notices; keep it so
        raise PermissionError("not the recipient")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=notice,
                     client_id=notice.client_id, reason="notice read")
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor: Any) -> int:
    count = Notice.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now(), updated_at=timezone.now())
    if count:
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=actor,
                     reason=f"notices read: {count}")
    return count


@transaction.atomic
def digest_set(*, actor: Any, daily: bool) -> DigestSubscription:
    """Opt in or out of the daily e-mail digest."""
    subscription, _created = DigestSubscription.objects.get_or_create(user=actor)
    subscription.daily = bool(daily)
    subscription.save(update_fields=["daily", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=subscription,
                 reason=f"daily digest: {'on' if daily else 'off'}")
    return subscription


# --- the daily digest (task runner) -------------------------------------------------------------
def digest_text(user: User, notices: list[Notice]) -> tuple[str, str]:
    with override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        subject = _("Neue Wege: %(count)s ungelesene Nachrichten") % {"count": len(notices)}
        lines = [_("Guten Tag,"), "",
                 _("in Neue Wege warten %(count)s ungelesene Nachrichten auf Sie:")
                 % {"count": len(notices)}, ""]
        lines += [f"– {timezone.localtime(n.created_at):%d.%m.%Y %H:%M}: {n.text}"
                  for n in notices]
        lines += ["", _("Sie können die E-Mail-Zusammenfassung auf der Seite „Nachrichten“ "
                        "abbestellen.")]
    return subject, "\n".join(lines)


@jobs.job_task
def inbox_send_digest(job: jobs.JobContext, *, user_id: str) -> dict:
    """Send one member of staff their unread notices that no digest has carried yet."""
    user = User.objects.get(pk=user_id)
    subscription = DigestSubscription.objects.filter(user=user, daily=True).first()
    if subscription is None or not user.email or not user.is_active:
        return {}
    notices = list(Notice.objects.filter(recipient=user, read_at__isnull=True,
                                         emailed_at__isnull=True)
                   .select_related("client").order_by("created_at"))
    job.progress(0, 1, _("E-Mail wird gesendet"))
    if notices:
        subject, body = digest_text(user, notices)
        send_mail(subject, body, None, [user.email])
        now = timezone.now()
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=now)
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at", "updated_at"])
    job.progress(1, 1, _("E-Mail gesendet"))
    return {"url": reverse("inbox:notice-list"), "label": _("Nachrichten ansehen")}


def digests_start() -> list[Any]:
    """Queue today's digest for every opted-in member of staff with something unsent
    (the `inbox_digest` command, run daily by the system scheduler)."""
    started = []
    day = timezone.localdate().isoformat()
    users = User.objects.filter(notice_digest__daily=True, is_active=True).exclude(email="")
    for user in users:
        if not Notice.objects.filter(recipient=user, read_at__isnull=True,
                                     emailed_at__isnull=True).exists():
            continue
        started.append(jobs.start(owner=user, kind="inbox.digest", key=f"{user.pk}:{day}",
                                  title=_("Tägliche Zusammenfassung der Nachrichten"),
                                  task=inbox_send_digest, user_id=str(user.pk)))
    return started
