"""The engine's structures saved with the index (kb.qa.saved, kb.store.snapshot): read back instead of built by
the next process, and never trusted when made for another state of the index or damaged."""

from __future__ import annotations

import random
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.qa import indexes, saved
from kb.qa.retrieve import targets
from kb.qa.retrieve.targets import PairIndex
from kb.settings import load_settings
from kb.store import snapshot
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (autouse fixture)

QUESTION = "竹木智能仓储中心由哪个单位牵头？"
PILOT = "试点工作通知\n一、工作任务\n（一）建设竹木智能仓储中心。推进仓储数字化。（县林业局、县商务局按职责分工负责）\n"
KEY = {"generation": 3, "clause_set": "abc"}


# --- the pair index, now three flat arrays ---


@pytest.mark.parametrize("chunk", [4_000_000, 50, 7])
def test_the_pair_index_finds_what_reading_every_text_finds(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "_CHUNK_CHARS", chunk)  # texts read in several pieces give the same index
    rng = random.Random(3)
    alphabet = "的一是在不了有和人这中大为上个国\n\0ab𠀀"  # a line break, a NUL and a character beyond 16 bits
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(300)] + ["", "x"]
    index = PairIndex(texts)
    pairs = {t[i : i + 2] for t in texts for i in range(len(t) - 1)}
    for pair in pairs:
        held = index.holding(pair)
        assert held is not None
        assert held.tolist() == [n for n, t in enumerate(texts) if pair in t]
    for word in [*pairs, "的一是", "a𠀀", "zz", "\n的", "的\n一", "在"]:
        assert index.count(word) == sum(word in t for t in texts), word


def test_an_empty_pair_index_holds_nothing() -> None:
    index = PairIndex([])
    assert index.count("的一") == 0
    held = index.holding("的一")
    assert held is not None and len(held) == 0


# --- the snapshot file ---


def test_a_snapshot_reads_back_what_was_written_with_its_arrays_mapped(tmp_path: Path) -> None:
    path = tmp_path / "s.snapshot"
    value = {"ids": np.arange(1000, dtype=np.int32), "words": ["规上工业", "研发"], "nested": (np.ones(3), 7)}
    snapshot.write(path, value, KEY)
    back = snapshot.read(path, KEY)
    assert back["words"] == ["规上工业", "研发"] and back["nested"][1] == 7
    assert back["ids"].tolist() == list(range(1000)) and back["nested"][0].tolist() == [1.0, 1.0, 1.0]
    assert not back["ids"].flags.writeable  # a view of the mapped file, not a copy


def test_packed_texts_read_back_as_written_and_mapped(tmp_path: Path) -> None:
    """The clauses' lower-cased texts and the sentence parts' texts are saved as one array of UTF-16 code units
    (targets.PackedTexts): read back mapped, each text is the string written, whatever its characters."""
    texts = ["", "规上工业增加值增长6%以上", "opc社区", "a\U0001f600b", "\n", "建成百个社区。" * 50]
    packed = targets.PackedTexts(texts)
    assert list(packed) == texts and len(packed) == len(texts) and packed[-1] == texts[-1]
    assert packed[1:3] == texts[1:3]
    with pytest.raises(IndexError):
        packed[len(texts)]
    path = tmp_path / "s.snapshot"
    snapshot.write(path, {"texts": packed}, KEY)
    back = snapshot.read(path, KEY)["texts"]
    assert list(back) == texts
    assert not back._units.flags.writeable  # a view of the mapped file, not a string per text
    assert targets.PackedTexts([])[0:0] == [] and len(targets.PackedTexts([])) == 0


