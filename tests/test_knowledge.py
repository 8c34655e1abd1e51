"""The knowledge files: valid against their schemas, and the shipped JSON Schemas in step with the code."""

import json

import pytest

from kgx import knowledge
from kgx.errors import KgxError


def test_every_knowledge_file_loads_and_validates():
    knowledge.load_all()
    assert len(knowledge.states()) == 199
    assert {"PSE", "TWN", "XKX", "VAT", "SUN"} <= set(knowledge.states_by_iso3())


def test_the_shipped_json_schemas_match_the_code():
    for name, text in knowledge.json_schemas().items():
        assert (knowledge.ONTOLOGY_DIR / "schema" / name).read_text() == text, f"regenerate ontology/schema/{name}"


def test_a_bad_knowledge_file_fails_with_one_line_naming_file_and_field(tmp_path, monkeypatch):
    (tmp_path / "gazetteer").mkdir()
    data = json.loads((knowledge.ONTOLOGY_DIR / "gazetteer" / "organizations.json").read_text())
    data["organizations"][0]["wikidata"] = "not-a-qid"
    (tmp_path / "gazetteer" / "organizations.json").write_text(json.dumps(data))
    monkeypatch.setattr(knowledge, "ONTOLOGY_DIR", tmp_path)
    knowledge.organizations.cache_clear()
    try:
        with pytest.raises(KgxError, match=r"E020: .*organizations.json is invalid: organizations\.0\.wikidata"):
            knowledge.organizations()
    finally:
        knowledge.organizations.cache_clear()


def test_every_event_type_has_cameo_and_plover_and_triggers():
    for event_type in knowledge.event_lexicon().types:
        assert event_type.cameo and event_type.plover and event_type.triggers


def _broken_event_lexicon(tmp_path, monkeypatch, edit) -> None:
    """A copy of the event lexicon with one edit, loaded in place of the real one."""
    folder = tmp_path / "events"
    folder.mkdir()
    for path in (knowledge.ONTOLOGY_DIR / "events").glob("*.json"):
        (folder / path.name).write_text(path.read_text())
    edit(folder)
    monkeypatch.setattr(knowledge, "ONTOLOGY_DIR", tmp_path)
    knowledge.event_lexicon.cache_clear()


def _edit_json(path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("edit,message", [
    (lambda d: _edit_json(d / "visit.json", lambda t: t["families"][1]["rules"][0].update(needs=["prep:too"])),
     r"visit.json is invalid: families\.1\.rules\.0\.needs: .*unknown slot 'prep:too'"),
    (lambda d: _edit_json(d / "visit.json", lambda t: t.update(target=["objet"])),
     r"visit.json is invalid: target: .*unknown slot 'objet'"),
    (lambda d: _edit_json(d / "expulsion.json", lambda t: t["families"][0]["rules"][0].update(object=["@diplomats"])),
     r"expulsion.json is invalid: families\.0\.rules\.0\.object: unknown word set '@diplomats'"),
    (lambda d: _edit_json(d / "lexicon.json", lambda x: x["precedence"].remove("Visit")),
     r"lexicon.json is invalid: precedence: must name every event type once"),
    (lambda d: _edit_json(d / "visit.json", lambda t: t["families"][0]["rules"][0].update(lemmma="visit")),
     r"visit.json is invalid: families\.0\.rules\.0\.lemmma: Extra inputs are not permitted"),
])
def test_a_bad_event_lexicon_fails_with_one_line_naming_file_and_field(tmp_path, monkeypatch, edit, message):
    _broken_event_lexicon(tmp_path, monkeypatch, edit)
    try:
        with pytest.raises(KgxError, match=message):
            knowledge.event_lexicon()
    finally:
        knowledge.event_lexicon.cache_clear()


def test_word_sets_are_expanded_where_rules_name_them():
    expulsion = knowledge.event_lexicon().by_name["Expulsion"]
    expel = next(rule for rule in expulsion.triggers if rule.lemma == "expel")
    assert {"diplomat", "ambassador", "chargé"} <= set(expel.object) and not any(w.startswith("@") for w in expel.object)


@pytest.mark.parametrize("content,reason", [
    (None, "No such file"),
    (b"iso3,iso2\nFRA,\xff\xfe\n", "codec can't decode"),
    ("a folder", "Is a directory"),
])
def test_a_missing_or_unreadable_states_file_fails_with_one_line(tmp_path, monkeypatch, content, reason):
    (tmp_path / "gazetteer").mkdir()
    if isinstance(content, bytes):
        (tmp_path / "gazetteer" / "states.csv").write_bytes(content)
    elif content:
        (tmp_path / "gazetteer" / "states.csv").mkdir()
    monkeypatch.setattr(knowledge, "ONTOLOGY_DIR", tmp_path)
    knowledge.states.cache_clear()
    try:
        with pytest.raises(KgxError, match=rf"E020: .*states.csv is invalid: .*{reason}"):
            knowledge.states()
    finally:
        knowledge.states.cache_clear()
