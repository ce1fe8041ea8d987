"""What opening an index builds from its clauses, saved beside it (`<index>/engine.snapshot`) and read back by the
next process instead of built again: the clauses, the engine's indexes over them (kb.qa.indexes), the documents'
places, the working groups and every unit's places.

At 1,000 documents building these took most of the 14 s before a first answer; read back, the pair indexes'
arrays are memory-mapped and the rest unpickled. The snapshot is used only when it was made for this very state
of the index (its generation and clause set, which every ingest, removal and replacement changes) by this very
code (a fingerprint of the package's source: a changed builder never meets structures an older one made). A
snapshot made for another state, or damaged, is rebuilt with a warning; one that cannot be written (a read-only
folder) only means building again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import platform
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kb.parse.jurisdiction import (
    is_place,
    jieba_city_named,
    jieba_places_sounding,
    places_from_file_names,
    places_from_texts,
    places_from_titles,
    places_from_zones,
)
from kb.qa.indexes import ClauseIndexes
from kb.qa.understand.places import place_forms
from kb.qa.understand.units import unit_places
from kb.store import snapshot
from kb.types import Clause, DocInfo, WorkingGroup

SNAPSHOT = snapshot.ENGINE
FORMAT = 2  # raised when what is saved changes in a way the code fingerprint would not show (2: kb.qa.clauses)


class SavedIndexWarning(UserWarning):
    """The saved structures could not be used or kept; the index itself is unharmed."""


class ClauseSource(Protocol):
    """What opening reads from the clause store (kb.store.chroma.ClauseStore)."""

    def generation(self) -> int: ...

    def clause_set(self) -> str: ...

    def clauses(self) -> list[Clause]: ...

    def docs(self) -> list[DocInfo]: ...

    def working_groups(self, doc: str | None = None) -> list[WorkingGroup]: ...


@dataclass
class Opened:
    """What the engine is made of besides the settings' files and the models."""

    indexes: ClauseIndexes
    doc_places: dict[str, str | None]  # document → its place (None: not known)
    groups: list[WorkingGroup]
    unit_places: dict[str, frozenset[str]]  # canonical unit → the places of the documents naming it
    # every place's forms with the English ones (kb.qa.understand.places.NamedPlaces), in the documents' order
    english_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # document → its own number (文号: 国发〔2020〕6号), for a question naming a document by it
    doc_numbers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, store: ClauseSource, excluded: frozenset[str] = frozenset()) -> Opened:
        """The structures over the store's clauses but those of the `excluded` documents (withdrawn ones)."""
        clauses = [c for c in store.clauses() if c.doc not in excluded]
        docs = [d for d in store.docs() if d.doc_id not in excluded]
        # a document whose text names no place takes the one its title names that another document is
        titles = {d.doc_id: d.title for d in docs}
        doc_places = places_from_titles({d.doc_id: d.place for d in docs}, titles)
        # and one whose title opens with a zone under its city's bare name (大连高新区), that city
        doc_places = places_from_zones(doc_places, titles, jieba_city_named)
        # and one whose title names none either, the place its text names most
        unplaced = {doc for doc, place in doc_places.items() if not is_place(place)}
        texts: dict[str, list[str]] = {}
        for clause in clauses:
            if clause.doc in unplaced:
                texts.setdefault(clause.doc, []).append(clause.text)
        doc_places = places_from_texts(doc_places, {doc: "\n".join(parts) for doc, parts in texts.items()})
        # and one whose text names none either, the place its file name writes in English (county_nanling_…)
        doc_places = places_from_file_names(doc_places, jieba_places_sounding)
        groups = [g for g in store.working_groups() if _doc_of(g.clause_id) not in excluded]
        indexes = ClauseIndexes.build(clauses)
        # a unit named only in running text (市人社局负责…) is its document's place's unit as a note's unit is
        in_text = [(u, doc_places.get(indexes.by_id[c].doc)) for c, found in indexes.in_text.items() for u, _ in found]
        return cls(
            indexes=indexes,
            doc_places=doc_places,
            groups=groups,
            unit_places=unit_places([*((u, doc_places.get(c.doc)) for c in clauses for u in c.departments), *in_text]),
            english_places={p: place_forms(p) for p in dict.fromkeys(doc_places.values()) if p},
            doc_numbers={d.doc_id: d.doc_no for d in docs if d.doc_no},
        )


