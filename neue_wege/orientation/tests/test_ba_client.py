"""The BA API client: off by default, fixtures via a fake transport, cache, offline = None."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import urllib.parse

import pytest
from django.core.cache import cache

from neue_wege.core.paths import SHARED_DATA
from neue_wege.orientation.ba import BAClient, get_client, search_term
from neue_wege.orientation.ba.client import JOBSUCHE_URL, WBSUCHE_URL
from neue_wege.orientation.ba.fixtures import FIXTURES, FixtureTransport


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):  # noqa: ANN001
    """Any real connection attempt fails the test loudly."""

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def _params(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(url.partition("?")[2]))


def test_disabled_by_default_fetches_nothing(settings):  # noqa: ANN001
    assert settings.NW_BA_API_ENABLED is False
    transport = FixtureTransport()
    client = BAClient(transport=transport)
    assert client.jobs("Altenpfleger", "Borken") is None
    assert client.trainings("Altenpfleger") is None
    assert client.in_regional_demand("Altenpfleger", ["Borken"]) is None
    assert transport.requests == []


def test_jobs_request_follows_the_spec_and_parses_the_fixture():
    transport = FixtureTransport()
    result = BAClient(enabled=True, transport=transport).jobs("Altenpfleger", "Borken",
                                                              radius_km=25)
    url, headers, timeout = transport.requests[0]
    assert url.startswith(JOBSUCHE_URL + "?")
    assert headers["X-API-Key"] == "jobboerse-jobsuche"
    assert timeout <= 5
    assert _params(url) == {"was": "Altenpfleger", "wo": "Borken", "umkreis": "25",
                            "angebotsart": "1", "page": "1", "size": "5"}
    assert result.total == 42
    assert [o.place for o in result.offers] == ["Borken", "Bocholt", "Bocholt"]
    assert result.offers[0].employer == "Seniorenzentrum am Stadtpark gGmbH"


def test_trainings_request_and_parse(settings):  # noqa: ANN001
    settings.NW_BA_TRAINING_PLACE = "Borken_6.858_51.843"
    transport = FixtureTransport()
    result = BAClient(enabled=True, transport=transport).trainings("Altenpfleger")
    url, headers, _ = transport.requests[0]
    assert url.startswith(WBSUCHE_URL + "?")
    assert headers["X-API-Key"] == "infosysbub-wbsuche"
    assert _params(url) == {"sw": "Altenpfleger", "orte": "Borken_6.858_51.843", "uk": "50",
                            "page": "0"}
    assert result.total == 2
    assert result.offers[0].provider == "Pflegeschule Westmünsterland"
    assert result.offers[1].place == "Bocholt"
    assert result.offers[0].start == dt.date(2027, 2, 1)


def test_regional_demand_uses_threshold_and_the_largest_count(settings):  # noqa: ANN001
    settings.NW_BA_DEMAND_THRESHOLD = 20
    client = BAClient(enabled=True, transport=FixtureTransport(empty_for=("Friseur",)))
    assert client.vacancy_count("Altenpfleger", ["Borken", "Bocholt"]) == 42
    assert client.in_regional_demand("Altenpfleger", ["Borken"]) is True
    assert client.in_regional_demand("Friseur", ["Borken"]) is False
    settings.NW_BA_DEMAND_THRESHOLD = 100
    assert client.in_regional_demand("Altenpfleger", ["Borken"]) is False


def test_answers_are_cached():
    transport = FixtureTransport()
    client = BAClient(enabled=True, transport=transport)
    first = client.jobs("Altenpfleger", "Borken")
    second = client.jobs("Altenpfleger", "Borken")
    assert first == second
    assert len(transport.requests) == 1
    client.jobs("Altenpfleger", "Gronau")
    assert len(transport.requests) == 2


def test_offline_gives_none_and_is_remembered_briefly():
    transport = FixtureTransport(fail=True)
    client = BAClient(enabled=True, transport=transport)
    assert client.jobs("Altenpfleger", "Borken") is None
    assert client.trainings("Altenpfleger") is None
    assert client.vacancy_count("Altenpfleger", ["Borken"]) is None
    assert client.in_regional_demand("Altenpfleger", ["Borken"]) is None
    calls = len(transport.requests)
    client.jobs("Altenpfleger", "Borken")
    assert len(transport.requests) == calls  # the failure is cached, no second wait


@pytest.mark.parametrize("body", [b"<html>Wartung</html>", b"[]", b'{"maxErgebnisse": "viele"}'])
def test_garbage_answers_give_none(body: bytes):
    client = BAClient(enabled=True, transport=lambda url, headers, timeout: body)
    assert client.jobs("Altenpfleger", "Borken") is None


def test_real_transport_refuses_plain_http():
    from neue_wege.orientation.ba.client import urllib_transport

    with pytest.raises(ValueError, match="https"):
        urllib_transport("http://example.org/", {}, 0.1)


def test_configured_transport_is_used(settings):  # noqa: ANN001
    settings.NW_BA_API_ENABLED = True
    settings.NW_BA_TRANSPORT = "neue_wege.orientation.ba.fixtures.fixture_transport"
    assert get_client().jobs("Altenpfleger", "Borken").total == 42


def test_search_term_is_the_first_form():
    assert search_term("Altenpfleger/Altenpflegerin") == "Altenpfleger"
    assert search_term("Koch") == "Koch"


def test_fixture_fields_exist_in_the_jobsuche_spec():
    spec = SHARED_DATA / "ba_api" / "jobsuche_openapi.yaml"
    if not spec.exists():
        pytest.skip("shared data not present")
    text = spec.read_text(encoding="utf-8")
    declared = set(re.findall(r"^\s+([A-Za-z_]+):\s*$", text, flags=re.M))
    payload = json.loads((FIXTURES / "jobsuche_jobs.json").read_text(encoding="utf-8"))
    assert set(payload) <= declared
    for offer in payload["stellenangebote"]:
        assert set(offer) <= declared
        assert set(offer["arbeitsort"]) <= declared
    wb = (SHARED_DATA / "ba_api" / "weiterbildungssuche_openapi.yaml").read_text("utf-8")
    assert "/pc/v2/bildungsangebot" in wb and "infosysbub-wbsuche" in wb


def test_one_failure_pauses_all_requests_so_pages_never_wait_twice():
    transport = FixtureTransport(fail=True)
    client = BAClient(enabled=True, transport=transport)
    assert client.in_regional_demand("Altenpfleger", ["Borken", "Bocholt", "Gronau"]) is None
    assert client.trainings("Koch") is None
    assert len(transport.requests) == 1  # the first timeout, then the API counts as down
    cache.delete("nw-ba:down")
    transport.fail = False
    assert client.jobs("Koch", "Borken").total == 42


def test_default_radius_comes_from_the_settings(settings):  # noqa: ANN001
    settings.NW_BA_RADIUS_KM = 40
    transport = FixtureTransport()
    BAClient(enabled=True, transport=transport).jobs("Koch", "Borken")
    assert _params(transport.requests[0][0])["umkreis"] == "40"
