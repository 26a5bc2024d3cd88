"""Tests for generator.read's dates as people write them: ISO dates and datetimes with offsets, compact dates, dates
in the file name or folders, and `--date-from mtime` as the last resort. The text is the repository's real seed
article (the same bytes as ../shared/seeds).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.read import InputError, parse_article, read_archive

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
SEED_HEADER = " date 2022-02-03 "


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed article's text without its ' date 2022-02-03 ' line."""
    raw = SEED.read_text("utf-8")
    assert raw.startswith(SEED_HEADER), "fixture changed: expected the seed header"
    return raw[len(SEED_HEADER) :]


@pytest.fixture(scope="module")
def seed_article():
    return parse_article(SEED.read_bytes(), SEED.name)


def with_date_line(value: str, text: str) -> bytes:
    return f"date {value} {text}".encode()


def with_front_matter(value: str, text: str) -> bytes:
    return f"---\ntitle: Talks\ndate: {value}\n---\n\n{text}".encode()


@pytest.mark.parametrize(
    "value, day",
    [
        ("2019-01-04", dt.date(2019, 1, 4)),
        ("20190104", dt.date(2019, 1, 4)),
        # The archive's day is the one in the article's own offset: 04:30 UTC on the 5th is still the 4th here.
        ("2019-01-04T23:30:00-05:00", dt.date(2019, 1, 4)),
        ("2019-01-05T00:30:00+01:00", dt.date(2019, 1, 5)),
        ("2019-01-04T23:30Z", dt.date(2019, 1, 4)),
        ("20190104T233000-0500", dt.date(2019, 1, 4)),
    ],
)
def test_dates_and_datetimes_in_the_date_line_and_the_front_matter_give_the_day_as_written(
    value, day, seed_text
):
    assert parse_article(with_date_line(value, seed_text), "a.txt").date == day
    assert parse_article(with_front_matter(value, seed_text), "a.md").date == day
    assert parse_article(with_front_matter(f'"{value}"', seed_text), "a.md").date == day


def test_a_date_line_with_a_time_leaves_the_text_as_a_plain_date_line_does(seed_text, seed_article):
    timed = parse_article(with_date_line("2022-02-03T08:15:00+02:00", seed_text), SEED.name)
    assert (timed.date, timed.title, timed.body) == (
        seed_article.date,
        seed_article.title,
        seed_article.body,
    )


def test_yaml_space_separated_timestamp_in_front_matter_keeps_its_own_day(seed_text):
    assert parse_article(
        with_front_matter("2019-01-04 23:30:00 -05:00", seed_text), "a.md"
    ).date == dt.date(2019, 1, 4)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2019, 1, 4),
        dt.datetime(2019, 1, 4, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ],
)
def test_dates_yaml_already_parsed_are_taken_as_they_are(value, monkeypatch, seed_text):
    # Another YAML loader (or a future one) hands over date objects: an aware datetime keeps its own day.
    import generator.read as read

    monkeypatch.setattr(read.yaml, "load", lambda text, Loader: {"date": value, "title": "Talks"})
    assert read.parse_article(with_front_matter("ignored", seed_text), "a.md").date == dt.date(
        2019, 1, 4
    )


@pytest.mark.parametrize("value", ["2019-02-30", "20190230", "2019-02-30T10:00:00+01:00"])
def test_impossible_dates_in_any_form_are_rejected_with_the_value_and_line(value, seed_text):
    with pytest.raises(InputError) as raised:
        parse_article(("\n" + f"date {value} " + seed_text).encode("utf-8"), "2019-01-04-talks.txt")
    assert value in raised.value.reason and "does not exist" in raised.value.reason
    assert (
        raised.value.line == 2
    )  # the path's date is never a fallback for a wrong date written in the text


def test_an_impossible_time_is_rejected(seed_text):
    with pytest.raises(InputError) as raised:
        parse_article(with_front_matter("2019-01-04T25:00", seed_text), "a.md")
    assert "time" in raised.value.reason and raised.value.line == 3


