"""Issue 14, "Privacy as promised" and "Readable exports": a peer who ticked "Meinen Vornamen
zeigen" appears with the first name only (profile, Art. 15 JSON and PDF); the facilitator's
page says "Name gezeigt" / "ohne Namen"; the PDF is plain German without field names or JSON,
the JSON keeps the machine names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from neue_wege.privacy import releases, subject_rights
from neue_wege.strengths.models import Strength, StrengthFeedback
from neue_wege.strengths.selectors import strength_profile
from neue_wege.strengths.services.feedback import feedback_give
from neue_wege.strengths.services.stories import share_wording, story_save, story_share

pytestmark = pytest.mark.django_db
V = StrengthFeedback.Source


@pytest.fixture
def named(cast):  # noqa: ANN001, ANN201
    """Nina's story shared with the group; Ali names one strength with his first name shown
    and one without a name; Nina names one herself; plus a path with vision and steps."""
    from neue_wege.orientation.services import pathway

    story = story_save(actor=cast.nina_user, story_or_none=None, title="Morgens",
                       text="Ich habe drei Jahre lang meine Mutter gepflegt und trotzdem "
                            "die Abendschule geschafft.")
    story = story_share(actor=cast.nina_user, story=story,
                        visibility=story.Visibility.GROUP,
                        wording=share_wording(story.Visibility.GROUP))
    first, second, third = Strength.objects.filter(
        catalogue__job_centre=cast.job_centre).order_by("key")[:3]
    feedback_give(actor=cast.ali_user, story=story, strengths=[first], note="Stark!",
                  show_name=True, source=V.PEER)
    feedback_give(actor=cast.ali_user, story=story, strengths=[second], note="Toll.",
                  show_name=False, source=V.PEER)
    feedback_give(actor=cast.nina_user, story=story, strengths=[third], note="",
                  show_name=False, source=V.SELF)
    pathway.vision_save(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                        what="In der Pflege arbeiten", why="Ich helfe gern.")
    pathway.step_add(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                     description="Praktikum im Pflegeheim anfragen", due_on=None)
    releases.release_give(actor=cast.nina_user, client=cast.nina, key="strength_profile")
    return story


def test_the_profile_names_a_peer_by_first_name_only(cast, named):
    profile = strength_profile(enrollment=cast.nina_enrollment)
    names = [name for entry in profile.entries for name in entry.peer_names]
    assert names == ["Ali"]
    assert all(entry.peer_count == 1 for entry in profile.entries if not entry.self_named)


def test_the_profile_page_shows_the_first_name_and_never_the_last_name(cast, login, named):
    body = login(cast.nina_user).get(reverse("portal:profile")).content.decode()
    assert "Ali" in body and "Demir" not in body


def test_the_json_export_has_the_first_name_only_and_keeps_machine_names(cast, named):
    data = json.loads(subject_rights.export_json(actor=cast.nina_user, client=cast.nina))
    text = json.dumps(data, ensure_ascii=False)
    assert "Demir" not in text
    received = next(s for s in data["sections"] if s["key"] == "feedback_received")
    givers = sorted(row["from"] for row in received["rows"])
    assert "Ali" in givers and "eine Person aus der Gruppe" in givers
    assert any("show_name" in row for row in received["rows"])  # machine names stay


def _pdf_text(pdf: bytes, tmp_path) -> str:  # noqa: ANN001
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "export.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, "-layout", str(path), "-"], check=True,  # noqa: S603
                          capture_output=True, text=True).stdout


def test_the_pdf_export_is_plain_german_with_headings_and_first_names(cast, named, tmp_path):
    text = _pdf_text(subject_rights.export_pdf(actor=cast.nina_user, client=cast.nina),
                     tmp_path)
    assert "Demir" not in text
    for heading in ("Meine Daten bei Neue Wege", "Stammdaten", "Meine Geschichten",
                    "Rückmeldungen zu meinen Geschichten", "Mein Stärkenprofil",
                    "Wer hat meine Daten gesehen oder geändert?", "Zielbild",
                    "Nächster Schritt"):
        assert heading in text, heading
    assert "Praktikum im Pflegeheim anfragen" in text and "In der Pflege arbeiten" in text
    # No JSON, no machine field names, no dotted model names.
    assert not re.search(r"[{}\[\]]", text), re.findall(r".*[{}\[\]].*", text)[:5]
    machine = re.findall(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[A-Z][A-Za-z]+\b", text)
    assert not machine, sorted(set(machine))


def test_the_facilitator_sees_the_giver_and_whether_the_name_is_shown(cast, login, named):
    text = login(cast.fatma).get(reverse("strengths:run-space", args=[cast.run_a.pk])
                                 ).content.decode()
    assert "Ali Demir, Name gezeigt" in text and "Ali Demir, ohne Namen" in text
    assert "Sie sehen bei jeder Rückmeldung, wer sie gegeben hat." in text


def test_the_group_sees_the_first_name_only(cast, login, named):
    # the giver himself reads the shared story in the group space like every peer
    text = login(cast.ali_user).get(reverse("portal:group-stories")).content.decode()
    assert "von: Ali" in text and "Demir" not in text


def test_the_name_hint_is_true_for_every_reader(cast, login, named):
    text = login(cast.ali_user).get(reverse("portal:feedback-create", args=[named.pk])
                                    ).content.decode()
    assert "Die Projektleitung sieht immer, von wem eine Rückmeldung kommt." in text
    assert "Ohne Haken bleibt Ihre Rückmeldung ohne Namen." not in text
