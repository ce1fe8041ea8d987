"""Ingest of many files: parsed on several cores, embedded and stored in file order, the same index and results
as one file at a time; the run's progress (files, clauses per second, time remaining) for the person waiting."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from kb.cli import _ProgressLine
from kb.ingest_progress import IngestStatus, ProgressTracker, duration
from kb.parse.departments import DepartmentRegistry
from kb.settings import Settings
from kb.store.chroma import WRITING, ClauseStore, clause_set_hash
from kb.store.lexical import LexicalIndex, sync_saved
from kb.store.vector_cache import FILE, VectorCache
from kb.types import Clause, IngestResult
from tests.test_ingest import DATA, PLAN_TXT, CountingEmbedder, Index
from tests.test_store import TEA, FixedEmbedder, parsed, vectors

REAL = DATA / "real"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(Settings())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan, four real documents, and two files that are refused between them."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(PLAN_TXT, folder / "a-plan.txt")
    for name in ("city_ningbo_opc", "county_cangnan_opc_draft", "district_shangcheng_opc", "prov_anhui_rcep"):
        shutil.copy(REAL / f"{name}.txt", folder / f"b-{name}.txt")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "b-program.pdf").write_bytes(Path("/bin/ls").read_bytes()[:4096])
    return folder


def ingest(folder: Path, index: Index, workers: int, **options: object) -> list[IngestResult]:
    from kb.ingest import ingest_paths

    return ingest_paths(
        [folder],
        index.store,
        index.lexical,
        lambda: index.registry,
        index.embedder,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )


def test_two_parsers_give_the_index_and_results_of_one(
    corpus: Path, tmp_path: Path, registry: DepartmentRegistry
) -> None:
    one, two = Index(tmp_path / "one", registry), Index(tmp_path / "two", registry)
    told: list[tuple[str, int, int]] = []
    alone = ingest(corpus, one, workers=1)
    together = ingest(corpus, two, workers=2, progress=lambda f, d, t: told.append((Path(f).name, d, t)))
    assert [r.line() for r in together] == [r.line() for r in alone]
    assert [(Path(r.path).name, r.status) for r in together] == [
        ("a-plan.txt", "ingested"),
        ("b-city_ningbo_opc.txt", "ingested"),
        ("b-county_cangnan_opc_draft.txt", "ingested"),
        ("b-district_shangcheng_opc.txt", "ingested"),
        ("b-empty.txt", "refused"),
        ("b-program.pdf", "refused"),
        ("b-prov_anhui_rcep.txt", "ingested"),
    ]
    assert told == [(Path(r.path).name, n, 7) for n, r in enumerate(together, start=1)]  # in file order
    assert [c.to_dict() for c in two.store.clauses()] == [c.to_dict() for c in one.store.clauses()]
    assert two.embedder.texts == one.embedder.texts  # the same texts, embedded in the same order
    assert two.store.clause_set() == one.store.clause_set() == clause_set_hash(one.store.clause_ids())
    assert two.lexical.ids == one.lexical.ids
    assert len(two.lexical.ids) == sum(r.clauses for r in together)


def test_each_file_is_told_embedded_and_stored_though_embedded_with_others(
    corpus: Path, tmp_path: Path, registry: DepartmentRegistry
) -> None:
    index = Index(tmp_path / "index", registry)
    steps: list[tuple[str, str, int, int]] = []
    results = ingest(corpus, index, workers=2, steps=lambda f, s, d, t: steps.append((Path(f).name, s, d, t)))
    for result in results:
        name = Path(result.path).name
        mine = [(stage, done, total) for file, stage, done, total in steps if file == name]
        if result.status == "refused":
            assert mine in ([], [("read", 0, 0)])  # refused before or by its parser
            continue
        n = result.clauses
        assert mine[:2] == [("read", 0, 0), ("embed", 0, n)]
        assert mine[-2:] == [("embed", n, n), ("store", n, n)]
        embedded = [done for stage, done, _ in mine if stage == "embed"]
        assert embedded == sorted(embedded)


def test_a_run_stopped_while_storing_leaves_a_truthful_fingerprint(
    corpus: Path, tmp_path: Path, registry: DepartmentRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Index(tmp_path / "index", registry)
    written = ClauseStore.replace_doc
    calls: list[int] = []

    def dies_on_the_second(self: ClauseStore, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        written(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ClauseStore, "replace_doc", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        ingest(corpus, index, workers=2)
    assert [d.doc_id for d in index.store.docs()] == ["a-plan"]  # the first file of the group is kept
    assert index.store.clause_set() == clause_set_hash(index.store.clause_ids())


def test_a_write_killed_midway_marks_the_index_changed(tmp_path: Path) -> None:
    settings = Settings(index=tmp_path / "index")
    store = ClauseStore(settings, FixedEmbedder("test:one"))
    store.replace_doc(parsed(), vectors(5))
    lexical = LexicalIndex(settings.index / "lexical")
    sync_saved(lexical, store, [])
    generation = store.generation()
    block = store.writing()
    block.__enter__()  # and never left: the process is killed while it writes
    store.replace_doc(parsed((replace(TEA, doc="plan-b"),), doc="plan-b"), vectors(1))
    reopened = ClauseStore(settings, FixedEmbedder("test:one"))
    assert reopened.generation() == generation + 1 and reopened.clause_set() == WRITING
    assert not LexicalIndex(settings.index / "lexical").saved_is_current(
        reopened.generation(), reopened.clause_set()
    )  # so the next open or ingest reads the clauses again, the second document's included
    block.__exit__(None, None, None)
    assert store.clause_set() == clause_set_hash(store.clause_ids()) and store.generation() == generation + 2


def test_the_cache_is_read_and_written_once_and_tells_what_is_embedded(tmp_path: Path) -> None:
    cache, embedder = VectorCache(tmp_path / FILE), CountingEmbedder()
    cache.embed(embedder, ["乙"])
    told: list[int] = []
    cache.embed(embedder, ["甲", "乙", "甲", "丙"], told.append, batch=1)
    # 乙 was known; 甲 embedded gives the first three texts their vectors, 丙 the fourth
    assert told == [0, 3, 4]
    assert embedder.texts == ["乙", "甲", "丙"]


# --- the run's progress ---


def files(folder: Path, *sizes: int) -> list[Path]:
    paths = []
    for n, size in enumerate(sizes):
        path = folder / f"{n}.txt"
        path.write_bytes(b"x" * size)
        paths.append(path)
    return paths


def result(path: Path, status: str, clauses: int = 0) -> IngestResult:
    return IngestResult(path=str(path), status=status, clauses=clauses)  # type: ignore[arg-type]


def test_time_left_comes_from_the_bytes_still_to_read(tmp_path: Path) -> None:
    now = [0.0]
    told: list[IngestStatus] = []
    paths = files(tmp_path, 100, 300, 600)
    tracker = ProgressTracker(paths, told.append, clock=lambda: now[0])
    now[0] = 2.0
    tracker.file_done(result(paths[0], "ingested", 10))  # 100 bytes in 2 s: 900 left, 18 s
    now[0] = 2.5
    # found unchanged: its half second is kept out of the rate
    tracker.file_done(result(paths[1], "unchanged", 30))
    now[0] = 10.0
    tracker.file_done(result(paths[2], "ingested", 20))
    assert [s.line() for s in told] == [
        "1/3 files · 10 clauses · 5.0 clauses/s · about 18 s left",
        "2/3 files · 10 clauses · 4.0 clauses/s · about 12 s left",
        "3/3 files · 30 clauses · 3.0 clauses/s · done in 10 s",
    ]


def test_time_left_is_not_promised_before_a_file_is_read(tmp_path: Path) -> None:
    now = [0.0]
    told: list[IngestStatus] = []
    paths = files(tmp_path, 100, 100)
    tracker = ProgressTracker(paths, told.append, clock=lambda: now[0])
    now[0] = 0.1
    tracker.file_done(result(paths[0], "refused"))  # read, but in a tenth of a second: no rate yet
    assert told[0].line() == "1/2 files · 0 clauses · 0.0 clauses/s · time left not known yet · 1 refused"


def test_durations_read_as_a_forecast() -> None:
    assert [duration(s) for s in (0.4, 59, 61, 3599, 3600, 5000)] == [
        "0 s",
        "59 s",
        "1 min",
        "1 h 00 min",
        "1 h 00 min",
        "1 h 23 min",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def status(done: int, total: int = 10) -> IngestStatus:
    return IngestStatus(
        file="f", files_done=done, files_total=total, clauses=done * 10, seconds=done, remaining_s=60
    )


def test_in_a_log_a_short_run_prints_no_progress_and_a_long_one_a_line_every_ten_seconds() -> None:
    now = [0.0]
    log = io.StringIO()
    line = _ProgressLine(log, clock=lambda: now[0])
    for done, at in ((1, 1.0), (2, 11.0), (3, 15.0), (4, 22.0)):
        now[0] = at
        line.status(status(done))
    now[0] = 23.0
    line.status(status(10))
    line.close()
    assert log.getvalue() == (
        "2/10 files · 20 clauses · 10.0 clauses/s · about 1 min left\n"
        "4/10 files · 40 clauses · 10.0 clauses/s · about 1 min left\n"
        "10/10 files · 100 clauses · 10.0 clauses/s · done in 10 s\n"
    )
    quiet = io.StringIO()
    short = _ProgressLine(quiet, clock=lambda: 3.0)
    short.status(status(10))
    assert quiet.getvalue() == ""


def test_on_a_terminal_the_line_is_rewritten_in_place_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the line is cut to the terminal's width
    now = [0.0]
    screen = Terminal()
    line = _ProgressLine(screen, clock=lambda: now[0])
    now[0] = 0.5
    line.status(status(1))
    now[0] = 0.6
    line.status(status(2))  # a tenth of a second later: not redrawn
    now[0] = 0.8
    line.pages("/x/scan.pdf", 3, 12)
    line.close()
    assert screen.getvalue() == (
        "\r\033[K1/10 files · 10 clauses · 10.0 clauses/s · about 1 min left"
        "\r\033[K2/10 files · 20 clauses · 10.0 clauses/s · about 1 min left · OCR page 3/12 of scan.pdf"
        "\r\033[K"
    )


def test_a_full_disk_in_a_group_names_the_file_and_keeps_the_ones_before(
    corpus: Path, tmp_path: Path, registry: DepartmentRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from kb.errors import DiskFull

    index = Index(tmp_path / "index", registry)
    adding = ClauseStore._add_clauses

    def full_at_cangnan(self: ClauseStore, clauses: list[Clause], embeddings: object) -> None:
        if any(c.doc == "b-county_cangnan_opc_draft" for c in clauses):
            raise OSError(errno.ENOSPC, "No space left on device")
        adding(self, clauses, embeddings)  # type: ignore[arg-type]

    monkeypatch.setattr(ClauseStore, "_add_clauses", full_at_cangnan)
    with pytest.raises(DiskFull) as stopped:
        ingest(corpus, index, workers=2, sources=index.settings.index)
    assert str(stopped.value).startswith(
        f"the disk holding the index {index.settings.index} is full while storing "
        f"{corpus / 'b-county_cangnan_opc_draft.txt'}:"
    )
    # stored together with the two before it, which are kept (their copies too); it and the rest are not
    assert [d.doc_id for d in index.store.docs()] == ["a-plan", "b-city_ningbo_opc"]
    assert sorted(p.name for p in (index.settings.index / "sources").iterdir()) == [
        "a-plan",
        "b-city_ningbo_opc",
    ]
    assert index.store.clause_set() == clause_set_hash(index.store.clause_ids())
