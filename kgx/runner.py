"""Run the stages on a stream of documents: normalise, parse, link, find events, and hand back one
`DocumentResult` per document. A document that fails is reported and skipped; the others go on."""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import signal
import threading
from contextlib import contextmanager
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import __version__, knowledge
from .errors import Errors, InputError
from .merge import merge_within_document
from .models import Document, DocumentResult
from .pipeline.gazetteer import gazetteer_entries
from .reading.normalize import normalize

# Documents per `nlp.pipe` call: small batches even out the workers at the end of a run, and spaCy on CPU runs
# as fast with 4 as with 32.
BATCH_SIZE = 8
DOCUMENT_SECONDS = 120.0  # per-document time limit: a document that takes longer is skipped and reported
PART_CHARS = 100_000  # longer articles are parsed in parts (spaCy's parser needs memory per character)


def fingerprint(document: Document, version: str) -> str:
    """Changes when the input or the run's `version` changes: an unchanged document is not extracted again."""
    payload = json.dumps([document.model_dump(mode="json"), version], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def run_version(nlp: Language) -> str:
    """What every result depends on besides its document: kgx, spaCy, the statistical pipeline (name and version
    from its meta) and the contents of the knowledge files."""
    meta = nlp.meta
    return json.dumps([__version__, spacy.__version__, f"{meta['lang']}_{meta['name']}", meta["version"],
                       knowledge.digest()])


@lru_cache(maxsize=1024)
def home_state(publisher: str | None) -> str | None:
    """The country of an outlet whose name carries a state name or capital ("The Jerusalem Post" -> ISR): its
    unqualified titles ("President X") refer to that country. (A wire dateline does not: it says where the
    reporter is, and a visiting leader is often named there without a country.)"""
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
    removed: int = 0  # documents taken out of the store (--prune)
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


def _result(doc: Doc, document: Document, version: str) -> DocumentResult:
    warnings = [] if document.published else [Errors.E010.format(doc_id=document.id)]
    return DocumentResult(
        document=document,
        fingerprint=fingerprint(document, version),
        entities=sorted(doc._.kgx_entities.values(), key=lambda e: e.key),
        mentions=doc._.kgx_mentions,
        events=doc._.kgx_events,
        warnings=warnings,
    )


_worker_nlp: Language | None = None
_worker_model = ""
_worker_version = ""
_worker_seconds: float | None = None


def start_pipeline(model: str | None) -> str:
    """Load the pipeline in this process, once per model, and return the run's version (`run_version`). Called in
    the parent before any worker starts: a model that is missing or fails to load is one error there, not a pool
    that restarts failing workers forever."""
    global _worker_nlp, _worker_model, _worker_version
    from .pipeline.loader import load_pipeline

    if _worker_nlp is None or _worker_model != (model or "default"):
        _worker_nlp = load_pipeline(model)
        _worker_model = model or "default"
        _worker_version = run_version(_worker_nlp)
    return _worker_version


def _init_worker(model: str | None, seconds_per_document: float | None = DOCUMENT_SECONDS) -> None:
    global _worker_seconds
    start_pipeline(model)
    _worker_seconds = seconds_per_document


class DocumentTimeout(Exception):
    """A document took longer than the per-document time limit."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout after `seconds` (no limit without them): by SIGALRM in the main thread, and in any
    other (a Dask worker runs tasks in threads) by `_thread_deadline`."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_deadline(seconds):
            yield
        return

    def expire(signum, frame):  # noqa: ARG001
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    """A timer thread raises DocumentTimeout in this thread at its next Python bytecode (spaCy runs kgx's components
    and its own loop between documents in Python, so a long parse stops at the next of those). Under a lock that
    the exit takes too: an exception set just as the block ends is taken back and raised here, never later."""
    target, lock, fired = threading.get_ident(), threading.Lock(), []

    def expire() -> None:
        with lock:
            if not fired:
                fired.append(ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                                        ctypes.py_object(DocumentTimeout)))

    timer = threading.Timer(seconds, expire)
    timer.start()
    try:
        yield
    finally:
        with lock:
            timer.cancel()
            expired = bool(fired)
            fired.append(0)  # no more expiry after this
        if expired:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
    if expired:
        raise DocumentTimeout


def split_document(document: Document, limit: int = PART_CHARS) -> list[tuple[int, Document]]:
    """A very long article in parts of at most `limit` characters, cut at line ends where it can be (else at
    a space): (offset of the part in the original text, the part as a document of its own)."""
    text = document.text
    if len(text) <= limit:
        return [(0, document)]
    parts, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        parts.append((start, document.model_copy(update={"text": text[start:end]})))
        start = end
    return parts


def _combine(document: Document, parts: list[tuple[int, DocumentResult, int]], version: str) -> DocumentResult:
    """One result from the results of a document's parts: offsets and sentence numbers shifted into the whole."""
    if len(parts) == 1:
        return parts[0][1].model_copy(update={"document": document})
    entities: dict[str, object] = {}
    mentions, events = [], []
    sentences = 0
    for base, result, sentence_count in parts:
        for entity in result.entities:
            entities.setdefault(entity.key, entity)
        for mention in result.mentions:
            mentions.append(mention.model_copy(update={"provenance": _shift(mention.provenance, base, sentences)}))
        for event in result.events:
            date = event.date
            if date is not None and date.start is not None:
                date = date.model_copy(update={"start": date.start + base, "end": date.end + base})
            events.append(event.model_copy(update={"id": f"{document.id}#e{len(events) + 1}", "date": date,
                                                   "provenance": _shift(event.provenance, base, sentences)}))
        sentences += sentence_count
    types = {t.name: t.symmetric for t in knowledge.event_lexicon().types}
    return parts[0][1].model_copy(update={
        "document": document, "fingerprint": fingerprint(document, version),
        "entities": sorted(entities.values(), key=lambda e: e.key), "mentions": mentions,
        "events": merge_within_document(events, types)})


def _shift(provenance, base: int, sentences: int):
    return provenance.model_copy(update={"start": provenance.start + base, "end": provenance.end + base,
                                         "sentence": provenance.sentence + sentences})


def process_batch(batch: list[Document]) -> list[DocumentResult | str]:
    """Extract a batch with `nlp.pipe`; a long article (in parts) goes alone, each within the per-document time
    limit; when the batch fails or runs out of time, each document is retried alone, so that one bad article
    never loses the others. Failures come back as one-line messages, in the batch's order."""
    nlp, seconds = _worker_nlp, _worker_seconds
    split = [split_document(document) for document in batch]
    short = [i for i, parts in enumerate(split) if len(parts) == 1]
    done: dict[int, DocumentResult | str] = {}
    try:
        with deadline(seconds * len(short) if seconds else None):
            docs = list(nlp.pipe(_prepare(nlp, batch[i]) for i in short))
        for i, doc in zip(short, docs):
            done[i] = _result(doc, batch[i], _worker_version)
    except (Exception, DocumentTimeout):  # noqa: BLE001 — isolate the failing document below
        done.clear()
    for i, document in enumerate(batch):
        if i not in done:
            done[i] = _extract_alone(nlp, document, split[i], seconds)
    return [done[i] for i in range(len(batch))]


def _extract_alone(nlp: Language, document: Document, parts: list[tuple[int, Document]],
                   seconds: float | None) -> DocumentResult | str:
    try:
        with deadline(seconds):
            results = []
            for base, part in parts:
                doc = nlp(_prepare(nlp, part))
                results.append((base, _result(doc, part, _worker_version), sum(1 for _ in doc.sents)))
            return _combine(document, results, _worker_version)
    except DocumentTimeout:
        return Errors.E012.format(doc_id=document.id, seconds=seconds)
    except Exception as err:  # noqa: BLE001 — one bad article must not stop the corpus
        return Errors.E011.format(doc_id=document.id, reason=f"{type(err).__name__}: {err}")


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_documents(documents: Iterable[Document], model: str | None, workers: int, report: Report,
                      seconds_per_document: float | None = DOCUMENT_SECONDS,
                      cluster: str | None = None) -> Iterator[DocumentResult]:
    """Extract documents in batches, in `workers` processes (each loads the pipeline once), or on the workers of
    the Dask scheduler at `cluster`, streaming results in input order."""
    _init_worker(model, seconds_per_document)  # here first: a pipeline that fails to start fails once
    if cluster:
        from .cluster import cluster_batches

        yield from _collect(cluster_batches(cluster, _batches(documents), model, seconds_per_document), report)
        return
    if workers <= 1:
        outputs = map(process_batch, _batches(documents))
        yield from _collect(outputs, report)
        return
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_init_worker,
                                                   initargs=(model, seconds_per_document)) as pool:
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
