"""Find typed, dated events in a parsed document.

A trigger rule from `ontology/events.json` proposes an event at a token (a verb or a noun with its lemma, the right
object, modifier, particle or phrase); the type's role slots fill source and target from the parse; the status comes
from the clause (planned, denied, alleged, or negated and then dropped); the date from `temporal.anchor`.
Mentions of the same event inside one document are merged: one record per event per document.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Token

from .. import knowledge
from ..models import Event, EventStatus
from ..pipeline.linker import provenance
from ..temporal.anchor import EventDater
from .arguments import Actors, ActorResolver, governing_verb, slots

SPECIAL_OBJECTS = {"person", "state_entity"}
TRIGGER_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN")}


class EventExtractor:
    def __init__(self) -> None:
        self.lexicon = knowledge.event_lexicon()
        self.cues = self.lexicon.status_cues
        self.rules: dict[tuple[str, str], list[tuple[knowledge.EventType, knowledge.TriggerRule]]] = defaultdict(list)
        for event_type in self.lexicon.types:
            for rule in event_type.triggers:
                for pos in TRIGGER_POS[rule.pos]:
                    self.rules[(rule.lemma, pos)].append((event_type, rule))

    def __call__(self, doc: Doc) -> list[Event]:
        resolver = ActorResolver(doc)
        dater = EventDater(doc)
        found: list[Event] = []
        for token in doc:
            for event_type, rule in self.rules.get((token.lemma_.lower(), token.pos_), []):
                event = self._event(doc, token, event_type, rule, resolver, dater, len(found))
                if event is not None:
                    found.append(event)
                    break
        return merge_within_document(found, self.lexicon.by_name)

    # -- matching -------------------------------------------------------------------------------------------------

    def _matches(self, token: Token, rule: knowledge.TriggerRule, args: dict[str, list[Token]], resolver: ActorResolver) -> bool:
        if rule.particle and not any(c.dep_ == "prt" and c.lower_ == rule.particle for c in token.children):
            return False
        if rule.modifier and not any(c.lemma_.lower() in rule.modifier or c.lower_ in rule.modifier
                                     for c in token.children if c.dep_ in ("compound", "amod", "nmod")):
            return False
        if rule.phrase:
            following = [t.lemma_.lower() for t in token.doc[token.i + 1 : token.i + 12]]
            if not _in_order(rule.phrase, following):
                return False
        if rule.object and not self._object_matches(token, rule, args, resolver):
            return False
        for need in rule.needs:
            if not any(args.get(alternative) for alternative in need.split("|")):
                return False
        return True

    def _object_matches(self, token: Token, rule: knowledge.TriggerRule, args: dict[str, list[Token]], resolver: ActorResolver) -> bool:
        heads = args.get("obj", []) + args.get("prep:with", []) + args.get("dative", [])
        if token.pos_ not in ("VERB", "AUX"):
            heads += [c for c in token.children if c.dep_ in ("compound", "amod")] + ([token.head] if token.dep_ == "pobj" else [])
        words = {t.lemma_.lower() for h in heads for t in h.subtree} | {t.lower_ for h in heads for t in h.subtree}
        if "person" in rule.object and any(h.ent_type_ == "PERSON" or resolver(h).persons for h in heads):
            return True
        if "state_entity" in rule.object and any(resolver(h).states for h in args.get("obj", [])):
            return True
        wanted = set(rule.object) - SPECIAL_OBJECTS
        if not wanted & words:
            return False
        return not rule.also or bool(set(rule.also) & words)

    # -- building -------------------------------------------------------------------------------------------------

    def _event(self, doc: Doc, token: Token, event_type: knowledge.EventType, rule: knowledge.TriggerRule,
               resolver: ActorResolver, dater: EventDater, n: int) -> Event | None:
        args = slots(token)
        if not self._matches(token, rule, args, resolver):
            return None
        status = self._status(token)
        if status is None:
            return None
        source = self._fill(rule.source or event_type.source, args, resolver)
        target = self._fill(rule.target or event_type.target, args, resolver, exclude=source)
        if not self._complete(event_type, source, target):
            return None
        persons = list(dict.fromkeys(source.persons + target.persons))
        date = dater.date_of(token, "future" if status == "planned" else "past")
        dater.remember(token, event_type.name, date)
        sentence = token.sent
        confidence = 0.85 if token.pos_ == "VERB" else 0.7
        if date is not None and date.method == "inherited":
            confidence -= 0.1
        return Event(
            id=f"{doc._.kgx_doc_id}#e{n + 1}",
            type=event_type.name,
            source=source.keys,
            target=target.keys,
            persons=persons,
            location=self._location(event_type.name, target, args, resolver),
            date=date,
            status=status,
            trigger=token.text,
            confidence=round(confidence, 2),
            provenance=provenance(doc, sentence.start_char, sentence.end_char).model_copy(
                update={"sentence": _sentence_index(doc, token)}),
        )

    def _fill(self, slot_names: tuple[str, ...], args: dict[str, list[Token]], resolver: ActorResolver,
              exclude: Actors | None = None) -> Actors:
        for name in slot_names:
            actors = Actors()
            for head in args.get(name, []):
                actors.add(resolver(head))
            if exclude is not None:
                actors = Actors(states=[s for s in actors.states if s not in exclude.states],
                                persons=[p for p in actors.persons if p not in exclude.persons],
                                others=[o for o in actors.others if o not in exclude.others])
            if actors:
                return actors
        return Actors()

    @staticmethod
    def _complete(event_type: knowledge.EventType, source: Actors, target: Actors) -> bool:
        """An event kgx reports names its parties: both sides, or for an attack at least its target."""
        if event_type.symmetric:
            return len(set(source.keys) | set(target.keys)) >= 2 or (event_type.name == "Attack" and bool(target))
        return bool(target) and (bool(source) or event_type.name == "Attack")

    def _location(self, type_name: str, target: Actors, args: dict[str, list[Token]], resolver: ActorResolver) -> str | None:
        for name in ("prep:in", "objprep:in", "prep:at"):
            for head in args.get(name, []):
                states = resolver(head).states
                if states:
                    return states[0]
        return target.states[0] if type_name == "Visit" and target.states else None

    # -- status -----------------------------------------------------------------------------------------------------

    def _status(self, token: Token) -> EventStatus | None:
        """occurred, planned, denied or alleged; None for a negated event, which kgx does not report."""
        cues = self.cues
        verb = governing_verb(token)
        chain = [token, verb] + [a for a in verb.ancestors][:4]
        if any(c.lower_ in cues.negations and c.dep_ == "neg" for t in (token, verb) for c in t.children):
            return None
        sentence = token.sent.text.lower()
        for ancestor in chain[1:]:
            if ancestor.lemma_ in cues.denied_heads and ancestor.i != token.i:
                return "denied"
        if any(ancestor.lemma_ in cues.alleged_heads for ancestor in chain[1:] if ancestor.i != token.i):
            return "alleged"
        if any(phrase in sentence for phrase in cues.alleged_phrases):
            return "alleged"
        for t in (token, verb):
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues.planned_aux for c in t.children):
                return "planned"
        for t in chain[:4]:
            if t.dep_ == "xcomp" and t.head.lemma_ in cues.planned_heads:
                return "planned"
        return "occurred"


def _in_order(words: tuple[str, ...], following: list[str]) -> bool:
    position = 0
    for word in words:
        try:
            position = following.index(word, position) + 1
        except ValueError:
            return False
    return True


def _sentence_index(doc: Doc, token: Token) -> int:
    return next(i for i, s in enumerate(doc.sents) if s.start <= token.i < s.end)


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    a, b = a.split("/")[0], b.split("/")[0]
    return a.startswith(b) or b.startswith(a)


def merge_within_document(events: list[Event], types: dict[str, knowledge.EventType]) -> list[Event]:
    """One record per event per document: the same type, parties and a compatible date are one event."""
    merged: list[Event] = []
    for event in events:
        symmetric = types[event.type].symmetric

        def parties(e: Event) -> tuple:
            return (frozenset(e.source) | frozenset(e.target),) if symmetric else (frozenset(e.source), frozenset(e.target))

        twin = next((m for m in merged if m.type == event.type and parties(m) == parties(event)
                     and _dates_compatible(m.date.value if m.date else None, event.date.value if event.date else None)
                     and m.status == event.status), None)
        if twin is None:
            merged.append(event)
            continue
        better_date = event.date if _more_precise(event, twin) else twin.date
        persons = list(dict.fromkeys(twin.persons + event.persons))
        merged[merged.index(twin)] = twin.model_copy(update={"date": better_date, "persons": persons})
    return merged


def _more_precise(a: Event, b: Event) -> bool:
    rank = {"day": 3, "month": 2, "year": 1, "interval": 1, "unresolved": 0}
    pa = rank[a.date.precision] if a.date else -1
    pb = rank[b.date.precision] if b.date else -1
    return pa > pb and (b.date is None or b.date.method != "explicit" or a.date.method == "explicit")
