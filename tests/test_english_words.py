"""The speller's English frequency list is parsed once per version of the file: later
starts read the parsed list from the data dir, exactly as parsing would give it, and a
damaged or stale cache is never trusted (issue 13: warm first answer)."""

from __future__ import annotations

import logging

from assistant import english_words
from assistant.spelling import SpellingCorrector


def parsed_as_text(path) -> tuple[list[str], list[int]]:
    return english_words.parse(path.read_text(encoding="utf-8"))


def test_the_cached_list_is_the_parsed_file_in_its_order(tmp_path):
    source = english_words.dictionary_path()
    first = english_words.load(tmp_path)
    (cache,) = tmp_path.glob("english-words-*.pickle")
    assert english_words.load(tmp_path) == first == parsed_as_text(source)
    assert len(first[0]) > 80_000 and first[0][:3] == ["the", "of", "and"]  # most frequent first
    assert cache.stat().st_size > 0


def test_lines_that_are_not_a_word_and_a_count_are_skipped():
    assert english_words.parse("the 10\n\nodd line here\nof 7\n") == (["the", "of"], [10, 7])


def test_a_damaged_cache_is_rebuilt_from_the_text_and_says_so(tmp_path, caplog):
    expected = english_words.load(tmp_path)
    (cache,) = tmp_path.glob("english-words-*.pickle")
    for damage in (b"", b"not a pickle", cache.read_bytes()[:100]):
        cache.write_bytes(damage)
        with caplog.at_level(logging.WARNING, logger="assistant.english_words"):
            assert english_words.load(tmp_path) == expected
        assert "rebuilding it" in caplog.text
        caplog.clear()
    assert english_words.load(tmp_path) == expected  # and the rebuilt file is whole again


def test_another_version_of_the_file_gets_its_own_cache(tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("alpha 3\nbeta 2\n", encoding="utf-8")
    assert english_words.load(tmp_path / "cache", source) == (["alpha", "beta"], [3, 2])
    source.write_text("alpha 3\ngamma 1\n", encoding="utf-8")
    assert english_words.load(tmp_path / "cache", source) == (["alpha", "gamma"], [3, 1])
    assert len(list((tmp_path / "cache").glob("english-words-*.pickle"))) == 2


def test_an_unwritable_cache_folder_still_gives_the_list(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert english_words.load(blocked / "cache") == parsed_as_text(english_words.dictionary_path())


def test_the_speller_knows_the_same_words_with_or_without_the_cache(tmp_path):
    knowledge = {"retrieval": 5, "fine-tuning": 3, "lora": 2}
    without = SpellingCorrector(knowledge)
    cached = SpellingCorrector(knowledge, cache_dir=tmp_path)
    cached.known()  # writes the cache
    again = SpellingCorrector(knowledge, cache_dir=tmp_path)  # reads it
    for speller in (cached, again):
        assert speller.known() == without.known()
        assert speller.common_english == without.common_english
        assert speller.everyday_words == without.everyday_words
        assert speller.correct("the retreival shoud work wen finetuning").text == \
            without.correct("the retreival shoud work wen finetuning").text
