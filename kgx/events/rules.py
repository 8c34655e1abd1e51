"""Find typed, dated events in a parsed document.

A trigger rule from `ontology/events/` proposes an event at a token (a verb or a noun with its lemma, the right
object, modifier, particle or phrase); the type's role slots fill source and target from the parse; the status comes
from the clause (planned, denied, alleged, or negated and then dropped); the date from `temporal.anchor`.
Mentions of the same event inside one document are merged: one record per event per document.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .. import knowledge
from ..merge import merge_within_document
from ..models import Event, EventStatus, TimeValue
from ..positions import provenance, sentence_index
from ..temporal.anchor import EventDater, is_cleft
from ..temporal.resolve import date_bounds
from .arguments import PERSON_NOUNS, Actors, ActorResolver, governing_verb, is_passive, reduced_passive, slots
from .trips import dated_in_phrase, gapped_stops, guest_of, host_of_earlier_visit, purpose_objects, the_one_before

SPECIAL_OBJECTS = {"person", "state_entity"}
APART = {"separate", "separately", "individual", "individually"}  # "held separate talks with": one act per pair
ADDITIVE = {"also", "additionally", "further", "again"}  # "Gantz also met with...": another event of its kind
TRIGGER_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN")}
# "Despite talks with Chile, Peru has not agreed": an act in such an adjunct took place whatever its clause denies.
BACKGROUND_PREPOSITIONS = {"despite", "after", "following", "amid", "during"}
REPORTING_VERBS = {"say", "state", "insist", "maintain", "stress", "assert", "declare", "reiterate"}
# How far a rule's phrase may follow its trigger: a name with its office runs long ("labeled Chinese diplomat Zhao
# Wei of the Chinese Consulate General in Toronto persona non grata").
PHRASE_WINDOW = 16


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
        triggers: dict[str, int] = {}
        told: set[tuple[int, str]] = set()  # a noun a verb's event of that type already tells ("signed agreements")
        for token in doc:
            for event_type, rule in self._rules_for(token):
                if (token.i, event_type.name) in told:
                    continue
                events = self._events(doc, token, event_type, rule, resolver, dater, found, triggers)
                if events:
                    found.extend(events)
                    resolver.note_parties(token, list(dict.fromkeys(events[0].source + events[0].target)),
                                          people=bool(events[0].persons))
                    if len(events[0].source) == 1:  # "toured Ghana and Kenya ... the two countries": those toured
                        resolver.note_parties(token, events[0].target, people=bool(events[0].persons))
                    triggers.update((event.id, token.i) for event in events)
                    if token.pos_ == "VERB":
                        told.update((c.i, event_type.name) for c in token.children if c.dep_ == "dobj")
                    if rule.exclusive:
                        break
        _date_from_governors(found, triggers, dater.governors)
        return merge_within_document(found, {t.name: t.symmetric for t in self.lexicon.types})

    def _rules_for(self, token: Token) -> list[tuple[knowledge.EventType, knowledge.TriggerRule]]:
        """Rules for the token's lemma; when the lemmatiser fails on an inflected verb ("staged" -> "stag"),
        for the form without its inflection."""
        rules = self.rules.get((token.lemma_.lower(), token.pos_))
        if rules or token.pos_ != "VERB":
            return rules or []
        lower = token.lower_
        for suffix, replacement in (("ed", "e"), ("d", ""), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"), ("ing", "")):
            if lower.endswith(suffix) and (lower[: -len(suffix)] + replacement, "VERB") in self.rules:
                return self.rules[(lower[: -len(suffix)] + replacement, "VERB")]
        return []

    # -- matching -------------------------------------------------------------------------------------------------

    def _matches(self, token: Token, rule: knowledge.TriggerRule, args: dict[str, list[Token]], resolver: ActorResolver) -> bool:
        if rule.particle and not any(c.dep_ == "prt" and c.lower_ == rule.particle for c in token.children):
            return False
        if rule.modifier and not any(c.lemma_.lower() in rule.modifier or c.lower_ in rule.modifier
                                     for c in token.children if c.dep_ in ("compound", "amod", "nmod")):
            return False
        if rule.phrase:
            following = [t.lemma_.lower() for t in token.doc[token.i + 1 : token.i + PHRASE_WINDOW]]
            if not _in_order(rule.phrase, following):
                return False
        if rule.object and not self._object_matches(token, rule, args, resolver):
            return False
        if rule.unless and self._object_words(token, args) & set(rule.unless):
            return False
        if rule.subject and not _phrase_words(args.get("subj", [])) & set(rule.subject):
            return False
        if rule.unless_subject and any(s.lemma_.lower() in rule.unless_subject for s in args.get("subj", [])):
            return False
        if rule.unless_object and any(o.lemma_.lower() in rule.unless_object for o in args.get("obj", [])):
            return False
        if rule.unless_purpose and any(o.lemma_.lower() in rule.unless_purpose for o in purpose_objects(token)):
            return False
        for need in rule.needs:
            if not any(args.get(alternative) for alternative in need.split("|")):
                return False
        return True

    def _object_matches(self, token: Token, rule: knowledge.TriggerRule, args: dict[str, list[Token]], resolver: ActorResolver) -> bool:
        heads = self._object_heads(token, args)
        words = self._object_words(token, args)
        if "person" in rule.object and any(h.ent_type_ == "PERSON" or (actors := resolver(h)).persons
                                           or (h.lemma_.lower() in PERSON_NOUNS and actors.states) for h in heads):
            return True
        if "state_entity" in rule.object and any(resolver(h).states for h in args.get("obj", [])):
            return True
        wanted = set(rule.object) - SPECIAL_OBJECTS
        if not wanted & words:
            return False
        return not rule.also or bool(set(rule.also) & words)

    def _gives(self, token: Token, types: tuple[str, ...], resolver: ActorResolver) -> bool:
        """A rule of one of `types` matches at `token` ("agreed to restore ties": a restoration)."""
        return any(event_type.name in types and self._matches(token, rule, slots(token), resolver)
                   for event_type, rule in self._rules_for(token))

    @staticmethod
    def _object_heads(token: Token, args: dict[str, list[Token]]) -> list[Token]:
        heads = args.get("obj", []) + args.get("asobj", []) + args.get("prep:with", []) + args.get("dative", [])
        if token.pos_ not in ("VERB", "AUX"):
            heads += [c for c in token.children if c.dep_ in ("compound", "amod")] + ([token.head] if token.dep_ == "pobj" else [])
        return heads

    def _object_words(self, token: Token, args: dict[str, list[Token]]) -> set[str]:
        """Lemmas and forms of the object phrase (for a noun trigger also its modifiers and governing noun)."""
        return _phrase_words(self._object_heads(token, args))

    # -- building -------------------------------------------------------------------------------------------------

    def _events(self, doc: Doc, token: Token, event_type: knowledge.EventType, rule: knowledge.TriggerRule,
                resolver: ActorResolver, dater: EventDater, found: list[Event], triggers: dict[str, int]) -> list[Event]:
        """The event the rule gives at `token`, or one per ordered pair of states for a mutual act; none when the
        rule does not match, the event is negated or its parties are not named."""
        args = slots(token)
        if not self._matches(token, rule, args, resolver):
            return []
        if rule.phrase:
            args["phrasegap"] = _phrase_gap(token, rule.phrase[0], resolver)
        if rule.yields_to and any(self._gives(x, rule.yields_to, resolver)
                                  for x in args.get("xcomp", []) + args.get("obj", []) + args.get("objprep:for", [])
                                  + args.get("prep:for", []) + args.get("prep:on", [])):
            # "agreed to sell tanks", "signed an arms deal", "sealed a deal for the purchase of jets", "agreed on the
            # delivery of missiles": the transfer
            return []
        status = self._status(token)
        if rule.negated:  # "has not had an embassy there since 1980": closed since then
            status = "occurred" if status is None and any(c.dep_ == "neg" for c in token.children) else None
        if status is None or (status == "planned" and self._called_off(token)):
            return []
        tense = "future" if status == "planned" else "past"
        source = self._fill(rule.source or event_type.source, args, resolver)
        target = self._fill(rule.target or event_type.target, args, resolver, exclude=source,
                            states_only=event_type.state_targets)
        if rule.leaves:  # "switched recognition to Beijing": away from Taipei
            target = Actors(states=[rule.leaves[s] for s in target.states if s in rule.leaves and rule.leaves[s] not in source.states])
        pairs = _mutual_pairs(rule, source, target, args)
        if pairs:
            source, target = Actors(states=[pairs[0][0]], persons=source.persons), Actors(states=[pairs[0][1]])
        self._roles_from_discourse(token, event_type, rule, args, source, target, resolver, found, triggers)
        if not self._complete(event_type, rule, source, target):
            if token.pos_ == "NOUN" and any(c.lower_ in ("the", "this", "that") for c in token.children):
                dated = _date_the_antecedent(found, event_type.name, dater.date_of(token, tense))
                if dated is not None:
                    dater.remember(token.doc[triggers[dated.id]], dated.type, dated.date, dated.persons,
                                   set(dated.source) | set(dated.target))
            return []
        pairs = pairs or ([] if rule.together else _pairwise(event_type, source, target, token))
        persons = list(dict.fromkeys(source.persons + target.persons))
        date = dater.date_of(token, tense)
        parties = set(source.states) | set(target.states)
        if date is None:
            date = dater.continued(token, persons, parties) or dater.reported_earlier(token)
            if status == "planned" and _past(date, doc._.kgx_published):
                date = None  # "agreed in May to exchange envoys ... X will become ambassador": not done in May
        counted_from = token.dep_ == "pobj" and token.head.lower_ == "since"
        if status == "planned" and counted_from:
            status = "occurred"  # "the first visit since Desai's trip in 1979": the trip it is counted from is past
        if status == "occurred" and _ahead(date, doc._.kgx_published):
            status = "planned"  # "arrives in Lima on Tuesday", told on the Sunday before
        if not counted_from:  # an occasion long past dates none of the acts told after it
            dater.remember(token, event_type.name, date, persons, parties)
        sentence = token.sent
        confidence = 0.85 if token.pos_ == "VERB" else 0.7
        if date is not None and date.method == "inherited":
            confidence -= 0.1
        event = Event(
            id=f"{doc._.kgx_doc_id}#e{len(found) + 1}",
            type=event_type.name,
            source=[pairs[0][0]] if pairs else source.keys,
            target=[pairs[0][1]] if pairs else target.keys,
            persons=persons,
            location=self._location(event_type.name, target, args, resolver),
            date=date,
            status=status,
            trigger=token.text,
            also=any(c.lower_ in ADDITIVE for c in token.children if c.dep_ == "advmod") or _earlier_act_of_clause(token),
            confidence=round(confidence, 2),
            provenance=provenance(doc, sentence.start_char, sentence.end_char).model_copy(
                update={"sentence": sentence_index(doc, token.idx)}),
        )
        events = [event] + [event.model_copy(update={"id": f"{event.id}.{k}", "source": [a], "target": [b]})
                            for k, (a, b) in enumerate(pairs[1:], start=1)]
        if event_type.name == "Visit" and len(events) == 1:
            # the later stops go first, so that a meeting told with the trip takes the first stop as its host
            events[:0] = [event.model_copy(update={"id": f"{event.id}.then{k}", "target": [state], "date": when,
                                                "location": state})
                       for k, (state, when) in enumerate(gapped_stops(token, resolver, tense), start=1)
                       if state not in event.target]
        guest = guest_of(event, args, resolver, found) if event_type.name == "Meeting" else None
        if guest is not None:
            events.append(event.model_copy(update={"id": f"{event.id}.visit", "type": "Visit", "source": [guest],
                                                   "target": [event.location], "also": False}))
        earlier = the_one_before(token)
        if earlier is not None:
            events.append(event.model_copy(update={"id": f"{event.id}.before", "date": earlier, "status": "occurred"}))
        return events

    def _roles_from_discourse(self, token: Token, event_type: knowledge.EventType, rule: knowledge.TriggerRule,
                              args: dict[str, list[Token]], source: Actors, target: Actors, resolver: ActorResolver,
                              found: list[Event], triggers: dict[str, int]) -> None:
        """What the clause leaves open, read from the discourse in the order `docs/decisions.md` gives: the host of
        a hosted event, a person's state, the other party of a meeting or agreement that names one."""
        stateless = [k for k in source.others + target.others if k.startswith(("agency:", "ministry:"))]
        if event_type.hosted and (len(set(source.keys) | set(target.keys)) < 2 or stateless):
            # "During the visit, Gantz met the Chief of the State Border Service": the host's agency.
            host = self._host_state(token, args, resolver, found, triggers, source)
            for actors in (source, target):
                actors.others[:] = [k for k in actors.others if k not in stateless]
            if host and host not in source.states and host not in target.states:
                target.states.append(host)
        if not event_type.symmetric and target.states and not source and not source.persons \
                and is_passive(token) and not any(c.dep_ == "agent" for c in token.children):
            # "Denmark sold F-16s to Argentina. More of its jets have been promised to Ukraine.": by the same actor.
            source.states.extend(s for s in _last_actor(token, event_type.name, found) if s not in target.states)
        visited = [state for event in found if event.type == "Visit" for state in event.target]
        for actors, other in ((source, target), (target, source)):
            if actors.persons and not actors.states and not actors.others:
                # "Lula arrived in Tokyo ... He will meet Prime Minister X": whom a visitor meets is of the host.
                hosts = [e.target[0] for e in reversed(found) if e.type == "Visit" and e.target
                         and set(e.source) & set(other.states)] if event_type.hosted else []
                # "Modi will visit Poland": a named person whose state the text never gives acts for the state the
                # article is about, other than the other party and the places visited.
                actors.states.extend(hosts[:1] or resolver.main_states(exclude=other.states + visited)[:1])
        nouns = set(rule.subject) or (set(rule.object) if _agentless_passive(token) else set())
        mission = next(iter(args.get("subj" if rule.subject else "obj", [])), None)
        if nouns and not event_type.symmetric and not target.states and mission is not None \
                and mission.lemma_.lower() in nouns and any(c.lower_ == "the" for c in mission.children):
            # "... reopen its embassy in Damascus. The embassy has been closed since 2011": that mission.
            owner, host = resolver.mission_told_before(mission, source.states, nouns)
            if host and not source.states:
                source.states.extend(owner)
            target.states.extend(host)
        if rule.earlier_host and source.states and not target and dated_in_phrase(token):
            # "Putin visited Pyongyang ... Looking back on his visit in 2000": the same state's visit before.
            target.states.extend(host_of_earlier_visit(found, source))
        parties = set(source.keys) | set(target.keys)
        if event_type.hosted and not parties and not rule.own_parties and _agentless_passive(token):
            # "Ghana and Togo held talks. An agreement was reached on the border.": between the last event's parties
            target.states.extend(resolver.recent_parties(token))
            return
        if rule.partner and len(parties) == 1 and source.states and not target:
            # "Ecuador broke off diplomatic ties in 2008": with the other party of the last event it took part in.
            target.states.extend(resolver.partner_of(token, source.states[0]))
            return
        if not (event_type.hosted and len(parties) == 1 and not rule.alone and not rule.own_parties):
            return
        if _agentless_passive(token) and (recent := resolver.recent_parties(token)):
            # "The breakthrough negotiated with China": with China, by the parties of the last event.
            target.states.extend(s for s in recent if s not in parties)
        elif not _named_counterpart(args, resolver):
            # "The two sides held talks", "signed an agreement": the other party is the state the article is about
            # (not when the clause names who it was with: "after meeting with security officials").
            target.states.extend(resolver.main_states(exclude=list(parties))[:1])

    def _fill(self, slot_names: tuple[str, ...], args: dict[str, list[Token]], resolver: ActorResolver,
              exclude: Actors | None = None, states_only: bool = False) -> Actors:
        people_only = None
        for name in slot_names:
            actors = Actors()
            for head in args.get(name, []):
                actors.add(resolver(head))
            if states_only:
                actors.others.clear()
            if exclude is not None:
                actors = Actors(states=[s for s in actors.states if s not in exclude.states],
                                persons=[p for p in actors.persons if p not in exclude.persons],
                                others=[o for o in actors.others if o not in exclude.others])
            if actors:
                return actors
            if people_only is None and actors.persons:
                people_only = actors  # (an Actors with people only is falsy: `or` would drop it)
        # Nobody whose state is known: still record the people ("received by President Ilham Aliyev").
        return people_only if people_only is not None else Actors()

    def _host_state(self, token: Token, args: dict[str, list[Token]], resolver: ActorResolver, found: list[Event],
                    triggers: dict[str, int], source: Actors) -> str | None:
        """The other party of a meeting or agreement that names only one: the state where it took place ("met in
        Baku"), or the host of the visit it belongs to ("during the visit", "a visit ..., during which he met",
        or the visit the same person made in the sentences just before)."""
        for name in ("prep:in", "objprep:in", "prep:at"):
            for head in args.get(name, []):
                if resolver(head).states:
                    return resolver(head).states[0]
        ancestors = {a.i for a in token.ancestors}
        here = sentence_index(token.doc, token.idx)
        for event in reversed(found):
            if event.type != "Visit" or not event.target:
                continue
            if triggers[event.id] in ancestors or any(t.lemma_ in ("visit", "trip") and t.head.lower_ == "during"
                                                      for t in token.sent):
                return event.target[0]
            shared = set(event.persons) & set(source.persons) or set(event.source) & set(source.states)
            if shared and here - event.provenance.sentence <= 2:
                return event.target[0]
        return None

    @staticmethod
    def _complete(event_type: knowledge.EventType, rule: knowledge.TriggerRule, source: Actors, target: Actors) -> bool:
        """An event kgx reports names its parties: both sides, or for an attack at least its target."""
        if event_type.symmetric:
            parties = len(set(source.keys) | set(target.keys))
            return parties >= 2 or (parties == 1 and rule.alone) or (event_type.name == "Attack" and bool(target))
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
        heads = [verb]  # "are not expected to normalize relations": the negation may sit on a governing verb
        while heads[-1].dep_ in ("xcomp", "ccomp") and heads[-1].head != heads[-1] and len(heads) < 4 \
                and not is_cleft(heads[-1].head):  # "it was not until this year that Azerbaijan appointed..."
            heads.append(heads[-1].head)
        background = token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ in BACKGROUND_PREPOSITIONS
        if any(c.lower_ in cues.negations and c.dep_ == "neg" for t in (token, *([] if background else heads))
               for c in t.children):
            return "denied" if _own_denial(verb) else None
        if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for t in (token, verb) for c in t.children):
            return None  # "If Serbia recognized Kosovo, ...": hypothetical
        if _conditional_consequent(verb, cues.conditional_marks):
            return None  # "would cut ties if the attacks continued", "... should the burning go ahead": hypothetical
        clause = token
        while clause.dep_ == "conj" and clause.head.pos_ in ("VERB", "AUX") or clause.dep_ == "ccomp" and clause.head.dep_ == "relcl":
            clause = clause.head  # "a principle which holds that Taiwan is part of China and recognizes Beijing"
        if clause.dep_ == "relcl" and token.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in token.children):
            return None  # "the one-China policy, which recognizes Beijing as ...": what a policy says, no act
        if any(t.dep_ in ("xcomp", "dobj", "nsubjpass") and t.head.lemma_ in cues.irrealis_heads for t in chain[:3]):
            return None  # "Baku had been hesitant to open an embassy", "refused to sign"
        sentence = token.sent.text.lower()
        for ancestor in chain[1:]:
            if ancestor.lemma_ in cues.denied_heads and ancestor.i != token.i:
                return "denied"
        if any(ancestor.lemma_ in cues.alleged_heads for ancestor in chain[1:] if ancestor.i != token.i):
            return "alleged"
        if any(phrase in sentence for phrase in cues.alleged_phrases) and not _in_subordinate_clause(token):
            return "alleged"  # "Jerusalem supplied drones ..., according to foreign reports"
        for t in (token, verb):
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues.planned_aux for c in t.children):
                return "planned"
        for t in chain[:4]:
            if t.dep_ == "xcomp" and t.head.lemma_ in cues.planned_heads:
                return "planned"
        if token.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues.planned_modifiers for c in token.children):
            return "planned"  # "the upcoming visit of President Xi"
        return "occurred"

    def _called_off(self, token: Token) -> bool:
        """A planned act that the same or the next sentence calls off by naming it again ("was scheduled to pay a
        visit to X, but his visit was cancelled"; "The trip was postponed.")."""
        sentences = [token.sent] + ([token.doc[token.sent.end].sent] if token.sent.end < len(token.doc) else [])
        lemma = token.lemma_.lower()
        return any(t.i != token.i and t.lemma_.lower() == lemma and t.dep_ in ("nsubjpass", "dobj")
                   and t.head.lemma_.lower() in self.cues.irrealis_heads
                   and any(c.dep_ in ("poss", "det") and c.lower_ not in ("a", "an") for c in t.children)
                   for sentence in sentences for t in sentence)


