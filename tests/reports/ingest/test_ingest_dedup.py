"""Reposts of one story score high; different stories, even on the same event, score low."""

from __future__ import annotations

import json

from tests.reports.ingest.pages import OTHER_STORY, STORY

from armstrack.reports.dedup import STORY_THRESHOLD, StorySignature, jaccard, same_story, story_key

ORIGINAL = "\n".join(STORY)
REPOST = ("Editor's note: we carry this report from our partners at Border Monitor.\n"
          + ORIGINAL.replace("last week", "in the past week").replace("closely", "very closely")
          + "\nThis story first appeared on Border Monitor. Read more world news on our site.")
EXCERPT = "\n".join(STORY[:2])
# The same event told by another newsroom in its own words: names and facts shared, sentences not.
REWRITE = ("Satellite pictures reviewed by researchers suggest that long trains moved over the bridge "
           "linking Tumangang and Khasan several times in recent days. On one morning the sidings of the "
           "border yard held over seventy wagons, the researchers said, far more than in spring. "
           "Seoul is watching, a ministry official said; Moscow gave no comment.")


def test_reposts_and_excerpts_are_the_same_story() -> None:
    assert same_story(ORIGINAL, REPOST) >= 0.7
    assert same_story(ORIGINAL, EXCERPT) >= 0.9
    assert same_story(story_key(REPOST), story_key(EXCERPT)) >= STORY_THRESHOLD


def test_other_stories_are_not() -> None:
    assert same_story(ORIGINAL, "\n".join(OTHER_STORY)) < 0.1
    assert same_story(ORIGINAL, REWRITE) < 0.2


def test_signatures_ignore_case_spacing_and_punctuation() -> None:
    messy = ORIGINAL.upper().replace(",", " ,").replace("\n", "\n\n  ")
    assert jaccard(story_key(ORIGINAL), story_key(messy)) == 1.0


def test_short_texts_never_match() -> None:
    assert same_story("Trains at the border.", "Trains at the border.") == 0.0
    assert story_key("").shingles == 0


def test_signature_round_trips_through_json_lists() -> None:
    key = story_key(ORIGINAL)
    assert StorySignature.from_dict(json.loads(json.dumps(key.as_dict()))) == key
    assert story_key(ORIGINAL) == key  # stable across calls (and runs: fixed seed)


def bulletin(cars: int, day: int) -> str:
    """A templated bulletin: the same sentences each time, only counts and dates change."""
    return (f"North Korea sent {cars} freight cars of artillery shells to Russia by rail from Tumangang to Khasan "
            f"on June {day}, defense officials told the Seoul Wire. The rail movement between Tumangang and "
            "Khasan was seen in commercial satellite imagery, the officials said. Pyongyang and Moscow have "
            "deepened military cooperation since their leaders met, and analysts expect more transfers.")


def test_templated_bulletins_of_different_shipments_are_different_stories() -> None:
    first, second = bulletin(40, 10), bulletin(55, 17)
    assert same_story(first, second) < 0.2
    repost = "Reposted from the Seoul Wire.\n" + first + "\nAll rights reserved 2023."
    assert same_story(first, repost) >= 0.9  # a repost keeps its numbers (and may add some)
    assert same_story(first.replace("40", "forty"), first) >= STORY_THRESHOLD  # no numbers left in the shorter
