"""Stage 4, decide: who issued a document the question names (哪些部门联合印发了《…》, 商务部有没有参与联合印发…方案).

The document is found by its title: the name it is issued under (the 《…》 of `关于印发《…》的通知`, else the title
without 关于 and 的通知) written in the question, or clearly more of that name's character pairs than any other
title's. Its issuers are the organs it is signed by: the lines of organ names, one or several a line, standing
right above the date the document is signed on (`生态环境部 发展改革委` / … / `2020年10月30日`); a document signed by
none so read is issued by the organ its title opens with (`国务院办公厅关于印发…`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.parse.unit_names import looks_like_unit
from kb.types import Clause

# the asking of who issued a document: a verb of issuing with a who-word or a unit checked (有没有参与联合印发)
_ISSUE_VERB = r"(?:联合)?(?:印发|发布|发文|下发|签发|颁布)"
_ISSUE_ASKED_ZH = re.compile(
    rf"(?:哪些|哪个|哪几个|哪家|什么)(?:部门|单位|机关|机构|部委)[^，,。？?]{{0,12}}?{_ISSUE_VERB}"
    rf"|谁[^，,。？?]{{0,6}}?{_ISSUE_VERB}|{_ISSUE_VERB}(?:单位|机关|部门)|发文(?:机关|单位)"
    rf"|(?:参与|参加)(?:了)?{_ISSUE_VERB}|(?:是|由)[^，,。？?]{{2,30}}?{_ISSUE_VERB}的?(?:吗|么|嘛)"
)
_ISSUE_ASKED_EN = re.compile(
    r"\b(?:who|which \w+)\b[^?]{0,30}\b(?:jointly )?(?:issued|issue|published|released)\b"
    r"|\b(?:did|was|were|is)\b[^?]{0,60}\b(?:jointly )?(?:issue|issued|publish|published)\b",
    re.IGNORECASE,
)
# the name a document is issued under: 关于印发《NAME》的通知, else its title less 关于 / 的通知
_QUOTED = re.compile(r"《(?P<name>[^》]{4,80})》")
_WRAPPING = re.compile(r"^(?:.{0,30}?关于)?(?:修订)?(?:印发|转发|发布)?|的(?:通知|批复|函)$")
NAMED_SHARE = 0.7  # the share of a name's character pairs a question must write to name that document
NAMED_MARGIN = 0.15  # and how much more than the next document's name
_SHORTEST_NAME = 6
# a date a document is signed on, on a line of its own: 2020年10月30日, 二〇二〇年十月三十日
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[\d一二三四五六七八九十〇○]{1,3}月[\d一二三四五六七八九十〇○]{1,3}日\s*$"
)
_ORGAN_MAX = 30
_TITLE_ISSUER = re.compile(r"^(?P<issuer>[^《》]{2,40}?)关于")


def asks_issuer(text: str, language: str) -> bool:
    """Whether a question asks who issued (or jointly issued) a document, or whether a unit did."""
    return bool((_ISSUE_ASKED_EN if language == "en" else _ISSUE_ASKED_ZH).search(text))


def issued_name(title: str) -> str:
    """The name a document is issued under (关于印发《X》的通知 → X; 关于修订印发Y的通知 → Y)."""
    quoted = _QUOTED.search(title)
    return quoted["name"] if quoted else _WRAPPING.sub("", title).strip()


def _pairs(text: str) -> set[tuple[str, str]]:
    """The pairs of a text's characters in order, a number counting as one (2020-2021年 is three, not nine)."""
    signs = re.findall(r"\d+|[^\W\d_]", text)
    return set(itertools.pairwise(signs))


def document_named(text: str, titles: Mapping[str, str]) -> str | None:
    """The document (of id → title) whose issued name the question writes, whole or clearly more of it than any
    other's; None when it names none or several fit as well."""
    squashed = re.sub(r"\s", "", text)
    written = [d for d, t in titles.items() if len(n := issued_name(t)) >= _SHORTEST_NAME and n in squashed]
    if written:  # the longest name written (a name may hold another's)
        return max(written, key=lambda d: len(issued_name(titles[d])))
    asked = _pairs(text)
    shares = sorted(
        ((len(p & asked) / len(p), d) for d, t in titles.items() if (p := _pairs(issued_name(t)))),
        reverse=True,
    )
    if not shares or shares[0][0] < NAMED_SHARE:
        return None
    if len(shares) > 1 and shares[0][0] - shares[1][0] < NAMED_MARGIN:
        return None
    return shares[0][1]


@dataclass(frozen=True)
class Issuers:
    """Who issued a document: the organs as written, the clause they are read in, and whether they are its
    signature (else the organ its title opens with)."""

    organs: tuple[str, ...]
    clause: Clause
    signed: bool


def signed_by(clauses: Sequence[Clause], title: str) -> Issuers | None:
    """The organs a document is signed by (the lines of organ names right above a date line), else the organ its
    title opens with; None when neither is written."""
    for clause in clauses:
        lines = clause.text.splitlines()
        for n, line in enumerate(lines):
            if not _DATE_LINE.match(line):
                continue
            organs: list[str] = []
            for above in reversed(lines[:n]):
                names = above.split()
                if not names or not all(len(x) <= _ORGAN_MAX and looks_like_unit(x) for x in names):
                    break
                organs[:0] = names
            if organs:
                return Issuers(tuple(organs), clause, True)
    opening = _TITLE_ISSUER.match(title)
    named = tuple(re.split(r"[\s、]+", opening["issuer"].strip())) if opening else ()
    if named and all(looks_like_unit(o) for o in named) and clauses:  # 财政部 农业农村部关于…: each
        return Issuers(named, clauses[0], False)
    return None


# the unit a yes/no question checks, opening it (教育部参与联合印发…了吗), read by its form when no registry knows it
_SUBJECT = re.compile(r"^(?P<u>[\u4e00-\u9fff]{2,20}?)(?=有没有|是否|是不是|是|参与|参加|也|有)")


def unit_checked(text: str) -> tuple[str, ...]:
    """The unit a yes/no question on a document's issuers opens with, when its name ends in an organisational
    word; () otherwise."""
    found = _SUBJECT.match(text)
    return (found["u"],) if found and looks_like_unit(found["u"]) else ()


_LEVEL = re.compile(r"^(?:国家|中华人民共和国|国务院)")


def among(unit: str, organs: Sequence[str]) -> str | None:
    """The organ of the list that is the unit asked (国家发展改革委 asked, 发展改革委 written), or None."""
    bare = _LEVEL.sub("", unit)
    return next((o for o in organs if o == unit or (len(bare) >= 3 and _LEVEL.sub("", o) == bare)), None)
