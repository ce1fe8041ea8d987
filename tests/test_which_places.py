"""Questions asking which places (哪些地方…): every place whose documents say it, a document of unknown place
among them; a value the question states keeps only the places stating that value; 哪些地方在试点… asks places,
not who leads. Expected places are read off the three small documents below."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.settings import load_settings

DOCS = {
    "ningbo": "宁波市人民政府办公厅关于支持OPC创新创业的若干意见\n一、强化金融支持\n"
    "（一）优化创业担保贷款。对符合条件的OPC创业者个人给予创业担保贷款，个人最高50万元。（市人力社保局牵头）\n"
    "二、包容审慎监管\n（二）探索实施沙盒监管。对纳入沙盒监管的OPC给予1—3年观察期。（市市场监管局牵头）\n",
    "taian": "泰安市人民政府办公室关于支持OPC发展的实施意见\n一、强化金融支持\n"
    "（一）优化创业担保贷款服务。对符合条件的OPC创业者个人给予创业担保贷款，个人最高30万元。（市人力资源社会保障局牵头）\n"
    "二、包容审慎监管\n（二）试点沙盒监管。对纳入沙盒监管的OPC给予2年观察期。（市市场监管局牵头）\n",
    "noplace": "关于加快打造青年友好型创业社区的若干措施\n一、金融支持\n"
    "（一）创业担保贷款。对符合条件的OPC创业者个人给予创业担保贷款，个人最高50万元。\n",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("which-places")
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest(sorted(folder.glob("*.txt")))
    return base


def test_a_value_asked_keeps_the_places_stating_it(kb: KnowledgeBase) -> None:
    answer = kb.ask("OPC个人创业担保贷款最高50万元的有哪些地方？")
    docs = {h.clause.doc for h in answer.citations}
    assert not answer.abstained
    assert docs == {"ningbo", "noplace"}  # 泰安 sets 30万元
    assert "【】" not in answer.answer and "青年友好型" in answer.answer  # the unplaced one by its title


def test_which_places_pilot_something_lists_places_not_a_lead(kb: KnowledgeBase) -> None:
    answer = kb.ask("哪些地方在试点沙盒监管？")
    assert not answer.abstained
    assert {"ningbo", "taian"} <= {h.clause.doc for h in answer.citations}
