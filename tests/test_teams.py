"""Sides of a match named after their place (generator/teams.py), on real sentences: the GUM football report
(../shared/gold/gum-news, GUM_news_soccer) and the Sunshine Coast rugby reports of ../shared/corpus."""

from __future__ import annotations

from generator.teams import fielded, sides, without_score


def spans_of(text: str, *names: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of every whole occurrence of each name, the key being the name in lower case."""
    found = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            found.append((start, start + len(name), name.lower()))
            start = text.find(name, start + 1)
    return found


# GUM_news_soccer
RESULTS = (
    "Yesterday, day five of the 2018 FIFA football World Cup, Sweden defeated South Korea 1 – 0; Belgium "
    "defeated debutants Panama 3 – 0; and Tunisia lost 1 – 2 to England, with a late goal from English captain "
    "Harry Kane."
)


def test_names_facing_each_other_across_a_score_are_sides():
    assert sides(
        RESULTS,
        spans_of(RESULTS, "Sweden", "South Korea", "Belgium", "Panama", "Tunisia", "England"),
    ) == {
        "sweden",
        "south korea",
        "belgium",
        "panama",
        "tunisia",
        "england",
    }


def test_a_score_line_between_two_names_makes_both_sides():
    line = "Group F — Sweden 1 – 0 Korea Republic"
    assert sides(line, spans_of(line, "Sweden", "Korea Republic")) == {"sweden", "korea republic"}


def test_a_result_in_points_makes_sides():
    # ../shared/corpus/wikinews/2020/2020-08-25-caloundra-defeat-wynnum-in-fourth-round-of-2020-sunshine-coast-rugby-union-seaso.txt
    text = "Caloundra defeated Wynnum 45 points to 24 in their Round 4 Sunshine Coast Rugby Union match."
    assert sides(text, spans_of(text, "Caloundra", "Wynnum")) == {"caloundra", "wynnum"}


def test_a_name_before_a_date_range_or_a_figure_faces_nobody():
    # ../shared/corpus/wikinews/2019/2019-08-06-texas-haunters-convention-….md and the campaign trail of October 2020
    convention = "Wikinews attended the Texas Haunters Convention on the last weekend of July — July 27–28 — in Mesquite, Texas."
    poll = "She drew two percent in the September 25–27 Léger poll, and five percent in the September 25–27 Zogby Analytics poll."
    assert sides(convention, spans_of(convention, "Texas", "Mesquite")) == set()
    assert sides(poll, spans_of(poll, "Léger", "Zogby Analytics")) == set()


def test_one_name_before_a_score_is_no_side():
    text = "In the 20th minute, Marcus Berg missed a chance to put Sweden in the lead, and the half ended 0 – 0."
    assert sides(text, spans_of(text, "Sweden")) == set()


def test_a_score_run_into_a_name_is_cut_off():
    text = "In other results, Maroochydore defeated Caboolture 43–5, and University knocked of Noosa 32–22"
    start = text.find("Caboolture")
    assert without_score(text, start, start + len("Caboolture 43–5"), "Caboolture 43–5") == (
        start,
        start + len("Caboolture"),
        "Caboolture",
    )
    goal = "Andreas Granqvist scored from the penalty spot, putting Sweden 1 – 0 up."
    start = goal.find("Sweden")
    assert without_score(goal, start, start + 8, "Sweden 1") == (start, start + 6, "Sweden")
    plain = "Windows 10 was released"
    assert without_score(plain, 0, 10, "Windows 10") == (0, 10, "Windows 10")


def test_a_name_before_a_players_or_a_coachs_role_and_its_holder_is_a_team():
    # ../shared/corpus/wikinews/2020: the Sunshine Coast rugby reports
    for text, club in (
        ('"I am [pretty happy with that]", Caloundra coach Geoff Ingram said.', "Caloundra"),
        ("Maroochydore captain Sam Marshall lamented his side's close loss.", "Maroochydore"),
        (
            '"We turned up here knowing we\'d be in for a battle", University coach Brad Tronc said.',
            "University",
        ),
    ):
        assert fielded(text, spans_of(text, club)) == {club.lower()}, text
    # GUM_news_soccer: a possessive between
    goalkeeper = (
        "Four minutes later, Tunisia's goalkeeper Mouez Hassen was substituted off due to injury."
    )
    assert fielded(goalkeeper, spans_of(goalkeeper, "Tunisia")) == {"tunisia"}


def test_a_role_of_a_government_or_no_holder_after_the_role_makes_no_team():
    # GUM_news_soccer and ../shared/corpus (the Sunshine Coast rugby reports)
    for text, name in (
        ("Maroochydore captain Sam Marshall lamented his side's close loss.", "Sam Marshall"),
        (
            "Yesterday, day five of the 2018 FIFA football World Cup, Sweden defeated South Korea.",
            "Sweden",
        ),
        ("Jeff Rathke, the State Department Spokesperson, said it.", "State Department"),
        ("Texas Governor Greg Abbott signed the bill.", "Texas"),
        ("The Kremlin boss Vladimir Putin spoke.", "Kremlin"),
        ("Sweden's coach said nothing.", "Sweden"),
    ):
        assert fielded(text, spans_of(text, name)) == set(), text
