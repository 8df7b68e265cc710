"""Content words and name keys that anchor a paraphrase (invented sentences)."""

from __future__ import annotations

from communique.analyse.claims_frames import content_words, topic_words


def test_content_words_leave_out_stop_words_names_and_verbs_of_saying() -> None:
    words = content_words("Orme said the dockers passed the pension vote.", ["Orme"])
    assert words == content_words("The docker passes pensions votes.")
    assert "orm" not in words and "said" not in words and "the" not in words


def test_a_known_country_of_generic_words_is_a_topic_of_its_own() -> None:
    assert topic_words("United States") == topic_words("US") != frozenset()
    assert topic_words("the Ministry") == frozenset()
