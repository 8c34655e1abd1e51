"""The command line end to end, on the sample corpus and on bad input."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import CORPUS, SHARED
from kgx.graph.store import KgxStore
from kgx.knowledge import ONTOLOGY_DIR

KGX = [sys.executable, "-m", "kgx"]


def kgx(*args, check=True, **kwargs):
    result = subprocess.run([*KGX, *map(str, args)], capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


def one_line_error(result, code: str) -> bool:
    """Exit 1 and a single line on standard error, starting with the code: no traceback."""
    return result.returncode == 1 and result.stderr.startswith(f"kgx: {code}: ") and len(result.stderr.splitlines()) == 1


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    result = kgx("extract", CORPUS, "--store", path, "--quiet")
    assert "7 documents extracted" in result.stdout
    return path


@pytest.mark.model
def test_events_csv_has_the_scorer_header_and_document_ids(store):
    lines = kgx("query", "events", "--store", store, "--format", "csv").stdout.splitlines()
    assert lines[0] == "doc,type,source,target,date,status,persons"
    assert any(line.startswith("000_928c939624c9f79f,Expulsion,IRN,AZE,2023-05,occurred") for line in lines)


@pytest.mark.model
def test_people_csv(store):
    lines = kgx("query", "people", "--store", store, "--format", "csv").stdout.splitlines()
    assert lines[0] == "doc,name,office,state,wikidata,person"
    assert "004_163401cd55ef2d03,Avigdor Lieberman,Finance Minister,ISR,,person:avigdor-lieberman" in lines


@pytest.mark.model
@pytest.mark.skipif(not (SHARED / "tools" / "score_events.py").is_file(), reason="reference scorer not beside the checkout")
@pytest.mark.parametrize("types", ["core", "all"])
def test_evaluate_gives_the_reference_scorer_numbers(store, tmp_path, types):
    csv_path = tmp_path / "events.csv"
    csv_path.write_text(kgx("query", "events", "--store", store, "--format", "csv").stdout, encoding="utf-8")
    gold = SHARED / "gold" / "events.jsonl"
    reference = subprocess.run([sys.executable, SHARED / "tools" / "score_events.py", gold, csv_path, "--types", types],
                               capture_output=True, text=True, check=True).stdout.strip().splitlines()
    ours = kgx("evaluate", gold, "--store", store, "--types", types).stdout.strip().splitlines()
    assert ours[: len(reference)] == reference


@pytest.mark.model
def test_extracting_again_changes_nothing(store, tmp_path):
    before = kgx("export", "--format", "nt", "-o", tmp_path / "a.nt", "--store", store)
    again = kgx("extract", CORPUS, "--store", store, "--quiet")
    assert "0 documents extracted, 7 unchanged" in again.stdout
    kgx("export", "--format", "nt", "-o", tmp_path / "b.nt", "--store", store)
    assert before.returncode == 0
    assert isomorphic(Graph().parse(tmp_path / "a.nt"), Graph().parse(tmp_path / "b.nt"))


@pytest.mark.model
def test_turtle_is_byte_identical_across_runs(store, tmp_path):
    other = tmp_path / "other"
    kgx("extract", CORPUS, "--store", other, "--quiet")
    kgx("export", "--format", "ttl", "-o", tmp_path / "1.ttl", "--store", store)
    kgx("export", "--format", "ttl", "-o", tmp_path / "2.ttl", "--store", other)
    assert (tmp_path / "1.ttl").read_bytes() == (tmp_path / "2.ttl").read_bytes()


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "graphml", "gexf"])
def test_every_export_format_writes_a_readable_file(store, tmp_path, fmt):
    import networkx as nx

    path = tmp_path / f"g.{fmt}"
    kgx("export", "--format", fmt, "-o", path, "--store", store)
    if fmt in ("graphml", "gexf"):
        graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
        assert graph.nodes["state/ISR"]["kind"] == "State"
        assert graph.edges["state/ISR", "state/AZE"]["weight"] >= 3
    else:
        assert len(Graph().parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])) > 500


@pytest.mark.model
def test_bad_inputs_are_named_skipped_and_exit_2(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "in" / "ok.txt").write_text("Chile expelled two Peruvian diplomats on Monday.", encoding="utf-8")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": 1\n', encoding="utf-8")
    result = kgx("extract", tmp_path / "in", tmp_path / "nope", "--store", tmp_path / "s", "--quiet", check=False)
    assert result.returncode == 2
    assert "bin.txt: not a text file" in result.stderr and "nope: no such file" in result.stderr
    assert "bad.jsonl:1: malformed metadata line" in result.stderr
    assert "warning: E010: ok: no publication date" in result.stderr
    assert "1 documents extracted" in result.stdout


@pytest.mark.parametrize("query,code", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "E032"),
    ("SELECT ?x WHERE { ?x ", "E033"),
    ("no-such-query", "E031"),
])
@pytest.mark.model
def test_query_errors_are_one_line_with_exit_1(store, query, code):
    result = kgx("query", query, "--store", store, check=False)
    assert one_line_error(result, code)


def test_a_missing_store_is_a_clear_error(tmp_path):
    result = kgx("query", "events", "--store", tmp_path / "none", check=False)
    assert result.returncode == 1 and "E040" in result.stderr


@pytest.mark.parametrize("timeout", [[], ["--timeout", "60"]])
@pytest.mark.parametrize("damage", [None, b"not a database"])
def test_a_store_that_cannot_be_opened_is_a_clear_error(tmp_path, timeout, damage):
    database = tmp_path / "store" / "oxigraph"
    database.mkdir(parents=True)
    if damage:
        (database / "CURRENT").write_bytes(damage)
    result = kgx("query", "stats", "--store", tmp_path / "store", *timeout, check=False)
    assert one_line_error(result, "E041"), result.stderr


@pytest.mark.parametrize("timeout", [[], ["--timeout", "60"]])
def test_a_query_that_fails_while_running_is_a_clear_error(tmp_path, timeout):
    KgxStore(tmp_path / "store").rebuild()  # an empty graph
    unreachable = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    result = kgx("query", unreachable, "--store", tmp_path / "store", *timeout, check=False)
    assert one_line_error(result, "E036"), result.stderr


@pytest.mark.parametrize("param", ["a", "a-b=ISR", "=ISR"])
def test_a_param_that_cannot_bind_is_a_clear_error(tmp_path, param):
    result = kgx("query", "timeline", "--param", param, "--param", "b=AZE", "--store", tmp_path, check=False)
    assert one_line_error(result, "E037"), result.stderr


def test_a_missing_gazetteer_stops_extract_with_one_line(tmp_path):
    knowledge = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, knowledge)
    (knowledge / "gazetteer" / "states.csv").unlink()
    (tmp_path / "a.txt").write_text("Chile expelled two Peruvian diplomats on Monday.", encoding="utf-8")
    result = kgx("extract", tmp_path / "a.txt", "--store", tmp_path / "s", check=False,
                 env={**os.environ, "KGX_ONTOLOGY": str(knowledge)})
    assert one_line_error(result, "E020") and "states.csv" in result.stderr, result.stderr


def test_a_missing_model_with_workers_is_one_error_not_a_hang(tmp_path):
    (tmp_path / "a.txt").write_text("Chile expelled two Peruvian diplomats on Monday.", encoding="utf-8")
    result = kgx("extract", tmp_path / "a.txt", "--workers", "2", "--model", "no_such_model", "--store",
                 tmp_path / "s", check=False, timeout=120)
    assert one_line_error(result, "E021") and "no_such_model" in result.stderr, result.stderr


@pytest.mark.model
def test_timeline_needs_its_parameters_and_answers_with_them(store):
    assert "E035" in kgx("query", "timeline", "--store", store, check=False).stderr
    rows = json.loads(kgx("query", "timeline", "--param", "a=ISR", "--param", "b=AZE", "--format", "json", "--store", store).stdout)
    assert {"Visit", "EmbassyOpening"} <= {r["type"] for r in rows}


@pytest.mark.model
def test_herzog_visit_and_the_embassy_opening_are_one_node_each(store):
    out = kgx("stats", "--store", store).stdout
    assert "event nodes" in out and "event mentions" in out
    rows = json.loads(kgx("query", "visits", "--format", "json", "--store", store).stdout)
    herzog = [r for r in rows if "Isaac Herzog" in r["persons"]]
    assert len(herzog) == 1 and int(herzog[0]["mentions"]) >= 2
    rows = json.loads(kgx("query", "timeline", "--param", "a=AZE", "--param", "b=ISR", "--format", "json",
                          "--store", store).stdout)
    opening = [r for r in rows if r["type"] == "EmbassyOpening" and r["source"] == "AZE" and r["date"] == "2023-03"]
    assert len(opening) == 1 and int(opening[0]["mentions"]) >= 2


@pytest.mark.model
def test_exports_get_the_usual_file_permissions(store, tmp_path):
    import os
    import stat

    kgx("export", "--format", "ttl", "-o", tmp_path / "g.ttl", "--store", store)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "g.ttl").stat().st_mode) == 0o666 & ~umask
