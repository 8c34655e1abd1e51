"""`kgx serve` as its users meet it: a server started as a subprocess on a free port over the sample corpus, asked
by plain HTTP, by SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore), by another engine federating with SERVICE
(rdflib's), and by a browser (headless Chromium) on its query page."""

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from lxml import etree, html
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kgx.graph.query import named_queries, prepare_query, run_query
from kgx.graph.store import KgxStore

pytestmark = pytest.mark.model  # every test here serves the sample corpus's store
TIMEOUT = 3.0  # the test server's --timeout
MAX_ROWS = 1000  # its --max-rows: the whole graph (2000 triples) is more, every named query less
PARAMS = {"timeline": {"a": "ISR", "b": "AZE"}}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
KGX = "https://kgx.dev/ns#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 2000^4 joins: never ends
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian: apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(store: Path, log: Path, *options: str):
    """`kgx serve` on a free port until the block ends; its output goes to `log` (a pipe nobody reads would
    block it)."""
    port = free_port()
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "kgx", "serve", "--store", str(store), "--port", str(port),
                                   *options], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/sparql", timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url, server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def server(corpus_store, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(corpus_store.path, log, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)) as (url, proc):
        yield url, proc
    assert proc.returncode == 0, log.read_text()  # stopped cleanly, its workers with it


@pytest.fixture(scope="module")
def url(server) -> str:
    return server[0]


def normalised(rows) -> list[tuple[str, ...]]:
    """Rows as `kgx query` gives kgx's own queries: the lists in cells sorted, the rows sorted (SPARQL leaves
    both orders open)."""
    return sorted(tuple(";".join(sorted(c.split(";"))) if ";" in c else c for c in row) for row in rows)