def _own_denial(verb: Token) -> bool:
    """"Iran stated that it has not sold drones to Russia": an actor saying it did not do what the clause tells
    (done, not promised: "said it would not expel anyone" is no act) denies it."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in REPORTING_VERBS:
        return False
    if not any(c.dep_ == "neg" for c in verb.children) or any(c.lower_ in ("will", "would", "wo", "shall", "'ll")
                                                              for c in verb.children if c.dep_ == "aux"):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject is not None and speaker is not None and subject.dep_ == "nsubj" and (
        subject.lower_ in ("it", "they", "he", "she", "we", "i") or subject.lower_ == speaker.lower_)


def _conditional_consequent(verb: Token, marks: set[str] | tuple[str, ...]) -> bool:
    """A 'would'/'will' clause under a condition: an 'if'/'unless' clause after its verb, or a later clause opened
    by an inverted 'should'/'were'/'had' (which the parser may hang elsewhere). What is threatened is no act yet."""
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "will") for c in verb.children):
        return False
    if any(m.dep_ == "mark" and m.lower_ in marks and m.i > verb.i for m in verb.subtree):
        return True  # an 'if' clause after the verb, however the parser attaches it
    return any(t.lower_ in ("should", "were", "had") and t.dep_ in ("aux", "auxpass") and t.i > verb.i
               and t.head.left_edge.i == t.i and any(s.dep_ in ("nsubj", "nsubjpass") and t.i < s.i < t.head.i
                                                     for s in t.head.children) for t in verb.sent)


def _mutual_pairs(rule: knowledge.TriggerRule, source: Actors, target: Actors,
                  args: dict[str, list[Token]]) -> list[tuple[str, str]]:
    """"Ecuador and Colombia will name ambassadors", "agreed to reopen embassies": several states act, none is
    acted upon, the object is plural: each acts towards each other one."""
    plural = any(t.tag_ in ("NNS", "NNPS") for t in args.get("obj", []))
    by_envoys = any(t.lemma_.lower() in PERSON_NOUNS for t in args.get("subj", []))  # "the ambassadors of A and B"
    if not rule.mutual or target or len(source.states) < 2 or not plural or by_envoys:
        return []
    return [(a, b) for a in source.states for b in source.states if a != b]


def _last_actor(token: Token, type_name: str, found: list[Event]) -> list[str]:
    """The states that did the last act of this type told within the five sentences before `token`."""
    here = sentence_index(token.doc, token.idx)
    for event in reversed(found):
        if event.type == type_name and here - event.provenance.sentence <= 5:
            return [s for s in event.source if s in knowledge.states_by_iso3()]
    return []


def _phrase_words(heads: list[Token]) -> set[str]:
    """Lemmas and forms of every word in the phrases these tokens head, short of the clauses inside them ("end
    hostilities that saw them severing ties" ends no ties)."""
    return {w for head in heads for t in _phrase_tokens(head) for w in (t.lemma_.lower(), t.lower_)}


def _phrase_tokens(head: Token) -> Iterator[Token]:
    """The phrase under `head`, without the relative and participle clauses inside it."""
    stack = [head]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in ("relcl", "acl"))


