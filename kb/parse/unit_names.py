"""What a unit's name looks like, by its form and not by a list of known units.

A name is a body when it ends in an organisational word (`局` `委` `厅` `中心` `集团` `海关` …) — the endings are
data, learned from the corpora by `bench/learn_unit_endings.py` into `unit_endings.txt` — or when it is written
as a collective (`各乡镇`, `有关部门`, `试点城市政府`). Everything else written beside units in a note is not a
unit: a table's empty-cell mark (`/` `—` `无`), a deadline or a result (`2025年底前完成`, `持续推进`), a modifier
left before a verb (`按职责分工`), a person's post (`分管副省长`, `协管副秘书长`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kb.parse.brackets import without_brackets

ENDINGS_FILE = Path(__file__).with_name("unit_endings.txt")

# Collectives: a body of every place of a level, or every body concerned (`各区县政府`, `有关部门`).
COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它|全[省市县区]|市直|省直|县直|区直|试点|所在地|属地)")
# What a table writes in a cell that names nobody.
EMPTY_CELL = re.compile(r"^(?:[/／\\—–\-－―_＿·…\s]+|无|空|暂无|无需|不涉及|—/—)$")
# A deadline, a period or a result phrase written beside the units of a note.
_RESULT = re.compile(
    r"(?:(?:19|20)\d{2}\s*年|年底|年末|月底|季度|上半年|下半年|完成|持续|长期|常态化|逐步|按期|按时|到位|见效|时限|时间)"
)


@cache
def endings() -> tuple[str, ...]:
    """The organisational endings of `unit_endings.txt`, longest first."""
    found = []
    for line in ENDINGS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found.append(line.split("\t")[0].strip())
    return tuple(sorted(set(found), key=len, reverse=True))


@cache
def _ending_pattern() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(e) for e in endings()) + ")$")


def has_unit_ending(name: str) -> bool:
    """Ends in an organisational word (its own brackets aside: `县委组织部（人才办）`)."""
    bare = without_brackets(name)
    found = _ending_pattern().search(bare)
    return (
        found is not None and found.start() > 0
    )  # `企业`, `中心` alone name no body: something stands before


def is_collective(name: str) -> bool:
    return bool(COLLECTIVE.match(without_brackets(name)))


def looks_like_unit(name: str) -> bool:
    """A name shaped like a body: a collective, or a name ending in an organisational word."""
    return is_collective(name) or has_unit_ending(name)


# A person's post: the head of a level or of an organ (`副省长`, `秘书长`, `县政府分管副县长`, `局长`), a secretary, a
# director, a leader — written in a note beside the units (`分管副省长、协管副秘书长负责，省科技厅牵头`) it names who
# answers for the item, never a body. `增长`, `成长` end in 长 after no word of a level or an organ.
_POST = re.compile(
    r"(?:(?:[省市县区州旗盟镇乡村局厅部处科组院校行社所站队办委]|秘书|指挥)长|书记|主任|主席|领导|负责人|负责同志)$"
)


def is_post(name: str) -> bool:
    """A person's post (`分管副省长`, `市委书记`, `各县区主要领导`), not a unit's name."""
    bare = without_brackets(name)
    return bool(_POST.search(bare)) and not has_unit_ending(bare)


def is_empty_cell(text: str) -> bool:
    return bool(EMPTY_CELL.match(text.strip())) if text.strip() else True


def is_result_phrase(text: str) -> bool:
    """A deadline or a result written beside the units (`2025年底前完成`, `完成时限：…`, `持续推进`): never a
    unit, whatever its ending."""
    return bool(_RESULT.search(text)) and not (looks_like_unit(text) and not re.search(r"\d", text))


_MAX_MODIFIER = 8  # `按照职责分工`, `共同`, `具体`: what stands between a list and its verb is short


def split_modifier(name: str) -> tuple[str, str]:
    """`县科工信局按职责分工` → (`县科工信局`, `按职责分工`): a name followed by words that are not part of it (a
    modifier before a verb) gives the longest front that looks like a unit and the rest. A name that already
    looks like one, or has no such front, comes back whole with an empty rest."""
    if looks_like_unit(name):
        return name, ""
    for cut in range(len(name) - 1, 1, -1):
        head, tail = name[:cut], name[cut:]
        if len(tail) > _MAX_MODIFIER:
            break
        if has_unit_ending(head) and not re.search(r"[（(〔【\[）)〕】\]]", tail):
            return head, tail
    return name, ""
