"""portal:invitation-pdf — the sheet just shown, as a PDF (the page posts the code back)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from neue_wege.portal.services import code_format, invitation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(cast):
    invitation, code = invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    return invitation, code_format(code)


def _url(invitation_id) -> str:  # noqa: ANN001
    return reverse("portal:invitation-pdf", args=[invitation_id])


def test_fatma_downloads_the_pdf(cast, login, sheet):
    invitation, code = sheet
    response = login(cast.fatma).post(_url(invitation.pk), {"code": code})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_pdf_fetches_nothing_remote(cast, login, sheet, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("the PDF must not fetch anything")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    invitation, code = sheet
    response = login(cast.fatma).post(_url(invitation.pk), {"code": code})
    assert response.content.startswith(b"%PDF")


def test_pdf_holds_the_code_first_name_and_qr(cast, login, sheet, monkeypatch):
    from neue_wege.core import pdf as pdf_module

    rendered: list[str] = []
    real = pdf_module.html_to_pdf
    monkeypatch.setattr(pdf_module, "html_to_pdf",
                        lambda html: rendered.append(html) or real(html))
    invitation, code = sheet
    pdf = login(cast.fatma).post(_url(invitation.pk), {"code": code}).content
    assert pdf.startswith(b"%PDF")
    (html,) = rendered
    assert code in html
    assert "Guten Tag Nina," in html and "Hallo" not in html
    assert "Kemper" not in html  # the sheet carries the first name only
    assert "<svg" in html
    assert "/portal/willkommen/" in html


def test_wrong_or_old_code_gives_no_pdf(cast, login, sheet):
    invitation, code = sheet
    browser = login(cast.fatma)
    wrong = browser.post(_url(invitation.pk), {"code": "ABCD-EFGH-JK"}, follow=True)
    assert "gilt nicht mehr" in wrong.content.decode()
    invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)  # revokes the first
    old = browser.post(_url(invitation.pk), {"code": code})
    assert old.status_code == 302
    assert old["Location"] == reverse("clients:run-referrals", args=[cast.run_a.pk])


@pytest.mark.parametrize("persona", ["jonas", "karl", "maria", "admin", "olga", "nina_user"])
def test_others_get_404(cast, login, sheet, persona):
    invitation, code = sheet
    assert login(getattr(cast, persona)).post(_url(invitation.pk),
                                              {"code": code}).status_code == 404


def test_random_id_gets_404(cast, login):
    assert login(cast.fatma).post(_url(uuid.uuid4()), {"code": "x"}).status_code == 404


def test_get_is_not_allowed(cast, login, sheet):
    assert login(cast.fatma).get(_url(sheet[0].pk)).status_code == 405


def test_code_is_not_in_the_url(cast, login, sheet):
    invitation, code = sheet
    assert not re.search(code, _url(invitation.pk))
