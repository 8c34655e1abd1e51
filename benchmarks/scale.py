#!/usr/bin/env python3
"""Measure scale-out (issue 19) and write the "Scale-out" section of benchmarks/RESULTS.md (figures g and h; the
section is replaced where it stands, else added at the end; `run.py` keeps it when it rewrites its own).

    .venv/bin/python benchmarks/scale.py            # about 15 minutes on 2 cores
    .venv/bin/python benchmarks/scale.py --smoke    # a minute: checks that the script runs

g) words/s of `kgx extract --cluster` on a local Dask cluster of 1 and 2 workers against `--workers 1` and `2` on
   the same articles: the whole command's wall time, median of three runs each, in turn; each cluster run gets a
   fresh cluster (started before the clock starts), so its workers load the pipeline inside the run, as a pool's do;
h) a store of about 1M triples published to Virtuoso (a local server on a fresh database): the N-Triples export in
   slices, the bulk load, and every named query's latency (median of five, all rows read into Python) against
   Oxigraph's on the same graph.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchmarks.run import KGX, QUERY_RUNS, machine, make_corpus, synthetic_store, words_of  # noqa: E402
from kgx.graph.export import export_slices  # noqa: E402
from kgx.graph.query import named_queries, run_query  # noqa: E402
from kgx.graph.virtuoso import GRAPH, load_script, run_remote  # noqa: E402
from local_servers import local_cluster, local_virtuoso, virtuoso_available  # noqa: E402

RUNS = 3
PARAMS = {"timeline": {"a": "ISR", "b": "AZE"}}
SECTION = "## Scale-out"


def extract_seconds(corpus: Path, store: Path, *options: str) -> float:
    started = time.perf_counter()
    subprocess.run([*KGX, "extract", str(corpus), "--store", str(store), "--quiet", *options], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def cluster_overhead(n: int, tmp: Path) -> dict:
    """Median seconds of each way to extract `n` articles, run in turn RUNS times."""
    corpus = make_corpus(n, tmp / f"cluster-{n}.jsonl")
    seconds: dict[str, list[float]] = {"--workers 1": [], "cluster of 1": [], "--workers 2": [], "cluster of 2": []}
    for attempt in range(RUNS):
        for workers in (1, 2):
            seconds[f"--workers {workers}"].append(
                extract_seconds(corpus, tmp / f"local-{workers}-{attempt}", "--workers", str(workers)))
            with local_cluster(workers, tmp / "dask-logs") as (address, _):
                seconds[f"cluster of {workers}"].append(
                    extract_seconds(corpus, tmp / f"cluster-{workers}-{attempt}", "--cluster", address))
    words = words_of(corpus)
    return {"articles": n, "words": words, "runs": seconds,
            "wps": {way: words / statistics.median(runs) for way, runs in seconds.items()}}


def virtuoso_store(target_triples: int, tmp: Path) -> dict:
    """Bulk load and named-query latency in Virtuoso against Oxigraph, on one synthetic store."""
    store, documents = synthetic_store(target_triples, tmp)
    triples = store.rebuild()
    with local_virtuoso(tmp / "virtuoso") as (server, load):
        started = time.perf_counter()
        export_slices(store, load, 500_000)
        export_seconds = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([server.isql, server.sql, server.user, server.password, f"exec={load_script(str(load), GRAPH)}"],
                       check=True, capture_output=True)
        load_seconds = time.perf_counter() - started
        latencies = {}
        for name in sorted(named_queries()):
            timings = {}
            for engine, run in (("oxigraph", lambda: run_query(store, name, PARAMS.get(name))),
                                ("virtuoso", lambda: run_remote(server.sparql, name, PARAMS.get(name)))):
                times = []
                for _ in range(QUERY_RUNS):
                    started = time.perf_counter()
                    rows = run()[1]
                    times.append(time.perf_counter() - started)
                timings[engine] = (statistics.median(times), len(rows))
            latencies[name] = timings
    return {"documents": documents, "triples": triples, "export": export_seconds, "load": load_seconds,
            "latencies": latencies}


def report(results: dict) -> str:
    c, v = results["cluster"], results["virtuoso"]
    wps = c["wps"]
    lines = [
        SECTION, "",
        f"### g) Extraction on a local Dask cluster ({c['articles']} articles, {c['words']} words)", "",
        "| workers | `--workers N` words/s | `--cluster` words/s | cluster's overhead (target < 15 %) |",
        "|---|---|---|---|",
        *[f"| {n} | {wps[f'--workers {n}']:.0f} | {wps[f'cluster of {n}']:.0f} | "
          f"{100 * (1 - wps[f'cluster of {n}'] / wps[f'--workers {n}']):.1f} % |" for n in (1, 2)], "",
        f"Medians of {RUNS} runs of the whole command; each run: " +
        "; ".join(f"{way} " + ", ".join(f"{x:.1f}" for x in runs) + " s" for way, runs in c["runs"].items()) + ".", "",
        f"### h) Virtuoso at {v['triples']:,} triples ({v['documents']:,} documents)", "",
        f"- N-Triples export in slices of 500 000 triples: {v['export']:.1f} s",
        f"- Virtuoso bulk load (`ld_dir`, `rdf_loader_run`, checkpoint): {v['load']:.1f} s "
        "(Oxigraph's bulk load of the same triples: section d)", "",
        f"| named query | Oxigraph s, median of {QUERY_RUNS} | Virtuoso s, median of {QUERY_RUNS} | rows |",
        "|---|---|---|---|",
        *[f"| {name} | {t['oxigraph'][0]:.3f} | {t['virtuoso'][0]:.3f} | {t['virtuoso'][1]} |"
          for name, t in v["latencies"].items()], "",
        "Oxigraph: `kgx query` opening the store; Virtuoso: the SPARQL protocol over HTTP on this machine, JSON "
        "results parsed into Python. The same rows in both (tests/test_virtuoso.py).", "",
        f"Run: `.venv/bin/python benchmarks/scale.py`; {machine()}.", "",
    ]
    return "\n".join(lines)


def measure(smoke: bool, tmp: Path) -> dict:
    sizes = {"articles": 14, "triples": 20_000} if smoke else {"articles": 400, "triples": 1_000_000}
    results = {"cluster": cluster_overhead(sizes["articles"], tmp)}
    print("g)", results["cluster"], flush=True)
    if not virtuoso_available():
        raise SystemExit("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    results["virtuoso"] = virtuoso_store(sizes["triples"], tmp)
    print("h)", results["virtuoso"], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check that the script runs")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        text = report(measure(args.smoke, Path(folder)))
    if args.smoke:
        print(text)
        return
    out = Path(args.out)
    out.write_text(replace_section(out.read_text(encoding="utf-8") if out.exists() else "", text), encoding="utf-8")
    print(f"wrote the section '{SECTION}' of {args.out}")


def replace_section(old: str, section: str) -> str:
    """`old` with its "Scale-out" section (up to the next section) replaced by `section`, or with it added."""
    before, found, rest = old.partition("\n" + SECTION + "\n")
    after = "\n## " + rest.split("\n## ", 1)[1] if found and "\n## " in rest else ""
    return before.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n" + after


if __name__ == "__main__":
    main()
