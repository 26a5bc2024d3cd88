"""Tests for the front matter of Markdown articles (issue 19, point 3): every key Annals reads is honoured, and a
key it does not know is named in a warning with the file and line, never dropped in silence.

Fixtures are real articles: the Magnitogorsk and Cahors reports of the Wikinews corpus (../shared/corpus), shortened
and written out here, so these tests run without ../shared.
"""

from __future__ import annotations

from pathlib import Path

from generator.read import FRONT_MATTER_KEYS, parse_article, read_archive, read_file

MAGNITOGORSK = """---
title: "Magnitogorsk apartment building collapses after explosion, dozens dead"
date: "2019-01-04"
source: "Wikinews"
url: "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"
license: "CC BY 2.5"
---

Friday, January 4, 2019

An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region of Russia. A suspected gas \
leak led to an explosion, followed by the ten-storey building coming down. A total of 39 are confirmed dead, \
officials told state media, adding that rescuers ended their work yesterday. Some reports suggest a deliberate \
criminal act.
"""

CAHORS = """---
title: "Holy headdress of Christ carried in procession through streets of Cahors, France"
date: "2019-05-03"
source: "Wikinews"
---

On Monday, the Holy Headdress of Christ was carried in procession through the streets of Cahors, France, as it \
is every Easter Monday. Bishop Laurent Camiade led the procession from the cathedral.
"""


def with_keys(document: str, lines: str) -> str:
    """The article with extra front matter lines just before its closing '---'."""
    head, rest = document.split("\n---\n", 1)
    return f"{head}\n{lines.rstrip()}\n---\n{rest}"


def write(directory: Path, relative: str, text: str) -> Path:
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_the_fixtures_give_no_warnings():
    assert read_file(MAGNITOGORSK.encode(), "a.md").warnings == ()
    assert read_file(CAHORS.encode(), "b.md").warnings == ()


def test_unknown_key_is_named_with_its_line_and_a_close_match_and_the_article_is_still_built(tmp_path):
    write(tmp_path, "2019/magnitogorsk.md", with_keys(MAGNITOGORSK, "auther: Jane Roe\nfoo_bar: 1"))
    result = read_archive(tmp_path)
    assert [a.path for a in result.articles] == ["2019/magnitogorsk.md"]
    assert result.articles[0].author == ""  # a misspelt key is not guessed at
    warnings = sorted(result.rejections, key=lambda r: r.line)
    assert [(w.path, w.line) for w in warnings] == [("2019/magnitogorsk.md", 7), ("2019/magnitogorsk.md", 8)]
    assert "'auther'" in warnings[0].reason and "did you mean 'author'?" in warnings[0].reason
    assert "'foo_bar'" in warnings[1].reason and "did you mean" not in warnings[1].reason
    for key in FRONT_MATTER_KEYS:
        assert key in warnings[1].reason
    assert warnings[0].message().startswith("2019/magnitogorsk.md:7: unknown front matter key 'auther'")


def test_unknown_key_written_in_another_case_or_quoted_is_found_on_its_line():
    document = with_keys(MAGNITOGORSK, '"Title2": x')
    (warning,) = read_file(document.encode(), "a.md").warnings
    assert warning.line == 7 and "'Title2'" in warning.reason and "did you mean 'title'?" in warning.reason


def test_parse_article_still_returns_the_article():
    assert parse_article(with_keys(CAHORS, "colour: red").encode(), "c.md").title.startswith("Holy headdress")
