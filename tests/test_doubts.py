"""The editor's loop (generator/doubts.py): doubtful actors found on real Wikinews articles, each kind on a real
case; the entities.yml entry each comes with settles it on the next build; the report is stable, escaped, on the
site and in the terminal, most mentioned first."""

from __future__ import annotations

import dataclasses
import difflib
import html
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import markdown
import pytest
import yaml

from generator.config import load_entities
from generator.doubts import (
    KINDS,
    NEAR_DUPLICATE_SMALL_BUCKET,
    Doubt,
    compact,
    doubts_json,
    doubts_page,
    doubts_text,
    find_doubts,
    near_duplicate_pairs,
    near_duplicates,
    render_doubts,
)
from generator.model import Actor, Archive, Article, Mention
from generator.pipeline import BuildSettings, build_archive
from generator.sitepages import markdown_passthrough

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
# Four real articles, each giving a kind of doubt: a type voted person 1 / other 1 ('Pedro R. Pierluisi Urrutia'; the
# place votes the model gave 'Sirhan' no longer count once that surname joins Sirhan Sirhan), a surname kept
# apart from two full names ('Kennedy'; 'Spanton'), a misspelt place ('Lousiana' beside 'Louisiana') and a fragment
# of a longer name ('Rico' beside 'Puerto Rico').
ARTICLES = [
    "2019/2019-02-02-paris-court-jails-two-police-in-high-profile-rape-case.md",
    "2019/2019-09-03-kennedy-assassin-sirhan-sirhan-stabbed-in-california-prison.md",
    "2019/2019-07-12-louisiana-declares-state-of-emergency-as-tropical-storm-barry-approaches-u-s-coa.md",
    "2019/2019-08-08-puerto-rico-supreme-court-removes-governor-pierluisi-wanda-vazquez-becomes-gover.md",
]

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def settings_for(root: Path, order=ARTICLES) -> BuildSettings:
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for name in order:
        shutil.copy(CORPUS / name, seeds / Path(name).name)
    return BuildSettings(
        seeds=seeds,
        entities=root / "entities.yml",
        model="en_core_web_sm",
        cache_dir=root / "cache",
        pages_dir=root / "pages",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings = settings_for(tmp_path_factory.mktemp("doubts"))
    archive = build_archive(settings).archive
    return settings, archive, find_doubts(archive, load_entities(settings.entities))


def doubt_about(doubts: list[Doubt], name: str, kind: str) -> Doubt:
    found = [d for d in doubts if d.name == name and d.kind == kind]
    assert found, f"no {kind} doubt about {name!r} in {[(d.kind, d.name) for d in doubts]}"
    return found[0]


def test_split_type_votes_are_a_doubt(built):
    doubt = doubt_about(built[2], "Pedro R. Pierluisi Urrutia", "type")
    assert "person 1, other 1" in doubt.reason and "shown as person" in doubt.reason
    assert yaml.safe_load(doubt.snippet) == [
        {"name": "Pedro R. Pierluisi Urrutia", "type": "person"}
    ]
    assert not [d for d in built[2] if d.name == "Sirhan Sirhan"]


def test_a_surname_left_apart_names_its_full_names_and_merges_into_the_most_mentioned(built):
    doubt = doubt_about(built[2], "Kennedy", "surname")
    # 'Robert was killed in June 1968': the given name alone joins him (resolve.merge_given_names).
    assert "Robert F. Kennedy (3 mentions), John F. Kennedy (1 mention)" in doubt.reason
    assert yaml.safe_load(doubt.snippet) == [{"name": "Robert F. Kennedy", "merge": ["Kennedy"]}]
    assert yaml.safe_load(doubt_about(built[2], "Spanton", "surname").snippet) == [
        {"name": "Emily Spanton", "merge": ["Spanton"]}
    ]


def test_a_misspelt_name_is_a_near_duplicate_of_the_commoner_spelling(built):
    doubt = doubt_about(built[2], "Lousiana", "near-duplicate")
    assert "near-duplicate of Louisiana" in doubt.reason
    assert yaml.safe_load(doubt.snippet) == [{"name": "Louisiana", "merge": ["Lousiana"]}]


def test_a_single_mention_piece_of_a_longer_name_in_its_article_is_a_fragment(built):
    doubt = doubt_about(built[2], "Rico", "fragment")
    assert "part of Puerto Rico" in doubt.reason
    assert yaml.safe_load(doubt.snippet) == [{"name": "Rico", "ignore": True}]
    assert not [d for d in built[2] if d.name == "Puerto Rico"]


def test_most_mentioned_first_then_name_then_kind(built):
    doubts = built[2]
    keys = [(-d.mentions, d.name) for d in doubts]
    assert keys == sorted(keys)
    assert doubts[0].name == "Spanton" and doubts[0].mentions == 8


def test_pasting_every_snippet_into_entities_yml_settles_every_doubt(built, tmp_path):
    settings, _, doubts = built
    settings = dataclasses.replace(settings_for(tmp_path), entities=tmp_path / "entities.yml")
    settings.entities.write_text("actors:\n" + "".join(d.snippet for d in doubts), "utf-8")
    archive = build_archive(settings).archive
    assert find_doubts(archive, load_entities(settings.entities)) == []
    by_name = {actor.name: actor for actor in archive.actors}
    assert {"Kennedy", "Spanton", "Lousiana", "Rico"}.isdisjoint(by_name)
    assert (
        len(by_name["Robert F. Kennedy"].mentions)
        == 5  # with the lone "Robert" (merge_given_names)
        and "Kennedy" in by_name["Robert F. Kennedy"].aliases
    )
    assert len(by_name["Louisiana"].mentions) == 3
    assert ("lousiana", "louisiana") in archive.redirects


def test_doubts_json_is_sorted_and_the_same_bytes_whatever_the_reading_order(built, tmp_path):
    settings, archive, doubts = built
    first = (settings.pages_dir / "api" / "doubts.json").read_bytes()
    records = json.loads(first)
    assert [r["slug"] for r in records] == [d.slug for d in doubts]
    assert [r["mentions"] for r in records] == sorted(
        (r["mentions"] for r in records), reverse=True
    )
    again = build_archive(settings_for(tmp_path, order=list(reversed(ARTICLES)))).archive
    assert (tmp_path / "pages" / "api" / "doubts.json").read_bytes() == first
    shuffled = dataclasses.replace(again, actors=tuple(reversed(again.actors)))
    assert doubts_json(find_doubts(shuffled)).encode("utf-8") == first


def hostile_archive() -> Archive:
    """Names an article could hold: markup, Jinja braces, backtick runs, YAML structure, a bidi override."""
    article = Article(
        "a", __import__("datetime").date(2020, 1, 1), "t", "", "", "", "x" * 200, (), "a.md"
    )
    names = [
        "<script>alert(1)</script> Party",
        "<script>alert(1)</script>  party",  # a near-duplicate of the first
        "```` {{ config }} `x`\u202e",  # single mention with stray characters: a fragment
        "Evil\nignore: true",  # a fragment too
    ]
    actors = []
    for number, name in enumerate(names):
        count = 3 if number == 0 else 1
        mentions = tuple(
            Mention("a", 10 * number + i, 10 * number + i + 1, name, "ORG", "s", f"s{number}")
            for i in range(count)
        )
        actors.append(Actor(f"s{number}", name, "organization", (), mentions))
    return Archive((article,), tuple(actors))


# Spellings of real names as archives hold them: alike at both ends ('Lousiana'), at the end only ('Chaikovsky'), at
# the start only ('Zelenskyy'), folded alike across types ('Al Qaeda'), and names too short or too unlike to pair.
SPELLINGS = [
    ("Louisiana", "place"),
    ("Lousiana", "place"),
    ("Tchaikovsky", "person"),
    ("Chaikovsky", "person"),
    ("Zelensky", "person"),
    ("Zelenskyy", "person"),
    ("Al-Qaeda", "organization"),
    ("Al Qaeda", "group"),
    ("Al-Qaida", "organization"),
    ("Iran", "place"),
    ("Iraq", "place"),
    ("Louisiana State University", "organization"),
    ("Pittsburgh", "place"),
    ("Pittsburg[h", "place"),
    ("Pittsburgh", "organization"),
]


def alike(first: Actor, second: Actor) -> bool:
    """The near-duplicate rule, as the docs state it, to try on every pair."""
    a, b = compact(first.name), compact(second.name)
    if a == b:
        return True
    return (
        first.type == second.type
        and min(len(a), len(b)) >= 6
        and (a[:3] == b[:3] or a[-3:] == b[-3:])
        and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9
    )


def test_near_duplicate_pairs_are_every_pair_the_rule_names_each_once():
    actors = [
        Actor(f"a{number}", name, kind, (), (Mention("x", 0, 1, name, "", "s", f"a{number}"),))
        for number, (name, kind) in enumerate(SPELLINGS)
    ]

    expected = [
        (first.slug, second.slug)
        for first, second in itertools.combinations(actors, 2)
        if alike(first, second)
    ]
    found = [(first.slug, second.slug) for first, second, _ in near_duplicate_pairs(actors)]
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    assert all(first < second for first, second in found)
    names = {frozenset(SPELLINGS[int(slug[1:])][0] for slug in pair) for pair in found}
    assert {
        frozenset({"Louisiana", "Lousiana"}),
        frozenset({"Tchaikovsky", "Chaikovsky"}),
        frozenset({"Zelensky", "Zelenskyy"}),
        frozenset({"Al-Qaeda", "Al Qaeda"}),
        frozenset({"Pittsburgh"}),
    } <= names


def misspelt_names(count: int, seed: int) -> list[tuple[str, str]]:
    """Names as archives have them, many alike: surnames spelt a letter or two apart (dropped, doubled, swapped,
    accented), alone, with a forename or before the common words of organisations' names."""
    rng = random.Random(seed)
    surnames = [
        "Kempny",
        "Varano",
        "Mulligan",
        "Zimmerman",
        "Johansen",
        "Farrissy",
        "Ibáñez",
        "Thomas",
    ]
    surnames += [
        "Mathiesen",
        "Bertrand",
        "Camilleri",
        "Lantz",
        "Grossi",
        "Wiberg",
        "Oyelaran",
        "Nakamura",
    ]
    forenames = ["Josefine", "Kjeld", "Amara", "Li", "Jean-Luc", "Siobhán"]
    suffixes = [("organization", " Agency"), ("organization", " Corporation"), ("place", "ville")]

    def misspelt(word: str) -> str:
        for _ in range(rng.choice((0, 1, 1, 2))):
            at = rng.randrange(len(word))
            word = rng.choice(
                (
                    word[:at] + word[at + 1 :],
                    word[:at] + word[at] + word[at:],
                    word[:at] + rng.choice("aeiouyzkérst") + word[at + 1 :],
                    word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
                )
            )
        return word or "X"

    names = []
    for _ in range(count):
        surname = misspelt(rng.choice(surnames))
        kind, suffix = rng.choice([("person", ""), *suffixes])
        forename = (
            misspelt(rng.choice(forenames)) + " " if kind == "person" and rng.random() < 0.6 else ""
        )
        names.append((forename + surname + suffix, kind))
    return names


def test_near_duplicate_pairs_match_the_rule_on_many_names_alike():
    # Hundreds of names sharing long common words and letters: the filter that spares most comparisons must keep
    # every pair the rule names, in full and for the fresh few of an incremental build.
    names = misspelt_names(700, seed=7)
    ends = Counter((kind, compact(name)[-3:]) for name, kind in names)
    assert max(ends.values()) > 2 * NEAR_DUPLICATE_SMALL_BUCKET  # buckets the filter works on
    actors = [
        Actor(
            f"a{number:03}", name, kind, (), (Mention("x", 0, 1, name, "", "s", f"a{number:03}"),)
        )
        for number, (name, kind) in enumerate(names)
    ]
    expected = sorted(
        (first.slug, second.slug)
        for first, second in itertools.combinations(actors, 2)
        if alike(first, second)
    )
    found = sorted((first.slug, second.slug) for first, second, _ in near_duplicate_pairs(actors))
    assert len(expected) > 300  # the names are alike enough to test the filter
    assert found == expected
    fresh = {actor.slug for actor in actors[::37]}
    assert sorted(
        (first.slug, second.slug) for first, second, _ in near_duplicate_pairs(actors, fresh)
    ) == [pair for pair in expected if fresh & set(pair)]


def spelling_archive(spellings) -> Archive:
    article = Article(
        "x", __import__("datetime").date(2020, 1, 1), "t", "", "", "", "x" * 200, (), "x.md"
    )
    actors = [
        Actor(f"a{number}", name, kind, (), (Mention("x", 0, 1, name, "", "s", f"a{number}"),))
        for number, (name, kind) in enumerate(spellings)
    ]
    return Archive((article,), tuple(actors))


def test_near_duplicates_kept_from_an_earlier_archive_are_those_worked_out_afresh():
    whole = spelling_archive(SPELLINGS)
    afresh = near_duplicates(whole)
    assert {("a0", "a1"), ("a6", "a7")} <= {pair[:2] for pair in afresh.pairs}
    # An earlier archive: 'Lousiana' not there yet, 'Zelenskyy' spelt apart from 'Zelensky', 'Al Qaeda' of
    # another type and an actor since gone; its pairs, kept, must give the same as working all out again.
    earlier = list(SPELLINGS)
    earlier[1] = ("Baton Rouge", "place")
    earlier[5] = ("Kyiv Independent", "organization")
    earlier[7] = ("Al Qaeda", "organization")
    earlier.append(("Zelenskyi", "person"))
    known = near_duplicates(spelling_archive(earlier))
    assert (f"a{len(SPELLINGS)}", "a4") in {pair[:2] for pair in known.pairs}  # in order of slug
    assert near_duplicates(whole, known) == afresh
    assert near_duplicates(whole, afresh) == afresh
    assert doubts_json(find_doubts(whole, near=near_duplicates(whole, known))) == doubts_json(
        find_doubts(whole)
    )


def test_hostile_names_are_shown_as_text_and_cannot_shape_the_snippet():
    archive = hostile_archive()
    names = {actor.name for actor in archive.actors}
    doubts = find_doubts(archive)
    assert {d.kind for d in doubts} == {"near-duplicate", "fragment"}
    for doubt in doubts:
        entry = yaml.safe_load(doubt.snippet)
        assert len(entry) == 1 and set(entry[0]) in ({"name", "merge"}, {"name", "ignore"})
        assert {
            entry[0]["name"],
            *entry[0].get("merge", ()),
        } <= names and "\u202e" not in doubt.snippet
    page = doubts_page(doubts)
    body = page.split("---\n", 2)[2]
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "\u202e" not in body and "&lt;U+202E&gt;" in body
    assert "{{" in html.unescape(body)  # shown as it is written, not evaluated
    # Markdown leaves the page as it is (the plugin hands it over as HTML), backticks and all.
    assert markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html"]
    ).convert(body) == markdown_passthrough(body)
    for block in re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", body, re.DOTALL):
        assert yaml.safe_load(html.unescape(block))[0]["name"] in names
    text = doubts_text(doubts)
    assert "\u202e" not in text and "<U+202E>" in text


