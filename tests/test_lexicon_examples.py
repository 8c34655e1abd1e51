"""Every example sentence beside a rule family in `ontology/events/` gives the events written with it, and a
sentence written with none gives no event of its type. The sentences are the lexicon's own, from many country
pairs; symmetric types are compared on the union of their parties, as the scorer does."""

import pytest

from kgx import knowledge
from kgx.evaluate import ISO3

pytestmark = pytest.mark.model


def _examples() -> list:
    return [pytest.param(event_type, example, id=f"{event_type.name}/{family.family}/{example.text[:50]}",
                         marks=[pytest.mark.xfail(strict=True, reason=example.known_gap)] if example.known_gap else [])
            for event_type in knowledge.event_lexicon().types for family in event_type.families
            for example in family.examples]


def _parties(source, target, symmetric: bool) -> set[tuple]:
    """The parties as the scorer compares them (states only): one set for a symmetric type, else each (source,
    target) pair."""
    source, target = [s for s in source if ISO3.match(s)], [t for t in target if ISO3.match(t)]
    if symmetric:
        return {(frozenset(source) | frozenset(target),)}
    return {(a, b) for a in source or [None] for b in target or [None]}


def _describe(events) -> list:
    return [(e.type, e.source, e.target, e.date.value if e.date else None, e.status) for e in events]


@pytest.mark.parametrize("event_type,example", _examples())
def test_example(analyse, event_type, example):
    found = [e for e in analyse(example.text, example.published)._.kgx_events if e.type == event_type.name]
    if not example.events:
        assert not found, _describe(found)
    for wanted in example.events:
        parties = _parties(wanted.source, wanted.target, event_type.symmetric)
        matching = [e for e in found if parties <= _parties(e.source, e.target, event_type.symmetric)]
        assert matching, f"no {event_type.name} {wanted.source}->{wanted.target} in {_describe(found)}"
        told = [e for e in matching if (e.date.value if e.date else None, e.status) == (wanted.date, wanted.status)]
        assert told, _describe(found)
        assert told[0].provenance.text in example.text and told[0].provenance.start >= 0


def test_every_family_has_examples_and_core_types_many_country_pairs():
    types = knowledge.event_lexicon().types
    assert all(family.examples for t in types for family in t.families if family.rules)
    pairs = {frozenset(e.source + e.target) for t in types if t.core for f in t.families for x in f.examples
             for e in x.events}
    assert len(pairs) >= 40
