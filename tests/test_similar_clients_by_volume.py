"""A team that told how many items a day it handles and asks for "a client with numbers like
ours" gets the note whose own daily volume is nearest, not whichever note the search ranked
first (the 1,800-emails-a-day client for a million messages a day). Volumes are read the way
people write them ("500,000 machine events daily", "1M msgs/day", "two million narrations
daily"); money spent a month and pages changed a week are no volume handled."""

import pytest
from conftest import two_turns

from assistant.told_numbers import volume_distance, volume_per_day


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("text, per_day", [
    ("We classify 500,000 machine events daily, latency budget 100 ms, lots of labels.", 500_000),
    ("Our KYC extraction: ~200k docs/day, fixed schema, tight SLA", 200_000),
    ("we classify 1M msgs/day with a 100ms budget", 1_000_000),
    ("must tag about two million narrations daily under 100 ms", 2_000_000),
    ("400 labelled complaint emails and about 500 per day", 500),
    ("It was sending about 1.4 million transactions a day to a large hosted model", 1_400_000),
    ("1.2k tickets/wk", 1200 / 7),
])
def test_a_daily_volume_is_read_as_people_write_it(text, per_day):
    assert volume_per_day(text) == pytest.approx(per_day)


@pytest.mark.parametrize("text", ["It runs for under EUR 300 a month", "about 40 pages change every week",
                                  "900 handbook pages plus a year of tickets", "we meet once a week", "no numbers here"])
def test_money_changes_and_spans_are_no_volume_handled(text):
    assert volume_per_day(text) is None


def test_volumes_are_compared_in_orders_of_magnitude():
    assert volume_distance(1_000_000, 1_400_000) < volume_distance(1_000_000, 450_000) < volume_distance(1_000_000, 1_800)


@pytest.mark.parametrize("told, asked, nearest", [
    ("We classify 500,000 machine events daily, latency budget 100 ms, lots of labels.", "any similar client?", "case-013"),
    ("Our payments team must tag about two million narrations daily under 100 ms, with 300,000 labelled examples. Which approach fits?",
     "Is there a client note that closely resembles our situation?", "case-003"),
    ("we classify 1M msgs/day with a 100ms budget, pe or ft?", "have u seen a client w/ numbers like ours?", "case-003"),
])
def test_a_client_like_us_is_the_one_nearest_our_volume(assistant, told, asked, nearest):
    _, second = two_turns(assistant, told, asked)
    assert _cited(second)[0] == nearest, second["answer"]


def test_a_small_volume_still_gets_the_small_client(assistant):
    _, second = two_turns(assistant, "We get maybe 1,000 complaint emails a day, have 300 labelled ones, and there is no latency pressure.",
                          "Is there a similar client, and what did they do?")
    assert _cited(second)[0] == "case-007", second["answer"]
