"""Issue 11, point 17: text that was untrue or unclear.

- the case manager's referral page said "Entscheiden" above only a withdraw form;
- "Zielbild" and "Vision" named one thing: the German interface says "Zielbild" only;
- the invitation sheet greeted "Hallo Nina," and then said "Sie";
- the run form offered "---------" where the other forms say "Bitte wählen".
(The suggestion reasons are tested in orientation/tests/test_pathway_facilitator.py.)
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.urls import reverse

from neue_wege.clients.services import referral_create
from neue_wege.clients.tests.conftest import make_client
from neue_wege.core.forms import KernForm, KernModelForm
from neue_wege.core.tests.test_translations import PO_PATH, parse_po

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
VISION = re.compile(r"\bVision(en)?\b")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
           "pgettext_lazy"}


def test_case_manager_referral_page_has_no_decide_heading_over_a_withdraw_form(cast, login):
    html = login(cast.karl).get(reverse("clients:referral-detail",
                                        args=[cast.nina_enrollment.referral.pk])).content.decode()
    heading = re.search(r'<h2[^>]*id="actions-heading">([^<]*)</h2>', html)
    assert heading is not None
    assert heading.group(1) == "Teilnahme beenden"  # Nina takes part: the form ends her seat
    assert "Entscheiden" not in html


def test_facilitator_still_decides_under_entscheiden(cast, login):
    lena_referral = referral_create(actor=cast.karl, client=make_client(cast), run=cast.run_a,
                                    potential_note="Organisiert den Elternbeirat.")
    html = login(cast.fatma).get(reverse("clients:referral-detail", args=[lena_referral.pk])
                                 ).content.decode()
    assert re.search(r'id="actions-heading">Entscheiden</h2>', html)


def _german_strings_in_python() -> list[tuple[str, int, str]]:
    """Every string passed to gettext in our code, and every string of the demo content."""
    found = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline))
        demo = path.name == "_demo_content.py"
        for index, token in enumerate(tokens):
            if token.type != tokenize.STRING:
                continue
            called = (index >= 2 and tokens[index - 1].string == "("
                      and tokens[index - 2].string in GETTEXT)
            continued = index >= 1 and tokens[index - 1].type == tokenize.STRING
            if demo or called or continued:
                found.append((str(path.relative_to(ROOT)), token.start[0], token.string))
    return found


def test_german_interface_says_zielbild_not_vision():
    problems = [f"{path}:{line}: {text}" for path, line, text in _german_strings_in_python()
                if VISION.search(text)]
    for template in ROOT.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text("utf-8").splitlines(), start=1):
            if VISION.search(line):
                problems.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    problems += [f"django.po:{entry.line}: msgid {entry.msgid!r}"
                 for entry in parse_po(PO_PATH) if VISION.search(entry.msgid)]
    assert not problems, "\n".join(problems)


def test_invitation_sheet_greets_formally(cast, login):
    page = login(cast.fatma).post(reverse("portal:invitation-create",
                                          args=[cast.nina_enrollment.pk]),
                                  follow=True).content.decode()
    assert "Guten Tag Nina," in page and "Hallo" not in page


def test_run_form_says_bitte_waehlen_not_dashes(cast, login):
    html = login(cast.fatma).get(reverse("programmes:run-create")).content.decode()
    assert "---------" not in html
    assert "Bitte wählen" in html


def test_every_kern_form_replaces_djangos_dashes():
    from django import forms

    from neue_wege.clients.models import Client
    from neue_wege.programmes.models import Run

    class Plain(KernForm):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        client = forms.ModelChoiceField(queryset=Client.objects.none())

    class Model(KernModelForm):
        class Meta:
            model = Run
            fields = ["location"]

    for form in (Plain(), Model()):
        assert "---------" not in str(form)
        assert "Bitte wählen" in str(form)
