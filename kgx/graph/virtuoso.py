"""The graph in Virtuoso: load the N-Triples slices of `kgx export --format nt --slice-triples` with Virtuoso's bulk
loader (`ld_dir`, `rdf_loader_run`, through its `isql` client), and run kgx's queries on its SPARQL endpoint.

The bulk loader reads files on the server's own disk, from a folder its `DirsAllowed` lists: the slices are
written where the server can read them (`server_dir` names that folder as the server sees it, when it is mounted
elsewhere here). Loading replaces the graph: it is cleared first, so a reload never adds to what was there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgxError
from .export import export_slices
from .query import Table, own_rows, prepare_query
from .store import KgxStore

GRAPH = "https://kgx.dev/graph"  # the named graph kgx's triples go into; queries take it as their default graph
SLICE_TRIPLES = 500_000  # per file: the bulk loader runs files in parallel, and a failed file names a small part
ISQL = "isql-vt"  # Debian's name for Virtuoso's isql (upstream builds call it `isql`)


@dataclass
class Virtuoso:
    """Where a Virtuoso server listens: `host:port` of its SQL port (1111) for isql, and its SPARQL endpoint."""

    sql: str = "localhost:1111"
    sparql: str = "http://localhost:8890/sparql"
    user: str = "dba"
    password: str = "dba"
    isql: str = ISQL


def load_script(folder: str, graph: str) -> str:
    """The isql statements that replace `graph` with the slices in `folder`; a file the loader could not read
    signals an error, which isql prints as '*** Error KGX01'."""
    g, d = _sql_string(graph), _sql_string(folder)
    return (f"log_enable(3, 1); SPARQL CLEAR GRAPH <{graph}>; "
            f"DELETE FROM DB.DBA.load_list WHERE ll_graph = {g}; "
            f"ld_dir({d}, 'graph-*.nt', {g}); rdf_loader_run(); checkpoint; "
            f"SELECT signal('KGX01', ll_file || ': ' || ll_error) FROM DB.DBA.load_list "
            f"WHERE ll_graph = {g} AND ll_error IS NOT NULL;")


def publish(store: KgxStore, server: Virtuoso, folder: str | Path, graph: str = GRAPH,
            triples: int = SLICE_TRIPLES, server_dir: str | None = None) -> int:
    """Export the store's graph in slices into `folder` and bulk-load them into `graph` on `server`; returns the
    number of triples the server then holds in it."""
    if shutil.which(server.isql) is None:
        raise KgxError("E075", isql=server.isql)
    export_slices(store, folder, triples)
    where = server_dir or str(Path(folder).resolve())
    host, _, port = server.sql.rpartition(":")
    command = [server.isql, f"{host or 'localhost'}:{port}", server.user, server.password,
               f"exec={load_script(where, graph)}"]
    result = subprocess.run(command, capture_output=True, text=True)
    errors = [line for line in (result.stderr + result.stdout).splitlines() if line.startswith("*** Error")]
    if result.returncode != 0 or errors:
        reason = errors[0].removeprefix("*** ") if errors else f"isql exited with {result.returncode}"
        raise KgxError("E076", server=server.sql, reason=reason)
    return int(sparql_select(server.sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph)[1][0][0])


def sparql_select(endpoint: str, sparql: str, graph: str = GRAPH, timeout: float | None = None) -> Table:
    """Run a SELECT (or an ASK) on a SPARQL 1.1 Protocol endpoint over `graph` as the default graph; the rows as
    text, as `kgx query` gives them from the store."""
    body = urllib.parse.urlencode({"query": sparql, "default-graph-uri": graph}).encode()
    request = urllib.request.Request(endpoint, data=body, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as err:
        raise KgxError("E077", endpoint=endpoint, reason=err.read().decode("utf-8", "replace").strip()[:300]) from None
    except OSError as err:
        raise KgxError("E077", endpoint=endpoint, reason=str(err)) from None
    except ValueError:  # not JSON: the answer to a CONSTRUCT or DESCRIBE
        raise KgxError("E077", endpoint=endpoint, reason="no SPARQL JSON results: only SELECT and ASK") from None
    if "boolean" in answer:
        return ["result"], [[str(answer["boolean"]).lower()]]
    columns = answer["head"]["vars"]
    rows = [[row[c]["value"] if c in row else "" for c in columns] for row in answer["results"]["bindings"]]
    if columns == ["__ASK_RETVAL"]:  # Virtuoso 7.2 answers some ASKs as a SELECT of 1, or of no row for false
        return ["result"], [[str(bool(rows) and rows[0][0] not in ("0", "false")).lower()]]
    return columns, rows


def run_remote(endpoint: str, spec: str, params: dict[str, str] | None = None, graph: str = GRAPH,
               timeout: float | None = None) -> Table:
    """A query as `kgx query` runs it (named, .rq or text; parameters bound; kgx's own lists and rows sorted the
    same way), answered by the endpoint instead of the store."""
    sparql, own = prepare_query(spec, params)
    columns, rows = sparql_select(endpoint, sparql, graph, timeout)
    return columns, own_rows(sparql, rows) if own else rows


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