def _phrase_gap(token: Token, first_word: str, resolver: ActorResolver) -> list[Token]:
    """The named actors between the trigger and the rule's phrase, one token each: "declared Canadian Consul
    Jennifer Lalonde persona non grata", however the parser hangs the name."""
    end = next((t.i for t in token.doc[token.i + 1 : token.i + PHRASE_WINDOW] if t.lemma_.lower() == first_word), token.i)
    return [token.doc[i] for i in range(token.i + 1, end) if i in resolver.actors
            and (i + 1 == end or resolver.actors.get(i + 1) != resolver.actors[i])]


def _named_counterpart(args: dict[str, list[Token]], resolver: ActorResolver) -> bool:
    """Whether the clause says whom the act was with as a bare plural of no known state ("met with security
    officials"): then no other state is wanted from the discourse (a definite "the ambassador" refers back to
    someone the article is about)."""
    withs = args.get("prep:with", []) + args.get("objprep:with", [])
    return bool(withs) and all(t.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in t.children)
                               and not resolver(t) and not resolver(t).persons for t in withs)


def _agentless_passive(verb: Token) -> bool:
    """"An agreement was reached", "the treaty was signed", "a communique issued after the talks": a passive verb
    (or a participle describing its patient) whose patient is a common noun and whose doer the clause leaves out
    (a named accord, "the Paris Agreement was signed", is no pair's)."""
    if verb.pos_ != "VERB" or not (is_passive(verb) or reduced_passive(verb)) \
            or any(c.dep_ == "agent" for c in verb.children):
        return False
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"] + ([verb.head] if reduced_passive(verb) else [])
    return bool(patients) and all(p.pos_ == "NOUN" and not any(c.pos_ == "PROPN" for c in p.children) for p in patients)


