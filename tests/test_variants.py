"""Forms of one name across the archive (generator/variants.py) and the type rules that came with them: first on
the keys and counts of names as the shared Wikinews corpus writes them, then end to end on its real sentences
(the file each comes from is named above it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.annotate import annotate_articles
from generator.config import load_entities
from generator.read import parse_article
from generator.resolve import resolve_archive
from generator.variants import ArchiveVariants, qualify, without_initials


def article(paragraphs: list[str], path: str, date: str = "2020-01-01"):
    return parse_article(
        f" date {date} {chr(10) * 2}{(chr(10) * 2).join(paragraphs)}".encode(), path
    )


def resolve(articles):
    return resolve_archive(articles, annotate_articles(articles), load_entities(None))


def page_of(archive, text: str):
    """The one actor whose mentions include `text`."""
    found = {a.name: a for a in archive.actors for m in a.mentions if m.text == text}
    assert len(found) == 1, (text, sorted(found))
    return next(iter(found.values()))


def joins(
    types: dict[str, str], counts: dict[str, tuple[int, int]] | None = None, articles=()
) -> dict[str, str]:
    variants = ArchiveVariants(types, counts or dict.fromkeys(types, (1, 1)), articles)
    return {key: join.target for key in types if (join := variants.resolve(key)) is not None}


# ---------------------------------------------------------------- the rules, on keys


def test_a_name_without_its_possessive_s_joins_the_name_with_it():
    # GUM_news_election (../shared/gold/gum-news): 'New People Party's Regina Ip', 'Eunice Yung of New People's Party'
    types = {"new people party": "organization", "new people s party": "organization"}
    assert joins(types) == {"new people party": "new people s party"}
    # Not across types: 'Macy's' the store is not a person called Macy.
    assert joins({"macy": "person", "macy s store": "organization", "macy store": "person"}) == {}


def test_a_qualifying_place_is_written_as_the_place_s_own_name():
    assert qualify("us senate") == ("united states senate", "senate", "united states")
    assert qualify("supreme court of the united states") == (
        "united states supreme court",
        "supreme court",
        "united states",
    )
    assert qualify("british parliament") == (
        "united kingdom parliament",
        "parliament",
        "united kingdom",
    )
    assert qualify("senate") is None and qualify("democratic party") is None


def test_spellings_of_one_name_join_the_most_mentioned():
    types = {
        "us senate": "organization",
        "united states senate": "organization",
        "united-states": "place",
        "united states": "place",
        "covid": "other",
        "covid-19": "other",
        "brian t carroll": "person",
        "brian carroll": "person",
    }
    counts = dict.fromkeys(types, (1, 1)) | {"us senate": (6, 12), "united states senate": (2, 3)}
    assert joins(types, counts) == {
        "united states senate": "us senate",  # 'United States Senate' and 'U.S. Senate'
        "united-states": "united states",  # a hyphen for a space
        "covid": "covid-19",  # a numbered name's bare stem
        "brian t carroll": "brian carroll",  # a middle initial
    }


def test_a_stem_with_two_numbered_names_or_a_name_with_two_initialled_ones_stays_apart():
    types = {
        "apollo": "other",
        "apollo-11": "other",
        "apollo-13": "other",
        "george bush": "person",
        "george w bush": "person",
        "george h w bush": "person",
    }
    assert joins(types) == {}


def test_a_party_s_adjective_and_its_members_join_the_party_the_archive_names():
    types = {
        "democratic": "group",
        "democrats": "group",
        "democrat": "group",
        "democratic party": "organization",
        "republicans": "group",
        "republican party": "organization",
        "libertarian": "group",
    }
    assert joins(types) == {
        "democratic": "democratic party",
        "democrats": "democratic party",
        "democrat": "democratic party",
        "republicans": "republican party",
    }  # no 'Libertarian Party' in this archive: 'Libertarian' stays


def test_a_bare_institution_joins_the_one_the_articles_around_it_are_about():
    types = {
        "senate": "organization",
        "us senate": "organization",
        "puerto rico senate": "organization",
        "united states": "place",
        "puerto rico": "place",
    }
    counts = {
        "senate": (9, 50),
        "us senate": (6, 12),
        "puerto rico senate": (1, 2),
        "united states": (9, 40),
        "puerto rico": (1, 5),
    }
    us = [{"senate", "united states"}] * 7 + [{"senate"}]
    puerto_rico = [{"senate", "puerto rico senate", "puerto rico"}]
    # The bare name is the archive's usual name for it: the qualified names join the bare one.
    assert joins(types, counts, us + puerto_rico) == {"us senate": "senate"}
    # Rivals named as often around it: no join.
    assert joins(types, counts, us[:2] + puerto_rico * 2) == {}


def test_a_bare_institution_in_an_article_of_another_country_is_that_countrys_or_none():
    """The keys of the corpus's articles on Puerto Rico's and Argentina's legislatures beside the US ones: the
    archive means the US Senate by 'Senate', an article naming the Puerto Rico Senate means that one, one naming
    only Argentine places none of the archive's, and one naming Iowa's senate (a US state's) or no place at all the
    archive's."""
    from generator.variants import NOT_HERE

    types = {
        "senate": "organization",
        "us senate": "organization",
        "puerto rico senate": "organization",
        "iowa senate": "organization",
        "united states": "place",
        "puerto rico": "place",
        "argentina": "place",
        "buenos aires": "place",
        "iowa": "place",
    }
    counts = dict.fromkeys(types, (1, 1)) | {"senate": (9, 50), "us senate": (6, 12)}
    us = [{"senate", "united states"}] * 7
    variants = ArchiveVariants(types, counts, us + [{"senate", "puerto rico senate"}])
    here = variants.institution_in_article
    assert here("senate", frozenset({"senate", "puerto rico senate", "puerto rico"})) == (
        "puerto rico senate"
    )
    assert here("senate", frozenset({"senate", "argentina", "buenos aires"})) == NOT_HERE
    assert here("senate", frozenset({"senate", "iowa senate", "iowa"})) is None
    assert here("senate", frozenset({"senate"})) is None
    assert here("senate", frozenset({"senate", "united states", "argentina"})) is None
    # The article's own actor may hold the qualified name where its key is the bare one.
    assert here("senate", frozenset({"senate"}), ["Puerto Rico Senate", "Senate"]) == (
        "puerto rico senate"
    )


def test_a_state_party_is_not_the_party():
    # 'Republican Party of Idaho' beside the archive's many mentions of the Republican Party with no place.
    types = {
        "republican party": "organization",
        "republican party of idaho": "organization",
        "idaho": "place",
    }
    counts = {"republican party": (10, 19), "republican party of idaho": (1, 1), "idaho": (2, 3)}
    articles = [{"republican party"}] * 9 + [
        {"republican party", "republican party of idaho", "idaho"}
    ]
    assert joins(types, counts, articles) == {}


def test_a_one_word_head_joins_the_dominant_name_it_heads():
    types = {
        "house": "organization",
        "house of representatives": "organization",
        "house of lords": "organization",
    }
    counts = {"house": (20, 27), "house of representatives": (15, 21), "house of lords": (1, 1)}
    articles = [{"house", "house of representatives"}] * 5 + [{"house"}] * 15
    assert joins(types, counts, articles) == {"house": "house of representatives"}
    assert joins(types, counts | {"house of lords": (8, 10)}, articles) == {}


def test_a_one_word_head_joins_only_a_name_named_beside_it():
    # 'Time' the magazine and 'Time of Your Life' the song: never in one article, so never one actor.
    types = {"time": "organization", "time of your life": "organization"}
    counts = {"time": (102, 102), "time of your life": (68, 170)}
    apart = [{"time"}] * 102 + [{"time of your life"}] * 68
    assert joins(types, counts, apart) == {}
    # A fifth of the articles with the bare name name the other too: fewer than one in four.
    seldom = [{"time", "time of your life"}] * 20 + [{"time"}] * 82
    assert joins(types, counts, seldom) == {}
    often = [{"time", "time of your life"}] * 26 + [{"time"}] * 76
    assert joins(types, counts, often) == {"time": "time of your life"}


def test_a_middle_initial_is_dropped_only_between_first_and_last_names():
    assert without_initials("brian t carroll") == "brian carroll"
    assert without_initials("john r bolton") == "john bolton"
    assert without_initials("t carroll") == "t carroll"


# ---------------------------------------------------------------- end to end, on real sentences


# 2019/2019-09-21-nyc-mayor-de-blasio-ends-us-presidential-campaign.md
DE_BLASIO = [
    "Mayor de Blasio, a member of the Democratic Party, spoke on MSNBC's morning news talk show Morning Joe when he "
    'made the announcement: "I feel like I have contributed all I can to this primary election, and it’s clearly '
    "not my time, so I’m going to end my presidential campaign, continue my work as mayor of New York City and "
    'I’m going to keep speaking up for working people."',
    "He did not qualify to participate in further Democratic debates after the first two.",
]
# 2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md
PELOSI = (
    "Pelosi has said her plans for the new term will begin with less controversial issues with which she could "
    "find common ground with Republicans, but Democrats also plan to address the current government shutdown "
    "promptly."
)


def test_democrats_and_democratic_are_the_democratic_party():
    archive = resolve([article(DE_BLASIO, "de-blasio.txt"), article([PELOSI], "pelosi.txt")])
    party = page_of(archive, "Democratic Party")
    assert party.type == "organization" and party.name == "Democratic Party"
    assert {"Democrats", "Democratic", "Democratic Party"} <= {m.text for m in party.mentions}
    assert {m.how for m in party.mentions if m.text == "Democrats"} == {"variant"}


# 2019/2019-08-16-hickenlooper-ends-us-presidential-bid-senate-run-possible.md and
# 2020/2020-06-19-on-the-campaign-trail-in-the-usa-may-2020.txt
HICKENLOOPER = (
    "Reports citing sources within the Democratic Party have indicated Hickenlooper was actively encouraged to "
    "drop out in favor of a run for a seat in the United States Senate."
)
BLANKENSHIP = [
    "At the Constitution Party's 2020 National Convention conducted online May 2, the party nominated "
    "businessman Don Blankenship for president on the second ballot.",
    "While Blankenship has been widely covered for his role as CEO of Massey Energy during the 2010 Upper Big "
    "Branch Mine disaster that resulted in the deaths of 29 miners, his subsequent conviction for misdemeanor "
    "conspiracy to violate safety standards willfully, his one year imprisonment, and his unsuccessful 2018 "
    "campaign for the Republican Party's US Senate nomination in West Virginia,  Mohr is relatively unknown.",
]


def test_us_senate_and_united_states_senate_are_one_page():
    archive = resolve(
        [article([HICKENLOOPER], "hickenlooper.txt"), article(BLANKENSHIP, "blankenship.txt")]
    )
    senate = page_of(archive, "United States Senate")
    assert "US Senate" in {m.text for m in senate.mentions} and senate.type == "organization"


def test_a_surname_the_model_takes_for_a_place_stays_with_its_person():
    archive = resolve([article(BLANKENSHIP, "blankenship.txt")])
    person = page_of(archive, "Don Blankenship")
    assert person.type == "person" and "Blankenship" in {m.text for m in person.mentions}


# 2020/2020-12-14-red-hat-to-move-focus-away-from-centos-in-favour-of-stream-centos-team-discuss-i.txt
SLASHED = (
    "I have a team of colleagues who help me out with CentOS through the Open Source Program Office (OSPO) at Red "
    "Hat, and across the many other departments that are part of the Fedora/Red Hat Enterprise Linux (RHEL)/CentOS "
    "projects at Red Hat."
)


def test_names_joined_by_a_slash_are_apart():
    archive = resolve([article([SLASHED], "centos.txt")])
    assert not any("/" in actor.name for actor in archive.actors), [a.name for a in archive.actors]
    assert page_of(archive, "Red Hat Enterprise Linux").name == "Red Hat Enterprise Linux"


# 2019/2019-03-17-new-zealand-mosque-murder-suspect-appears-in-court-at-christchurch.md
ANTI = (
    "Brenton also allegedly released an anti-Muslim document online, outlining political motivation, prior to the "
    "murders."
)


def test_an_attitude_to_an_actor_is_no_actor():
    archive = resolve([article([ANTI], "christchurch.txt")])
    assert not any("anti" in actor.name.lower() for actor in archive.actors), [
        a.name for a in archive.actors
    ]


# 2019/2019-12-30-radio-host-don-imus-dies-aged-79.md; 2019/2019-08-08-puerto-rico-supreme-court-removes-
# governor-pierluisi-wanda-vazquez-becomes-gover.md; 2019/2019-09-15-oil-facilities-in-saudi-arabia-hit-by-drone-attacks.md
IMUS = [
    "As of today, former coworker and long time rival shock jock Howard Stern, with whom Imus feuded, has not "
    "commented on the death on his Twitter account.",
    "In a statement posted to her Twitter account before being sworn in, then-Secretary Vázquez affirmed her "
    'willingness to accept the role, writing, "Puerto Rico needs certainty and stability."',
    "US Secretary of State Mike Pompeo posted a message on Twitter blaming Iran for the attacks, saying there was "
    '"no evidence the attacks came from Yemen."',
]


def test_a_platform_people_post_on_is_an_organisation():
    archive = resolve([article(IMUS, "imus.txt")])
    assert page_of(archive, "Twitter").type == "organization"


# 2020/2020-10-26-github-blocks-public-access-to-youtube-dl-after-riaa-issues-dmca-notice.txt
DMCA = [
    "The blockade came after GitHub received a Digital Millennium Copyright Act (DMCA) take-down notice from the "
    "Recording Industry Association of America (RIAA).",
    "GitHub's DMCA repository, where the takedown notice was published for public viewing, was subject to "
    "contant vandalism from multiple GitHub users.",
    "One user submitted a pull request, merging the source code of youtube-dl along with the DMCA repository.",
    "This enabled users to view youtube-dl's source code from within the DMCA repository, provided they know the "
    "commit id.",
]


def test_a_law_s_name_types_its_acronym_too():
    archive = resolve([article(DMCA, "dmca.txt")])
    assert page_of(archive, "Digital Millennium Copyright Act").type == "other"


def test_an_acronym_for_the_first_words_of_a_name_joins_it():
    types = {
        "united nations security council": "organization",
        "un security council": "organization",
        "university of california davis": "organization",
        "uc davis": "organization",
        "un council": "person",  # not across types
    }
    assert joins(types) == {
        "un security council": "united nations security council",
        "uc davis": "university of california davis",
    }
    # A place before an institution is the place's own name's to join, not an acronym's.
    assert joins({"us senate": "organization", "united states senate": "organization"}) == {
        "us senate": "united states senate"
    }


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews"
UC_DAVIS = (
    "2020/2020-06-28-neanderthals-knew-what-they-were-doing-archologist-dr-naomi-martisius-discusses-.txt",
    "2019/2019-02-23-zebra-stripes-may-dazzle-pathogen-packing-horse-flies-say-scientists.md",
)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not found")
def test_uc_davis_is_the_university_of_california_davis():
    # 'at UC Davis, so that's where I've been for a while: University of California Davis.'
    archive = resolve([parse_article((CORPUS / name).read_bytes(), name) for name in UC_DAVIS])
    davis = page_of(archive, "University of California Davis")
    assert {m.text for m in davis.mentions} == {"UC Davis", "University of California Davis"}
