"""One person across documents: shorter names and other spellings join the full name they fit (no statistical
model: the documents' results are written by hand, as extraction would give them)."""

import datetime as dt

from kgx.graph.query import run_query
from kgx.graph.store import KgxStore
from kgx.merge import office_states, person_identities
from kgx.models import Document, DocumentResult, Office, Person, State


def person(name: str, state: str | None = None, role: str = "Foreign Minister") -> Person:
    key = "person:" + name.lower().replace(" ", "-")
    return Person(key=key, name=name, offices=[Office(role=role, state=state)])


def test_short_forms_and_spellings_join_the_full_name():
    people = [person("Sergey Lavrov", "RUS"), person("Sergei Lavrov"), person("Lavrov", "RUS"),
              person("Recep Tayyip Erdogan", "TUR", "President"), person("Tayyip Erdogan"), person("Erdogan", "TUR")]
    assert person_identities(people) == {
        "person:sergei-lavrov": "person:sergey-lavrov", "person:lavrov": "person:sergey-lavrov",
        "person:tayyip-erdogan": "person:recep-tayyip-erdogan", "person:erdogan": "person:recep-tayyip-erdogan"}


def test_relatives_other_states_and_bare_unplaced_surnames_stay_apart():
    people = [person("Emmanuel Macron", "FRA", "President"), person("Brigitte Macron", "FRA", "First Lady"),
              person("Macron", "FRA", "President"), person("Ali Hassan", "EGY"), person("Omar Hassan", "JOR"),
              person("Hassan"), person("Kim Jong Un", "PRK", "leader"), person("Kim Jong Il", "PRK", "leader"),
              person("Ana Costa", "PRT"), person("Ana Costa Lima", "BRA")]
    assert person_identities(people) == {}


def result(doc_id: str, *people: Person) -> DocumentResult:
    document = Document(id=doc_id, text="(written by hand)", published=dt.date(2024, 3, 15))
    states = [State(key=iso3, name=iso3, iso3=iso3) for iso3 in ("RUS", "TUR")]
    return DocumentResult(document=document, fingerprint=doc_id, entities=[*states, *people])


def test_the_people_query_gives_one_person_id_across_documents(tmp_path):
    store = KgxStore(tmp_path / "store")
    store.save(result("a", person("Sergey Lavrov", "RUS")))
    store.save(result("b", person("Sergei Lavrov")))
    store.save(result("c", person("Lavrov", "RUS"), person("Hakan Fidan", "TUR")))
    store.rebuild()
    columns, rows = run_query(store, "people")
    ids = {(row[columns.index("doc")], row[columns.index("name")]): row[columns.index("person")] for row in rows}
    assert ids == {("a", "Sergey Lavrov"): "person:sergey-lavrov", ("b", "Sergei Lavrov"): "person:sergey-lavrov",
                   ("c", "Lavrov"): "person:sergey-lavrov", ("c", "Hakan Fidan"): "person:hakan-fidan"}
    states = {row[columns.index("doc")]: row[columns.index("state")] for row in rows if row[columns.index("name")] != "Hakan Fidan"}
    assert states == {"a": "RUS", "b": "RUS", "c": "RUS"}  # the state another article gives the same person


def test_a_diplomat_never_takes_the_state_of_the_post_from_context():
    people = [person("Lin Wei", "TWN", "Foreign Minister"), person("Wu Hao", "TWN", "spokesman"),
              person("Tito Kabu", role="ambassador to Taiwan"), person("Chen Yu", role="Deputy Minister")]
    states = office_states(result("a", *people), {})
    assert states.get("person:chen-yu") == "TWN"  # an unqualified title: the state the article's officials serve
    assert "person:tito-kabu" not in states       # posted to Taiwan: not Taiwan's
