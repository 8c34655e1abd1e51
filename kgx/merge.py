"""Cross-document merge: one node per real event and one entity per real person, state or organisation.

Mentions of the same event in several articles (same type and parties, dates compatible at their precision,
persons not in conflict) become one event. A person named in several articles is one entity: the same canonical
key, or a shorter name or other spelling that fits one full name ("Erdogan", "Sergei Lavrov"); an office that one
article leaves without a state takes the state another article gives the same person.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from . import knowledge
from .models import DocumentResult, Event, Person
from .temporal.resolve import date_bounds


@dataclass
class MergedEvent:
    """Mentions of one event, with what deciding whether another mention joins them needs: the people named, the
    statuses, the dates the mentions give (each compatible with every other), undated mentions."""

    key: str
    type: str
    mentions: list[Event] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    dates: list[str] = field(default_factory=list)  # every date a mention gives, intervals whole
    undated: bool = False
    report_days: set[str] = field(default_factory=set)  # dates that are only the day an act was reported
    told_dates: set[str] = field(default_factory=set)   # the other dates

    def add(self, event: Event) -> None:
        self.mentions.append(event)
        self.people.update(event.persons)
        self.statuses.add(event.status)
        self.documents.add(event.provenance.doc_id)
        date = event.date.value.split("/")[0] if event.date and event.date.value else None
        if date is None:
            self.undated = True
        else:
            (self.report_days if event.date.method == "report" else self.told_dates).add(date)
            self.dates.append(event.date.value)

    def accepts(self, event: Event, within_document: bool = False) -> bool:
        """Dates compatible and persons not in conflict. Across documents an undated mention joins a dated event
        only through a shared person ("Herzog's recent visit" is Herzog's May visit); inside one document also
        when one of them names nobody ("the opening of the embassy" after "In March, Azerbaijan opened an
        embassy"). Inside one document a planned and an occurred mention are two claims when both are dated ("will send
        tanks next year", "has supplied artillery since 2022"), one when either is not (a headline "X to reopen its
        embassy" above "X reopened its embassy on Monday"); "also" ("Gantz also met with...") marks another event, and
        so does another counterpart of the same person."""
        dated = bool(event.date and event.date.value)
        if within_document and (event.also and dated or self.statuses != {event.status} and dated and not self.undated
                                and not self._headline_twin(event)):
            return False
        if within_document and ("denied" in self.statuses) != (event.status == "denied"):
            return False  # "Iran said it has not sold drones to Russia" beside "Iran has supplied Russia": two claims
        persons = set(event.persons)
        shared = bool(persons & self.people)
        if within_document and shared and persons - self.people and self.people - persons:
            return False  # "Wang held talks with Oli" and "Wang held talks with Gyawali": two meetings
        bridged = shared or (within_document and (not persons or not self.people))
        date = event.date.value if event.date and event.date.value else None
        if date is None:
            if self.dates and not bridged:
                return False
        else:
            if self.undated and not bridged:
                return False
            if not all(dates_compatible(known, date) for known in self.dates) \
                    and not (within_document and self._reported_later(event)):
                return False
        return not persons or not self.people or shared

    def _headline_twin(self, event: Event) -> bool:
        """A headline's act and the body's of the same day are one, whatever status each tells ("Putin, Kim sign
        agreement" above "Putin has signed an agreement ..., state media reported")."""
        sentences = {m.provenance.sentence for m in self.mentions} | {event.provenance.sentence}
        return 0 in sentences and len(sentences) == 2 and self.dates == [event.date.value] * len(self.dates)

    def _reported_later(self, event: Event) -> bool:
        """Inside one document, an act dated only by the day it was reported ("Peru has expelled ...") is the act
        told with its own date in the year before ("Peru expelled the ambassador on Tuesday", "in June"), and the
        other way round."""
        date = event.date.value.split("/")[0]
        if event.date.method == "report":
            return bool(self.told_dates) and not self.report_days and all(_days_before(t, date) for t in self.told_dates)
        return bool(self.report_days) and not self.told_dates and all(_days_before(date, r) for r in self.report_days)

    @property
    def best(self) -> Event:
        """The mention with the most precise date, the first such in document order."""
        return best_dated(self.mentions)

    @property
    def persons(self) -> list[str]:
        return sorted(self.people)


PRECISION_RANK = {"day": 4, "month": 3, "interval": 2, "year": 1, "unresolved": 0}
STATUS_RANK = {"occurred": 3, "planned": 2, "alleged": 1, "denied": 0}


def best_dated(mentions: list[Event]) -> Event:
    """The mention with the most precise date (of two intervals the shorter; at equal precision, a date the text
    tells before the day of a report, and an explicit one first), the first such."""
    def rank(e: Event) -> tuple[int, int, bool, bool]:
        if e.date is None:
            return -1, 0, False, False
        bounds = date_bounds(e.date.value) if e.date.precision == "interval" else None
        narrow = -(bounds[1] - bounds[0]).days if bounds else 0
        return PRECISION_RANK[e.date.precision], narrow, e.date.method != "report", e.date.method == "explicit"
    return max(mentions, key=rank)


def merge_within_document(events: list[Event], symmetric: dict[str, bool]) -> list[Event]:
    """One record per event per document: the same type and parties with compatible dates are one event,
    dated by its most precise mention, with every person any mention names; a directed act toward several
    states becomes one per target first."""
    groups: list[MergedEvent] = []
    for event in (one for mention in events for one in _by_targets(mention, symmetric[mention.type])):
        twin = next((g for g in groups if g.type == event.type
                     and _parties(g.mentions[0], symmetric[event.type]) == _parties(event, symmetric[event.type])
                     and g.accepts(event, within_document=True)), None)
        if twin is None:
            twin = MergedEvent(key=event.id, type=event.type)
            groups.append(twin)
        twin.add(event)
    merged = []
    for group in groups:
        first, best = group.mentions[0], group.best
        merged.append(first.model_copy(update={
            "date": best.date,
            "persons": list(dict.fromkeys(p for e in group.mentions for p in e.persons)),
            "status": max((e.status for e in group.mentions), key=STATUS_RANK.__getitem__),
        }))
    return merged


def _by_targets(event: Event, symmetric: bool) -> list[Event]:
    """A directed act of one state toward several ("state visits to Turkmenistan, Kazakhstan and Uzbekistan") as
    one mention per target, so that each joins the mention that tells that target alone. (Acts of several states
    stay whole: their people could not be told apart by state here.)"""
    if symmetric or len(event.source) != 1 or len(event.target) < 2:
        return [event]
    targets = [b for b in event.target if b != event.source[0]]
    return [event.model_copy(update={"id": f"{event.id}.{k}" if k else event.id, "target": [b]})
            for k, b in enumerate(targets)]


def _parties(event: Event, symmetric: bool) -> tuple:
    if symmetric:
        return (frozenset(event.source) | frozenset(event.target),)
    return frozenset(event.source), frozenset(event.target)


def event_bucket(event: Event) -> str:
    """The group of mentions `merge_events` compares an event with (its type and parties), as text: mentions of
    different buckets never join, so the events of one bucket can be merged again without the others'."""
    parties = _parties(event, knowledge.event_lexicon().by_name[event.type].symmetric)
    return "|".join([event.type, *(",".join(sorted(side)) for side in parties)])


def _days_before(told: str, report: str, days: int = 366) -> bool:
    """Whether the date `told` (a day, a month or a year) ends before the report day `report`, within `days`."""
    told_bounds, report_bounds = date_bounds(told), date_bounds(report)
    if told_bounds is None or report_bounds is None or len(report) != 10:
        return False
    (first, last), day = told_bounds, report_bounds[0]
    return last < day and (day - first).days <= days


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Dates agree at the coarser precision: 2023-05 and 2023-05-30 do, and so do a span of days and a day inside
    it ("this week" and Friday; a span of years is a period, "2016 to 2020", not the time of one act in 2020); an
    undated mention only matches another."""
    if not a or not b:
        return not a and not b
    if _span_of_days(a) or _span_of_days(b):  # only then the bounds: this runs for every pair compared
        first, second = date_bounds(a), date_bounds(b)
        if first is not None and second is not None:
            return (first[0] <= second[0] and second[1] <= first[1]) or (second[0] <= first[0] and first[1] <= second[1])
    a, b = a.split("/")[0], b.split("/")[0]
    return a.startswith(b) or b.startswith(a)


def _span_of_days(value: str) -> bool:
    """A closed interval of days within a month or so ("2024-06-10/2024-06-15")."""
    start, _, end = value.partition("/")
    if len(start) != 10 or len(end) != 10:
        return False
    bounds = date_bounds(value)
    return bounds is not None and (bounds[1] - bounds[0]).days <= 31


def merge_events(events_by_document: Iterable[tuple[str, list[Event]]]) -> list[MergedEvent]:
    """Group the event mentions of all documents (document id, its events) into events, in a deterministic order:
    a mention joins the first event, in the order events were made, that it is compatible with.

    Events are indexed by type, parties and year (and undated ones by the people they name), so that a mention is
    compared only with events it could belong to, not with every event between the same two states."""
    types = knowledge.event_lexicon().by_name
    index: dict[tuple, list[int]] = defaultdict(list)
    ordered: list[MergedEvent] = []
    for doc_id, events in sorted(events_by_document, key=lambda pair: pair[0]):
        for event in events:
            bucket = (event.type, _parties(event, types[event.type].symmetric))
            year = event.date.value[:4] if event.date and event.date.value else None
            candidates = set(index[(bucket, year)])
            for person in event.persons if year is None else ():
                candidates.update(index[(bucket, "person", person)])
            if event.persons:
                candidates.update(index[(bucket, None)])
            found = next((i for i in sorted(candidates)
                          if doc_id not in ordered[i].documents and ordered[i].accepts(event)), None)
            if found is None:
                digest = hashlib.sha256(f"{event.type}|{event.id}".encode()).hexdigest()[:16]
                found = len(ordered)
                ordered.append(MergedEvent(key=digest, type=event.type))
            ordered[found].add(event)
            for key in [(bucket, year), *((bucket, "person", p) for p in event.persons)]:
                if found not in index[key][-1:]:
                    index[key].append(found)
    return ordered


def _name_words(name: str) -> list[str]:
    """A name's words folded for comparison, as the office-holder gazetteer folds them ("Recep Tayyip Erdoğan" ->
    ["recep", "tayyip", "erdogan"])."""
    return knowledge.fold_name(name).split()


def _fits(short: list[str], full: list[str]) -> bool:
    """Whether a name written one way can be another's: the same family name, and each other word of the
    shorter one found in the longer, spelled the same or with the same first four letters ("Sergei"/"Sergey")."""
    if short[-1] != full[-1]:
        return False
    return all(any(w == f or (len(w) >= 4 and len(f) >= 4 and w[:4] == f[:4]) for f in full[:-1]) for w in short[:-1])


def person_identities(people: Iterable[Person]) -> dict[str, str]:
    """One key per real person across documents: a name another article writes shorter or spells otherwise
    ("Erdogan", "Tayyip Erdogan", "Recep Tayyip Erdoğan"; "Sergei Lavrov", "Sergey Lavrov") joins the fullest
    name it fits, when that is the only one it fits and their states do not differ. A bare family name joins
    only through a known state. Returns key -> canonical key for the keys that change."""
    people = list(people)
    states = person_states(people)
    words: dict[str, list[str]] = {}
    documents: Counter = Counter()
    for person in people:
        words.setdefault(person.key, _name_words(person.name))
        documents[person.key] += 1
    canonical: dict[str, str] = {}
    by_family_name: dict[str, list[str]] = defaultdict(list)  # the keys seen so far, by their last word
    for key in sorted(words, key=lambda k: (-len(words[k]), k not in states, -documents[k], k)):
        if not words[key]:
            continue
        state = states.get(key)
        fits = {canonical[other] for other in by_family_name[words[key][-1]] if _fits(words[key], words[other])
                and state in (None, states.get(other, state))}
        if len(words[key]) == 1 and state is None:
            fits = set()
        canonical[key] = fits.pop() if len(fits) == 1 else key
        by_family_name[words[key][-1]].append(key)
    return {key: to for key, to in canonical.items() if to != key}


def with_identities(result: DocumentResult, identities: dict[str, str]) -> DocumentResult:
    """The document's people, mentions and events under their cross-document keys (a key another person of the
    same document already holds is left as it is)."""
    change = identity_changes({e.key for e in result.entities if isinstance(e, Person)}, identities)
    if not change:
        return result

    def key(k: str | None) -> str | None:
        return change.get(k, k) if k else k

    entities = [e.model_copy(update={"key": key(e.key), "relative": key(e.relative)}) if isinstance(e, Person) else e
                for e in result.entities]
    mentions = [m.model_copy(update={"entity": key(m.entity)}) for m in result.mentions]
    events = [e.model_copy(update={"persons": [key(p) for p in e.persons], "source": [key(p) for p in e.source],
                                   "target": [key(p) for p in e.target]}) for e in result.events]
    return result.model_copy(update={"entities": entities, "mentions": mentions, "events": events})


def identity_changes(own: set[str], identities: dict[str, str]) -> dict[str, str]:
    """The key changes `with_identities` makes in a document whose people have the keys `own`."""
    return {k: identities[k] for k in own if k in identities and identities[k] not in own}


def person_family(name: str) -> str:
    """The word that groups the names `person_identities` compares: a name only joins one with the same last word,
    so identities can be found again for one family of names without the others."""
    words = _name_words(name)
    return words[-1] if words else ""


def person_states(people: Iterable[Person]) -> dict[str, str]:
    """The state each person acts for, across documents: the one their explicit offices name most often."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for person in people:
        for office in person.offices:
            if office.state and office.current:
                votes[person.key][office.state] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def office_states(result: DocumentResult, across_documents: dict[str, str]) -> dict[str, str]:
    """The state each person of a document serves, when the text says it or it can be inferred, in this order:
    the office's own state; the state other articles give the same person; the other party of an event the
    person takes part in (in a meeting between Israel and Azerbaijan, the Israeli minister's unnamed-state
    counterpart serves Azerbaijan); the state most officials of the article serve, unless another person holds
    the same one-holder office for it ("President Kagame" of Rwanda; then "President Sarkozy" serves the other
    party). Former offices, the press and civil society take no state from context; family members share their
    relative's state."""
    people = {e.key: e for e in result.entities if isinstance(e, Person)}
    states: dict[str, str] = {}
    for key, person in people.items():
        office = person.offices[0] if person.offices else None
        if office is not None and office.state:
            states[key] = office.state
        elif key in across_documents and (office is None or office.current):
            states[key] = across_documents[key]
    for event in result.events:
        parties = set(event.source) | set(event.target)
        parties = {p for p in parties if p in knowledge.states_by_iso3()}
        unknown = [p for p in event.persons if p in people and p not in states
                   and _takes_context(people[p], through_organization=True)]
        known = {states[p] for p in event.persons if p in states}
        if len(parties) == 2 and len(unknown) == 1 and len(known & parties) == 1:
            states[unknown[0]] = (parties - known).pop()
    fallback = document_state(result)
    lexicon = knowledge.offices()
    unique = {lexicon.role_key(r) for r in lexicon.unique_roles}
    held: dict[str, set[str]] = defaultdict(set)  # a one-holder office -> the states someone holds it for here
    for key, person in people.items():
        if person.offices and person.offices[0].current and person.offices[0].state:
            held[lexicon.role_key(person.offices[0].role)].add(person.offices[0].state)
    for key, person in people.items():
        if key not in states and fallback and person.offices and _takes_context(person):
            role = lexicon.role_key(person.offices[0].role)
            # A second president in an article about Rwanda's president serves the other party.
            state = _other_party(result, fallback) if role in unique and fallback in held[role] else fallback
            if state and state != _posted_to(person.offices[0].role):
                states[key] = state
        if key not in states and person.relative in states:
            states[key] = states[person.relative]
    return states


def _posted_to(role: str) -> str | None:
    """The state a role names as its post ("ambassador to Taiwan", "consul in Shanghai" is not): a diplomat
    posted there does not serve it."""
    words = role.split()
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1].lower() in ("to", "in"):
            return _state_named(" ".join(words[i:]))
    return None


