"""The words that carry a question's topic, in the documents' words: jieba tokens without question words and
the places named; an English question's words as the Chinese terms the glossary and CC-CEDICT give for them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb.qa.corpus import Corpus
from kb.qa.normalise import gazetteer
from kb.qa.normalise.dictionary import Translation, join_syllables, translate
from kb.qa.normalise.glossary import searched
from kb.qa.normalise.romanised import Romanised
from kb.qa.understand.places import NamedPlaces

if TYPE_CHECKING:
    from kb.qa.understand.question import Question

# the parts of a year a date may name after it (2028年底): see TopicWords.__call__
_YEAR_PARTS = frozenset({"年底", "年末", "年初", "年中"})
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

# Words that say what kind of answer is wanted, not what it is about (beyond the tokenizer's stopwords).
QUESTION_WORDS = frozenset(
    [
        "几项",
        "几家",
        "几名",
        "几个",
        "几",
        "多大",
        "多少",
        "哪一年",
        "哪年",
        "哪天",
        "时候",  # 什么时候: the time is asked, not the topic
        "一共",  # 一共多少项: a total is asked
        "总共",
        "啥时候",
        "事",
        "这件",
        "这件事",
        "做些",
        "准备",
        "总体",
        "涉及",
        "作为",
        "方面",
        "里",
        "方案",
        "方案里",
        "目标",
        "要求",
        "办法",
        "措施",
        "举措",
        "情况",
        "打算",
        "内容",
        "规定",
        "安排",
        "思路",
        "什么样",
        "力争",
        "具体",
        "一下",
        "是否",
        "有没有",
        "计划",
        "要求是",
        # the kind of value asked (a cap, a floor), not what it is about: documents write 最高 where people ask 最多
        "最多",
        "最高",
        "最少",
        "最低",
        "上限",
        "封顶",
        "多长",
        "多久",
        "多长时间",
        "几天",
        "几个月",
        "几年",
        # words that point at a body without naming anything (人社那边, 融资这块)
        "那边",
        "这边",
        "这块",
        "那块",
        "能拿",
        "能贷",
        "能补",
        "拿到",
        "领到",
        "得到",
        # the story a person tells around a question (您好，我们公司…听说…想问问如果…的话)
        "您好",
        "你好",
        "我们",
        "听说",
        "问问",
        "想问",
        "想问问",
        "如果",
        "的话",
        "想知道",
        "了解",
        "请教",
        "麻烦",
        "谢谢",
        # an actual or past result asked (去年实际…): the plan's target is looked for without these words
        "实际",
        "已经",
        "目前",
        "现在",
        "去年",
        "截至",
        "截止",
        "当前",
        "如今",
        "今年",
        "迄今",
        "为止",
    ]
)


# one character of verb and 到 before the number asked, which jieba reads as one word (干到多少, 降到多少, 做到几家):
# a level is asked, the verb says how the asker reaches it; the documents' two-character verbs (提高到) are words
# of their own
_REACHED = re.compile(r"[\u4e00-\u9fff]到(?=多少|几)")

# the documents themselves, referred to as where to look (这些文件里, 那份文件中, 文件里说): no topic — every clause is
# in them; a kind of document written before 文件 (规范性文件, 分工文件) is a name and stays
_DOCUMENTS_REFERRED = re.compile(
    r"(?:(?:这些|这几份|这份|这个|那些|那份|那个|该|各|所有|现有|哪些|哪个|哪份)|(?<![\u4e00-\u9fff]))文件(?:里面|里|中|当中)"
)

# one of a thing (一个单位, 一年, 一家企业): the number a rate is asked per, said in the asker's words — no topic
# (每个, 每年 stay: documents write them with the rate, 每个社区每年最高…)
_ONE_OF = re.compile(r"一(?:个|年|家|户|名|项|次|天|日|月|位|人)")


def is_compound(token: str, tokens: Sequence[str]) -> bool:
    """jieba's search mode yields a long word and its parts (新材料产业, 材料, 产业): counting both would make the
    long word's exact spelling decide; it is dropped when its parts cover two thirds of it."""
    covered = sum(len(t) for t in tokens if t != token and t in token)
    return len(token) > 2 and covered * 3 >= len(token) * 2


