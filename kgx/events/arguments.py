"""Argument slots of a trigger, read off the dependency parse, and the actors (states, people, organisations) they
stand for.

A slot names a syntactic position: `subj` (the logical subject: the active subject or the passive's "by" agent),
`obj` (the logical object), `prep:to` (the object of a "to" phrase), `objmod` (a state word modifying the object:
"four Azeri diplomats"), `poss` ("Azerbaijan's embassy"), `by` ("a visit ... by Israeli President Isaac Herzog").
Event types list the slots that fill their roles in `ontology/events/`; `knowledge.SLOTS` documents each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..models import Organization, Person, State

SUBJECTS = ("nsubj", "csubj", "expl")
OBJECTS = ("dobj", "attr", "oprd")
CLAUSE_LINKS = ("xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "pcomp")
STATE_PRONOUNS = {"it", "its", "they", "their", "them", "itself"}
PERSON_PRONOUNS = {"he", "his", "him", "she", "her", "himself", "herself"}
PERSON_NOUNS = {"president", "minister", "leader", "ambassador", "envoy", "king", "chancellor", "premier", "official",
                "spokesman", "spokeswoman", "chief", "head", "secretary", "counterpart", "diplomat", "emir", "prince"}
OBJECT_CONTROL = {"invite", "ask", "urge", "encourage"}  # "invited him to visit": the object does what follows
ENVOY_NOUNS = {"ambassador", "envoy", "diplomat"}
COUNTRY_NOUNS = {"country", "state", "nation", "government", "republic", "kingdom", "regime", "capital", "side",
                 "junta"}
# "the two countries", "both sides", "the three leaders": the states last named, as many as the phrase counts.
GROUP_NOUNS = COUNTRY_NOUNS | {"leader", "party", "neighbour", "neighbor", "ally", "president", "minister", "delegation",
                               "man", "woman"}
GROUP_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
# "Washington's rivals", "Russia's neighbours": the possessor is the other side of the relation, never the referent.
RELATIONAL_NOUNS = {"rival", "neighbour", "neighbor", "ally", "partner", "enemy", "foe", "adversary"}
# "expelled all its staff" after "the Iranian embassy": the people of a mission named just before.
STAFF_NOUNS = {"staff", "diplomat", "personnel", "employee", "official"}
MISSION_NOUNS = {"embassy", "consulate", "mission", "legation"}
# "the two rivals", "the two Gulf heavyweights": states by their standing, the pair an article is about.
STANDING_NOUNS = {"rival", "heavyweight", "power", "superpower", "giant", "adversary", "foe", "enemy", "arch-rival",
                  "archrival"}
PAIR_NOUNS = {"duo", "pair"}  # "the duo will meet": two parties in a singular noun
RELATION_NOUNS = {"relation", "tie"}  # "the relations were established": between the pair told before
# "issued a decree establishing relations", "signed an order expelling the envoy": the act an instrument states
# is done by whoever issues the instrument.
INSTRUMENT_NOUNS = {"decree", "order", "law", "bill", "resolution", "directive", "instruction", "ordinance", "edict"}


@dataclass
class Actors:
    states: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.states or self.others)

    def add(self, other: "Actors") -> None:
        for mine, theirs in ((self.states, other.states), (self.persons, other.persons), (self.others, other.others)):
            mine.extend(x for x in theirs if x not in mine)

    @property
    def keys(self) -> list[str]:
        return self.states + [o for o in self.others if o not in self.states]


def with_conjuncts(token: Token) -> list[Token]:
    """The token and its conjuncts; a list of places parsed as appositions counts too ("Mali, Burkina Faso and
    Niger" with "Faso" an apposition of "Mali"), and so does a first name the parser hung inside the second
    ("Egyptian President al-Sisi and Turkish President Erdogan" with "Sisi" a modifier of "Erdogan", its "and"
    beside it)."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj" or (c.dep_ == "appos" and c.ent_type_ == "GPE"
                                                                   and t.ent_type_ == "GPE") or _folded_conjunct(c, t))
    return sorted(out, key=lambda t: t.i)


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause describes ("the embassy, which will reopen")."""
    if token.lower_ in ("which", "that", "who", "whom") and token.tag_ in ("WDT", "WP"):
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and clause.head.pos_ in ("NOUN", "PROPN"):
            return clause.head
    return token


def _folded_conjunct(child: Token, head: Token) -> bool:
    """A person's name ending before the head's own name, with an "and" on it: a conjunct in disguise."""
    return (child.dep_ in ("nmod", "compound", "amod") and child.ent_type_ == head.ent_type_ == "PERSON"
            and any(c.dep_ == "cc" for c in child.children) and child.doc[child.i + 1].ent_type_ != "PERSON")


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def reduced_passive(verb: Token) -> bool:
    """A past participle describing a noun with no object of its own ("the statement issued by both countries",
    "the deal struck in Beijing"): the noun is what was done, the "by" phrase who did it."""
    return (verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in OBJECTS + SUBJECTS + ("nsubjpass",) for c in verb.children))


def governing_verb(token: Token) -> Token:
    """The verb whose clause a nominal trigger sits in ("a visit ... followed" -> followed)."""
    while token.pos_ not in ("VERB", "AUX") and token.head != token:
        token = token.head
    return token


def _inherited_subject(verb: Token) -> tuple[list[Token], bool]:
    """The subject a verb shares with its head: "Herzog plans to meet", "visited ... and was received by"."""
    current = verb
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("of", "for") and verb.head.head.pos_ == "VERB":
        # "accused North Korea of supplying Russia", "praised Kiribati for cutting ties": the verb's object acts.
        objects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
        if objects:
            return objects, False
    if verb.dep_ == "amod" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head], False  # "visiting South Korean President Yoon": the one who visits
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        # "Azerbaijan became the first country to post an ambassador": the noun, or the copula's subject, or
        # the issuer of an instrument ("issued a decree establishing relations").
        noun = verb.head
        if noun.dep_ in ("attr", "oprd") or (noun.dep_ == "dobj" and noun.lemma_.lower() in INSTRUMENT_NOUNS):
            return [c for c in noun.head.children if c.dep_ in SUBJECTS], False
        return [noun], False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in OBJECT_CONTROL:
        objects = [c for c in verb.head.children if c.dep_ == "dobj"]
        if objects:
            return objects, False  # "Ruto invited him to visit Kenya": the one invited visits
    while current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and current.head != current:
        current = current.head
        subjects = [c for c in current.children if c.dep_ in SUBJECTS + ("nsubjpass",)]
        if subjects:
            return subjects, any(c.dep_ == "nsubjpass" for c in subjects) and current.dep_ != "xcomp"
    return _left_subject(current), False


def _own_subject(pronoun: Token) -> set[int]:
    """The words of the subject of an object pronoun's own verb: the "him" of "Ruto invited him" is someone else."""
    subjects = [c for c in pronoun.head.children if c.dep_ in SUBJECTS]
    # the subject's own name, not a possessor in it ("Ruto's tour took him to Ghana")
    return {t.i for c in subjects for t in [c, *(g for g in c.children if g.dep_ in ("compound", "appos"))]}


