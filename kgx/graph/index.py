"""The store's index (SQLite): what an incremental update needs without reading every document's result.

- `documents`: id, result file, the file's stamp (inode, size, mtime) and the fingerprint: which results changed
  since the graph was last updated, and what `kgx extract` may skip, from one directory listing;
- `people`: every person of every document, reduced to what `merge.person_identities` reads (key, name, the
  states of their offices), with the family word that bounds whom a name can join;
- `layer`: for each person key, the identity and states the last update gave it: a document is drawn again only
  when one of its keys changed;
- `events`: every document's event mentions (under cross-document keys) by merge bucket, without their sentences,
  with the merged event each was last linked to;
- `merged`: each merged event node with its bucket and a signature of what its triples are made from;
- `units`: the N-Triples of each document, each merged event and each mention's link to it, as last written;
- `counts`: for each triple (by digest), how many units hold it. Documents share triples (a state's label), so a
  triple leaves the graph only when its count falls to zero.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

SCHEMA_VERSION = "2"
SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents(id TEXT PRIMARY KEY, file TEXT UNIQUE, stamp TEXT, fingerprint TEXT);
CREATE TABLE people(doc TEXT, file TEXT, pos INTEGER, key TEXT, family TEXT, data TEXT);
CREATE INDEX people_doc ON people(doc);
CREATE INDEX people_key ON people(key);
CREATE INDEX people_family ON people(family);
CREATE TABLE layer(key TEXT PRIMARY KEY, data TEXT);
CREATE TABLE events(doc TEXT, pos INTEGER, bucket TEXT, id TEXT, node TEXT, data TEXT);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_id ON events(id);
CREATE INDEX events_bucket ON events(bucket);
CREATE TABLE merged(key TEXT PRIMARY KEY, bucket TEXT, signature TEXT);
CREATE INDEX merged_bucket ON merged(bucket);
CREATE TABLE units(name TEXT PRIMARY KEY, triples BLOB);
CREATE TABLE counts(digest BLOB PRIMARY KEY, n INTEGER) WITHOUT ROWID;
"""
CHUNK = 900  # values per `IN (...)`: below SQLite's limit on parameters


def digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


class GraphIndex:
    """One connection to the index, with every change of an update in one transaction (`commit` ends it)."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=DELETE")  # the rollback journal: a killed update leaves the old index
        if create:
            self.db.executescript(SCHEMA)
            self.db.execute("INSERT INTO meta VALUES ('version', ?), ('generation', '0'), ('triples', '0')",
                            (SCHEMA_VERSION,))
        self.db.execute("BEGIN")

    @classmethod
    def open(cls, path: Path) -> "GraphIndex | None":
        """The index at `path`, or None when there is none or it is not one this code wrote."""
        if not path.is_file():
            return None
        try:
            index = cls(path)
            if index.meta("version") != SCHEMA_VERSION:
                index.close()
                return None
            return index
        except sqlite3.DatabaseError:
            return None

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def select_in(self, sql: str, values: Iterable[str]) -> Iterator[tuple]:
        """Rows of `sql`, whose `{}` is replaced by `?` placeholders, for all `values` in chunks."""
        values = list(values)
        for i in range(0, len(values), CHUNK):
            part = values[i:i + CHUNK]
            yield from self.db.execute(sql.format(",".join("?" * len(part))), part)

    # -- units and counts -------------------------------------------------------------------------------------------

    def unit(self, name: str) -> set[bytes]:
        row = self.db.execute("SELECT triples FROM units WHERE name = ?", (name,)).fetchone()
        return set(zlib.decompress(row[0]).split(b"\n")) - {b""} if row else set()

    def set_unit(self, name: str, lines: set[bytes]) -> None:
        if lines:
            blob = zlib.compress(b"\n".join(sorted(lines)))
            self.db.execute("INSERT OR REPLACE INTO units VALUES (?, ?)", (name, blob))
        else:
            self.db.execute("DELETE FROM units WHERE name = ?", (name,))

    def count(self, line: bytes, change: int) -> tuple[int, int]:
        """Add `change` to a triple's count; returns the count before and after."""
        key = digest(line)
        row = self.db.execute("SELECT n FROM counts WHERE digest = ?", (key,)).fetchone()
        before = row[0] if row else 0
        after = before + change
        if after:
            self.db.execute("INSERT OR REPLACE INTO counts VALUES (?, ?)", (key, after))
        else:
            self.db.execute("DELETE FROM counts WHERE digest = ?", (key,))
        return before, after
