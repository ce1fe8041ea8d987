"""A body's holder checked by a yes/no question (kb.qa.compose.mechanism._checked): the holder named after the
role's verb in English (headed by a Vice Premier, convened by the Governor) read as the Chinese posts or units it
glosses, and a unit asked as the body's office or daily-work bearer (办公室设在X吗, 日常工作由X承担吗). The holders
are written for these tests."""

from __future__ import annotations

import pytest

from kb.qa.compose import mechanism
from kb.qa.compose.yesno import read
from kb.qa.understand.intent import Route, post_checked
from kb.qa.understand.question import slot_of


def _route(language: str, field: str, departments: tuple[str, ...] = ()) -> Route:
    return Route("organization", language, "", org_field=field, departments=departments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "held", "verdict"),
    [
        ("Is the leading group on rare earths headed by a Vice Premier of the State Council?", "王某 国务院副总理", True),
        ("Is the leading group on rare earths headed by the Premier?", "王某 国务院副总理", False),
        ("Is the county's flood working group convened by the Mayor?", "县政府分管副县长", False),
        ("Is the joint conference convened by the Minister of Finance?", "财政部长", True),
        ("Is the joint conference convened by the Minister of Finance?", "商务部部长", False),
        ("Is the task force chaired by someone from the xyzzy?", "县政府分管副县长", None),
    ],
)
def test_an_english_holder_is_read_as_the_posts_it_glosses(question: str, held: str, verdict: bool | None) -> None:
    assert mechanism._checked(question, held, _route("en", "head")) is verdict


def test_the_vice_of_a_holder_asks_no_deputy() -> None:
    """`Vice Premier` is the holder checked; the field asked is who heads the group."""
    asked = post_checked("Is the leading group headed by a Vice Premier?", "en")
    assert asked is not None and "Vice" not in asked and "headed" in asked


@pytest.mark.parametrize(
    ("question", "held", "departments", "verdict"),
    [
        ("某某领导小组办公室设在县民政局吗？", "县残联", (), False),
        ("某某领导小组办公室设在县残联吗？", "县残联", (), True),
        ("联席会议日常工作是不是由市发展改革委办公室承担？", "市发展改革委区域协调处", ("市发展改革委",), False),
        ("联席会议日常工作是不是由市发展改革委承担？", "市发展改革委区域协调处", ("市发展改革委",), True),
    ],
)
def test_a_unit_asked_as_a_bodys_office_is_the_bodys_yes_or_no(
    question: str, held: str, departments: tuple[str, ...], verdict: bool
) -> None:
    """Another office is a no; another part of the unit written (its 办公室, not its 区域协调处) is another unit."""
    assert mechanism._checked(question, held, _route("zh", "office", departments)) is verdict


def test_a_unit_checked_as_the_daily_work_bearer_is_answered_by_the_body() -> None:
    route = _route("zh", "daily_work", ("市发展改革委",))
    question = "联席会议日常工作是不是由市发展改革委承担？"
    check = read(question, "zh", ("市发展改革委",), ("市发展改革委",))
    assert check is not None and check.kind == "unit"
    assert slot_of(route, question, check) == "mechanism"


def test_an_english_unit_named_as_the_office_is_checked_as_resolved() -> None:
    """`set up in the County Bureau of …`: no holder after a role's verb; the unit the question names, resolved,
    is checked against the office written."""
    question = "Is the office of the working group set up in the County Bureau of Commerce?"
    assert mechanism._checked(question, "县商务局", _route("en", "office", ("县商务局",))) is True
    assert mechanism._checked(question, "县发改局", _route("en", "office", ("县商务局",))) is False
