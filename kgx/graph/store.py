"""The persistent store: a directory holding one JSON result per document and an Oxigraph database of the graph.

The per-document results are the source of truth: extracting a document again replaces its file, never adds to
it, and the graph is rebuilt from the files into a fresh database that then replaces the old one. A run killed
at any point leaves either the old or the new graph, and the next run completes the work.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from ..errors import KgxError
from ..files import atomic_write
from ..models import DocumentResult
from .build import graph_chunks

DEFAULT_STORE = "kgx-store"
# Oxigraph's bulk loader holds what it loads in memory (about 0.8 GiB per million triples): loading in slices
# keeps the peak flat however large the graph grows.
LOAD_TRIPLES = 250_000


def store_path(option: str | None) -> Path:
    """--store, else $KGX_STORE, else ./kgx-store."""
    return Path(option or os.environ.get("KGX_STORE") or DEFAULT_STORE)


class KgxStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.documents_dir = self.path / "documents"
        self.database_dir = self.path / "oxigraph"
        old = self.path / "oxigraph.old"
        if not self.database_dir.exists() and old.is_dir():
            os.replace(old, self.database_dir)  # a run killed between the two renames of `rebuild`

    def exists(self) -> bool:
        return self.database_dir.is_dir()

    def require(self) -> "KgxStore":
        if not self.exists():
            raise KgxError("E040", path=self.path)
        return self

    # -- documents --------------------------------------------------------------------------------------------------

    def _file(self, doc_id: str) -> Path:
        return self.documents_dir / f"{quote(doc_id, safe='')}.json"

    def fingerprints(self) -> dict[str, str]:
        """Document id -> fingerprint of what was extracted, read from the stored results."""
        found = {}
        for result in self.results():
            found[result.document.id] = result.fingerprint
        return found

    def save(self, result: DocumentResult) -> None:
        atomic_write(self._file(result.document.id), result.model_dump_json(indent=1).encode())

    def results(self) -> Iterator[DocumentResult]:
        if not self.documents_dir.is_dir():
            return
        for file in sorted(self.documents_dir.glob("*.json")):
            yield DocumentResult.model_validate_json(file.read_bytes())

    # -- graph ------------------------------------------------------------------------------------------------------

    def rebuild(self) -> int:
        """Rebuild the graph from every stored result into a fresh database, then swap it in; returns the number
        of triples. The graph is built document by document and bulk-loaded in slices of `LOAD_TRIPLES`."""
        fresh = self.path / "oxigraph.new"
        old = self.path / "oxigraph.old"
        shutil.rmtree(fresh, ignore_errors=True)
        for leftover in self.documents_dir.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)  # left by a run that was killed
        self.path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(fresh))
        pending: list[bytes] = []
        size = 0
        for chunk in graph_chunks(self.results):
            pending.append(chunk.serialize(format="nt", encoding="utf-8"))
            size += len(chunk)
            if size >= LOAD_TRIPLES:
                store.bulk_load(b"".join(pending), ox.RdfFormat.N_TRIPLES)
                pending, size = [], 0
        store.bulk_load(b"".join(pending), ox.RdfFormat.N_TRIPLES)
        store.optimize()  # compacts the bulk-loaded files: large queries run a third faster
        store.flush()
        triples = len(store)  # documents share entities: the store holds each triple once
        del store
        shutil.rmtree(old, ignore_errors=True)
        if self.database_dir.exists():
            os.replace(self.database_dir, old)
        os.replace(fresh, self.database_dir)
        shutil.rmtree(old, ignore_errors=True)
        return triples

    def open_database(self) -> ox.Store:
        self.require()
        try:
            return ox.Store.read_only(str(self.database_dir))
        except (OSError, RuntimeError) as err:  # a file missing or unreadable; RuntimeError: a damaged database
            raise KgxError("E041", path=self.path, reason=str(err).splitlines()[0]) from None

    def ntriples(self) -> bytes:
        return self.open_database().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
