"""Incremental updates of one store: after any sequence of added, replaced and removed documents the graph is the
one a rebuild from the same results gives; several writers and readers at once; updates killed at any point."""

import datetime as dt
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kgx.graph.lock import writer_lock
from kgx.graph.store import KgxStore
from kgx.models import Document, DocumentResult, Event, Office, Person, Provenance, State, TimeValue
from test_reliability import KGX, _graph, kgx, short_articles, write_jsonl

STATES = ["RUS", "TUR", "FRA", "ISR", "AZE", "CHL"]
# Names another article writes shorter or spells otherwise: adding or removing one changes who is one person.
NAMES = [("Sergey Lavrov", "RUS"), ("Sergei Lavrov", None), ("Lavrov", "RUS"), ("Recep Tayyip Erdogan", "TUR"),
         ("Tayyip Erdogan", None), ("Erdogan", "TUR"), ("Hakan Fidan", "TUR"), ("Emmanuel Macron", "FRA"),
         ("Macron", None), ("Brigitte Macron", "FRA"), ("Ilham Aliyev", None), ("Ilham Aliyev", "AZE")]
DATES = [None, ("2024", "year"), ("2024-03", "month"), ("2024-03-12", "day"), ("2024-03-13", "day"), ("2023", "year")]


def person(name: str, state: str | None) -> Person:
    return Person(key="person:" + name.lower().replace(" ", "-"), name=name,
                  offices=[Office(role="Foreign Minister", state=state)] if state else [Office(role="minister")])


def random_result(doc_id: str, rng: random.Random) -> DocumentResult:
    """A document's result as extraction would give it: states, people of `NAMES`, events between the states with
    some of the people, dated at any precision."""
    people = {p.key: p for p in (person(*rng.choice(NAMES)) for _ in range(rng.randint(0, 3)))}
    events = []
    for n in range(rng.randint(0, 4)):
        a, b = rng.sample(STATES[:4], 2)
        date = rng.choice(DATES)
        events.append(Event(
            id=f"{doc_id}#e{n + 1}", type=rng.choice(["Visit", "Meeting", "Expulsion"]), source=[a], target=[b],
            persons=rng.sample(sorted(people), rng.randint(0, len(people))),
            date=TimeValue(text="then", value=date[0], precision=date[1], method="explicit") if date else None,
            trigger="met", confidence=0.9, provenance=Provenance(doc_id=doc_id, sentence=n, start=0, end=3, text="met")))
    entities = [State(key=iso3, name=iso3, iso3=iso3) for iso3 in STATES[:4]] + sorted(people.values(), key=lambda p: p.key)
    document = Document(id=doc_id, text="(written by hand)", published=dt.date(2024, 3, 15))
    return DocumentResult(document=document, fingerprint=f"{doc_id}-{rng.random()}", entities=entities, events=events)


def triples(store: KgxStore) -> set[bytes]:
    """The graph as a set of N-Triples lines: kgx writes no blank nodes, so equal sets are isomorphic graphs."""
    return set(store.ntriples().splitlines())