def expected(store: KgxStore, name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    columns, rows = run_query(store, name, PARAMS.get(name))
    return columns, normalised(rows)


def sparql_text(name: str) -> str:
    return prepare_query(name, PARAMS.get(name))[0]


def json_rows(data: dict) -> tuple[list[str], list[tuple[str, ...]]]:
    columns = data["head"]["vars"]
    return columns, normalised([[b.get(c, {}).get("value", "") for c in columns] for b in data["results"]["bindings"]])


# -- the protocol ---------------------------------------------------------------------------------------------------


def test_get_form_post_and_query_body_give_the_same_results(url, corpus_store):
    query = sparql_text("visits")
    answers = [
        httpx.get(f"{url}/sparql", params={"query": query}),
        httpx.post(f"{url}/sparql", data={"query": query}),
        httpx.post(f"{url}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}),
    ]
    for answer in answers:
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/sparql-results+json"
        assert json_rows(answer.json()) == expected(corpus_store, "visits")


def test_select_and_ask_results_in_every_format(url, corpus_store):
    query = sparql_text("stats")
    columns, rows = expected(corpus_store, "stats")
    get = lambda accept, q=query: httpx.get(f"{url}/sparql", params={"query": q}, headers={"Accept": accept})  # noqa: E731

    assert json_rows(get("application/sparql-results+json").json()) == (columns, rows)
    xml = etree.fromstring(get("application/sparql-results+xml").content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in xml.findall("r:head/r:variable", ns)] == columns
    assert normalised([[b.findtext("*", namespaces=ns) for b in r.findall("r:binding", ns)]
                       for r in xml.findall("r:results/r:result", ns)]) == rows
    table = list(csv.reader(io.StringIO(get("text/csv").text)))
    assert table[0] == columns and normalised(table[1:]) == rows
    tsv = get("text/tab-separated-values").text.splitlines()
    assert tsv[0].split("\t") == [f"?{c}" for c in columns] and len(tsv) == len(rows) + 1
    assert '"documents"\t7' in tsv  # RDF terms in Turtle syntax: an integer abbreviated
    # q-values rank the choices; a format parameter (for links) comes before the header
    assert get("text/csv;q=0.5, text/tab-separated-values").text.startswith("?what")
    assert httpx.get(f"{url}/sparql", params={"query": query, "format": "csv"}).text.startswith("what,count")

    ask = f"ASK {{ ?s <{KGX}iso3> 'AZE' }}"
    assert get("application/sparql-results+json", ask).json() == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in get("application/sparql-results+xml", ask).content


def test_construct_and_describe_in_every_rdf_format(url):
    construct = f"CONSTRUCT {{ ?s <{KGX}iso3> ?code }} WHERE {{ ?s <{KGX}iso3> ?code }}"
    graphs = {}
    for accept, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                        ("application/rdf+xml", "xml")]:
        answer = httpx.get(f"{url}/sparql", params={"query": construct}, headers={"Accept": accept})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
        graphs[fmt] = Graph().parse(data=answer.text, format=fmt)
    assert len(graphs["turtle"]) > 3 and Literal("AZE") in set(graphs["turtle"].objects())
    assert all(isomorphic(graphs["turtle"], g) for g in graphs.values())

    state = next(graphs["turtle"].subjects(URIRef(KGX + "iso3"), Literal("AZE")))
    described = Graph().parse(data=httpx.get(f"{url}/sparql", params={"query": f"DESCRIBE <{state}>"}).text,
                              format="turtle")
    assert (state, URIRef(KGX + "iso3"), Literal("AZE")) in described and len(described) > 1


def test_named_queries_over_http_give_the_rows_of_kgx_query_in_its_order(url, corpus_store):
    for name in named_queries():
        answer = httpx.get(f"{url}/query/{name}", params=PARAMS.get(name, {}), headers={"Accept": "text/csv"})
        assert answer.status_code == 200, answer.text
        table = list(csv.reader(io.StringIO(answer.text)))
        columns, rows = run_query(corpus_store, name, PARAMS.get(name))
        assert table == [columns, *rows], name
    as_json = httpx.get(f"{url}/query/events").json()  # the same rows, the terms typed
    assert [[b[c]["value"] if c in b else "" for c in as_json["head"]["vars"]] for b in as_json["results"]["bindings"]] \
        == run_query(corpus_store, "events")[1]


def test_named_query_errors(url):
    missing = httpx.get(f"{url}/query/timeline", params={"a": "ISR"})
    assert missing.status_code == 400 and missing.text.startswith("E064: ") and "?b" in missing.text
    assert httpx.get(f"{url}/query/nope").status_code == 404
    # a named query only: not SPARQL text, not a file on the server's disk
    for spec in ["SELECT * WHERE { ?s ?p ?o }", "%2Fetc%2Fpasswd.rq", "..%2Fkgx%2Fqueries%2Fvisits.rq"]:
        refused = httpx.get(f"{url}/query/{spec}")
        assert refused.status_code == 404 and refused.text.startswith("E031: "), spec
    bad = httpx.get(f"{url}/query/visits", params={"a-b": "x"})
    assert bad.status_code == 400 and bad.text.startswith("E063: ")


def test_service_description(url):
    answer = httpx.get(f"{url}/sparql")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=answer.text, format="turtle")
    service = description.value(predicate=SD.endpoint, object=URIRef(f"{url}/sparql"))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    formats = set(description.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    dataset = description.value(service, SD.defaultDataset)
    assert description.value(dataset, SD.defaultGraph) is not None
    as_jsonld = httpx.get(f"{url}/sparql", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=as_jsonld.text, format="json-ld"), description)


