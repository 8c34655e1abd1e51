"""SPARQL over the store: named queries shipped with kgx, .rq files or query text; read-only, with a time limit."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..errors import Errors, KgxError
from .store import KgxStore

UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
COMMENT = re.compile(r"(?m)^\s*#.*$")
PARAMETER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Table = tuple[list[str], list[list[str]]]


def named_queries() -> dict[str, str]:
    folder = resources.files("kgx") / "queries"
    return {Path(f.name).stem: f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".rq")}


def resolve_query(spec: str) -> tuple[str, bool]:
    """The SPARQL text of a named query, a .rq file, or the text itself; and whether it is one of kgx's own."""
    named = named_queries()
    if spec in named:
        return named[spec], True
    if spec.endswith(".rq") and Path(spec).is_file():
        return Path(spec).read_text(encoding="utf-8"), False
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I) or is_update(spec):
        return spec, False
    raise KgxError("E031", name=spec, known=", ".join(sorted(named)))


def term_value(term: object) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, (ox.Literal, ox.NamedNode)) else str(term)


def declared_parameters(sparql: str) -> list[str]:
    """Parameters a named query declares in a '# params: a b' comment line."""
    match = re.search(r"(?m)^#\s*params:\s*(.+)$", sparql)
    return match.group(1).split() if match else []


def parse_parameters(pairs: Iterable[str]) -> dict[str, str]:
    """NAME=VALUE pairs from the command line; a pair without '=' or with a name SPARQL cannot bind is an error,
    not a value silently dropped."""
    params = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not PARAMETER.match(name):
            raise KgxError("E037", param=pair)
        params[name] = value
    return params


def _bind_parameters(sparql: str, params: dict[str, str]) -> str:
    """Bind ?name to a string for each parameter with a VALUES block at the start of the WHERE clause."""
    values = "".join(f" VALUES ?{name} {{ {json.dumps(value)} }}" for name, value in sorted(params.items())
                     if PARAMETER.match(name))
    match = re.search(r"WHERE\s*\{", sparql, re.I)
    return sparql if not match or not values else sparql[: match.end()] + values + sparql[match.end() :]


def _run(store: KgxStore, sparql: str) -> Table:
    database = store.open_database()
    try:
        results = database.query(sparql)
        if isinstance(results, ox.QueryBoolean):
            return ["result"], [[str(bool(results)).lower()]]
        if isinstance(results, ox.QueryTriples):
            return ["subject", "predicate", "object"], [[term_value(t.subject), term_value(t.predicate), term_value(t.object)]
                                                        for t in results]
        return [v.value for v in results.variables], [[term_value(term) for term in solution] for solution in results]
    except SyntaxError as err:
        raise KgxError("E033", reason=str(err).splitlines()[0]) from None
    except OSError as err:  # Oxigraph's evaluation errors (a SERVICE it cannot reach, a failing read)
        raise KgxError("E036", reason=str(err).splitlines()[0]) from None


def _child(conn, store: KgxStore, sparql: str) -> None:
    try:
        conn.send(("ok", _run(store, sparql)))
    except KgxError as err:
        conn.send(("error", str(err)))
    except Exception as err:  # noqa: BLE001 — reported to the parent as one line
        conn.send(("error", Errors.E036.format(reason=f"{type(err).__name__}: {err}")))


def prepare_query(spec: str, params: dict[str, str] | None = None) -> tuple[str, bool]:
    """The SPARQL text to run for `spec` with its parameters bound, and whether it is one of kgx's own; updates
    and a declared parameter without a value are refused before anything runs (the CLI and the endpoint share it)."""
    sparql, own = resolve_query(spec)
    if is_update(sparql):
        raise KgxError("E032")
    params = params or {}
    for name in declared_parameters(sparql):
        if name not in params:
            raise KgxError("E035", name=name)
    return _bind_parameters(sparql, params), own


def is_update(sparql: str) -> bool:
    return bool(UPDATE.match(COMMENT.sub("", sparql)))


def run_query(store: KgxStore, spec: str, params: dict[str, str] | None = None, timeout: float | None = None) -> Table:
    """Run a read-only query; updates are refused and a query over `timeout` seconds is stopped."""
    sparql, own = prepare_query(spec, params)
    store.require()
    if timeout is None:
        columns, rows = _run(store, sparql)
    else:
        receive, send = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(target=_child, args=(send, store, sparql))
        process.start()
        if not receive.poll(timeout):
            process.kill()
            process.join()
            raise KgxError("E034", seconds=timeout)
        status, payload = receive.recv()
        process.join()
        if status == "error":
            raise KgxError.from_text(payload)
        columns, rows = payload
    return columns, own_rows(sparql, rows) if own else rows


def own_rows(sparql: str, rows: list[list[str]]) -> list[list[str]]:
    """The rows of one of kgx's own queries as `kgx query` gives them, whichever engine answered: lists sorted
    inside their cells, and the rows sorted unless the query orders them."""
    rows = [[tidy_value(c) for c in row] for row in rows]
    if sorted_here(sparql):
        rows.sort()
    return rows


def tidy_value(value: str) -> str:
    """kgx's own queries give lists as ';'-joined cells, sorted here: GROUP_CONCAT leaves their order open."""
    return ";".join(sorted(value.split(";"))) if ";" in value else value


def sorted_here(sparql: str) -> bool:
    """Whether kgx sorts the rows of its own query itself: cheaper than in SPARQL for the large named queries."""
    return not re.search(r"\bORDER BY\b", sparql)


def format_table(table: Table, fmt: str) -> str:
    columns, rows = table
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=1) + "\n"
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v[:w].ljust(w) for v, w in zip(row, widths)) for row in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"