def rebuilt(store: KgxStore, folder) -> KgxStore:
    """A fresh store rebuilt from a copy of `store`'s results."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(store.documents_dir, folder / "documents")
    fresh = KgxStore(folder)
    fresh.rebuild()
    return fresh


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_adds_replacements_and_removals_gives_the_rebuilt_graph(tmp_path, seed):
    rng = random.Random(seed)
    store = KgxStore(tmp_path / "store")
    ids = [f"doc-{i:03d}" for i in range(12)]
    for doc_id in ids:
        store.save(random_result(doc_id, rng))
    store.update()
    for step in range(14):
        for _ in range(rng.randint(0, 3)):  # new documents
            ids.append(f"doc-{len(ids):03d}-{step}")
            store.save(random_result(ids[-1], rng))
        for doc_id in rng.sample(ids, rng.randint(0, 3)):  # replaced documents
            store.save(random_result(doc_id, rng))
        gone = rng.sample(ids, rng.randint(0, 2))
        assert store.delete(gone) == []
        ids = [i for i in ids if i not in gone]
        count = store.update()
        fresh = rebuilt(store, tmp_path / f"rebuilt-{step}")
        assert triples(store) == triples(fresh), f"step {step}"
        assert count == len(store.open_database()) == len(fresh.open_database())
    assert store.fingerprints() == {r.document.id: r.fingerprint for r in store.results()}


def test_a_new_spelling_changes_the_person_in_the_documents_already_stored(tmp_path):
    store = KgxStore(tmp_path / "store")
    rng = random.Random(0)
    base = random_result("a", rng)
    store.save(base.model_copy(update={"entities": [person("Sergei Lavrov", None)], "events": []}))
    store.update()
    store.save(base.model_copy(update={"document": base.document.model_copy(update={"id": "b"}),
                                       "entities": [person("Sergey Lavrov", "RUS")], "events": []}))
    store.update()  # "Sergei Lavrov" in a is now the person of b, and serves Russia
    people = store.ntriples().decode()
    assert "person/sergei-lavrov" not in people and "person/sergey-lavrov/office/a/0" in people
    assert triples(store) == triples(rebuilt(store, tmp_path / "rebuilt"))


def test_an_update_without_changes_writes_nothing(tmp_path):
    store = KgxStore(tmp_path / "store")
    store.save(random_result("a", random.Random(4)))
    count = store.update()
    before = store.database_dir.resolve()
    assert store.update() == count and store.database_dir.resolve() == before


def test_a_second_writer_waits_or_gives_up_with_a_coded_error(tmp_path):
    store = KgxStore(tmp_path / "store")
    store.save(random_result("a", random.Random(5)))
    store.update()
    with writer_lock(store.path):
        result = kgx("remove", "a", "--store", store.path, "--wait", "0.5", check=False)
        assert result.returncode == 1 and result.stderr.startswith("kgx: E042") and "Traceback" not in result.stderr
        waiting = subprocess.Popen([*KGX, "remove", "a", "--store", str(store.path), "--wait", "30"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1)
        assert waiting.poll() is None  # still waiting for the lock
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and out.startswith("1 documents removed"), err


def test_readers_never_fail_while_updates_follow_each_other(tmp_path):
    store = KgxStore(tmp_path / "store")
    rng = random.Random(10)
    for i in range(20):
        store.save(random_result(f"doc-{i:03d}", rng))
    store.update()
    stop = time.monotonic() + 12
    errors = []

    def read() -> None:  # each reader resolves the link, then opens the generation it names
        while time.monotonic() < stop:
            result = kgx("query", "stats", "--store", store.path, check=False)
            if result.returncode:
                errors.append(result.stderr)

    with ThreadPoolExecutor(2) as pool:
        readers = [pool.submit(read) for _ in range(2)]
        updates = 0
        while time.monotonic() < stop:  # an update every few tenths of a second
            store.save(random_result(f"doc-{rng.randint(0, 40):03d}", rng))
            store.update()
            updates += 1
        [r.result() for r in readers]
    assert updates > 10 and errors == []


UPDATE = ("import sys; from kgx.graph.store import KgxStore; print(KgxStore(sys.argv[1]).update())")


def test_an_update_killed_at_any_point_leaves_the_old_graph_and_the_next_one_finishes(tmp_path):
    rng = random.Random(6)
    store = KgxStore(tmp_path / "store")
    for i in range(150):
        store.save(random_result(f"doc-{i:03d}", rng))
    store.update()
    old = triples(store)
    for i in range(150, 170):  # the change: documents added, replaced and removed
        store.save(random_result(f"doc-{i:03d}", rng))
    for i in range(0, 30, 3):
        store.save(random_result(f"doc-{i:03d}", rng))
    store.delete([f"doc-{i:03d}" for i in range(1, 30, 7)])
    expected = triples(rebuilt(store, tmp_path / "expected"))
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "import kgx.graph.store"], check=True)
    startup = time.monotonic() - started  # the interpreter and imports, before the update starts
    shutil.copytree(store.path, tmp_path / "timing", symlinks=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", UPDATE, str(tmp_path / "timing")], check=True, capture_output=True)
    whole = time.monotonic() - started
    outcomes = []
    for attempt in range(8):  # killed at eight points spread over the run, each on a copy of the store
        copy = tmp_path / f"killed-{attempt}"
        shutil.copytree(store.path, copy, symlinks=True)
        process = subprocess.Popen([sys.executable, "-c", UPDATE, str(copy)], stdout=subprocess.DEVNULL)
        time.sleep(startup * 0.8 + (attempt + rng.random()) / 8 * (whole - startup * 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = triples(KgxStore(copy))
        assert seen in (old, expected), f"attempt {attempt}: a half-written graph"
        outcomes.append(seen == expected)
        again = KgxStore(copy)
        assert again.update() == len(expected) and triples(again) == expected, f"attempt {attempt}"
        assert again.update() == len(expected) and len(list((copy / "graphs").iterdir())) <= 2
    assert False in outcomes, "no run was killed before its end"


# -- with the pipeline -------------------------------------------------------------------------------------------

def _copy(result: DocumentResult, doc_id: str, shorten: bool) -> DocumentResult:
    """A stored result under another id; `shorten` writes its people by their family names only ("Lavrov")."""
    keys = {}
    entities = []
    for entity in result.entities:
        if shorten and isinstance(entity, Person):
            short = entity.name.split()[-1]
            keys[entity.key] = "person:" + short.lower()
            entity = entity.model_copy(update={"name": short, "key": keys[entity.key]})
        entities.append(entity)
    events = [e.model_copy(update={
        "id": f"{doc_id}#{e.id.rsplit('#', 1)[1]}", "provenance": e.provenance.model_copy(update={"doc_id": doc_id}),
        **{role: [keys.get(k, k) for k in getattr(e, role)] for role in ("persons", "source", "target")}})
        for e in result.events]
    document = result.document.model_copy(update={"id": doc_id})
    return result.model_copy(update={"document": document, "entities": entities, "events": events,
                                     "fingerprint": doc_id + str(shorten)})


@pytest.mark.model
def test_the_sample_corpus_updated_step_by_step_gives_the_rebuilt_graph(corpus_store, tmp_path):
    results = list(corpus_store.results())
    rng = random.Random(8)
    store = KgxStore(tmp_path / "store")
    ids = []
    for step in range(10):
        for _ in range(rng.randint(1, 3)):
            ids.append(f"copy-{step}-{len(ids)}")
            store.save(_copy(rng.choice(results), ids[-1], rng.random() < 0.3))
        for doc_id in rng.sample(ids, min(len(ids), rng.randint(0, 2))):
            store.save(_copy(rng.choice(results), doc_id, rng.random() < 0.3))
        if step % 3 == 2:
            gone = rng.sample(ids, 2)
            store.delete(gone)
            ids = [i for i in ids if i not in gone]
        store.update()
        assert triples(store) == triples(rebuilt(store, tmp_path / f"rebuilt-{step}")), f"step {step}"
    full = rebuilt(store, tmp_path / "final")
    assert isomorphic(Graph().parse(data=store.ntriples(), format="nt"), Graph().parse(data=full.ntriples(), format="nt"))


@pytest.mark.model
def test_remove_and_prune_take_documents_out_as_a_rebuild_would(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in short_articles(12):  # one file each: a document's fingerprint holds where it was read from
        write_jsonl(corpus / f"{article['id']}.jsonl", [article])
    store = tmp_path / "store"
    kgx("extract", corpus, "--store", store, "--quiet")
    removed = kgx("remove", "short-0003", "short-0007", "nope", "--store", store, check=False)
    assert removed.returncode == 2 and removed.stdout.startswith("2 documents removed")
    assert removed.stderr.strip() == "E043: nope: no such document in the store"
    for doc_id in ("short-0003", "short-0007", "short-0010"):
        (corpus / f"{doc_id}.jsonl").unlink()
    fewer = corpus
    pruned = kgx("extract", fewer, "--store", store, "--quiet", "--prune")
    assert "0 documents extracted, 9 unchanged, 0 skipped, 1 removed" in pruned.stdout
    reference = tmp_path / "reference"
    kgx("extract", fewer, "--store", reference, "--quiet")
    assert isomorphic(_graph(store, tmp_path, "pruned.nt"), _graph(reference, tmp_path, "reference.nt"))
    kgx("extract", fewer, "--store", store, "--quiet", "--rebuild")
    assert isomorphic(_graph(store, tmp_path, "rebuilt.nt"), _graph(reference, tmp_path, "reference2.nt"))


@pytest.mark.model
def test_writers_and_readers_side_by_side_give_the_sequential_graph(tmp_path):
    articles = short_articles(4, seed=11)
    files = [write_jsonl(tmp_path / f"a{i}.jsonl", [article]) for i, article in enumerate(articles)]
    store = tmp_path / "store"
    kgx("extract", write_jsonl(tmp_path / "first.jsonl", short_articles(3, seed=12)), "--store", store, "--quiet")
    stop = time.monotonic() + 600
    writers = [subprocess.Popen([*KGX, "extract", str(f), "--store", str(store), "--quiet"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for f in files]

    def read() -> list[str]:
        answers = []
        while any(w.poll() is None for w in writers) and time.monotonic() < stop:
            result = kgx("query", "stats", "--format", "json", "--store", store, check=False)
            answers.append(result.stderr if result.returncode else json.loads(result.stdout)[0]["count"])
        return answers

    with ThreadPoolExecutor(2) as pool:
        readings = [a for answers in pool.map(lambda _: read(), range(2)) for a in answers]
    outcomes = [w.communicate() + (w.returncode,) for w in writers]
    assert all(code == 0 and "Traceback" not in err for _, err, code in outcomes), outcomes
    assert readings and all(isinstance(r, str) and r.isdigit() for r in readings), readings  # never an error
    sequential = tmp_path / "sequential"
    kgx("extract", tmp_path / "first.jsonl", "--store", sequential, "--quiet")
    for f in files:
        kgx("extract", f, "--store", sequential, "--quiet")
    assert isomorphic(_graph(store, tmp_path, "parallel.nt"), _graph(sequential, tmp_path, "sequential.nt"))


@pytest.mark.model
def test_an_incremental_extraction_killed_midway_then_run_again_gives_the_uninterrupted_graph(tmp_path):
    first = write_jsonl(tmp_path / "first.jsonl", short_articles(40, seed=3))
    store = tmp_path / "store"
    kgx("extract", first, "--store", store, "--quiet")
    more = short_articles(60, seed=4)
    both = write_jsonl(tmp_path / "both.jsonl", [*short_articles(40, seed=3)[5:],  # 5 gone, 60 new or changed
                                                 *({**a, "id": f"more-{a['id']}"} for a in more)])
    rng = random.Random(9)
    for attempt in range(3):
        process = subprocess.Popen([*KGX, "extract", str(both), "--store", str(store), "--quiet", "--prune"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2 + rng.random() * 8)
        process.send_signal(signal.SIGKILL)
        process.wait()
        kgx("query", "stats", "--store", store)  # the store opens, whatever was killed
    kgx("extract", both, "--store", store, "--quiet", "--prune")
    whole = tmp_path / "whole"
    kgx("extract", both, "--store", whole, "--quiet")
    assert isomorphic(_graph(store, tmp_path, "killed.nt"), _graph(whole, tmp_path, "whole.nt"))
