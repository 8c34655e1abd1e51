"""Cross-document merge: one node per real event and one entity per real person, state or organisation.

Mentions of the same event in several articles (same type and parties, dates compatible at their precision,
persons not in conflict) become one event. A person named in several articles is one entity (same canonical key);
an office that one article leaves without a state takes the state another article gives the same person.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import knowledge
from .models import DocumentResult, Event, Person


@dataclass
class MergedEvent:
    key: str
    type: str
    mentions: list[Event] = field(default_factory=list)

    @property
    def best(self) -> Event:
        """The mention with the most precise date, the first such in document order."""
        rank = {"day": 4, "month": 3, "interval": 2, "year": 1, "unresolved": 0}
        return max(self.mentions, key=lambda e: rank[e.date.precision] if e.date else -1)

    @property
    def persons(self) -> list[str]:
        return sorted({p for m in self.mentions for p in m.persons})


def _parties(event: Event, symmetric: bool) -> tuple:
    if symmetric:
        return (frozenset(event.source) | frozenset(event.target),)
    return frozenset(event.source), frozenset(event.target)


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates agree at the coarser precision: 2023-05 and 2023-05-30 do; an undated mention only matches another."""
    if not a or not b:
        return not a and not b
    a, b = a.split("/")[0], b.split("/")[0]
    return a.startswith(b) or b.startswith(a)


def _compatible(group: MergedEvent, event: Event) -> bool:
    """Dates compatible and persons not in conflict; an undated mention joins a dated event only through a
    shared person ("Herzog's recent visit" is Herzog's May visit)."""
    date = event.date.value if event.date else None
    persons, group_persons = set(event.persons), set(group.persons)
    shared = bool(persons & group_persons)
    for mention in group.mentions:
        other = mention.date.value if mention.date else None
        if not dates_compatible(other, date) and not ((other is None or date is None) and shared):
            return False
    return not persons or not group_persons or shared


def merge_events(results: Iterable[DocumentResult]) -> list[MergedEvent]:
    """Group event mentions of all documents into events, in a deterministic order."""
    types = knowledge.event_lexicon().by_name
    groups: dict[tuple, list[MergedEvent]] = defaultdict(list)
    ordered: list[MergedEvent] = []
    for result in sorted(results, key=lambda r: r.document.id):
        for event in result.events:
            bucket = groups[(event.type, _parties(event, types[event.type].symmetric))]
            target = next((g for g in bucket if _compatible(g, event) and result.document.id not in
                           {m.provenance.doc_id for m in g.mentions}), None)
            if target is None:
                digest = hashlib.sha256(f"{event.type}|{event.id}".encode()).hexdigest()[:16]
                target = MergedEvent(key=digest, type=event.type)
                bucket.append(target)
                ordered.append(target)
            target.mentions.append(event)
    return ordered


def person_states(results: Iterable[DocumentResult]) -> dict[str, str]:
    """The state each person acts for, across documents: the one their explicit offices name most often."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for result in results:
        for entity in result.entities:
            if isinstance(entity, Person):
                for office in entity.offices:
                    if office.state and office.current:
                        votes[entity.key][office.state] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def document_state(result: DocumentResult) -> str | None:
    """The state that at least two people of a document serve, when one clearly leads: unqualified titles
    ("Chief of Staff Aviv Kohavi") in an article about that state's officials most likely belong to it."""
    counts = Counter(o.state for e in result.entities if isinstance(e, Person) for o in e.offices[:1] if o.state)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
