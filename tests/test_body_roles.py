"""A body's roles written in clauses of their own (kb.parse.body_roles), asked and answered (kb.qa.decide.groups,
kb.qa.compose.mechanism): a notice setting one body up writes its members under 组成人员 as labelled lines, its
office under 工作机构, what it does under 主要职责; a reply approving a 部际联席会议 writes its members, 总召集人 and
daily work in sentences opening with the body's short name; a 专班's rules name it with 以下简称 and no verb.
The texts are written for these tests; the expectations are read off them by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.body_roles import find_bodies
from kb.parse.jurisdiction import place_in_text, places_from_texts, places_from_titles, read_jurisdiction
from kb.parse.outline import build_outline
from kb.qa.compose.mechanism import answer_holding, answer_organization, is_member
from kb.qa.corpus import Corpus
from kb.qa.decide.groups import holder_asked, holding, name_fit, named_body, named_but_absent, unit_asked
from kb.qa.understand.intent import _org_field, route
from kb.qa.understand.question import Question
from kb.types import Clause, Paragraph, WorkingGroup
from tests.test_bodies import NoUnits, Written


def _clause(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


# a notice setting up one 领导小组: its roles in three clauses of their own; the roster's lines run together as a
# page may store them (组 长:… 副组长:…), a post holding 、
NOTICE = [
    _clause(
        "n",
        0,
        "前言",
        "为推进海洋经济发展，国务院决定成立国家海洋经济发展领导小组(以下简称领导小组)。现将有关事项通知如下:",
    ),
    _clause("n", 1, "主要职责", "统筹海洋经济发展重大事项，协调解决重点难点问题。"),
    _clause(
        "n",
        2,
        "组成人员",
        "组 长:王 明 国务院副总理副组长:李 强 自然资源部部长赵小红 发展改革委副主任"
        "成 员:周 平 财政部部长助理吴 刚 交通运输部党组成员、总工程师郑 华 海关总署副署长",
    ),
    _clause(
        "n",
        3,
        "工作机构",
        "领导小组办公室设在自然资源部,承担领导小组的日常工作。自然资源部副部长孙 伟兼任办公室主任。",
    ),
]


def test_a_notices_roles_are_read_from_the_clauses_after_the_one_setting_the_body_up() -> None:
    [group] = find_bodies(NOTICE, Written())
    assert group.name == "国家海洋经济发展领导小组" and group.clause_id == "n:0"
    assert (group.head, group.head_title) == ("王明 国务院副总理", "组长")
    assert group.deputy_convener == "李强 自然资源部部长；赵小红 发展改革委副主任"  # people joined with ；
    assert group.members == ("周平 财政部部长助理", "吴刚 交通运输部党组成员、总工程师", "郑华 海关总署副署长")
    assert (group.office, group.office_duty) == ("自然资源部", "承担领导小组的日常工作")
    assert group.office_head == "自然资源部副部长孙伟"
    assert group.duty == "统筹海洋经济发展重大事项，协调解决重点难点问题"  # the clause headed 主要职责
    read_in = dict(group.sources)  # each role with the clause it was read in
    assert (read_in["head"], read_in["members"], read_in["office"], read_in["duty"]) == ("n:2", "n:2", "n:3", "n:1")


def test_a_first_deputy_on_its_own_label_line() -> None:
    text = "组长:\n王明 国务院副总理\n第一副组长:\n李强 国务委员\n副组长:\n赵小红 体育总局局长\n成员:\n周平 外交部副部长"
    clauses = [_clause("g", 0, "前言", "经国务院同意，成立运动会工作领导小组。"), _clause("g", 2, "组成人员", text)]
    [group] = find_bodies(clauses, Written())
    assert (group.head, group.first_deputy, group.deputy_convener) == (
        "王明 国务院副总理",
        "李强 国务委员",
        "赵小红 体育总局局长",
    )
    assert group.members == ("周平 外交部副部长",)


def test_people_written_with_their_posts_in_brackets_and_a_label_cut_short() -> None:
    # the head's label stored without its first character (长:), a deputy's line that lost its opening bracket,
    # the member units under 成员单位 — and the duties in the items under a heading with no text of its own
    text = (
        "长:张立明(县委常委、副县长)\n副组长:王小红(县政府办公室主任)\n赵刚县政府办公室副主任)\n"
        "成员单位:各镇人民政府、县直有关部门以及公共企事业单位"
    )
    clauses = [
        _clause("g", 0, "前言", "县政府决定成立某县信息公开领导小组。现将有关事项通知如下:"),
        _clause("g", 1, "主要职责", ""),
        Clause("g", "某通知", (1, 1), ("主要职责", "研究"), "研究", "研究制定落实措施。"),
        Clause("g", "某通知", (1, 2), ("主要职责", "督促"), "督促", "加强督促检查。"),
        _clause("g", 2, "组成人员", text),
    ]
    [group] = find_bodies(clauses, Written())
    assert (group.head_title, group.head) == ("组长", "张立明(县委常委、副县长)")
    assert group.deputy_convener == "王小红(县政府办公室主任)；赵刚县政府办公室副主任)"  # kept as written
    assert group.members == ("各镇人民政府", "县直有关部门", "公共企事业单位")
    assert group.duty == "研究制定落实措施。加强督促检查"
    # the duties quoted are the items': they are cited, not the heading with no text of its own
    text, cited = _asked(group, "duty", "领导小组是干什么的？", clauses)
    assert "研究制定落实措施" in text and cited == ["g:1.1", "g:1.2", "g:0"]
    # 长: with no 副组长 label beside it is not read as a head's label
    alone = [clauses[0], _clause("g", 2, "组成人员", "长:张立明(县委常委、副县长)\n成员:李四 县长助理")]
    assert find_bodies(alone, Written())[0].head is None


def test_a_members_word_followed_by_no_list_lists_nobody() -> None:
    text = "省人民政府决定成立某省普查领导小组，负责普查的组织实施。领导小组各成员单位要按照职能分工，各负其责。"
    [group] = find_bodies([_clause("h", 2, "组织领导", text)], Written())
    assert group.members == ()


def test_labelled_lines_with_no_body_set_up_before_them_belong_to_none() -> None:
    clauses = [_clause("x", 1, "人员", "组长:王明 市长\n成员:李强 副市长")]
    assert find_bodies(clauses, Written()) == []


# a reply approving a joint conference: its lead unit in the approval, its roles in the attachment's sentences
REPLY = [
    _clause("r", 0, "前言", "同意建立由商务部牵头的促进外贸发展部际联席会议制度。"),
    _clause(
        "r",
        2,
        "成员单位",
        "联席会议由商务部、财政部、海关总署等12个部门和单位组成。联席会议由商务部部长担任总召集人,"
        "商务部分管负责同志担任召集人。\n联席会议日常工作由商务部外贸司承担。",
    ),
]


def test_a_reply_s_joint_conference_with_its_roles_in_sentences_opening_with_its_kind() -> None:
    [group] = find_bodies(REPLY, Written())
    assert group.name == "促进外贸发展部际联席会议"
    # the 总召集人 the text states takes the place of the lead unit (由商务部牵头)
    assert (group.head, group.head_title) == ("商务部部长", "总召集人")
    assert group.convener == "商务部分管负责同志"
    assert (group.members, group.members_more, group.members_count) == (
        ("商务部", "财政部", "海关总署"),
        True,
        "12个部门和单位",
    )
    assert group.daily_work == "商务部外贸司"


def test_a_body_named_with_a_short_name_and_no_verb() -> None:
    clauses = [
        _clause("w", 1, "总则", "为规范市乡村振兴指挥部产业专班(以下简称“市产业专班”)运行机制,制定本规则。"),
        _clause(
            "w",
            3,
            "第三条",
            "市产业专班总召集人由分管农业的副市长兼任,副总召集人由市农业农村局主要负责同志兼任,"
            "日常事务召集人由市农业农村局分管负责同志兼任。",
        ),
    ]
    [group] = find_bodies(clauses, Written())
    assert group.name == "市乡村振兴指挥部产业专班"
    assert (group.head, group.head_title) == ("分管农业的副市长", "总召集人")
    assert (group.deputy_convener, group.deputy_title) == ("市农业农村局主要负责同志", "副总召集人")
    assert (group.convener, group.convener_title) == ("市农业农村局分管负责同志", "日常事务召集人")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("运动会工作领导小组的第一副组长是谁？", "first_deputy"),
        ("联席会议的总召集人由谁担任？", "head"),
        ("联席会议的副总召集人由谁担任？", "deputy_convener"),
        ("专班的日常事务召集人由谁兼任？", "convener"),
        ("联席会议的日常工作由哪个机构承担？", "daily_work"),
        ("领导小组的成员一共有多少人（不算组长和副组长）？", "members"),
        ("联席会议一共有多少个部门和单位？", "members"),
        ("领导小组的主要职责是什么？", "duty"),
        ("国家海洋经济发展领导小组多长时间开一次会？", "other"),
    ],
)
def test_the_role_asked(question: str, field: str) -> None:
    assert _org_field(question, "zh", None) == field


def test_the_role_asked_in_english() -> None:
    assert _org_field("Who is the general convener of the task force?", "en", None) == "head"
    assert _org_field("Who is the first deputy head of the leading group?", "en", None) == "first_deputy"
    assert _org_field("国家海洋经济发展领导小组的主要 responsibilities 是什么？", "zh", None) == "duty"


def test_a_named_bodys_size_asked_is_a_mechanism_question() -> None:
    assert route("促进外贸那个部际联席会议，一共拉了多少个部门和单位进来？", NoUnits()).intent == "organization"
    assert route("Is the Ministry of Finance one of the member units of it?", NoUnits()).intent == "organization"


def _asked(group: WorkingGroup, field: str, text: str, clauses: list[Clause], language: str = "zh") -> tuple[str, list[str]]:
    q = replace(Question("organization", language, "问", org_field=field), text=text)  # type: ignore[arg-type]
    found = answer_organization(q, [group], {c.id: c for c in clauses}, lambda _: None)
    assert not found.abstained, found.answer
    return found.answer, [h.clause.id for h in found.citations]


def test_an_answer_cites_the_clause_the_role_was_read_in_first() -> None:
    [group] = find_bodies(NOTICE, Written())
    text, cited = _asked(group, "office", "领导小组办公室设在哪？", NOTICE)
    assert "办公室设在自然资源部" in text and cited == ["n:3", "n:0"]
    text, cited = _asked(group, "deputy_convener", "领导小组有几个副组长？", NOTICE)
    assert text.startswith("共 2 人。") and cited == ["n:2", "n:0"]  # people counted, not the 、 in a post
    text, _ = _asked(group, "members", "领导小组有多少成员？", NOTICE)
    assert "共有 3 名成员" in text and "成员单位" not in text
    text, _ = _asked(group, "daily_work", "领导小组的日常工作由谁承担？", NOTICE)
    assert "自然资源部" in text  # the office carrying it (办公室设在X，承担…日常工作)
    text, cited = _asked(group, "duty", "领导小组的主要职责是什么？", NOTICE)
    assert "统筹海洋经济发展重大事项" in text and cited[0] == "n:1"


def test_members_whose_number_the_text_states() -> None:
    [group] = find_bodies(REPLY, Written())
    text, cited = _asked(group, "members", "联席会议一共有多少个部门和单位？", REPLY)
    assert "商务部、财政部、海关总署等12个部门和单位组成" in text and cited[0] == "r:2"
    text, _ = _asked(group, "members", "How many member units does the joint conference have?", REPLY, "en")
    assert "made up of 12 departments and units" in text
    assert "12个部门和单位" in text  # the count as the text writes it, beside the English


def test_english_counts_quote_the_count_in_chinese() -> None:
    [group] = find_bodies(NOTICE, Written())
    text, _ = _asked(group, "deputy_convener", "How many deputy heads does the leading group have?", NOTICE, "en")
    assert text.startswith("2 people (2人).")
    text, _ = _asked(group, "members", "How many members does the leading group have?", NOTICE, "en")
    assert "has 3 members (3名)" in text


def test_membership_of_a_unit_or_of_a_members_post() -> None:
    [group] = find_bodies(NOTICE, Written())
    assert is_member(group, "财政部") and not is_member(group, "公安部")  # 周平 财政部部长助理
    [group] = find_bodies(REPLY, Written())
    assert is_member(group, "海关总署") and not is_member(group, "公安部")


def _corpus(clauses: list[Clause], places: dict[str, str | None]) -> Corpus:
    return Corpus(clauses, [], doc_places=places)


def test_the_body_a_question_names_selects_the_group_or_none() -> None:
    assert named_body("国家海洋经济发展领导小组办公室设在哪个部门？") == "国家海洋经济发展领导小组"
    assert named_body("促进外贸那个部际联席会议，一共有多少个部门？") == "促进外贸部际联席会议"
    assert named_body("专班的召集人是谁？") is None  # its kind alone names no body
    assert named_body("这个工作专班是哪位领导牵头？") is None
    [notice] = find_bodies(NOTICE, Written())
    [reply] = find_bodies(REPLY, Written())
    corpus = _corpus([*NOTICE, *REPLY], {"n": "全国", "r": "全国"})
    assert name_fit(corpus, "国家海洋经济发展领导小组", notice) == 1.0
    assert name_fit(corpus, "国家海洋经济发展领导小组", reply) < 0.5
    q = replace(Question("organization", "zh", "问", org_field="head"), text="国家航天发展领导小组组长是谁？")
    assert named_but_absent(corpus, q, [notice, reply]) == "国家航天发展领导小组"  # set up in no document
    q = replace(q, text="国家海洋经济发展领导小组组长是谁？")
    assert named_but_absent(corpus, q, [notice, reply]) is None


def test_which_bodies_give_a_role_to_the_holder_named() -> None:
    [notice] = find_bodies(NOTICE, Written())
    [reply] = find_bodies(REPLY, Written())
    q = replace(Question("organization", "zh", "问", org_field="head"), text="哪些领导小组是由国务院副总理担任组长的？")
    assert holder_asked(q) == "国务院副总理"
    assert holding([notice, reply], "head", "国务院副总理") == [notice]
    found = answer_holding(q, [notice], "head", "国务院副总理", {c.id: c for c in NOTICE})
    assert not found.abstained and "国家海洋经济发展领导小组：组长：王明 国务院副总理" in found.answer
    assert [h.clause.id for h in found.citations] == ["n:2"]
    assert answer_holding(q, [], "head", "国务院总理", {}).abstained


def test_the_unit_a_membership_question_names() -> None:
    q = replace(Question("organization", "zh", "问", org_field="membership"), text="公安部是联席会议的成员单位吗？")
    assert unit_asked(q) == ("公安部",)
    q = replace(q, language="en", text="Is the Ministry of Finance one of the member units of the conference?")
    assert unit_asked(q) == ("财政部",)  # CC-CEDICT's headword


# --- a document's identity ------------------------------------------------------------------------------------


def test_an_addressee_line_is_no_title_and_a_reply_is_titled_by_what_it_grants() -> None:
    lines = ["财政部:", "你部《关于建立某某制度的请示》收悉。现批复如下:", "同意建立某某工作部际联席会议制度。", "一、主要职能"]
    title, _ = build_outline([Paragraph(line) for line in lines], "doc")
    assert title == "关于同意建立某某工作部际联席会议制度的批复"


def test_a_reprints_number_label_and_a_state_council_number() -> None:
    lines = ["发文字号国函〔2009〕7号", "农业部:", "同意建立某某制度。"]
    found = read_jurisdiction("关于同意建立促进中部地区发展部际联席会议制度的批复", [Paragraph(t) for t in lines])
    assert (found.doc_no, found.place) == ("国函〔2009〕7号", "全国")  # 中部地区 is a region, no place
    found = read_jurisdiction("关于同意建立促进中部地区发展部际联席会议制度的批复", [])
    assert found.place is None


def test_a_title_naming_its_place_by_its_level_alone() -> None:
    title = "市“三城联创”指挥部宣传专班工作规则(试行)"
    lines = [title, "根据中共安康市委、安康市人民政府的决定，制定本规则。"]
    assert read_jurisdiction(title, [Paragraph(t) for t in lines]).place == "安康市"
    assert read_jurisdiction(title, [Paragraph(title)]).place is None


def test_a_place_another_document_is_named_bare_in_a_title() -> None:
    places = {"a": "宁波市鄞州区", "b": None, "c": None, "d": "全国"}
    titles = {"a": "鄞州区支持OPC的若干措施", "b": "关于加快鄞州经济高质量发展的若干政策意见", "c": "关于某某的通知"}
    assert places_from_titles(places, titles) == {"a": "宁波市鄞州区", "b": "宁波市鄞州区", "c": None, "d": "全国"}


def test_a_document_naming_no_issuer_takes_the_place_its_text_names_most() -> None:
    # a notice opening with its salutation, its title further down: 各区 is whom it is sent to, no place
    lines = [
        "各区、市、县人民政府,市政府各工作部门: 《贵阳市促进就业工作意见》已经市人民政府同意,现印发给你们。",
        "贵阳市促进就业工作意见",
        "为建设创业型城市,贵阳市将筹集资金,支持云南省来筑人员创业。",
    ]
    assert read_jurisdiction(None, [Paragraph(t) for t in lines]).place == "贵阳市"
    # a reprint opening with a news line; a district written under its city keeps the city
    news = "本报讯 近日,重庆市沙坪坝区人民政府印发通知,沙坪坝区将推进改革,城市更新提速。"
    assert place_in_text(news) == "重庆市沙坪坝区"
    assert place_in_text("各区、县人民政府:全市要加快建设文明城市。") is None


def test_a_stored_place_naming_none_is_read_again_from_the_text() -> None:
    places = {"a": "各区", "b": None, "c": "全国", "d": "栖霞高新区", "e": None}
    texts = {"a": "湖南省人民政府决定,湖南省各地开展普查。", "b": "现将二连浩特市的方案印发。", "e": "请认真执行。"}
    assert places_from_texts(places, texts) == {
        "a": "湖南省", "b": "二连浩特市", "c": "全国", "d": "栖霞高新区", "e": None
    }


def test_a_bare_name_written_with_another_level_names_another_place() -> None:
    """东湖街道 (or 东湖镇) is no 东湖区: the title of a document with no place of its own writing the name with
    another level takes no place from it; with the place's own level or none it does."""
    places = {"a": "某某市东湖区", "b": None, "c": None, "d": None, "e": None}
    titles = {
        "a": "东湖区关于支持数字经济发展的若干措施",
        "b": "西东湖街道扶持人工智能创新发展若干措施",
        "c": "东湖镇关于加快特色农业发展的实施方案",
        "d": "关于加快东湖区数字经济发展的意见",
        "e": "关于推动东湖经济高质量发展的若干政策",
    }
    assert places_from_titles(places, titles) == {
        "a": "某某市东湖区",
        "b": None,
        "c": None,
        "d": "某某市东湖区",
        "e": "某某市东湖区",
    }