def test_the_parts_read_back_are_the_parts_built(index: Path) -> None:
    """Every sentence part read back from the snapshot (texts packed and mapped) equals the part built."""
    engine = KnowledgeBase(load_settings(index=index)).engine()
    built = indexes.ClauseIndexes.build(engine.corpus.clauses)
    read = engine.corpus.indexes
    assert list(read.targets.parts) == list(built.targets.parts)
    assert list(read.texts) == list(built.texts) and list(read.targets._haystacks) == list(built.targets._haystacks)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) - 100], "shorter than its header says"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 1]), "do not match their checksum"),  # in the last array
        (lambda data: b"\x05" + data[1:], "not a snapshot"),
        (lambda data: b"", "empty"),
    ],
)
def test_a_damaged_snapshot_is_refused_and_says_why(tmp_path: Path, damage, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.snapshot"
    snapshot.write(path, {"ids": np.arange(1000, dtype=np.int64), "text": "规上工业" * 100}, KEY)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(snapshot.SnapshotUnusable, match=reason):
        snapshot.read(path, KEY)


def test_a_snapshot_of_another_key_or_none_at_all_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.snapshot"
    with pytest.raises(snapshot.SnapshotUnusable) as missing:
        snapshot.read(path, KEY)
    assert missing.value.reason == snapshot.NONE_YET
    snapshot.write(path, [1, 2], KEY)
    with pytest.raises(snapshot.SnapshotUnusable, match="another state of the index"):
        snapshot.read(path, {**KEY, "generation": 4})


# --- opening an index ---


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """An index of the plan whose engine has been built once (and so saved)."""
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    assert kb.ingest([PLAN_TXT])[0].status == "ingested"
    assert kb.ask(QUESTION, mode="bm25").lead != "县林业局"
    return tmp_path / "index"


def _built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the engine's structures built from the clauses (not read back)."""
    calls: list[int] = []
    build = indexes.ClauseIndexes.build.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        indexes.ClauseIndexes, "build", classmethod(lambda cls, c: calls.append(1) or build(cls, c))
    )
    return calls


def _fresh_answer(index: Path) -> tuple[str | None, list[str], list[warnings.WarningMessage]]:
    """A new process's view: (lead, cited clause ids, warnings given) of the question, asked of a new object."""
    with warnings.catch_warnings(record=True) as given:
        warnings.simplefilter("always")
        answer = KnowledgeBase(load_settings(index=index)).ask(QUESTION, mode="bm25")
    return answer.lead, [h.clause.id for h in answer.citations], list(given)


