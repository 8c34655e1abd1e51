"""The knowledge graph of the sample corpus: ontology, SHACL shapes, merged events, the store, and checks by
independent tools (raptor's rapper, rasqal's roqet, python-igraph, the GEXF project's XML Schema with lxml)."""

import csv
import datetime as dt
import doctest
import io
import re
import shutil
import subprocess

import networkx as nx
import pytest
from lxml import etree
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SH

from conftest import SHARED
from kgx.graph.export import export, to_networkx
from kgx.graph import gexf as gexf_module
from kgx.graph.gexf import covered, gexf_bytes, spells
from kgx.graph.namespace import KGX
from kgx.graph.query import _bind_parameters, format_table, named_queries, run_query
from kgx.knowledge import ONTOLOGY_DIR as ONTOLOGY, event_lexicon

needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) not installed")
needs_roqet = pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (Debian rasqal-utils) not installed")
GEXF_SCHEMAS = SHARED / "schemas" / "gexf"
needs_gexf_schemas = pytest.mark.skipif(not GEXF_SCHEMAS.is_dir(), reason=f"no GEXF schemas at {GEXF_SCHEMAS} "
                                        "(the GEXF project's XSDs, in ../shared beside the checkout)")
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def graph(corpus_store) -> Graph:
    from kgx.api import KnowledgeGraph

    return KnowledgeGraph(corpus_store).to_rdflib()


@pytest.fixture(scope="module")
def turtle(corpus_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("ttl") / "graph.ttl"
    export(corpus_store, "ttl", path)
    return path


def test_the_ontology_declares_every_term_the_code_uses():
    ontology = Graph().parse(ONTOLOGY / "kgx.ttl")
    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    assert {str(KGX[name]) for name in KGX.__annotations__} <= declared
    assert {str(KGX[t.name]) for t in event_lexicon().types} <= declared


@pytest.mark.model
def test_the_sample_graph_conforms_to_the_shapes(graph):
    from pyshacl import validate

    conforms, _, report = validate(graph, shacl_graph=str(ONTOLOGY / "shapes.ttl"), ont_graph=str(ONTOLOGY / "kgx.ttl"))
    assert conforms, report


@pytest.mark.model
def test_the_shapes_catch_an_event_without_a_mention_or_with_a_bad_status(graph):
    from pyshacl import validate

    broken = Graph()
    for triple in graph:
        broken.add(triple)
    event = next(graph.subjects(RDF.type, KGX.Event))
    broken.remove((event, KGX.mention, None))
    broken.set((event, KGX.status, Literal("rumoured")))
    conforms, results, _ = validate(broken, shacl_graph=str(ONTOLOGY / "shapes.ttl"))
    paths = {results.value(result, SH.resultPath) for result in results.subjects(SH.focusNode, event)}
    assert not conforms and {KGX.mention, KGX.status} <= paths


@pytest.mark.model
def test_the_embassy_opened_in_march_is_one_node_with_a_mention_per_article(graph):
    query = """
    PREFIX kgx: <https://kgx.dev/ns#>
    SELECT ?event (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
      ?event a kgx:EmbassyOpening ; kgx:date ?date ; kgx:mention ?m ; kgx:source ?s .
      ?s kgx:iso3 "AZE" . ?m kgx:inDocument ?doc . FILTER(STR(?date) = "2023-03")
    } GROUP BY ?event"""
    rows = list(graph.query(query))
    assert len(rows) == 1 and int(rows[0][1]) == 3


@pytest.mark.model
def test_every_mention_points_back_to_its_sentence(graph, corpus_store):
    texts = {r.document.id: r.document.text for r in corpus_store.results()}
    query = """
    PREFIX kgx: <https://kgx.dev/ns#>
    SELECT ?id ?start ?end ?quote WHERE { ?m a kgx:EventMention ; kgx:inDocument ?d ; kgx:startOffset ?start ;
      kgx:endOffset ?end ; kgx:quote ?quote . ?d kgx:docId ?id }"""
    rows = list(graph.query(query))
    assert rows
    for doc_id, start, end, quote in rows:
        assert texts[str(doc_id)][int(start) : int(end)] == str(quote)


@pytest.mark.model
def test_re_extracting_a_changed_document_replaces_its_facts(tmp_path):
    from kgx.api import run_extraction
    from kgx.graph.store import KgxStore

    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.md"
    article.write_text("---\npublished: 2024-03-15\n---\nChile expelled two Peruvian diplomats on Monday.\n", encoding="utf-8")
    store = KgxStore(tmp_path / "store")
    run_extraction([folder], store)
    article.write_text("---\npublished: 2024-03-15\n---\nChile expelled two Bolivian diplomats on Monday.\n", encoding="utf-8")
    report = run_extraction([folder], store)
    rows = run_query(store, "events")[1]
    assert report.documents == 1 and [(r[1], r[2], r[3]) for r in rows] == [("Expulsion", "CHL", "BOL")]


@pytest.mark.model
def test_store_is_persistent_and_reopens(corpus_store):
    from kgx.graph.store import KgxStore

    again = KgxStore(corpus_store.path)
    assert run_query(again, "stats")[1] == run_query(corpus_store, "stats")[1]


@pytest.mark.model
def test_the_gephi_projection_has_scalar_attributes_and_weighted_typed_edges(corpus_store):
    graph = to_networkx(corpus_store)
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in data.values())
    edge = graph.edges["state/ISR", "state/AZE"]
    assert edge["relation"] == "events" and edge["weight"] >= 5 and "Visit" in edge["types"]
    assert edge["start"] <= edge["end"]
    assert graph.edges["person/isaac-herzog", "state/ISR"]["relation"] == "office"