def test_cors_lets_browser_clients_in(url):
    origin = {"Origin": "http://example.org"}
    answer = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=origin)
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(f"{url}/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


# -- read-only and bounded ------------------------------------------------------------------------------------------


def test_writes_are_refused(url):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = httpx.get(f"{url}/sparql", params={"query": count}).json()
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    refused = [
        httpx.get(f"{url}/sparql", params={"query": insert}),
        httpx.post(f"{url}/sparql", data={"query": "PREFIX ex: <http://example.org/> " + insert}),
        httpx.post(f"{url}/sparql", data={"update": insert}),
        httpx.post(f"{url}/sparql", content=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        httpx.post(f"{url}/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-query"}),
    ]
    for answer in refused:
        assert answer.status_code == 403 and answer.text.startswith("E032: "), answer.text
    for method in ("PUT", "DELETE", "PATCH"):  # no Graph Store Protocol
        assert httpx.request(method, f"{url}/sparql", content=b"<a:b> <a:c> <a:d> .").status_code == 405
    assert httpx.get(f"{url}/sparql", params={"query": count}).json() == before


def test_a_malformed_query_gets_400_with_the_parser_message(url):
    answer = httpx.get(f"{url}/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert answer.status_code == 400
    assert answer.text.startswith("E033: SPARQL syntax error: error at 1:21: expected")
    assert httpx.post(f"{url}/sparql", data={}).status_code == 400  # a POST with no query
    assert httpx.post(f"{url}/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    latin1 = httpx.post(f"{url}/sparql", content="SELECT ('é' AS ?x) {}".encode("latin-1"),
                        headers={"Content-Type": "application/sparql-query"})
    assert latin1.status_code == 400 and latin1.text.startswith("E065: ")


def test_a_query_over_the_time_limit_is_stopped_and_the_server_goes_on(url):
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.get, f"{url}/sparql", params={"query": SLOW}, timeout=30)
        if (os.cpu_count() or 1) > 1:  # the other workers answer meanwhile
            time.sleep(0.5)
            assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=TIMEOUT / 2).status_code == 200
        answer = slow.result()
    assert answer.status_code == 503 and answer.text.startswith(f"E034: The query ran longer than {TIMEOUT} s")
    assert time.monotonic() - started < TIMEOUT + 5
    # the stopped worker was replaced: every worker answers again, at once
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=10), range(8)))
    assert all(a.status_code == 200 for a in answers)


def test_a_query_over_the_row_limit_gets_a_clear_error(url):
    for query in ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"]:
        answer = httpx.get(f"{url}/sparql", params={"query": query})
        assert answer.status_code == 422 and answer.text.startswith(f"E038: The query gives more than {MAX_ROWS}")
    limited = httpx.get(f"{url}/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert limited.status_code == 200 and len(limited.json()["results"]["bindings"]) == MAX_ROWS


def test_it_listens_on_localhost_only_by_default(url):
    """The fixture gives no --host: the one listening socket on its port is 127.0.0.1's (not 0.0.0.0, not IPv6)."""
    port = int(url.rsplit(":", 1)[1])
    if not Path("/proc/net/tcp").is_file():
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    listening = [line.split()[1] for table in ("tcp", "tcp6") if Path(f"/proc/net/{table}").is_file()
                 for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:] if line.split()[3] == "0A"]
    assert [address for address in listening if int(address.split(":")[-1], 16) == port] == [f"0100007F:{port:04X}"]


def test_a_burst_of_concurrent_clients_is_answered(url, corpus_store):
    names = sorted(named_queries())
    wanted = {name: expected(corpus_store, name) for name in names}

    def ask(i: int):
        name = names[i % len(names)]
        if i % 2:
            answer = httpx.post(f"{url}/sparql", data={"query": sparql_text(name)}, timeout=60)
        else:
            answer = httpx.get(f"{url}/query/{name}", params=PARAMS.get(name, {}), timeout=60)
        return name, answer.status_code, answer.json() if answer.status_code == 200 else answer.text

    with ThreadPoolExecutor(32) as pool:
        answers = list(pool.map(ask, range(300)))
    assert [a for a in answers if a[1] != 200] == []
    assert all(json_rows(data) == wanted[name] for name, _, data in answers)