def test_the_next_process_reads_the_structures_back_and_answers_the_same(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (index / saved.SNAPSHOT).is_file()
    first = KnowledgeBase(load_settings(index=index)).ask("规上工业增加值增长目标是多少？", mode="bm25")
    built = _built(monkeypatch)
    again = KnowledgeBase(load_settings(index=index)).ask("规上工业增加值增长目标是多少？", mode="bm25")
    assert built == []  # read back, not built
    assert again.answer == first.answer and again.citations == first.citations


def test_an_ingest_after_opening_gives_fresh_structures(index: Path, tmp_path: Path) -> None:
    pilot = tmp_path / "pilot-notice.txt"
    pilot.write_text(PILOT, encoding="utf-8")
    assert KnowledgeBase(load_settings(index=index)).ingest([pilot])[0].status == "ingested"
    assert not (index / saved.SNAPSHOT).exists()  # the ingest removed the structures of the state before

    lead, cited, given = _fresh_answer(index)
    assert (lead, cited[0]) == ("县林业局", "pilot-notice:1.1")
    assert not [w for w in given if issubclass(w.category, saved.SavedIndexWarning)]
    assert (index / saved.SNAPSHOT).is_file()  # saved again for the new state


def test_a_rebuild_removes_the_structures_and_groups_saved_for_the_old_build(index: Path) -> None:
    # a rebuilt index may reach the old one's generation with the same clause ids while its texts differ (a new
    # parser's): what was saved for the old build must not be read for the new one by its key
    assert (index / saved.SNAPSHOT).is_file()
    KnowledgeBase(load_settings(index=index)).rebuild()
    assert not (index / saved.SNAPSHOT).exists()
    assert not snapshot.groups_path(index / saved.SNAPSHOT).exists()


def test_structures_left_from_before_an_ingest_are_rebuilt_with_a_warning(index: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept.snapshot"
    shutil.copy(index / saved.SNAPSHOT, kept)
    pilot = tmp_path / "pilot-notice.txt"
    pilot.write_text(PILOT, encoding="utf-8")
    KnowledgeBase(load_settings(index=index)).ingest([pilot])
    shutil.copy(kept, index / saved.SNAPSHOT)  # as a copy of the folder taken mid-way, or an older kb, leaves it

    lead, cited, given = _fresh_answer(index)
    assert (lead, cited[0]) == ("县林业局", "pilot-notice:1.1")  # the new clause: the old structures not trusted
    messages = [str(w.message) for w in given if issubclass(w.category, saved.SavedIndexWarning)]
    assert messages == [
        f"{index / saved.SNAPSHOT}: made for another state of the index; building the engine's structures again "
        "from the index"
    ]


def test_a_damaged_snapshot_is_rebuilt_with_a_warning(index: Path) -> None:
    path = index / saved.SNAPSHOT
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

    lead, _, given = _fresh_answer(index)
    messages = [str(w.message) for w in given if issubclass(w.category, saved.SavedIndexWarning)]
    assert messages == [
        f"{path}: its contents do not match their checksum (altered or damaged); building the engine's structures "
        "again from the index"
    ]
    assert lead != "县林业局"  # answered as before the damage
    _, _, given = _fresh_answer(index)  # and saved whole again: no warning the next time
    assert not [w for w in given if issubclass(w.category, saved.SavedIndexWarning)]


def test_structures_saved_by_other_code_are_not_used(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saved, "code_fingerprint", lambda: "another version of kb")
    built = _built(monkeypatch)
    _, _, given = _fresh_answer(index)
    assert built == [1]
    assert any("made by another version of kb" in str(w.message) for w in given)


def test_an_index_folder_keeps_one_snapshot_per_store(tmp_path: Path) -> None:
    """The folder of an index migrated to a server serves the embedded index and the server's collection: each
    keeps its own snapshot, so that neither finds the other's and builds again at every opening."""
    embedded = snapshot.engine_path(tmp_path, None, "kb_clauses")
    served = snapshot.engine_path(tmp_path, "http://127.0.0.1:8000", "kb_clauses")
    other = snapshot.engine_path(tmp_path, "http://127.0.0.1:8000", "kb_other")
    assert embedded == tmp_path / saved.SNAPSHOT
    assert len({embedded, served, other}) == 3 and all(p.parent == tmp_path for p in (served, other))


def test_an_engine_leaving_out_withdrawn_documents_never_reads_the_whole_sets_snapshot(
    index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot = tmp_path / "pilot-notice.txt"
    pilot.write_text(PILOT, encoding="utf-8")
    kb = KnowledgeBase(load_settings(index=index))
    assert kb.ingest([pilot])[0].status == "ingested"
    lead, cited, _ = _fresh_answer(index)  # the whole clause set's structures, saved
    assert (lead, cited[0]) == ("县林业局", "pilot-notice:1.1")
    whole = index / saved.SNAPSHOT
    assert whole.is_file()

    kb.withdraw("pilot-notice")  # changes no generation and no clause set: only what is left out
    built = _built(monkeypatch)
    lead, cited, given = _fresh_answer(index)
    assert built == [1]  # built for the set without the pilot, not read from the whole set's snapshot
    assert not any(c.startswith("pilot-notice:") for c in cited)
    assert not [w for w in given if issubclass(w.category, saved.SavedIndexWarning)]
    without = snapshot.engine_path(index, None, "kb_clauses", frozenset({"pilot-notice"}))
    assert without.is_file() and without != whole

    kb.restore("pilot-notice")
    lead, cited, given = _fresh_answer(index)
    assert built == [1]  # the whole set's snapshot read back, unwarned, not the one without the pilot
    assert (lead, cited[0]) == ("县林业局", "pilot-notice:1.1")
    assert not [w for w in given if issubclass(w.category, saved.SavedIndexWarning)]
    assert whole.is_file() and without.is_file()
    kb.remove("pilot-notice")  # a change of the index removes every snapshot of the store
    assert not whole.exists() and not without.exists()


# --- what else opening keeps beside the snapshot ---


def test_distinct_characters_are_every_character_once() -> None:
    text = "规上工业增加值增长8%，OPC社区𠀀\n规上"
    assert indexes.distinct_characters(text) == "".join(sorted(set(text)))
    assert indexes.distinct_characters("") == ""


def test_the_working_groups_read_again_are_kept_for_this_state_and_registry(tmp_path: Path) -> None:
    """Read once, then read back while the index state, the code and the department registry are the same;
    read again when the registry's file changes or the state does."""
    from kb.types import WorkingGroup

    registry = tmp_path / "departments.yaml"
    registry.write_text("departments: []\n", encoding="utf-8")
    engine = tmp_path / "engine.snapshot"
    reads: list[int] = []
    group = WorkingGroup(name="工作专班", members=("县林业局",), clause_id="pilot:1.1")

    def read() -> list[WorkingGroup]:
        reads.append(1)
        return [group]

    assert saved.open_groups(engine, KEY, registry, read) == [group]
    assert saved.open_groups(engine, KEY, registry, read) == [group]
    assert len(reads) == 1 and snapshot.groups_path(engine).exists()
    registry.write_text("departments:\n  - name: 县林业局\n", encoding="utf-8")
    assert saved.open_groups(engine, KEY, registry, read) == [group]
    assert len(reads) == 2
    assert saved.open_groups(engine, {**KEY, "generation": 4}, registry, read) == [group]
    assert len(reads) == 3


def test_a_snapshot_found_whole_is_not_checked_again_until_written(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The checksum reads every byte (0.5-1 s at 10,000 documents): a file found whole once is read again
    without it while it is the very same file; one written since is checked, and damage refused as before. A
    file written within the last moments is checked every time (file times advance in ticks)."""
    import os

    path = tmp_path / "s.snapshot"
    value = {"ids": np.arange(1000, dtype=np.int64), "text": "规上工业" * 100}
    snapshot.write(path, value, KEY)
    sums: list[int] = []
    crc = snapshot._crc
    monkeypatch.setattr(snapshot, "_crc", lambda *a: sums.append(1) or crc(*a))
    snapshot.read(path, KEY)
    snapshot.read(path, KEY)
    assert len(sums) == 2  # just written: checked each time
    old = path.stat().st_mtime - 10
    os.utime(path, (old, old))  # as written a while ago (the change time still moves: it is checked once more)
    snapshot.read(path, KEY)
    assert snapshot.read(path, KEY)["text"] == value["text"]
    assert len(sums) == 3
    with path.open("r+b") as file:  # an array's last byte altered in place
        file.seek(-1, os.SEEK_END)
        last = file.read(1)
        file.seek(-1, os.SEEK_END)
        file.write(bytes([last[0] ^ 1]))
    with pytest.raises(snapshot.SnapshotUnusable, match="do not match their checksum"):
        snapshot.read(path, KEY)
    assert len(sums) == 4


def test_whether_the_documents_write_a_word_is_what_the_whole_text_end_to_end_says() -> None:
    """ClauseIndexes.writes (the pieces, their pair index and the seams between them) answers as searching every
    title, text and document title written end to end did: for words inside one piece, across a boundary (also
    across a piece shorter than the word, or empty), too long for the seams, or not Chinese."""
    from kb.types import Clause

    rng = random.Random(7)
    alphabet = "宁波市县区平江岳阳汨罗省OPC"

    def piece(longest: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 2, rng.randint(0, longest)])))

    clauses = [
        Clause(doc=f"d{n // 4}", doc_title=piece(6), number=(n,), path=("一、",), title=piece(5), text=piece(30))
        for n in range(60)
    ]
    built = indexes.ClauseIndexes.build(clauses)
    whole = "".join(c.title + c.text + c.doc_title for c in clauses)
    words = {whole[i : i + n] for n in (1, 2, 3, 5, 12, 13, 20) for i in range(0, len(whole) - n, 7)}
    words |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)}
    words |= {"汨罗市", "岳阳县县县", "OPC", "opc", "平江" * 7}
    found = {word for word in words if word in whole}
    assert 100 < len(found) < len(words)  # both answers are met many times
    for word in sorted(words):
        assert built.writes(word) == (word in whole), word
