"""Extraction on a real Dask cluster on this machine: a scheduler and two worker processes started here, one worker
killed with SIGKILL mid-run; the graph must be isomorphic to a local run's."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import CORPUS
from local_servers import free_port, local_cluster
from kgx.knowledge import ONTOLOGY_DIR
from kgx.reading.reader import read_documents

pytest.importorskip("distributed", reason="Dask distributed is not installed (pip install 'kgx[cluster]')")

KGX = [sys.executable, "-m", "kgx"]
STATES = [("Chile", "Peru", "Peruvian"), ("Norway", "Russia", "Russian"), ("Kenya", "Somalia", "Somali"),
          ("Japan", "China", "Chinese"), ("Brazil", "Venezuela", "Venezuelan"), ("Egypt", "Turkey", "Turkish")]
SENTENCES = ["{a} recalled its ambassador from {b} on Wednesday after a dispute over fishing rights.",
             "The foreign minister of {a} will travel to {b} next week for talks on trade, officials said.",
             "{a} ordered three {adj} diplomats to leave the country within 72 hours on Friday."]


def synthetic_corpus(path: Path, copies: int = 30, short: int = 100) -> int:
    """The sample articles repeated under new ids, each copy dated k days later with a sentence of its own,
    interleaved with short articles written here; returns how many documents (with the sample's own)."""
    sample = list(read_documents([CORPUS]))
    records = []
    for k in range(copies):
        for doc in sample:
            published = doc.published + dt.timedelta(days=k + 1) if doc.published else None
            records.append({"id": f"{doc.id}-c{k}", "title": doc.title, "publisher": doc.publisher,
                            "published": published.isoformat() if published else None,
                            "text": doc.text + f"\n\nThis report was revised {k + 1} times."})
        for i in range(short * k // copies, short * (k + 1) // copies):
            a, b, adj = STATES[i % len(STATES)][0], STATES[(i + 1) % len(STATES)][1], STATES[(i + 1) % len(STATES)][2]
            records.append({"id": f"short-{i:03d}", "published": f"2025-0{1 + i % 9}-1{i % 9}",
                            "text": SENTENCES[i % len(SENTENCES)].format(a=a, b=b, adj=adj)})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return len(records) + len(sample)


@pytest.fixture
def knowledge(tmp_path, monkeypatch):
    """A copy of the knowledge for the client, the workers and the local run: the checkout's may change meanwhile,
    and workers that read other knowledge than the client are refused (E073)."""
    shutil.copytree(ONTOLOGY_DIR, tmp_path / "ontology")
    monkeypatch.setenv("KGX_ONTOLOGY", str(tmp_path / "ontology"))


@pytest.fixture
def cluster(tmp_path, knowledge):
    """A scheduler and two single-threaded workers on this machine."""
    with local_cluster(2, tmp_path / "dask-logs") as (address, client):
        yield address, client


def export_graph(store: Path, path: Path) -> Graph:
    subprocess.run([*KGX, "export", "--format", "nt", "-o", str(path), "--store", str(store)], check=True)
    return Graph().parse(path, format="nt")


def busy_worker_pid(client) -> int | None:
    """The process id of a worker that is running a batch now."""
    for address, tasks in client.processing().items():
        if tasks:
            return client.run(os.getpid, workers=[address])[address]
    return None


@pytest.mark.model
def test_a_cluster_run_with_a_worker_killed_midway_gives_the_local_graph(cluster, tmp_path):
    address, client = cluster
    corpus = tmp_path / "synthetic.jsonl"
    total = synthetic_corpus(corpus)
    store = tmp_path / "on-cluster"
    run = subprocess.Popen([*KGX, "extract", str(CORPUS), str(corpus), "--store", str(store), "--cluster", address,
                            "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    killed = None
    while time.monotonic() < deadline and run.poll() is None and killed is None:
        if len(list((store / "documents").glob("*.json"))) >= total // 4:
            killed = busy_worker_pid(client)
            if killed is not None:
                os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    saved_at_kill = len(list((store / "documents").glob("*.json")))
    assert killed is not None and run.poll() is None, "no worker was killed during the run"
    assert saved_at_kill < total
    stdout, stderr = run.communicate(timeout=900)
    assert run.returncode == 0, stderr[-2000:]
    assert stdout.startswith(f"{total} documents extracted, 0 unchanged, 0 skipped"), stdout
    assert len(list((store / "documents").glob("*.json"))) == total
    client.wait_for_workers(2, timeout=120)  # the nanny started a new worker in place of the killed one
    assert killed not in client.run(os.getpid).values()

    local = tmp_path / "local"
    subprocess.run([*KGX, "extract", str(CORPUS), str(corpus), "--store", str(local), "--workers", "1", "--quiet"],
                   check=True, capture_output=True)
    assert isomorphic(export_graph(store, tmp_path / "cluster.nt"), export_graph(local, tmp_path / "local.nt"))


def test_workers_started_with_the_readmes_settings_run_without_the_profiler_and_the_low_trim_threshold(cluster):
    def settings() -> tuple[object, str | None]:  # defined here, so that it travels by value to the workers
        import dask

        return dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_")

    _, client = cluster
    assert set(client.run(settings).values()) == {(False, None)}


@pytest.mark.model
def test_a_cluster_run_stops_a_slow_document_and_skips_unchanged_ones(cluster, tmp_path):
    address, _ = cluster
    slow = tmp_path / "slow.jsonl"
    slow.write_text(json.dumps({"id": "slow", "text": "Officials met. " * 40_000, "published": "2024-03-15"}) + "\n")
    store = tmp_path / "store"
    command = [*KGX, "extract", str(CORPUS), str(slow), "--store", str(store), "--cluster", address, "--quiet",
               "--doc-timeout", "1"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 2 and "E012: slow: skipped after 1 s" in first.stderr, first.stderr[-2000:]
    assert first.stdout.startswith("7 documents extracted, 0 unchanged, 1 skipped")
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.stdout.startswith("0 documents extracted, 7 unchanged, 1 skipped"), again.stderr[-2000:]


def test_the_time_limit_stops_a_document_in_a_worker_thread():
    from kgx.runner import DocumentTimeout, deadline

    outcome, took = [], []

    def work(spin: float) -> None:
        started = time.monotonic()
        try:
            with deadline(0.2):
                while time.monotonic() - started < spin:
                    pass
            outcome.append("done")
        except DocumentTimeout:
            outcome.append("stopped")
            took.append(time.monotonic() - started)
        time.sleep(0.4)  # nothing is raised after the block
        outcome.append("went on")

    for spin in (10, 0.05):
        thread = threading.Thread(target=work, args=(spin,))
        thread.start()
        thread.join()
    assert outcome == ["stopped", "went on", "done", "went on"] and 0.2 <= took[0] < 3


def test_an_unreachable_scheduler_is_one_line_and_exit_code_1(tmp_path):
    from kgx.cluster import cluster_batches
    from kgx.errors import KgxError
    # No pipeline here (this test carries no `model` marker): the client's version is stood in for.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kgx.cluster.start_pipeline", lambda model: "v")
        patch.setattr("kgx.cluster.CONNECT_SECONDS", 2.0)
        with pytest.raises(KgxError, match="^E071: Cannot reach the Dask scheduler at tcp://127.0.0.1:"):
            list(cluster_batches(f"tcp://127.0.0.1:{free_port()}", [[]], None, None))
