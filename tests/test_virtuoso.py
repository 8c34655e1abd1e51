"""The graph in Virtuoso: slices of the N-Triples export, `kgx publish` with its bulk loader into a server started
here, and every named query answering there with the rows Oxigraph gives, for the sample graph and a synthetic one
of about a million triples."""

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgx.errors import KgxError
from kgx.graph.export import export_slices
from kgx.graph.query import named_queries, run_query
from kgx.graph.store import KgxStore
from kgx.graph.virtuoso import Virtuoso, publish, run_remote
from kgx.models import DocumentResult
from local_servers import free_port, local_virtuoso, virtuoso_available

KGX = [sys.executable, "-m", "kgx"]
PARAMS = {"timeline": {"a": "ISR", "b": "AZE"}}
# The synthetic graph's size: CI loads about a million triples (the benchmark does too); set lower to iterate.
BIG_TRIPLES = int(os.environ.get("KGX_TEST_VIRTUOSO_TRIPLES", "1000000"))
needs_virtuoso = pytest.mark.skipif(not virtuoso_available(), reason="virtuoso-t not installed (Debian: virtuoso-opensource)")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with local_virtuoso(tmp_path_factory.mktemp("virtuoso")) as (server, load):
        yield server, load


def same_rows_in_both(store: KgxStore, server: Virtuoso) -> None:
    for name in sorted(named_queries()):
        ours = run_query(store, name, PARAMS.get(name))
        theirs = run_remote(server.sparql, name, PARAMS.get(name))
        assert theirs == ours, f"named query '{name}' answers differently in Virtuoso"


def copy_result(result: DocumentResult, k: int) -> DocumentResult:
    """A stored result under the id '<id>-v<k>', as another document telling the same."""
    doc_id = f"{result.document.id}-v{k}"
    events = [e.model_copy(update={"id": f"{doc_id}#{e.id.rsplit('#', 1)[1]}",
                                   "provenance": e.provenance.model_copy(update={"doc_id": doc_id})})
              for e in result.events]
    return result.model_copy(update={"document": result.document.model_copy(update={"id": doc_id}),
                                     "events": events})


@given(st.lists(st.integers(1, 40), min_size=1, max_size=30), st.integers(1, 5), st.integers(1, 4))
def test_slices_end_at_line_ends_however_the_dump_is_written(tmp_path_factory, lengths, per_slice, chunk):
    from kgx.graph.export import _Slicer

    text = b"".join(b"x" * n + b"\n" for n in lengths)
    slicer = _Slicer(tmp_path_factory.mktemp("slices"), per_slice)
    for i in range(0, len(text), chunk):
        slicer.write(text[i:i + chunk])
    slicer.close()
    parts = [p.read_bytes() for p in slicer.paths]
    assert b"".join(parts) == text
    assert [part.count(b"\n") for part in parts[:-1]] == [per_slice] * (len(parts) - 1)
    assert all(part.endswith(b"\n") for part in parts) and 0 < parts[-1].count(b"\n") <= per_slice


@pytest.mark.model
def test_slices_hold_the_export_in_order_and_a_new_export_leaves_no_old_slice(corpus_store, tmp_path):
    whole = tmp_path / "whole.nt"
    subprocess.run([*KGX, "export", "--format", "nt", "-o", whole, "--store", corpus_store.path], check=True)
    folder = tmp_path / "slices"
    result = subprocess.run([*KGX, "export", "--format", "nt", "--slice-triples", "300", "-o", folder,
                             "--store", corpus_store.path], capture_output=True, text=True, check=True)
    paths = sorted(folder.glob("*.nt"))
    assert result.stdout.startswith(f"wrote {len(paths)} files to {folder}")
    assert [p.name for p in paths[:2]] == ["graph-000001.nt", "graph-000002.nt"]
    assert all(p.read_bytes().count(b"\n") == 300 for p in paths[:-1]) and paths[-1].read_bytes().endswith(b"\n")
    assert b"".join(p.read_bytes() for p in paths) == whole.read_bytes()
    assert export_slices(corpus_store, folder, 10**9) == [folder / "graph-000001.nt"]
    assert sorted(folder.glob("*.nt")) == [folder / "graph-000001.nt"]
    ttl = subprocess.run([*KGX, "export", "--format", "ttl", "--slice-triples", "300", "-o", folder,
                          "--store", corpus_store.path], capture_output=True, text=True)
    assert ttl.returncode == 1 and ttl.stderr.startswith("kgx: E074")


