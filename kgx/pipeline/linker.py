"""`kgx_linker`: turn the entity spans into linked entities and mentions.

States come keyed by ISO alpha-3 from the gazetteer. People get one entity per document however they are named
("Yoav Gallant", "Gallant", "Minister Gallant"), and the office the text gives them: from titles ("Israeli Defense
Minister Yoav Gallant"), possessives ("Azerbaijan's President Ilham Aliyev"), appositions ("the Azeri ambassador to
Israel, Mukhtar Mammadov"), "of" phrases ("King Abdullah II of Jordan") and counterparts ("his Azeri counterpart,
Ilham Aliyev" holds the office of the person "his" refers to, for the Azeri state).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import knowledge
from ..models import Mention, Office, Organization, Person, State
from ..positions import in_title_case_line, provenance, text_of

POSSESSIVE = ("'s", "’s", "'", "’", "´s")
COUNTERPART = {"counterpart", "counterparts"}
PRONOUN_PERSON = {"his", "her", "he", "she", "him"}
OWNER_PRONOUNS = {"his", "her"}
POST_PREPOSITIONS = {"to", "in"}  # "ambassador to Israel", "charge d'affaires in Israel": the post, not the state served
CONNECTORS = {"and", "of", "the", "for", "to", "&", "-"}
ARTICLE_PREFIXES = {"al", "el", "ad", "as", "ash", "at", "az", "ar", "an"}
SILENT_MARKERS = {"late"}  # a past office whose marker is no part of the role ("the late President X")
STATE_OWNERS = {"its", "their", "country", "nation", "kingdom", "government", "republic"}  # "its ambassador"
STATE_NOUNS = {"government", "ministry", "authorities", "cabinet", "parliament", "state", "regime", "junta",
               "administration", "kingdom", "republic", "delegation", "embassy", "leadership", "side", "army",
               "military", "forces", "presidency", "people", "officials"}  # "the Somali government"
SPEECH_VERBS = {"say", "tell", "add", "announce", "state", "note", "confirm", "write", "explain", "insist", "stress",
                "declare", "comment", "remark", "tweet", "post", "reply", "respond", "argue", "assert", "claim",
                "emphasise", "emphasize", "underline", "affirm", "reiterate", "indicate", "report", "inform", "quote"}
VISIT_VERBS = {"visit", "tour"}
APPOINT_VERBS = {"appoint", "name", "nominate", "tap", "pick", "choose", "designate", "select"}
MOVE_VERBS = {"arrive", "travel", "fly", "land", "go", "head", "come", "embark", "leave", "reach", "return", "jet"}
VISIT_NOUNS = {"visit", "trip", "tour", "journey", "stopover", "stop", "voyage"}
MEETING_VERBS = {"meet", "call", "hold", "greet", "see", "join", "receive", "welcome", "host", "be"}
HOSTING_VERBS = {"receive", "welcome", "host", "greet"}  # "he was received by President X"
MEETING_NOUNS = {"meeting", "talks", "audience", "dinner", "lunch", "breakfast", "summit", "session", "call"}
BYLINE = re.compile(r"^\s*By\s*$")
KIND_BY_KEY = re.compile(r"^(?:([A-Z]{3}):)?(ministry|agency):")


def fold(text: str) -> str:
    """Lower case without accents or full stops: 'Chávez' -> 'chavez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower().replace(".", "")


def fold_words(name: str) -> list[str]:
    """The words of a name for comparing two forms of it: 'Kim Jong-Un' and 'Kim Jong Un' -> ['kim', 'jong', 'un']."""
    return [w for w in re.split(r"[\s\-‐–]+", fold(name)) if w]


