"""What of an English question's topic names its document rather than what it asks (kb.qa.decide.evidence)."""

from kb.qa.decide.evidence import beyond_title_years

TITLES = {"潍坊市2017年政务公开工作要点实施方案"}


def test_a_year_a_title_of_the_places_asked_about_holds_names_that_document() -> None:
    # Weifang's 2017 plan: the year chose the document, as the place did; its clauses need not write it
    assert beyond_title_years(["创业", "宣传", "2017"], TITLES) == ["创业", "宣传"]
    # a year no title of theirs holds stays a word the clauses must hold (the 2020 target)
    assert beyond_title_years(["创业", "2020"], TITLES) == ["创业", "2020"]
    # the year alone is still the topic
    assert beyond_title_years(["2017"], TITLES) == ["2017"]
