"""kgx's Python API: extract a corpus into a store, open a store, query it, export it.

Examples
--------
>>> import kgx
>>> kg = kgx.extract(["corpus/"], store=tmp_store)          # doctest: +SKIP
>>> kg.events()[["doc", "type", "source", "target", "date"]].head(3)  # doctest: +SKIP
>>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .evaluate import entity_report, event_report, load_gold_events, score_events
from .errors import Errors
from .runner import DOCUMENT_SECONDS, Report, extract_documents, fingerprint, split_inputs, start_pipeline
from .graph.lock import DEFAULT_WAIT
from .graph.store import KgxStore, store_path
from .knowledge import load_all
from .models import Document, DocumentResult
from .reading.reader import read_documents


def run_extraction(paths: Iterable[str | Path], store: KgxStore, model: str | None = None, workers: int = 1,
                   on_document: Callable[[DocumentResult], None] | None = None,
                   rebuild: bool = False, prune: bool = False, wait: float = DEFAULT_WAIT,
                   seconds_per_document: float | None = DOCUMENT_SECONDS, cluster: str | None = None) -> Report:
    """Extract every document under `paths` into `store` (in `workers` processes, or on the Dask cluster whose
    scheduler is at `cluster`) and update its graph for what changed (`rebuild`: from every stored result; `prune`:
    removing the stored documents not under `paths`; `wait`: seconds to wait for another run's update); returns
    what was done."""
    load_all()
    version = start_pipeline(model)
    report = Report()
    known = store.fingerprints()
    seen: set[str] = set()

    def todo(documents: Iterable[Document]) -> Iterable[Document]:
        for document in documents:
            seen.add(document.id)
            if not document.published:
                report.warnings.append(Errors.E010.format(doc_id=document.id))
            if known.get(document.id) == fingerprint(document, version):
                report.skipped_unchanged += 1
                continue
            yield document

    documents = todo(split_inputs(read_documents(paths), report))
    for result in extract_documents(documents, model, workers, report, seconds_per_document, cluster):
        store.save(result)
        report.documents += 1
        report.events += len(result.events)
        report.entities += len(result.entities)
        if on_document:
            on_document(result)
    # Results are written as they come (an atomic rename each), so runs can extract side by side; the graph
    # update takes the store's lock, waiting up to `wait` seconds for another run's.
    with store.writing(wait):
        if prune:  # the documents no longer in the inputs
            gone = sorted(store.document_ids() - seen)
            report.removed = len(gone) - len(store.delete(gone))
        report.triples = store.rebuild() if rebuild else store.update()
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


class KnowledgeGraph:
    """A kgx store opened for exploration: SPARQL and the named queries as pandas DataFrames, the actor network as
    NetworkX, exports to files."""

    def __init__(self, store: KgxStore, report: Report | None = None) -> None:
        self.store = store.require()
        self.report = report

    def __repr__(self) -> str:
        counts = dict(self.query("stats").itertuples(index=False, name=None))
        return f"KnowledgeGraph({str(self.store.path)!r}, " + ", ".join(f"{k}={v}" for k, v in counts.items()) + ")"

    def query(self, sparql: str, timeout: float | None = None, **params: str):
        """Run a SPARQL query (or a named query such as "visits", or a .rq file) and return a DataFrame."""
        import pandas as pd

        from .graph.query import run_query

        columns, rows = run_query(self.store, sparql, params, timeout)
        return pd.DataFrame(rows, columns=columns)

    def events(self):
        """One row per event mention: doc, type, source, target, date, status, persons."""
        return self.query("events")

    def people(self):
        """One row per person per document: doc, name, office, state, wikidata."""
        return self.query("people")

    def provenance(self, event: str):
        """The mentions of an event node (its IRI): document, title, sentence index, offsets and the sentence."""
        return self.query(PROVENANCE.replace("?EVENT", f"<{event}>"))

    def to_rdflib(self):
        """The whole graph as an rdflib Graph, in memory (for small stores: rdflib holds every triple)."""
        from .graph.export import load_rdflib

        return load_rdflib(self.store)

    def to_networkx(self):
        """The actor network: states, people and organisations; edges weighted by the events between them."""
        from .graph.export import to_networkx

        return to_networkx(self.store)

    def export(self, path: str | Path, format: str | None = None) -> Path:
        """Write the graph: "ttl", "nt", "jsonld", "graphml" or "gexf" (by default from the file's suffix)."""
        from .graph.export import export

        path = Path(path)
        export(self.store, format or path.suffix.lstrip("."), path)
        return path


PROVENANCE = """
PREFIX kgx: <https://kgx.dev/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?title ?sentence ?start ?end ?quote WHERE {
  ?EVENT kgx:mention ?m . ?m kgx:inDocument ?d ; kgx:sentenceIndex ?sentence ; kgx:startOffset ?start ;
  kgx:endOffset ?end ; kgx:quote ?quote . ?d kgx:docId ?doc . OPTIONAL { ?d rdfs:label ?title }
} ORDER BY ?doc ?start"""


def extract(paths: Iterable[str | Path] | str | Path, store: str | Path | None = None, model: str | None = None,
            workers: int = 1) -> KnowledgeGraph:
    """Extract the articles under `paths` into `store` (default: $KGX_STORE, else ./kgx-store) and open it."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    kgx_store = KgxStore(store_path(str(store) if store else None))
    report = run_extraction(paths, kgx_store, model=model, workers=workers)
    return KnowledgeGraph(kgx_store, report)


def open_store(store: str | Path | None = None) -> KnowledgeGraph:
    """Open an existing store (default: $KGX_STORE, else ./kgx-store)."""
    return KnowledgeGraph(KgxStore(store_path(str(store) if store else None)))


__all__ = ["KnowledgeGraph", "extract", "open_store", "run_extraction", "evaluation_report"]
