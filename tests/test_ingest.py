"""Ingestion: the plan goes in whole, an unchanged file does no work, a changed one replaces all its clauses,
and a refused file leaves the index exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from kb.ingest import embedding_text, expand_paths, ingest_paths
from kb.parse.departments import DepartmentRegistry
from kb.settings import Settings
from kb.store.chroma import ClauseStore
from kb.store.embed import Embedder
from kb.store.lexical import LexicalIndex

DATA = Path(__file__).parent / "data"
PLAN_TXT = DATA / "plan-attachment3.txt"
DOC = "plan-attachment3"
# By reading the plan: the preamble, 3 sections, 2 + 2 parts, 9 task groups and 31 items = 48 clauses;
# its notes name 19 different departments (counting 平江高新区/县高新区 and the two 金融监管局 spellings once).
PLAN_CLAUSES = 48
PLAN_DEPARTMENTS = 19


class CountingEmbedder(Embedder):
    """Cheap deterministic vectors (character hashes) that record every text they are asked to embed."""

    name = "test:counting"
    dim = 16

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.texts.extend(texts)
        rows = np.zeros((len(texts), self.dim))
        for row, text in zip(rows, texts, strict=True):
            for char in text:
                row[hashlib.md5(char.encode()).digest()[0] % self.dim] += 1
        return rows + 1e-3


class Index:
    """A store, a lexical index and the embedder in a temporary folder."""

    def __init__(self, folder: Path, registry: DepartmentRegistry) -> None:
        self.settings = Settings(index=folder)
        self.embedder = CountingEmbedder()
        self.store = ClauseStore(self.settings, self.embedder)
        self.lexical = LexicalIndex(folder / "lexical")
        self.registry = registry

    def ingest(self, *paths: Path, force: bool = False):  # type: ignore[no-untyped-def]
        return ingest_paths(paths, self.store, self.lexical, lambda: self.registry, self.embedder, force=force)

    def snapshot(self) -> tuple[object, ...]:
        return (
            [c.to_dict() for c in self.store.clauses()],
            self.store.docs(),
            self.store.generation(),
            self.store.clause_set(),
        )


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(Settings())


@pytest.fixture
def index(tmp_path: Path, registry: DepartmentRegistry) -> Index:
    return Index(tmp_path / "index", registry)


def test_the_plan_is_ingested_whole(index: Index) -> None:
    [result] = index.ingest(PLAN_TXT)
    assert (result.status, result.doc_id, result.clauses, result.departments) == (
        "ingested",
        DOC,
        PLAN_CLAUSES,
        PLAN_DEPARTMENTS,
    )
    clauses = index.store.clauses()
    assert len(clauses) == PLAN_CLAUSES
    assert [c.id for c in clauses[:3]] == [f"{DOC}:0", f"{DOC}:1", f"{DOC}:1.1"]
    assert clauses[-1].id == f"{DOC}:3"
    assert [c.id for c in index.store.clauses(department="县林业局")] == [
        f"{DOC}:1.2.2.5",
        f"{DOC}:1.2.2.6",
        f"{DOC}:1.2.4.2",
        f"{DOC}:1.2.5.1",
        f"{DOC}:1.2.6.1",
    ]
    [info] = index.store.docs()
    assert info.sha256 == hashlib.sha256(PLAN_TXT.read_bytes()).hexdigest()


def test_each_clause_is_embedded_with_its_outline_labels(index: Index) -> None:
    index.ingest(PLAN_TXT)
    assert len(index.embedder.texts) == PLAN_CLAUSES
    materials = next(c for c in index.store.clauses() if c.id == f"{DOC}:1.2.2.2")
    assert embedding_text(materials) in index.embedder.texts
    assert embedding_text(materials).startswith(
        "一、培育好强科创动能\n（二）重点任务\n2. 锻造产业创新主引擎\n（2）新材料产业\n"
    )
    assert materials.text in embedding_text(materials)


def test_the_lexical_index_is_refreshed_and_saved(index: Index) -> None:
    index.ingest(PLAN_TXT)
    saved = LexicalIndex(index.settings.index / "lexical")
    assert saved.load()
    assert saved.is_current(index.store.generation(), index.store.clause_set())
    assert saved.search("湖南中科云母研究院由哪个单位牵头建设？", k=1)[0][0] == f"{DOC}:1.2.2.2"


def test_an_unchanged_file_does_no_embedding_work(index: Index) -> None:
    index.ingest(PLAN_TXT)
    before, embedded = index.snapshot(), len(index.embedder.texts)
    [result] = index.ingest(PLAN_TXT)
    assert (result.status, result.clauses, result.departments) == (
        "unchanged",
        PLAN_CLAUSES,
        PLAN_DEPARTMENTS,
    )
    assert len(index.embedder.texts) == embedded
    assert index.snapshot() == before
    [forced] = index.ingest(PLAN_TXT, force=True)
    assert forced.status == "ingested" and len(index.embedder.texts) == 2 * embedded


def test_a_changed_file_replaces_all_its_clauses(index: Index, tmp_path: Path) -> None:
    # the same file changed where it is (a file elsewhere of the same name is refused: test_document_identity)
    changed = tmp_path / "v2" / "plan-attachment3.txt"
    changed.parent.mkdir()
    shutil.copyfile(PLAN_TXT, changed)
    index.ingest(changed)
    lines = PLAN_TXT.read_text(encoding="utf-8").splitlines()
    # the new version drops 1.2.5.3 (the only clause naming 县市场监督管理局) and rewords 1.2.2.2
    lines = [line for line in lines if not line.startswith("（3）加强知识产权保护")]
    lines = [line.replace("湖南中科云母研究院", "平江云母研究院") for line in lines]
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")

    [result] = index.ingest(changed)
    assert (result.status, result.clauses, result.departments) == (
        "ingested",
        PLAN_CLAUSES - 1,
        PLAN_DEPARTMENTS - 1,
    )
    clauses = index.store.clauses()
    assert f"{DOC}:1.2.5.3" not in [c.id for c in clauses]
    assert index.store.clauses(department="县市场监督管理局") == []
    assert all("湖南中科云母研究院" not in c.text for c in clauses)
    assert any("平江云母研究院" in c.text for c in clauses)
    assert len(index.lexical.ids) == PLAN_CLAUSES - 1 and f"{DOC}:1.2.5.3" not in index.lexical.ids
    assert index.store.doc_sha(DOC) == hashlib.sha256(changed.read_bytes()).hexdigest()


def test_a_refused_file_leaves_the_index_as_it_was(index: Index, tmp_path: Path) -> None:
    index.ingest(PLAN_TXT)
    before, embedded = index.snapshot(), len(index.embedder.texts)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "plan-attachment3.pdf").write_bytes(
        (DATA / "plan-attachment3.pdf").read_bytes()[:20000]
    )  # truncated
    (bad / "empty.txt").write_bytes(b"")
    results = index.ingest(bad)
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("empty.txt", "refused"),
        ("plan-attachment3.pdf", "refused"),
    ]
    assert all(r.error and r.path in r.error for r in results)
    assert index.snapshot() == before
    assert len(index.embedder.texts) == embedded


def test_good_files_are_kept_beside_refused_ones(index: Index, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(PLAN_TXT, folder / "plan-b.txt")
    (folder / "program.pdf").write_bytes(Path("/bin/ls").read_bytes()[:4096])
    results = index.ingest(folder, tmp_path / "missing.docx")
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("plan-b.txt", "ingested"),
        ("program.pdf", "refused"),
        ("missing.docx", "refused"),
    ]
    assert results[2].error == f"{tmp_path / 'missing.docx'}: no such file or folder"
    assert [d.doc_id for d in index.store.docs()] == ["plan-b"]
    assert len(index.store.clauses(doc="plan-b")) == PLAN_CLAUSES


def test_two_files_with_one_document_id_in_a_run(index: Index) -> None:
    first, second = index.ingest(PLAN_TXT, DATA / "plan-attachment3.docx")
    assert first.status == "ingested"
    assert second.status == "refused"
    assert second.error == (
        f"{DATA / 'plan-attachment3.docx'}: same document id 'plan-attachment3' as {PLAN_TXT} in this run: "
        "rename one"
    )
    assert index.store.docs()[0].format == "txt"


def test_folders_are_searched_recursively_for_supported_files(tmp_path: Path) -> None:
    for name in (
        "a.pdf",
        "b.DOCX",
        "sub/c.txt",
        "sub/deeper/d.md",
        "sub/e.pptx",
        "sub/g.ofd",
        ".hidden.txt",
        "f.png",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    explicit = tmp_path / "f.png"
    found = [
        p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path, explicit, tmp_path / "a.pdf"])
    ]
    assert found == ["a.pdf", "b.DOCX", "sub/c.txt", "sub/deeper/d.md", "sub/g.ofd", "f.png"]