@cache
def _state_forms() -> dict[str, str]:
    """A state's name, aliases and capitals, lower case -> its iso3."""
    return {form.lower(): s.iso3 for s in knowledge.states() for form in (s.name, *s.aliases, *s.capital)}


def _state_named(text: str) -> str | None:
    return _state_forms().get(text.lower().removeprefix("the "))


def _other_party(result: DocumentResult, state: str) -> str | None:
    """The state a document pairs with `state`: the other party of its two-state events, else the state it names
    most after it, when one clearly leads."""
    known = knowledge.states_by_iso3()
    partners: Counter = Counter()
    for event in result.events:
        parties = {p for p in (*event.source, *event.target) if p in known}
        if state in parties and len(parties) == 2:
            partners[(parties - {state}).pop()] += 1
    if not partners:
        partners = Counter(m.entity for m in result.mentions if m.label == "STATE" and m.entity in known and m.entity != state)
    ranked = partners.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    return ranked[0][0]


def organization_states(result: DocumentResult, people_states: dict[str, str]) -> dict[str, str]:
    """A ministry or agency the text names without its state ("the State Border Service") serves the state of
    the official who heads it, when that is known."""
    found = {}
    for entity in result.entities:
        if isinstance(entity, Person) and entity.key in people_states:
            for office in entity.offices:
                if office.organization and office.organization.startswith(("agency:", "ministry:")):
                    found.setdefault(office.organization, people_states[entity.key])
    return found


def _takes_context(person: Person, through_organization: bool = False) -> bool:
    """Whether a person's state may come from context: a current office outside the press (and, unless an
    event says otherwise, outside an organisation of its own)."""
    office = person.offices[0] if person.offices else None
    return (office is not None and office.current and not knowledge.offices().outside_government(office.role)
            and (through_organization or not office.organization))


def document_state(result: DocumentResult) -> str | None:
    """The state that at least two people of a document serve, when one clearly leads: unqualified titles
    ("Chief of Staff Aviv Kohavi") in an article about that state's officials most likely belong to it."""
    counts = Counter(o.state for e in result.entities if isinstance(e, Person) for o in e.offices[:1] if o.state)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
