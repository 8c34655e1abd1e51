"""kgx's Python API: extract a corpus into a store, open a store, query it, export it.

>>> import kgx                                   # doctest: +SKIP
>>> kg = kgx.extract(["corpus/"], store="kgx-store")
>>> kg.events().head()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import InputError
from .evaluate import entity_report, event_report, load_gold_events, score_events
from .extract import Report, extract_documents, fingerprint, split_inputs
from .graph.store import KgxStore, store_path
from .knowledge import load_all
from .models import Document, DocumentResult
from .reading.reader import read_documents


def run_extraction(paths: Iterable[str | Path], store: KgxStore, model: str | None = None, workers: int = 1,
                   on_document: Callable[[DocumentResult], None] | None = None) -> Report:
    """Extract every document under `paths` into `store` and rebuild its graph; returns what was done."""
    load_all()
    report = Report()
    known = store.fingerprints()

    def todo(documents: Iterable[Document]) -> Iterable[Document]:
        for document in documents:
            if not document.published:
                report.warnings.append(f"{document.id}: no publication date; relative dates stay unresolved")
            if known.get(document.id) == fingerprint(document, model or "default"):
                report.skipped_unchanged += 1
                continue
            yield document

    documents = todo(split_inputs(read_documents(paths), report))
    for result in extract_documents(documents, model, workers, report):
        store.save(result)
        report.documents += 1
        report.events += len(result.events)
        report.entities += len(result.entities)
        if on_document:
            on_document(result)
    report.triples = store.rebuild()
    return report


def evaluation_report(store: KgxStore, gold: Path, types: str = "core") -> str:
    from .graph.query import format_table, run_query

    events_file = gold / "events.jsonl" if gold.is_dir() else gold
    events_csv = format_table(run_query(store, "events"), "csv")
    parts = [event_report(score_events(load_gold_events(events_file), events_csv, types), types)]
    entities_file = events_file.parent / "entities.json"
    if entities_file.is_file():
        people_csv = format_table(run_query(store, "people"), "csv")
        states = {r.document.id: {e.key for e in r.entities if e.kind == "State"} for r in store.results()}
        parts.append(entity_report(entities_file, people_csv, states))
    return "\n".join(parts)


__all__ = ["run_extraction", "evaluation_report", "InputError", "KgxStore", "store_path"]
