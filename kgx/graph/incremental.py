"""Update the graph for the documents whose results changed, touching only what they touch.

A document's triples depend on its own result and on its people's identities and states across documents; the
merged event nodes depend on every mention of their bucket. Both cross-document computations split exactly:
`merge.person_identities` and `merge.person_states` only compare names with the same family word, and
`merge.merge_events` only compares mentions of one bucket (type and parties). So an update

1. finds the families of names the changed documents hold (before and after), closed over keys, and computes
   identities and states for those families alone, from the index's people;
2. draws again the changed documents and every other document one of whose keys got another identity or state;
3. merges again the buckets of those documents' mentions (before and after), and draws the merged events whose
   signature changed and the links of the mentions that joined another event.

Each drawn piece (a "unit") replaces its previous triples through `Delta`, which counts the units holding each
triple, so that a triple shared by documents leaves the graph with the last of them. A full rebuild is the same
update with every document changed and an empty index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from ..merge import (MergedEvent, event_bucket, identity_changes, merge_events, person_family, person_identities,
                     person_states, with_identities)
from ..models import DocumentResult, Event, Person
from .build import document_graph, event_graph, link_graph
from .index import CHUNK, GraphIndex

KEEP_RESULTS = 200  # results of at most this many changed documents stay in memory between the two passes


class Delta:
    """What an update changes in the database: the triples to add and to remove, from the units replaced. With
    a `sink` (a rebuild into an empty database) each added triple goes there at once."""

    def __init__(self, index: GraphIndex, sink: Callable[[bytes], None] | None = None) -> None:
        self.index = index
        self.sink = sink
        self.added: set[bytes] = set()
        self.removed: set[bytes] = set()
        self.triples = int(index.meta("triples") or 0)

    def replace(self, name: str, lines: set[bytes]) -> None:
        old = self.index.unit(name)
        if old == lines:
            return
        for line in old - lines:
            if self.index.count(line, -1)[1] == 0:
                self.triples -= 1
                if line in self.added:
                    self.added.discard(line)
                else:
                    self.removed.add(line)
        for line in lines - old:
            if self.index.count(line, 1)[0] == 0:
                self.triples += 1
                if self.sink:
                    self.sink(line)
                elif line in self.removed:
                    self.removed.discard(line)
                else:
                    self.added.add(line)
        self.index.set_unit(name, lines)


def ntriples(graph) -> set[bytes]:
    return set(graph.serialize(format="nt", encoding="utf-8").split(b"\n")) - {b""}


def _person_rows(result: DocumentResult, file: str) -> list[tuple]:
    """(doc, file, position, key, family, data) of each person: what `person_identities` reads of them."""
    rows = []
    for pos, entity in enumerate(result.entities):
        if isinstance(entity, Person):
            data = json.dumps([entity.name, [[o.state, o.current] for o in entity.offices]])
            rows.append((result.document.id, file, pos, entity.key, person_family(entity.name), data))
    return rows


class _Record(SimpleNamespace):
    """A model's fields as attributes: what merging and drawing read of a stored person or mention, made without
    pydantic's cost (building the models was most of an update's time in a large store)."""

    def model_copy(self, update: dict) -> "_Record":
        return _Record(**{**vars(self), **update})


def _person(key: str, data: str) -> _Record:
    name, offices = json.loads(data)
    return _Record(key=key, name=name, offices=[_Record(state=state, current=current) for state, current in offices])


def _event_data(event: Event) -> str:
    """A mention as merging and drawing a merged event read it: without its sentence, trigger and offsets."""
    data = event.model_dump(mode="json", exclude={"trigger", "confidence", "provenance"})
    data["doc_id"] = event.provenance.doc_id
    return json.dumps(data)


def _event(data: str) -> _Record:
    fields = json.loads(data)
    date = fields.pop("date")
    doc_id = fields.pop("doc_id")
    return _Record(**fields, date=_Record(**date) if date else None, provenance=_Record(doc_id=doc_id))


def _signature(merged: MergedEvent) -> str:
    """Changes when the merged event's triples would: what `event_graph` reads of it."""
    best = merged.best
    payload = json.dumps([merged.key, merged.type, best.source, best.target, best.location, best.status,
                          vars(best.date) if best.date else None, merged.persons], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class Update:
    """One update of the index and of `delta` for `changed` (doc id -> its result file) and `removed` doc ids."""

    def __init__(self, index: GraphIndex, delta: Delta, documents_dir: Path) -> None:
        self.index = index
        self.delta = delta
        self.documents_dir = documents_dir
        self.dropped: dict[str, str | None] = {}  # mention id -> the merged event it was linked to, of dropped rows

    def run(self, changed: dict[str, tuple[str, str]], removed: set[str]) -> None:
        """`changed`: doc id -> (result file name, its stamp)."""
        keep = len(changed) <= KEEP_RESULTS
        results: dict[str, DocumentResult] = {}
        new_people: list[tuple] = []
        fingerprints = {}
        for doc_id, (file, _) in changed.items():
            result = self._read(file)
            new_people += _person_rows(result, file)
            fingerprints[doc_id] = result.fingerprint
            if keep:
                results[doc_id] = result
        gone = set(changed) | removed
        layer, redraw = self._people(gone, new_people)
        affected = redraw | set(changed)
        self._delete("people", "doc", gone)
        self._delete("documents", "id", gone)
        self.index.db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)", new_people)
        self.index.db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)",
                                  [(d, f, s, fingerprints[d]) for d, (f, s) in changed.items()])
        files = dict(self.index.select_in("SELECT id, file FROM documents WHERE id IN ({})", affected - set(changed)))
        files.update({d: f for d, (f, _) in changed.items()})
        touched: set[str] = set()
        for doc_id in sorted(affected):
            result = results.get(doc_id) or self._read(files[doc_id])
            touched |= self._draw(result, layer)
        for doc_id in sorted(removed):
            self.delta.replace(f"d\t{doc_id}", set())
            touched |= self._drop_events(doc_id)
        self._merge(touched)

    def _read(self, file: str) -> DocumentResult:
        return DocumentResult.model_validate_json((self.documents_dir / file).read_bytes())

    def _people(self, gone: set[str], new_people: list[tuple]) -> tuple[dict[str, list], set[str]]:
        """Identities and states of every family of names the change touches; returns the layer (key -> [canonical
        key, its state, the canonical key's state]) of the keys the changed documents hold, and the documents to
        unchanged documents to draw again: those holding a key whose layer changed."""
        families = {row[4] for row in new_people}
        families |= {f for (f,) in self.index.select_in("SELECT DISTINCT family FROM people WHERE doc IN ({})", gone)}
        while True:  # a key whose people's names end in other words brings those families in
            keys = {row[3] for row in self._family_rows(families, gone, new_people)}
            more = {f for (f,) in self.index.select_in("SELECT DISTINCT family FROM people WHERE key IN ({})", keys)}
            more |= {row[4] for row in new_people if row[3] in keys}
            if more <= families:
                break
            families |= more
        rows = sorted(self._family_rows(families, gone, new_people), key=lambda row: (row[1], row[2]))
        people = [_person(row[3], row[5]) for row in rows]
        identities = person_identities(people)
        by_document: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            by_document.setdefault(row[0], []).append(i)
        change_of = {doc_id: identity_changes({rows[i][3] for i in positions}, identities)
                     for doc_id, positions in by_document.items()}
        voters: list[_Record] = []
        for row, person in zip(rows, people):
            to = change_of[row[0]].get(person.key)
            voters.append(person.model_copy({"key": to}) if to else person)
        states = person_states(voters)
        layer = {row[3]: [identities.get(row[3]), states.get(row[3]),
                          states.get(identities[row[3]]) if row[3] in identities else None] for row in rows}
        old_keys = {k for (k,) in self.index.select_in("SELECT DISTINCT key FROM people WHERE family IN ({})", families)}
        old = {k: json.loads(d) for k, d in self.index.select_in("SELECT key, data FROM layer WHERE key IN ({})", old_keys)}
        changed_keys = {k for k, value in layer.items() if old.get(k) != value}
        self._delete("layer", "key", old_keys - set(layer))
        self.index.db.executemany("INSERT OR REPLACE INTO layer VALUES (?, ?)",
                                  [(k, json.dumps(layer[k])) for k in sorted(changed_keys)])
        redraw = {d for (d,) in self.index.select_in("SELECT DISTINCT doc FROM people WHERE key IN ({})", changed_keys)}
        return layer, redraw - gone

    def _family_rows(self, families: set[str], gone: set[str], new_people: list[tuple]) -> list[tuple]:
        rows = [row for row in self.index.select_in("SELECT doc, file, pos, key, family, data FROM people "
                                                    "WHERE family IN ({})", families) if row[0] not in gone]
        return rows + [row for row in new_people if row[4] in families]

    def _layer_of(self, keys: set[str], layer: dict[str, list]) -> dict[str, list]:
        found = {k: layer[k] for k in keys if k in layer}
        found.update({k: json.loads(d) for k, d in self.index.select_in("SELECT key, data FROM layer WHERE key IN ({})",
                                                                        keys - set(found))})
        return found

    def _draw(self, result: DocumentResult, layer: dict[str, list]) -> set[str]:
        """Draw a document again; returns the buckets of its mentions, before and after."""
        keys = {e.key for e in result.entities if isinstance(e, Person)}
        identities, states = {}, {}
        for key, (canonical, state, canonical_state) in self._layer_of(keys, layer).items():
            if canonical:
                identities[key] = canonical
                if canonical_state:
                    states[canonical] = canonical_state
            if state:
                states[key] = state
        result = with_identities(result, identities)
        doc_id = result.document.id
        self.delta.replace(f"d\t{doc_id}", ntriples(document_graph(result, states)))
        touched = self._drop_events(doc_id)
        rows = [(doc_id, pos, event_bucket(e), e.id, None, _event_data(e)) for pos, e in enumerate(result.events)]
        self.index.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", rows)
        return touched | {row[2] for row in rows}

    def _drop_events(self, doc_id: str) -> set[str]:
        buckets = set()
        for bucket, mention, node in self.index.db.execute("SELECT bucket, id, node FROM events WHERE doc = ?", (doc_id,)):
            buckets.add(bucket)
            self.dropped[mention] = node
        self.index.db.execute("DELETE FROM events WHERE doc = ?", (doc_id,))
        return buckets

    def _merge(self, buckets: set[str]) -> None:
        """Merge the mentions of each bucket again; redraw the merged events whose signature changed and the links
        of the mentions that joined another event. Old and new nodes are compared over all the buckets at once: a
        node can move from one bucket to another."""
        new: dict[str, tuple[str, MergedEvent, str]] = {}
        linked: dict[str, str | None] = {}  # mention id -> the merged event its row names (None: a row written now)
        for bucket in sorted(buckets):
            by_document: dict[str, list[_Record]] = {}
            for doc_id, mention, node, data in self.index.db.execute(
                    "SELECT doc, id, node, data FROM events WHERE bucket = ? ORDER BY doc, pos", (bucket,)):
                by_document.setdefault(doc_id, []).append(_event(data))
                linked[mention] = node
            for merged in merge_events(by_document.items()):
                new[merged.key] = (bucket, merged, _signature(merged))
        old = dict(self.index.select_in("SELECT key, signature FROM merged WHERE bucket IN ({})", buckets))
        old.update(self.index.select_in("SELECT key, signature FROM merged WHERE key IN ({})", new))
        for key in sorted(set(old) - set(new)):
            self.delta.replace(f"e\t{key}", set())
        for key, (bucket, merged, signature) in sorted(new.items()):
            if old.get(key) != signature:
                self.delta.replace(f"e\t{key}", ntriples(event_graph(merged)))
        links = {m.id: (key, m) for key, (_, merged, _) in new.items() for m in merged.mentions}
        for mention, (key, record) in sorted(links.items()):
            if (linked[mention] or self.dropped.get(mention)) != key:
                self.delta.replace(f"m\t{mention}", ntriples(link_graph(key, record)))
        for mention in sorted(set(self.dropped) - set(links)):
            self.delta.replace(f"m\t{mention}", set())
        self.index.db.executemany("UPDATE events SET node = ? WHERE id = ?",
                                  [(key, mention) for mention, (key, _) in links.items() if linked[mention] != key])
        self._delete("merged", "key", set(old))
        self.index.db.executemany("INSERT INTO merged VALUES (?, ?, ?)",
                                  [(key, bucket, signature) for key, (bucket, _, signature) in new.items()])

    def _delete(self, table: str, column: str, values: set[str]) -> None:
        values = sorted(values)
        for i in range(0, len(values), CHUNK):
            part = values[i:i + CHUNK]
            self.index.db.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(part))})", part)
