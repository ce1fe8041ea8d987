"""A size asked (资金规模是多少, fund size) is a whole sum: a cap per item or a share is a number of another kind."""

from __future__ import annotations

import pytest

from kb.qa.decide.quantity import size_unstated


@pytest.mark.parametrize(
    "piece",
    [
        "单笔贷款最高500万元",  # a cap per loan
        "每家企业最高奖励30万元",  # a cap per company
        "对发生的坏账损失给予最高60%的补偿",  # a share
    ],
)
def test_a_cap_per_item_or_a_share_states_no_size(piece: str) -> None:
    assert size_unstated("市里设立的风险补偿资金规模是多少？", piece)
    assert size_unstated("What is the fund size of the risk compensation pool?", piece)


@pytest.mark.parametrize(
    "piece",
    [
        "设立首期规模2亿元的天使投资基金",
        "每年安排总额800万元的“算力券”",  # a yearly sum, written as a total
        "设立5000万元风险补偿资金池",
    ],
)
def test_a_sum_set_up_states_the_size(piece: str) -> None:
    assert not size_unstated("天使基金规模多少？", piece)


def test_a_cap_answers_when_no_size_is_asked() -> None:
    assert not size_unstated("每家企业最高奖励多少？", "每家企业最高奖励30万元")