@pytest.mark.model
def test_graphml_reads_back_with_networkx_and_igraph(corpus_store, tmp_path):
    import igraph

    path = tmp_path / "g.graphml"
    export(corpus_store, "graphml", path)
    ours = nx.read_graphml(path)
    theirs = igraph.Graph.Read_GraphML(str(path))
    assert (theirs.vcount(), theirs.ecount()) == (ours.number_of_nodes(), ours.number_of_edges()) == (
        to_networkx(corpus_store).number_of_nodes(), to_networkx(corpus_store).number_of_edges())
    assert ours.edges["person/isaac-herzog", "state/ISR"]["relation"] == "office"
    assert set(theirs.es["relation"]) == {"events", "office"}


def _gexf_schema_errors(document: etree._ElementTree) -> list[str]:
    """What the GEXF project's XSD of the version `document` declares (its namespace) finds wrong in it."""
    version = etree.QName(document.getroot()).namespace.rsplit("/", 1)[1]  # http://www.gexf.net/1.2draft
    assert (GEXF_SCHEMAS / version / "gexf.xsd").is_file(), f"no published schema for GEXF {version}"
    schema = etree.XMLSchema(etree.parse(str(GEXF_SCHEMAS / version / "gexf.xsd")))
    return [] if schema.validate(document) else [f"line {e.line}: {e.message}" for e in schema.error_log]


