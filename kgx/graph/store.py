"""The persistent store: a directory holding one JSON result per document, an index of them and an Oxigraph
database of the graph.

The per-document results are the source of truth: extracting a document again replaces its file, never adds to
it. An update compares the result files with the index (by inode, size and modification time, from one directory
listing) and applies what changed to a copy of the database: a snapshot of the current one (hard links to its
immutable files) into `graphs/<generation>`, changed there, then made current by replacing the `oxigraph` symbolic
link, so readers see the old graph or the new one. A run killed at any point leaves the old graph, a consistent
index, and result files the next update picks up. One writer at a time holds the store's lock (`lock.py`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from ..errors import KgxError
from ..files import atomic_write
from ..models import DocumentResult
from .incremental import Delta, Update
from .index import GraphIndex
from .lock import DEFAULT_WAIT, writer_lock

DEFAULT_STORE = "kgx-store"
# Oxigraph's bulk loader holds what it loads in memory (about 0.8 GiB per million triples): loading in slices
# keeps the peak flat however large the graph grows.
LOAD_TRIPLES = 250_000
STALE_SECONDS = 3600  # a temporary result file older than this was left by a killed run
RETIRE_SECONDS = 60.0  # a database replaced longer ago than this is deleted: readers that opened it have had time


def store_path(option: str | None) -> Path:
    """--store, else $KGX_STORE, else ./kgx-store."""
    return Path(option or os.environ.get("KGX_STORE") or DEFAULT_STORE)


def _stamp(st: os.stat_result) -> str:
    """Changes when a result file is written again: `atomic_write` renames a new file (a new inode) into place."""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


class KgxStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.documents_dir = self.path / "documents"
        self.database_dir = self.path / "oxigraph"  # a symbolic link to graphs/<generation>
        self.graphs_dir = self.path / "graphs"
        self.index_path = self.path / "index.sqlite"
        self._writing = False
        old = self.path / "oxigraph.old"
        if not self.database_dir.exists() and old.is_dir():
            os.replace(old, self.database_dir)  # a run killed between the two renames of an older kgx's rebuild

    def exists(self) -> bool:
        return self.database_dir.is_dir()

    def require(self) -> "KgxStore":
        if not self.exists():
            raise KgxError("E040", path=self.path)
        return self

    @contextmanager
    def writing(self, wait: float = DEFAULT_WAIT) -> Iterator["KgxStore"]:
        """Hold the store's writer lock (taken once: the calls inside a held lock do not take it again)."""
        if self._writing:
            yield self
            return
        with writer_lock(self.path, wait):
            self._writing = True
            try:
                yield self
            finally:
                self._writing = False

    # -- documents --------------------------------------------------------------------------------------------------

    def _file(self, doc_id: str) -> Path:
        return self.documents_dir / f"{quote(doc_id, safe='')}.json"

    def _files(self) -> dict[str, str]:
        """Result file name -> its stamp, from one listing of the documents directory."""
        if not self.documents_dir.is_dir():
            return {}
        with os.scandir(self.documents_dir) as entries:
            return {e.name: _stamp(e.stat()) for e in entries if e.name.endswith(".json") and not e.name.startswith(".")}

    def document_ids(self) -> set[str]:
        return {unquote(name.removesuffix(".json")) for name in self._files()}

    def fingerprints(self) -> dict[str, str]:
        """Document id -> fingerprint of what was extracted: from the index for the results it holds as they are,
        read from the result file for the others (written since the last update)."""
        index = GraphIndex.open(self.index_path)
        indexed = {}
        if index is not None:
            indexed = {file: (doc_id, stamp, fp) for doc_id, file, stamp, fp in
                       index.db.execute("SELECT id, file, stamp, fingerprint FROM documents")}
            index.close()
        found = {}
        for file, stamp in self._files().items():
            known = indexed.get(file)
            if known and known[1] == stamp:
                found[known[0]] = known[2]
            else:
                data = json.loads((self.documents_dir / file).read_bytes())
                found[data["document"]["id"]] = data["fingerprint"]
        return found

    def save(self, result: DocumentResult) -> None:
        atomic_write(self._file(result.document.id), result.model_dump_json(indent=1).encode())

    def delete(self, doc_ids: list[str]) -> list[str]:
        """Delete the results of `doc_ids` (the next update takes their facts out); returns the ids not stored."""
        unknown = []
        for doc_id in doc_ids:
            try:
                self._file(doc_id).unlink()
            except FileNotFoundError:
                unknown.append(doc_id)
        return unknown

    def results(self) -> Iterator[DocumentResult]:
        if not self.documents_dir.is_dir():
            return
        for file in sorted(self.documents_dir.glob("*.json")):
            yield DocumentResult.model_validate_json(file.read_bytes())

    # -- graph ------------------------------------------------------------------------------------------------------

    def update(self, wait: float = DEFAULT_WAIT) -> int:
        """Bring the graph up to date with the result files, changing only what the changed ones touch; returns
        the number of triples. Without a usable index (a new store, or one an older kgx wrote) it rebuilds."""
        with self.writing(wait):
            index = self._recover()
            if index is None:
                return self._rebuild()
            try:
                indexed = {file: (doc_id, stamp) for doc_id, file, stamp in
                           index.db.execute("SELECT id, file, stamp FROM documents")}
                files = self._files()
                changed = {unquote(f.removesuffix(".json")): (f, s) for f, s in files.items()
                           if indexed.get(f, (None, None))[1] != s}
                removed = {doc_id for f, (doc_id, _) in indexed.items() if f not in files}
                if not changed and not removed:
                    return int(index.meta("triples") or 0)
                delta = Delta(index)
                Update(index, delta, self.documents_dir).run(changed, removed)
                generation = int(index.meta("generation")) + 1
                fresh = self._generation_dir(generation)
                shutil.rmtree(fresh, ignore_errors=True)
                ox.Store.read_only(str(self.database_dir.resolve())).backup(str(fresh))
                database = ox.Store(str(fresh))
                for quad in ox.parse(b"\n".join(delta.removed) + b"\n", ox.RdfFormat.N_TRIPLES):
                    database.remove(quad)
                database.load(b"\n".join(delta.added) + b"\n", ox.RdfFormat.N_TRIPLES)
                database.flush()
                del database
                _commit_generation(index, generation, delta.triples)
            finally:
                index.close()
            self._make_current(generation)
            return delta.triples

    def rebuild(self, wait: float = DEFAULT_WAIT) -> int:
        """Rebuild the index and the graph from every stored result into a fresh database, then make it current;
        returns the number of triples. The graph is bulk-loaded in slices of `LOAD_TRIPLES`."""
        with self.writing(wait):
            index = self._recover()
            if index is not None:
                index.close()
            return self._rebuild()

    def _rebuild(self) -> int:
        for leftover in self.documents_dir.glob(".*.tmp"):
            if time.time() - leftover.stat().st_mtime > STALE_SECONDS:  # not another run's write in progress
                leftover.unlink(missing_ok=True)  # left by a run that was killed
        fresh_index = self.path / "index.sqlite.new"
        fresh_index.unlink(missing_ok=True)
        generation = 1 + max([int(p.name) for p in self._generations()], default=0)
        fresh = self._generation_dir(generation)
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.parent.mkdir(parents=True, exist_ok=True)
        database = ox.Store(str(fresh))
        pending: list[bytes] = []

        def load(line: bytes | None) -> None:
            if line is not None:
                pending.append(line)
            if pending and (line is None or len(pending) >= LOAD_TRIPLES):
                database.bulk_load(b"\n".join(pending) + b"\n", ox.RdfFormat.N_TRIPLES)
                pending.clear()

        index = GraphIndex(fresh_index, create=True)
        try:
            delta = Delta(index, sink=load)
            files = self._files()
            Update(index, delta, self.documents_dir).run(
                {unquote(f.removesuffix(".json")): (f, s) for f, s in sorted(files.items())}, set())
            load(None)
            database.optimize()  # compacts the bulk-loaded files: large queries run a third faster
            database.flush()
            del database
            _commit_generation(index, generation, delta.triples)
        finally:
            index.close()
        os.replace(fresh_index, self.index_path)
        self._make_current(generation)
        return delta.triples

    def _generation_dir(self, generation: int) -> Path:
        return self.graphs_dir / f"{generation:06d}"

    def _generations(self) -> list[Path]:
        return [p for p in self.graphs_dir.glob("[0-9]*") if p.is_dir()] if self.graphs_dir.is_dir() else []

    def _recover(self) -> GraphIndex | None:
        """Finish or undo what a killed update left (under the lock): the index's generation made current when the
        link still names the one before; partial databases and indexes deleted. Returns the index, or None when
        the graph must be rebuilt."""
        (self.path / "index.sqlite.new").unlink(missing_ok=True)
        index = GraphIndex.open(self.index_path)
        generation = int(index.meta("generation")) if index is not None else 0
        current = self._generation_dir(generation)
        if index is not None and not (current / "CURRENT").is_file():
            index.close()
            index = None
        if index is not None and (not self.database_dir.is_symlink() or
                                  self.database_dir.resolve() != current.resolve()):
            self._make_current(generation)
        self._tidy()
        return index

    def _make_current(self, generation: int) -> None:
        """Point the `oxigraph` link at a generation by an atomic rename, mark the one it replaces as retired now
        (its modification time), and delete the generations retired longer ago than `RETIRE_SECONDS`."""
        self.path.mkdir(parents=True, exist_ok=True)
        link = self.path / "oxigraph.link"
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(self._generation_dir(generation), self.path), link)
        previous = self.database_dir.resolve() if self.database_dir.exists() else None
        if self.database_dir.is_dir() and not self.database_dir.is_symlink():  # a store an older kgx wrote
            old = self.path / "oxigraph.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.database_dir, old)
            os.replace(link, self.database_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(link, self.database_dir)
        if previous is not None and previous.is_dir() and previous != self._generation_dir(generation).resolve():
            os.utime(previous)
        self._tidy()

    def _tidy(self) -> None:
        """Delete the generations other than the current one that were retired (or left by a killed update) longer
        than `RETIRE_SECONDS` ago: a reader may have resolved the link to one a moment before it was replaced."""
        current = self.database_dir.resolve() if self.database_dir.exists() else None
        for directory in self._generations():
            if directory.resolve() != current and time.time() - directory.stat().st_mtime > RETIRE_SECONDS:
                shutil.rmtree(directory, ignore_errors=True)

    def open_database(self) -> ox.Store:
        """The current database, read-only. It is opened by its resolved path: through the link, an update that
        replaces it while RocksDB opens its files would give files of two generations."""
        self.require()
        while True:
            target = self.database_dir.resolve()
            try:
                return ox.Store.read_only(str(target))
            except (OSError, RuntimeError) as err:  # a file missing or unreadable; RuntimeError: a damaged database
                if self.database_dir.resolve() == target:  # else an update replaced it meanwhile: open the new one
                    raise KgxError("E041", path=self.path, reason=str(err).splitlines()[0]) from None

    def ntriples(self) -> bytes:
        return self.open_database().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def _commit_generation(index: GraphIndex, generation: int, triples: int) -> None:
    """The index records the database generation it now describes, and commits: until then a killed run leaves
    the index of the generation before."""
    index.set_meta("generation", str(generation))
    index.set_meta("triples", str(triples))
    index.commit()
