"""Tests for generator.config: entities.yml parsing and validation, and the plugin's declared options.

The actors named here are the ones in the seed article (../shared/seeds); every error must name the file and
the line an editor has to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import (
    AnnalsConfig,
    ConfigError,
    EditorialEntry,
    EditorialRules,
    load_entities,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_e2b6ca9178d6fb5e.txt"

VALID = """\
# Editorial decisions for the Ukraine crisis coverage.
actors:
  - name: Vladimir Putin
    type: person
    aliases: [Putin, V. Putin]
    merge: [Vladimir Vladimirovich Putin]
    description: President of Russia.
    links: {wikipedia: "https://en.wikipedia.org/wiki/Vladimir_Putin", wikidata: Q7747}
    slug: vladimir-putin
  - name: North Atlantic Treaty Organization
    type: organization
    aliases:
      - NATO
      - the Western alliance
  - name: AFP
    ignore: true
ignore: [Downing Street, Spetsnaz]
"""


def entities_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.yml"
    path.write_text(text, encoding="utf-8")
    return path


def config_error(tmp_path: Path, text: str) -> ConfigError:
    path = entities_file(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_entities(path)
    assert error.value.path == str(path)
    assert str(error.value).startswith(str(path))
    return error.value


def test_the_rules_here_act_on_the_seed_article_they_were_written_for(tmp_path):
    """VALID names actors of the seed article; applied to it, each rule changes what the resolver makes of the text."""
    if not SEED.exists():
        pytest.skip(
            f"shared test data not found: {SEED} (expected the 'shared' folder next to the repo)"
        )
    from generator.annotate import annotate_articles
    from generator.read import parse_article
    from generator.resolve import resolve_archive

    text = SEED.read_text("utf-8")
    article = parse_article(SEED.read_bytes(), SEED.name)
    annotations = annotate_articles([article])
    without = resolve_archive([article], annotations, EditorialRules())
    archive = resolve_archive([article], annotations, load_entities(entities_file(tmp_path, VALID)))
    actors = {a.slug: a for a in archive.actors}
    putin = actors["vladimir-putin"]
    assert (putin.type, putin.description, dict(putin.links)["wikidata"]) == (
        "person",
        "President of Russia.",
        "Q7747",
    )
    assert {m.text for m in putin.mentions} == {"Vladimir Putin", "Putin"}
    nato = actors["north-atlantic-treaty-organization"]
    assert nato.name == "North Atlantic Treaty Organization" and "nato" not in actors
    assert len(nato.mentions) == len(re.findall(r"\bNATO\b", text))
    for ignored in ("Downing Street", "Spetsnaz"):
        # An actor of the article without the rules; none with them.
        assert (
            ignored in text and mentioned(without, ignored) and not mentioned(archive, ignored)
        ), ignored
    # 'AFP contributed reporting.' is the article's staff credit: no actor, with the rules or without.
    assert "AFP contributed reporting." in text and not mentioned(without, "AFP")


def mentioned(archive, text: str) -> bool:
    return any(m.text == text for actor in archive.actors for m in actor.mentions)


def test_valid_file_with_every_field(tmp_path):
    path = entities_file(tmp_path, VALID)
    rules = load_entities(path)
    assert rules.path == str(path)
    putin, nato, afp, downing, spetsnaz = rules.entries
    assert putin == EditorialEntry(
        name="Vladimir Putin",
        type="person",
        aliases=("Putin", "V. Putin"),
        merge=("Vladimir Vladimirovich Putin",),
        ignore=False,
        description="President of Russia.",
        links=(
            ("wikidata", "Q7747"),
            ("wikipedia", "https://en.wikipedia.org/wiki/Vladimir_Putin"),
        ),
        slug="vladimir-putin",
        line=3,
    )
    assert nato.name == "North Atlantic Treaty Organization"
    assert nato.aliases == (
        "NATO",
        "the Western alliance",
    )  # block-style list reads like a flow list
    assert nato.line == 10
    assert (afp.name, afp.ignore, afp.line) == ("AFP", True, 15)
    assert (downing.name, downing.ignore) == ("Downing Street", True)
    assert (spetsnaz.name, spetsnaz.ignore) == ("Spetsnaz", True)
    assert downing.line == spetsnaz.line == 17


def test_missing_file_means_no_rules(tmp_path):
    assert load_entities(tmp_path / "entities.yml") == EditorialRules()
    assert load_entities(None) == EditorialRules()
    assert not (tmp_path / "entities.yml").exists()  # loading never creates the file


def test_empty_file_and_empty_actor_list_mean_no_rules(tmp_path):
    assert load_entities(entities_file(tmp_path, "# nothing yet\n")).entries == ()
    assert load_entities(entities_file(tmp_path, "actors:\n")).entries == ()
    assert load_entities(entities_file(tmp_path, "actors: []\n")).entries == ()


def test_top_level_ignore_list_alone(tmp_path):
    rules = load_entities(entities_file(tmp_path, "ignore:\n  - AFP\n  - Downing Street\n"))
    assert [(entry.name, entry.ignore) for entry in rules.entries] == [
        ("AFP", True),
        ("Downing Street", True),
    ]
    assert all(entry.type == "" and entry.aliases == () for entry in rules.entries)


def test_ignore_given_as_a_single_name(tmp_path):
    rules = load_entities(entities_file(tmp_path, "ignore: AFP\n"))
    assert [(entry.name, entry.ignore) for entry in rules.entries] == [("AFP", True)]


def test_example_written_by_annals_new_is_valid(tmp_path):
    from generator.config import ENTITIES_EXAMPLE

    assert load_entities(entities_file(tmp_path, ENTITIES_EXAMPLE)).entries == ()


# --- errors: each names the file and the line ------------------------------------------------------------


def test_unknown_field(tmp_path):
    error = config_error(tmp_path, "actors:\n  - name: Vladimir Putin\n    nickname: Vlad\n")
    assert error.line == 3
    assert "nickname" in error.reason
    assert "aliases" in error.reason  # lists what is allowed
    assert str(error).startswith(f"{tmp_path / 'entities.yml'}:3: ")


def test_unknown_top_level_key(tmp_path):
    error = config_error(tmp_path, "# typo below\nactor:\n  - name: Vladimir Putin\n")
    assert error.line == 2
    assert "'actor'" in error.reason and "actors:" in error.reason


def test_unknown_actor_type(tmp_path):
    error = config_error(tmp_path, "actors:\n  - name: Vladimir Putin\n    type: human\n")
    assert "human" in error.reason
    assert "person" in error.reason  # names the allowed types
    assert error.line in (2, 3)  # the entry or its type line


@pytest.mark.parametrize(
    "entry, line, words",
    [
        ("  - name: Vladimir Putin\n    aliases: {short: Putin}\n", 3, "'aliases'"),
        ("  - name: Vladimir Putin\n    merge: {old: Putin}\n", 3, "'merge'"),
        ("  - name: AFP\n    ignore: sometimes\n", 3, "'ignore'"),
        ("  - name: [Vladimir, Putin]\n", 2, "'name'"),
        ("  - name: Vladimir Putin\n    description: {text: President}\n", 3, "'description'"),
        ("  - name: Vladimir Putin\n    links: [Q7747]\n", 3, "'links'"),
        ("  - Vladimir Putin\n", 2, "mapping"),
    ],
)
def test_value_of_the_wrong_type(tmp_path, entry, line, words):
    error = config_error(tmp_path, "actors:\n" + entry)
    assert error.line == line
    assert words in error.reason


def test_actors_must_be_a_list(tmp_path):
    error = config_error(tmp_path, "actors:\n  name: Vladimir Putin\n")
    assert error.line == 2
    assert "list" in error.reason


def test_entry_without_name(tmp_path):
    error = config_error(
        tmp_path, "actors:\n  - name: Boris Johnson\n  - type: person\n    aliases: [Putin]\n"
    )
    assert error.line == 3
    assert "name" in error.reason


@pytest.mark.parametrize(
    "slug",
    [
        "Vladimir_Putin",
        "vladimir putin",
        "../putin",
        "putin/",
        "-putin",
        "putin-",
        "wladimir-putín",
    ],
)
def test_bad_slug(tmp_path, slug):
    error = config_error(tmp_path, f'actors:\n  - name: Vladimir Putin\n    slug: "{slug}"\n')
    assert slug in error.reason
    assert error.line in (2, 3)


def test_good_slug_with_digits(tmp_path):
    rules = load_entities(entities_file(tmp_path, "actors:\n  - name: S-400\n    slug: s-400\n"))
    assert rules.entries[0].slug == "s-400"


@pytest.mark.parametrize(
    "value", ["7747", "Q", "q7747", "Q77a47", "https://www.wikidata.org/wiki/Q7747"]
)
def test_bad_wikidata_id(tmp_path, value):
    error = config_error(
        tmp_path, f'actors:\n  - name: Vladimir Putin\n    links:\n      wikidata: "{value}"\n'
    )
    assert error.line == 4
    assert "Q7747" in error.reason  # shows the expected form


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "en.wikipedia.org/wiki/Vladimir_Putin", "data:text/html,x"]
)
def test_bad_wikipedia_link(tmp_path, value):
    error = config_error(
        tmp_path, f'actors:\n  - name: Vladimir Putin\n    links:\n      wikipedia: "{value}"\n'
    )
    assert error.line == 4
    assert "http" in error.reason


def test_unknown_link_kind(tmp_path):
    error = config_error(
        tmp_path,
        "actors:\n  - name: Vladimir Putin\n    links:\n      twitter: https://twitter.com/x\n",
    )
    assert error.line == 4
    assert "twitter" in error.reason


def test_same_name_claimed_by_two_entries(tmp_path):
    text = "actors:\n  - name: Vladimir Putin\n    aliases: [Putin]\n  - name: Boris Johnson\n  - name: putin’s\n"
    error = config_error(tmp_path, text)
    assert error.line == 5  # the second claimant
    assert "lines 2 and 5" in error.reason


def test_alias_of_one_entry_merged_by_another(tmp_path):
    text = "actors:\n  - name: Vladimir Putin\n  - name: Kremlin\n    merge: [the Vladimir Putin]\n"
    error = config_error(tmp_path, text)
    assert error.line == 3
    assert "Vladimir Putin" in error.reason


def test_name_in_actors_and_in_ignore_list(tmp_path):
    error = config_error(
        tmp_path, "actors:\n  - name: AFP\n    type: organization\nignore: [AFP]\n"
    )
    assert "AFP" in error.reason
    assert error.line == 4


def test_same_slug_for_two_entries(tmp_path):
    text = "actors:\n  - name: Vladimir Putin\n    slug: putin\n  - name: Boris Johnson\n    slug: putin\n"
    error = config_error(tmp_path, text)
    assert "putin" in error.reason
    assert "2" in error.reason and "4" in error.reason
    assert error.line in (2, 4)


@pytest.mark.parametrize(
    "text, key, first, second",
    [
        # the second name would silently replace the first
        (
            "actors:\n  - name: Vladimir Putin\n    type: person\n    name: Boris Johnson\n",
            "name",
            2,
            4,
        ),
        # two actor lists: one of them would be a surprise
        (
            "actors:\n  - name: Vladimir Putin\nignore: [AFP]\nactors:\n  - name: Boris Johnson\n",
            "actors",
            1,
            4,
        ),
        (
            "actors:\n  - name: Vladimir Putin\n    links:\n      wikidata: Q7747\n      wikidata: Q1\n",
            "wikidata",
            4,
            5,
        ),
    ],
)
def test_a_key_twice_in_one_mapping(tmp_path, text, key, first, second):
    error = config_error(tmp_path, text)
    assert repr(key) in error.reason and "twice" in error.reason
    assert f"lines {first} and {second}" in error.reason
    assert error.line == second


def test_yaml_syntax_error(tmp_path):
    text = "actors:\n  - name: Vladimir Putin\n    aliases: [Putin, V. Putin\n  - name: Boris Johnson\n"
    error = config_error(tmp_path, text)
    assert "YAML" in error.reason
    assert error.line in (3, 4)  # the unclosed list, or where the parser noticed


def test_tab_indentation_is_a_yaml_error_with_line(tmp_path):
    error = config_error(tmp_path, "actors:\n  - name: Vladimir Putin\n\taliases: [Putin]\n")
    assert "YAML" in error.reason
    assert error.line == 3


@pytest.mark.parametrize(
    "text, line", [("- name: Vladimir Putin\n", 1), ("\n\nVladimir Putin\n", 3)]
)
def test_file_that_is_not_a_mapping(tmp_path, text, line):
    error = config_error(tmp_path, text)
    assert "mapping" in error.reason and "actors:" in error.reason
    assert error.line == line


def test_not_utf8(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_bytes("actors:\n  - name: Recep Tayyip Erdoğan\n".encode("utf-16"))
    with pytest.raises(ConfigError) as error:
        load_entities(path)
    assert "UTF-8" in error.value.reason
    assert error.value.path == str(path)


# --- plugin options --------------------------------------------------------------------------------------


def test_plugin_options_defaults():
    config = AnnalsConfig()
    config.load_dict({})
    errors, _warnings = config.validate()
    assert errors == []
    assert config.model == "en_core_web_sm"
    assert config.workers is None
    assert (config.home_articles, config.home_actors) == (10, 12)


def test_path_options_are_resolved_against_mkdocs_yml(tmp_path):
    """Paths are MkDocs' own Dir and File options: relative to the folder of mkdocs.yml, wherever the build runs."""
    config = AnnalsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"entities": "editorial/entities.yml"})
    assert config.validate() == ([], [])
    assert (config.seeds, config.entities, config.cache_dir) == (
        str(tmp_path / "seeds"),
        str(tmp_path / "editorial" / "entities.yml"),
        str(tmp_path / ".annals-cache"),
    )


