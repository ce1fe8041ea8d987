"""Values given respectively (依次 / 分别), read for the condition a question names."""

from kb.qa.compose.respectively import aligned_value

CHENGDU = "对正常经营6、18、36个月以上的,依次给予最高5000元、1万元、2万元补贴。"
NANCHONG = "离校5年内高校毕业生创办人工智能OPC并正常经营6、18个月以上的，依次给予5000元、1万元创业补贴。"


def test_the_value_of_the_condition_named() -> None:
    found = aligned_value("经营满36个月最高能补多少", CHENGDU)
    assert found is not None and (found.condition, found.value) == ("36个月", "2万元")
    found = aligned_value("干满18个月能拿多少补贴", NANCHONG)
    assert found is not None and found.value == "1万元"


def test_fenbie_and_other_units() -> None:
    text = "对新认定的国家级、省级孵化器，对面积达到1000、3000平方米的，分别给予10万元、30万元奖励"
    found = aligned_value("面积3000平方米的孵化器奖励多少", text)
    assert found is not None and found.value == "30万元"


def test_no_condition_named_or_lists_of_unequal_length() -> None:
    assert aligned_value("能补多少", CHENGDU) is None  # no number named
    assert aligned_value("干满5年能拿多少", NANCHONG) is None  # 5 is not one of the conditions (5年内 is another)
    assert aligned_value("满6个月补多少", "对经营6、18个月以上的，依次给予5000元补贴") is None
    assert aligned_value("满18个月补多少", "经营18个月以上的给予1万元") is None  # nothing given respectively
