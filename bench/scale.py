"""Scale benchmark: real documents re-issued for other places, indexed at several corpus sizes, against the naive
pipeline on the same corpus and questions. Prints figures; never passes or fails on time.

    .venv/bin/python bench/scale.py [--json] [--sizes 1,30,100] [--embedder e5|use] [--naive] [--questions 40]
                                    [--corpus real|plan] [--quick] [--keep DIR]

`--corpus real` (the default): the plan and the 68 documents of ../shared/corpus (real/: 13 documents with
responsibility notes; opc/: 55 of many places and forms without them), each as published, then the national
document once, then every source re-issued in turn for other places: the place names and unit prefixes replaced
(平江 → 湘阴, 宁波 → 温州, 徐汇 → 西湖), words reworded (推进 → 推动, 提升 → 提高), target numbers changed, so that
retrieval faces near-duplicates that differ by place. `--corpus plan`: the plan and the 12 local real documents
re-issued (the corpus of the figures before). Questions: the plan's questions of eval/questions.jsonl, each naming
the place of one copy of the plan; with the real corpus, as many of eval/paraphrase.jsonl's on the real documents,
each naming the place of one copy of its document.

Per size, every figure measured in a fresh child process (so peak RSS is that process's own):
ingest throughput with and without embedding (a constant-vector embedder), re-ingest of the unchanged corpus,
`--force` re-ingest (every document parsed and stored again; `--quick` skips it and the ingest without embedding),
warm in-process question latency p50/p95/p99 per question kind, in wall time and in CPU time (the process's, every
thread, and the asking thread's), with the machine's load while opening and answering (load averages, cores, the
cores other processes kept busy): a wall time taken beside busy cores is theirs as much as ours, the CPU time much
less so. Retrieval accuracy (R@1 of the cited clause), one `kb ask` process, peak RSS of ingest and of the
answering process, index size on disk. `--naive`: llama-index SentenceSplitter chunks (512), the same embedder, a
plain Chroma collection; ingest time, latency and R@1 beside the project's, as ratios.
The 1,000-document size runs with `--sizes 1000` (with e5 on 2 cores, hours; with `--embedder use`, under an hour);
10,000 with `--sizes 10000 --embedder use --quick`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402  (after the path set-up, for running from a checkout)

PLAN = ROOT / "tests" / "data" / "plan-attachment3.txt"
REAL = ROOT / "tests" / "data" / "real"
# the shared corpus beside the checkout (CI has it at ../shared): the 13 real documents with notes and the 55 OPC
# documents of many places and forms without them
SHARED = ROOT.parent / "shared" / "corpus"

# source file stem -> (place written in it, its level); the national document is left out (no place to swap)
SOURCES: dict[str, tuple[str, str]] = {
    "plan-attachment3": ("平江", "县"),
    "city_chengdu_opc": ("成都", "市"),
    "city_nanchong_opc": ("南充", "市"),
    "city_ningbo_opc": ("宁波", "市"),
    "city_taian_opc": ("泰安", "市"),
    "city_wuhan_opc": ("武汉", "市"),
    "county_cangnan_opc_draft": ("苍南", "县"),
    "district_shangcheng_opc": ("上城", "区"),
    "prov_anhui_gongye_hulianwang": ("安徽", "省"),
    "prov_anhui_rcep": ("安徽", "省"),
    "prov_chongqing_opc": ("重庆", "市"),
    "prov_guangdong_opc": ("广东", "省"),
    "prov_sichuan_opc": ("四川", "省"),
}
# the OPC documents of ../shared/corpus/opc (its README's table): file stem -> (the place name written in it that
# is swapped for another, the level of the names it is swapped for). A district's or a zone's own name is swapped
# (徐汇 of 上海市徐汇区), not its city's; county-level cities take county names
OPC_SOURCES: dict[str, tuple[str, str]] = {
    "2025-11-27_suzhou-sip_ai-opc-measures": ("苏州", "市"),
    "2025-12-25_suzhou_ai-opc-action-plan": ("苏州", "市"),
    "2025-12-30_shanghai-xuhui_super-founder-community-measures": ("徐汇", "区"),
    "2026-01-06_changshu_youth-opc-community-measures": ("常熟", "县"),
    "2026-01-14_shenzhen_ai-opc-action-plan": ("深圳", "市"),
    "2026-01-19_nanjing-jianye_opc-community-measures": ("建邺", "区"),
    "2026-02-05_jinan_opc-community-ten-policies": ("济南", "市"),
    "2026-02-13_meizhou_ai-opc-action-plan": ("梅州", "市"),
    "2026-02-13_qingdao_opc-policy-list-batch1": ("青岛", "市"),
    "2026-02-13_wuhan_ai-opc-community-guide": ("武汉", "市"),
    "2026-02-28_qingdao_opc-policy-list-batch2": ("青岛", "市"),
    "2026-03-02_shanghai-yangpu_opc-community-policy-summary": ("杨浦", "区"),
    "2026-03-06_fushun-wanghua_opc-opinions-draft": ("望花", "区"),
    "2026-03-07_shenzhen-longgang_openclaw-opc-measures-draft": ("龙岗", "区"),
    "2026-03-09_changshu_openclaw-community-measures-draft": ("常熟", "县"),
    "2026-03-09_xuzhou-tongshan_opc-community-ten-draft": ("铜山", "区"),
    "2026-03-10_hangzhou-xiaoshan_openclaw-opc-measures-draft": ("萧山", "区"),
    "2026-03-10_nanjing-qixia-hitech_openclaw-opc-measures-draft": ("栖霞", "区"),
    "2026-03-10_shenzhen-longhua_agent-opc-ten-actions-draft": ("龙华", "区"),
    "2026-03-12_qingdao-laixi_opc-policy-list-batch1": ("莱西", "县"),
    "2026-03-13_zhuhai-xiangzhou_opc-action-plan-draft": ("香洲", "区"),
    "2026-03-18_changsha-wangcheng_dazehu-opc-center-ten": ("望城", "区"),
    "2026-03-18_changsha-wangcheng_talent-ten-actions": ("望城", "区"),
    "2026-03-18_hubei_opc-data-measures": ("湖北", "省"),
    "2026-03-19_qingdao-jiaozhou_ai-opc-plan": ("胶州", "县"),
    "2026-03-20_guangzhou-panyu_opc-startup-measures-draft": ("番禺", "区"),
    "2026-03-20_hangzhou-binjiang_ai-opc-startup-ten-draft": ("滨江", "区"),
    "2026-03-23_dongguan_opc-manufacturing-base-measures-draft": ("东莞", "市"),
    "2026-03-24_changsha-jingkai_agent-opc-opensource-ten": ("长沙", "市"),
    "2026-03-25_shanghai-lingang_super-individual-measures": ("临港", "区"),
    "2026-03-27_tianjin-binhai-hitech_agent-opc-measures-draft": ("滨海", "区"),
    "2026-03-31_jiaxing_ai-opc-plan-draft": ("嘉兴", "市"),
    "2026-04-03_chongqing-yuzhong_ai-opc-community-plan-draft": ("渝中", "区"),
    "2026-04-08_beijing-haidian_opc-ecosystem-measures": ("海淀", "区"),
    "2026-04-10_hangzhou-binjiang_opc-community-guide": ("滨江", "区"),
    "2026-04-15_hangzhou_amr-opc-measures": ("杭州", "市"),
    "2026-04-17_nanjing_ai-software-plan-opc-excerpt": ("南京", "市"),
    "2026-04-18_yongzhou_openclaw-opc-community-ten": ("永州", "市"),
    "2026-04-19_jiashan_opc-community-measures-draft": ("嘉善", "县"),
    "2026-04-20_dalian-hitech_opc-measures-draft": ("大连", "市"),
    "2026-04-21_changzhou-jingkai_ai-industry-measures": ("常州", "市"),
    "2026-04-24_beijing_amr-opc-services": ("北京", "市"),
    "2026-04-26_shanghai-jinshan_caojing-opc-community-ten": ("金山", "区"),
    "2026-04-28_wenzhou_ai-opc-17-measures": ("温州", "市"),
    "2026-05-08_foshan-guicheng_ai-opc-measures": ("桂城", "区"),
    "2026-05-09_beijing-shijingshan_opc-ecosystem-measures-draft": ("石景山", "区"),
    "2026-05-12_liaoning_ai-opc-plan-summary": ("辽宁", "省"),
    "2026-05-14_beijing-chaoyang_ai-opc-measures": ("朝阳", "区"),
    "2026-05-25_hangzhou_ai-opc-community-guide-draft": ("杭州", "市"),
    "2026-06-01_qingdao_opc-policy-list-batch3": ("青岛", "市"),
    "2026-06-09_beijing-yanqing_yhub-opc-community-measures-draft": ("延庆", "区"),
    "2026-06-17_beijing_ai-opc-action-plan": ("北京", "市"),
    "2026-06-23_beijing-tongzhou_opc-measures-notice": ("通州", "区"),
    "2026-06-24_guangzhou-haizhu_ai-opc-measures": ("海珠", "区"),
    "2026-07-13_yunnan_ai-opc-hrss-measures": ("云南", "省"),
}
NATIONAL = "guobanfa2018-128_wufei_chengshi"  # no place to swap: in the realistic corpus once, as published
# real names first; beyond them, two-character names recombined from these halves
NAMES = {
    "县": "湘阴 华容 安乡 桃江 宁乡 新化 慈利 桑植 祁阳 宜章 永兴 临武 嘉禾 蓝山 道县 江永 会同 靖州 通道 辰溪 溆浦 麻阳 "
    "泸溪 凤凰 花垣 保靖 古丈 永顺 龙山 安化 南县 茶陵 攸县 炎陵 衡山 衡东 祁东 双峰 隆回 洞口 绥宁 新宁 城步 武冈",
    "市": "温州 湖州 嘉兴 绍兴 金华 衢州 台州 丽水 徐州 常州 扬州 镇江 泰州 宿迁 淮安 盐城 连云 芜湖 蚌埠 淮南 马鞍 "
    "铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 洛阳 开封 许昌 漯河 南阳 信阳 周口 驻马 襄阳 宜昌 荆州",
    "区": "西湖 拱墅 滨江 萧山 余杭 临平 钱塘 富阳 临安 鄞州 海曙 江北 北仑 镇海 奉化 吴中 相城 姑苏 虎丘 吴江",
    "省": "江西 湖南 河南 河北 山西 陕西 甘肃 青海 贵州 云南 福建 江苏 浙江 山东 辽宁 吉林 海南 湖北",
}
FIRST, SECOND = "清平安永宁德兴华丰泰嘉和新长昌庆元福临云金玉青白石松梅竹", "川江河山阳源城林溪州岭塘峰桥原陵"
REWORDINGS = [("推进", "推动"), ("加快", "加速"), ("积极", "大力"), ("鼓励", "引导"), ("着力", "努力")]
_TARGET_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(\s*(?:%|％|家|项|名|个|亿元|万元))")
INTENTS = ("responsibility", "indicator", "general", "department_tasks", "organization")


# --- the corpus ---


def place_names(level: str, count: int, taken: set[str]) -> list[str]:
    pool = [n for n in NAMES[level].split() if n not in taken]
    pool += [a + b for a in FIRST for b in SECOND if a + b not in taken and a + b not in pool]
    if count > len(pool):  # a province's thousands of documents: three-character names (清平川) as well
        pool += [a + b + c for a in FIRST for b in FIRST if a != b for c in SECOND if a + b + c not in taken]
    if count > len(pool):
        raise SystemExit(f"only {len(pool)} place names at level {level}")
    return pool[:count]


# the realistic corpus rewords more: the way another office would write the same measure
MORE_REWORDINGS = [("提升", "提高"), ("培育", "培养"), ("完善", "健全"), ("打造", "建设"), ("支持", "扶持")]


def reissue(
    text: str,
    old: str,
    new: str,
    level: str,
    rng: random.Random,
    rewordings: list[tuple[str, str]] = REWORDINGS,
) -> str:
    """The document as another place would publish it: its place and unit prefixes renamed, some words
    reworded, target numbers changed a little."""
    text = text.replace(old, new)
    if old == "平江":  # the plan is an attachment without an issuer: say whose it is, as a notice would
        text = text.replace(
            "附件 3\n", f"{new}县人民政府办公室关于印发培育好强科创兴产业的动能实施方案的通知\n", 1
        )
    for before, after in rewordings:
        if rng.random() < 0.5:
            text = text.replace(before, after)

    def number(match: re.Match[str]) -> str:
        if rng.random() < 0.5:
            return match.group(0)
        value = match.group(1)
        shifted = float(value) * rng.choice((0.8, 0.9, 1.1, 1.2, 1.5))
        shown = f"{shifted:.1f}" if "." in value else str(max(1, round(shifted)))
        return shown + match.group(2)

    return _TARGET_NUMBER.sub(number, text)


@dataclass(frozen=True)
class Source:
    """One published document the corpus re-issues: its file, the place written in it, that place's level."""

    stem: str
    path: Path
    place: str
    level: str


