"""Follow-up questions: an elliptical question (那配合单位呢？, 它的目标是多少？, And who else?) read against the
conversation so far.

A question is elliptical when it opens with a word pointing back (那, 它, 这, 那么, And, What about) or is short
and names no topic of its own (配合单位呢？). It is then given the topic of the previous question — the words
before that question's asking part (湖南中科云母研究院 of 湖南中科云母研究院由哪个单位牵头建设？) — so the
engine answers a whole question. Pure string work: no index, no model, so it is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words that open a question pointing back at the previous one (longest first: 那么 before 那).
_BACK_ZH = ("那么", "那", "它们的", "它的", "它们", "它", "这个", "这项", "这", "其")
_BACK_EN = re.compile(r"^(and|what about|how about|also|then)\b[\s,]*", re.IGNORECASE)
_TAIL = re.compile(r"[呢吗啊呀]?[？?。！!\s]*$")
# Where a Chinese question's asking part starts: its topic is what comes before.
_ASKING_ZH = re.compile(
    r"(由哪|由谁|是谁|哪个|哪些|哪家|谁|负责|牵头|配合|是什么|是多少|要增长|要达到|要|多少|有什么|有哪|怎么|如何|"
    r"什么时候|何时|在哪|设在|的目标|的时限|的任务|的要求|是否|能否|可以|应当|应该)"
)
# Where an English question's topic starts: after its last "on/for/of/about the …".
_TOPIC_EN = re.compile(r"\b(?:on|for|of|about|in)\s+((?:the\s+)?[^?]+?)\s*\??$", re.IGNORECASE)
# Aspects a short question asks about without naming a topic.
_ASPECTS = (
    "配合单位",
    "牵头单位",
    "责任单位",
    "配合",
    "牵头",
    "目标",
    "时限",
    "期限",
    "任务",
    "资金",
    "指标",
    "谁",
)
# A question opening with the document it is about (这个方案的目标是什么, 本方案由谁牵头): "这个" points at the
# document in view, not at the previous question's topic — it stands alone
_DOCUMENT_MEANT = re.compile(
    r"^(?:这个|这份|这一|这|本|该|此)(?:实施方案|行动方案|工作方案|行动计划|方案|文件|通知|意见|计划|措施|办法|规定|政策)"
)
SHORT = 8  # characters: a question this short that names only an aspect is elliptical


def is_english(text: str) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", text)


def is_elliptical(question: str) -> bool:
    """Whether the question needs the previous one to be understood."""
    text = question.strip()
    if not text:
        return False
    if is_english(text):
        return bool(_BACK_EN.match(text)) or len(text.split()) <= 3
    if _DOCUMENT_MEANT.match(text):
        return False
    if text.startswith(_BACK_ZH) or "它" in text:
        return True
    core = _TAIL.sub("", text)
    return len(core) <= SHORT and (
        text.rstrip("？?").endswith("呢") or core in _ASPECTS or not topic_of(core)
    )


def topic_of(question: str) -> str:
    """The topic of a whole question: the words before its asking part ("" when it has none)."""
    text = _TAIL.sub("", question.strip())
    if is_english(text):
        match = _TOPIC_EN.search(text)
        return match.group(1).strip() if match else ""
    match = _ASKING_ZH.search(text)
    topic = text[: match.start()] if match else ""
    return topic.rstrip("的要由将是在对").strip()


def _rest_zh(question: str) -> str:
    text = _TAIL.sub("", question.strip())
    for word in _BACK_ZH:
        if text.startswith(word):
            return text[len(word) :]
    return text


def resolve(question: str, history: Sequence[str] = ()) -> str:
    """The question as a whole question: itself when it stands alone (or nothing came before), else combined
    with the topic of the previous question (itself resolved against the ones before it)."""
    context = ""
    for earlier in history:
        context = _resolve_one(earlier, context)
    return _resolve_one(question, context)


def _resolve_one(question: str, previous: str) -> str:
    question = question.strip()
    if not previous or not is_elliptical(question):
        return question
    topic = topic_of(previous)
    if not topic:
        return question
    if is_english(question):
        rest = _BACK_EN.sub("", question).rstrip(" ?")
        if rest.lower() in ("who else", "anyone else", "which others"):
            return f"Who else works on {topic}?"
        return f"{rest[:1].upper()}{rest[1:]} about {topic}?"
    if "它" in question:
        return re.sub("它们|它", topic, _TAIL.sub("", question)) + "？"
    rest = _rest_zh(question)
    if rest in ("配合单位", "配合", "其他单位", "还有谁"):
        return f"{topic}的配合单位有哪些？"
    if rest in ("牵头单位", "牵头", "谁牵头"):
        return f"{topic}由哪个单位牵头？"
    asks_same_of = question.rstrip("？?。！! ").endswith("呢") and not rest.startswith(_ASPECTS)
    if asks_same_of and rest not in previous:  # 那县商务局呢？ — the previous question, a new topic
        return previous.replace(topic, rest, 1)
    joiner = "" if rest.startswith(("的", "由", "要", "在", "是")) else "的"
    return f"{topic}{joiner}{rest}？"
