#!/usr/bin/env python3
"""Measure kgx in one run and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # the full run (about 20 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --smoke    # seconds: what CI runs, to keep the script working

Larger corpora are the sample corpus repeated under new ids (`<id>-r<k>`), each copy's publication date shifted
by k days, so that relative dates resolve to other days and copies are distinct documents.

a) words/s of extraction end to end (reading, normalising, the spaCy pipeline with kgx's components, writing
   results and rebuilding the graph) against bare `nlp.pipe` of the same statistical pipeline on the same texts;
b) `kgx extract --workers 1` against `--workers 2`, wall time of the whole command (median of three runs each);
c) peak memory (resident set, the process and its workers) of `kgx extract` on 100, 1 000 and 10 000 articles;
d) a store of about 1M triples (extraction results of the sample corpus copied under new ids): the bulk load and
   the latency of every named query;
e) Turtle and GraphML export times at that size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgx.graph.query import named_queries, run_query  # noqa: E402
from kgx.graph.store import KgxStore  # noqa: E402
from kgx.models import DocumentResult  # noqa: E402
from kgx.reading.reader import read_documents  # noqa: E402

KGX = [sys.executable, "-m", "kgx"]
SAMPLE = [d for d in read_documents([ROOT / "corpus"])]
QUERY_RUNS = 5  # each named query is timed this often: the first run and the median are reported
SCALING_RUNS = 3  # each worker count is timed this often, in turn; the medians are compared


def make_corpus(n: int, path: Path) -> Path:
    """n articles: the sample corpus repeated, copy k under ids '<id>-r<k>' with dates shifted by k days."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            k, doc = divmod(i, len(SAMPLE))
            source = SAMPLE[doc]
            published = source.published + dt.timedelta(days=k) if source.published else None
            record = {"id": f"{source.id}-r{k}", "text": source.text, "title": source.title,
                      "published": published.isoformat() if published else None, "publisher": source.publisher}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def words_of(path: Path) -> int:
    return sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))


def throughput(n: int, tmp: Path) -> dict:
    from kgx.api import run_extraction
    from kgx.runner import _init_worker
    from kgx.pipeline.loader import load_pipeline

    corpus = make_corpus(n, tmp / f"throughput-{n}.jsonl")
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = words_of(corpus)
    bare = load_pipeline(components=())
    bare.remove_pipe("kgx_line_breaks")
    list(bare.pipe(texts[:5]))  # warm up
    started = time.perf_counter()
    list(bare.pipe(texts, batch_size=16))
    bare_seconds = time.perf_counter() - started
    _init_worker(None)  # load the pipeline before the clock starts, as bare spaCy was
    started = time.perf_counter()
    run_extraction([corpus], KgxStore(tmp / "throughput-store"))
    kgx_seconds = time.perf_counter() - started
    return {"articles": n, "words": words, "bare_wps": words / bare_seconds, "kgx_wps": words / kgx_seconds,
            "ratio": bare_seconds / kgx_seconds}


