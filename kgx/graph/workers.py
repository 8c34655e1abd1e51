"""The endpoint's queries run in a pool of worker processes, each holding the store open read-only.

Oxigraph cannot interrupt a query in the thread that runs it, so a query over its time limit is stopped by killing
its process, and a fresh process takes the slot: the server itself never hangs. Workers are forked from a fork
server that has already imported this module, so a replacement starts in milliseconds and no worker is forked from
the server's threads. A worker reopens the database when `kgx extract` has swapped a new one in.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..errors import Errors, KgxError
from .namespace import BASE
from .query import sorted_here, term_value, tidy_value
from .store import KgxStore

PREFIXES = {"kgx": BASE + "ns#", "id": BASE + "id/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "wd": "http://www.wikidata.org/entity/"}
SWAP_WAIT = 2.0  # seconds a query waits for the database directory between the two renames of a rebuild
START_WAIT = 60.0  # seconds a new worker may take to report ready


@dataclass(frozen=True)
class Job:
    """One query, with the formats the client accepts for each query form (names of pyoxigraph's formats: the
    form is known only once the query is parsed, in the worker)."""

    sparql: str
    results_format: str = "JSON"  # ox.QueryResultsFormat, for SELECT and ASK
    graph_format: str = "TURTLE"  # ox.RdfFormat, for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    own: bool = False  # one of kgx's named queries: its rows as `kgx query` gives them


class _TooManyRows(Exception):
    pass


class _LineCounter:
    """A file for pyoxigraph's TSV writer that stops it past `limit` lines: one line is one solution in TSV."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _TooManyRows
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


class _Database:
    """The store's database, opened read-only and reopened when the directory is another one (a rebuild renames
    a fresh directory into place: a new inode, change time and modification time)."""

    def __init__(self, store: KgxStore) -> None:
        self.store = store
        self.identity: tuple[int, int, int] | None = None
        self.database: ox.Store | None = None

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.store.database_dir)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_ctime_ns, st.st_mtime_ns

    def current(self) -> ox.Store:
        identity = self._identity()
        deadline = time.monotonic() + SWAP_WAIT
        while identity is None and time.monotonic() < deadline:  # between the two renames of a rebuild
            time.sleep(0.05)
            identity = self._identity()
        if identity is None or identity != self.identity or self.database is None:
            self.database = None
            self.database = self.store.open_database()
            self.identity = identity
        return self.database


def _tidied(term: ox.Literal | ox.NamedNode | ox.BlankNode | None):
    if not isinstance(term, ox.Literal) or ";" not in term.value:
        return term
    if term.language:
        return ox.Literal(tidy_value(term.value), language=term.language)
    return ox.Literal(tidy_value(term.value), datatype=term.datatype)


def _tidy(tsv: bytes, sort: bool) -> bytes:
    """The solutions of one of kgx's own queries in the order and with the lists `kgx query` gives, as TSV again
    (a term's text in TSV is its N-Triples form, which is what pyoxigraph's terms print)."""
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    header = "\t".join(f"?{v.value}" for v in solutions.variables)
    rows = [[_tidied(term) for term in solution] for solution in solutions]
    if sort:
        rows.sort(key=lambda row: [term_value(t) for t in row])
    lines = [header, *("\t".join("" if t is None else str(t) for t in row) for row in rows)]
    return "".join(f"{line}\n" for line in lines).encode()


def answer(database: ox.Store, job: Job, max_rows: int) -> tuple[str, bytes]:
    """The media type and body of the query's results; more than `max_rows` solutions or triples is an error,
    found while the results are written, before they are held in memory."""
    options = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        results = database.query(job.sparql, **options)
        if isinstance(results, ox.QueryBoolean):
            fmt = getattr(ox.QueryResultsFormat, job.results_format)
            return fmt.media_type, results.serialize(format=fmt)
        if isinstance(results, ox.QueryTriples):
            triples = list(itertools.islice(results, max_rows + 1))
            if len(triples) > max_rows:
                raise KgxError("E038", max_rows=max_rows, what="triples")
            fmt = getattr(ox.RdfFormat, job.graph_format)
            return fmt.media_type, ox.serialize(triples, format=fmt, prefixes=PREFIXES)
        counter = _LineCounter(max_rows + 1)  # the header line and the solutions
        try:
            results.serialize(counter, ox.QueryResultsFormat.TSV)
        except _TooManyRows:
            raise KgxError("E038", max_rows=max_rows, what="rows") from None
        fmt = getattr(ox.QueryResultsFormat, job.results_format)
        tsv = b"".join(counter.parts)
        if job.own:
            tsv = _tidy(tsv, sort=sorted_here(job.sparql))
        if fmt == ox.QueryResultsFormat.TSV:
            return fmt.media_type, tsv
        return fmt.media_type, ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)
    except SyntaxError as err:
        raise KgxError("E033", reason=str(err)) from None
    except (OSError, ValueError) as err:  # Oxigraph's evaluation errors (a SERVICE it cannot reach, a bad IRI)
        raise KgxError("E036", reason=str(err).splitlines()[0]) from None


def _serve(conn: Connection, store: KgxStore, max_rows: int) -> None:
    """A worker's loop: one job in, one reply out, until the pool closes its end of the pipe."""
    database = _Database(store)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", *answer(database.current(), job, max_rows))
        except KgxError as err:
            reply = ("error", str(err))
        except Exception as err:  # noqa: BLE001 — reported to the client as one coded line
            reply = ("error", Errors.E036.format(reason=f"{type(err).__name__}: {err}"))
        conn.send(reply)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """`size` worker processes; `run` blocks the calling thread until its query is answered, stopped at
    `timeout` seconds, or no worker has come free within `timeout` seconds."""

    def __init__(self, store: KgxStore, size: int, timeout: float, max_rows: int) -> None:
        self.store, self.size, self.timeout, self.max_rows = store, size, timeout, max_rows
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def stop(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()

    def _spawn(self) -> _Worker:
        receive, send = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(send, self.store, self.max_rows), daemon=True)
        process.start()
        send.close()
        worker = _Worker(process, receive)
        if not receive.poll(START_WAIT) or receive.recv() != "ready":
            worker.kill()
            raise KgxError("E036", reason="a query worker did not start")
        with self._lock:
            self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        with self._lock:
            self._workers.remove(worker)
        worker.kill()
        return self._spawn()

    def run(self, job: Job) -> tuple[str, bytes]:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise KgxError("E060", workers=self.size, seconds=self.timeout) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                worker = self._replace(worker)
                raise KgxError("E034", seconds=self.timeout)
            status, *payload = worker.conn.recv()
        except (EOFError, OSError):  # the worker died (out of memory, a crash in Oxigraph)
            worker = self._replace(worker)
            raise KgxError("E036", reason="the query's worker process died") from None
        finally:
            self._idle.put(worker)
        if status == "error":
            raise KgxError.from_text(payload[0])
        media_type, body = payload
        return media_type, body