def _ahead(date: TimeValue | None, published: datetime.date | None) -> bool:
    """Whether a date lies wholly after the day of publication."""
    bounds = date_bounds(date.value) if date is not None and date.value and published is not None else None
    return bounds is not None and bounds[0] > published


def _past(date: TimeValue | None, published: datetime.date | None) -> bool:
    """Whether a date lies wholly before the day of publication."""
    bounds = date_bounds(date.value) if date is not None and date.value and published is not None else None
    return bounds is not None and bounds[1] < published




def _pairwise(event_type: knowledge.EventType, source: Actors, target: Actors, token: Token) -> list[tuple[str, str]]:
    """"Saudi Arabia, the UAE and Bahrain severed ties with Qatar": one act per pair of states, for the types whose
    acts are bilateral even when told together; "China signed agreements with A, B and C": one per partner of a
    single actor, for the types told so by a verb (a noun, "a meeting with A and B", keeps them together)."""
    if not source.states or not target.states or len(source.states) + len(target.states) < 3:
        return []
    # "concluded the AUKUS partnership with the US and Britain": one act with both, as a singular object says.
    singular = any(c.dep_ == "dobj" and c.tag_ in ("NN", "NNP") and any(d.dep_ == "det" for d in c.children)
                   for c in token.children)
    one_to_many = event_type.one_to_many and len(source.states) == 1 and token.pos_ == "VERB" and not singular
    if not (event_type.pairwise or one_to_many or _told_apart(token)):
        return []
    return [(a, b) for a in source.states for b in target.states if a != b]