def sources(kind: str) -> list[Source]:
    """`plan`: the plan and the 12 local real documents (the corpus of the figures before); `real`: the plan, the
    13 real documents and the 55 OPC documents of ../shared/corpus (68 documents of many places and forms)."""
    plan = Source("plan-attachment3", PLAN, "平江", "县")
    if kind == "plan":
        return [plan, *(Source(stem, REAL / f"{stem}.txt", *SOURCES[stem]) for stem in list(SOURCES)[1:])]
    real, opc = SHARED / "real", SHARED / "opc"
    if not real.is_dir() or not opc.is_dir():
        raise SystemExit(
            f"the realistic corpus needs {SHARED} (real/ and opc/): the shared corpus beside the checkout"
        )
    found = [plan, *(Source(stem, real / f"{stem}.txt", *SOURCES[stem]) for stem in list(SOURCES)[1:])]
    found += [Source(stem, opc / f"{stem}.txt", *place) for stem, place in OPC_SOURCES.items()]
    missing = [s.path for s in found if not s.path.is_file()]
    if missing:
        raise SystemExit(f"missing from the shared corpus: {', '.join(map(str, missing))}")
    return found


def build_corpus(size: int, folder: Path, seed: int = 12, kind: str = "plan") -> list[dict[str, str]]:
    """`size` documents in `folder`. `plan`: the plan, then the sources re-issued in turn. `real`: every source
    as published first (and the national document, which names no place to swap), then the sources re-issued
    in turn. One record per document: file, doc id, source, place base name (平江, 湘阴)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    chosen = sources(kind)
    published = len(chosen) if kind == "real" else 1  # documents kept as published before the re-issues
    national = SHARED / "real" / f"{NATIONAL}.txt" if kind == "real" else None
    plan: list[tuple[Source | None, bool]] = []  # (source, re-issued) per document; None: the national one
    for i in range(size):
        if national is not None and i == published:
            plan.append((None, False))
            continue
        n = i - (1 if national is not None and i > published else 0)
        plan.append((chosen[n % len(chosen)], n >= published))
    counts = {level: 0 for level in NAMES}
    for source, again in plan:
        if source is not None and again:
            counts[source.level] += 1
    taken = {s.place for s in chosen}
    names: dict[str, list[str]] = {}
    for level in (
        NAMES
    ):  # a name given at one level is not given again at another (清川县 and 清川区 would both be 清川)
        names[level] = place_names(level, counts[level], taken)
        taken |= set(names[level])
    rewordings = REWORDINGS + (MORE_REWORDINGS if kind == "real" else [])
    records = []
    for i, (source, again) in enumerate(plan):
        if source is None:
            assert national is not None
            text, stem, new = national.read_text(encoding="utf-8"), NATIONAL, ""
        else:
            text, stem, new = source.path.read_text(encoding="utf-8"), source.stem, source.place
            if again:
                new = names[source.level].pop(0)
                text = reissue(text, source.place, new, source.level, rng, rewordings)
        doc = f"s{i:04d}-{stem}"
        (folder / f"{doc}.txt").write_text(text, encoding="utf-8")
        records.append({"file": str(folder / f"{doc}.txt"), "doc": doc, "source": stem, "place": new})
    return records


def questions_for(records: list[dict[str, str]], limit: int, kind: str = "plan") -> list[dict[str, Any]]:
    """The plan's answerable Chinese questions, each naming the place of one copy of the plan, gold mapped; in a
    corpus of the real documents, as many again of eval/paraphrase.jsonl's on them, each naming its place
    (宁波 of 宁波市OPC“沙盒监管”谁牵头？) and asked of one copy of its document."""
    from kb.evaluate import load_questions

    plans = [r for r in records if r["source"] == "plan-attachment3"]
    pool = [
        q
        for q in load_questions(ROOT / "eval" / "questions.jsonl")
        if q.answerable
        and q.lang == "zh"
        and q.intent in INTENTS
        and all(g.startswith("plan-attachment3:") for g in q.gold_clauses)
    ]
    out = []
    for n, q in enumerate(_by_intent_in_turn(pool, limit, random.Random(7))):
        plan = plans[n % len(plans)]
        place = plan["place"]
        text = q.question.replace("平江", place) if "平江" in q.question else f"{place}县{q.question}"
        gold = [g.replace("plan-attachment3:", f"{plan['doc']}:") for g in q.gold_clauses]
        # a target question as written, naming no place: asked of a province, it searches every place's targets
        unplaced = q.question if q.intent == "indicator" and "平江" not in q.question else None
        out.append({"question": text, "intent": q.intent, "gold": gold, "unplaced": unplaced})
    if kind != "real":
        return out  # the corpus of the figures before: the plan's questions only
    copies: dict[str, list[dict[str, str]]] = {}
    for r in records:
        copies.setdefault(r["source"], []).append(r)
    real = []
    for q in load_questions(ROOT / "eval" / "paraphrase.jsonl"):
        stems = {g.split(":")[0] for g in q.gold_clauses}
        if not (q.answerable and q.lang == "zh" and q.intent in INTENTS and len(stems) == 1):
            continue
        stem = next(iter(stems))
        if (
            stem in SOURCES
            and stem in copies
            and stem != "plan-attachment3"
            and SOURCES[stem][0] in q.question
        ):
            real.append(q)
    for n, q in enumerate(_by_intent_in_turn(real, limit, random.Random(8))):
        stem = q.gold_clauses[0].split(":")[0]
        copy = copies[stem][n % len(copies[stem])]
        text = q.question.replace(SOURCES[stem][0], copy["place"])
        gold = [g.replace(f"{stem}:", f"{copy['doc']}:") for g in q.gold_clauses]
        out.append({"question": text, "intent": q.intent, "gold": gold, "unplaced": None})
    return out


def _by_intent_in_turn(pool: list[Any], limit: int, rng: random.Random) -> list[Any]:
    """Up to `limit` questions drawn from the intents in turn, so that each has a sample."""
    by_intent = {intent: [q for q in pool if q.intent == intent] for intent in INTENTS}
    chosen: list[Any] = []
    while len(chosen) < limit and any(by_intent.values()):
        for intent in INTENTS:
            if by_intent[intent] and len(chosen) < limit:
                chosen.append(by_intent[intent].pop(rng.randrange(len(by_intent[intent]))))
    return chosen


# --- children: each measured alone ---


def _zero_embedder() -> None:
    """`zero`: a constant vector for every text, to time ingestion without the embedding."""
    from kb.store.embed import Embedder, register_embedder

    class Zero(Embedder):
        name, dim = "zero", 8

        def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
            return np.ones((len(texts), self.dim), dtype=np.float32)

    register_embedder("zero", lambda argument, settings: Zero())


def child_ingest(index: str, folder: str, embedder: str, force: bool) -> dict[str, Any]:
    from bench import machine
    from kb.api import KnowledgeBase
    from kb.isolate import stop_helpers
    from kb.settings import load_settings

    _zero_embedder()
    kb = KnowledgeBase(load_settings(index=Path(index), embedder=embedder))
    kb.embedder()  # the model load is not ingestion
    before = _cpu_with_children()
    load = machine.sample()
    started = time.perf_counter()
    results = kb.ingest([folder], force=force)
    stop_helpers()  # their CPU (and their parsing children's) is counted once they are waited for
    seconds = time.perf_counter() - started
    own, children = (after - was for after, was in zip(_cpu_with_children(), before, strict=True))
    refused = [r.line() for r in results if r.status == "refused"]
    return {
        "seconds": seconds,
        "clauses": sum(r.clauses for r in results),
        "refused": refused,
        # CPU seconds: this process (embedding, storing, the lexical index) and its parsing children
        "cpu_s": own,
        "parse_cpu_s": children,
        "load": machine.since(load),
    }


def _cpu_with_children() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its children waited for so far."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def child_ask(index: str, embedder: str, questions_file: str) -> dict[str, Any]:
    from bench import machine
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    kb = KnowledgeBase(load_settings(index=Path(index), embedder=embedder))
    opening = machine.sample()
    started = time.perf_counter()
    kb.warm()  # open the index, load the models, build the engine: what `kb serve` does as it starts
    opened = time.perf_counter() - started
    open_load = machine.since(opening)
    asking = machine.sample()
    rows = []
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    for q in questions:
        t0 = machine.tick()
        answer = kb.ask(q["question"])
        cost = machine.spent(t0)
        cited = [h.clause.id for h in answer.citations]
        hit = bool(cited) and cited[0] in q["gold"]
        rows.append({"intent": q["intent"], "ms": cost.wall_ms, **_cpu(cost), "hit": hit})
    for q in questions:
        if q.get("unplaced"):
            t0 = machine.tick()
            kb.ask(q["unplaced"])
            cost = machine.spent(t0)
            rows.append({"intent": "indicator, no place named", "ms": cost.wall_ms, **_cpu(cost)})
    return {
        "open_s": opened,
        "open_cpu_s": open_load["own_cores"] * open_load["seconds"],
        "first_question_ms": rows[0]["ms"] if rows else None,
        "rows": rows,
        "load_open": open_load,
        "load_asking": machine.since(asking),
    }


def _cpu(cost: Any) -> dict[str, float]:
    """A question's CPU beside its wall time: the process's (every thread) and the asking thread's."""
    return {"cpu_ms": cost.cpu_ms, "thread_ms": cost.thread_ms}


