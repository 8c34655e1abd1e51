import json

from kgx.errors import InputError
from kgx.models import Document
from kgx.reading.reader import read_documents


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    return docs, errors


def test_folder_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Chile and Peru signed a trade agreement.", encoding="utf-8")
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"file": "a.txt", "id": "A1", "published": "2024-02-01",
                                                       "title": "T", "source_lang": "en"}) + "\n", encoding="utf-8")
    docs, errors = _split(list(read_documents([tmp_path])))
    assert not errors
    assert docs[0].id == "A1" and docs[0].published.isoformat() == "2024-02-01" and docs[0].metadata == {"source_lang": "en"}


def test_yaml_front_matter(tmp_path):
    (tmp_path / "b.md").write_text("---\nid: B\npublished: 2023-05-30\ntitle: Visit\n---\nThe text.\n", encoding="utf-8")
    docs, _ = _split(list(read_documents([tmp_path / "b.md"])))
    assert docs[0].id == "B" and docs[0].text == "The text.\n" and docs[0].published.isoformat() == "2023-05-30"


def test_jsonl_keeps_unknown_keys_and_reports_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "x", "text": "Some text.", "published": "2024-01-02", "lang": "en"}),
        "{not json",
        json.dumps({"id": "y", "text": "More text.", "published": "02/01/2024"}),
        json.dumps({"id": "z", "text": "No date."}),
    ]), encoding="utf-8")
    docs, errors = _split(list(read_documents([path])))
    assert [d.id for d in docs] == ["x", "z"] and docs[0].metadata == {"lang": "en"} and docs[1].published is None
    assert len(errors) == 2 and ":2: malformed metadata line" in errors[0] and "'published' is not YYYY-MM-DD" in errors[1]


def test_bad_inputs_are_named_and_the_rest_goes_on(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Good text.", encoding="utf-8")
    docs, errors = _split(list(read_documents([tmp_path, tmp_path / "missing.txt"])))
    assert [d.id for d in docs] == ["good"]
    assert any("bin.txt: not a text file" in e for e in errors)
    assert any("latin1.txt: not valid UTF-8" in e for e in errors)
    assert any("empty.txt: empty" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)


def test_duplicate_ids_are_reported(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps({"id": "same", "text": t}) for t in ("one", "two")), encoding="utf-8")
    docs, errors = _split(list(read_documents([path])))
    assert len(docs) == 1 and "duplicate document id 'same'" in errors[0]