def _told_apart(token: Token) -> bool:
    """"held separate talks with", "met separately with": one act per pair of parties, not one meeting of all."""
    heads = [token] + [c for c in token.children if c.dep_ == "dobj"]
    return any(c.lower_ in APART for h in heads for c in h.children if c.dep_ in ("amod", "advmod"))







def _date_the_antecedent(found: list[Event], type_name: str, date) -> Event | None:
    """"The visit occurred on Monday": a definite mention with no parties of its own dates the latest event of
    its type, when that one has no date yet; returns the event it dated."""
    if date is None or not date.value:
        return None
    for i in range(len(found) - 1, -1, -1):
        if found[i].type == type_name:
            if found[i].date is not None:
                return None
            found[i] = found[i].model_copy(update={"date": date})
            return found[i]
    return None


def _date_from_governors(found: list[Event], triggers: dict[str, int], governors: dict[int, int]) -> None:
    """Events told in a relative clause of an event noun ("a visit ..., during which he met") take its date."""
    by_token = {triggers[e.id]: e for e in found}
    for i, event in enumerate(found):
        governor = by_token.get(governors.get(triggers[event.id], -1))
        if event.date is None and governor is not None and governor.date is not None:
            found[i] = event.model_copy(update={"date": governor.date.model_copy(
                update={"method": "inherited", "text": f"(inherited) {governor.date.text}"})})


def _earlier_act_of_clause(token: Token) -> bool:
    """"has cancelled the visa of the ambassador, after ordering the diplomat last week to leave": an act told in
    an "after" phrase of another clause's verb came before it, another act even with the same parties."""
    return token.dep_ == "pcomp" and token.head.lower_ == "after" and token.head.head.pos_ in ("VERB", "AUX")


def _in_subordinate_clause(token: Token) -> bool:
    """Inside a relative or adjectival clause ("drones that were used in its 2020 war"): background to the
    sentence's claim, not the claim itself."""
    return any(t.dep_ in ("relcl", "acl") for t in [token, *token.ancestors])


def _in_order(words: tuple[str, ...], following: list[str]) -> bool:
    position = 0
    for word in words:
        try:
            position = following.index(word, position) + 1
        except ValueError:
            return False
    return True