@pytest.fixture(scope="module")
def gexf(corpus_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    export(corpus_store, "gexf", path)
    return path


def test_dates_at_any_precision_become_the_days_they_cover():
    assert covered("2023-04") == (dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    assert covered("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert covered("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert covered("2023-05-04") == (dt.date(2023, 5, 4),) * 2
    # Gephi refuses overlapping intervals in one element: a day inside a month told of the month is one spell
    assert spells([("2023-04-12", "2023-04-12"), ("2023-04", "2023-04"), ("2023-05-01", "2023-05-01")]) == [
        ("2023-04-01", "2023-04-30"), ("2023-05-01", "2023-05-01")]
    assert spells([("2016", "2020"), ("2018-03", "2018-03")]) == [("2016-01-01", "2020-12-31")]
    assert spells([("1993", None), ("2023-04", "2023-04")]) == [("1993-01-01", None)]  # "since 1993": still open
    assert doctest.testmod(gexf_module).failed == 0


@needs_gexf_schemas
def test_gexf_of_a_small_network_validates_against_the_published_schema():
    graph = nx.DiGraph()
    graph.add_node("state/ISR", label="Israel", kind="State")
    graph.add_node("state/AZE", label="Azerbaijan", kind="State")
    graph.add_node("person/x", label="X", kind="Person")
    graph.add_edge("state/ISR", "state/AZE", relation="events", weight=2, types="Visit",
                   spells=spells([("2023-04", "2023-04"), ("1993", None)]))
    graph.add_edge("person/x", "state/ISR", relation="office", weight=1, types="office")
    document = etree.ElementTree(etree.fromstring(gexf_bytes(graph)))
    assert _gexf_schema_errors(document) == []
    assert document.getroot().find(f"{GEXF}graph").get("name") is None


@pytest.mark.model
@needs_gexf_schemas
def test_the_sample_gexf_validates_against_the_schema_of_the_version_it_declares(gexf):
    assert _gexf_schema_errors(etree.parse(str(gexf))) == []


@pytest.mark.model
def test_gexf_is_directed_with_the_relation_as_an_attribute_and_days_for_gephis_timeline(gexf, corpus_store):
    root = etree.parse(str(gexf)).getroot()
    element = root.find(f"{GEXF}graph")
    assert (element.get("defaultedgetype"), element.get("mode"), element.get("timeformat")) == (
        "directed", "dynamic", "date")
    edges = element.findall(f"{GEXF}edges/{GEXF}edge")
    assert edges and all(e.get("type") is None for e in edges)  # every edge takes the graph's direction
    titles = {a.get("title") for a in element.iterfind(f"{GEXF}attributes[@class='edge']/{GEXF}attribute")}
    assert "relation" in titles and "type" not in titles
    times = [v for spell in element.iter(f"{GEXF}spell") for v in (spell.get("start"), spell.get("end")) if v]
    assert times and all(len(t) == 10 and dt.date.fromisoformat(t) for t in times)  # days, not "2023-04" or "2022"
    # the GEXF spells cover each edge's first and last event, as the scalar projection gives them
    projection = to_networkx(corpus_store)
    for edge in edges:
        data = projection.edges[edge.get("source"), edge.get("target")]
        spell = edge.findall(f"{GEXF}spells/{GEXF}spell")
        assert bool(spell) == ("start" in data)
        if spell:
            assert spell[0].get("start") == covered(data["start"])[0].isoformat()


@pytest.mark.model
def test_gexf_reads_back_with_networkx_as_the_same_directed_network(gexf, corpus_store):
    """networkx reads GEXF back (python-igraph has no GEXF reader; it reads the GraphML, above)."""
    ours = nx.read_gexf(gexf)
    projection = to_networkx(corpus_store)
    assert ours.is_directed() and set(ours.nodes) == set(projection.nodes) and set(ours.edges) == set(projection.edges)
    assert {ours.edges[e]["relation"] for e in ours.edges} == {"events", "office"}
    assert ours.edges["person/isaac-herzog", "state/ISR"]["relation"] == "office"
    assert ours.edges["state/ISR", "state/AZE"]["weight"] == projection.edges["state/ISR", "state/AZE"]["weight"]
    assert ours.nodes["state/AZE"]["kind"] == "State" and ours.nodes["state/AZE"]["label"] == "Azerbaijan"


@pytest.mark.model
@needs_rapper
def test_rapper_parses_the_turtle_with_the_same_number_of_triples(turtle, graph):
    result = subprocess.run(["rapper", "-i", "turtle", "-c", str(turtle)], capture_output=True, text=True)
    assert result.returncode == 0
    assert int(re.search(r"returned (\d+) triples", result.stderr).group(1)) == len(graph)


def _roqet(turtle, sparql: str) -> set[frozenset]:
    """Solutions by rasqal; -W 0 because it exits 2 on warnings it prints nowhere (it warns about aggregates)."""
    result = subprocess.run(["roqet", "-q", "-W", "0", "-i", "sparql", "-D", str(turtle), "-r", "csv", "-e", sparql],
                            capture_output=True, text=True, check=True)
    return {frozenset((k, v) for k, v in row.items() if v) for row in csv.DictReader(io.StringIO(result.stdout))}


def _ours(store, sparql: str) -> set[frozenset]:
    columns, rows = run_query(store, sparql)
    return {frozenset((k, v) for k, v in zip(columns, row) if v) for row in rows}


def _block_end(body: str, start: int) -> int:
    """Index just past the {...} block that opens at or after `start`."""
    depth, i = 0, body.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        if depth == 0:
            return i + 1
        i += 1


AGGREGATE_SUBQUERY = re.compile(r"\{\s*SELECT[^{]*\(COUNT")


def _parts(sparql: str) -> tuple[str, list[str]]:
    """The query's required graph pattern as SELECT * (its joins and filters, without OPTIONAL blocks, BINDs,
    aggregation or aggregate subqueries), and each aggregate subquery as a query of its own."""
    sparql = re.sub(r"(?m)^\s*#.*$", "", sparql)
    prefixes = "\n".join(re.findall(r"(?m)^PREFIX .*$", sparql))
    body = sparql[re.search(r"\bWHERE\s*\{", sparql, re.I).start() :]
    body = re.split(r"\n(?:GROUP BY|ORDER BY)", body)[0]
    subqueries = []
    while match := AGGREGATE_SUBQUERY.search(body):
        end = _block_end(body, match.start())
        subqueries.append(f"{prefixes}\n{body[match.start() + 1 : end - 1]}")
        body = body[: match.start()] + body[end:]
    while "OPTIONAL" in body:
        start = body.index("OPTIONAL")
        body = body[:start] + body[_block_end(body, start) :]
    body = re.sub(r"(?m)^\s*BIND\(.*\)\s*$", "", body)
    return f"{prefixes}\nSELECT * {body}", subqueries


@pytest.mark.model
@needs_roqet
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_roqet_finds_the_same_solutions_for_the_named_queries(corpus_store, turtle, name):
    """rasqal 0.9.33 (Debian's roqet) mis-evaluates queries with several OPTIONAL blocks (it returns cross
    products), GROUP BY over OPTIONAL joins and aggregates in subqueries, so each named query's required pattern
    and its aggregate subqueries are compared solution for solution; the optional parts and the outer aggregation
    are checked against Oxigraph by the other tests."""
    required, subqueries = _parts(_bind_parameters(named_queries()[name], {"a": "ISR", "b": "AZE"}))
    for sparql in [required, *subqueries]:
        ours = _ours(corpus_store, sparql)
        assert ours and _roqet(turtle, sparql) == ours


@pytest.mark.model
def test_query_output_formats(corpus_store):
    table = run_query(corpus_store, "stats")
    assert format_table(table, "csv").startswith("what,count\n")
    assert '"what": "documents"' in format_table(table, "json")
    assert "(6 rows)" in format_table(table, "table")


@pytest.mark.model
def test_a_query_that_runs_too_long_is_stopped(corpus_store):
    from kgx.errors import KgxError

    slow = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"""
    with pytest.raises(KgxError, match="E034"):
        run_query(corpus_store, slow, timeout=0.5)