def child_naive(index: str, embedder: str, files_file: str, questions_file: str, work: str) -> dict[str, Any]:
    """The naive pipeline: SentenceSplitter chunks of each document, the same embedder, one Chroma collection."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core.node_parser import SentenceSplitter

    from kb.api import KnowledgeBase
    from kb.evaluate import _opening, _squash
    from kb.settings import load_settings
    from kb.store.embed import make_embedder

    model = make_embedder(embedder)
    files = json.loads(Path(files_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    splitter = SentenceSplitter(chunk_size=512, chunk_overlap=64)
    chunks = [
        (r["doc"], piece) for r in files for piece in splitter.split_text(Path(r["file"]).read_text("utf-8"))
    ]
    vectors = model.embed_passages([text for _, text in chunks])
    client = chromadb.PersistentClient(path=work, settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(
        "naive", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    batch = client.get_max_batch_size()
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        collection.add(
            ids=[str(start + i) for i in range(len(part))],
            embeddings=vectors[start : start + len(part)],
            documents=[text for _, text in part],
            metadatas=[{"doc": doc} for doc, _ in part],
        )
    ingest_s = time.perf_counter() - started
    # which clauses a chunk stands for (kb.evaluate's rule: it holds the clause's opening) — for scoring only
    clauses = KnowledgeBase(load_settings(index=Path(index), embedder=embedder)).clauses()
    openings: dict[str, list[tuple[str, str]]] = {}
    for c in clauses:
        openings.setdefault(c.doc, []).append((c.id, _opening(c)))
    rows = []
    for q in json.loads(Path(questions_file).read_text(encoding="utf-8")):
        t0 = time.perf_counter()
        found = collection.query(
            query_embeddings=[model.embed_query(q["question"])],
            n_results=1,
            include=["documents", "metadatas"],
        )
        ms = (time.perf_counter() - t0) * 1000
        text, doc = _squash(found["documents"][0][0]), found["metadatas"][0][0]["doc"]
        owned = {cid for cid, opening in openings.get(doc, []) if opening in text}
        rows.append({"intent": q["intent"], "ms": ms, "hit": bool(owned & set(q["gold"]))})
    return {"ingest_s": ingest_s, "chunks": len(chunks), "rows": rows}


def run_child(*args: str) -> tuple[dict[str, Any], float, float]:
    """Run this script as a child; (its JSON result, wall seconds, its peak RSS in MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"child {args[0]} failed:\n{err.decode()[-3000:]}")
    peak = _child_peak_mb(process.pid)
    return json.loads(out.decode().strip().splitlines()[-1]), seconds, peak


