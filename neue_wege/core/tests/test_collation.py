"""Issue 11, point 20: names sort in German alphabetical order (DIN 5007-1) on both databases.

Code-point order put "Bärer" after "Buchholz" and "Döring" after "Dussen". PostgreSQL sorts
with the ICU collation `german` (core/migrations/0001), SQLite with the Python key registered
on each connection; these tests run on whichever database the suite uses (CI runs both).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from neue_wege.clients.models import Client
from neue_wege.clients.tests.conftest import make_client
from neue_wege.core.collation import german, german_key
from neue_wege.organisation.models import Municipality

NAMES = ["Dussen", "Buchholz", "Öztürk", "Döring", "Becker", "Bärer", "Ochs", "Strauß",
         "Strauss", "Zabel", "Übel", "Ulm", "ärmel"]
GERMAN_ORDER = ["ärmel", "Bärer", "Becker", "Buchholz", "Döring", "Dussen", "Ochs", "Öztürk",
                "Strauss", "Strauß", "Übel", "Ulm", "Zabel"]


def test_python_key_follows_din_5007():
    assert sorted(NAMES, key=german_key) == GERMAN_ORDER
    assert sorted(NAMES) != GERMAN_ORDER  # what code-point order did


@pytest.mark.django_db
def test_database_sorts_clients_in_german_order(cast):
    for index, name in enumerate(NAMES):
        make_client(cast, number=f"BOR-09{index:02d}", last=name)
    names = [n for n in Client.objects.values_list("last_name", flat=True) if n in NAMES]
    assert names == GERMAN_ORDER, connection.vendor
    descending = list(Client.objects.filter(last_name__in=NAMES)
                      .order_by(german("last_name", descending=True))
                      .values_list("last_name", flat=True))
    assert descending == GERMAN_ORDER[::-1]


@pytest.mark.django_db
def test_client_list_is_in_german_order(cast, login):
    for index, name in enumerate(["Dussen", "Buchholz", "Döring", "Bärer"]):
        make_client(cast, number=f"BOR-08{index:02d}", last=name, first="Kim")
    html = login(cast.karl).get(reverse("clients:client-list"), {"sort": "name"}).content.decode()
    shown = [name for name in re.findall(r"(Bärer|Buchholz|Döring|Dussen)", html)]
    assert list(dict.fromkeys(shown)) == ["Bärer", "Buchholz", "Döring", "Dussen"]


@pytest.mark.django_db
def test_municipality_list_and_choices_are_in_german_order(cast, login):
    for ags, name in [("05554999", "Zwillbrock"), ("05554998", "Ölde"),
                      ("05554997", "Ochtrup"), ("05554996", "Ahaus")]:
        Municipality.objects.create(name=name, ags=ags)
    wanted = ["Ahaus", "Bocholt", "Gronau (Westf.)", "Ochtrup", "Ölde", "Zwillbrock"]
    assert [m.name for m in Municipality.objects.all() if m.name in wanted] == wanted
    html = login(cast.admin).get(reverse("organisation:municipality-list")).content.decode()
    shown = re.findall(r"(Ahaus|Ochtrup|Ölde|Zwillbrock)", html)
    assert list(dict.fromkeys(shown)) == ["Ahaus", "Ochtrup", "Ölde", "Zwillbrock"]