@pytest.mark.model
@needs_virtuoso
def test_the_sample_graph_published_answers_every_named_query_as_oxigraph(virtuoso, corpus_store):
    server, load = virtuoso
    result = subprocess.run([*KGX, "publish", "--virtuoso", server.sql, "--sparql", server.sparql,
                             "--dir", load / "sample", "--slice-triples", "500", "--store", corpus_store.path],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    triples = len(corpus_store.open_database())
    assert result.stdout.strip() == f"loaded {triples} triples into <https://kgx.dev/graph> on {server.sql}"
    same_rows_in_both(corpus_store, server)
    assert publish(corpus_store, server, load / "sample") == triples  # a reload replaces, never adds
    for query in ("visits", "ASK { ?e a <https://kgx.dev/ns#Visit> }", "ASK { ?e a <https://kgx.dev/ns#Nothing> }"):
        there = subprocess.run([*KGX, "query", query, "--format", "csv", "--endpoint", server.sparql],
                               capture_output=True, text=True, check=True)
        here = subprocess.run([*KGX, "query", query, "--format", "csv", "--store", corpus_store.path],
                              capture_output=True, text=True, check=True)
        assert there.stdout == here.stdout and there.stdout.count("\n") >= 2, query


@pytest.mark.model
@needs_virtuoso
def test_a_graph_of_a_million_triples_answers_every_named_query_as_oxigraph(virtuoso, corpus_store, tmp_path):
    server, load = virtuoso
    results = list(corpus_store.results())
    big = KgxStore(tmp_path / "big")
    sizes = []
    for k in range(2):  # copies share their states and people: measure what one more copy adds
        for result in results:
            big.save(copy_result(result, k))
        sizes.append(big.rebuild())
    for k in range(2, 1 + (BIG_TRIPLES - sizes[0]) // (sizes[1] - sizes[0])):
        for result in results:
            big.save(copy_result(result, k))
    triples = big.rebuild()
    assert triples >= BIG_TRIPLES * 0.7
    assert publish(big, server, load / "big", graph="https://kgx.dev/test/big") == triples
    for name in sorted(named_queries()):
        ours = run_query(big, name, PARAMS.get(name))
        theirs = run_remote(server.sparql, name, PARAMS.get(name), graph="https://kgx.dev/test/big")
        assert theirs == ours, f"named query '{name}' answers differently in Virtuoso"


def test_a_server_that_is_not_there_is_one_coded_error():
    from kgx.graph.virtuoso import sparql_select

    with pytest.raises(KgxError, match="^E077: The SPARQL endpoint http://127.0.0.1:"):
        sparql_select(f"http://127.0.0.1:{free_port()}/sparql", "ASK {}")


@needs_virtuoso
def test_publishing_to_a_server_that_is_not_there_is_one_line_and_exit_code_1(tmp_path):
    store = KgxStore(tmp_path / "s")
    store.rebuild()  # an empty graph
    result = subprocess.run([*KGX, "publish", "--virtuoso", f"127.0.0.1:{free_port()}", "--dir", tmp_path / "load",
                             "--store", store.path], capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.startswith("kgx: E076: Loading into Virtuoso at 127.0.0.1:")
    missing = subprocess.run([*KGX, "publish", "--virtuoso", "127.0.0.1:1111", "--dir", tmp_path / "load",
                              "--isql", "no-such-isql", "--store", store.path], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("kgx: E075")


@needs_virtuoso
def test_a_slice_the_bulk_loader_rejects_is_named_in_one_coded_error(virtuoso, tmp_path, monkeypatch):
    server, load = virtuoso

    def bad_slices(store, folder, triples):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "graph-000001.nt").write_bytes(b'<urn:a> <urn:b> "no end quote .\n')

    monkeypatch.setattr("kgx.graph.virtuoso.export_slices", bad_slices)
    with pytest.raises(KgxError, match=r"^E076: .*KGX01: .*graph-000001\.nt: .*line \d+"):
        publish(KgxStore(tmp_path / "unused"), server, load / "bad", graph="https://kgx.dev/test/bad")