def test_an_actor_called_doubts_does_not_take_the_page(tmp_path):
    from generator.config import EditorialRules
    from generator.resolve import EditorialIndex, assign_slugs

    slugs = assign_slugs({"doubts": "Doubts", "index": "Index"}, EditorialIndex(EditorialRules()))
    assert slugs["doubts"].startswith("doubts-") and slugs["index"].startswith("index-")
    paths = [page.path for page in render_doubts([])]
    assert paths == ["actors/doubts.md", "api/doubts.json"]


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )


def new_project(tmp_path: Path) -> Path:
    """An `annals new` project holding ARTICLES."""
    root = tmp_path / "archive"
    assert run_annals("new", str(root), cwd=tmp_path).returncode == 0
    for example in (root / "seeds").iterdir():
        example.unlink()
    for name in ARTICLES:
        shutil.copy(CORPUS / name, root / "seeds" / Path(name).name)
    return root


def test_the_site_has_the_page_linked_from_the_actors_index(tmp_path):
    root = new_project(tmp_path)
    built = run_annals("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (root / "site" / "actors" / "doubts" / "index.html").read_text("utf-8")
    assert "Actors to check" in page and 'href="../spanton/"' in page
    assert "- name: Robert F. Kennedy\n  merge:\n  - Kennedy" in html.unescape(page)
    assert 'href="doubts/"' in (root / "site" / "actors" / "index.html").read_text("utf-8")
    assert (
        json.loads((root / "site" / "api" / "doubts.json").read_text("utf-8"))[0]["name"]
        == "Spanton"
    )


def test_annals_doubts_prints_the_list_most_mentioned_first(tmp_path):
    root = new_project(tmp_path)
    printed = run_annals("doubts", cwd=root)
    assert printed.returncode == 0, printed.stderr[-3000:]
    counts = [
        int(n)
        for n in re.findall(r"^\S.* \[[a-z-]+, (\d+) mentions?\]$", printed.stdout, re.MULTILINE)
    ]
    # The lone "Robert" is no fragment doubt now: it joins Robert F. Kennedy (merge_given_names).
    assert len(counts) >= 5 and counts == sorted(counts, reverse=True)
    assert printed.stdout.index("Spanton [surname, 8 mentions]") < printed.stdout.index(
        "Kennedy [surname"
    )
    assert "    - name: Robert F. Kennedy\n      merge:\n      - Kennedy\n" in printed.stdout
    limited = run_annals("doubts", "--limit", "1", "-f", "mkdocs.yml", cwd=root)
    assert re.findall(r"^\S.* \[[a-z-]+, \d+ mentions?\]$", limited.stdout, re.MULTILINE) == [
        "Spanton [surname, 8 mentions]"
    ]


def weak_archive() -> Archive:
    """Actors whose mentions resolve attached with low confidence, each way it can happen, and one that is sure."""
    article = Article(
        "a", __import__("datetime").date(2020, 1, 1), "t", "", "", "", "x" * 200, (), "a.md"
    )

    def mentions(slug, *attached):
        return tuple(
            Mention("a", 10 * i, 10 * i + 5, text, label, "s", slug, how, confidence)
            for i, (text, label, how, confidence) in enumerate(attached)
        )

    return Archive(
        (article,),
        (
            # Labelled as an organisation twice by the model, typed a person by the other evidence: 0.6 on average.
            Actor(
                "sirhan",
                "Sirhan Sirhan",
                "person",
                (),
                mentions(
                    "sirhan",
                    ("Sirhan Sirhan", "ORG", "model", 0.6),
                    ("Sirhan Sirhan", "ORG", "model", 0.6),
                ),
            ),
            # A surname joined across the archive on the narrowest lead.
            Actor(
                "ann-lee",
                "Ann Lee",
                "person",
                ("Lee",),
                mentions(
                    "ann-lee",
                    ("Ann Lee", "PERSON", "model", 0.9),
                    ("Lee", "PERSON", "surname", 0.5),
                    ("Lee", "", "surname", 0.5),
                ),
            ),
            # Weak, but named once: too little to ask about.
            Actor("once", "Once", "person", (), mentions("once", ("Once", "ORG", "model", 0.6))),
            Actor(
                "sure",
                "Sure Corp",
                "organization",
                (),
                mentions("sure", ("Sure Corp", "ORG", "model", 0.9), ("Sure", "", "by-name", 0.8)),
            ),
        ),
    )


def test_low_confidence_asks_for_the_type_or_to_confirm_the_joined_names():
    doubts = [d for d in find_doubts(weak_archive()) if d.kind == "low-confidence"]
    assert [d.slug for d in doubts] == [
        "ann-lee",
        "sirhan",
    ]  # most mentioned first; not 'once', not 'sure'
    lee, sirhan = doubts
    assert yaml.safe_load(lee.snippet) == [{"name": "Ann Lee", "aliases": ["Lee"]}]
    assert "mean confidence of 0.63" in lee.reason and "surname" in lee.reason
    assert yaml.safe_load(sirhan.snippet) == [{"name": "Sirhan Sirhan", "type": "person"}]
    assert "mean confidence of 0.6" in sirhan.reason and "another type than person" in sirhan.reason


def test_low_confidence_is_not_asked_again_once_the_editor_set_the_type(tmp_path):
    rules = tmp_path / "entities.yml"
    rules.write_text("actors:\n  - name: Sirhan Sirhan\n    type: person\n", "utf-8")
    doubts = find_doubts(weak_archive(), load_entities(rules))
    assert {d.slug for d in doubts if d.kind == "low-confidence"} == {"ann-lee"}


def test_every_kind_of_reason_is_said_in_the_sites_language(built):
    doubts = [*built[2], *find_doubts(weak_archive())]
    said = {doubt.kind: doubt.why.say("fr") for doubt in doubts}
    assert set(said) == set(KINDS)
    kennedy = doubt_about(doubts, "Kennedy", "surname").why.say("fr")
    assert kennedy.startswith(
        "un nom de famille seul, tenu à part de Robert F. Kennedy (3 mentions), John F. Kennedy (1 mention)."
    )
    assert said["type"].startswith("les indices de son type sont partagés (")
    assert said["near-duplicate"].startswith("un quasi-doublon de ")
    assert said["fragment"].startswith("nommé une fois, et ")
    assert "confiance moyenne" in said["low-confidence"]
    english = ("If ", "merge", "Confirm or", "mention of", "alike", "named once", "the model")
    assert not [(kind, text) for kind, text in said.items() for words in english if words in text]
