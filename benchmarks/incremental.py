#!/usr/bin/env python3
"""Measure what adding 10 articles costs in stores of 0, 1 000 and 10 000 articles, and write the figures into
the "Incremental updates" section of benchmarks/RESULTS.md (the rest of the file is run.py's).

    .venv/bin/python benchmarks/incremental.py           # about 20 minutes on 2 cores
    .venv/bin/python benchmarks/incremental.py --smoke   # two minutes: stores of 0, 14 and 28 articles

The stores are synthetic: the sample corpus is extracted once, and its results are written under new ids
(`<id>-r<k>`, as run.py's large store) until the store holds the size wanted, then the graph is rebuilt (that time
is reported too). Two kinds of copies: "same actors", the results as they are (every copy names the same people and
pairs of states, so the ten articles added touch a share of the whole store: the worst case for an update), and
"varied actors", each copy with its states permuted and its people renamed (closer to a real corpus, where a new
article shares its people and pairs of states with some of the store, not a seventh of it). The 10 articles added are real ones, extracted by the command: sample articles under new ids
(`<id>-new<run>-<k>`) with their dates shifted, so that each run adds 10 documents the store does not hold.

For each store: the wall time of the whole `kgx extract` command (the interpreter, the pipeline's start, the
extraction, the graph update), median of three runs; and, in this process, the graph update alone after 10
results are written (median of three), and reading the stored fingerprints.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import KGX, _copy, machine, make_corpus  # noqa: E402

from kgx.graph.store import KgxStore  # noqa: E402
from kgx.models import DocumentResult  # noqa: E402

RUNS = 3
ADDED = 10
SECTION = "## Incremental updates"


def _varied(result: DocumentResult, k: int) -> DocumentResult:
    """Copy k of a result with other actors: its states permuted (one permutation per copy) and its people
    renamed (the family name takes the copy's number), everywhere they are named."""
    from kgx import knowledge

    states = sorted(knowledge.states_by_iso3())
    shuffled = states[:]
    random.Random(k).shuffle(shuffled)
    moved = dict(zip(states, shuffled))
    for entity in result.entities:
        if entity.kind == "Person":
            moved[entity.key] = f"{entity.key}-{k}"

    def key(value: str | None) -> str | None:
        return moved.get(value, value) if value else value

    entities = []
    for entity in result.entities:
        if entity.kind == "State":
            entity = entity.model_copy(update={"key": key(entity.key), "iso3": key(entity.iso3), "iso2": None})
        elif entity.kind == "Person":
            offices = [o.model_copy(update={"state": key(o.state)}) for o in entity.offices]
            entity = entity.model_copy(update={"key": key(entity.key), "name": f"{entity.name}{k}", "offices": offices,
                                               "relative": key(entity.relative)})
        elif entity.state:
            entity = entity.model_copy(update={"state": key(entity.state)})
        entities.append(entity)
    copy = _copy(result, k)
    events = [e.model_copy(update={"source": [key(x) for x in e.source], "target": [key(x) for x in e.target],
                                   "persons": [key(x) for x in e.persons], "location": key(e.location)})
              for e in copy.events]
    mentions = [m.model_copy(update={"entity": key(m.entity)}) for m in copy.mentions]
    return copy.model_copy(update={"entities": entities, "events": events, "mentions": mentions})


def synthetic_store(path: Path, results: list, n: int, varied: bool) -> tuple[KgxStore, float]:
    """A store of n articles written directly (copies of the sample's results), and the seconds of its rebuild."""
    store = KgxStore(path)
    for i in range(n):
        k, doc = divmod(i, len(results))
        store.save(_varied(results[doc], k) if varied else _copy(results[doc], k))
    started = time.perf_counter()
    store.rebuild()
    return store, time.perf_counter() - started


def timed_command(corpus: Path, store: Path) -> float:
    import subprocess

    started = time.perf_counter()
    subprocess.run([*KGX, "extract", str(corpus), "--store", str(store), "--quiet"], check=True, capture_output=True)
    return time.perf_counter() - started


def timed_update(store: KgxStore, results: list, run: int) -> tuple[float, float]:
    """Seconds of reading the fingerprints, then of the graph update after writing 10 new results."""
    started = time.perf_counter()
    store.fingerprints()
    fingerprints = time.perf_counter() - started
    for i in range(ADDED):
        copy = _copy(results[i % len(results)], 10_000 + run * ADDED + i)
        store.save(copy)
    started = time.perf_counter()
    store.update()
    return fingerprints, time.perf_counter() - started


def measure(sizes: list[int], tmp: Path) -> list[dict]:
    """One row per store: the empty one, then each size with the same actors and with varied ones. The stores are
    measured in turn within each run, so that the load other work puts on the machine falls on all of them."""
    from kgx.api import run_extraction

    seed = KgxStore(tmp / "seed")
    run_extraction([ROOT / "corpus"], seed)
    results = list(seed.results())
    rows = [{"articles": 0, "varied": False, "build": 0.0, "store": None}]
    for n in sizes:
        for varied in (False, True):
            store, build = synthetic_store(tmp / f"store-{n}-{varied}", results, n, varied)
            rows.append({"articles": n, "varied": varied, "build": build, "store": store})
            print(f"built {n} ({'varied' if varied else 'same'} actors) in {build:.1f} s", flush=True)
    for row in rows:
        row.update(commands=[], updates=[], readings=[])
    for run in range(RUNS):
        for i, row in enumerate(rows):
            corpus = make_corpus(ADDED, tmp / f"new-{i}-{run}.jsonl")
            text = corpus.read_text(encoding="utf-8")
            corpus.write_text(re.sub(r'"id": "([^"]+)-r(\d+)"', rf'"id": "\1-new{run}-\2"', text), encoding="utf-8")
            store = row["store"] or KgxStore(tmp / f"empty-{run}")
            row["commands"].append(timed_command(corpus, store.path))
            reading, update = timed_update(row["store"] or KgxStore(tmp / f"empty-update-{run}"), results, run)
            row["readings"].append(reading)
            row["updates"].append(update)
    for row in rows:
        row.update(command=statistics.median(row["commands"]), update=statistics.median(row["updates"]),
                   fingerprints=statistics.median(row["readings"]),
                   triples=row["store"].update() if row["store"] else 0)
        print({k: v for k, v in row.items() if k != "store"}, flush=True)
    return rows


def section(rows: list[dict], smoke: bool) -> str:
    empty = rows[0]
    largest = [r for r in rows if r["articles"] == rows[-1]["articles"]]

    def target(row: dict) -> str:
        ratio = row["command"] / empty["command"]
        return (f"- {'met' if ratio <= 1.5 else 'NOT met'} ({'varied' if row['varied'] else 'same'} actors): adding "
                f"{ADDED} articles to a store of {row['articles']:,} takes {ratio:.2f}x the time of adding them to an "
                f"empty one (<= 1.5); the graph update alone {row['update']:.2f} s against {empty['update']:.2f} s")

    lines = [SECTION, "",
             f"Machine: {machine()}.", "",
             "Run: `.venv/bin/python benchmarks/incremental.py" + (" --smoke`. Smoke sizes: the figures say nothing "
                                                                   "about the target." if smoke else "`."), "",
             *[target(row) for row in largest], "",
             f"| articles in the store | actors | triples | its rebuild, s | `kgx extract` of {ADDED} articles, s (median of "
             f"{RUNS}) | graph update alone, s | reading the fingerprints, s |", "|---|---|---|---|---|---|---|",
             *[f"| {r['articles']:,} | {'varied' if r['varied'] else 'same'} | {r['triples']:,} | {r['build']:.1f} | {r['command']:.2f} "
               f"({', '.join(f'{c:.2f}' for c in r['commands'])}) | {r['update']:.3f} | {r['fingerprints']:.3f} |"
               for r in rows], ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny stores, to check that the script runs")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    sizes = [14, 28] if args.smoke else [1_000, 10_000]
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(sizes, Path(folder))
    text = section(rows, args.smoke)
    if args.smoke:
        print(text)
        return
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    out.write_text(old.split(SECTION)[0].rstrip("\n") + "\n\n" + text, encoding="utf-8")
    print(f"wrote the section '{SECTION}' of {out}")


if __name__ == "__main__":
    main()
