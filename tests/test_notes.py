"""The grammar of responsibility notes (kb.parse.notes) on small snippets, each written the way Chinese official
documents write it — the forms of the real documents in tests/data/real and forms none of them shows.

No registry is involved: units are recognised by their place in a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.parse.notes import (
    NOTE_FORMS,
    FoundNote,
    is_wellformed,
    not_understood,
    notes_in,
    read_note,
    read_units,
)


def one(text: str) -> FoundNote:
    [note] = notes_in(text)
    return note


def names(note: FoundNote) -> list[str]:
    return [u.name for u in note.reading.units]


def leads(note: FoundNote, rule: str | None = None) -> list[str]:
    return list(note.reading.leads(rule))  # type: ignore[arg-type]


# --- verb forms -------------------------------------------------------------------------------------------------


def test_duty_note_with_deng() -> None:
    text = "建设线上线下融合的云母材料交易中心。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）"
    note = one(text)
    assert names(note) == ["平江高新区", "县发改局", "县科工信局", "县科协"]
    assert leads(note) == ["平江高新区"]
    assert not note.reading.explicit
    assert text[note.span[0] : note.span[1]] == note.text
    assert note.text.startswith("（平江高新区") and note.text.endswith("负责）")


def test_lead_and_helpers() -> None:
    note = one("建设科普基地。（县科协牵头，县教育局、县科工信局配合）")
    assert names(note) == ["县科协", "县教育局", "县科工信局"]
    assert leads(note) == ["县科协"] and note.reading.explicit


@pytest.mark.parametrize(
    ("text", "expected_names", "expected_leads"),
    [
        # 国办发 forms
        (
            "（生态环境部牵头，国家发展改革委、工业和信息化部参与）",
            ["生态环境部", "国家发展改革委", "工业和信息化部"],
            ["生态环境部"],
        ),
        ("（住房城乡建设部指导，生态环境部参与）", ["住房城乡建设部", "生态环境部"], ["住房城乡建设部"]),
        ("（农业农村部、生态环境部指导）", ["农业农村部", "生态环境部"], ["农业农村部"]),
        ("（市场监管总局、工业和信息化部负责）", ["市场监管总局", "工业和信息化部"], ["市场监管总局"]),
        # 皖 forms
        ("（省商务厅牵头，合肥海关配合）", ["省商务厅", "合肥海关"], ["省商务厅"]),
        (
            "（省商务厅牵头，省发展改革委、省财政厅按职责分工配合）",
            ["省商务厅", "省发展改革委", "省财政厅"],
            ["省商务厅"],
        ),
        # 粤 forms: co-leads, and a co-unit list with its groups
        (
            "（省发展改革委、科技厅、工业和信息化厅、财政厅牵头负责，各地级以上市人民政府配合）",
            ["省发展改革委", "科技厅", "工业和信息化厅", "财政厅", "各地级以上市人民政府"],
            ["省发展改革委", "科技厅", "工业和信息化厅", "财政厅"],
        ),
        (
            "（省发展改革委牵头负责，省工业和信息化厅、财政厅，各地级以上市人民政府配合）",
            ["省发展改革委", "省工业和信息化厅", "财政厅", "各地级以上市人民政府"],
            ["省发展改革委"],
        ),
        (
            "（省发展改革委，各地级以上市人民政府按职责分工负责）",
            ["省发展改革委", "各地级以上市人民政府"],
            ["省发展改革委"],
        ),
        # forms none of the real documents shows
        ("（县统计局会同县发改局负责）", ["县统计局", "县发改局"], ["县统计局"]),
        ("（县统计局会同有关部门负责）", ["县统计局", "有关部门"], ["县统计局"]),
        (
            "（商务部、海关总署等和各有关省级人民政府按职责分工负责）",
            ["商务部", "海关总署", "各有关省级人民政府"],
            ["商务部"],
        ),
        ("（县交通运输局牵头落实，各乡镇参与）", ["县交通运输局", "各乡镇"], ["县交通运输局"]),
        ("（市教育局负责落实）", ["市教育局"], ["市教育局"]),
        ("（市应急管理局、市消防救援支队分别负责）", ["市应急管理局", "市消防救援支队"], ["市应急管理局"]),
    ],
)
def test_verb_forms(text: str, expected_names: list[str], expected_leads: list[str]) -> None:
    note = one("推进此项工作。" + text)
    assert names(note) == expected_names
    assert leads(note) == expected_leads


# --- labelled forms ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_names", "expected_leads"),
    [
        ("（责任单位：市教育局、市人社局）", ["市教育局", "市人社局"], ["市教育局"]),
        (
            "（牵头单位：市经信局市新经济委、市科技局、市教育局）",
            ["市经信局市新经济委", "市科技局", "市教育局"],
            ["市经信局市新经济委", "市科技局", "市教育局"],
        ),
        (
            "〔牵头单位：区委组织部（人才办）、区科技经信局〕",
            ["区委组织部（人才办）", "区科技经信局"],
            ["区委组织部（人才办）", "区科技经信局"],
        ),
        # several labels in one note, `，` ending the co-leads' list
        (
            "（牵头单位：县发改局、县财政局，责任单位：县科工信局、县商务局，各乡镇）",
            ["县发改局", "县财政局", "县科工信局", "县商务局", "各乡镇"],
            ["县发改局", "县财政局"],
        ),
        ("（牵头单位：县数据局；责任单位：县政府办）", ["县数据局", "县政府办"], ["县数据局"]),
        (
            "（牵头单位：县数据局；配合单位：县政府办、县高新区）",
            ["县数据局", "县政府办", "县高新区"],
            ["县数据局"],
        ),
        ("（协同单位：县公安局、县司法局）", ["县公安局", "县司法局"], ["县公安局"]),
        ("（责任部门：区市场监管局）", ["区市场监管局"], ["区市场监管局"]),
        # a deadline or a score beside the unit
        ("（2025年底前，牵头考核单位：市发展改革委）", ["市发展改革委"], ["市发展改革委"]),
        ("（牵头单位：市发展改革委；2026年6月底前完成）", ["市发展改革委"], ["市发展改革委"]),
        # collectives and companies are units too
        ("（责任单位：有关市级部门，有关区县）", ["有关市级部门", "有关区县"], ["有关市级部门"]),
        (
            "（责任单位：省通信管理局，省铁塔公司、各基础电信企业，各市人民政府）",
            ["省通信管理局", "省铁塔公司", "各基础电信企业", "各市人民政府"],
            ["省通信管理局"],
        ),
        # names that hold `、` or brackets stay whole
        (
            "（责任单位：市委改革办〔市营商环境建设局〕、市发改委，各区〔县、市〕政府）",
            ["市委改革办〔市营商环境建设局〕", "市发改委", "各区〔县、市〕政府"],
            ["市委改革办〔市营商环境建设局〕"],
        ),
        (
            "〔责任单位：市财政局，各县（市、区）人民政府、功能区管委会〕",
            ["市财政局", "各县（市、区）人民政府", "功能区管委会"],
            ["市财政局"],
        ),
        ("[责任单位：县文旅广体局、县林业局]", ["县文旅广体局", "县林业局"], ["县文旅广体局"]),
        # an asterisk marks the lead
        (
            "（责任单位：县科技局、*县人力社保局、县财政局）",
            ["县科技局", "县人力社保局", "县财政局"],
            ["县人力社保局"],
        ),
        # `等相关部门` and `等有关单位` are not units
        ("（责任单位：市科技局、市财政局等相关部门）", ["市科技局", "市财政局"], ["市科技局"]),
    ],
)
def test_labelled_forms(text: str, expected_names: list[str], expected_leads: list[str]) -> None:
    note = one("推进此项工作。" + text)
    assert names(note) == expected_names
    assert leads(note) == expected_leads


def test_nested_brackets_of_three_kinds() -> None:
    note = one("做好服务保障。（责任单位：市委人才办、各区人民政府〈含开发区、长江新区管委会,下同〉）")
    # the 〈…下同〉 part defines the unit; it is not a unit of its own
    assert names(note) == ["市委人才办", "各区人民政府"]
    note = one("做好服务保障。〔责任单位：市财政局（市国资委）、各县（市、区）政府〕")
    assert names(note) == ["市财政局（市国资委）", "各县（市、区）政府"]


def test_shared_suffix_is_written_out() -> None:
    note = one("建设一批标杆项目。（省商务厅、广州、深圳市政府按职责分工负责）")
    assert names(note) == ["省商务厅", "广州市政府", "深圳市政府"]


# --- rules a document states once ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    ["列第一位者为牵头单位，下同", "列第一位的为牵头单位，下同", "排在第一位的为牵头单位"],
)
def test_first_listed_rule_is_read_and_taken_out(rule: str) -> None:
    note = one(f"建立机制。（县发改局、县财政局按职责分工负责，{rule}）")
    assert names(note) == ["县发改局", "县财政局"]
    assert note.reading.lead_rule == "first"


def test_first_comma_rule_selects_the_first_group() -> None:
    text = (
        "加大算力支持。（责任单位：市科技局、市数据局，市委网信办、中国移动南充分公司；"
        "第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同）"
    )
    note = one(text)
    assert names(note) == ["市科技局", "市数据局", "市委网信办", "中国移动南充分公司"]
    assert note.reading.lead_rule == "first_group"
    assert leads(note) == ["市科技局", "市数据局"]
    later = one("畅通数据供给。（责任单位：市数据局，市经信局）")
    assert leads(later, "first_group") == ["市数据局"]
    assert leads(later, None) == ["市数据局"]


def test_implied_units_rule() -> None:
    note = one(
        "支持建设社区。（责任单位：市经信局、市发改委，各区〔县、市〕政府、开发园区管委会。列第一位的为牵头单位，"
        "下同。以下均需各区〔县、市〕政府、开发园区管委会落实，不再列出）"
    )
    assert names(note) == ["市经信局", "市发改委", "各区〔县、市〕政府", "开发园区管委会"]
    assert note.reading.implied == ("各区〔县、市〕政府", "开发园区管委会")
    assert note.reading.lead_rule == "first"
    guo = one("开展试点。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）")
    assert names(guo) == ["生态环境部", "试点城市政府"]
    assert guo.reading.implied == ("试点城市政府",)


# --- where notes stand ------------------------------------------------------------------------------------------


def test_several_notes_in_one_paragraph_each_in_order() -> None:
    text = "甲任务。（县林业局负责）乙任务，丙任务。(县科协牵头，县教育局配合)丁任务。（责任单位：县财政局）"
    found = notes_in(text)
    assert [leads(n) for n in found] == [["县林业局"], ["县科协"], ["县财政局"]]
    assert [n.span[0] for n in found] == sorted(n.span[0] for n in found)


def test_label_lines_after_an_item() -> None:
    text = "推进数据共享，建设统一平台。\n牵头单位：县数据局\n配合单位：县政府办、县高新区"
    [note] = notes_in(text)  # the two label lines are one note: 县政府办 does not lead a note of its own
    assert names(note) == ["县数据局", "县政府办", "县高新区"] and leads(note) == ["县数据局"]
    inline = one("优化营商环境。责任单位：县发改局、县市场监管局。")
    assert names(inline) == ["县发改局", "县市场监管局"]


@pytest.mark.parametrize(
    "text",
    [
        # running text names bodies, but is not a note
        "配合县发改局做好项目申报工作。",
        "交由各乡镇牵头落实。",
        "由县科工信局会同县财政局组织开展。",
        "生态环境部会同有关部门组建协调小组和专家委员会。",
        "本政策措施由区科技经信局和相关责任部门负责牵头组织实施。",
        # brackets that explain, not notes
        "加强良种选育繁育（如“德字一号”油茶）。",
        "加快行业（团体）标准研究与制定。",
        "探索建设概念验证中心（研发中心）。",
        "推进平台建设（示范区、产业园区）。",
        "由县市场监管局（县知识产权局）统筹推进。",
        "大力支持人工智能OPC（即“一人公司”，指以个人或微型团队独立完成研发的企业）发展。",
        "实施“装、树、联”（垃圾焚烧企业依法依规安装污染物排放自动监测设备）。",
        "每项得分（1分）。",
        # a signature line in brackets
        "四川省科学技术厅\n（四川省人工智能产业链链长办公室）\n四川省人力资源和社会保障厅",
    ],
)
def test_not_notes(text: str) -> None:
    assert notes_in(text) == []


# --- unit names -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "责任单位：市教育局",
        "各县（市",
        "市（县",
        "县发改局、县财政局",
        "../../../../x",
        "<img src=x onerror=alert(1)>",
        "2025年底前",
        "1分",
        "",
        "县",
    ],
)
def test_malformed_names_are_refused(name: str) -> None:
    assert not is_wellformed(name)


@pytest.mark.parametrize(
    "name",
    [
        "各区〔县、市〕政府",
        "各县（市、区）人民政府",
        "县委组织部（人才办）",
        "市发展改革委（市数据局）",
        "国家发展改革委",
    ],
)
def test_whole_names_are_wellformed(name: str) -> None:
    assert is_wellformed(name)


def test_a_hostile_name_is_never_a_unit_and_is_reported() -> None:
    # issue 20 (degrade, never drop): the units the note is sure of stay, the hostile piece is recorded as not
    # understood and never becomes a unit (the note was refused whole before)
    for body, hostile in (
        ("县发改局、../../../../x牵头", "../../../../x"),
        ("县发改局牵头，<imgsrc=xonerror=alert(1)>配合", "<imgsrc=xonerror=alert(1)>"),
    ):
        reading = read_note(body)
        assert reading is not None
        assert [u.name for u in reading.units] == ["县发改局"]
        assert hostile in reading.unread and not reading.understood


def test_read_units_groups_and_tail() -> None:
    units = read_units("市科技局、市数据局，市委网信办等有关部门", "duty")
    assert [(u.name, u.group) for u in units] == [("市科技局", 0), ("市数据局", 0), ("市委网信办", 1)]


def test_forms_table_is_ordered_labelled_verb_bare() -> None:
    assert [f.name for f in NOTE_FORMS] == ["labelled", "verb", "bare"]
    assert [f.bare for f in NOTE_FORMS] == [False, False, True]


def test_bare_list_only_at_a_sentence_end() -> None:
    note = one("深化茶旅、药旅、油茶文化体验等融合业态。（县农业农村局、县科工信局、县林业局、县文旅广体局）")
    assert names(note) == ["县农业农村局", "县科工信局", "县林业局", "县文旅广体局"]
    assert notes_in("由县农业农村局（县林业局、县科工信局）统筹。") == []


@pytest.mark.parametrize(
    ("text", "expected_names", "expected_leads"),
    [
        ("（责任单位：县发改局、县财政局；完成时限：2025年12月底）", ["县发改局", "县财政局"], ["县发改局"]),
        ("（责任单位：县发改局，完成时限：2025年12月底前）", ["县发改局"], ["县发改局"]),
        ("（县发改局负责，2025年6月底前完成）", ["县发改局"], ["县发改局"]),
        ("（县发改局牵头，县财政局配合，长期坚持）", ["县发改局", "县财政局"], ["县发改局"]),
        ("（责任单位：县财政局、县发改局（牵头））", ["县财政局", "县发改局"], ["县发改局"]),
        ("（县发改局和县财政局负责）", ["县发改局", "县财政局"], ["县发改局"]),
        (
            "（县人力资源和社会保障局、县住房和城乡建设局负责）",
            ["县人力资源和社会保障局", "县住房和城乡建设局"],
            ["县人力资源和社会保障局"],
        ),
        ("（以上任务均由县发改局牵头，各乡镇配合）", ["县发改局", "各乡镇"], ["县发改局"]),
        (
            "（牵头领导：张三；牵头单位：县发改局；责任单位：县财政局）",
            ["县发改局", "县财政局"],
            ["县发改局"],
        ),
        ("（县政府办统筹，各部门落实）", ["县政府办", "各部门"], ["县政府办"]),
        ("（责任单位：县发改局　县财政局　县商务局）", ["县发改局", "县财政局", "县商务局"], ["县发改局"]),
    ],
)
def test_forms_with_deadlines_marks_and_conjunctions(
    text: str, expected_names: list[str], expected_leads: list[str]
) -> None:
    note = one("推进此项工作。" + text)
    assert names(note) == expected_names
    assert leads(note) == expected_leads


@pytest.mark.parametrize(
    "rule",
    [
        "排名第一的为牵头单位",
        "第一个单位为牵头单位",
        "各项任务中列第一位的部门为牵头部门",
        "列在首位的为牵头单位",
    ],
)
def test_lead_rule_wordings(rule: str) -> None:
    note = one(f"建立机制。（县发改局、县财政局按职责分工负责。{rule}，下同）")
    assert names(note) == ["县发改局", "县财政局"]
    assert note.reading.lead_rule == "first"


def test_a_rule_in_running_text() -> None:
    from kb.parse.notes import rule_outside_notes

    rules = rule_outside_notes(
        "各项任务中列第一位的为牵头单位。以下各项任务均需各乡镇（街道）落实，不再一一列出。"
    )
    assert rules.lead_rule == "first"
    assert rules.implied == ["各乡镇（街道）"]


def test_labels_in_square_brackets() -> None:
    note = one("推进工作。【牵头单位】县发改局【配合单位】县财政局、县商务局")
    assert names(note) == ["县发改局", "县财政局", "县商务局"]
    assert leads(note) == ["县发改局"]
    assert (
        note.text == "【牵头单位】县发改局【配合单位】县财政局、县商务局"
    )  # spans point into the text as written


def test_label_lines_one_after_another_are_one_note() -> None:
    note = one("推进工作。\n牵头单位：县发改局\n责任单位：县财政局、县商务局\n完成时限：2025年底")
    assert names(note) == ["县发改局", "县财政局", "县商务局"]
    assert leads(note) == ["县发改局"]


def test_a_note_in_an_items_heading_covers_the_item(tmp_path: Path) -> None:
    from kb.evaluate_notes import parse_file

    path = tmp_path / "heading.txt"
    path.write_text(
        "某县推进数字化实施方案\n一、重点任务\n1.推进数字化转型（县科工信局负责）\n支持企业上云用数赋智。\n"
        "2.完善基础设施。建设5G基站200个。（县通信办负责）\n",
        encoding="utf-8",
    )
    by_title = {c.title: c for c in parse_file(path)}
    assert by_title["推进数字化转型（县科工信局负责）"].leads == ("县科工信局",)
    assert by_title["完善基础设施"].leads == ("县通信办",)


def test_a_collective_unit_with_a_separator_between_its_levels_is_one_unit() -> None:
    from kb.parse.notes import read_note

    note = read_note(
        "责任单位：市科技局、市经信局，各区、县（市）政府。以下均需各区、县（市）政府落实，不再列出"
    )
    assert note is not None
    assert [u.name for u in note.units] == ["市科技局", "市经信局", "各区、县（市）政府"]
    assert note.implied == ("各区、县（市）政府",)


def test_a_rule_naming_its_units_shorter_than_its_note_takes_the_notes_names() -> None:
    from kb.parse.notes import read_note

    note = read_note(
        "责任单位：市数据局，各县区人民政府、市各功能区管委会，以下均涉及各县区、功能区，不再重复列出"
    )
    assert note is not None
    assert [u.name for u in note.units] == ["市数据局", "各县区人民政府", "市各功能区管委会"]
    assert note.implied == ("各县区人民政府", "市各功能区管委会")


# --- forms none of the development documents shows (issue 20), written the way official documents write ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "建立数据共享机制。（牵头责任单位：市发改委；配合单位：市财政局、市税务局）",
            [("市发改委", "lead"), ("市财政局", "co"), ("市税务局", "co")],
        ),
        (
            "建设区域医疗中心。（主要责任单位：市卫生健康委；主要协作单位：市医保局、市财政局）",
            [("市卫生健康委", "lead"), ("市医保局", "co"), ("市财政局", "co")],
        ),
        ("推进农贸市场改造。（责任主体：各区县政府）", [("各区县政府", "duty")]),
        ("完善公路养护体系。（市交通运输局负责推进）", [("市交通运输局", "duty")]),
        (
            "发展现代物流。（市商务局牵头，市交通运输局、市邮政管理局按职责分工落实）",
            [("市商务局", "lead"), ("市交通运输局", "duty"), ("市邮政管理局", "duty")],
        ),
        ("建成城市大脑。（责任单位：市大数据局；完成时限：2024年底前）", [("市大数据局", "duty")]),
        (
            "推动服务业集聚。（责任单位（部门）：市发改委、市商务局）",
            [("市发改委", "duty"), ("市商务局", "duty")],
        ),
        (
            "建设县域医共体。（实施主体：县卫生健康局、县医保局）",
            [("县卫生健康局", "duty"), ("县医保局", "duty")],
        ),
        ("推进政务服务一网通办。（协同部门：市政务服务中心）", [("市政务服务中心", "co")]),
        ("打造智慧交通。（市交通运输局具体负责，持续推进）", [("市交通运输局", "duty")]),
        ("加快充电设施建设。（市发改委牵头，2025年底前完成）", [("市发改委", "lead")]),
        ("建设数字乡村。（市农业农村局统一组织推进）", [("市农业农村局", "duty")]),
        (
            "落实减税降费政策。（各市人民政府、试点城市政府分别落实）",
            [("各市人民政府", "duty"), ("试点城市政府", "duty")],
        ),
        (
            "优化营商环境。（市市场监管局会同有关部门共同推进）",
            [("市市场监管局", "lead"), ("有关部门", "co")],
        ),
        (
            "推进交通强市建设。【主责单位】市交通运输局【协办单位】市公安局、市住建局",
            [("市交通运输局", "lead"), ("市公安局", "co"), ("市住建局", "co")],
        ),
        (
            "建设口袋公园。（市住建局为牵头单位，市自然资源局、市城管局为配合单位）",
            [("市住建局", "lead"), ("市自然资源局", "co"), ("市城管局", "co")],
        ),
        (
            "推进老旧小区改造。（牵头：市住建局；配合：市财政局、各区县政府）",
            [("市住建局", "lead"), ("市财政局", "co"), ("各区县政府", "co")],
        ),
        ("完善急救体系。（市卫生健康委负责，年底前完成）", [("市卫生健康委", "duty")]),
        ("出台实施细则。（市发改委负责，2025年6月底前出台实施意见）", [("市发改委", "duty")]),
        (
            "开展信用修复。（该项工作由市发改委牵头，市市场监管局配合）",
            [("市发改委", "lead"), ("市市场监管局", "co")],
        ),
        ("推进电子证照应用。（市政务服务中心等5部门负责）", [("市政务服务中心", "duty")]),
        (
            "建设智慧医院。（市卫生健康委负总责，市医保局参加）",
            [("市卫生健康委", "lead"), ("市医保局", "co")],
        ),
        ("建设示范区。（责任单位：市发改委；预期成效：建成3个示范区）", [("市发改委", "duty")]),
        (
            "推进交通治理。〔牵头单位〕市交通运输局〔配合单位〕市公安局交警支队",
            [("市交通运输局", "lead"), ("市公安局交警支队", "co")],
        ),
        ("做好提案办理。（县政协办负责）", [("县政协办", "duty")]),
        (
            "完善分级诊疗。（责任单位为省卫生健康委、省医保局）",
            [("省卫生健康委", "duty"), ("省医保局", "duty")],
        ),
        (
            "建设数字档案馆。（牵头单位是省档案馆，配合单位是省数据局）",
            [("省档案馆", "lead"), ("省数据局", "co")],
        ),
        (
            "健全养老服务网络。（省民政厅、各市（州）、县（市、区）人民政府按职责分工负责）",
            [("省民政厅", "duty"), ("各市（州）、县（市、区）人民政府", "duty")],
        ),
    ],
)
def test_unseen_forms_are_read(text: str, expected: list[tuple[str, str]]) -> None:
    [note] = notes_in(text)
    assert [(u.name, u.role) for u in note.reading.units] == expected
    assert note.reading.understood


def test_a_label_line_of_an_unseen_label_word() -> None:
    note = one("（三）推进医养结合。建设医养结合机构10家。\n牵头责任单位：市卫生健康委\n配合单位：市民政局")
    assert [(u.name, u.role) for u in note.reading.units] == [("市卫生健康委", "lead"), ("市民政局", "co")]


@pytest.mark.parametrize(
    "text",
    [
        "各区县人民政府，市政府各部门，各有关单位：",  # a notice's addressees
        "领导小组成员单位：市发改委、市财政局、市商务局",  # a working group's members
        "推进产业发展。（由企业自主负责）",  # a verb, but no unit
        "政策咨询：市工业和信息化局工业互联网处",  # a contact office
        "建设研发中心。（研发中心、中试基地）",
        "支持参展。（按实际费用比例支持，单企业同一展会最高10万元）",  # a subsidy rule, not a note
        "鼓励企业上云。（由企业负责，政府给予补贴）",  # 企业 alone names no body
    ],
)
def test_no_note_where_none_is_written(text: str) -> None:
    assert notes_in(text) == []


def test_a_note_partly_understood_keeps_its_sure_units_and_is_reported() -> None:
    # `协调` is no verb of the grammar: the lead stays, the rest keep the plain role, the note is reported
    text = "推进数据共享。（市数据局牵头，市财政局、市税务局等统筹协调）"
    [note] = notes_in(text)
    assert [(u.name, u.role) for u in note.reading.units] == [
        ("市数据局", "lead"),
        ("市财政局", "duty"),
        ("市税务局", "duty"),
    ]
    assert not note.reading.understood
    assert not_understood(text) == [(note.text, "partly read; not understood: 市财政局、市税务局等统筹协调")]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("建设算力中心。（主抓部门：市经信局）", "a label the grammar does not know"),
        ("建设算力中心。（责任单位：待定）", "a unit label, but no unit read after it"),
        (
            "建设算力中心。（市经信局、市发改委、市数据局统筹考虑）",
            "unit names with no label or verb the grammar knows",
        ),
    ],
)
def test_a_bracket_that_looks_like_a_note_but_matches_no_form_is_reported(text: str, why: str) -> None:
    assert notes_in(text) == []
    assert not_understood(text) == [(text[text.index("（") :], why)]


@pytest.mark.parametrize(
    "text",
    [
        "推进产业发展。（以下简称“产业联盟”）",
        "支持企业上市（含新三板挂牌）。",
        "建设孵化器（众创空间）、加速器等载体。",
    ],
)
def test_running_text_brackets_are_not_reported(text: str) -> None:
    assert not_understood(text) == []


@pytest.mark.parametrize("mark", ["/", "／", "—", "——", "-", "无", "空", "暂无"])
def test_empty_cell_marks_and_deadlines_are_never_units(mark: str) -> None:
    assert read_units(f"市发改委、{mark}", "duty") == read_units("市发改委", "duty")
    assert [u.name for u in read_units("市发改委、2025年底前完成、持续推进", "duty")] == ["市发改委"]
    assert not is_wellformed(mark)


def test_a_task_table_with_empty_cells(tmp_path: Path) -> None:
    from kb.load import load
    from kb.parse import parse
    from kb.parse.departments import DepartmentRegistry

    lines = [
        "某市服务业发展重点任务分解表",
        "一、重点任务",
        "序号 | 重点任务 | 牵头责任单位 | 配合单位 | 完成时限",
        "1 | 培育现代物流企业 | 市商务局 | / | 2025年底前",
        "2 | 建设区域消费中心 | 市商务局 | 市文旅局、— | 持续推进",
        "3 | 发展健康服务业 | 市卫生健康委 | 无 | 2026年",
    ]
    path = tmp_path / "tasks.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(load(path), DepartmentRegistry())
    rows = [(c.title, c.lead, c.departments) for c in doc.clauses if c.departments]
    assert rows == [
        ("培育现代物流企业", "市商务局", ("市商务局",)),
        ("建设区域消费中心", "市商务局", ("市商务局", "市文旅局")),
        ("发展健康服务业", "市卫生健康委", ("市卫生健康委",)),
    ]
    assert doc.unread_notes == ()  # an empty cell names nobody: nothing was missed


def test_a_table_cell_written_as_a_note(tmp_path: Path) -> None:
    from kb.load import load
    from kb.parse import parse
    from kb.parse.departments import DepartmentRegistry

    lines = [
        "某省交通强省建设任务分工",
        "一、重点任务",
        "序号 | 工作任务 | 责任单位 | 完成时限",
        "1 | 建设综合交通枢纽 | 省交通运输厅牵头，省发展改革委、省自然资源厅配合 | 2026年底前",
        "2 | 推进智慧公路 | 牵头：省交通运输厅；配合：省数据局 | 持续推进",
    ]
    path = tmp_path / "tasks.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(load(path), DepartmentRegistry())
    rows = [(c.leads, c.departments) for c in doc.clauses if c.departments]
    assert rows == [
        (("省交通运输厅",), ("省交通运输厅", "省发展改革委", "省自然资源厅")),
        (("省交通运输厅",), ("省交通运输厅", "省数据局")),
    ]


def test_a_starred_unit_leads() -> None:
    note = one("推进政务服务标准化。（★省政务服务中心、省市场监管局）")
    assert leads(note) == ["省政务服务中心"]


def test_words_after_the_verb_are_reported_and_the_units_kept() -> None:
    text = "健全督查机制。（市政府办公室负责组织实施并做好督促检查）"
    [note] = notes_in(text)
    assert [(u.name, u.role) for u in note.reading.units] == [("市政府办公室", "duty")]
    assert not_understood(text) == [(note.text, "partly read; not understood: 实施并做好督促检查")]


def test_a_joiner_is_taken_off_a_name_but_not_off_a_place() -> None:
    note = one("推进社区治理。（和平区政府、河西区政府和市民政局负责）")
    assert names(note) == ["和平区政府", "河西区政府", "市民政局"]


# --- forms met in the heldout20 families (made-up examples in the same forms, half-width punctuation) --------


def test_a_lead_rule_in_its_own_bracket_inside_a_label_line() -> None:
    note = one("新建口袋公园5个。\n责任单位:县住建局、县城管局、城关镇(列第一位者为牵头或汇总单位,下同)")
    assert names(note) == ["县住建局", "县城管局", "城关镇"]  # the rule is no part of 城关镇
    assert note.reading.lead_rule == "first" and leads(note) == ["县住建局"]
    assert note.reading.unread == ()


def test_what_every_task_involves_is_an_implied_unit_rule() -> None:
    note = one(
        "推进物流枢纽建设。〔责任单位:省交通运输厅、省商务厅按职责分工负责。"
        "具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕"
    )
    assert names(note) == ["省交通运输厅", "省商务厅"]
    assert note.reading.implied == ("相关市(州)人民政府",)


def test_half_width_label_lines_under_an_item() -> None:
    note = one("建设农产品冷链仓储中心。\n牵头单位:县商务局\n责任单位:县农业农村局、县供销社")
    assert names(note) == ["县商务局", "县农业农村局", "县供销社"] and leads(note) == ["县商务局"]


def test_a_note_on_its_own_line_without_brackets() -> None:
    """A flattened table's unit cell: the units and their verb on the line after the task they belong to;
    `分别牵头落实` makes every unit listed a lead."""
    found = notes_in(
        "开展政策解读,及时回应关切。\n县发改委牵头落实\n加强融资政策信息公开。\n"
        "县金融办、人民银行桐溪县支行、县税务局分别牵头落实"
    )
    assert [leads(n) for n in found] == [["县发改委"], ["县金融办", "人民银行桐溪县支行", "县税务局"]]
    assert [names(n) for n in found][1] == ["县金融办", "人民银行桐溪县支行", "县税务局"]


@pytest.mark.parametrize(
    "text",
    [
        "开展政策解读。\n由县发改委牵头落实有关工作",  # words after the verb: running text, not a note line
        "开展政策解读。\n县发改委牵头落实。",  # a sentence, not a cell
        "一、工作任务\n县发改委牵头落实",  # not after a finished sentence
    ],
)
def test_lines_that_are_not_note_lines(text: str) -> None:
    assert notes_in(text) == []


def test_a_deadline_inside_a_note_is_no_unit() -> None:
    note = one("完善政务服务标准。(国务院各部门分别负责,年内持续推进)")
    assert names(note) == ["国务院各部门"]


def test_a_sentence_followed_only_by_its_note_is_the_items_text(tmp_path: Path) -> None:
    from kb.evaluate_notes import parse_file

    path = tmp_path / "targets.txt"
    path.write_text(
        "桐溪县2025年重要工作事项责任分工\n一、主要预期目标\n1.地区生产总值增长6%。(牵头单位:县发改局)\n"
        "2.城镇新增就业5000人。(牵头单位:县人社局)\n",
        encoding="utf-8",
    )
    rows = [c for c in parse_file(path) if c.departments]
    assert [(c.text.split("。")[0], c.leads) for c in rows] == [
        ("地区生产总值增长6%", ("县发改局",)),
        ("城镇新增就业5000人", ("县人社局",)),
    ]


@pytest.mark.parametrize(
    ("body", "units", "unread"),
    [
        # written for this test: parks a unit label lists, ending alike, are units by where they stand
        ("牵头单位：区商务局；责任单位：东湖科技园、西湖创业园、南湖物流园等", ["区商务局", "东湖科技园", "西湖创业园", "南湖物流园"], []),
        ("配合单位：城东示范基地、城西孵化基地", ["城东示范基地", "城西孵化基地"], []),
        # a lone name, or names ending differently, stay unread
        ("牵头单位：区商务局；责任单位：东湖科技园", ["区商务局"], ["东湖科技园"]),
        ("责任单位：区商务局，东湖科技园、滨江创新港", ["区商务局"], ["东湖科技园", "滨江创新港"]),
    ],
)
def test_names_a_label_lists_that_end_alike_are_units(body: str, units: list[str], unread: list[str]) -> None:
    reading = read_note(body)
    assert reading is not None
    assert [u.name for u in reading.units] == units
    assert list(reading.unread) == unread