_PEAKS: dict[int, float] = {}


def _child_peak_mb(pid: int) -> float:
    return _PEAKS.get(pid, float("nan"))


def _reap_with_rusage() -> None:
    """Popen reaps its children itself; wait4 first so each child's own peak RSS is kept."""
    original = subprocess.Popen._try_wait  # type: ignore[attr-defined]

    def try_wait(self: subprocess.Popen[bytes], wait_flags: int) -> tuple[int, int]:
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return original(self, wait_flags)  # type: ignore[no-any-return]
        if pid == self.pid:
            _PEAKS[pid] = usage.ru_maxrss / 1024  # kilobytes on Linux
        return pid, status

    subprocess.Popen._try_wait = try_wait  # type: ignore[attr-defined,method-assign]


# --- one size ---


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    a = np.array(values)
    return {
        "n": len(a),
        "p50": float(np.percentile(a, 50)),
        "p95": float(np.percentile(a, 95)),
        "p99": float(np.percentile(a, 99)),
    }


def measure(
    size: int,
    embedder: str,
    naive: bool,
    limit: int,
    scratch: Path,
    kind: str = "real",
    quick: bool = False,
    reuse: bool = False,
) -> dict[str, Any]:
    corpus = scratch / f"corpus-{size}"
    records = build_corpus(size, corpus, kind=kind)
    questions = questions_for(records, limit, kind)
    questions_file = scratch / f"questions-{size}.json"
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    index, bare = scratch / f"index-{size}", scratch / f"bare-{size}"
    # `reuse`: the first ingest of an earlier run, kept beside its index, stands (a 10,000-document ingest is
    # the better part of an hour; what changes between runs is mostly the answering)
    saved = scratch / f"ingest-{size}-{embedder}.json"
    if reuse and saved.exists() and index.exists():
        first, ingest_rss = json.loads(saved.read_text(encoding="utf-8"))
    else:
        first, _, ingest_rss = run_child("ingest", str(index), str(corpus), embedder, "")
        saved.write_text(json.dumps([first, ingest_rss]), encoding="utf-8")
    again, _, _ = run_child("ingest", str(index), str(corpus), embedder, "")
    # `quick`: neither the forced re-ingest nor the one without embedding (each as long as a first ingest)
    forced = None if quick else run_child("ingest", str(index), str(corpus), embedder, "force")[0]
    plain = None if quick else run_child("ingest", str(bare), str(corpus), "zero", "")[0]
    asked, _, serve_rss = run_child("ask", str(index), embedder, str(questions_file))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kb.cli", "ask", "--json", "--index", str(index), questions[0]["question"]],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KB_EMBEDDER": embedder},
    )
    process_s = time.perf_counter() - started
    rows = asked["rows"]
    figures: dict[str, Any] = {
        "size": size,
        "clauses": first["clauses"],
        "refused": first["refused"],
        "ingest_s": first["seconds"],
        "clauses_per_s": first["clauses"] / first["seconds"],
        # the ingest's CPU beside its wall time: the process's own and its parsing children's
        "ingest_cpu_s": first["cpu_s"] + first["parse_cpu_s"],
        "ingest_parse_cpu_s": first["parse_cpu_s"],
        "ingest_load": _with_children(first["load"], first["parse_cpu_s"]),
        "clauses_per_s_no_embedding": plain["clauses"] / plain["seconds"] if plain else None,
        "reingest_s": again["seconds"],
        "reingest_share": again["seconds"] / first["seconds"],
        "forced_s": forced["seconds"] if forced else None,
        "ingest_rss_mb": ingest_rss,
        "open_s": asked["open_s"],
        "first_question_ms": asked["first_question_ms"],
        "latency_ms": _by_intent(rows, "ms"),
        # CPU per question (every thread of the process): what the code costs, moving far less than wall time
        # with the other work on a shared machine
        "cpu_ms": _by_intent(rows, "cpu_ms"),
        "thread_cpu_ms": _by_intent(rows, "thread_ms"),
        "load_open": asked["load_open"],
        "load_asking": asked["load_asking"],
        "open_cpu_s": asked["open_cpu_s"],
        "r_at_1": _accuracy(rows),
        "kb_ask_process_s": process_s,
        "serve_rss_mb": serve_rss,
        "index_mb": folder_mb(index),
    }
    if naive:
        result, _, _ = run_child(
            "naive",
            str(index),
            embedder,
            str(_files(records, scratch, size)),
            str(questions_file),
            str(scratch / f"naive-{size}"),
        )
        figures["naive"] = {
            "ingest_s": result["ingest_s"],
            "chunks": result["chunks"],
            "latency_ms": percentiles([r["ms"] for r in result["rows"]]),
            "r_at_1": _accuracy(result["rows"]),
        }
    return figures


