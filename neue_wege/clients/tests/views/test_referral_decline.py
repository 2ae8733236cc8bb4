import pytest
from django.urls import reverse

from neue_wege.clients.models import Referral

pytestmark = pytest.mark.django_db


def url(referral):
    return reverse("clients:referral-decline", args=[referral.pk])


def test_facilitator_declines_with_reason(cast, login, lena_referral):
    c = login(cast.fatma)
    response = c.post(url(lena_referral), {"decline-reason": "Zielgruppe passt nicht"})
    referral = Referral.objects.get(pk=lena_referral.pk)
    assert response.status_code == 302
    assert referral.status == "declined" and referral.reason == "Zielgruppe passt nicht"
    assert referral.decided_by == cast.fatma
    assert referral.history.filter(to_status="declined", reason="Zielgruppe passt nicht").exists()
    html = c.get(response["Location"]).content.decode()
    assert "Die Zuweisung von Lena Hoff wurde abgelehnt." in html


def test_reason_is_required_in_german(cast, login, lena_referral):
    response = login(cast.fatma).post(url(lena_referral), {"decline-reason": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert Referral.objects.get(pk=lena_referral.pk).status == "pending"


def test_too_long_reason_keeps_what_was_typed(cast, login, lena_referral):
    typed = "Begründung " + "x" * 2000
    html = login(cast.fatma).post(url(lena_referral), {"decline-reason": typed}
                                  ).content.decode()
    assert "höchstens 2000 Zeichen" in html
    assert typed in html


def test_htmx_invalid_reason_returns_lists_with_error_and_value(cast, login, lena_referral):
    response = login(cast.fatma).post(url(lena_referral), {"decline-reason": ""},
                                      HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="run-referrals"' in html and "<html" not in html
    assert "zwingend erforderlich" in html and 'aria-invalid="true"' in html


def test_htmx_decline_refreshes_lists(cast, login, lena_referral):
    html = login(cast.fatma).post(url(lena_referral), {"decline-reason": "voll belegt"},
                                  HTTP_HX_REQUEST="true").content.decode()
    assert "wurde abgelehnt" in html and "Keine offenen Zuweisungen." in html


def test_declining_an_accepted_referral_gives_german_error(cast, login):
    c = login(cast.fatma)
    response = c.post(url(cast.nina_enrollment.referral), {"decline-reason": "zu spät"})
    html = c.get(response["Location"]).content.decode()
    assert "kann nicht" in html and "abgelehnt" in html
    assert Referral.objects.get(pk=cast.nina_enrollment.referral_id).status == "accepted"


def test_case_manager_gets_403(cast, login, lena_referral):
    assert login(cast.karl).post(url(lena_referral), {"decline-reason": "x"}
                                 ).status_code == 403


@pytest.mark.parametrize("name", ["petra", "jonas", "maria", "admin", "olga"])
def test_outsiders_get_404(cast, login, name, lena_referral):
    assert login(getattr(cast, name)).post(url(lena_referral), {"decline-reason": "x"}
                                           ).status_code == 404
    assert Referral.objects.get(pk=lena_referral.pk).status == "pending"


def test_unknown_id_gets_404(cast, login, random_id):
    assert login(cast.fatma).post(reverse("clients:referral-decline", args=[random_id]),
                                  {"decline-reason": "x"}).status_code == 404


def test_get_is_405(cast, login, lena_referral):
    assert login(cast.fatma).get(url(lena_referral)).status_code == 405