_CONJUNCTIONS = "或及与和"  # joining two words asked: 学校建设或托育


class TopicWords:
    """A question's topic words over one corpus (its weights, its glossary, its places' names)."""

    def __init__(self, corpus: Corpus, places: NamedPlaces) -> None:
        self.corpus = corpus
        self.places = places
        # the places' English forms as one word each, made once per set of forms (thousands of places)
        self._latin_places: tuple[dict[str, tuple[str, ...]] | None, frozenset[str]] = (None, frozenset())
        # names in pinyin (Lingang → 临港), read back where the documents write them as words
        self.romanised = Romanised(
            corpus.characters, corpus.clauses_writing, lambda run: [c.text for c in corpus.clauses_holding(run)[:5]]
        )

    def __call__(self, q: Question) -> list[str]:
        """The words of the topic that carry it: jieba tokens without question words; for an English question,
        the Chinese glossary terms of its English terms."""
        corpus, question = self.corpus, q.text
        if q.language == "en":  # lower-cased as the clauses' words are (OPC → opc)
            # Chinese words in an English question (Anhui RCEP 海外仓建设 who is responsible?) stand as written
            chinese = [t for run in _CJK_RUN.findall(question) for t in corpus.tokenize(run) if len(t) > 1]
            chinese = [t for t in chinese if t not in QUESTION_WORDS and not is_compound(t, chinese)]
            # the year asked (by 2028, the 2020 target) scopes the target as 到2028年 does in Chinese
            years = [] if q.asks_actual else re.findall(r"\b(?:19|20)\d\d\b", question)
            return list(dict.fromkeys([*self.english_topic(question), *chinese, *years]))
        topic = _DOCUMENTS_REFERRED.sub(" ", self.without_places(q))
        # English words the documents do not write themselves stand only through their glossary terms below
        # (community → 社区): as written, no clause could hold them
        reached = frozenset(_REACHED.findall(q.text))
        tokens = dict.fromkeys(
            t
            for t in map(self._unglued, corpus.tokenize(topic))
            if t not in QUESTION_WORDS
            and t not in reached
            and not _ONE_OF.fullmatch(t)
            and t.strip()
            and not (t.isascii() and t.isalpha() and t not in corpus.latin_words)
        )
        # English words in a Chinese question (ERP、CRM系统推广是哪个department负责的) stand for their Chinese terms
        for term in corpus.glossary.translated(question, corpus.latin_words):  # OPC社区 → opc, 社区
            if "|" in term:  # one word of several written forms (gdp|地区生产总值): any of them holds it
                tokens.pop(term.split("|", 1)[0], None)
                tokens[term.lower()] = None
                continue
            tokens.update(dict.fromkeys(t for t in corpus.tokenize(term.lower()) if t not in QUESTION_WORDS))
        # and those the glossary lacks through CC-CEDICT (coverage rate → 覆盖率), each as its written senses
        tokens.update(dict.fromkeys("|".join(g).lower() for g in self.latin_translation(question).groups))
        if q.asks_actual:  # the year of a result asked (2025年实际…) is not the target's year: the item is the topic
            tokens = {t: None for t in tokens if not re.fullmatch(r"(?:19|20)\d\d", t)}
        # the part of a year a date names (到2028年底, 2027年末): the year scopes the target (到2028年，…) and is a
        # topic word; 年底 is when, not what — a clause writes 到2028年 as often as 到2028年年底
        tokens = {t: None for t in tokens if t not in _YEAR_PARTS or not re.search(rf"(?:19|20)\d\d\s*{t}", question)}
        words = [t for t in tokens if len(t) > 1]  # one character (站, 年) says little of the topic
        words = words or [t for t in tokens if not t.isascii()]
        return [t for t in words if not is_compound(t, words)]

    def _unglued(self, token: str) -> str:
        """A word without the conjunction jieba glued to it (学校建设或托育 → 或托育, 科技及托育 → 及托育: a word its
        dictionary lacks, joined to the one before it as a new word) when no clause writes the glued form."""
        if len(token) > 2 and token[0] in _CONJUNCTIONS and not self.corpus.df(token) and self.corpus.df(token[1:]):
            return token[1:]
        return token

    def without_places(self, q: Question) -> str:
        """The topic without the places it names: they chose the documents already, they are not words a clause
        must hold (宁波市级 → 级)."""
        return self.places.without(q.places, q.topic)

    def of_focus(self, q: Question) -> list[str]:
        """The topic words of a long question's asking part alone (its focus), or of the whole when it has none."""
        return self(q.focused()) if q.focus else self(q)

    def english_terms(self, text: str) -> list[str]:
        """The Chinese terms of a text's English words for searching: the glossary's, then CC-CEDICT's likeliest
        sense for the words it lacks, of those the documents write (kb.qa.normalise.dictionary)."""
        return list(
            dict.fromkeys(
                [*searched(self.corpus.glossary.chinese_terms(text)), *(g[0] for g in self.translation(text).groups)]
            )
        )

    def english_topic(self, text: str) -> list[str]:
        """The topic words of an English text, as Chinese questions' are: the glossary's terms, each other word
        as the senses the documents write for it (one word of several forms: 评价|评估), and the content words no
        clause writes in any sense (GDP, Liuyang), which weigh most."""
        translation = self.translation(text)
        return list(
            dict.fromkeys(
                [
                    *(t.lower() for t in self.corpus.glossary.chinese_terms(text)),
                    *("|".join(g).lower() for g in translation.groups),
                    *translation.missing,
                ]
            )
        )

    def dictionary_readings(self, q: Question) -> frozenset[str]:
        """The topic words of `q` that are CC-CEDICT's readings of its English words (评价|评估, 初创): the
        asker's words guessed in the documents' words, which a clause may write otherwise (创业 for startup) —
        unlike a glossary's term, a name, or Chinese the question writes itself."""
        translation = self.translation(q.text) if q.language == "en" else self.latin_translation(q.text)
        return frozenset("|".join(g).lower() for g in translation.groups)

    def latin_translation(self, question: str) -> Translation:
        """The English words of a Chinese question that neither the documents (OPC) nor the glossary write."""
        if not re.search(r"[A-Za-z]{3,}", question):
            return Translation((), ())
        return self.translation(" ".join(re.findall(r"[A-Za-z][A-Za-z-]*", question)))

    def translation(self, text: str) -> Translation:
        corpus = self.corpus
        # places are the place filter's, not topic words (Pingjiang, Anhui)
        english = self.places.english
        if english is not None and self._latin_places[0] is not english:
            latin = {f for forms in english.values() for f in forms if f.isascii()}
            self._latin_places = (english, frozenset(join_syllables(f) for f in latin))  # Tai'an is Taian
        places = self._latin_places[1] if english is not None else frozenset()
        words = re.findall(r"[A-Za-z][A-Za-z-]*|\d+", join_syllables(text))
        rest = " ".join(w for w in words if w.lower() not in places)
        most = max(3, len(corpus.clauses) // 7)  # written by more than one clause in seven: no topic word
        return translate(
            rest, corpus.clauses_writing, corpus.glossary.matched(text), corpus.latin_words, most, sounded=self.romanised
        )

    def unwritten_places(self, text: str) -> list[str]:
        """The places an English text names by their pinyin (Xiamen → 厦门, kb.qa.normalise.gazetteer) that no
        clause writes under any name read so — CC-CEDICT's glosses do not give every place as one ("Xiamen,
        subprovincial city"). The places of the indexed documents are not read (they are the place filter's)."""
        corpus, english = self.corpus, self.places.english or {}
        held = {join_syllables(f).lower() for forms in english.values() for f in forms if f.isascii()}
        words = dict.fromkeys(re.findall(r"\b[A-Z][a-z]{3,}\b", join_syllables(text)))
        return [
            named[0]
            for word in words
            if word.lower() not in held
            and (named := gazetteer.read(word))
            and not any(map(corpus.clauses_writing, named))
        ]
