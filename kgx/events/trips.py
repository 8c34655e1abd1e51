"""Visits told across a story, a family of rules of their own: the stops of one trip, a visit dated apart from the
one told before, the visit that a meeting held in a party's state implies, and the earlier visit that "the first
visit since ..." counts from. `rules.EventExtractor` calls these when it builds Visit and Meeting events."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..models import Event, TimeValue
from ..temporal.anchor import DURATION_NOUNS, told_as_first
from ..temporal.resolve import resolve
from .arguments import PERSON_NOUNS, Actors, ActorResolver, governing_verb

KIN_NOUNS = {"brother", "sister", "father", "mother", "son", "daughter", "predecessor"}  # "since his brother in 1995"

def the_one_before(token: Token) -> TimeValue | None:
    """"his first visit to Egypt since 2012", "the first visit there by a US diplomat since 1994" tells of an
    earlier visit too, in that year: its date."""
    if not told_as_first(token):
        return None
    verb = governing_verb(token)  # the parser may hang "since 1994" on the clause's verb
    phrase = {t.i for t in token.subtree if not _in_own_clause(t, token)}
    above = {a.i for a in token.ancestors if a.i == verb.i or verb.is_ancestor(a)} | phrase
    following = token.doc[token.i + 1 : min(token.i + 12, token.sent.end)]
    for prep in (t for t in following if t.lower_ == "since" and t.head.i in above):
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        # "since his brother in 1995", "since Nixon in 1972": the year of that person's visit
        objects += [y for g in objects if g.ent_type_ == "PERSON" or g.lemma_.lower() in PERSON_NOUNS | KIN_NOUNS
                    for p in g.children if p.dep_ == "prep" and p.lower_ == "in" for y in p.children if y.dep_ == "pobj"]
        for year in (g for g in objects if re.fullmatch(r"1[89]\d\d|20\d\d", g.text)):
            offsets = token.doc._.kgx_offsets
            start, end = year.idx, year.idx + len(year.text)
            start, end = offsets.to_original(start, end) if offsets else (start, end)
            return TimeValue(text=f"since {year.text}", value=year.text, precision="year", method="explicit",
                             start=start, end=end)
    return None


def _in_own_clause(word: Token, head: Token) -> bool:
    """Whether `word` lies in a clause of its own below `head` ("the first visit to Iraq, which has been at war
    since 2003")."""
    while word != head and word.head != word:
        if word.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return True
        word = word.head
    return False


def host_of_earlier_visit(found: list[Event], visitor: Actors) -> list[str]:
    """The host of the last visit told before by the visitor's state or person: a visit dated apart from it is
    another visit to the same place."""
    for event in reversed(found):
        if event.type == "Visit" and event.target and (set(event.source) & set(visitor.states)
                                                       or set(event.persons) & set(visitor.persons)):
            return event.target[:1]
    return []


def gapped_stops(verb: Token, resolver: ActorResolver, tense: str) -> list[tuple[str, TimeValue]]:
    """"will travel to Chile on Wednesday and Peru on Thursday": the parser joins the second place to the first
    day; each place joined so is a stop of its own, on the day named after it."""
    if verb.pos_ != "VERB":
        return []
    days = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "DATE"]
    stops = []
    for day in days:
        for place in (c for c in day.children if c.dep_ == "conj" and c.ent_type_ != "DATE"):
            states = resolver(place).states
            later = next((d for d in days if d.i > place.i), None)
            if states and later is not None:
                when = resolve(later.doc[later.left_edge.i : later.right_edge.i + 1].text,
                               verb.doc._.kgx_published, tense)
                if when.value:
                    stops.append((states[0], when))
    return stops


def guest_of(meeting: Event, args: dict[str, list[Token]], resolver: ActorResolver, found: list[Event]) -> str | None:
    """"X held talks with Kagame in Rwanda's capital": a meeting of two states held in the one the clause names as
    a party too is a visit of the other there, unless the story told that visit already."""
    places = {state for name in ("prep:in", "objprep:in") for head in args.get(name, []) for state in resolver(head).states}
    named = {state for name, heads in args.items() if name not in ("prep:in", "objprep:in", "prep:at")
             for head in heads for state in resolver(head).states}
    parties = set(meeting.source) | set(meeting.target)
    if len(parties) != 2 or places != {meeting.location} or meeting.location not in named:
        return None
    guest = next(iter(parties - places))
    told = any(e.type == "Visit" and guest in e.source and meeting.location in e.target for e in found)
    return None if told else guest


def purpose_objects(verb: Token) -> list[Token]:
    """The objects of the verb's "to" clauses of purpose ("landed in Accra to begin his mission": mission)."""
    return [o for c in verb.children if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                          for a in c.children)
            for o in c.children if o.dep_ == "dobj"]


def dated_in_phrase(token: Token) -> bool:
    """The trigger carries a date of its own ("his visit in 2000", "the December 16 trip"): another visit than the
    one told before, not a mention of it ("the visit", "his six-day trip")."""
    if any(c.lower_ in ("the", "this", "that") for c in token.children):
        return False
    return any((c.ent_type_ == "DATE" and c.lemma_.lower() not in DURATION_NOUNS)
               or (c.dep_ == "prep" and any(g.ent_type_ == "DATE" for g in c.children)) for c in token.children)
