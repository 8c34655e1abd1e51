"""Reliability: hostile input, interrupted runs, idempotency, query errors and determinism."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import networkx as nx
import pyoxigraph as ox
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import CORPUS
from kgx.graph.build import mint
from kgx.knowledge import ONTOLOGY_DIR
from kgx.reading.normalize import INVISIBLE, LOOKALIKES, UNICODE_SPACES, normalize

KGX = [sys.executable, "-m", "kgx"]
needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) not installed")


def kgx(*args, check=True, **kwargs):
    result = subprocess.run([*KGX, *map(str, args)], capture_output=True, text=True, **kwargs)
    if check and result.returncode not in (0, 2):
        raise AssertionError(result.stderr)
    return result


PAIRS = [("Chile", "Peruvian"), ("Norway", "Russian"), ("Kenya", "Somali"), ("Poland", "Belarusian"),
         ("Japan", "Chinese"), ("Brazil", "Venezuelan"), ("Egypt", "Turkish"), ("India", "Pakistani")]
TEMPLATES = ["{a} expelled two {b} diplomats on Monday.", "{a} summoned the {b} ambassador on Tuesday.",
             "In May, {a} opened an embassy in the capital, officials said."]


def short_articles(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        a, b = rng.choice(PAIRS)
        text = rng.choice(TEMPLATES).format(a=a, b=b)
        articles.append({"id": f"short-{i:04d}", "text": text, "published": f"2024-0{1 + i % 9}-1{i % 9}"})
    return articles


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# -- hostile text -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    sentence = "Chile expelled two Peruvian diplomats on Monday. "
    records = [
        {"id": "huge", "text": ("Officials met and talked at length about many things. " * 190_000), "published": "2024-03-15"},
        {"id": "many-lines", "text": "-\n" * 100_000 + sentence, "published": "2024-03-15"},
        {"id": "many-blank-lines", "text": "\n" * 100_000 + sentence, "published": "2024-03-15"},
        {"id": "nul-bytes", "text": "Kenya\u0000 expelled two Somali\u0000 diplomats on Monday.", "published": "2024-03-15"},
        {"id": "scripts", "text": "السلام عليكم 🌍🕊️ שלום — Egypt closed its embassy in Ankara on Tuesday. 日本語 😀",
         "published": "2024-03-15"},
        {"id": "long-sentence", "text": " ".join(["word"] * 2_000) + " and Norway expelled two Russian diplomats on Monday",
         "published": "2024-03-15"},
        {"id": 'weird <id> "with" \\ back\\slashes and spaces', "text": sentence, "published": "2024-03-15",
         "title": 'A "quoted" <title> with a \\ backslash'},
        {"id": "names", "text": 'Minister "Jo" O\'Neil <says> hello. ' + sentence, "published": "2024-03-15"},
    ]
    corpus = write_jsonl(folder / "hostile.jsonl", records)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    store = folder / "store"
    result = kgx("extract", corpus, folder / "binary.txt", "--store", store, "--quiet", "--doc-timeout", "10", timeout=900)
    return store, result, len(records)


@pytest.mark.model
def test_hostile_input_keeps_the_run_alive_and_reports_what_it_skipped(hostile_store):
    store, result, n = hostile_store
    assert result.returncode == 2, result.stderr
    assert "binary.txt: not a text file" in result.stderr
    skipped = [line for line in result.stderr.splitlines() if "skipped after" in line or "extraction failed" in line]
    # Only the 10 MB article and the 100 000 short lines may run out of time (spaCy alone needs a minute for
    # either); they are named, and everything else is extracted.
    assert all(line.startswith(("E012: huge:", "E012: many-lines:")) and "skipped after 10 s" in line for line in skipped)
    assert int(result.stdout.split(" documents extracted")[0]) == n - len(skipped)


@pytest.mark.model
def test_hostile_input_still_gives_events(hostile_store):
    store, _, _ = hostile_store
    rows = json.loads(kgx("query", "events", "--format", "json", "--store", store).stdout)
    found = {(r["doc"], r["type"]) for r in rows}
    assert {("nul-bytes", "Expulsion"), ("many-blank-lines", "Expulsion"), ("scripts", "EmbassyClosure"),
            ("long-sentence", "Expulsion"), ('weird <id> "with" \\ back\\slashes and spaces', "Expulsion")} <= found


@pytest.mark.model
@needs_rapper
def test_hostile_input_gives_turtle_that_rapper_parses(hostile_store, tmp_path):
    store, _, _ = hostile_store
    kgx("export", "--format", "ttl", "-o", tmp_path / "g.ttl", "--store", store)
    result = subprocess.run(["rapper", "-i", "turtle", "-c", str(tmp_path / "g.ttl")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    kgx("export", "--format", "graphml", "-o", tmp_path / "g.graphml", "--store", store)
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 5


@pytest.mark.model
def test_a_document_over_the_time_limit_is_skipped_and_reported(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "slow", "text": "Officials met. " * 40_000, "published": "2024-03-15"},
        {"id": "fine", "text": "Chile expelled two Peruvian diplomats on Monday.", "published": "2024-03-15"}])
    result = kgx("extract", corpus, "--store", tmp_path / "s", "--quiet", "--doc-timeout", "1", timeout=600)
    assert result.returncode == 2 and "E012: slow: skipped after 1 s" in result.stderr
    assert "1 documents extracted" in result.stdout


# -- properties ---------------------------------------------------------------------------------------------------

@given(st.text(max_size=60))
def test_minted_iris_are_valid_and_stable(key):
    iri = mint("person", key)
    ox.NamedNode(str(iri))  # raises on an invalid IRI
    assert iri == mint("person", key)


@given(st.text(max_size=30), st.text(max_size=30))
def test_distinct_keys_give_distinct_iris(a, b):
    assert (mint("org", a) == mint("org", b)) == (a == b)


def _canonical(text: str) -> str:
    """Text as the normaliser sees it, without any spacing: what both sides of an offset must share."""
    text = "".join(LOOKALIKES.get(ch, ch) for ch in text.translate(UNICODE_SPACES) if ch not in INVISIBLE)
    return "".join(text.split())


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Athens", "4", "\u039cay", "2023", "\u00a0", " ", "\n", "health.Israel", "\u200b",
                                 "Caption line repeated here", "\u0000", "é", "😀"]), max_size=40),
       st.data())
def test_every_span_maps_back_to_the_same_text_in_the_original(pieces, data):
    original = "".join(pieces)
    clean = normalize(original)
    if not clean.text:
        return
    i = data.draw(st.integers(0, len(clean.text) - 1))
    j = data.draw(st.integers(i + 1, len(clean.text)))
    start, end = clean.offsets.to_original(i, j)
    assert _canonical(original[start:end]).endswith(_canonical(clean.text[i:j])) or \
        _canonical(clean.text[i:j]) in _canonical(original[start:end])


# -- interrupted runs and idempotency -----------------------------------------------------------------------------

def _graph(store, tmp_path, name) -> Graph:
    kgx("export", "--format", "nt", "-o", tmp_path / name, "--store", store)
    return Graph().parse(tmp_path / name, format="nt")


@pytest.mark.model
def test_a_run_killed_midway_then_run_again_gives_the_uninterrupted_graph(tmp_path):
    corpus = write_jsonl(tmp_path / "short.jsonl", short_articles(1000))
    killed = tmp_path / "killed"
    process = subprocess.Popen([*KGX, "extract", str(corpus), "--store", str(killed), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list((killed / "documents").glob("*.json"))) < 100:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    saved = len(list((killed / "documents").glob("*.json")))
    assert 0 < saved < 1000, "the run was not killed in the middle"
    again = kgx("extract", corpus, "--store", killed, "--quiet")
    assert f"{1000 - saved} documents extracted, {saved} unchanged" in again.stdout
    whole = tmp_path / "whole"
    kgx("extract", corpus, "--store", whole, "--quiet")
    assert isomorphic(_graph(killed, tmp_path, "killed.nt"), _graph(whole, tmp_path, "whole.nt"))
    twice = kgx("extract", corpus, "--store", whole, "--quiet")
    assert "0 documents extracted, 1000 unchanged" in twice.stdout
    assert isomorphic(_graph(whole, tmp_path, "twice.nt"), _graph(killed, tmp_path, "killed2.nt"))


@pytest.mark.model
def test_a_change_to_the_knowledge_extracts_every_document_again(tmp_path):
    knowledge = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, knowledge)
    corpus = write_jsonl(tmp_path / "short.jsonl", short_articles(3))
    env = {**os.environ, "KGX_ONTOLOGY": str(knowledge)}

    def extract() -> str:
        return kgx("extract", corpus, "--store", tmp_path / "s", "--quiet", env=env).stdout

    assert "3 documents extracted, 0 unchanged" in extract()
    assert "0 documents extracted, 3 unchanged" in extract()
    offices = knowledge / "gazetteer" / "offices.json"
    offices.write_text(offices.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "3 documents extracted, 0 unchanged" in extract()


def test_the_fingerprint_changes_with_the_pipelines_version():
    from kgx.models import Document
    from kgx.runner import fingerprint, run_version

    nlp = spacy.blank("en")
    document = Document(id="a", text="Chile expelled two Peruvian diplomats.")
    before = fingerprint(document, run_version(nlp))
    nlp.meta["version"] = "9.9.9"
    assert fingerprint(document, run_version(nlp)) != before


@pytest.mark.model
def test_a_store_killed_between_the_database_swaps_reopens(tmp_path):
    from kgx.api import run_extraction
    from kgx.graph.store import KgxStore

    store = KgxStore(tmp_path / "s")
    run_extraction([CORPUS], store)
    (tmp_path / "s" / "oxigraph").rename(tmp_path / "s" / "oxigraph.old")  # as if killed between the renames
    reopened = KgxStore(tmp_path / "s")
    assert reopened.exists() and len(reopened.open_database()) > 1000


# -- queries and determinism ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_stores(tmp_path_factory):
    stores = [tmp_path_factory.mktemp(f"run{i}") / "store" for i in range(2)]
    for store in stores:
        kgx("extract", CORPUS, "--store", store, "--quiet")
    return stores


@pytest.mark.model
def test_a_query_over_the_time_limit_is_stopped_with_a_clear_error(corpus_stores):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = kgx("query", slow, "--timeout", "0.5", "--store", corpus_stores[0], check=False)
    assert result.returncode == 1 and result.stderr.startswith("kgx: E034")


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["ttl", "graphml", "gexf", "nt"])
def test_two_runs_give_byte_identical_exports(corpus_stores, tmp_path, fmt):
    for i, store in enumerate(corpus_stores):
        kgx("export", "--format", fmt, "-o", tmp_path / f"{i}.{fmt}", "--store", store)
    assert (tmp_path / f"0.{fmt}").read_bytes() == (tmp_path / f"1.{fmt}").read_bytes()
