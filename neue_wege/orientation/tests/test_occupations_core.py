"""The general improvements of the pure core: vision focus, likes/wishes, former trades,
licences, teaching occupations, the requirement-level prior and variety (no database)."""

from __future__ import annotations

from collections import Counter

import pytest

from neue_wege.orientation.match.engine import LEVEL_PRIOR, MAX_PER_GROUP
from neue_wege.orientation.matcher import default_matcher


@pytest.fixture(scope="module")
def matcher():  # noqa: ANN201
    return default_matcher()


def _weight(matcher, text: str, term: str) -> float:  # noqa: ANN001
    query, _, _ = matcher.query(text)
    return query.get(term, 0.0)


def test_words_of_a_liking_or_wish_count_more(matcher):  # noqa: ANN001
    plain = _weight(matcher, "Ich koche jeden Abend für die Nachbarn.", "koch")
    liked = _weight(matcher, "Ich koche gern jeden Abend für die Nachbarn.", "koch")
    assert plain > 0 and liked == pytest.approx(1.5 * plain)


def test_a_negated_liking_is_no_wish(matcher):  # noqa: ANN001
    plain = _weight(matcher, "Das Kochen in der Kantine war anstrengend.", "koch")
    negated = _weight(matcher, "Das Kochen in der Kantine machte keinen Spaß.", "koch")
    assert negated == pytest.approx(plain)


def test_the_former_trade_counts_less(matcher):  # noqa: ANN001
    now = _weight(matcher, "Er arbeitet als Schreiner in Bochum.", "schrein")
    before = _weight(matcher, "Er ist gelernter Schreiner aus Bochum.", "schrein")
    assert before == pytest.approx(0.5 * now)


def test_a_licence_stands_for_the_activity(matcher):  # noqa: ANN001
    query, _, _ = matcher.query("Sie machte den Führerschein in der Fahrschule.")
    assert "fahr" in query
    assert not any(t.startswith(("fuhrersch", "fahrschul")) for t in query)


def test_teaching_occupations_need_a_teaching_cue(matcher):  # noqa: ANN001
    def best_rank(text: str) -> int:
        suggestions = matcher.suggest(text, top=30)
        return next(n for n, s in enumerate(suggestions, 1) if s.isco08.startswith("23"))

    playing = "Ich spiele seit Jahren Musik mit Gitarre und Klavier."
    teaching = "Ich unterrichte seit Jahren Musik mit Gitarre und Klavier."
    assert best_rank(teaching) < best_rank(playing)


def test_expert_occupations_get_the_mild_level_prior(matcher):  # noqa: ANN001
    data = matcher.data.occupations
    for index, occ in enumerate(data):
        level = (occ.kldb2010 or "")[4:5]
        assert matcher._prior[index] == LEVEL_PRIOR.get(level, 1.0)
    assert LEVEL_PRIOR["4"] < 1.0 and "2" not in LEVEL_PRIOR and "1" not in LEVEL_PRIOR


def test_variety_of_occupation_groups(matcher):  # noqa: ANN001
    text = "Ich möchte Fahrlehrer werden und anderen das Autofahren und Motorradfahren beibringen."
    groups = Counter(s.isco08 for s in matcher.suggest(text, top=10))
    assert max(groups.values()) <= MAX_PER_GROUP
    assert len(groups) >= 10 // MAX_PER_GROUP


def test_vision_focus_alone_and_its_reason(matcher):  # noqa: ANN001
    suggestions = matcher.suggest("", top=5, focus="Busfahrer", check=False)
    assert suggestions and suggestions[0].isco08 == "8331"
    assert any("Zielbild" in r for r in suggestions[0].reasons)


def test_vision_focus_outweighs_the_story(matcher):  # noqa: ANN001
    story = "Ich habe im Lager gearbeitet und Pakete sortiert. Außerdem habe ich gekocht."
    without = [s.isco08 for s in matcher.suggest(story, top=3)]
    with_vision = [s.isco08 for s in matcher.suggest(story, top=3, focus="Koch in einer Küche")]
    assert "5120" not in without[:1]
    assert with_vision[0] in {"5120", "9412", "3434"}


def test_nothing_to_go_on_gives_nothing_without_check(matcher):  # noqa: ANN001
    assert matcher.suggest("", top=5, strengths=[], check=False) == []
    assert matcher.suggest("", top=3, strengths=[], interests={"S": 1}, check=False)
