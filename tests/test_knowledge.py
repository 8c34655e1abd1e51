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