def _with_children(load: dict[str, Any], children_cpu_s: float) -> dict[str, Any]:
    """The machine during an ingest, its parsing children's CPU counted as the ingest's, not as others'."""
    theirs = children_cpu_s / max(load["seconds"], 1e-9)
    out = {**load, "own_cores": round(load["own_cores"] + theirs, 2)}
    if "others_busy_cores" in load:
        out["others_busy_cores"] = round(max(load["others_busy_cores"] - theirs, 0.0), 2)
    return out


def _by_intent(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, float]]:
    """Percentiles of one figure per question kind, and over the place-named questions ("all")."""
    kinds = (*INTENTS, "indicator, no place named")
    return {i: percentiles([r[key] for r in rows if r["intent"] == i]) for i in kinds} | {
        "all": percentiles([r[key] for r in rows if "hit" in r])
    }


def _files(records: list[dict[str, str]], scratch: Path, size: int) -> Path:
    path = scratch / f"files-{size}.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def _accuracy(rows: list[dict[str, Any]]) -> float | None:
    """R@1 over the questions answered from one retrieved clause (a department's task list cites them all)."""
    scored = [r["hit"] for r in rows if r["intent"] in ("responsibility", "indicator", "general")]
    return float(np.mean(scored)) if scored else None


# --- output ---


