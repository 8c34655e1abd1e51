"""Run the stages on a stream of documents: normalise, parse, link, find events, and hand back one
`DocumentResult` per document. A document that fails is reported and skipped; the others go on."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .errors import Errors, InputError
from .models import Document, DocumentResult
from .pipeline.gazetteer import gazetteer_entries
from .reading.normalize import normalize

BATCH_SIZE = 16


def fingerprint(document: Document, model: str) -> str:
    """Changes when the input, the pipeline or kgx itself changes: an unchanged document is not extracted again."""
    payload = json.dumps([document.model_dump(mode="json"), model, __version__], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def home_state(publisher: str | None) -> str | None:
    """The country of an outlet whose name carries a state name or capital ("The Jerusalem Post" -> ISR)."""
    if not publisher:
        return None
    entries = gazetteer_entries()
    best = None
    for form, claims in entries.items():
        for (label, key), how in claims.items():
            if label == "GPE" and how in ("name", "capital") and f" {form} " in f" {publisher} ":
                if best is None or len(form) > len(best[0]):
                    best = (form, key)
    return best[1] if best else None


@dataclass
class Report:
    """What a run did, for the closing summary."""

    documents: int = 0
    skipped_unchanged: int = 0
    events: int = 0
    entities: int = 0
    triples: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _prepare(nlp: Language, document: Document) -> Doc:
    clean = normalize(document.text)
    doc = nlp.make_doc(clean.text)
    doc._.kgx_doc_id = document.id
    doc._.kgx_published = document.published
    doc._.kgx_offsets = clean.offsets
    doc._.kgx_original = document.text
    doc._.kgx_home_state = home_state(document.publisher)
    return doc


def _result(doc: Doc, document: Document, model: str) -> DocumentResult:
    warnings = [] if document.published else [Errors.E010.format(doc_id=document.id)]
    return DocumentResult(
        document=document,
        fingerprint=fingerprint(document, model),
        entities=sorted(doc._.kgx_entities.values(), key=lambda e: e.key),
        mentions=doc._.kgx_mentions,
        events=doc._.kgx_events,
        warnings=warnings,
    )


_worker_nlp: Language | None = None
_worker_model = ""


def _init_worker(model: str | None) -> None:
    global _worker_nlp, _worker_model
    from .pipeline.loader import load_pipeline

    _worker_nlp = load_pipeline(model)
    _worker_model = model or "default"


def process_batch(batch: list[Document]) -> list[DocumentResult | str]:
    """Extract a batch with `nlp.pipe`; when the batch fails, retry one document at a time, so that one bad
    article never loses the others. Failures come back as one-line messages."""
    nlp, model = _worker_nlp, _worker_model
    try:
        docs = list(nlp.pipe(_prepare(nlp, d) for d in batch))
    except Exception:  # noqa: BLE001 — isolate the failing document below
        docs = None
    out: list[DocumentResult | str] = []
    for i, document in enumerate(batch):
        try:
            doc = docs[i] if docs is not None else nlp(_prepare(nlp, document))
            out.append(_result(doc, document, model))
        except Exception as err:  # noqa: BLE001 — one bad article must not stop the corpus
            out.append(Errors.E011.format(doc_id=document.id, reason=f"{type(err).__name__}: {err}"))
    return out


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_documents(documents: Iterable[Document], model: str | None, workers: int, report: Report) -> Iterator[DocumentResult]:
    """Extract documents in batches, in `workers` processes (each loads the pipeline once), streaming results
    in input order."""
    if workers <= 1:
        if _worker_nlp is None:
            _init_worker(model)
        outputs = map(process_batch, _batches(documents))
        yield from _collect(outputs, report)
        return
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
        yield from _collect(pool.imap(process_batch, _batches(documents)), report)


def _collect(outputs: Iterable[list[DocumentResult | str]], report: Report) -> Iterator[DocumentResult]:
    for batch in outputs:
        for item in batch:
            if isinstance(item, str):
                report.problems.append(item)
            else:
                yield item


def split_inputs(items: Iterable[Document | InputError], report: Report) -> Iterator[Document]:
    """Documents pass on; input errors are counted in the report."""
    for item in items:
        if isinstance(item, InputError):
            report.problems.append(str(item))
        else:
            yield item