def _left_subject(verb: Token) -> list[Token]:
    """When the parse gives the clause no subject at all ("In March, Azerbaijan, which borders Iran, became..."
    parsed with "Azerbaijan" as an apposition of "March"), the nearest named actor before the verb that is not an
    object or inside a relative clause."""
    if any(c.dep_ in SUBJECTS + ("nsubjpass",) for c in verb.children):
        return []
    for token in reversed(verb.sent[: verb.i - verb.sent.start]):
        if not token.ent_type_ or token.ent_type_ in ("DATE", "CARDINAL", "ORDINAL", "TIME"):
            continue
        if token.dep_ in ("dobj", "pobj", "attr") or any(a.dep_ in ("relcl", "acl") and a.i < verb.i for a in token.ancestors):
            continue
        return [token]
    return []


def _phrase_preps(noun: Token, depth: int = 3) -> list[Token]:
    """Prepositions inside a noun phrase, not inside clauses, to `depth` levels."""
    found, frontier = [], [noun]
    for _ in range(depth):
        preps = [c for t in frontier for c in t.children if c.dep_ == "prep"]
        found.extend(preps)
        frontier = [g for p in preps for g in p.children if g.dep_ == "pobj"]
    return found


def slots(trigger: Token) -> dict[str, list[Token]]:
    """Every argument slot of the trigger that the parse fills, with the heads of its phrases."""
    out: dict[str, list[Token]] = {}

    def put(name: str, tokens: list[Token]) -> None:
        for token in tokens:
            for t in with_conjuncts(token):
                out.setdefault(name, []).append(t)

    children = list(trigger.children)
    if trigger.pos_ in ("VERB", "AUX"):
        passive = is_passive(trigger) or reduced_passive(trigger)
        subjects = [_past_dateline(c) for c in children if c.dep_ in SUBJECTS]
        patients = [c for c in children if c.dep_ == "nsubjpass"]
        if reduced_passive(trigger):
            patients.append(trigger.head)  # "the joint statement issued by both countries": the statement
        elif not subjects and not patients:
            inherited, inherited_passive = _inherited_subject(trigger)
            (patients if passive and not inherited_passive else subjects).extend(inherited)
        put("subj", subjects)
        put("obj", [c for c in children if c.dep_ in OBJECTS] + patients)
        datives = [c for c in children if c.dep_ == "dative"]
        put("dative", [c for c in datives if c.pos_ != "ADP"] + [g for c in datives if c.pos_ == "ADP" for g in c.children if g.dep_ == "pobj"])
        for c in datives:
            if c.pos_ == "ADP":  # "sold drones to Ethiopia" parsed with a dative "to"
                put(f"prep:{c.lower_}", [g for g in c.children if g.dep_ == "pobj"])
        agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        put("subj" if passive else "by", agents)
    else:
        put("poss", [c for c in children if c.dep_ == "poss"])
        put("mod", [c for c in children if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("GPE", "NORP")])
        put("bilateral", [c for c in children if c.dep_ == "amod" and c.lower_ == "bilateral"])
        head = governing_verb(trigger)
        nominal = trigger.head.head if trigger.dep_ == "pobj" else trigger  # "one of Azerbaijan's arms suppliers"
        taking_part = trigger.dep_ == "pobj" and trigger.head.head == head and trigger.head.lower_ in ("in", "into")
        if head != trigger and (nominal.dep_ in ("dobj", "attr", "conj") or taking_part):
            # "Gantz completed a visit", "Israel is one of Azerbaijan's arms suppliers", "engaged in talks": the
            # verb's subject.
            put("headsubj", [c for c in head.children if c.dep_ in SUBJECTS] or _inherited_subject(head)[0])
        elif head != trigger and trigger.dep_ == "pobj" and trigger.head.head == head:
            # "During a meeting with Lula, Spain's prime minister praised ...": the clause's subject took part.
            put("clausesubj", [c for c in head.children if c.dep_ in SUBJECTS])
        if head != trigger:
            for prep in (c for c in head.children if c.dep_ == "prep"):
                put(f"headprep:{prep.lower_}", [g for g in prep.children if g.dep_ == "pobj"])
    for prep in (c for c in children if c.dep_ in ("prep", "agent")):
        objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
        put(f"prep:{prep.lower_}", objects)
        if prep.lower_ == "by" and trigger.pos_ not in ("VERB", "AUX"):
            put("by", objects)
        if prep.lower_ == "of" and trigger.pos_ not in ("VERB", "AUX"):
            put("obj", objects)
            # "the visit of President Xi to Nepal", the parser hanging "to Nepal" on the name
            put("prep:to", [g for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "to"
                            for g in c.children if g.dep_ == "pobj"])
    if "subj" in out:  # "Syria's embassy, which is expected to reopen": the embassy
        out["subj"] = [_antecedent(t) for t in out["subj"]]
    for subject in list(out.get("subj", [])):  # "relations between Canada and Iran were suspended"
        for prep in sorted(_phrase_preps(subject), key=lambda p: p.i):
            put(f"subjprep:{prep.lower_}", [g for g in prep.children if g.dep_ == "pobj"])
    if trigger.pos_ in ("VERB", "AUX"):
        # "appointed X as its ambassador to Quito", "nominated X to become its ambassador in Accra"
        put("asobj", [g for c in children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
            + [g for c in children if c.dep_ == "xcomp" and c.lemma_ == "become" for g in c.children if g.dep_ == "attr"])
    for obj in list(out.get("obj", [])) + list(out.get("asobj", [])):
        put("objposs", [c for c in obj.children if c.dep_ == "poss"])
        modifiers = [c for c in obj.children if c.dep_ in ("amod", "compound", "nmod")]
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in ("amod", "compound", "nmod")]
        put("objmod", [c for c in modifiers if c.ent_type_ in ("GPE", "NORP")])
        put("objplace", [c for c in modifiers if c.ent_type_ == "GPE" and c.dep_ == "compound"])
        # Prepositions of the object, then those deeper inside it: "suspended operations at its embassy in
        # Niamey", "concluded a memorandum of understanding with Brazil".
        for prep in sorted(_phrase_preps(obj), key=lambda p: p.i):
            put(f"objprep:{prep.lower_}", [g for g in prep.children if g.dep_ == "pobj"])
    put("there", [c for c in children if c.dep_ == "advmod" and c.lower_ == "there"])
    for x in (c for c in children if c.dep_ == "xcomp"):
        put("xcompobj", [c for c in x.children if c.dep_ == "dobj"])
    for purpose in (c for c in children if c.dep_ in ("advcl", "xcomp") and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
        # "sent his minister to attend Mahama's inauguration": whose occasion it is
        put("purposeposs", [p for o in purpose.children if o.dep_ == "dobj" for p in o.children if p.dep_ == "poss"])
    for x in (c for c in children if c.dep_ == "xcomp"):
        out.setdefault("xcomp", []).append(x)
        for prep in (c for c in x.subtree if c.dep_ == "prep"):
            put(f"xcompprep:{prep.lower_}", [g for g in prep.children if g.dep_ == "pobj"])
    if any(t.lower_ == "since" for t in trigger.sent):
        out["since"] = [t for t in trigger.sent if t.lower_ == "since"]
    described = _described_person(trigger)
    if described is not None:  # "Kishida met visiting South Korean President Yoon": Yoon visits, Kishida hosts
        out.pop("subj", None)
        out.pop("obj", None)
        put("subj", [described])
        put("obj", _counterparts(described, trigger))
    return out


def _described_person(participle: Token) -> Token | None:
    """The person a participle describes ("the visiting Chilean foreign minister"), also when the parser made it
    a clause of the verb just before it ("met visiting President Yoon") or a conjunct ("Kishida and visiting
    South Korean President Yoon agreed"): then the person is the phrase right after it."""
    if participle.tag_ != "VBG" or any(c.dep_ in SUBJECTS for c in participle.children):
        return None
    if participle.dep_ == "amod" and participle.head.pos_ in ("NOUN", "PROPN"):
        return participle.head
    head = participle.head
    misparsed = (head.pos_ == "VERB" and participle.i == head.i + 1) or participle.dep_ == "conj"
    if not misparsed or participle.i + 1 >= participle.sent.end:
        return None
    person = participle.doc[participle.i + 1]
    while person.dep_ in ("amod", "compound") and person.head.i > person.i:
        person = person.head
    named = person.ent_type_ == "PERSON" or person.lemma_.lower() in PERSON_NOUNS
    other_object = any(c.dep_ == "dobj" and c.i != person.i for c in participle.children)
    return person if named and person.left_edge.i == participle.i + 1 and not other_object else None


def _counterparts(person: Token, participle: Token) -> list[Token]:
    """Who the described person deals with in the clause: the subject when the person is the object ("Kishida met
    visiting Yoon", "held talks with the visiting minister"), the object or "with" phrase when the person is the
    subject ("the visiting minister held talks with Boluarte"), the other conjuncts when there are some."""
    if participle.dep_ == "conj":  # the conjunct, or a name the parser hung on it ("March 16 — Kishida and ...")
        return [participle.head] + [c for c in participle.head.children if c.dep_ == "appos"]
    verb = participle.head if participle.dep_ != "amod" else governing_verb(person)
    role = person.dep_ if participle.dep_ == "amod" else "dobj"
    if role == "pobj" and person.head.lower_ == "with":
        role = "dobj"
    if role == "conj" or any(c.dep_ == "conj" for c in person.children):
        return [t for t in person.conjuncts if t.i != person.i]  # "Kishida and visiting President Yoon agreed"
    if role in OBJECTS:
        return [c for c in verb.children if c.dep_ in SUBJECTS] or _inherited_subject(verb)[0]
    if role in SUBJECTS:
        partners = [c for c in verb.children if c.dep_ in OBJECTS and c.lemma_.lower() not in ("talk", "meeting")]
        phrases = [verb] + [c for c in verb.children if c.dep_ in OBJECTS]
        partners += [g for t in phrases for c in t.children if c.dep_ == "prep" and c.lower_ == "with"
                     for g in c.children if g.dep_ == "pobj"]
        return partners
    return []


def _sentence_before(token: Token) -> Span | tuple[()]:
    """The sentence before the token's, or nothing for the first."""
    return token.doc[token.sent.start - 1].sent if token.sent.start > 0 else ()


def _by_mentions(named: list[str], latest_first: bool) -> list[str]:
    """Distinct states, the most often named first; among equals the latest named, or the earliest."""
    counts, first, last = Counter(named), {}, {}
    for k, state in enumerate(named):
        first.setdefault(state, k)
        last[state] = k
    return sorted(counts, key=lambda s: (-counts[s], -last[s] if latest_first else first[s]))


DATELINE_ENDS = {"—", "–", "--", "-", ":", ".-", "|"}


def _datelines(doc: Doc) -> set[int]:
    """Tokens of a dateline ("BAMAKO, April 7 —", "Seoul, 19 June 2024 (dpa) -", "[United States], Nov 15 (ANI):"):
    where the story was filed, never a party to what it reports. A dateline opens a sentence with a place and ends,
    within a dozen tokens, at a dash or colon after a date, a wire tag or an upper-case place."""
    if "kgx_datelines" in doc.user_data:  # a list, so that the Doc still serialises
        return set(doc.user_data["kgx_datelines"])
    found: set[int] = set()
    for sentence in doc.sents:
        head = list(sentence[:14])
        end = next((t.i for t in head if t.text in DATELINE_ENDS), None)
        if end is None or end == sentence.start:
            continue
        before = doc[sentence.start:end]
        opens_with_place = before[0].ent_type_ == "GPE" or before[0].text == "[" or before[0].is_upper
        marked = any(t.ent_type_ == "DATE" or t.text == "(" or (t.is_upper and len(t) > 2) for t in before)
        if opens_with_place and marked and not any(t.pos_ == "VERB" for t in before):
            found.update(range(sentence.start, end))
    doc.user_data["kgx_datelines"] = sorted(found)
    return found


def _past_dateline(token: Token) -> Token:
    """A subject the parser found in the dateline ("BAMAKO, April 7 — Mali, Burkina Faso and Niger issued"): the
    words right after the dateline's dash are the real subject, however the parser hung them."""
    lines = _datelines(token.doc)
    if token.i not in lines:
        return token
    after = max(i for i in lines if token.sent.start <= i < token.sent.end) + 2  # past the dash
    if after < token.sent.end and token.doc[after].pos_ in ("PROPN", "NOUN"):
        return token.doc[after]
    return token


class ActorResolver:
    """Map the head token of an argument to the actors it stands for."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.actors: dict[int, str] = {i: key for i, key in (doc._.kgx_actors or {}).items() if i not in _datelines(doc)}
        self.entities = doc._.kgx_entities or {}
        self.parties: list[tuple[int, list[str], bool]] = []  # (token, states, between people?) of events found

    def note_parties(self, token: Token, states: list[str], people: bool) -> None:
        """An event with these parties was found at `token`: "the two countries" after it means them, and "the
        two leaders" the parties of the last event between people (a meeting, not a threat)."""
        if len(states) >= 2:
            self.parties.append((token.i, states, people))

    def __call__(self, token: Token) -> Actors:
        found = Actors()
        for t in with_conjuncts(token):
            found.add(self._one(t))
        return found

    def _entity(self, key: str) -> Actors:
        entity = self.entities.get(key)
        if isinstance(entity, State):
            return Actors(states=[entity.iso3])
        if isinstance(entity, Person):
            if entity.state:
                return Actors(states=[entity.state], persons=[key])
            # The leader of a body that is no state acts for that body ("Hezbollah leader Hassan Nasrallah").
            bodies = [o.organization for o in entity.offices[:1] if o.organization and o.organization in self.entities
                      and not getattr(self.entities[o.organization], "state", None)]
            return Actors(persons=[key], others=bodies)
        if isinstance(entity, Organization):
            return Actors(states=[entity.state]) if entity.state else Actors(others=[key])
        return Actors()

    def _one(self, token: Token) -> Actors:
        if token.tag_ == "VBG" and token.dep_ == "conj" and (described := _described_person(token)) is not None:
            return self._one(described)  # "Kishida and visiting President Yoon agreed": Yoon is a subject
        if token.lower_ == "bilateral" and token.dep_ == "amod":
            return self._last_states(token, 2)  # "bilateral talks" that name nobody: the pair told before
        if token.i in self.actors:
            found = self._entity(self.actors[token.i])
            if found.persons and not found.states:  # "Jordan's King Abdullah", whatever the linker made of him
                titles = [c for c in token.children if c.dep_ == "compound" and c.i not in self.actors]
                # the title's own modifier too: "former U.S. President Donald Trump"
                for child in (c for t in [token] + titles for c in t.children if c.dep_ in ("poss", "amod", "compound")):
                    if child.i in self.actors and self.actors[child.i] != self.actors[token.i]:
                        found.states.extend(s for s in self._entity(self.actors[child.i]).states if not found.states)
            return found
        # The phrase's own modifiers: "Azerbaijani officials", "Israel's defense minister", "the government of Iran",
        # "Defense Minister Yoav Gallant and Azerbaijani officials" (a coordinated modifier counts too).
        found = Actors()
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                     and not (c.dep_ == "poss" and token.lemma_.lower() in RELATIONAL_NOUNS)]
        # One level down too: "a Canadian diplomat persona non grata", "the Chief of Staff's office".
        modifiers += [g for c in modifiers if c.i not in self.actors for g in c.children if g.dep_ in ("amod", "poss", "compound")]
        for child in modifiers:
            for t in with_conjuncts(child):
                if t.i in self.actors:
                    found.add(self._entity(self.actors[t.i]))
        # "the government in Niamey", "the junta in Mali": a government named by where it sits.
        seat = ("in",) if token.lemma_.lower() in COUNTRY_NOUNS else ()
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "including") + seat):
            for pobj in (t for g in prep.children if g.dep_ == "pobj" for t in with_conjuncts(g) if t.i in self.actors):
                found.add(self._entity(self.actors[pobj.i]))  # "the ambassadors of Poland and Ghana", "countries including"
        for appos in (t for c in token.children if c.dep_ == "appos" for t in with_conjuncts(c) if t.i in self.actors):
            found.add(self._entity(self.actors[appos.i]))  # "the Chief of the Border Service, Elchin Guliyev"; "three
            # nations - Lithuania, Estonia and Latvia -"
        if found or found.persons:
            return found
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                if group := self._group_count(pobj):
                    return self._last_states(pobj, group)  # "the leaders of the three countries"
                if pobj.tag_ == "NNS" and pobj.lemma_.lower() in COUNTRY_NOUNS and any(c.lower_ == "the" for c in pobj.children):
                    # "representatives of the states", uncounted: all the parties of the last event, else the pair
                    recent = self.recent_parties(pobj)
                    return Actors(states=recent) if recent else self._last_states(pobj, 2)
        if token.lemma_.lower() in ENVOY_NOUNS and token.tag_ == "NNS" and any(c.lower_ == "the" for c in token.children):
            return self._named_envoys(token)  # "the ambassadors of A, B and C presented ... The diplomats held talks"
        if token.lemma_.lower() in ENVOY_NOUNS and token.tag_ == "NN" and [c.lower_ for c in token.children] == ["the"]:
            return self._envoy_before(token)  # "cancelled the visa of the Danish ambassador, after ordering the diplomat"
        count = self._group_count(token)
        if count:
            return self._last_states(token, count)
        standing = self._standing_count(token)
        if standing:  # "the two Gulf heavyweights signed": the pair the article is about, not the last one named
            ranked = _by_mentions(self._mentioned_states(before=token.i), latest_first=False)
            return Actors(states=ranked[:standing]) if len(ranked) >= standing else Actors()
        if token.tag_ in ("NNS", "NNPS") and any(c.lower_ == "the" for c in token.children) and (
                token.lemma_.lower() in COUNTRY_NOUNS or token.lemma_.lower() in RELATION_NOUNS):
            # "the countries broke off relations", "the diplomatic relations were established in 1954": the pair
            # the discourse is about.
            return self._last_states(token, 2)
        if token.tag_ == "NNS" and token.lemma_.lower() in RELATION_NOUNS and token.dep_ in ("nsubj", "nsubjpass") \
                and [c.lower_ for c in token.children] == ["diplomatic"] \
                and not any(c.dep_ == "prep" and c.lower_ in ("between", "with") for c in token.head.children):
            return self._last_states(token, 2)  # "diplomatic ties were broken off in 1998": the pair told of
        lower = token.lower_
        if lower in ("they", "them"):
            recent = self.recent_parties(token) or self._states_before(token)
            if len(recent) >= 2:
                return Actors(states=list(recent))
        if token.tag_ in ("WDT", "WP") and lower in ("which", "who", "whom", "that"):
            antecedent = _antecedent(token)
            return self._one(antecedent) if antecedent != token else Actors()
        if lower in PERSON_PRONOUNS:
            found = self._previous(token, want_person=True, subject_first=lower in ("he", "she"),
                                   skip=_own_subject(token) if token.dep_ in ("dobj", "dative") else set())
            return found if found.persons or found else self._cataphor(token)
        if lower == "there" and token.dep_ == "advmod":
            return self._last_place(token)
        if lower == "their":  # "their talks", "their last meeting": the parties of the last event, if any
            recent = self.recent_parties(token)
            if recent:
                return Actors(states=list(recent))
        if lower == "its" and token.head.lemma_.lower() in STAFF_NOUNS and (owner := self._mission_owner_before(token)):
            return owner  # "shut down the Iranian embassy and expelled all its staff": the embassy's
        if lower in ("its", "their") and (subject := self._clause_subject(token)) is not None:
            found = self(subject)  # "Peru has withdrawn its accreditation": the clause's own subject
            if found.states and not found.persons:
                return found
        if lower in STATE_PRONOUNS or (token.lemma_ in COUNTRY_NOUNS and any(c.lower_ in ("the", "this") for c in token.children)):
            # "The nation" opening a sentence as its subject continues the previous sentence's subject, as "it"
            # does ("Belize renews its call ... The Central American nation has withdrawn"), not the place named
            # last; after a state in its own sentence it is that state ("China cut ties with Kiribati after the
            # Pacific nation ...").
            opening = not any(token.sent.start <= i < token.i for i in self.actors)
            subject = lower in ("it", "they", "them") or (token.lemma_ in COUNTRY_NOUNS and token.dep_ in SUBJECTS
                                                          and opening)
            return self._previous(token, want_person=False, subject_first=subject)
        return Actors()

    @staticmethod
    def _clause_subject(token: Token) -> Token | None:
        """The subject of the clause a possessive stands in, when that is another word."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        return subject if subject is not None and subject.i != token.i and subject.i < token.i else None

    @staticmethod
    def _group_count(token: Token) -> int:
        if token.lemma_.lower() in PAIR_NOUNS:
            return 2
        if token.lemma_.lower() not in GROUP_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return 0
        counts = [GROUP_COUNTS.get(c.lower_, 0) for c in token.children if c.dep_ in ("nummod", "det", "predet")]
        return max(counts, default=0)

    @staticmethod
    def _standing_count(token: Token) -> int:
        """How many states "the two rivals", "both heavyweights" count: a plural of a word for states by their
        standing, with a number."""
        if token.lemma_.lower() not in STANDING_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return 0
        return max((GROUP_COUNTS.get(c.lower_, 0) for c in token.children if c.dep_ in ("nummod", "det", "predet")),
                   default=0)

    def recent_parties(self, token: Token, count: int | None = None, people: bool = False) -> list[str]:
        """The parties of the last event found within the five sentences before `token` (with `count` of them;
        between people when `people`)."""
        for states, between_people in self._parties_before(token):
            if (count is None or len(states) == count) and (between_people or not people):
                return states
        return []

    def partner_of(self, token: Token, state: str) -> list[str]:
        """The other party of the last two-party event with `state` within the five sentences before `token`
        ("... re-establish relations between Ecuador and Colombia. Ecuador broke off ties in 2008": Colombia)."""
        for states, _ in self._parties_before(token):
            if len(states) == 2 and state in states:
                return [s for s in states if s != state]
        return []

    def _parties_before(self, token: Token) -> Iterator[tuple[list[str], bool]]:
        """(parties, between people?) of the events found within the five sentences before `token`, latest first."""
        start = token.sent.start
        for _ in range(5):
            start = self.doc[max(start - 1, 0)].sent.start
        return ((states, people) for i, states, people in reversed(self.parties) if start <= i < token.i)

    def mission_told_before(self, mission: Token, owner: list[str], nouns: set[str]) -> tuple[list[str], list[str]]:
        """(owner, host) of the last mission named with both, one owner, in the three sentences before "the
        embassy" ("reopen its embassy in Damascus ... The embassy has been closed since 2011"), of the same owner
        when the phrase names one ("the Canadian embassy in Tehran ... The Canadian embassy then closed")."""
        start = mission.sent.start
        for _ in range(3):
            start = self.doc[max(start - 1, 0)].sent.start
        for earlier in reversed(self.doc[start:mission.i]):
            if earlier.lemma_.lower() not in nouns or earlier.pos_ != "NOUN":
                continue
            args = slots(earlier)
            host = Actors()
            for head in args.get("prep:in", []) + [m for m in args.get("mod", []) if m.ent_type_ == "GPE" and m.dep_ == "compound"]:
                host.add(self(head))
            named = Actors()
            for head in args.get("poss", []) + [m for m in args.get("mod", []) if m.ent_type_ == "NORP"]:
                named.add(self(head))
            owners = [s for s in named.states if s not in host.states]
            if host.states and len(owners) == 1 and (not owner or owners == owner[:1]):
                return owners, host.states[:1]
        return [], []

    def _envoy_before(self, token: Token) -> Actors:
        """The state of the nearest envoy named with one in this or the sentence before ("the Danish ambassador"):
        the one "the diplomat" or "the envoy" goes on telling of."""
        start = self.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else token.sent.start
        for earlier in reversed(self.doc[start:token.i]):
            if earlier.lemma_.lower() in ENVOY_NOUNS and earlier.tag_ == "NN" and earlier.i not in self.actors:
                found = self._one(earlier)
                if len(found.states) == 1:
                    return Actors(states=found.states)
        return Actors()

    def _mission_owner_before(self, token: Token) -> Actors:
        """The state of the mission named with one earlier in the token's sentence ("the Iranian embassy")."""
        for earlier in reversed(token.sent[: token.i - token.sent.start]):
            if earlier.lemma_.lower() in MISSION_NOUNS and earlier.pos_ == "NOUN":
                named = Actors()
                for child in (c for c in earlier.children if c.dep_ in ("poss", "amod", "compound") and c.lower_ != "its"):
                    named.add(self(child))
                if len(named.states) == 1:
                    return named
        return Actors()

    def _named_envoys(self, token: Token) -> Actors:
        """The states of the envoys the sentence before names together ("the new ambassadors of Peru and Chile")."""
        for envoy in (t for t in _sentence_before(token) if t.lemma_.lower() in ENVOY_NOUNS and t.tag_ == "NNS"):
            found = self._one(envoy)
            if len(found.states) >= 2:
                return Actors(states=found.states)
        return Actors()

    def _last_place(self, token: Token) -> Actors:
        """The state of the last place (a country or a city, not a demonym) named in this or the sentence before,
        as a place: not a subject, a possessor or a modifier of the verb's own argument ("Bahrain moved its embassy
        there", "moved the U.S. Embassy there")."""
        start = self.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else token.sent.start
        for i in range(token.i - 1, start - 1, -1):
            place = self.doc[i]
            own_modifier = place.dep_ == "compound" and place.head.head == token.head  # "moved the U.S. Embassy there"
            if i in self.actors and place.ent_type_ == "GPE" and place.dep_ not in SUBJECTS + ("nsubjpass", "poss") \
                    and not own_modifier:
                found = self._entity(self.actors[i])
                if found.states:
                    return Actors(states=found.states[:1])
        return Actors()

    def _states_before(self, token: Token) -> list[str]:
        """The states named in the sentence before the token's ("Chile and Peru ... They appointed")."""
        return list(dict.fromkeys(s for t in _sentence_before(token) if t.i in self.actors
                                  for s in self._entity(self.actors[t.i]).states))

    def _last_states(self, token: Token, count: int) -> Actors:
        """The parties of the last event with `count` of them within the five sentences before `token`; else the
        `count` states the document names most often before it (the pair an article is about), the latest first
        among equals."""
        recent = self.recent_parties(token, count, people=token.lemma_.lower() in PERSON_NOUNS)
        if recent:
            return Actors(states=list(recent))
        ranked = _by_mentions(self._mentioned_states(before=token.i), latest_first=True)
        return Actors(states=ranked[:count]) if len(ranked) >= count else Actors()

    def main_states(self, exclude: list[str]) -> list[str]:
        """The states the document names at least twice, most often first (earliest first among equals)."""
        named = [state for state in self._mentioned_states() if state not in exclude]
        return [state for state in _by_mentions(named, latest_first=False) if named.count(state) >= 2]

    def _mentioned_states(self, before: int | None = None) -> list[str]:
        """Every state the document names (before token `before`), once per mention, in document order."""
        return [state for i in sorted(self.actors) if before is None or i < before
                for state in self._entity(self.actors[i]).states]

    def _cataphor(self, token: Token) -> Actors:
        """A pronoun no one before it names, in a phrase opening its sentence, is the person the main clause then
        names as subject ("Looking back on his visit in 2000, the president said ...")."""
        root = token.sent.root
        for subject in (c for c in root.children if c.dep_ in SUBJECTS and c.i > token.i):
            actors = self(subject)
            if actors.persons:
                return actors
        return Actors()

    def _previous(self, token: Token, want_person: bool, subject_first: bool, skip: set[int] = frozenset()) -> Actors:
        """The nearest earlier actor of the wanted kind in this or the previous sentence; for a subject pronoun
        ("it", "he") a subject of this sentence first, for a possessive ("its", "his") simply the nearest."""
        sent_start = token.sent.start
        previous_sent = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        if subject_first:
            # The subject of this sentence, then of the previous one: "The Israeli president disclosed that he...".
            for start, end in ((sent_start, token.i), (previous_sent, sent_start)):
                for t in self.doc[start:end]:
                    if t.dep_ in SUBJECTS + ("nsubjpass",) and t.i != token.i and t.lower_ not in STATE_PRONOUNS | PERSON_PRONOUNS:
                        actors = self(t)  # with its conjuncts: "Norway, Ireland and Spain said they would..."
                        if (bool(actors.persons) if want_person else bool(actors) and not actors.persons) or (
                                want_person and t.lemma_ in PERSON_NOUNS and actors):
                            return actors
        skipped = {self.actors[i] for i in skip if i in self.actors}
        candidates = [i for i in sorted(self.actors, reverse=True)
                      if previous_sent <= i < token.i and self.actors[i] not in skipped]
        kinds = [(i, self._entity(self.actors[i])) for i in candidates]
        kinds = [(i, a) for i, a in kinds if (bool(a.persons) if want_person else
                                            (a and not a.persons and self.doc[i].ent_type_ != "NORP"))]
        subjects = [(i, a) for i, a in kinds if subject_first and self.doc[i].dep_ in SUBJECTS + ("nsubjpass",)
                    and i >= sent_start]
        chosen = (subjects or kinds)[:1]
        return chosen[0][1] if chosen else Actors()