def test_defaults_are_read_from_the_schema():
    from generator.annotate import DEFAULT_MODEL
    from generator.config import option_default
    from generator.pipeline import BuildSettings

    assert (
        option_default("home_articles")
        == BuildSettings.__dataclass_fields__["home_articles"].default
        == 10
    )
    assert option_default("model") == DEFAULT_MODEL


@pytest.mark.parametrize(
    "options, key",
    [
        ({"workers": "four"}, "workers"),
        ({"workers": 0}, "workers"),
        ({"workers": True}, "workers"),
        ({"home_articles": "ten"}, "home_articles"),
        ({"home_articles": -1}, "home_articles"),
        ({"home_actors": False}, "home_actors"),
        ({"pagefind_above": -5}, "pagefind_above"),
        ({"seeds": 3}, "seeds"),
    ],
)
def test_plugin_options_are_type_checked(options, key):
    config = AnnalsConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    assert [name for name, _error in errors] == [key]


def test_search_options_default_to_auto_above_500_articles():
    config = AnnalsConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert (config.search, config.pagefind_above) == ("auto", 500)


@pytest.mark.parametrize("value", ["auto", "material", "pagefind"])
def test_search_option_takes_the_three_backends(value):
    config = AnnalsConfig()
    config.load_dict({"search": value, "pagefind_above": 0})
    assert config.validate() == ([], [])


