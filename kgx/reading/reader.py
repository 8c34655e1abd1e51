"""Read articles from files, folders and JSONL into `Document`s, one at a time.

Inputs:
  * `.txt` / `.md` files, alone or in folders. Metadata comes from a sidecar `corpus.jsonl` in the same folder
    (one JSON object a line with `file`, and any of `id`, `title`, `published`, `url`, `publisher`, ...), or from
    YAML front matter between `---` lines at the top of the file. The id defaults to the file name's stem.
  * `.jsonl` files: one article a line, `{"id", "text", "published", "title", "url"}`; other keys are kept.

A bad input never stops the run: `read_documents` yields an `InputError` for it, and the next input follows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..models import Document

TEXT_SUFFIXES = {".txt", ".md"}
SIDECAR = "corpus.jsonl"
KNOWN_KEYS = {"id", "text", "published", "title", "url", "publisher"}


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Yield every document under `paths` in a stable order, or an `InputError` for each bad input."""
    return _Reader().read(paths)


class _Reader:
    """One pass over the inputs: remembers ids seen and each folder's sidecar metadata."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.sidecars: dict[Path, dict[str, dict[str, Any]]] = {}

    def read(self, paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                yield InputError("E001", path=path)
            elif path.is_dir():
                for file in sorted(p for p in path.rglob("*") if p.is_file()):
                    if file.suffix in TEXT_SUFFIXES or (file.suffix == ".jsonl" and file.name != SIDECAR):
                        yield from self._read_file(file)
            elif path.name != SIDECAR:
                yield from self._read_file(path)

    def _read_file(self, path: Path) -> Iterator[Document | InputError]:
        if path.suffix == ".jsonl":
            results = _read_jsonl(path)
        elif path.suffix in TEXT_SUFFIXES:
            yield from self._load_sidecar(path.parent)
            results = iter([(0, _read_text_file(path, self.sidecars[path.parent].get(path.name, {})))])
        else:
            results = iter([(0, InputError("E006", path=path))])
        for line, result in results:
            if isinstance(result, Document):
                if result.id in self.seen:
                    result = InputError("E007", path=path, line=line, doc_id=result.id)
                else:
                    self.seen.add(result.id)
            yield result

    def _load_sidecar(self, folder: Path) -> Iterator[InputError]:
        """Read a folder's `corpus.jsonl` once, by file name; its bad lines are reported once."""
        if folder in self.sidecars:
            return
        records: dict[str, dict[str, Any]] = {}
        self.sidecars[folder] = records
        path = folder / SIDECAR
        if not path.is_file():
            return
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = _json_object(path, number, line)
                if "file" not in record:
                    raise InputError("E005", path=path, line=number, reason="'file' is missing")
                records[str(record["file"])] = record
            except InputError as err:
                yield err


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("E002", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("E003", path=path, offset=err.start) from None


def _read_text_file(path: Path, sidecar: dict[str, Any]) -> Document | InputError:
    try:
        text = _decode(path, path.read_bytes())
        meta, text = _split_front_matter(path, text)
        meta = {**sidecar, **meta}
        if not text.strip():
            raise InputError("E004", path=path)
        return _document(path, 0, {"id": path.stem, **meta, "text": text}, source=str(path))
    except InputError as err:
        return err


def _read_jsonl(path: Path) -> Iterator[tuple[int, Document | InputError]]:
    try:
        data = _decode(path, path.read_bytes())
    except InputError as err:
        yield 0, err
        return
    if not data.strip():
        yield 0, InputError("E004", path=path)
        return
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = _json_object(path, number, line)
            if not isinstance(record.get("text"), str) or not record["text"].strip():
                raise InputError("E005", path=path, line=number, reason="'text' is missing or empty")
            if not record.get("id"):
                raise InputError("E005", path=path, line=number, reason="'id' is missing")
            yield number, _document(path, number, record, source=f"{path}:{number}")
        except InputError as err:
            yield number, err


def _json_object(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError("E005", path=path, line=number, reason=f"not JSON ({err.msg})") from None
    if not isinstance(record, dict):
        raise InputError("E005", path=path, line=number, reason="not a JSON object")
    return record


def _document(path: Path, line: int, record: dict[str, Any], source: str) -> Document:
    published = record.get("published")
    try:
        published = dt.date.fromisoformat(str(published)[:10]) if published else None
    except ValueError:
        raise InputError("E005", path=path, line=line, reason=f"'published' is not YYYY-MM-DD: {published!r}") from None
    extra = {k: v for k, v in record.items() if k not in KNOWN_KEYS and k != "file"}
    return Document(
        id=str(record["id"]),
        text=record["text"],
        published=published,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        publisher=_optional_str(record.get("publisher")),
        source=source,
        metadata=extra,
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (between two `---` lines at the very top) from the article text."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        raise InputError("E008", path=path, reason="no closing '---' line")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as err:
        raise InputError("E008", path=path, reason=str(err).splitlines()[0]) from None
    if not isinstance(meta, dict):
        raise InputError("E008", path=path, reason="not a mapping of keys to values")
    if isinstance(meta.get("published"), dt.date):
        meta["published"] = meta["published"].isoformat()
    return meta, text[end + 5 :]