def slug(text: str) -> str:
    """A stable, ASCII, lower-case key fragment: 'Ibrahim Al-Masri' -> 'ibrahim-al-masri'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class _PersonDraft:
    name: str
    first: int = 0  # token index of the first mention
    spans: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    offices: list[Office] = field(default_factory=list)
    relative: str | None = None


@dataclass
class _Title:
    """An office phrase next to one mention of a person."""

    office: Office
    start: int  # first token of the phrase (the name's first token for an apposition after it)
    owner: int | None = None  # a possessor whose state the office serves: "Sarkozy's chief of staff", "his envoy"
    shared: bool = False  # a plural title that coordinated names share: "Former Prime Ministers A and B"
    body: bool = False  # the office of a body no state is known for ("EC President"): it borrows no state


class Linker:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        lexicon = knowledge.offices()
        self.head_titles = {t.lower() for t in lexicon.head_titles}
        # The head of a title phrase: its last word, or the word before "of" ("Head of State", "Chief of Staff").
        self.head_title_lower = {(t.split(" of ")[0] if " of " in t else t).split()[-1].lower() for t in lexicon.head_titles}
        self.title_words = {w.lower() for t in lexicon.head_titles for w in t.split()} | {
            m.lower() for m in lexicon.modifiers for m in [m, *m.split()]
        }
        self.title_words |= {w + "s" for w in self.head_title_lower}
        # the tokenizer splits "President-elect" and "Vice-President" at the hyphen: their parts are title words too
        self.title_words |= {part for w in self.title_words if "-" in w for part in w.split("-")
                             if part and part not in CONNECTORS | POST_PREPOSITIONS}  # not the "in" of "Commander-in-Chief"
        self.rank_words = {w for r in (*lexicon.ranks, *lexicon.honorifics) for w in r.split()}
        self.ranks = set(lexicon.ranks)
        self.former = {m.lower().rstrip("-") for m in lexicon.former_markers}
        self.styles = {s.lower() for s in lexicon.styles}
        self.generational = set(lexicon.generational_suffixes)
        self.descriptors = {d.lower() for d in lexicon.descriptors}
        self.particles = set(lexicon.name_particles)
        self.lexicon = lexicon
        self.unique_roles = {lexicon.role_key(r) for r in lexicon.unique_roles}
        self.state_titles = {lexicon.role_key(r): set(states) for r, states in lexicon.state_titles.items()}
        self.kinship = set(lexicon.kinship)
        self.states = knowledge.states_by_iso3()
        self.orgs = {o.key: o for o in knowledge.organizations()}

    def __call__(self, doc: Doc) -> Doc:
        entities: dict[str, State | Person | Organization] = {}
        mentions: list[Mention] = []
        actors: dict[int, str] = {}
        people = self._people(doc)
        for ent in doc.ents:
            key = self._link(ent, entities, people)
            if key is None:
                continue
            label = "STATE" if ent.label_ in ("GPE", "NORP") else ent.label_ if ent.label_ in ("PERSON", "ORG") else "ORG"
            how = (doc._.kgx_how or {}).get((ent.start, ent.end), "model")
            mentions.append(Mention(entity=key, label=label, how=how, provenance=provenance(doc, ent.start_char, ent.end_char)))
            actors.update(dict.fromkeys(range(ent.start, ent.end), key))
        for token, key in self._untagged_names(doc, people, actors):
            person = entities.get(key)
            if person is not None and token.text not in person.aliases:
                person.aliases.append(token.text)
            mentions.append(Mention(entity=key, label="PERSON", how="surname",
                                    provenance=provenance(doc, token.idx, token.idx + len(token.text))))
            actors[token.i] = key
        doc._.kgx_entities = entities
        doc._.kgx_mentions = mentions
        doc._.kgx_actors = actors
        return doc

    # -- states and organisations -------------------------------------------------------------------------------

    def _link(self, ent: Span, entities: dict, people: dict[str, _PersonDraft]) -> str | None:
        if ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states:
            record = self.states[ent.kb_id_]
            entities.setdefault(record.iso3, State(key=record.iso3, name=record.name, iso3=record.iso3,
                                                   iso2=record.iso2, wikidata=record.wikidata))
            return record.iso3
        if ent.label_ == "ORG" and ent.kb_id_:
            return self._organization(ent, entities)
        person_key = next((k for k, d in people.items() if ent in d.spans), None) or self._person_key(ent.text, ent.start, people)
        if person_key:
            draft = people[person_key]
            draft.aliases.add(ent.text)  # a later mention the model tagged otherwise ("Sisi" as ORG)
            entities[person_key] = Person(key=person_key, name=draft.name, aliases=sorted(draft.aliases - {draft.name}),
                                          offices=draft.offices, relative=draft.relative)
            return person_key
        return None

    def _organization(self, ent: Span, entities: dict) -> str:
        key = ent.kb_id_
        if key in self.orgs:
            org = self.orgs[key]
            entities.setdefault(key, Organization(key=key, name=org.name, category=org.category, wikidata=org.wikidata,
                                                  abbreviation=(org.abbreviations or (None,))[0]))
            return key
        match = KIND_BY_KEY.match(key)
        state = match.group(1) if match else None
        category = "Ministry" if match and match.group(2) == "ministry" else "Agency"
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        if state and category == "Ministry":
            name = f"{self.states[state].demonyms[0]} {name[0].upper()}{name[1:]}"
        existing = entities.get(key)
        if existing is None:
            entities[key] = Organization(key=key, name=name, category=category, state=state)
        elif name not in existing.aliases and name != existing.name:
            existing.aliases.append(name)
        return key

    # -- people ---------------------------------------------------------------------------------------------------

    def _untagged_names(self, doc: Doc, people: dict[str, _PersonDraft], actors: dict[int, str]) -> list[tuple[Token, str]]:
        """A person's surname (or, failing that, given name) where the model tagged nothing ("Herzog plans to
        meet...", "Abiy met...") is that person, when it names only one person of the document."""
        found = []
        principals = {k: d for k, d in people.items() if d.relative not in people}
        for token in doc:
            if token.i in actors or token.ent_type_ or token.pos_ != "PROPN" or not token.is_title:
                continue
            if token.text in self.rank_words or token.lower_ in self.title_words:
                continue
            key = self._person_key(token.text, token.i, principals, ambiguous_ok=False, inner=False)
            if key is not None and len(people[key].name.split()) > 1:
                found.append((token, key))
        return found

    def _people(self, doc: Doc) -> dict[str, _PersonDraft]:
        """Group the PERSON spans of a document into people (full names first, then the shorter forms that name
        one of them), then give each the office the text gives them."""
        spans = [e for e in doc.ents if e.label_ == "PERSON"]
        drafts: dict[str, _PersonDraft] = {}
        for span in sorted(spans, key=lambda s: (-len(s.text.split()), s.start)):
            name, relative = self._full_name(span)
            relative_key = self._person_key(relative.text, relative.start, drafts) if relative is not None else None
            key = self._person_key(name, span.start, drafts, span=span) or f"person:{slug(name)}"
            draft = drafts.setdefault(key, _PersonDraft(name=name, first=span.start))
            draft.spans.append(span)
            draft.aliases.add(span.text)
            draft.first = min(draft.first, span.start)
            draft.relative = draft.relative or relative_key
        ents_at = {i: e for e in doc.ents for i in range(e.start, e.end)}
        titles: dict[str, list[tuple[Span, _Title]]] = {}
        for key, draft in drafts.items():
            titles[key] = [(span, title) for span in draft.spans for title in self._titles(span, ents_at, drafts)]
        self._borrow_states(doc, drafts, titles, ents_at)
        self._context_states(doc, drafts, titles, ents_at)
        self._borrow_states(doc, drafts, titles, ents_at)
        published = doc._.kgx_published
        home = doc._.kgx_home_state
        for key, draft in sorted(drafts.items(), key=lambda kv: kv[1].first):
            found = [t.office for _, t in titles[key]]
            current = [o for o in found if o.current]
            former = [o for o in found if not o.current]
            chosen = []
            style = draft.name.split()[0]
            if not current and not former and len(draft.name.split()) == 2 and style.lower() in self.styles \
                    and style.lower() in self.head_titles and style not in self.rank_words:
                current = [Office(role=style, state=self._state_after(draft.spans[0]))]  # "King Abdullah of Jordan"
            if not current and not former and (known := self._known_holder(draft, doc)):
                chosen.append(Office(role="", state=known))  # "Bush", "Obama": no title, a known head of state
            if current:
                # The most informative: one that names its state, then the longest role; a role without a state
                # takes the state another mention gives ("President Maduro" ... "Venezuela's Maduro").
                # A headline's office yields to the body's ("A, Malaysian PM Discuss Ties" joins two subjects).
                body = [t.office for span, t in titles[key] if t.office.current and not in_title_case_line(span)]
                best = max(body or current, key=lambda o: (bool(o.role), o.state is not None, len(o.role)))
                if best.state is None:
                    state = next((o.state for o in body or current if o.state), None)
                    if state:
                        best = best.model_copy(update={"state": state})
                if best.state is None and best.organization is None and not self.lexicon.outside_government(best.role):
                    # an unqualified title: the state a leader of that name serves, else the outlet's country
                    known = self._known_holder(draft, doc) if self._leader_role(best.role) else None
                    best = best.model_copy(update={"state": known or home})
                chosen.append(best)
            if former:
                best_former = max(former, key=lambda o: (o.state is not None, len(o.role)))
                if best_former.state is None and best_former.organization is None and self._leader_role(best_former.role):
                    best_former = best_former.model_copy(update={"state": self._known_holder(draft, doc)})  # "ousted president X"
                if not chosen or best_former.role.lower() != chosen[0].role.lower():
                    chosen.append(best_former)
            draft.offices.extend(o.model_copy(update={"as_of": published}) for o in chosen if o.role or o.state)
        return drafts

    def _full_name(self, span: Span) -> tuple[str, Span | None]:
        """A single first name in apposition to a kinship noun takes the family name: 'his wife, Michal'. Returns
        the name and the relative's span."""
        if len(span) == 1 and span.root.dep_ == "appos" and span.root.head.lemma_ in self.kinship:
            owner = next((c for c in span.root.head.children if c.dep_ == "poss" and c.lower_ in PRONOUN_PERSON), None)
            referent = self._previous_person(span.doc, span.start) if owner is not None else None
            if referent is not None:
                return f"{span.text} {referent[-1].text}", referent
        return span.text, None

    def _person_key(self, name: str, position: int, drafts: dict[str, _PersonDraft], span: Span | None = None,
                    ambiguous_ok: bool = True, inner: bool = True) -> str | None:
        """The person a name refers to, among the longer names found so far: the same name (accents, case and
        order aside); a part of one ("Fidan" for Hakan Fidan, "Sayan Kayar", "al-Sisi"); initials ("MBZ"); an
        inflected surname; a descriptor before a surname ("Socialist Chavez"). When several people share the part
        ("Kim"), the one named last before it (else first after it), not a relative."""
        words = self._core_words(name) or fold_words(name)
        if not words:
            return None
        exact = [k for k, d in drafts.items() if self._core_words(d.name) == words]
        if exact:
            return exact[0]
        if len(words) > 1:
            reordered = [k for k, d in drafts.items() if sorted(self._core_words(d.name)) == sorted(words)]
            if len(reordered) == 1:
                return reordered[0]
        groups: list[list[str]] = [[], [], []]  # surname, given name, other part
        for key, draft in drafts.items():
            full = self._core_words(draft.name)
            if len(full) <= len(words):
                continue
            if full[-len(words):] == words:
                groups[0].append(key)
            elif full[: len(words)] == words:
                groups[1].append(key)
            elif any(full[i : i + len(words)] == words for i in range(len(full) - len(words) + 1)):
                groups[2].append(key)
        if not inner:
            groups[2] = []
        if len(words) == 1 and not any(groups) and (inner or name.isupper()):
            groups[2] = self._loose_matches(words[0], name, drafts)
        if len(words) > 1 and not any(groups) and span is not None:
            groups[0] = self._described(span, drafts)
        for group in groups:
            if len(group) == 1:
                return group[0]
            if group:
                if not ambiguous_ok:
                    return None
                return self._nearest(group, position, drafts)
        return None

    def _core_words(self, name: str) -> list[str]:
        """Folded words of a name without generational suffixes ("Marcos Jr."); hyphens separate words, so that
        "al-Sisi" ends with "sisi"."""
        words = name.split()
        if len(words) > 1 and words[0].lower() in self.styles:
            words = words[1:]  # "Sheikh Hasina" is "Hasina"
        # doubled letters are one: "Mohammed" and "Mohamed" are spellings of one name
        return [re.sub(r"(.)\1+", r"\1", w) for w in fold_words(" ".join(w for w in words if w not in self.generational))]

    def _loose_matches(self, word: str, text: str, drafts: dict[str, _PersonDraft]) -> list[str]:
        """Initials ("MBZ", "AMLO") and inflected or possessive surnames ("Morawieckim")."""
        found = []
        for key, draft in drafts.items():
            full = self._core_words(draft.name)
            if len(full) < 2:
                continue
            initials = "".join(w[0] for w in full if w)
            if text.isupper() and 3 <= len(text) <= 5 and initials.startswith(word):
                found.append(key)
            elif len(full[-1]) >= 5 and word.startswith(full[-1]) and 0 < len(word) - len(full[-1]) <= 2:
                found.append(key)
        return found

    def _described(self, span: Span, drafts: dict[str, _PersonDraft]) -> list[str]:
        """"Socialist Chavez": descriptive words (no name of the person) before a surname the document knows."""
        last = self._core_words(span[-1].text)
        if len(span) < 2 or not last:
            return []
        found = [k for k, d in drafts.items() if len(d.name.split()) > 1 and self._core_words(d.name)[-len(last):] == last]
        if len(found) != 1:
            return []
        known = set(self._core_words(drafts[found[0]].name))
        if all((t.lower_ in self.descriptors or t.pos_ == "ADJ") and fold(t.text) not in known for t in span[:-1]):
            return found
        return []

    @staticmethod
    def _nearest(keys: list[str], position: int, drafts: dict[str, _PersonDraft]) -> str:
        principals = [k for k in keys if drafts[k].relative is None] or keys
        before = [(max((s.start for s in drafts[k].spans if s.start < position), default=-1), k) for k in principals]
        before = [(p, k) for p, k in before if p >= 0]
        if before:
            return max(before)[1]
        return min(principals, key=lambda k: drafts[k].first)

    @staticmethod
    def _previous_person(doc: Doc, before: int) -> Span | None:
        people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= before]
        return people[-1] if people else None

    # -- offices --------------------------------------------------------------------------------------------------

    def _titles(self, span: Span, ents_at: dict[int, Span], drafts: dict[str, _PersonDraft]) -> list[_Title]:
        """The office phrase next to a mention; a past office before the name may be followed by the new one
        ("appointed former foreign minister X as the country's ambassador to Bogota")."""
        title = self._title(span, ents_at, drafts)
        appointed = self._appointed_office(span, ents_at)
        if title is None:
            return [appointed] if appointed else []
        after = self._office_after(span, ents_at) if not title.office.current else None
        found = [title, after] if after is not None and after.office.current else [title]
        return found + [appointed] if appointed else found

    def _appointed_office(self, span: Span, ents_at: dict[int, Span]) -> _Title | None:
        """"Trump tapped career diplomat X, ..., to be the US ambassador to Minsk": the office an appointing verb's
        object is named to, by 'to be' on the verb or on the name."""
        root = span.root
        if root.dep_ not in ("dobj", "npadvmod") or root.head.lemma_.lower() not in APPOINT_VERBS:
            return None  # (the parser reads "tapped career diplomat X" with the title as the object, X as an adjunct)
        for be in (*root.head.children, *root.children):
            if be.lemma_ == "be" and be.dep_ in ("xcomp", "relcl", "advcl") and any(c.lower_ == "to" for c in be.children):
                attr = next((c for c in be.children if c.dep_ == "attr"), None)
                if attr is not None and self._is_title_word(attr):
                    return self._office_from(span.doc, attr.left_edge.i, ents_at, span.start)
        return None

    def _title(self, span: Span, ents_at: dict[int, Span], drafts: dict[str, _PersonDraft]) -> _Title | None:
        text = text_of(span.doc)
        if BYLINE.match(text[text.rfind("\n", 0, span.start_char) + 1 : span.start_char]):
            return _Title(Office(role="journalist"), span.start)  # "By Ben Rappaport, United with Israel"
        before = self._office_before(span, ents_at, drafts)
        if before is not None and before.office.role.lower() in self.styles and before.start > 0 \
                and span.doc[before.start - 1].text == "," and not self._short_form(span, drafts):
            # "Saudi Arabia's Foreign Minister, Prince Faisal bin Farhan": the phrase before the style.
            outer = self._scan_before(span.doc, before.start - 1, ents_at, drafts, span)
            if outer is not None:
                before = outer
        return before or self._office_after(span, ents_at) or self._credentials_office(span, ents_at)

    def _before_since(self, doc: Doc, i: int) -> int:
        """Past a "since" phrase between a title and its name ("the first Chilean ambassador to Iran since the
        Islamic Revolution X"): the token before 'since', else `i` itself."""
        for k in range(i, max(i - 6, 0), -1):
            if doc[k].lower_ == "since":
                return k - 1 if k < i and doc[k - 1].tag_ in ("NN", "NNP") else i  # one holder: not "ambassadors"
            if doc[k].is_punct or doc[k].pos_ in ("VERB", "AUX", "PRON") or self._is_title_word(doc[k]) \
                    or doc[k].whitespace_ not in ("", " "):  # a line break: a headline ends there
                return i
        return i

    def _short_form(self, span: Span, drafts: dict[str, _PersonDraft]) -> bool:
        """Whether the mention is a shorter form of a name the article gives in full ("Sheikh Abdullah")."""
        draft = next((d for d in drafts.values() if span in d.spans), None)
        return draft is not None and len(self._core_words(draft.name)) > len(self._core_words(span.text))

    def _state_of(self, token: Token) -> str | None:
        return token.ent_kb_id_ if token.ent_type_ in ("GPE", "NORP") and token.ent_kb_id_ in self.states else None

    def _is_title_word(self, token: Token) -> bool:
        return token.lower_ in self.title_words

    def _office_before(self, span: Span, ents_at: dict[int, Span], drafts: dict[str, _PersonDraft]) -> _Title | None:
        """Scan leftwards from the name over ranks and honorifics, an optional comma, and a title phrase with its
        state ("Polish", "Brazil's", "of India"), a marker of a past office ("former", "then-"), a possessor
        ("Sarkozy's", "his") whose state the office serves."""
        doc = span.doc
        i = span.start - 1
        while i >= 0 and doc[i].is_quote:
            i -= 1  # Mexico's “patriotic ambassador” X
        end = i
        while i >= 0 and doc[i].text in self.rank_words and not (i > 0 and f"{doc[i - 1].lower_} {doc[i].lower_}" in self.head_titles):
            i -= 1  # ("First Lady" is a title, "Lady" alone a form of address)
        if i >= 0 and doc[i].text == "," and self._short_form(span, drafts):
            return None  # "in the presence of the Malaysian premier, Sheikh Abdullah and ...": a list, not an apposition
        i = self._before_since(doc, i)
        found = self._scan_before(doc, i, ents_at, drafts, span)
        rank = doc[i + 1 : end + 1].text
        if found is None and rank in self.ranks:
            # "Air Chief Marshal BS Dhanoa": a military rank and nothing else is the office the text gives
            state = next((ents_at[k].kb_id_ for k in (i, i - 1) if k >= 0 and k in ents_at
                          and ents_at[k].label_ in ("GPE", "NORP") and ents_at[k].kb_id_ in self.states), None)
            return _Title(Office(role=rank, state=state), i + 1)
        return found

    def _scan_before(self, doc: Doc, i: int, ents_at: dict[int, Span], drafts: dict[str, _PersonDraft],
                     span: Span) -> _Title | None:
        comma = i >= 0 and doc[i].text == ","
        if comma:
            i -= 1
        words: list[int] = []
        state = organization = None
        marker: int | None = None
        owner: int | None = None
        qualifier_start: int | None = None
        body = False
        while i >= 0:
            token = doc[i]
            ent = ents_at.get(i)
            if token.is_quote and words:
                i -= 1
                continue
            if ent is not None and ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states:
                before = ent.start - 1
                if before >= 1 and doc[before].lower_ == "the" and doc[before - 1].lower_ in ("of", *POST_PREPOSITIONS):
                    before -= 1  # "the President of the Republic of Uzbekistan"
                prev = doc[before] if before >= 0 else None
                if comma and not words:
                    listed = self._listed_title(doc, ent, ents_at)
                    if listed is not None:
                        return _Title(listed, ent.start)
                if prev is not None and prev.lower_ in POST_PREPOSITIONS and before >= 1 and ent.label_ == "GPE" and (
                        self._is_title_word(doc[before - 1]) or (self._state_of(doc[before - 1]) and self._of_state(doc, before - 1, ents_at))):
                    words.extend(range(ent.end - 1, before - 1, -1))  # "ambassador to Israel" names the post
                    i = before - 1
                    continue
                if prev is not None and prev.lower_ == "of" and before >= 1 and self._is_title_word(doc[before - 1]):
                    state = state or ent.kb_id_  # "Prime Minister of India Narendra Modi", "Ambassador of UAE to ..."
                    if words:
                        words.extend(range(ent.end - 1, before - 1, -1))
                    i = before - 1
                    continue
                if not words:
                    break
                state = state or ent.kb_id_
                qualifier_start = ent.start
                i = ent.start - 1
                if i >= 0 and doc[i].text == ")":
                    i = self._skip_parenthesis(doc, i)
                marker = self._marker_before(doc, i)
                break
            if token.text in POSSESSIVE:
                prev_ent = ents_at.get(i - 1)
                if prev_ent is not None and prev_ent.label_ in ("GPE", "NORP") and words:
                    i -= 1
                    continue
                if prev_ent is not None and (prev_ent.label_ == "PERSON" or prev_ent.label_ == "ORG" and not prev_ent.kb_id_) \
                        and words:
                    owner = prev_ent.start  # "President Nicolas Sarkozy's chief of staff, Claude Gueant"
                    break
                if prev_ent is not None and prev_ent.label_ == "ORG" and words:
                    i -= 1
                    continue
                if prev_ent is None and i >= 1 and doc[i - 1].lower_ in STATE_OWNERS and words:
                    owner = i - 1  # "the country's new ambassador"
                    break
                break
            if (token.lower_ in OWNER_PRONOUNS or token.lower_ in ("its", "their")) and words:
                owner = i  # "his Special Envoy Jeff Radebe", "its Minister of Information"
                break
            if ent is not None and ent.label_ == "ORG" and (ent.kb_id_ or words):
                if not words and not ent.kb_id_:
                    break
                if ent.kb_id_:
                    organization = organization or ent.kb_id_
                body = body or not (ent.kb_id_ or all(self._is_title_word(t) for t in ent))  # "EC", not "Defence"
                words.extend(range(ent.end - 1, ent.start - 1, -1))  # "Hamas leader", "the State Department spokesman"
                i = ent.start - 1
                continue
            if self._is_title_word(token) and (ent is None or ent.label_ not in ("PERSON",)):
                words.append(i)
                i -= 1
                continue
            if token.lower_ in ("and", "&"):
                if words and i > 0 and self._is_title_word(doc[i - 1]) and ents_at.get(i - 1) is None:
                    words.append(i)  # "Health and Interior Minister"
                    i -= 1
                    continue
                break
            if token.text == "-" and token.whitespace_ and i > 0 and doc[i - 1].whitespace_:
                break  # a spaced dash ends the phrase: "VGP - PM Nguyen Tan Dung" (a dateline's agency)
            if token.lower_ in ("of", "for", "the", "-") and words:
                words.append(i)
                i -= 1
                continue
            if token.text == ")" and words:
                k = self._skip_parenthesis(doc, i)
                inner = k >= 0 and (self._is_title_word(doc[k]) or (k in ents_at and ents_at[k].label_ == "ORG"))
                if inner:
                    words.extend(range(i, k, -1))  # "Parliament (Majlis) Speaker", as written; not "Congo (DRC)"
                i = k
                continue
            if words and self._describes(token):
                k = i
                while k >= 0 and i - k < 4 and self._describes(doc[k]):
                    k -= 1
                nxt = ents_at.get(k)
                if k >= 0 and (doc[k].text in POSSESSIVE or doc[k].lower_ in self.former
                               or (nxt is not None and nxt.label_ in ("GPE", "NORP") and nxt.kb_id_ in self.states)):
                    i = k  # "Colombia's new left-wing president", "ousted Islamist president"
                    continue
                break
            if token.lower_ in self.former:
                marker = i
                # "Colombia's then-President": the state before the marker
                k = i - 1
                if k >= 1 and doc[k].text in POSSESSIVE:
                    k -= 1
                qualifier = ents_at.get(k)
                if k >= 0 and qualifier is not None and qualifier.label_ in ("GPE", "NORP") and qualifier.kb_id_ in self.states:
                    state = state or qualifier.kb_id_
                    qualifier_start = qualifier.start
                break
            break
        words.reverse()
        while words and (doc[words[0]].lower_ in CONNECTORS or doc[words[0]].text in POSSESSIVE):
            words.pop(0)
        if marker is not None and qualifier_start is None and words and doc[words[0]].text == "-":
            words.pop(0)
        if not words or not any(doc[w].lower_ in self.head_title_lower or doc[w].lower_ in COUNTERPART
                                or doc[w].lower_.rstrip("s") in self.head_title_lower for w in words):
            return None
        start = min(words[0], marker if marker is not None else words[0], qualifier_start if qualifier_start is not None else words[0])
        if owner is not None:
            start = owner
        if doc[words[-1]].lower_ in COUNTERPART:
            if doc[words[-1]].lower_ == "counterparts" and qualifier_start is not None:
                state = self._first_listed_state(doc, qualifier_start, ents_at) or state
            office = self._counterpart(span, state, drafts)
            return _Title(office, start) if office else None
        role, plural = self._role_text(doc, words, marker)
        if owner is not None and (held_by := self._body_before(doc, owner, ents_at)) is not None:
            role, owner = f"{role} of {held_by.text}", None  # "the National Assembly ..., and met with its president"
        if organization in self.orgs:
            state = None  # an office of an international body or a group ("Hamas leader") serves no state
        else:
            state = state or self._state_after(span) or self._org_state(organization)
        office = Office(role=role, state=state, organization=organization, current=marker is None)
        return _Title(office, start, owner=owner, shared=plural, body=body and state is None)

    @staticmethod
    def _body_before(doc: Doc, owner: int, ents_at: dict[int, Span]) -> Span | None:
        """The body 'its' refers to: an organisation of no known key named last before it in the sentence, with no
        other name between ("visited the National Assembly of People's Power and met with its president")."""
        if doc[owner].lower_ != "its":
            return None
        for i in range(owner - 1, doc[owner].sent.start - 1, -1):
            ent = ents_at.get(i)
            if ent is not None:
                return ent if ent.label_ == "ORG" and not ent.kb_id_ else None
        return None

    def _first_listed_state(self, doc: Doc, start: int, ents_at: dict[int, Span]) -> str | None:
        """The first of the states listed up to `start`: "his New Zealand and Fiji counterparts, A and B" lists the
        counterparts in the order of their states, so the name right after the title holds the first."""
        first = None
        i = start - 1
        while i >= 1 and doc[i].lower_ in ("and", ","):
            ent = ents_at.get(i - 1)
            if ent is None or ent.label_ not in ("GPE", "NORP") or ent.kb_id_ not in self.states:
                break
            first = ent.kb_id_
            i = ent.start - 1
        return first

    def _of_state(self, doc: Doc, i: int, ents_at: dict[int, Span]) -> bool:
        """The state at `i` follows 'of' after a title word: "Ambassador of UAE [to Malaysia]"."""
        ent = ents_at.get(i)
        k = ent.start - 1 if ent is not None else i - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        return k >= 1 and doc[k].lower_ == "of" and self._is_title_word(doc[k - 1])

    def _describes(self, token: Token) -> bool:
        """A describing word inside a title phrase that is no part of the role: "new", "left-wing", "Islamist"."""
        return (token.lower_ in self.descriptors or token.is_quote or (token.pos_ == "ADJ" and token.lower_ not in self.title_words
                and token.lower_ not in self.former) or token.lower_ in ("left", "right", "wing", "-", "new", "newly"))

    def _listed_title(self, doc: Doc, ent: Span, ents_at: dict[int, Span]) -> Office | None:
        """"the ambassadors of Uganda, Julius Katembeka, Vietnam, Duong Chue, and Senegal, Ndao Malik": each name
        after its state holds the plural title, for that state."""
        k = ent.start - 1
        if k >= 1 and doc[k].lower_ == "the":
            k -= 1
        for _ in range(12):
            if k < 1:
                return None
            if doc[k].lower_ == "of":
                head = doc[k - 1]
                if head.lower_.endswith("s") and head.lower_[:-1] in self.head_title_lower:
                    return Office(role=head.text[:-1], state=ent.kb_id_)
                return None
            if doc[k].lower_ in (",", "and"):
                k -= 1
                if k >= 0 and doc[k].lower_ in (",", "and"):
                    k -= 1
                name_end = k
                while k >= 0 and (doc[k].pos_ == "PROPN" or doc[k].lower_ in self.particles) and (
                        ents_at.get(k) is None or ents_at[k].label_ == "PERSON" or not ents_at[k].kb_id_):
                    k -= 1  # the name, however the model tagged it
                if k == name_end:
                    return None
                if k < 1 or doc[k].text != ",":
                    return None
                k -= 1
                state = ents_at.get(k)
                if state is None or state.label_ not in ("GPE", "NORP") or state.kb_id_ not in self.states:
                    return None
                k = state.start - 1
                if k >= 1 and doc[k].lower_ == "the":
                    k -= 1
                continue
            return None
        return None

    def _marker_before(self, doc: Doc, i: int) -> int | None:
        """"former Lebanese Prime Minister", "Colombia's then-President": a past-office marker before the state."""
        if i >= 0 and doc[i].lower_ in self.former:
            return i
        return None

    @staticmethod
    def _skip_parenthesis(doc: Doc, i: int) -> int:
        """From a closing parenthesis leftwards past its opening one (at most five tokens inside)."""
        for j in range(i - 1, max(i - 7, -1), -1):
            if doc[j].text == "(":
                return j - 1
        return -1

    def _role_text(self, doc: Doc, words: list[int], marker: int | None) -> tuple[str, bool]:
        """The role as written, from the title phrase's tokens (a plural head made singular), after the marker of
        a past office ("former Prime Minister", "then-President"). Returns the role and whether it was plural."""
        if marker is not None and doc[marker].lower_ in SILENT_MARKERS:
            marker = None  # "the late President X": a past office, written without the marker
        tokens = sorted(({marker} if marker is not None else set()) | set(words))
        if marker is not None and marker + 1 < len(doc) and doc[marker + 1].text == "-" and marker + 2 in tokens:
            tokens = sorted(set(tokens) | {marker + 1})
        text = "".join(doc[t].text + (doc[t].whitespace_ or (" " if n != t + 1 else ""))
                       for t, n in zip(tokens, tokens[1:])) + doc[tokens[-1]].text
        head = doc[tokens[-1]].lower_
        plural = head not in self.head_title_lower and head.endswith("s") and head[:-1] in self.head_title_lower
        return (text[:-1] if plural else text), plural

    def _org_state(self, key: str | None) -> str | None:
        match = KIND_BY_KEY.match(key or "")
        return match.group(1) if match else None

    def _state_after(self, span: Span) -> str | None:
        """"King Abdullah II of Jordan" ("Prime Minister of India Narendra Modi" is read by `_office_before`)."""
        doc = span.doc
        i = span.end
        if i < len(doc) - 1 and doc[i].lower_ == "of" and self._state_of(doc[i + 1]):
            return self._state_of(doc[i + 1])
        if i < len(doc) - 2 and doc[i].lower_ == "of" and doc[i + 1].lower_ == "the" and self._state_of(doc[i + 2]):
            return self._state_of(doc[i + 2])
        return None

    def _office_after(self, span: Span, ents_at: dict[int, Span]) -> _Title | None:
        """"Mukhtar Mammadov, the Azeri ambassador to Israel," "Alireza Enayati, Iran's former ambassador to
        Kuwait," "Tete Antonio, the minister of Foreign Affairs of Angola": an apposition after the name."""
        doc = span.doc
        i = span.end
        if i < len(doc) and doc[i].text == "(":
            for j in range(i + 1, min(i + 6, len(doc))):
                if doc[j].text == ")":
                    i = j + 1
                    break
        if i + 1 < len(doc) and doc[i].text == ",":
            i += 1
        elif i + 1 < len(doc) and doc[i].lower_ == "as":
            i += 1  # "appointed X as the country's new ambassador to Bogota"
        else:
            k = i
            while k < len(doc) and k < i + 2 and doc[k].lower_ in ("will", "to", "would", "shall"):
                k += 1
            if k < len(doc) and doc[k].lemma_.lower() == "become" and k > i - 1:
                i = k + 1  # "X will become Egypt's ambassador in Ankara"
            else:
                return None
        return self._office_from(doc, i, ents_at, span.start)

    def _credentials_office(self, span: Span, ents_at: dict[int, Span]) -> _Title | None:
        """"X presented to the king his credentials as residing Ambassador of Kuwait to the UK": the office a
        clause's subject presents credentials for."""
        doc = span.doc
        if span.root.dep_ != "nsubj":
            return None
        for token in doc[span.end : span.sent.end - 2]:
            if token.lemma_.lower() == "credential" and token.nbor().lower_ == "as":
                i = token.i + 2
                if doc[i].pos_ in ("VERB", "ADJ") and not self._is_title_word(doc[i]):
                    i += 1  # "residing", "resident"
                return self._office_from(doc, i, ents_at, span.start)
        return None

    def _office_from(self, doc: Doc, i: int, ents_at: dict[int, Span], start: int) -> _Title | None:
        """The office phrase that begins at token `i`, for the person whose mention begins at `start`."""
        state = organization = None
        marker: int | None = None
        owner: int | None = None
        words: list[int] = []
        skipped = 0
        j = i
        limit = min(len(doc), i + 16)
        while j < limit:
            token = doc[j]
            ent = ents_at.get(j)
            if not words and marker is None and token.lower_ in ("its", "their"):
                owner = j  # "its ambassador in Cairo"
                j += 1
                continue
            if not words and marker is None and token.lower_ in STATE_OWNERS and j + 1 < len(doc) and doc[j + 1].text in POSSESSIVE:
                owner = j  # "the country's new ambassador"
                j += 2
                continue
            if not words and marker is None and token.lower_ in ("the", "a", "an"):
                j += 1
                continue
            if ent is not None and ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states:
                prev = doc[ent.start - 1]
                if prev.lower_ == "the" and ent.start >= 2 and words and words[-1] == ent.start - 1:
                    words.pop()  # "President of the People's Democratic Republic of Algeria"
                    prev = doc[ent.start - 2]
                if words and prev.lower_ in POST_PREPOSITIONS:
                    words.extend(range(ent.start, ent.end))  # "ambassador to Israel"
                    j = ent.end
                    continue
                if words and prev.lower_ == "of":
                    state = state or ent.kb_id_  # "the minister of Foreign Affairs of Angola"
                    body = self._body_after_possessive(doc, ent.end, ents_at)
                    if body is not None:
                        words.extend(range(ent.start, body))  # "secretary of Iran's Supreme National Security Council"
                        j = body
                        continue
                    k = ent.end + 1 + (ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "the")
                    nxt = ents_at.get(k)
                    if k < len(doc) and doc[ent.end].lower_ in POST_PREPOSITIONS and nxt is not None \
                            and nxt.label_ == "GPE":
                        words.extend(range(ent.start, nxt.end))  # "the ambassador of DPRK to (the) ..."
                        j = nxt.end
                        break
                    words.pop()
                    break
                if words:
                    break
                state = state or ent.kb_id_
                j = ent.end
                if j < len(doc) and doc[j].text in POSSESSIVE:
                    j += 1
                continue
            if words and token.lower_ == "at" and (place := self._state_body_after(doc, j + 1, ents_at)) is not None:
                state = state or place[0]  # "director of consular affairs at the Jordanian foreign ministry"
                words.extend(range(j, place[1]))
                j = place[1]
                break
            body = ents_at.get(j + 1) if words and token.lower_ == "at" else None
            if body is not None and body.start == j + 1 and body.label_ in ("ORG", "FAC") and not body.kb_id_:
                words.extend(range(j, body.end))  # "senior writer at Gulf News": a body of no known key
                j = body.end
                break
            if ent is not None and ent.label_ == "ORG" and ent.kb_id_ and words and doc[ent.start - 1].lower_ in ("at", "of"):
                organization = ent.kb_id_  # "director of consular affairs at the Saudi foreign ministry"
                state = state or self._org_state(ent.kb_id_)
                words.extend(range(ent.start - 1 if doc[ent.start - 1].lower_ == "at" else ent.start, ent.end))
                j = ent.end
                break
            if ent is not None and ent.label_ == "ORG" and not ent.kb_id_ and words and ent.start == j \
                    and "of" in (doc[j - 1].lower_, doc[j - 2].lower_):
                words.extend(range(j, ent.end))  # "president of the Chamber of Deputies": a body of no known key
                j = ent.end
                continue
            if token.lower_ in self.former and not words:
                marker = j
                j += 1
                if j < len(doc) and doc[j].text == "-":
                    j += 1
                continue
            if self._is_title_word(token) and (ent is None or ent.label_ != "PERSON"):
                words.append(j)
                j += 1
                continue
            if words and token.lower_ in ("of", "for", "and", "-") and j + 1 < len(doc) \
                    and (self._is_title_word(doc[j + 1]) or (token.lower_ == "of" and ents_at.get(j + 1) is not None)
                         or doc[j + 1].lower_ == "the"):
                if token.lower_ == "and" and not self._is_title_word(doc[j + 1]):
                    break
                words.append(j)
                j += 1
                continue
            if words and token.lower_ in POST_PREPOSITIONS:
                nxt = ents_at.get(j + 1)
                if nxt is not None and nxt.label_ in ("GPE", "NORP"):
                    words.append(j)
                    j += 1
                    continue
            if words and token.lower_ == "the" and j + 1 < len(doc) and ents_at.get(j + 1) is not None:
                words.append(j)
                j += 1
                continue
            if not words and marker is None and j + 1 < len(doc) and skipped < 2 and not self._is_title_word(token) \
                    and (token.pos_ == "ADJ" or self._describes(token)):
                skipped += 1
                j += 1  # "the new chargé d'affaires", "the authoritarian leader"
                continue
            break
        while words and (doc[words[-1]].lower_ in CONNECTORS or doc[words[-1]].lower_ in POST_PREPOSITIONS):
            words.pop()
        if not words or not any(doc[w].lower_ in self.head_title_lower for w in words):
            return None
        role = doc[words[0] : words[-1] + 1].text
        state = state or self._relative_state(doc, words[-1] + 1, ents_at)
        if marker is not None and doc[marker].lower_ not in SILENT_MARKERS:
            role = f"{doc[marker].text} {role}" if doc[marker + 1].text != "-" else doc[marker : words[-1] + 1].text
        if organization in self.orgs:
            state = None
        return _Title(Office(role=role, state=state, organization=organization, current=marker is None), start,
                      owner=owner)

    def _relative_state(self, doc: Doc, k: int, ents_at: dict[int, Span]) -> str | None:
        """"the new chargé d'affaires who will be Britain's top diplomat in Tehran": the state a relative clause
        right after the office (at `k`) says its holder serves, by a possessive or a demonym after 'be'/'become'."""
        if k >= len(doc) or doc[k].lower_ != "who":
            return None
        j, copula = k + 1, False
        while j < len(doc) and j <= k + 3 and doc[j].lemma_.lower() in ("will", "would", "be", "become", "have"):
            copula = copula or doc[j].lemma_.lower() in ("be", "become")
            j += 1
        ent = ents_at.get(j)
        if not copula or ent is None or ent.start != j or ent.kb_id_ not in self.states:
            return None
        owned = ent.end < len(doc) and doc[ent.end].text in POSSESSIVE
        return ent.kb_id_ if (ent.label_ == "GPE" and owned) or ent.label_ == "NORP" else None

    @staticmethod
    def _body_after_possessive(doc: Doc, i: int, ents_at: dict[int, Span]) -> int | None:
        """The end of a body named after a state's possessive at `i` ("Iran's Supreme National Security Council"):
        an organization, with up to two proper words before it that the model left out of its span."""
        if i >= len(doc) or doc[i].text not in POSSESSIVE:
            return None
        for k in range(i + 1, min(i + 4, len(doc))):
            body = ents_at.get(k)
            if body is not None and body.start == k and body.label_ == "ORG":
                return body.end
            if doc[k].pos_ not in ("PROPN", "ADJ") or not doc[k].is_title:
                return None
        return None

    def _state_body_after(self, doc: Doc, i: int, ents_at: dict[int, Span]) -> tuple[str, int] | None:
        """"the Saudi foreign ministry", "Egypt's embassy": a state word and, within three words, a noun for a
        body of that state; returns the state and the end of the phrase."""
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        ent = ents_at.get(i)
        if ent is None or ent.start != i or ent.label_ not in ("GPE", "NORP") or ent.kb_id_ not in self.states:
            return None
        k = ent.end + (1 if ent.end < len(doc) and doc[ent.end].text in POSSESSIVE else 0)
        for end in range(k, min(k + 3, len(doc))):
            if doc[end].lower_ in STATE_NOUNS:
                return ent.kb_id_, end + 1
            if not doc[end].is_alpha:
                return None
        return None

    def _counterpart(self, span: Span, state: str | None, drafts: dict[str, _PersonDraft]) -> Office | None:
        """'his Azeri counterpart, Ilham Aliyev': the office of the person 'his' refers to, for another state."""
        draft = self._surname_before(span, drafts)
        if draft is None:
            referent = self._previous_person(span.doc, span.start - 3)
            if referent is None:
                return None
            draft = drafts.get(self._person_key(self._full_name(referent)[0], referent.start, drafts) or "")
            if draft is None or referent not in draft.spans:
                draft = next((d for d in drafts.values() if referent in d.spans), draft)
        if draft is None:
            return None
        ents_at = {i: e for e in span.doc.ents for i in range(e.start, e.end)}
        for other in draft.spans:
            title = self._office_before(other, ents_at, drafts) or self._office_after(other, ents_at)
            if title is not None and title.office.role.lower() not in COUNTERPART and "counterpart" not in title.office.role.lower() \
                    and not title.office.organization and not title.body:  # a body's office has no state counterpart
                return Office(role=title.office.role, state=state)
        return None

    def _surname_before(self, span: Span, drafts: dict[str, _PersonDraft]) -> _PersonDraft | None:
        """A person named by a surname the model left untagged earlier in the sentence ("PM Dung and his Japanese
        counterpart Hatoyama"), when it is nearer than any tagged name: the one person of that surname."""
        doc = span.doc
        tagged = {i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        by_surname: dict[str, list[_PersonDraft]] = defaultdict(list)
        for draft in drafts.values():
            if span not in draft.spans and (words := self._core_words(draft.name)):
                by_surname[words[-1]].append(draft)
        for i in range(span.start - 3, span.sent.start - 1, -1):
            if i in tagged:
                return None
            owners = by_surname.get(fold(doc[i].text), []) if doc[i].is_title else []
            if len(owners) == 1:
                return owners[0]
        return None

    # -- states from the context of a sentence and of the document ------------------------------------------------

    def _state_in(self, token: Token, ents_at: dict[int, Span]) -> str | None:
        """The state a noun names: itself ("Germany"), or a demonym or possessor on it ("the Somali government")."""
        ent = ents_at.get(token.i)
        if ent is not None and ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states:
            return ent.kb_id_
        if token.pos_ == "NOUN" and token.lower_ in STATE_NOUNS:
            for child in token.children:
                ent = ents_at.get(child.i)
                if child.dep_ in ("amod", "compound", "poss", "nmod") and ent is not None and ent.label_ in ("GPE", "NORP") \
                        and ent.kb_id_ in self.states:
                    return ent.kb_id_
        return None

    def _visits(self, doc: Doc, drafts: dict[str, _PersonDraft], ents_at: dict[int, Span]) -> dict[str, set[str]]:
        """The states each person travels to, as the subject of a visit ("Modi will visit Poland", "Marcos arrived
        ... for a state visit in the Czech Republic", "began a trip to Vietnam"), or flies home from ("the North's
        ambassador Kang Chol flew home from Kuala Lumpur"): never the state they serve."""
        visited: dict[str, set[str]] = {}
        for key, draft in drafts.items():
            for span in draft.spans:
                root = span.root
                while root.dep_ == "appos" and root.head.i != root.i:
                    root = root.head  # "the ambassador Kang Chol flew"
                if root.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                found = self._destinations(root.head, ents_at, exclude=root) | self._left_home(root.head, ents_at)
                if found:
                    visited.setdefault(key, set()).update(found)
        return visited

    def _left_home(self, verb: Token, ents_at: dict[int, Span]) -> set[str]:
        """The states a movement verb goes home from: "flew home from Kuala Lumpur", "returned home from Paris"."""
        if verb.lemma_.lower() not in MOVE_VERBS or not any(c.lower_ == "home" for c in verb.children):
            return set()
        return {state for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "from"
                for pobj in prep.children if pobj.dep_ == "pobj" and (state := self._state_in(pobj, ents_at))}

    def _destinations(self, verb: Token, ents_at: dict[int, Span], exclude: Token | None = None) -> set[str]:
        """States a clause travels to: objects of 'visit', 'to'/'in' phrases of movement verbs and of visit nouns."""
        found: set[str] = set()

        def places(token: Token) -> set[str]:
            out = set()
            for t in (token, *[c for c in token.conjuncts]):
                state = self._state_in(t, ents_at)
                if state:
                    out.add(state)
                for child in t.children:  # "Tokyo, Japan"
                    if child.dep_ == "appos" and (state := self._state_in(child, ents_at)):
                        out.add(state)
            return out

        stack = [verb]
        while stack:
            token = stack.pop()
            for child in token.children:
                if exclude is not None and child.i == exclude.i:
                    continue
                if child.dep_ in ("ccomp", "relcl", "parataxis", "advcl", "conj") and any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                    continue  # a clause of its own subject
                stack.append(child)
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB" and lemma in VISIT_VERBS:
                for child in token.children:
                    if child.dep_ == "dobj":
                        found |= places(child)
            if (token.pos_ == "VERB" and lemma in MOVE_VERBS) or (token.pos_ == "NOUN" and lemma in VISIT_NOUNS):
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ in ("to", "in", "for") :
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                found |= places(pobj)
                    if token.pos_ == "VERB" and lemma == "reach" and child.dep_ == "dobj":
                        found |= places(child)
        return found

    def _context_states(self, doc: Doc, drafts: dict[str, _PersonDraft], titles: dict[str, list[tuple[Span, _Title]]],
                        ents_at: dict[int, Span]) -> None:
        """A title without a state ("Foreign Minister Heiko Maas") takes one from its sentence, in this order: the
        state the possessive 'its' or 'the country's' refers to; the one state the sentence's clauses have as
        subject ("Germany is slashing staff ..., Foreign Minister Heiko Maas said"); the state a visitor meets them
        in ("Suga will land in Indonesia to meet President Joko Widodo"); the state the text gives that title
        without a name ("Japan PM ..." then "Prime Minister Yoshihide Suga"). A visitor's state is never the one
        visited: when nothing else gives it, the state the article names most, once the visited ones are set
        aside. Someone holding an office another person of the article holds for a state does not serve it."""
        visited = self._visits(doc, drafts, ents_at)
        state_of = {k: next((t.office.state for _, t in found if t.office.state and t.office.current), None)
                    for k, found in titles.items()}
        key_of = {(s.start, s.end): k for k, d in drafts.items() for s in d.spans}
        unnamed = self._unnamed_titles(doc, ents_at)
        held = defaultdict(set)  # (role) -> states explicitly held for it
        for key, found in titles.items():
            for _, title in found:
                if title.office.state and title.office.current:
                    held[self._role_key(title.office.role)].add(title.office.state)
        for key, found in titles.items():
            open_titles = [t for _, t in found if self._open(t.office) and t.office.current and not t.body]
            if not open_titles or state_of.get(key) or any(t.office.state and t.office.current for _, t in found):
                continue
            banned = set(visited.get(key, set()))
            role = self._role_key(open_titles[0].office.role)
            state = self._known_holder(drafts[key], doc)
            for span, title in ([] if state else found):
                state = (self._owner_state(doc, title, key, key_of, state_of, ents_at)
                         or self._subject_state(span, ents_at)
                         or self._host_state(doc, span, key, visited, ents_at))
                if state and state not in banned:
                    break
                state = None
            if state is None and (state := self._title_state(role, doc)) in banned:
                state = None
            if state is None:
                candidates = {s for r, s in unnamed if r == role} - banned
                if role in self.unique_roles or len(candidates) > 1:
                    # "Bangladesh PM" is the Bangladeshi prime minister named; of "Bolivia's ambassador" and "the
                    # U.S. ambassador", the one not named with the title
                    candidates -= held.get(role, set())
                holders = [k for k, f in titles.items() if k != key and any(
                    self._role_key(t.office.role) == role and t.office.state is None for _, t in f)]
                if len(candidates) == 1 and not holders:
                    state = candidates.pop()
            if state is None and banned:
                state = self._leading_state(doc, banned)  # a visitor: the state the article names most otherwise
            if state is None and role in self.unique_roles and held.get(role):
                # A second president in an article about France and Rwanda, Rwanda's president named: France's.
                pair = self._named_states(doc, at_least=2)
                if len(pair) == 2 and len(pair & held[role]) == 1:
                    state = next(iter(pair - held[role] - banned), None)
            if state:
                for title in open_titles:
                    title.office = title.office.model_copy(update={"state": state})
                state_of[key] = state
        self._past_states(doc, titles, unnamed)
        for key, found in titles.items():
            # "President Yoon will pay state visits ..., accompanied by First Lady Kim Keon-hee": the companion's
            # state is the one of the person accompanied.
            for span, title in found:
                if title.office.state is None and title.office.organization is None:
                    other = self._accompanied(span, key_of)
                    if other and state_of.get(other):
                        title.office = title.office.model_copy(update={"state": state_of[other]})

    def _open(self, office: Office) -> bool:
        """Whether an office may take its state from the context: it names none, serves no organisation but a
        ministry or agency of a state not named ("foreign ministry spokeswoman"), and is no role of the press or
        of civil society."""
        stateless_body = (match := KIND_BY_KEY.match(office.organization or "")) is not None and match.group(1) is None
        return (office.state is None and (office.organization is None or stateless_body) and bool(office.role)
                and not self.lexicon.outside_government(office.role))

    def _role_key(self, role: str) -> str:
        return self.lexicon.role_key(role)

    def _leader_role(self, role: str) -> bool:
        """A one-holder office ("President", "ousted president"), the kind the office-holder table lists: its
        holder's state may come from the table."""
        return self._bare_role(role) in self.unique_roles

    def _bare_role(self, role: str) -> str:
        """The office a past title names, without its marker: 'Former Prime Minister', 'then-President'."""
        words = role.split()
        while words and words[0].lower().rstrip("-") in self.former:
            words.pop(0)
        if words and "-" in words[0] and words[0].split("-", 1)[0].lower() in self.former:
            words[0] = words[0].split("-", 1)[1]
        return self._role_key(" ".join(words))

    def _title_state(self, role: str, doc: Doc) -> str | None:
        """A title only some states give ("Foreign Secretary", "Assistant Secretary of State"): the one of them
        the article names."""
        named = self.state_titles.get(self._bare_role(role), set()) & self._named_states(doc, at_least=1)
        return next(iter(named)) if len(named) == 1 else None

    def _past_states(self, doc: Doc, titles: dict[str, list[tuple[Span, _Title]]], unnamed: set[tuple[str, str]]) -> None:
        """A past title without a state takes the one of a title only some states give, else the one state the
        text gives the same office without a name ("the first trip by an Indian Prime Minister ... Former Prime
        Ministers Nehru and Gandhi")."""
        for found in titles.values():
            past = [t for _, t in found if self._open(t.office) and not t.office.current]
            if not past or any(t.office.state for _, t in found):
                continue
            role = self._bare_role(past[0].office.role)
            state = self._title_state(role, doc)
            candidates = {s for r, s in unnamed if r == role}
            if state is None and len(candidates) == 1:
                state = candidates.pop()
            for title in past if state else []:
                title.office = title.office.model_copy(update={"state": state})

    def _unnamed_titles(self, doc: Doc, ents_at: dict[int, Span]) -> set[tuple[str, str]]:
        """(role, state) of titles the text gives with a state and no name: "Japan PM begins tour", "the first
        trip by an Indian PM", "Pyongyang's ambassador faced a deadline"."""
        found = set()
        for token in doc:
            if token.lower_ not in self.head_title_lower or ents_at.get(token.i) is not None:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and (ents_at.get(nxt.i) is not None and ents_at[nxt.i].label_ == "PERSON" or nxt.text == ","
                                    or nxt.lower_ in self.title_words or nxt.pos_ == "PROPN"):
                continue
            i = token.i - 1
            while i >= 0 and doc[i].lower_ in self.title_words and ents_at.get(i) is None:
                i -= 1
            if i >= 0 and doc[i].text in POSSESSIVE:
                i -= 1
            ent = ents_at.get(i)
            if ent is not None and ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states:
                role = doc[i + 1 : token.i + 1].text
                role = role.split(" ", 1)[1] if doc[i + 1].text in POSSESSIVE and " " in role else role
                found.add((self._role_key(role.lstrip("'’s ").strip()), ent.kb_id_))
        return found

    def _owner_state(self, doc: Doc, title: _Title, key: str, key_of: dict, state_of: dict, ents_at: dict[int, Span]) -> str | None:
        """'its Minister of Information', 'the country's new ambassador': the state of the clause's subject."""
        if title.owner is None:
            return None
        owner = doc[title.owner]
        if owner.lower_ not in STATE_OWNERS:
            return None
        head = owner
        while head.head.i != head.i:
            head = head.head
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                continue
            state = self._state_in(subject, ents_at) or self._modifier_state(subject, ents_at)
            if state:
                return state
            ent = ents_at.get(subject.i)
            other = key_of.get((ent.start, ent.end)) if ent is not None else None
            if other and other != key and state_of.get(other):
                return state_of[other]
        return None

    def _modifier_state(self, noun: Token, ents_at: dict[int, Span]) -> str | None:
        """The state that qualifies a common noun: 'its' after "the Nauru announcement" is Nauru's."""
        if noun.pos_ != "NOUN":
            return None
        states = {ent.kb_id_ for c in noun.children if c.dep_ in ("amod", "compound", "poss") and (ent := ents_at.get(c.i))
                  is not None and ent.label_ in ("GPE", "NORP") and ent.kb_id_ in self.states}
        return next(iter(states)) if len(states) == 1 else None

    def _subject_state(self, span: Span, ents_at: dict[int, Span]) -> str | None:
        """The one state the sentence has as a subject, when the person tells of it ("Germany is slashing staff
        ..., Foreign Minister Heiko Maas said") or acts in a 'with' adjunct of its clause ("Poland sealed a deal,
        with Defence Minister X inking the contract"); not when the state's clause tells of the person ("Malaysia
        declared Ambassador X persona non grata"), nor when another state is the subject or the object of the
        state's verb."""
        root = span.root
        while root.dep_ == "appos" and root.head.i != root.i:
            root = root.head  # "its Minister of Information, X, said"
        if root.dep_ in ("nsubj", "nsubjpass"):
            person_verb, adjunct = root.head, None
        elif root.dep_ == "pobj" and root.head.lower_ == "with":
            person_verb, adjunct = None, root.head.head
        elif root.dep_ == "nsubj" and root.head.dep_ == "pcomp":
            person_verb, adjunct = root.head, root.head.head.head
        else:
            return None
        if root.dep_ == "nsubj" and root.head.dep_ == "pcomp" and root.head.head.lower_ == "with":
            adjunct = root.head.head.head
        if root.dep_ == "nsubj" and root.head.dep_ == "advcl" and any(c.lower_ == "with" for c in root.head.children):
            adjunct = root.head.head  # "Canada doubled down, with spokeswoman X saying": the parser's other reading
        found: set[str] = set()
        for token in span.sent:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.i == root.i:
                continue
            state = self._state_in(token, ents_at)
            if not state:
                continue
            verb = token.head
            told = person_verb is not None and person_verb.lemma_.lower() in SPEECH_VERBS and self._reported(verb, person_verb)
            acted = adjunct is not None and adjunct.i == verb.i
            if not (told or acted):
                return None
            for child in verb.children:
                other = self._state_in(child, ents_at) if child.dep_ in ("dobj", "nsubj", "nsubjpass") else None
                if other and other != state:
                    return None
            found.add(state)
        return next(iter(found)) if len(found) == 1 else None

    @staticmethod
    def _reported(verb: Token, speech: Token) -> bool:
        """Whether a clause is what a speech verb reports: below it, not through a parenthetical ('X has been asked
        to leave, Mali's government said' tells of X; the government is not X's)."""
        token = verb
        while token.i != speech.i:
            if token.dep_ == "parataxis" or token.head.i == token.i:
                return False
            token = token.head
        return verb.i != speech.i

    def _host_state(self, doc: Doc, span: Span, key: str, visited: dict[str, set[str]], ents_at: dict[int, Span]) -> str | None:
        """Met by a visitor ("meet with President Joko Widodo", "call on President X"): the state of the visit,
        from the sentence ("will land in Indonesia to meet ...", "In Vietnam, he will meet ...") or the last visit
        told before it."""
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "called on Prime Minister Oli and President Bidya Bhandari"
        verb = root.head
        if root.dep_ == "pobj" and verb.lower_ in ("with", "on", "by"):
            verb = verb.head
        elif root.dep_ != "dobj":
            return None
        if verb.lemma_.lower() not in MEETING_VERBS and not (verb.pos_ == "NOUN" and verb.lemma_.lower() in MEETING_NOUNS):
            return None
        if root.head.lower_ == "by" and verb.lemma_.lower() not in HOSTING_VERBS:
            return None
        sentence = span.sent
        top = verb
        while top.head.i != top.i and top.dep_ not in ("ccomp",):
            top = top.head
        found = self._destinations(top, ents_at)
        for token in sentence:
            if token.lower_ == "in" and token.dep_ == "prep" and token.head in (top, verb) or (token.lower_ == "in" and token.head.dep_ == "ROOT"):
                for pobj in token.children:
                    if pobj.dep_ == "pobj" and (state := self._state_in(pobj, ents_at)):
                        found.add(state)
        found -= visited.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
        # the last visit told in the two sentences before
        sentences = list(doc.sents)
        index = next((i for i, s in enumerate(sentences) if s.start == sentence.start), None)
        for previous in reversed(sentences[max(0, (index or 0) - 3) : index or 0]):
            states = set()
            for token in previous:
                if token.pos_ == "VERB" and token.lemma_.lower() in VISIT_VERBS | MOVE_VERBS:
                    states |= self._destinations(token, ents_at)
            states -= visited.get(key, set())
            if len(states) == 1:
                return next(iter(states))
            if states:
                return None
        return None

    @staticmethod
    def _known_holder(draft: _PersonDraft, doc: Doc) -> str | None:
        """The state a head of state, head of government or foreign minister of that name served on the day of
        publication (`gazetteer/office_holders.csv`), else before it; a family name alone ("Obama"), the state
        whose leader of that name was in office that day. A name of three words or more may add a second family
        name the table leaves out ("Miguel Diaz Canel Bermudez" is its "Miguel Díaz-Canel")."""
        day = doc._.kgx_published
        words = draft.name.split()
        if len(words) < 2:
            return knowledge.leader_state_by_family_name(draft.name, day) if day else None
        for name in [draft.name, " ".join(words[:-1])] if len(words) >= 3 else [draft.name]:
            state = knowledge.office_holder_state(name, day) or (
                knowledge.former_office_holder_state(name, day) if day else None)
            if state:
                return state
        return None

    def _before_untagged_conjunct(self, doc: Doc, j: int, ents_at: dict[int, Span]) -> Span | None:
        """In a list of titled names, the person named before a conjunct the model left untagged ("Iranian
        President A, Minister of Petroleum B, Parliament Speaker C"), so that C still shares A's state: the
        conjunct ends at the comma `j` and is title words and proper nouns only."""
        k, titled = j - 1, False
        while k >= 0 and doc[k].text != "," and j - k <= 8:
            token = doc[k]
            if k in ents_at or not (token.pos_ == "PROPN" or self._is_title_word(token) or token.lower_ in ("of", "for")):
                return None
            titled = titled or self._is_title_word(token)
            k -= 1
        previous = ents_at.get(k - 1) if k >= 1 and doc[k].text == "," and titled else None
        return previous if previous is not None and previous.label_ == "PERSON" and previous.end == k else None

    @staticmethod
    def _accompanied(span: Span, key_of: dict) -> str | None:
        """The person 'accompanied by <span>' refers to: the subject of the clause the participle belongs to."""
        root = span.root
        if root.dep_ != "pobj" or root.head.lower_ != "by" or root.head.head.lemma_.lower() != "accompany":
            return None
        participle = root.head.head
        verb = participle.head if participle.dep_ in ("advcl", "acl", "xcomp", "conj") else participle
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if participle.dep_ == "acl":
            subject = participle.head
        if subject is None:
            return None
        doc = span.doc
        for (start, end), key in key_of.items():
            if start <= subject.i < end:
                return key
        return None

    def _named_states(self, doc: Doc, at_least: int) -> set[str]:
        """The states the article names at least `at_least` times."""
        counts = Counter(e.kb_id_ for e in doc.ents if e.label_ in ("GPE", "NORP") and e.kb_id_ in self.states)
        return {s for s, n in counts.items() if n >= at_least}

    def _leading_state(self, doc: Doc, blocked: set[str]) -> str | None:
        """The state the article names most often, once the blocked ones are set aside, if it clearly leads."""
        counts = Counter(e.kb_id_ for e in doc.ents if e.label_ in ("GPE", "NORP") and e.kb_id_ in self.states
                         and e.kb_id_ not in blocked)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
            return None
        return ranked[0][0]

    def _borrow_states(self, doc: Doc, drafts: dict[str, _PersonDraft], titles: dict[str, list[tuple[Span, _Title]]],
                       ents_at: dict[int, Span]) -> None:
        """Offices that take their state from elsewhere in the sentence: the possessor's ("President Sarkozy's
        chief of staff", "Ramaphosa dispatched his Special Envoy"), and a title shared by coordinated names
        ("Polish President Andrzej Duda and Prime Minister Donald Tusk"; "Former Prime Ministers Nehru and
        Gandhi"), unless 'between' sets them apart."""
        by_span = {(s.start, s.end): (k, t) for k, found in titles.items() for s, t in found}
        key_of = {(s.start, s.end): k for k, d in drafts.items() for s in d.spans}

        def own_state(key: str) -> str | None:
            return next((t.office.state for _, t in titles.get(key, []) if t.office.state and t.owner is None), None)

        for key, found in titles.items():
            for span, title in found:
                if title.owner is None or title.office.state or title.office.organization:
                    continue
                owner = doc[title.owner]
                owner_key = None
                if owner.lower_ in OWNER_PRONOUNS:
                    sentence_start = owner.sent.start
                    previous = [e for e in doc.ents if e.label_ == "PERSON" and sentence_start <= e.start and e.end <= owner.i]
                    if previous:
                        owner_key = key_of.get((previous[-1].start, previous[-1].end))
                else:
                    owner_ent = ents_at.get(title.owner)
                    owner_key = key_of.get((owner_ent.start, owner_ent.end)) if owner_ent is not None else None
                    if owner_ent is not None and owner_key is None:  # a person the model tagged otherwise
                        owner_key = self._person_key(owner_ent.text, owner_ent.start, drafts, ambiguous_ok=False)
                if owner_key and owner_key != key and (state := own_state(owner_key)):
                    title.office = title.office.model_copy(update={"state": state})
        for key, draft in drafts.items():
            for span in draft.spans:
                pair = by_span.get((span.start, span.end))
                title = pair[1] if pair else None
                start = title.start if title else span.start
                j = start - 1
                if j >= 0 and doc[j].lower_ in ("and", "&") and j >= 1 and doc[j - 1].text == ",":
                    j -= 1
                if j < 1 or doc[j].lower_ not in ("and", "&", ","):
                    continue
                previous = ents_at.get(j - 1)
                if previous is None or previous.label_ != "PERSON" or previous.end != j:
                    previous = self._before_untagged_conjunct(doc, j, ents_at)
                if previous is None:
                    continue
                if any(t.lower_ == "between" for t in doc[max(previous.sent.start, previous.start - 8) : previous.start]):
                    continue
                other = by_span.get((previous.start, previous.end))
                if other is None:
                    continue
                other_title = other[1]
                if title is None and other_title.shared:
                    titles[key].append((span, _Title(other_title.office, span.start)))
                elif title is not None and title.office.state is None and title.office.organization is None and not title.body \
                        and other_title.office.state and other_title.owner is None and not other_title.office.organization \
                        and title.office.current == other_title.office.current:
                    title.office = title.office.model_copy(update={"state": other_title.office.state})


@Language.factory("kgx_linker", assigns=["doc._.kgx_entities", "doc._.kgx_mentions", "doc._.kgx_actors"],
                  requires=["doc.ents"])
def make_linker(nlp: Language, name: str) -> Linker:
    return Linker(nlp, name)
