"""Resolution rules that keep junk out of the actors and join a lone surname to its person, each on real sentences
from the shared Wikinews corpus (the file each comes from is named above it)."""

from __future__ import annotations

from generator.annotate import annotate_articles
from generator.config import load_entities
from generator.read import parse_article
from generator.resolve import resolve_archive


def article(paragraphs: list[str], path: str, date: str = "2020-01-01"):
    return parse_article(f" date {date} {chr(10) * 2}{(chr(10) * 2).join(paragraphs)}".encode("utf-8"), path)


def resolve(articles, rules=None):
    return resolve_archive(articles, annotate_articles(articles), rules or load_entities(None))


def names(archive) -> set[str]:
    return {actor.name for actor in archive.actors}


def mention_texts(archive, name: str) -> list[str]:
    return [m.text for a in archive.actors if a.name == name for m in a.mentions]


# ../shared/corpus/wikinews/2019/2019-01-27-male-magellanic-penguins-pine-for-pairings-wikinews-interviews-biologist-natasha.md
INTERVIEW = [
    "Gownaris answered a series of questions for our correspondent.",
    "((Wikinews))  What prompted your curiosity about Magellanic penguins?",
    "Natasha Gownaris: I've wanted to be a marine scientist since I was a child, when I would collect sand crabs "
    "(Emerita talpoida) from local beaches in New York.",
    "((WN))  How did you approach putting together such a large-scale study?",
    "NG: This study started in 1982, long before my joining the lab in March of 2016. Dr. Dee Boersma began this "
    "study as a response to a Japanese company's interest in harvesting penguins for their skin, meat, and oil.",
]


def test_speaker_labels_of_an_interview_are_not_actors():
    archive = resolve([article(INTERVIEW, "interview.txt")])
    assert not names(archive) & {"WN", "Wikinews", "NG", "Natasha Gownaris"}, names(archive)
    assert any("Boersma" in name for name in names(archive))  # a name in the answer is still found
    assert "New York" in names(archive)


def test_a_colon_after_a_sentence_is_no_speaker_label():
    # ../shared/corpus/wikinews/2019/2019-09-17-us-president-trump-says-osama-bin-laden-s-son-killed.md
    text = "Trump's statement read: \"Hamza bin Ladin, the high-ranking al-Qa’ida member and son of Usama bin Ladin, was killed in a United States counterterrorism operation in the Afghanistan/Pakistan region.\""
    archive = resolve([article([text], "statement.txt")])
    assert "Trump" in mention_texts(archive, "Trump")


def test_a_language_label_in_wiki_markup_is_not_an_actor():
    # ../shared/corpus/wikinews/2020/2020-10-18-living-with-hiv-during-covid-19-wikinews-talks-to-hiv-positive-sex-workers-about.txt
    text = (
        "((Akram Pasha))  Ashodaya is a CO — which is a Community Organisation — it works with female, male and "
        "transgender sex workers.  Its operations are related to their health: primarily, focused on HIV-AIDS. "
        "((hi))Hindi language: ‍अशोदया जो एक CO है।"
    )
    archive = resolve([article([text], "pasha.txt")])
    assert not {"Akram Pasha", "hi"} & names(archive), names(archive)


def test_a_photo_credit_is_no_speaker_label():
    # ../shared/corpus/wikinews/2020/2020-07-25-on-the-campaign-trail-in-the-usa-june-2020.txt: a caption's credit.
    archive = resolve([article(["Kamala Harris Image: U.S. Senate."], "caption.txt")])
    assert any(name.startswith("Kamala Harris") for name in names(archive)), names(archive)
