"""The second factor for staff: code step, set-up, the gate in front of every page, throttling."""

import base64
import re
import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

VERIFY = reverse("organisation:two-factor-verify")
SETUP = reverse("organisation:two-factor-setup")


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def password_only(user) -> HttpClient:
    """A browser after the password, before the code: through the real log-in form."""
    browser = HttpClient()
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def staff_pages(cast):
    return [
        reverse("dashboards:home"),
        reverse("clients:client-list"),
        reverse("clients:client-detail", kwargs={"client_id": cast.nina.pk}),
        reverse("organisation:user-list"),
        reverse("privacy:audit-event-list"),
        reverse("programmes:run-detail", kwargs={"run_id": cast.run_a.pk}),
    ]


def test_password_alone_reaches_no_staff_page(cast):
    browser = password_only(cast.karl)
    for page in staff_pages(cast):
        response = browser.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(VERIFY + "?next="), page
        assert "Kemper" not in response.content.decode()
    # POSTs are stopped too, without running the view.
    response = browser.post(reverse("clients:client-create"), {"case_number": "BOR-9"})
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_open_pages_before_the_code(cast):
    browser = password_only(cast.fatma)
    for name in ("accessibility", "privacy-notice", "imprint", "organisation:two-factor-verify"):
        assert browser.get(reverse(name)).status_code == 200, name
    assert browser.post(reverse("logout")).status_code == 302
    assert browser.get(reverse("dashboards:home"))["Location"].startswith(reverse("login"))


def test_correct_code_opens_the_pages_and_goes_to_next(cast):
    browser = password_only(cast.karl)
    target = reverse("clients:client-list")
    page = browser.get(VERIFY + "?next=" + target).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    response = browser.post(VERIFY + "?next=" + target, {"code": code_for(cast.karl)})
    assert response.status_code == 302
    assert response["Location"] == target
    for page_url in staff_pages(cast)[:3]:
        assert browser.get(page_url).status_code == 200


def test_wrong_code_is_refused_with_a_german_message(cast):
    browser = password_only(cast.karl)
    wrong = f"{(int(code_for(cast.karl)) + 1) % 1_000_000:06d}"
    response = browser.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht oder ist abgelaufen" in response.content.decode()
    assert browser.get(reverse("clients:client-list")).status_code == 302


def test_code_must_be_six_digits(cast):
    response = password_only(cast.karl).post(VERIFY, {"code": "abc"})
    assert "Bitte geben Sie den 6-stelligen Code" in response.content.decode()


def test_a_code_counts_only_once(cast):
    code = code_for(cast.karl)
    first = password_only(cast.karl)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = password_only(cast.karl)
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert second.get(reverse("clients:client-list")).status_code == 302


def test_wrong_codes_are_throttled(cast):
    browser = password_only(cast.karl)
    with time_machine.travel(time.time(), tick=False) as traveller:
        for _ in range(4):
            browser.post(VERIFY, {"code": "000000"})
        # Even the right code is refused while throttled (2^3 s after four failures).
        response = browser.post(VERIFY, {"code": code_for(cast.karl)})
        assert "zu viele falsche Codes" in response.content.decode()
        assert browser.get(reverse("clients:client-list")).status_code == 302
        traveller.shift(9)
        response = browser.post(VERIFY, {"code": code_for(cast.karl)})
    assert response.status_code == 302


def test_next_must_be_local(cast):
    browser = password_only(cast.karl)
    response = browser.post(VERIFY + "?next=https://evil.example/", {"code": code_for(cast.karl)})
    assert response["Location"] == reverse("dashboards:home")


def test_participants_need_no_second_factor(cast):
    browser = password_only(cast.nina_user)
    assert browser.get(reverse("portal:home")).status_code == 200


