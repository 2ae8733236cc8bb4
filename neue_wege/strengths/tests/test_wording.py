"""The appreciative-wording check (pure, no database): hurtful or off-topic notes wait for the
facilitator, appreciative notes — including negations like "hat nicht aufgegeben" — do not."""

from __future__ import annotations

import pytest

from neue_wege.strengths.wording import REASONS, check_note

STORY = ("Ich habe drei Jahre lang jeden Morgen meine Mutter gepflegt und trotzdem die "
         "Abendschule geschafft. Nie habe ich aufgegeben, auch wenn der Bus nicht kam.")

APPRECIATIVE = [
    "Du hast nicht aufgegeben, das ist echtes Durchhaltevermögen.",
    "Sie hat nicht aufgegeben.",
    "Nie unpünktlich, obwohl der Bus nicht kam!",
    "Du warst nie unpünktlich.",
    "Du bist kein Versager, du hast die Abendschule geschafft.",
    "Das war nicht dumm, sondern mutig.",
    "Nicht nur fleißig, sondern auch fürsorglich mit deiner Mutter.",
    "Du hast nie die Geduld verloren.",
    "Ich hätte nicht so viel Geduld gehabt wie du.",
    "Toll gemacht!",
    "Super",
    "Wie du deine Mutter gepflegt hast, zeigt Fürsorglichkeit.",
    "Obwohl es dir peinlich war, hast du gefragt.",
    "Du warst krank und bist trotzdem jeden Tag gekommen.",
    "Du hast dich von der blöden Situation nicht entmutigen lassen.",
    "Drei Jahre Abendschule neben der Pflege, Respekt!",
    "Du hast dich nicht unterkriegen lassen.",
    "Am 12.03.2021 hast du die Prüfung bestanden, stark.",
    "Du gibst nie auf.",
    "Keine Angst vor der Abendschule – das ist Mut.",
    "Dir ging nie die Puste aus.",
    "Du warst dir nie zu schade für die Pflege.",
    "Das zeigt Verantwortungsbewusstsein für deine Familie.",
    "Ich bewundere, dass du jeden Morgen früh aufgestanden bist.",
    "Du hast gezeigt, dass man nicht alles allein schaffen muss.",
    "Du bist so stark und mutig.",
    "Ohne Ausbildung hast du trotzdem viel gelernt.",
    "Ganz ehrlich: das hätte nicht jeder geschafft.",
    "Mit deinem behinderten Bruder so geduldig zu sein, ist Fürsorge.",
    "„Nie habe ich aufgegeben“ – das zeigt Durchhaltevermögen.",
    "",
    "   ",
]

HURTFUL = [
    ("Du bist echt dumm.", "attack"),
    ("Bist du blöd?", "attack"),
    ("Du bist ein Idiot", "attack"),
    ("Er ist so faul.", "attack"),
    ("Sie sind total unzuverlässig.", "attack"),
    ("Du kannst nichts.", "attack"),
    ("Aus dir wird nie was.", "attack"),
    ("Halt die Klappe", "attack"),
    ("Du hast keine Ahnung.", "attack"),
    ("Die Geschichte ist lächerlich.", "attack"),
    ("Du Vollidiot", "insult"),
    ("Was für ein Versager.", "insult"),
    ("Lauter Idioten hier.", "insult"),
    ("Erbärmlich.", "insult"),
    ("Hässliche Geschichte", "insult"),
    ("Das ist doch Scheiße", "profanity"),
    ("So ein Scheißtext", "profanity"),
    ("Arschloch", "profanity"),
    ("Du bist nicht fähig, eine Arbeit zu behalten.", "negated_strength"),
    ("Du hast keinen Mut.", "negated_strength"),
    ("Du bist nie zuverlässig.", "negated_strength"),
    ("Du bist wenig zuverlässig", "negated_strength"),
    ("Ruf mich an: 0171 2345678", "contact"),
    ("Meine Nummer ist +49 (2861) 123-456", "contact"),
    ("Schreib mir: nina@example.org", "contact"),
    ("Schau mal auf www.beispiel.de", "contact"),
    ("https://example.com/x", "contact"),
    ("DAS IST DOCH TOTAL LANGWEILIG HIER", "shouting"),
    ("Morgen gibt es Pizza in der Kantine, kommt alle vorbei und bringt Getränke mit",
     "off_topic"),
]


@pytest.mark.parametrize("note", APPRECIATIVE)
def test_appreciative_notes_are_not_flagged(note):
    assert check_note(note, story_text=STORY, strength_words=["Durchhaltevermögen"]) is None


@pytest.mark.parametrize(("note", "code"), HURTFUL)
def test_hurtful_or_off_topic_notes_are_flagged_with_a_german_reason(note, code):
    flag = check_note(note, story_text=STORY, strength_words=["Durchhaltevermögen"])
    assert flag is not None, note
    assert flag.code == code
    assert flag.reason == REASONS[code]
    assert flag.reason.startswith("Die Notiz")


def test_there_are_at_least_thirty_examples():
    assert len(APPRECIATIVE) + len(HURTFUL) >= 30


def test_inflected_insults_are_found():
    for note in ("Ihr seid Idioten.", "Diese Versagerin!", "So ein Obertrottel",
                 "unfähige Leute"):
        assert check_note(note) is not None, note


def test_off_topic_needs_a_story_and_a_longer_note():
    long_note = "Morgen gibt es Pizza in der Kantine, kommt alle vorbei und bringt Getränke mit"
    assert check_note(long_note) is None  # no story to compare with
    assert check_note("Pizza in der Kantine", story_text=STORY) is None  # too short to judge


def test_a_note_about_the_chosen_strength_is_on_topic_even_without_story_words():
    note = "Pflichtbewusstsein bemerkt, Verlässlichkeit erkannt, Vorbildfunktion übernommen"
    assert check_note(note, story_text="Wir fuhren nach Gronau zum Markt.",
                      strength_words=["Verlässlichkeit"]) is None


def test_a_note_sharing_words_with_the_story_is_on_topic():
    note = "Abendschule morgens neben Pflege der Mutter durchgezogen, Busfahrten inklusive"
    assert check_note(note, story_text=STORY) is None


def test_short_capitals_are_not_shouting():
    assert check_note("TOLL!", story_text=STORY) is None
    assert check_note("Du warst beim AMS und beim BAMF.", story_text=STORY) is None


def test_a_date_or_a_year_is_not_a_phone_number():
    assert check_note("Seit 2019 bis 2023 durchgehalten, Respekt") is None
    assert check_note("Am 01.02.2024 geschafft, toll") is None
