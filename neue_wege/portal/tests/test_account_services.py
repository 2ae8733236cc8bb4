"""portal.services: invitation codes, their expiry and revocation, and setting up accounts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment
from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.organisation.models import User
from neue_wege.portal import services
from neue_wege.portal.exceptions import InvitationError, UsernameTakenError
from neue_wege.portal.models import Invitation
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

# Written out here, not imported: 10 characters, no 0/O/1/I/L, groups of 4-4-2.
SHOWN_CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$")
FAILURE = "Dieser Code funktioniert nicht."


def _new_client(cast, number: str = "BOR-0100") -> Enrollment:
    """A participant of run A without a portal account."""
    person = client_create(actor=cast.karl, case_number=number, first_name="Jürgen",
                           last_name="Öztürk", date_of_birth=dt.date(1985, 5, 5), gender="m",
                           municipality=cast.bocholt, benefit_since=dt.date(2021, 1, 1))
    referral = referral_create(actor=cast.karl, client=person, run=cast.run_a,
                               potential_note="Packt an.")
    return referral_accept(actor=cast.fatma, referral=referral)


# --- codes --------------------------------------------------------------------------------------
def test_codes_are_ten_unambiguous_characters():
    for _ in range(200):
        code = services.code_generate()
        assert len(code) == 10
        assert not set(code) & set("01OIL")
        assert SHOWN_CODE.match(services.code_format(code))


def test_typing_is_forgiving_about_case_spaces_and_dashes():
    assert services.code_normalise(" k7qx-m4pz 2h ") == "K7QXM4PZ2H"
    assert services.code_format("K7QXM4PZ2H") == "K7QX-M4PZ-2H"


# --- invitation_create --------------------------------------------------------------------------
def test_invitation_stores_a_hash_and_prefix_never_the_code(cast):
    invitation, code = services.invitation_create(actor=cast.fatma,
                                                  enrollment=cast.nina_enrollment)
    stored = Invitation.objects.get(pk=invitation.pk)
    assert len(code) == 10
    assert code not in stored.code_hash
    assert check_password(code, stored.code_hash)
    assert stored.code_prefix == code[:4]
    assert stored.created_by == cast.fatma
    assert stored.used_at is None and stored.revoked_at is None


def test_invitation_expires_after_fourteen_days(cast):
    before = timezone.now()
    invitation, _ = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    assert before + dt.timedelta(days=14) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + dt.timedelta(days=14)


def test_new_invitation_revokes_the_earlier_open_one(cast):
    first, first_code = services.invitation_create(actor=cast.fatma,
                                                   enrollment=cast.nina_enrollment)
    second, second_code = services.invitation_create(actor=cast.fatma,
                                                     enrollment=cast.nina_enrollment)
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(InvitationError):
        services.invitation_for_code(first_code)
    assert services.invitation_for_code(second_code) == second


def test_other_participants_invitations_stay_open(cast):
    _, ali_code = services.invitation_create(actor=cast.fatma, enrollment=cast.ali_enrollment)
    services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    assert services.invitation_for_code(ali_code).enrollment == cast.ali_enrollment


def test_invitation_writes_an_audit_row(cast):
    invitation, _ = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    assert AuditEvent.objects.filter(actor=cast.fatma, action="create",
                                     object_type="portal.Invitation",
                                     object_id=str(invitation.pk),
                                     client_id=cast.nina.pk).exists()


def test_only_active_enrollments_can_be_invited(cast):
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(status="completed")
    cast.nina_enrollment.refresh_from_db()
    with pytest.raises(InvitationError, match="gerade teilnehmen"):
        services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    assert not Invitation.objects.exists()


# --- checking a code: one answer for every failure ---------------------------------------------
def _failure_message(code: str) -> str:
    with pytest.raises(InvitationError) as info:
        services.invitation_for_code(code)
    return str(info.value.message)


def test_every_kind_of_bad_code_gets_the_same_message(cast):
    enrollment = _new_client(cast)
    used_inv, used = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    services.invitation_redeem(code=used, username="juergen.o", password="Sonnenblume-42")
    _, revoked = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    _, expired = services.invitation_create(actor=cast.fatma, enrollment=cast.ali_enrollment)
    Invitation.objects.filter(enrollment=cast.ali_enrollment).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    _, seat_ended = services.invitation_create(actor=cast.jonas, enrollment=cast.sven_enrollment)
    Enrollment.objects.filter(pk=cast.sven_enrollment.pk).update(status="withdrawn")
    wrong = "ABCD-EFGH-JK"
    messages = {name: _failure_message(code) for name, code in [
        ("used", used), ("revoked", revoked), ("expired", expired), ("seat ended", seat_ended),
        ("wrong", wrong), ("too short", "ABC"), ("empty", ""), ("junk", "ÖÖÖÖ-0000-11"),
        ("wrong rest, right prefix", used[:4] + "222222"),
    ]}
    assert set(messages.values()) == {messages["wrong"]}
    assert messages["wrong"].startswith(FAILURE)


def test_expiry_is_checked_at_the_time_of_use(cast):
    _, code = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert services.invitation_for_code(code).enrollment == cast.nina_enrollment
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        assert _failure_message(code).startswith(FAILURE)


def test_checking_a_code_costs_one_hash_whatever_the_outcome(cast, monkeypatch):
    _, code = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    calls: list[str] = []
    real_check, real_make = services.check_password, services.make_password
    monkeypatch.setattr(services, "check_password",
                        lambda *a, **k: calls.append("check") or real_check(*a, **k))
    monkeypatch.setattr(services, "make_password",
                        lambda *a, **k: calls.append("make") or real_make(*a, **k))
    for attempt in (code, "ZZZZ-ZZZZ-ZZ", "x", code[:4] + "ZZZZZZ"):
        calls.clear()
        try:
            services.invitation_for_code(attempt)
        except InvitationError:
            pass
        assert len(calls) == 1, (attempt, calls)


def test_codes_are_typed_loosely(cast):
    _, code = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    typed = " " + services.code_format(code).lower().replace("-", " ") + " "
    assert services.invitation_for_code(typed).enrollment == cast.nina_enrollment


# --- invitation_redeem --------------------------------------------------------------------------
def test_redeeming_creates_a_participant_account_linked_to_the_client(cast):
    enrollment = _new_client(cast)
    invitation, code = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    user = services.invitation_redeem(code=services.code_format(code), username="juergen.o",
                                      password="Sonnenblume-42")
    assert user.role == User.Role.PARTICIPANT
    assert user.job_centre == cast.job_centre
    assert (user.first_name, user.last_name) == ("Jürgen", "Öztürk")
    assert user.check_password("Sonnenblume-42")
    assert Client.objects.get(pk=enrollment.client_id).user == user
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert AuditEvent.objects.filter(actor=user, action="create", object_type="organisation.User",
                                     client_id=enrollment.client_id).exists()
    assert AuditEvent.objects.filter(actor=user, action="change",
                                     object_type="portal.Invitation").exists()


def test_a_code_works_only_once(cast):
    enrollment = _new_client(cast)
    _, code = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    services.invitation_redeem(code=code, username="juergen.o", password="Sonnenblume-42")
    with pytest.raises(InvitationError, match=FAILURE):
        services.invitation_redeem(code=code, username="juergen.x", password="Sonnenblume-42")
    assert not User.objects.filter(username="juergen.x").exists()


def test_existing_account_gets_a_new_password_instead(cast):
    _, code = services.invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    users_before = User.objects.count()
    user = services.invitation_redeem(code=code, username="ignored", password="Neues-Passwort-7")
    assert user == cast.nina_user
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-7")
    assert User.objects.count() == users_before
    assert AuditEvent.objects.filter(actor=user, action="change",
                                     object_type="organisation.User").exists()


def test_taken_username_is_refused_and_the_code_stays_open(cast):
    enrollment = _new_client(cast)
    invitation, code = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    with pytest.raises(UsernameTakenError):
        services.invitation_redeem(code=code, username="FATMA", password="Sonnenblume-42")
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_participant_passwords_need_eight_characters_not_twelve(cast):
    enrollment = _new_client(cast)
    _, code = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    with pytest.raises(ValidationError):
        services.invitation_redeem(code=code, username="juergen.o", password="Kurz-7x")
    user = services.invitation_redeem(code=code, username="juergen.o", password="Kurz-7xy")
    assert user.check_password("Kurz-7xy")


def test_common_and_numeric_passwords_are_refused(cast):
    enrollment = _new_client(cast)
    _, code = services.invitation_create(actor=cast.fatma, enrollment=enrollment)
    for weak in ("password", "12345678901"):
        with pytest.raises(ValidationError):
            services.invitation_redeem(code=code, username="juergen.o", password=weak)


# --- usernames ----------------------------------------------------------------------------------
def test_username_suggestion_is_plain_ascii_and_free(cast):
    enrollment = _new_client(cast)
    client = enrollment.client
    assert services.username_suggest(client) == "juergen.o"
    User.objects.create(username="juergen.o", role="participant")
    User.objects.create(username="juergen.o2", role="participant")
    assert services.username_suggest(client) == "juergen.o3"