def timed_extract(corpus: Path, store: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and peak resident MiB (process and workers) of one `kgx extract` command."""
    probe = ("import resource, runpy, sys; sys.argv = ['kgx'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('kgx', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
             "print('PEAK_KIB', own, children, file=sys.stderr)")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, "extract", str(corpus), "--store", str(store),
                             "--workers", str(workers), "--quiet"], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    own, children = (int(x) for x in result.stderr.split("PEAK_KIB")[1].split())
    return seconds, max(own, children) / 1024


def scaling(n: int, tmp: Path) -> dict:
    """Median wall time of `--workers 1` and `--workers 2`, run in turn SCALING_RUNS times each on a fresh store."""
    corpus = make_corpus(n, tmp / f"scaling-{n}.jsonl")
    seconds: dict[int, list[float]] = {1: [], 2: []}
    for attempt in range(SCALING_RUNS):
        for workers in seconds:
            seconds[workers].append(timed_extract(corpus, tmp / f"scaling-{workers}-{attempt}", workers)[0])
    one, two = statistics.median(seconds[1]), statistics.median(seconds[2])
    return {"articles": n, "words": words_of(corpus), "one": one, "two": two, "speedup": one / two,
            "runs": seconds}


def memory(sizes: list[int], tmp: Path) -> list[dict]:
    rows = []
    for n in sizes:
        corpus = make_corpus(n, tmp / f"memory-{n}.jsonl")
        seconds, peak = timed_extract(corpus, tmp / f"memory-{n}", 2)
        store = KgxStore(tmp / f"memory-{n}")
        triples = int(dict(run_query(store, "stats")[1]).get("event mentions", 0))
        rows.append({"articles": n, "seconds": seconds, "peak_mib": peak, "mentions": triples})
    return rows


def synthetic_store(target_triples: int, tmp: Path) -> tuple[KgxStore, int]:
    """A store of about `target_triples`: the sample corpus's results copied under new ids; and its documents."""
    from kgx.api import run_extraction

    seed = KgxStore(tmp / "seed-store")
    run_extraction([ROOT / "corpus"], seed)
    results = list(seed.results())
    # Copies share states, people and organisations, so measure what one more copy adds.
    calibration = KgxStore(tmp / "calibration")
    sizes = []
    for k in range(2):
        for result in results:
            calibration.save(_copy(result, k))
        sizes.append(calibration.rebuild())
    copies = max(1, 1 + int((target_triples - sizes[0]) / (sizes[1] - sizes[0])))
    store = KgxStore(tmp / "large-store")
    for k in range(copies):
        for result in results:
            store.save(_copy(result, k))
    return store, len(results) * copies


def large_store(target_triples: int, tmp: Path) -> dict:
    """Copy the sample corpus's results under new ids until the graph holds about `target_triples`."""
    from kgx.graph.export import export

    store, documents = synthetic_store(target_triples, tmp)
    started = time.perf_counter()
    triples = store.rebuild()
    rebuild = time.perf_counter() - started
    dump = tmp / "large.nt"
    export(store, "nt", dump)
    import pyoxigraph as ox

    started = time.perf_counter()
    bulk = ox.Store(str(tmp / "bulk-only"))
    bulk.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    bulk.flush()
    bulk_seconds = time.perf_counter() - started
    del bulk
    latencies = {}
    for name in sorted(named_queries()):
        params = {"a": "ISR", "b": "AZE"} if name == "timeline" else {}
        seconds = []
        for _ in range(QUERY_RUNS):
            started = time.perf_counter()
            rows = run_query(store, name, params)[1]
            seconds.append(time.perf_counter() - started)
        latencies[name] = (seconds[0], statistics.median(seconds), len(rows))
    exports = {}
    for fmt in ("ttl", "graphml"):
        started = time.perf_counter()
        export(store, fmt, tmp / f"large.{fmt}")
        exports[fmt] = (time.perf_counter() - started, (tmp / f"large.{fmt}").stat().st_size / 2**20)
    return {"documents": documents, "triples": triples, "rebuild": rebuild, "bulk": bulk_seconds,
            "latencies": latencies, "exports": exports}


def _copy(result: DocumentResult, k: int) -> DocumentResult:
    doc_id = f"{result.document.id}-r{k}"
    events = [e.model_copy(update={"id": f"{doc_id}#{e.id.rsplit('#', 1)[1]}",
                                   "provenance": e.provenance.model_copy(update={"doc_id": doc_id})})
              for e in result.events]
    document = result.document.model_copy(update={"id": doc_id})
    return result.model_copy(update={"document": document, "events": events})


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import spacy

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory_gib:.0f} GiB; {platform.platform()}; Python "
            f"{platform.python_version()}, spaCy {spacy.__version__}; kgx at commit {commit or 'unknown'}; "
            f"{dt.date.today().isoformat()}")


def targets(results: dict) -> list[str]:
    """Which of issue 8's targets this run met, computed from the figures above and below."""
    memory, big = results["memory"], results["store"]
    slowest = max(big["latencies"].items(), key=lambda item: item[1][1])

    def line(met: bool, text: str) -> str:
        return f"- {'met' if met else 'NOT met'}: {text}"

    return ["## Targets", "",
            line(results["throughput"]["ratio"] >= 0.8, f"end to end at {results['throughput']['ratio']:.2f}x bare spaCy (>= 0.8)"),
            line(results["scaling"]["speedup"] >= 1.6, f"two workers {results['scaling']['speedup']:.2f}x one (>= 1.6)"),
            f"- memory: {memory[0]['peak_mib']:.0f} MiB for {memory[0]['articles']:,} articles, "
            f"{memory[-1]['peak_mib']:.0f} MiB for {memory[-1]['articles']:,} "
            f"({memory[-1]['articles'] // memory[0]['articles']}x the articles); see the README for what grows",
            line(slowest[1][1] < 1, f"slowest named query `{slowest[0]}`, median {slowest[1][1]:.2f} s at "
                                    f"{big['triples']:,} triples (< 1 s)"), ""]


