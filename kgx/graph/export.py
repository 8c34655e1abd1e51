"""Exports: RDF serialisations of the store, and a NetworkX projection for Gephi (GraphML, GEXF).

The projection has one node per actor (state, person, organisation) with scalar attributes only (`kind`,
`label`, `iso3`, `wikidata`), and one directed edge per ordered pair of actors that took part in events together,
source to target: `relation` is "events", `weight` the number of events, `types` the event types (";"-joined),
`start` and `end` the first and last event dates at the precision the text gives them. People are linked to the
state their office serves by an edge whose `relation` is "office". The relation kind is an attribute of its own, not
`type`, which GEXF reserves for an edge's direction. For GEXF the events' dates become spells instead of `start` and
`end`, so that Gephi's timeline plays the relations over time (see `gexf.py`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox
from rdflib import OWL, Graph
from rdflib.namespace import PROV, SKOS

from ..errors import KgxError
from ..files import atomic_write
from .gexf import gexf_bytes, spells
from .namespace import ID, KGX, WD
from .store import KgxStore

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
FORMATS = (*RDF_FORMATS, "graphml", "gexf")
PREFIXES = (("kgx", KGX._NS), ("id", ID), ("wd", WD), ("prov", PROV), ("skos", SKOS), ("owl", OWL))


def load_rdflib(store: KgxStore) -> Graph:
    g = Graph()
    g.parse(data=store.ntriples().decode("utf-8"), format="nt")
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns)
    return g


ACTORS = """
PREFIX kgx: <https://kgx.dev/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?actor ?kind ?label ?iso3 ?wd WHERE {
  VALUES ?kind { kgx:State kgx:Person kgx:Organization }
  ?actor a ?kind ; rdfs:label ?label .
  OPTIONAL { ?actor kgx:iso3 ?iso3 } OPTIONAL { ?actor owl:sameAs ?wd }
}"""
EVENTS = """
PREFIX kgx: <https://kgx.dev/ns#>
SELECT ?event ?type ?source ?target ?date ?from ?until WHERE {
  ?event a kgx:Event ; kgx:eventType ?type ; kgx:source ?source ; kgx:target ?target .
  OPTIONAL { ?event kgx:date ?date } OPTIONAL { ?event kgx:dateStart ?from } OPTIONAL { ?event kgx:dateEnd ?until }
}"""
OFFICES = """
PREFIX kgx: <https://kgx.dev/ns#>
SELECT DISTINCT ?person ?state WHERE { ?person kgx:holdsOffice/kgx:officeOf ?state }"""


def to_networkx(store: KgxStore, with_spells: bool = False) -> nx.DiGraph:
    """The actor network of the store (see the module docstring for its design). `with_spells` gives each edge of
    events `spells`, the days its events cover, instead of `start` and `end`: a list, for GEXF (GraphML takes
    scalars only)."""
    database = store.open_database()
    graph = nx.DiGraph()
    for row in database.query(ACTORS):
        kind = row["kind"].value.rsplit("#", 1)[1]
        attributes = {"kind": kind, "label": row["label"].value}
        if row["iso3"] is not None:
            attributes["iso3"] = row["iso3"].value
        if row["wd"] is not None:
            attributes["wikidata"] = row["wd"].value.rsplit("/", 1)[1]
        graph.add_node(row["actor"].value, **attributes)
    pairs: dict[tuple[str, str], dict] = defaultdict(lambda: {"events": set(), "types": set(), "periods": set()})
    for row in database.query(EVENTS):
        edge = pairs[(row["source"].value, row["target"].value)]
        edge["events"].add(row["event"].value)
        edge["types"].add(row["type"].value)
        if row["date"] is not None:
            edge["periods"].add((row["date"].value, row["date"].value))
        elif row["from"] is not None:
            edge["periods"].add((row["from"].value, row["until"].value if row["until"] is not None else None))
    for (source, target), edge in sorted(pairs.items()):
        if source in graph and target in graph:
            attributes = {"relation": "events", "weight": len(edge["events"]), "types": ";".join(sorted(edge["types"]))}
            if edge["periods"] and with_spells:
                attributes["spells"] = spells(edge["periods"])
            elif edge["periods"]:
                starts = sorted(first for first, _ in edge["periods"])
                attributes["start"], attributes["end"] = starts[0], starts[-1]
            graph.add_edge(source, target, **attributes)
    for row in database.query(OFFICES):
        person, state = row["person"].value, row["state"].value
        if person in graph and state in graph and not graph.has_edge(person, state):
            graph.add_edge(person, state, relation="office", weight=1, types="office")
    return nx.relabel_nodes(graph, {n: n.removeprefix(str(ID)) for n in graph}, copy=True)


def export(store: KgxStore, fmt: str, path: str | Path) -> None:
    """Write the graph in `fmt` to `path`, atomically."""
    if fmt in RDF_FORMATS:
        # Oxigraph writes in its index order: the same triples always give the same bytes.
        prefixes = {prefix: str(ns) for prefix, ns in PREFIXES}
        data = store.open_database().dump(format=RDF_FORMATS[fmt], from_graph=ox.DefaultGraph(),
                                          prefixes=prefixes if fmt != "nt" else None)
    elif fmt == "graphml":
        data = "\n".join(nx.generate_graphml(to_networkx(store))).encode("utf-8")
    elif fmt == "gexf":
        graph = to_networkx(store, with_spells=True)
        graph.graph["mode"] = "dynamic"
        data = gexf_bytes(graph)
    else:
        raise KgxError("E030", name=fmt, known=", ".join(FORMATS))
    atomic_write(path, data)


SLICE_NAME = "graph-{:06d}.nt"


class _Slicer:
    """A binary writer for Oxigraph's N-Triples dump that starts a new file every `triples` lines (one triple a
    line), so the dump streams to disk in files a bulk loader takes one by one."""

    def __init__(self, folder: Path, triples: int) -> None:
        self.folder, self.triples = folder, triples
        self.paths: list[Path] = []
        self._file: BinaryIO | None = None
        self._lines = 0

    def write(self, data: bytes) -> int:
        data, start = bytes(data), 0
        while start < len(data):
            if self._file is None or self._lines == self.triples:
                self._next()
            room, count = self.triples - self._lines, data.count(b"\n", start)
            if count < room or (count == room and data.endswith(b"\n")):  # the rest belongs to this slice
                end = len(data)
                self._lines += count
            else:  # up to the slice's last line end; what follows starts the next slice
                end = start
                for _ in range(room):
                    end = data.index(b"\n", end) + 1
                self._lines = self.triples
            self._file.write(data[start:end])
            start = end
        return len(data)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def _next(self) -> None:
        self.close()
        path = self.folder / SLICE_NAME.format(len(self.paths) + 1)
        self.paths.append(path)
        self._file, self._lines = path.open("wb"), 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def export_slices(store: KgxStore, folder: str | Path, triples: int) -> list[Path]:
    """Write the graph as N-Triples files of at most `triples` triples each (graph-000001.nt, ...) into `folder`,
    in Oxigraph's index order, for a bulk loader such as Virtuoso's `ld_dir`; earlier slices there are removed
    first, so that none of a larger graph is left to load. Returns the files in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("graph-*.nt"):
        old.unlink()
    slicer = _Slicer(folder, triples)
    try:
        store.open_database().dump(slicer, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    finally:
        slicer.close()
    return slicer.paths