def test_the_new_graph_is_served_after_a_rebuild_swaps_it_in(corpus_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(corpus_store.path, store)
    documents = f"SELECT (COUNT(?d) AS ?n) WHERE {{ ?d <{KGX}docId> ?id }}"

    def count(url: str) -> int:
        return int(httpx.get(f"{url}/sparql", params={"query": documents}).json()["results"]["bindings"][0]["n"]["value"])

    with running_server(store, tmp_path / "serve.log") as (url, _):
        assert count(url) == 7
        next(KgxStore(store).documents_dir.glob("004_*-appended1.json")).unlink()
        KgxStore(store).rebuild()  # what `kgx extract` does after extracting: a fresh database renamed into place
        assert {count(url) for _ in range(10)} == {6}  # every worker has reopened it


# -- real clients ---------------------------------------------------------------------------------------------------


def test_sparqlwrapper_gets_the_rows_of_kgx_query(url, corpus_store):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        for name in named_queries():
            client = SPARQLWrapper(f"{url}/sparql")
            client.setMethod(method)
            client.setQuery(sparql_text(name))
            client.setReturnFormat(JSON)
            assert json_rows(client.query().convert()) == expected(corpus_store, name), name


def test_rdflib_sparqlstore_gets_the_rows_of_kgx_query(url, corpus_store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{url}/sparql"))
    for name in named_queries():
        result = graph.query(sparql_text(name))
        columns = [str(v) for v in result.vars]
        rows = normalised([["" if term is None else str(term) for term in row] for row in result])
        assert (columns, rows) == expected(corpus_store, name), name


def test_rdflib_federates_with_the_endpoint_through_service(url, corpus_store):
    """rdflib's own engine joins its local data (state names) with visits it asks the endpoint for."""
    local = Graph()
    ex = Namespace("http://example.org/")
    for code, label in [("AZE", "Azerbaijan"), ("ISR", "Israel")]:
        local.add((ex[code], ex.iso3, Literal(code)))
        local.add((ex[code], ex.name, Literal(label)))
    result = local.query(f"""
        PREFIX ex: <http://example.org/>
        PREFIX kgx: <{KGX}>
        SELECT ?name ?visit WHERE {{
          ?state ex:iso3 ?code ; ex:name ?name .
          SERVICE <{url}/sparql> {{ ?visit a kgx:Visit ; kgx:target ?t . ?t kgx:iso3 ?code }}
        }}""")
    found = {(str(name), str(visit)) for name, visit in result}
    visits = run_query(corpus_store, "visits")[1]
    wanted = {({"AZE": "Azerbaijan", "ISR": "Israel"}[row[2]], row[0]) for row in visits if row[2] in ("AZE", "ISR")}
    assert found == wanted and len(found) >= 3


# -- the page -------------------------------------------------------------------------------------------------------


def test_the_page_is_self_contained(url):
    page = httpx.get(url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    document = html.fromstring(page.text)
    assert document.xpath("//script[@src] | //link | //img | //iframe") == []  # nothing fetched from elsewhere
    assert "@import" not in page.text and "url(" not in page.text
    examples = json.loads(document.get_element_by_id("examples").text)
    assert set(examples) == set(named_queries()) and examples["timeline"]["params"] == ["a", "b"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=True)


def table_in(dom: str) -> tuple[list[str], list[tuple[str, ...]]]:
    document = html.fromstring(dom)
    assert not document.get_element_by_id("error").text_content().strip(), document.get_element_by_id("error").text
    table = document.get_element_by_id("results")
    columns = [th.text_content() for th in table.xpath("thead/tr/th")]
    return columns, normalised([[td.text_content() for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")])


@needs_chromium
def test_the_page_shows_a_named_query_as_a_table_in_chromium(url, corpus_store, tmp_path):
    page = f"{url}/?name=timeline&a=ISR&b=AZE"
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", page).stdout
    assert table_in(dom) == expected(corpus_store, "timeline")
    screenshot = tmp_path / "page.png"
    chromium("--virtual-time-budget=10000", "--window-size=1280,900", f"--screenshot={screenshot}", page)
    from PIL import Image

    with Image.open(screenshot) as image:
        assert image.size == (1280, 900)
        assert len(image.convert("RGB").getcolors(1 << 20)) > 20  # text and a table, not a blank page


@needs_chromium
def test_the_page_runs_a_query_from_its_url_in_chromium(url, corpus_store):
    query = sparql_text("stats")
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", str(httpx.URL(url, params={"query": query}))).stdout
    assert table_in(dom) == expected(corpus_store, "stats")
    broken = chromium("--virtual-time-budget=10000", "--dump-dom", f"{url}/?query=SELECT%20%3Fx%20WHERE").stdout
    assert "E033: SPARQL syntax error" in html.fromstring(broken).get_element_by_id("error").text_content()


def test_serving_no_store_is_one_coded_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kgx", "serve", "--store", str(tmp_path / "none")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("kgx: E040: ") and len(result.stderr.splitlines()) == 1
