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
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import knowledge
from ..models import Mention, Office, Organization, Person, State
from ..positions import provenance, text_of

POSSESSIVE = ("'s", "’s", "'", "’")
COUNTERPART = {"counterpart", "counterparts"}
PRONOUN_PERSON = {"his", "her", "he", "she", "him"}
CONNECTORS = {"and", "of", "the", "for", "to", "&", "-"}
BYLINE = re.compile(r"^\s*By\s*$")
KIND_BY_KEY = re.compile(r"^(?:([A-Z]{3}):)?(ministry|agency):")


def slug(text: str) -> str:
    """A stable, ASCII, lower-case key fragment: 'Ibrahim Al-Masri' -> 'ibrahim-al-masri'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class _PersonDraft:
    name: str
    spans: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    offices: list[Office] = field(default_factory=list)
    relative: str | None = None


class Linker:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        lexicon = knowledge.offices()
        self.head_titles = {t.lower() for t in lexicon.head_titles}
        self.title_words = {w.lower() for t in lexicon.head_titles for w in t.split()} | {
            m.lower() for m in lexicon.modifiers
        }
        self.rank_words = {w for r in (*lexicon.ranks, *lexicon.honorifics) for w in r.split()}
        self.former = {m.lower().rstrip("-") for m in lexicon.former_markers}
        self.kinship = set(lexicon.kinship)
        self.media_roles = {r.lower() for r in lexicon.media_roles}
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
        person_key = next((k for k, d in people.items() if ent in d.spans), None) or self._person_key(ent.text, people)
        if person_key:
            draft = people[person_key]
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
        for token in doc:
            if token.i in actors or token.ent_type_ or token.pos_ != "PROPN":
                continue
            key = self._person_key(token.text, {k: d for k, d in people.items() if d.relative not in people})
            if key is not None and len(people[key].name.split()) > 1:
                found.append((token, key))
        return found

    def _people(self, doc: Doc) -> dict[str, _PersonDraft]:
        """Group the PERSON spans of a document into people: full names first, then surnames and first names."""
        spans = [e for e in doc.ents if e.label_ == "PERSON"]
        drafts: dict[str, _PersonDraft] = {}
        for span in sorted(spans, key=lambda s: -len(s.text.split())):
            name, relative = self._full_name(span)
            relative_key = self._person_key(relative.text, drafts) if relative is not None else None
            key = self._person_key(name, drafts) or f"person:{slug(name)}"
            draft = drafts.setdefault(key, _PersonDraft(name=name))
            draft.spans.append(span)
            draft.aliases.add(span.text)
            draft.relative = draft.relative or relative_key
        published = doc._.kgx_published
        home = doc._.kgx_home_state
        for draft in sorted(drafts.values(), key=lambda d: min(s.start for s in d.spans)):
            offices = [o for o in (self._office(span, drafts) for span in draft.spans) if o]
            if offices:
                # The most informative: one that names its state, then the longest role.
                best = max(offices, key=lambda o: (o.state is not None, len(o.role)))
                if best.state is None and best.organization is None and best.current and best.role.lower() not in self.media_roles:
                    best.state = home  # an unqualified title refers to the outlet's own country
                draft.offices.append(best.model_copy(update={"as_of": published}))
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

    @staticmethod
    def _person_key(name: str, drafts: dict[str, _PersonDraft]) -> str | None:
        """The person a name refers to: the same full name, or a full name ending (or starting) with it."""
        name = name.strip()
        exact = [k for k, d in drafts.items() if d.name == name]
        if exact:
            return exact[0]
        words = name.split()
        if len(words) == 1:
            by_last = [k for k, d in drafts.items() if d.name.split()[-1] == name]
            if len(by_last) == 1:
                return by_last[0]
            # Some naming customs use the given name ("Abiy" for Abiy Ahmed).
            by_first = [k for k, d in drafts.items() if len(d.name.split()) > 1 and d.name.split()[0] == name]
            if not by_last and len(by_first) == 1:
                return by_first[0]
        return None

    @staticmethod
    def _previous_person(doc: Doc, before: int) -> Span | None:
        people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= before]
        return people[-1] if people else None

    def _office(self, span: Span, drafts: dict[str, _PersonDraft]) -> Office | None:
        text = text_of(span.doc)
        if BYLINE.match(text[text.rfind("\n", 0, span.start_char) + 1 : span.start_char]):
            return Office(role="journalist")  # "By Ben Rappaport, United with Israel"
        return self._office_before(span, drafts) or self._office_after(span)

    def _state_of(self, token: Token) -> str | None:
        return token.ent_kb_id_ if token.ent_type_ in ("GPE", "NORP") and token.ent_kb_id_ in self.states else None

    def _office_before(self, span: Span, drafts: dict[str, _PersonDraft]) -> Office | None:
        """Scan leftwards from the name over ranks, an optional comma, and a title phrase."""
        doc = span.doc
        i = span.start - 1
        while i >= 0 and doc[i].text in self.rank_words:
            i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        words: list[Token] = []
        state = organization = None
        current = True
        while i >= 0:
            token = doc[i]
            lower = token.lower_
            if token.ent_type_ == "ORG" and token.ent_kb_id_:
                organization = organization or token.ent_kb_id_
                words.append(token)
            elif self._state_of(token):
                if i > 1 and doc[i - 1].lower_ in ("to", "for") and doc[i - 2].lower_ in self.title_words:
                    words.append(token)  # "ambassador to Israel" names the post, not the office's state
                elif i > 1 and doc[i - 1].lower_ == "of" and not words and state is None:
                    state = self._state_of(token)  # "Prime Minister of India Narendra Modi"
                    i -= 2
                    continue
                else:
                    state = state or self._state_of(token)
                    while i > 0 and doc[i - 1].ent_iob_ == "I" and doc[i - 1].ent_kb_id_ == token.ent_kb_id_:
                        i -= 1
                    if i > 0 and doc[i - 1].lower_ in self.former:
                        current = False
                    break
            elif token.ent_type_ == "ORG" and words:
                words.append(token)  # "Hamas leader", "Israel Hayom's military correspondent"
            elif lower in self.title_words or (lower in CONNECTORS and words) or token.text in POSSESSIVE:
                words.append(token)
            elif lower in self.former:
                current = False
                break
            else:
                break
            i -= 1
        words.reverse()
        while words and (words[0].lower_ in CONNECTORS or words[0].text in POSSESSIVE):
            words.pop(0)
        if not any(w.lower_ in self.head_titles or w.lower_ in COUNTERPART for w in words):
            return None
        role_tokens = [w for w in words if w.text not in POSSESSIVE]
        if role_tokens and role_tokens[-1].lower_ in COUNTERPART:
            return self._counterpart(span, state, drafts)
        role = " ".join(t.text for t in role_tokens)
        state = state or self._state_after(span) or self._org_state(organization)
        if organization in self.orgs:
            state = None  # an office of an international body or a group ("Hamas leader") serves no state
        return Office(role=role, state=state, organization=organization, current=current)

    def _org_state(self, key: str | None) -> str | None:
        match = KIND_BY_KEY.match(key or "")
        return match.group(1) if match else None

    def _state_after(self, span: Span) -> str | None:
        """"King Abdullah II of Jordan" ("Prime Minister of India Narendra Modi" is read by `_office_before`)."""
        doc = span.doc
        i = span.end
        if i < len(doc) - 1 and doc[i].lower_ == "of" and self._state_of(doc[i + 1]):
            return self._state_of(doc[i + 1])
        return None

    def _office_after(self, span: Span) -> Office | None:
        """"Mukhtar Mammadov, the Azeri ambassador to Israel," — an apposition after the name."""
        doc = span.doc
        i = span.end
        if i + 1 >= len(doc) or doc[i].text != ",":
            return None
        words: list[Token] = []
        state = None
        for token in doc[i + 1 : i + 10]:
            if token.lower_ in ("the", "a", "an") and not words:
                continue
            if self._state_of(token) and not (words and words[-1].lower_ in ("to", "for")):
                if any(w.lower_ in self.head_titles for w in words):
                    break
                state = state or self._state_of(token)
                continue
            if token.lower_ in self.title_words or token.lower_ in CONNECTORS or self._state_of(token):
                words.append(token)
                continue
            break
        while words and words[-1].lower_ in CONNECTORS:
            words.pop()
        if not any(w.lower_ in self.head_titles for w in words):
            return None
        return Office(role=" ".join(w.text for w in words), state=state)

    def _counterpart(self, span: Span, state: str | None, drafts: dict[str, _PersonDraft]) -> Office | None:
        """'his Azeri counterpart, Ilham Aliyev': the office of the person 'his' refers to, for another state."""
        referent = self._previous_person(span.doc, span.start - 3)
        if referent is None:
            return None
        draft = drafts.get(self._person_key(self._full_name(referent)[0], drafts) or "")
        if draft is None or not draft.offices:
            for other in drafts.values():
                if referent in other.spans and other.offices:
                    draft = other
        if draft is None or not draft.offices:
            return None
        return Office(role=draft.offices[0].role, state=state)


@Language.factory("kgx_linker", assigns=["doc._.kgx_entities", "doc._.kgx_mentions", "doc._.kgx_actors"],
                  requires=["doc.ents"])
def make_linker(nlp: Language, name: str) -> Linker:
    return Linker(nlp, name)
