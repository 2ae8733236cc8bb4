"""The participant's language (issue 14, point 3): kept in the account, applied everywhere;
staff keep German and English; catalogue, reasons, the assistant's message and the invitation
sheet follow the language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from neue_wege.orientation.reasons_i18n import reason_in_language
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.models import Strength
from neue_wege.strengths.services.catalogue import catalogue_ensure
from neue_wege.strengths.services.stories import story_save
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_the_account_language_beats_the_cookie_for_a_participant(cast, login):
    cast.nina_user.language = "en"
    cast.nina_user.save()
    browser = login(cast.nina_user)
    browser.cookies[COOKIE] = "de"
    response = browser.get(reverse("portal:home"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_choosing_a_language_in_the_portal_is_kept_in_the_account(cast, login):
    browser = login(cast.nina_user)
    response = browser.post(reverse("set_language"),
                            {"language": "de-ls", "next": reverse("portal:home")})
    assert response.status_code == 302
    cast.nina_user.refresh_from_db()
    assert cast.nina_user.language == "de-ls"
    assert AuditEvent.objects.filter(reason="language set: de-ls").exists()
    # another device, no cookie: the account decides
    other = HttpClient()
    other.force_login(cast.nina_user)
    page = other.get(reverse("portal:home")).content.decode()
    assert '<html lang="de-x-ls" dir="ltr">' in page
    assert "Welche Stärken sehen die anderen bei Ihnen?" in page  # Leichte Sprache
    assert "Sprache: " in page


def test_staff_keep_german_and_english(cast, login):
    browser = login(cast.fatma)
    browser.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert browser.get(reverse("dashboards:home"))["Content-Language"] == "de"
    browser.cookies[COOKIE] = "uk"  # a cookie left by the log-in page
    assert browser.get(reverse("dashboards:home"))["Content-Language"] == "de"
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = browser.get(reverse("dashboards:home"))
    assert page["Content-Language"] == "en"
    body = page.content.decode()
    assert 'value="en"' in body and 'value="ar"' not in body  # the switch offers de and en
    cast.fatma.refresh_from_db()
    assert cast.fatma.language == ""


def test_log_in_page_in_arabic_is_right_to_left_and_offers_all_languages(client):
    client.post(reverse("set_language"), {"language": "ar", "next": reverse("login")})
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    for code, _name in settings.LANGUAGES:
        assert f'name="language" value="{code}"' in body


def test_a_language_chosen_before_logging_in_is_kept_at_the_first_log_in(cast, client):
    client.post(reverse("set_language"), {"language": "de-ls", "next": reverse("login")})
    response = client.post(reverse("login"), {"username": cast.nina_user.username,
                                              "password": PASSWORD})
    assert response.status_code == 302
    cast.nina_user.refresh_from_db()
    assert cast.nina_user.language == "de-ls"


def test_strength_texts_follow_the_language_unless_the_job_centre_changed_them(cast):
    catalogue = catalogue_ensure(job_centre=cast.job_centre)
    reliable = catalogue.strengths.get(key="zuverlaessigkeit")
    patient = catalogue.strengths.get(key="geduld")
    patient.description = "Eigene Beschreibung des Jobcenters."
    with translation.override("en"):
        assert reliable.local_label == "Reliability" and str(reliable) == "Reliability"
        assert reliable.local_description.startswith("You do what you promise.")
        assert reliable.local_group_label == "Personal strengths"
        assert patient.local_label == "Patience"
        assert patient.local_description == "Eigene Beschreibung des Jobcenters."
    with translation.override("de-ls"):
        assert reliable.local_label == "Zuverlässig sein"
    with translation.override("de"):
        assert reliable.local_label == "Zuverlässigkeit"
    assert Strength.objects.get(pk=reliable.pk).label == "Zuverlässigkeit"


def test_occupation_reasons_are_translated_sentence_by_sentence():
    with translation.override("en"):
        assert reason_in_language("Ihre Stärke „Geduld“ passt zur Fähigkeit „Kinder betreuen“ "
                                  "dieses Berufs.") == (
            "Your strength “Patience” fits the skill “Kinder betreuen” of this job.")
        assert reason_in_language("Sie erzählen von „Kasse“ und „Kinder“ – das steckt in der "
                                  "Berufsbezeichnung.") == (
            "You talk about „Kasse“ and „Kinder“ – that is part of the job title.")
        assert reason_in_language(
            "Dieser Beruf braucht einen Berufsabschluss (Fachkraft). Ihr Weg dorthin: eine "
            "Ausbildung oder Umschulung (auch in Teilzeit).") == (
            "This job needs a vocational qualification (skilled worker). Your way there: an "
            "apprenticeship or retraining (also part-time).")
        assert reason_in_language("Ein Satz, den niemand kennt.") == "Ein Satz, den niemand kennt."


def test_a_story_in_ukrainian_gets_a_plain_message_in_the_page_language(cast, login):
    cast.nina_user.language = "en"
    cast.nina_user.save()
    catalogue_ensure(job_centre=cast.job_centre)
    story = story_save(actor=cast.nina_user, story_or_none=None, title="Переїзд",
                       text="Минулого літа я допомогла сусідці переїхати. Ми пакували коробки "
                            "весь день, і ввечері все було в новій квартирі.")
    page = login(cast.nina_user).get(reverse("portal:story-suggestions", args=[story.pk]))
    body = page.content.decode()
    assert "only make suggestions for stories written in German" in body
    assert "can still name strengths" in body
    assert "nicht auf Deutsch" not in body


def test_the_invitation_sheet_is_in_the_participants_language(cast, login):
    cast.nina_user.language = "en"
    cast.nina_user.save()
    page = login(cast.fatma).post(
        reverse("portal:invitation-create", args=[cast.nina_enrollment.pk]),
        follow=True).content.decode()  # post-redirect-get to the sheet
    assert '<article class="nw-sheet" aria-labelledby="sheet-heading" lang="en" dir="ltr">' in page
    assert "Dear Nina," in page
    assert "Einladung für Nina Kemper" in page  # the page around it: the facilitator's German
    assert '<option value="en" selected>' in page