@pytest.mark.parametrize(
    "path",
    [
        "2019-01-04-pelosi.txt",
        "2019/01/04/pelosi.txt",
        "2019/01/04-pelosi.txt",
        "news/2019-01-04/pelosi.txt",
        "x/2019-01-04 Pelosi.md",
    ],
)
def test_a_text_without_a_date_line_takes_the_date_in_its_path_and_is_all_body(
    path, seed_text, seed_article
):
    article = parse_article(seed_text.encode("utf-8"), path)
    assert article.date == dt.date(2019, 1, 4)
    assert (article.title, article.body) == (seed_article.title, seed_article.body)


def test_the_date_nearest_the_file_wins_and_the_texts_own_date_beats_the_path(seed_text):
    assert parse_article(
        seed_text.encode("utf-8"), "2018-12-31/2019-01-04-pelosi.txt"
    ).date == dt.date(2019, 1, 4)
    assert parse_article(
        with_date_line("2022-02-03", seed_text), "2019-01-04-pelosi.txt"
    ).date == dt.date(2022, 2, 3)
    assert parse_article(
        with_front_matter("2022-02-03", seed_text), "2019/01/04/pelosi.md"
    ).date == dt.date(2022, 2, 3)


def test_numbers_that_are_not_a_whole_date_in_the_path_are_not_taken_for_one(seed_text):
    for path in ["2019/10/a.txt", "12019-01-045.txt", "2019-01.txt", "id-20190104.txt"]:
        with pytest.raises(InputError, match="missing 'date YYYY-MM-DD'"):
            parse_article(seed_text.encode("utf-8"), path)


def test_an_impossible_date_in_the_path_is_named(seed_text):
    with pytest.raises(InputError, match=r"'2019-02-30' in the file's path does not exist"):
        parse_article(seed_text.encode("utf-8"), "2019-02-30-pelosi.txt")


def test_a_text_opening_with_the_word_date_is_text_not_a_bad_date_line():
    text = "Date palms were planted in Basra on Monday. The city council said so.\n"
    article = parse_article(text.encode("utf-8"), "2019-01-04-palms.txt")
    assert article.title == "Date palms were planted in Basra on Monday"
    assert article.date == dt.date(2019, 1, 4)


def test_markdown_without_front_matter_takes_the_date_in_its_path(seed_text, seed_article):
    article = parse_article(seed_text.encode("utf-8"), "2019/01/04/pelosi.md")
    assert article.date == dt.date(2019, 1, 4) and article.body == seed_article.body


def test_no_date_anywhere_is_rejected_saying_every_way_to_give_one(tmp_path, seed_text):
    (tmp_path / "pelosi.txt").write_text(seed_text, "utf-8")
    (tmp_path / "pelosi.md").write_text("---\ntitle: Talks\n---\n\n" + seed_text, "utf-8")
    result = read_archive(tmp_path)
    assert result.articles == ()
    reasons = {rejection.path: rejection.reason for rejection in result.rejections}
    assert "'date YYYY-MM-DD'" in reasons["pelosi.txt"] and "High-stakes" in reasons["pelosi.txt"]
    assert "front matter" in reasons["pelosi.md"]
    for reason in reasons.values():
        assert "YYYY-MM-DD-" in reason and "--date-from mtime" in reason


def test_date_from_mtime_is_the_last_resort_in_utc(tmp_path, seed_text):
    undated = tmp_path / "pelosi.txt"
    undated.write_text(seed_text, "utf-8")
    (tmp_path / "2019-01-04-named.txt").write_text(
        seed_text.replace("High-stakes", "Low-stakes"), "utf-8"
    )
    (tmp_path / "dated.txt").write_text(
        "date 2020-05-06 " + seed_text.replace("High-stakes", "Mid-stakes"), "utf-8"
    )
    # 2021-03-04 23:30 UTC is already the 5th east of UTC: the day is UTC's whatever the machine's zone.
    moment = dt.datetime(2021, 3, 4, 23, 30, tzinfo=dt.UTC).timestamp()
    for path in tmp_path.iterdir():
        os.utime(path, (moment, moment))
    dates = {a.path: a.date for a in read_archive(tmp_path, date_from="mtime").articles}
    assert dates == {
        "pelosi.txt": dt.date(2021, 3, 4),
        "2019-01-04-named.txt": dt.date(2019, 1, 4),
        "dated.txt": dt.date(2020, 5, 6),
    }
    assert [r.path for r in read_archive(tmp_path).rejections] == ["pelosi.txt"]  # only when asked