def test_setup_shows_qr_and_key_then_confirms(cast):
    TOTPDevice.objects.filter(user=cast.jonas).delete()
    browser = password_only(cast.jonas)
    response = browser.get(reverse("dashboards:home"))
    assert response["Location"].startswith(SETUP)
    page = browser.get(SETUP).content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    key = shown_key(page)
    assert len(key) == 32
    assert shown_key(browser.get(SETUP).content.decode()) == key  # same key on reload
    secret = base64.b32decode(key)

    with time_machine.travel(time.time(), tick=False) as traveller:
        wrong = "123456" if totp(secret) != 123456 else "654321"
        response = browser.post(SETUP, {"code": wrong})
        assert "Dieser Code stimmt nicht" in response.content.decode()
        assert not TOTPDevice.objects.get(user=cast.jonas).confirmed
        traveller.shift(2)
        response = browser.post(SETUP, {"code": f"{totp(secret):06d}"})
    # Confirmed: the recovery codes are shown once, then "weiter".
    assert response.status_code == 200
    assert len(shown_recovery_codes(response.content.decode())) == 10
    device = TOTPDevice.objects.get(user=cast.jonas)
    assert device.confirmed and device.bin_key == secret
    assert browser.get(reverse("programmes:run-list")).status_code == 200
    assert AuditEvent.objects.filter(actor=cast.jonas, object_id=str(cast.jonas.pk),
                                     reason="second factor set up").exists()


def shown_key(page: str) -> str:
    groups = re.search(r'<code class="nw-key">(.*?)</code>', page).group(1)
    return "".join(re.findall(r"<span>([A-Z2-7]{1,4})</span>", groups))


def test_setup_is_not_offered_when_a_device_exists(cast):
    browser = password_only(cast.karl)
    assert browser.get(SETUP)["Location"] == VERIFY


# --- administrators ---------------------------------------------------------------------------
def reset_url(user):
    return reverse("organisation:user-second-factor-reset", kwargs={"user_id": user.public_id})


def sessions_url(user):
    return reverse("organisation:user-sessions-end", kwargs={"user_id": user.public_id})


def test_admin_resets_second_factor(cast, login):
    karls_browser = HttpClient()
    assert karls_browser.login(username="karl", password=PASSWORD)
    response = login(cast.admin).post(reset_url(cast.karl))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.karl).exists()
    assert karls_browser.get(reverse("clients:client-list")).status_code == 302
    assert AuditEvent.objects.filter(actor=cast.admin, object_id=str(cast.karl.pk),
                                     reason__startswith="second factor reset").exists()
    # Karl's next log-in leads to the set-up.
    assert password_only(cast.karl).get(reverse("dashboards:home"))["Location"].startswith(SETUP)


def test_admin_ends_all_sessions(cast, login):
    karls_browser = HttpClient()
    assert karls_browser.login(username="karl", password=PASSWORD)
    response = login(cast.admin).post(sessions_url(cast.karl), follow=True)
    assert "Alle Sitzungen von „karl“ sind beendet (1)" in response.content.decode()
    assert karls_browser.get(reverse("dashboards:home"))["Location"].startswith(reverse("login"))
    assert TOTPDevice.objects.filter(user=cast.karl).exists()
    assert AuditEvent.objects.filter(actor=cast.admin, object_id=str(cast.karl.pk),
                                     reason="sessions ended by administrator: 1").exists()


def test_admin_cannot_reset_themself(cast, login):
    response = login(cast.admin).post(reset_url(cast.admin), follow=True)
    assert "nicht zurücksetzen" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.admin).exists()
    response = login(cast.admin).post(sessions_url(cast.admin), follow=True)
    assert "mit „Abmelden“" in response.content.decode()


@pytest.mark.parametrize("name", ["fatma", "karl", "maria", "olga", "nina_user"])
def test_others_cannot_reset_or_end_sessions(cast, login, name):
    client = login(getattr(cast, name))
    for url in (reset_url(cast.jonas), sessions_url(cast.jonas)):
        assert client.post(url).status_code in {403, 404}
    assert TOTPDevice.objects.filter(user=cast.jonas).exists()


def test_admin_of_another_job_centre_gets_404(cast, login, other_admin):
    client = login(other_admin)
    assert client.post(reset_url(cast.karl)).status_code == 404
    assert client.post(sessions_url(cast.karl)).status_code == 404
    assert TOTPDevice.objects.filter(user=cast.karl).exists()


def test_reset_needs_post(cast, login):
    assert login(cast.admin).get(reset_url(cast.karl)).status_code == 405
    assert Session.objects.count() == 1