@pytest.mark.parametrize(
    "options, key, words",
    [
        ({"search": "lunr"}, "search", "Expected one of: ('auto', 'material', 'pagefind')"),
        ({"search": True}, "search", "Expected one of"),
        ({"pagefind_above": -1}, "pagefind_above", "a whole number, 0 or more"),
        ({"pagefind_above": "many"}, "pagefind_above", "a whole number, 0 or more"),
        ({"pagefind_above": 2.5}, "pagefind_above", "a whole number, 0 or more"),
        (
            {"pagefind_above": True},
            "pagefind_above",
            "a whole number, 0 or more",
        ),  # YAML's yes is no count
    ],
)
def test_bad_search_options_are_refused_with_what_is_expected(options, key, words):
    config = AnnalsConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    assert [name for name, _ in errors] == [key]
    assert words in str(errors[0][1])


def test_an_unknown_option_is_an_error_naming_the_option_meant():
    from generator.plugin import AnnalsPlugin

    errors, warnings = AnnalsPlugin().load_config({"modle": "en_core_web_sm"})
    assert [key for key, _ in errors] == ["modle"] and not warnings
    assert "no option 'modle'; did you mean 'model'?" in str(errors[0][1])


def test_annotate_options_take_a_scheduler_and_a_cache_at_a_url_or_beside_mkdocs_yml(tmp_path):
    config = AnnalsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"annotate": {"scheduler": "tcp://10.0.0.5:8786", "cache": "s3://news/cache"}})
    assert config.validate() == ([], [])
    assert (config.annotate.scheduler, config.annotate.cache) == (
        "tcp://10.0.0.5:8786",
        "s3://news/cache",
    )
    config = AnnalsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"annotate": {"cache": "../shared/annotations"}})
    assert config.validate() == ([], [])
    assert config.annotate.cache == str((tmp_path.parent / "shared" / "annotations").resolve())


def test_a_misspelt_annotate_option_is_an_error_naming_the_option_meant():
    config = AnnalsConfig()
    config.load_dict({"annotate": {"schedular": "tcp://10.0.0.5:8786"}})
    errors, _warnings = config.validate()
    assert [name for name, _error in errors] == ["annotate"]
    assert "'annotate:' has no option 'schedular'; did you mean 'scheduler'?" in str(errors[0][1])


def test_a_cache_dir_at_a_url_is_refused_saying_where_a_shared_cache_goes():
    """The build writes its pages under cache_dir, so it stays local; annotations may live elsewhere."""
    config = AnnalsConfig()
    config.load_dict({"cache_dir": "s3://news/cache"})
    errors, _warnings = config.validate()
    assert [name for name, _error in errors] == ["cache_dir"]
    assert "annotate: {cache: s3://news/cache}" in str(errors[0][1])