def report(results: dict, smoke: bool) -> str:
    t, s = results["throughput"], results["scaling"]
    run_line = ("Run: `.venv/bin/python benchmarks/run.py --smoke`. Smoke sizes: this checks that the script runs; its "
                "figures say nothing about the targets." if smoke else
                "Run: `.venv/bin/python benchmarks/run.py` (see its docstring for what each figure measures).")
    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.", "",
        run_line, "",
        *targets(results),
        "## a) Extraction against bare spaCy", "",
        "| articles | words | bare `nlp.pipe` words/s | kgx end to end words/s | ratio (target >= 0.8) |",
        "|---|---|---|---|---|",
        f"| {t['articles']} | {t['words']} | {t['bare_wps']:.0f} | {t['kgx_wps']:.0f} | {t['ratio']:.2f} |", "",
        "## b) Workers", "",
        f"| articles | words | `--workers 1` s, median of {SCALING_RUNS} | `--workers 2` s, median of {SCALING_RUNS} "
        "| speed-up (target >= 1.6) |", "|---|---|---|---|---|",
        f"| {s['articles']} | {s['words']} | {s['one']:.1f} | {s['two']:.1f} | {s['speedup']:.2f} |", "",
        "Each run: " + "; ".join(f"`--workers {w}` " + ", ".join(f"{x:.1f}" for x in runs) + " s"
                                 for w, runs in s["runs"].items()) + ".", "",
        "## c) Peak memory of `kgx extract --workers 2`", "",
        "| articles | seconds | peak resident MiB (largest process) | event mentions in the store |", "|---|---|---|---|",
        *[f"| {m['articles']} | {m['seconds']:.0f} | {m['peak_mib']:.0f} | {m['mentions']} |" for m in results["memory"]], "",
    ]
    big = results["store"]
    lines += [
        f"## d) A store of {big['triples']:,} triples ({big['documents']:,} documents)", "",
        f"- rebuild from the stored results (graph written document by document, bulk-loaded in slices, compacted): {big['rebuild']:.1f} s",
        f"- Oxigraph bulk load of the same triples from N-Triples: {big['bulk']:.1f} s", "",
        f"| named query | first run, s | median of {QUERY_RUNS} runs, s (target < 1) | rows |", "|---|---|---|---|",
        *[f"| {name} | {first:.3f} | {median:.3f} | {rows} |" for name, (first, median, rows) in big["latencies"].items()],
        "", "Each run opens the store, runs the query and reads every row into Python, as `kgx query` does.", "",
        "## e) Exports at that size", "",
        "| format | seconds | MiB |", "|---|---|---|",
        *[f"| {fmt} | {sec:.1f} | {size:.1f} |" for fmt, (sec, size) in big["exports"].items()], "",
    ]
    return "\n".join(lines)


def other_sections(old: str, new: str) -> str:
    """The sections of `old` that `new` does not write (other scripts', such as scale.py's): kept as they are."""
    def key(part: str) -> str:
        return part.split("\n", 1)[0].split(")", 1)[0]

    ours = {key(part) for part in new.split("\n## ")[1:]}
    return "".join("\n## " + part for part in old.split("\n## ")[1:] if key(part) not in ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check that the script runs")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    sizes = {"throughput": 14, "scaling": 14, "memory": [7, 14], "triples": 20_000} if args.smoke else \
        {"throughput": 200, "scaling": 400, "memory": [100, 1_000, 10_000], "triples": 1_000_000}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        results = {"throughput": throughput(sizes["throughput"], tmp)}
        print("a)", results["throughput"], flush=True)
        results["scaling"] = scaling(sizes["scaling"], tmp)
        print("b)", results["scaling"], flush=True)
        results["memory"] = memory(sizes["memory"], tmp)
        print("c)", results["memory"], flush=True)
        results["store"] = large_store(sizes["triples"], tmp)
        print("d/e)", results["store"], flush=True)
    text = report(results, args.smoke)
    if args.smoke:
        print(text)
    else:
        out = Path(args.out)
        out.write_text(text + (other_sections(out.read_text(encoding="utf-8"), text) if out.exists() else ""),
                       encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