def _shown(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def show(results: list[dict[str, Any]]) -> None:
    header = (
        "docs",
        "clauses",
        "ingest s",
        "cl/s",
        "cl/s no emb",
        "re-ingest",
        "forced s",
        "ingest RSS",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "R@1",
        "open+warm s",
        "1st question ms",
        "kb ask s",
        "serve RSS",
        "index MB",
    )
    print(" | ".join(header))
    for f in results:
        lat = f["latency_ms"]["all"]
        print(
            " | ".join(
                [
                    str(f["size"]),
                    str(f["clauses"]),
                    f"{f['ingest_s']:.1f}",
                    f"{f['clauses_per_s']:.1f}",
                    _shown(f["clauses_per_s_no_embedding"], ".0f"),
                    f"{f['reingest_s']:.2f} s ({f['reingest_share']:.1%})",
                    _shown(f["forced_s"], ".1f"),
                    f"{f['ingest_rss_mb']:.0f} MB",
                    f"{lat['p50']:.0f}",
                    f"{lat['p95']:.0f}",
                    f"{lat['p99']:.0f}",
                    f"{f['r_at_1']:.3f}",
                    f"{f['open_s']:.1f}",
                    f"{f['first_question_ms']:.0f}" if f.get("first_question_ms") is not None else "—",
                    f"{f['kb_ask_process_s']:.1f}",
                    f"{f['serve_rss_mb']:.0f} MB",
                    f"{f['index_mb']:.1f}",
                ]
            )
        )
    for title, key in (
        ("wall time per question kind (ms, p50 / p95 / p99)", "latency_ms"),
        ("CPU time per question kind (ms of process CPU, every thread; p50 / p95 / p99)", "cpu_ms"),
    ):
        print(f"\n{title}:")
        for f in results:
            parts = [
                f"{i} {v['p50']:.0f}/{v['p95']:.0f}/{v['p99']:.0f} (n={v['n']})"
                for i, v in f[key].items()
                if v["n"]
            ]
            print(f"  {f['size']:>5} docs: " + "; ".join(parts))
    print("\ningest: wall time, CPU time (of it parsing, in child processes), cores used, the machine:")
    for f in results:
        if "ingest_cpu_s" in f:
            print(
                f"  {f['size']:>5} docs: {f['ingest_s']:.1f} s wall, {f['ingest_cpu_s']:.1f} s CPU "
                f"({f['ingest_parse_cpu_s']:.1f} s parsing), {f['ingest_load']['own_cores']:.2f} cores; "
                f"{f['clauses'] / f['ingest_cpu_s']:.1f} clauses per CPU second; {describe(f['ingest_load'])}"
            )
    print(
        "\nthe machine while answering (a wall time beside other processes' busy cores is theirs as much as ours):"
    )
    for f in results:
        print(f"  {f['size']:>5} docs: {describe(f['load_asking'])}; opening: {describe(f['load_open'])}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        docs = b["size"] / a["size"]
        print(
            f"\nslope {a['size']} → {b['size']} documents ({docs:.0f}× the documents, "
            f"{b['clauses'] / a['clauses']:.0f}× the clauses):"
        )
        print(
            f"  ingest time ×{b['ingest_s'] / a['ingest_s']:.1f}; clauses/s ×{b['clauses_per_s'] / a['clauses_per_s']:.2f}"
        )
        for key in ("p50", "p95"):
            print(
                f"  question latency {key} ×{b['latency_ms']['all'][key] / a['latency_ms']['all'][key]:.1f}"
            )
        print(
            f"  kb ask process ×{b['kb_ask_process_s'] / a['kb_ask_process_s']:.2f}; "
            f"serving RSS ×{b['serve_rss_mb'] / a['serve_rss_mb']:.2f}; index on disk ×{b['index_mb'] / a['index_mb']:.1f}"
        )
    naive = [f for f in results if "naive" in f]
    if naive:
        print("\nnaive pipeline (SentenceSplitter 512, same embedder, plain Chroma collection) vs kb:")
        print(
            "docs | chunks | naive ingest s | kb/naive ingest | naive p50 ms | kb/naive p50 | naive R@1 | kb R@1"
        )
        for f in naive:
            n = f["naive"]
            print(
                " | ".join(
                    [
                        str(f["size"]),
                        str(n["chunks"]),
                        f"{n['ingest_s']:.1f}",
                        f"{f['ingest_s'] / n['ingest_s']:.2f}",
                        f"{n['latency_ms']['p50']:.0f}",
                        f"{f['latency_ms']['all']['p50'] / n['latency_ms']['p50']:.1f}",
                        f"{n['r_at_1']:.3f}",
                        f"{f['r_at_1']:.3f}",
                    ]
                )
            )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "ingest":
            result = child_ingest(rest[0], rest[1], rest[2], force=rest[3] == "force")
        elif kind == "ask":
            result = child_ask(*rest)
        else:
            result = child_naive(*rest)
        print(json.dumps(result, ensure_ascii=False))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,30,100", help="corpus sizes in documents, comma-separated")
    parser.add_argument("--embedder", default="e5", choices=("e5", "e5-head", "use"))
    parser.add_argument("--naive", action="store_true", help="also the naive llama-index pipeline")
    parser.add_argument(
        "--questions",
        type=int,
        default=40,
        help="questions per size (of the plan; as many of the real documents)",
    )
    parser.add_argument(
        "--corpus",
        default="real",
        choices=("real", "plan"),
        help="real: the 68 documents of ../shared/corpus re-issued (default); plan: the plan and the 12 local "
        "real documents re-issued (the corpus of the figures before)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per size instead of tables")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the --force re-ingest and the ingest without embedding (each as long as the first ingest)",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="build corpora and indexes here and keep them"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: take the first ingest's figures and index from an earlier run instead of ingesting",
    )
    args = parser.parse_args()
    _reap_with_rusage()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"embedder {args.embedder}, corpus {args.corpus}, cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = args.keep or Path(tmp)
        for size in sizes:
            figures = measure(
                size, args.embedder, args.naive, args.questions, scratch, args.corpus, args.quick, args.reuse
            )
            results.append(figures)
            if args.json:
                print(json.dumps(figures, ensure_ascii=False), flush=True)
            else:
                print(f"size {size} done", file=sys.stderr, flush=True)
    if args.json:
        with contextlib.redirect_stdout(sys.stderr):  # the tables too, for a reader of the run
            show(results)
    else:
        show(results)


if __name__ == "__main__":
    main()