def open_index(
    store: ClauseSource, path: Path, where: str = "", excluded: frozenset[str] = frozenset()
) -> Opened:
    """The structures of the store's current state: read from the snapshot at `path` when it was made for that
    state, else built (and saved there for the next process). `where` names the store (server and collection):
    a snapshot of another store is never used; nor is one made leaving out another set of documents than
    `excluded` (withdrawing a document changes no generation)."""
    key = snapshot_key(store, where, excluded)
    try:
        opened = snapshot.read(path, key)
        if isinstance(opened, Opened):
            return opened
        problem = "holds something else than the engine's structures"
    except snapshot.SnapshotUnusable as unusable:
        problem = "" if unusable.reason == snapshot.NONE_YET else _why(unusable, key)
    if problem:
        warnings.warn(
            f"{path}: {problem}; building the engine's structures again from the index", SavedIndexWarning, 2
        )
    opened = Opened.build(store, excluded)
    # saved under the key read before building: should an ingest have written meanwhile, the clauses read may be
    # of a later state, but no process ever sees the earlier generation again, so the snapshot is never used
    save(opened, path, key)
    return opened


def open_groups(
    path: Path, key: dict[str, Any], registry_file: Path, read: Callable[[], list[WorkingGroup]]
) -> list[WorkingGroup]:
    """The working groups as this code reads them again from the clauses (`read`: kb.qa.decide.groups.read_again,
    1-2 s at 10,000 documents, at every opening), kept beside the engine's snapshot at `path`. They are of the
    snapshot's own state (`key`, snapshot_key's: the clauses, the groups ingestion stored, this code) and of the
    department registry naming their units (its file's bytes, part of the key): anything else is read again. A
    folder that cannot be written only means reading them again next time."""
    try:
        registry = hashlib.sha256(registry_file.read_bytes()).hexdigest()[:20]
    except OSError:
        registry = "unreadable"  # the registry's own loading says why; never matches a saved key's digest
    key = {**key, "registry": registry}
    where = snapshot.groups_path(path)
    with contextlib.suppress(snapshot.SnapshotUnusable):
        kept = snapshot.read(where, key)
        if isinstance(kept, list) and all(isinstance(g, WorkingGroup) for g in kept):
            return kept
    groups = read()
    if registry != "unreadable":
        with contextlib.suppress(OSError):
            snapshot.write(where, groups, key)
    return groups


def _doc_of(clause_id: str | None) -> str | None:
    return clause_id.rsplit(":", 1)[0] if clause_id else None


def _why(unusable: snapshot.SnapshotUnusable, key: dict[str, Any]) -> str:
    found = unusable.found
    if found is not None and found.get("code") != key["code"] and found.get("generation") == key["generation"]:
        return "made by another version of kb"
    return unusable.reason


def save(opened: Opened, path: Path, key: dict[str, Any]) -> None:
    """Keep the structures for the next process; a folder that cannot be written only means building again."""
    try:
        snapshot.write(path, opened, key)
    except OSError as error:
        warnings.warn(
            f"{path}: cannot be written ({error.strerror or error}); the next process builds the engine's "
            "structures again",
            SavedIndexWarning,
            3,
        )


def snapshot_key(store: ClauseSource, where: str = "", excluded: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What a snapshot must have been made for: this state of the index, these documents left out, this code,
    this layout."""
    return {
        "format": FORMAT,
        "generation": store.generation(),
        "clause_set": store.clause_set(),
        "excluded": sorted(excluded),
        "where": where,
        "code": code_fingerprint(),
    }


@cache
def code_fingerprint() -> str:
    """The package's source and the versions pickling depends on: any change to a class saved or to the code
    building it makes older snapshots foreign."""
    digest = hashlib.sha256(f"{platform.python_version()}:{np.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:20]