def test_user_page_shows_second_factor_state(cast, login):
    page = login(cast.admin).get(reverse("organisation:user-update",
                                         kwargs={"user_id": cast.karl.public_id}))
    assert "Authenticator-App eingerichtet" in page.content.decode()


def test_force_login_without_the_test_shortcut_is_stopped(cast, client, second_factor_on):
    client.force_login(cast.maria)
    response = client.get(reverse("evaluation:page"))
    assert response["Location"].startswith(VERIFY)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=30))
def test_any_input_gets_a_german_answer(cast, code):
    browser = password_only(cast.petra)
    response = browser.post(VERIFY, {"code": code})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitte" in body or "stimmt nicht" in body or "zu viele" in body
    assert browser.get(reverse("clients:client-list")).status_code == 302


def test_script_in_the_code_field_is_not_echoed(cast):
    hostile = '"><script>alert(1)</script>'
    body = password_only(cast.karl).post(VERIFY, {"code": hostile}).content.decode()
    assert "<script>alert(1)" not in body


# --- recovery codes (issue 11, point 14) --------------------------------------------------------
RECOVERY = reverse("organisation:two-factor-recovery")
CODES = reverse("organisation:recovery-codes")


def shown_recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([A-Z2-9]{5}-[A-Z2-9]{5})</code></li>", page)


def test_recovery_codes_are_stored_hashed_and_work_once(cast, login):
    from django_otp.plugins.otp_static.models import StaticToken

    codes = shown_recovery_codes(login(cast.karl).post(CODES).content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=cast.karl)
                 .values_list("token", flat=True))
    assert len(stored) == 10
    for code in codes:  # neither the code nor its normalised form is in the database
        assert code not in stored and code.replace("-", "") not in stored
    browser = password_only(cast.karl)
    assert "Wiederherstellungscode" in browser.get(VERIFY).content.decode()
    target = reverse("clients:client-list")
    response = browser.post(RECOVERY + "?next=" + target, {"code": codes[3].lower()})
    assert response.status_code == 302 and response["Location"] == target
    assert browser.get(target).status_code == 200
    assert StaticToken.objects.filter(device__user=cast.karl).count() == 9
    assert AuditEvent.objects.filter(actor=cast.karl, object_id=str(cast.karl.pk),
                                     reason="recovery code used; left: 9").exists()
    # The same code a second time: refused.
    again = password_only(cast.karl).post(RECOVERY, {"code": codes[3]})
    assert again.status_code == 200
    assert "stimmt nicht oder wurde schon verwendet" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(cast, login):
    browser = login(cast.fatma)
    first = shown_recovery_codes(browser.post(CODES).content.decode())
    assert "noch 10 unbenutzte" in browser.get(CODES).content.decode()
    second = shown_recovery_codes(browser.post(CODES).content.decode())
    assert set(first).isdisjoint(second)
    response = password_only(cast.fatma).post(RECOVERY, {"code": first[0]})
    assert "stimmt nicht oder wurde schon verwendet" in response.content.decode()


def test_wrong_recovery_codes_are_throttled(cast, login):
    codes = shown_recovery_codes(login(cast.karl).post(CODES).content.decode())
    browser = password_only(cast.karl)
    with time_machine.travel(time.time(), tick=False):
        for _ in range(3):
            browser.post(RECOVERY, {"code": "AAAAA-AAAAA"})
        response = browser.post(RECOVERY, {"code": codes[0]})
    assert "zu viele falsche Codes" in response.content.decode()
    assert browser.get(reverse("clients:client-list")).status_code == 302


def test_admin_reset_ends_recovery_codes_too(cast, login):
    from django_otp.plugins.otp_static.models import StaticDevice

    login(cast.karl).post(CODES)
    assert StaticDevice.objects.filter(user=cast.karl).exists()
    login(cast.admin).post(reset_url(cast.karl))
    assert not StaticDevice.objects.filter(user=cast.karl).exists()


def test_participants_have_no_recovery_codes_page(cast, login):
    assert login(cast.nina_user).get(CODES).status_code == 404
