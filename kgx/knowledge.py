"""Load and validate the knowledge kgx is built on: gazetteers, office words and event types, from `ontology/`.

Knowledge is data: a user who needs another state alias or trigger edits a file, not the code. Every file is
checked against the schema below when it is loaded, and a bad file stops kgx with one line naming file and field.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from .errors import KgxError


def _shipped_knowledge() -> Path:
    """`kgx/ontology` in an installed wheel (setuptools maps the top-level `ontology/` there), else `ontology/` at
    the top of the source checkout, where an editable install and `python -m kgx` find it."""
    packaged = Path(str(resources.files("kgx") / "ontology"))
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "ontology"


ONTOLOGY_DIR = Path(os.environ.get("KGX_ONTOLOGY") or _shipped_knowledge())
QID = re.compile(r"^Q[1-9][0-9]*$")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


class StateRecord(Record):
    """One row of `gazetteer/states.csv` (see `gazetteer/states.README.md` for the sources)."""

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    official_name: str
    wikidata: str = Field(pattern=QID.pattern)
    demonyms: tuple[str, ...]
    capital: tuple[str, ...]
    capital_wikidata: tuple[str, ...]
    aliases: tuple[str, ...]
    historical: bool = False

    @field_validator("demonyms", "capital", "capital_wikidata", "aliases", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        return _split(value) if isinstance(value, str) else value

    @field_validator("capital_wikidata")
    @classmethod
    def _qids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [q for q in value if not QID.match(q)]
        if bad:
            raise ValueError(f"not Wikidata QIDs: {bad}")
        return value


TERM_DATE = r"^(|[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"


def _term_bound(value: str, last: bool) -> datetime.date | None:
    """A term's 'YYYY' or 'YYYY-MM-DD' as a day: a bare year reaches back to 1 January for a start and on to
    31 December for an end, so that the term covers every day the source may mean."""
    if not value:
        return None
    if len(value) == 4:
        return datetime.date(int(value), 12, 31) if last else datetime.date(int(value), 1, 1)
    return datetime.date.fromisoformat(value)


def _known_state(value: str) -> str:
    if value not in states_by_iso3():
        raise ValueError(f"not an iso3 of gazetteer/states.csv: {value}")
    return value


KnownState = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_known_state)]


class CityRecord(Record):
    """One row of `gazetteer/cities.csv` (GeoNames, see `gazetteer/cities.README.md`): a city that stands for the
    state it lies in when the text names it as a place ("a consulate in Yekaterinburg", "met in Sochi")."""

    name: str = Field(min_length=1)
    iso3: KnownState
    population: int = Field(ge=0)
    geonameid: int


class OfficeHolderRecord(Record):
    """One row of `gazetteer/office_holders.csv` (see `gazetteer/office_holders.README.md` for the sources): a term
    of a head of state, head of government or foreign minister."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...]
    iso3: KnownState
    office: Literal["head_of_state", "head_of_government", "foreign_minister"]
    start: str = Field(pattern=TERM_DATE.replace("(|", "("))
    end: str = Field(pattern=TERM_DATE)

    @field_validator("aliases", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        return _split(value) if isinstance(value, str) else value

    @field_validator("start", "end")
    @classmethod
    def _date(cls, value: str) -> str:
        _term_bound(value, last=False)  # raises ValueError on a day that does not exist
        return value

    @model_validator(mode="after")
    def _ordered(self) -> OfficeHolderRecord:
        if self.end and self.last_day < self.first_day:
            raise ValueError(f"end {self.end} before start {self.start}")
        return self

    @property
    def first_day(self) -> datetime.date:
        return _term_bound(self.start, last=False)

    @property
    def last_day(self) -> datetime.date | None:
        """None while in office at the source's date."""
        return _term_bound(self.end, last=True)

    def covers(self, day: datetime.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


class OrganizationRecord(Record):
    key: str = Field(pattern=r"^[A-Z0-9]+$")
    name: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    category: Literal["InternationalOrganization", "ArmedGroup", "ResearchInstitute", "Media", "Other"]
    wikidata: str | None = Field(None, pattern=QID.pattern)


class Organizations(Record):
    description: str
    organizations: tuple[OrganizationRecord, ...]


class OfficeLexicon(Record):
    description: str
    head_titles: tuple[str, ...]
    modifiers: tuple[str, ...]
    ministry_domains: tuple[str, ...]
    agency_heads: tuple[str, ...]
    agency_modifiers: tuple[str, ...]
    ranks: tuple[str, ...]
    honorifics: tuple[str, ...]
    former_markers: tuple[str, ...]
    kinship: tuple[str, ...]
    media_roles: tuple[str, ...]
    civil_roles: tuple[str, ...]
    styles: tuple[str, ...]
    name_particles: tuple[str, ...]
    generational_suffixes: tuple[str, ...]
    honorific_suffixes: tuple[str, ...]
    descriptors: tuple[str, ...]
    unique_roles: tuple[str, ...]
    role_abbreviations: dict[str, str]
    state_titles: dict[str, tuple[str, ...]] = {}

    @field_validator("media_roles", "civil_roles")
    @classmethod
    def _lower_case(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(r.lower() for r in roles)  # compared with a role's lower-case text

    def outside_government(self, role: str) -> bool:
        """A role of the press or of civil society ("senior writer", "gender rights activist"): whoever holds it
        serves no state the context could give."""
        text = role.lower().strip()
        return text in self.media_roles or text.rsplit(" ", 1)[-1] in self.civil_roles

    def role_key(self, role: str) -> str:
        """One spelling per office, to compare roles: "PM", "prime minister" and "Prime Minister" are one."""
        abbreviations = {k.lower(): v.lower() for k, v in self.role_abbreviations.items()}
        text = " ".join(w for w in role.lower().split() if w not in ("the", "a", "an"))
        text = abbreviations.get(text, text)
        return abbreviations.get(text, text)


class NonPersonLexicon(Record):
    """`gazetteer/non_persons.json`: words that show a name tagged as a person names a thing or a place."""

    description: str
    heads: dict[str, tuple[str, ...]]
    platforms: tuple[str, ...]
    place_words: tuple[str, ...]
    place_prepositions: tuple[str, ...]


SLOTS = {
    "subj": "the logical subject: the active subject, or the agent of a passive ('was received by X')",
    "obj": "the logical object: direct object, attribute, a passive's subject; for a noun, its 'of' phrase",
    "dative": "the indirect object ('gave the ambassador 72 hours')",
    "by": "a noun trigger's 'by' phrase ('a visit by X')",
    "poss": "a noun trigger's possessor ('Kenya's visit')",
    "mod": "a state word modifying a noun trigger ('the Russian visit')",
    "bilateral": "a noun trigger's adjective 'bilateral': the two parties told before ('bilateral talks')",
    "headsubj": "for a noun trigger that is the object of a verb, that verb's subject ('X paid a visit')",
    "clausesubj": "for a noun trigger in an adjunct, the clause's subject ('During a meeting with X, Y said')",
    "asobj": "a verb's 'as' phrase or 'to become' attribute ('appointed X as its ambassador')",
    "objplace": "a place named before the object ('reopen its Baghdad embassy')",
    "phrasegap": "the actors between the trigger and its rule's phrase ('declared Consul X persona non grata')",
    "objposs": "the possessor of the object ('expelled Russia's ambassador')",
    "objmod": "a state word modifying the object ('expelled four Russian diplomats')",
    "xcomp": "an open clausal complement is present ('agreed to resume talks')",
    "there": "the place an adverb 'there' refers to: the last place named before ('moved its embassy there')",
    "xcompobj": "the object of an open clausal complement ('threatened to strike Seoul')",
    "purposeposs": "the possessor of the object of a 'to' clause of purpose ('sent X to attend Y's inauguration')",
    "since": "the sentence holds 'since' (a standing state of affairs: 'has had an embassy since 1993')",
}
SLOT_PREFIXES = {
    "prep": "the object of a preposition of the trigger ('prep:to': 'travelled to Kenya')",
    "objprep": "the object of a preposition inside the object phrase ('opened an embassy in Seoul')",
    "headprep": "for a noun trigger, a preposition of its governing verb",
    "subjprep": "a preposition inside the subject phrase ('relations between Canada and Iran were suspended')",
    "xcompprep": "a preposition inside an open clausal complement",
}


def _check_slot(slot: str, prepositions: frozenset[str]) -> None:
    prefix, colon, word = slot.partition(":")
    if not colon and slot in SLOTS:
        return
    if colon and prefix in SLOT_PREFIXES and word in prepositions:
        return
    raise ValueError(f"unknown slot '{slot}': slots are {sorted(SLOTS)} or {sorted(SLOT_PREFIXES)} + ':' + a "
                     "preposition of the lexicon's 'prepositions'")


def _check_slots(slots: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    prepositions = frozenset((info.context or {}).get("prepositions", ()))
    for slot in slots:
        for alternative in slot.split("|"):
            _check_slot(alternative, prepositions)
    return slots


class TriggerRule(Record):
    """One way of saying an event: a trigger word and what its parse must show."""

    lemma: str = Field(description="Lemma of the trigger word, lower case ('visit', 'expulsion').")
    pos: Literal["VERB", "NOUN"] = Field(description="VERB, or NOUN (a common or proper noun).")
    object: tuple[str, ...] = Field((), description=(
        "Words one of which the object phrase must contain (lemma or form; '@name' stands for a word set). "
        "'person' asks for a named person as object, 'state_entity' for a state."))
    unless: tuple[str, ...] = Field((), description="Words none of which the object phrase may contain ('met with "
                                    "criticism').")
    subject: tuple[str, ...] = Field((), description="Words one of which the subject phrase must contain ('the "
                                     "French ambassador returned to').")
    unless_object: tuple[str, ...] = Field((), description="Words none of which the object's head may be ('visited "
                                           "the president's family home': a stop inside a visit).")
    unless_purpose: tuple[str, ...] = Field((), description="Words none of which the object of a 'to' clause of "
                                            "purpose may be ('landed in Riyadh to begin his mission': a posting).")
    unless_subject: tuple[str, ...] = Field((), description="Words none of which the subject's head may be ('the "
                                            "wife and children of the president arrived in Mexico').")
    also: tuple[str, ...] = Field((), description="Words one of which the object phrase must contain as well "
                                  "('revoked the visas of ... diplomats').")
    modifier: tuple[str, ...] = Field((), description="Words one of which must modify the trigger as a compound or "
                                      "adjective ('arms sales').")
    particle: str | None = Field(None, description="A particle the verb must carry ('throw out').")
    phrase: tuple[str, ...] = Field((), description="Lemmas that must follow the trigger, in this order, within 15 "
                                    "tokens ('declare ... persona non grata').")
    needs: tuple[str, ...] = Field((), description="Slots that must be filled; alternatives joined by '|'.")
    source: tuple[str, ...] | None = Field(None, description="Role slots for the source, replacing the type's.")
    target: tuple[str, ...] | None = Field(None, description="Role slots for the target, replacing the type's.")
    alone: bool = Field(False, description="A symmetric event may stand with one party (a summit a state hosts).")
    own_parties: bool = Field(False, description="The clause must name every party itself: no other party from the "
                              "discourse ('Australia agreed to take a flexible approach' is no agreement).")
    partner: bool = Field(False, description="A subject state and no other party: the other party is the state's "
                          "partner in the last event before ('Ecuador broke off diplomatic ties in 2008').")
    earlier_host: bool = Field(False, description="A visitor and no host: the host of the last visit the visitor's "
                               "state made in the sentences before ('Looking back on his trip in 2000').")
    yields_to: tuple[str, ...] = Field((), description="Event types whose trigger in the clause this verb governs "
                                       "is the event told ('agreed to restore ties' is a restoration, no agreement).")
    together: bool = Field(False, description="The verb brings its objects together: one event of all of them, "
                           "not one per partner ('gathered the leaders of Kosovo and Serbia').")
    mutual: bool = Field(False, description="Several states as source, none as target, and a plural object: each "
                         "acts towards the others ('Ecuador and Colombia will name ambassadors').")
    exclusive: bool = Field(True, description="An event from this rule ends the search at this word; false lets the "
                            "rules after it give events too (a switch of recognition is a downgrade and an upgrade).")
    negated: bool = Field(False, description="The rule holds only in a negated clause, as what the negation tells: "
                          "'has not had an embassy in Tehran since 1980' is a closure then.")
    leaves: dict[str, str] = Field({}, description="The target is the state the one the target slots name replaces: "
                                   "switching recognition to Beijing leaves Taipei ({'CHN': 'TWN'}).")

    @field_validator("needs", "source", "target")
    @classmethod
    def _slots_known(cls, value: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        return value if value is None else _check_slots(value, info)


class ExpectedEvent(Record):
    """An event an example sentence must give (symmetric types compare the union of their parties)."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    date: str | None = Field(description="The resolved date as kgx writes it ('2024-03-11', '2023', '1999/..').")
    status: Literal["occurred", "planned", "denied", "alleged"] = "occurred"


class Example(Record):
    """A sentence written for the lexicon (never taken from an article) and the events of its type it must give;
    none for a sentence that must give no event of the type (a trigger word in another sense, a negation)."""

    text: str
    published: str = Field("2024-03-15", pattern=r"^\d{4}-\d{2}-\d{2}$")
    events: tuple[ExpectedEvent, ...] = ()
    known_gap: str | None = Field(None, description="Why kgx does not give this yet: the test is an expected failure.")


class Family(Record):
    """The rules of one linguistic family (a verb class, a nominalisation, a support-verb construction), beside
    example sentences of its own."""

    family: str
    description: str
    rules: tuple[TriggerRule, ...] = ()
    examples: tuple[Example, ...] = ()


class EventType(Record):
    """One event type (`ontology/events/<type>.json`): codes, role slots and its rules by linguistic family."""

    name: str
    core: bool
    symmetric: bool = Field(description="Parties are compared as one set (meetings, agreements, relations).")
    cameo: tuple[str, ...]
    plover: Literal[
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    ]
    description: str
    source: tuple[str, ...] = Field(description="Slots that fill the source, in order of preference.")
    target: tuple[str, ...] = Field(description="Slots that fill the target, in order of preference.")
    state_targets: bool = Field(False, description="Only states are targets.")
    one_to_many: bool = Field(False, description="One state acting by a verb towards several: one event per partner "
                              "('China signed agreements with A, B and C'); a noun keeps them together.")
    pairwise: bool = Field(False, description="Several states on a side: one event per pair of states ('A, B and C "
                           "severed ties with D' is three downgrades).")
    hosted: bool = Field(False, description="Naming one party, the event takes the host state as the other: "
                         "where it took place, or the visit it belongs to.")
    families: tuple[Family, ...]

    @field_validator("source", "target")
    @classmethod
    def _slots_known(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return _check_slots(value, info)

    @property
    def triggers(self) -> tuple[TriggerRule, ...]:
        return tuple(rule for family in self.families for rule in family.rules)


class StatusCues(Record):
    planned_aux: tuple[str, ...] = Field(description="Auxiliaries of a planned event ('will visit').")
    planned_heads: tuple[str, ...] = Field(description="Verbs governing a planned event ('plans to open').")
    planned_modifiers: tuple[str, ...] = Field(description="Adjectives of a noun event still to come ('the upcoming "
                                               "visit').")
    denied_heads: tuple[str, ...] = Field(description="Verbs of denial governing the event.")
    alleged_phrases: tuple[str, ...] = Field(description="Phrases that make the sentence's claim alleged.")
    alleged_heads: tuple[str, ...] = Field(description="Verbs governing an alleged event ('accused of supplying').")
    negations: tuple[str, ...] = Field(description="Negations that drop the event.")
    irrealis_heads: tuple[str, ...] = Field(description="Heads of events that did not happen ('refused to sign').")
    conditional_marks: tuple[str, ...] = Field(description="Marks of hypothetical clauses ('If Serbia recognized').")


class LexiconFile(Record):
    """`ontology/events/lexicon.json`: what the event types share."""

    description: str
    precedence: tuple[str, ...] = Field(description=(
        "Every event type once: where rules of several types fit one trigger word, they are tried in this order "
        "and the first that gives an event wins."))
    prepositions: tuple[str, ...] = Field(description="The prepositions slot names may use ('prep:to').")
    word_sets: dict[str, tuple[str, ...]] = Field(description="Named word sets, used in rules as '@name'.")
    status_cues: StatusCues


class EventLexicon(Record):
    """The event lexicon as kgx uses it: the shared file, and the types in order of precedence with their word
    sets expanded."""

    description: str
    status_cues: StatusCues
    types: tuple[EventType, ...]

    @property
    def by_name(self) -> dict[str, EventType]:
        return {t.name: t for t in self.types}


def _validated(model: type[Record], path: Path, data: object, context: dict | None = None) -> Record:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KgxError("E020", path=path, reason=f"{where}: {first['msg']}") from None


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KgxError("E020", path=path, reason=str(err)) from None


HISTORICAL_STATES = frozenset({"SUN", "YUG"})


def _csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise KgxError("E020", path=path, reason=str(err)) from None


@cache
def states() -> tuple[StateRecord, ...]:
    path = ONTOLOGY_DIR / "gazetteer" / "states.csv"
    records = tuple(
        _validated(StateRecord, path, {**row, "historical": row.get("iso3") in HISTORICAL_STATES})
        for row in _csv_rows(path)
    )
    for record in records:
        if len(record.capital) != len(record.capital_wikidata):
            raise KgxError("E020", path=path, reason=f"{record.iso3}: capital and capital_wikidata differ in length")
    return records


@cache
def states_by_iso3() -> dict[str, StateRecord]:
    return {s.iso3: s for s in states()}


@cache
def office_holders() -> tuple[OfficeHolderRecord, ...]:
    path = ONTOLOGY_DIR / "gazetteer" / "office_holders.csv"
    return tuple(_validated(OfficeHolderRecord, path, row) for row in _csv_rows(path))


@cache
def city_states() -> dict[str, str]:
    """City name -> the iso3 of its state, from `gazetteer/cities.csv`."""
    path = ONTOLOGY_DIR / "gazetteer" / "cities.csv"
    return {city.name: city.iso3 for city in (_validated(CityRecord, path, row) for row in _csv_rows(path))}


ARABIC_ARTICLE = "al"  # "el-Sisi", "al Sisi" and "al-Sisi" write one name


def fold_name(name: str) -> str:
    """A name without case, accents, dots, hyphens or spacing differences: 'Micheál  Martin' and 'micheal martin'
    are one, and so are 'George W. Bush' and 'George W Bush', 'Abdel Fattah el-Sisi' and 'Abdel Fattah al Sisi'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace(".", " ").replace("-", " "))
    words = "".join(c for c in decomposed if not unicodedata.combining(c)).split()
    return " ".join(ARABIC_ARTICLE if word == "el" else word for word in words)


GENERATIONAL = {"i", "ii", "iii", "iv", "jr", "sr"}


@cache
def _office_holders_by_name() -> dict[str, tuple[OfficeHolderRecord, ...]]:
    """Folded name -> terms; a name also without its generational suffix ('Benigno Aquino III' is 'Benigno
    Aquino'), when two words remain."""
    found: dict[str, list[OfficeHolderRecord]] = {}
    for record in office_holders():
        names = [fold_name(n) for n in (record.name, *record.aliases)]
        names += [" ".join(n.split()[:-1]) for n in names if n.split()[-1] in GENERATIONAL and len(n.split()) > 2]
        for name in dict.fromkeys(names):
            found.setdefault(name, []).append(record)
    return {name: tuple(records) for name, records in found.items()}


def office_holder_state(name: str, on: datetime.date | None) -> str | None:
    """The iso3 of the state whose head of state, head of government or foreign minister goes by `name` (the full
    name or an alias, whatever its case and accents): among the terms that cover `on`, or among all terms when no
    date is known. None for an unknown name, and for one that gives more than one state (Charles III, king of
    fifteen realms)."""
    records = _office_holders_by_name().get(fold_name(name), ())
    if on is not None:
        records = tuple(r for r in records if r.covers(on))
    found = {r.iso3 for r in records}
    return found.pop() if len(found) == 1 else None


def former_office_holder_state(name: str, on: datetime.date) -> str | None:
    """The iso3 of the one state a person of that full name led or was foreign minister of before `on`, when no
    term covers `on` ("George W Bush" in a 2020 article): a former leader in the news is still that state's."""
    records = _office_holders_by_name().get(fold_name(name), ())
    found = {r.iso3 for r in records}
    return found.pop() if len(found) == 1 and all(r.first_day <= on for r in records) else None


@cache
def _leaders_by_family_name() -> dict[str, tuple[OfficeHolderRecord, ...]]:
    found: dict[str, list[OfficeHolderRecord]] = {}
    for record in office_holders():
        if record.office != "foreign_minister":
            for name in dict.fromkeys(fold_name(n).split()[-1] for n in (record.name, *record.aliases)):
                found.setdefault(name, []).append(record)
    return {name: tuple(records) for name, records in found.items()}


def leader_state_by_family_name(family_name: str, on: datetime.date) -> str | None:
    """The iso3 of the state whose head of state or government on `on` is the only one of that family name
    ("Obama" in 2012, "Sarkozy" in 2010); None when none or several are."""
    folded = fold_name(family_name).removeprefix(f"{ARABIC_ARTICLE} ")  # "al-Sisi" is "Sisi"
    found = {r.iso3 for r in _leaders_by_family_name().get(folded, ()) if r.covers(on)}
    return found.pop() if len(found) == 1 else None


@cache
def organizations() -> tuple[OrganizationRecord, ...]:
    path = ONTOLOGY_DIR / "gazetteer" / "organizations.json"
    return _validated(Organizations, path, _json(path)).organizations


@cache
def offices() -> OfficeLexicon:
    path = ONTOLOGY_DIR / "gazetteer" / "offices.json"
    return _validated(OfficeLexicon, path, _json(path))


@cache
def non_persons() -> NonPersonLexicon:
    path = ONTOLOGY_DIR / "gazetteer" / "non_persons.json"
    return _validated(NonPersonLexicon, path, _json(path))


WORD_SET_FIELDS = ("object", "unless", "subject", "also", "modifier")


def _expand_word_sets(data: object, word_sets: dict[str, tuple[str, ...]], path: Path) -> object:
    """Rules name shared word sets as '@name': replace each by its words, and name the rule of an unknown one."""
    for f, family in enumerate(data.get("families", []) if isinstance(data, dict) else []):
        for r, rule in enumerate(family.get("rules", [])):
            for key in WORD_SET_FIELDS:
                words: list[str] = []
                for word in rule.get(key, []):
                    if not word.startswith("@"):
                        words.append(word)
                    elif word[1:] in word_sets:
                        words.extend(word_sets[word[1:]])
                    else:
                        raise KgxError("E020", path=path, reason=f"families.{f}.rules.{r}.{key}: unknown word set "
                                       f"'{word}' (known: {', '.join(sorted(word_sets))})")
                if key in rule:
                    rule[key] = list(dict.fromkeys(words))
    return data


@cache
def event_lexicon() -> EventLexicon:
    """`ontology/events/`: `lexicon.json` (word sets, precedence, status cues) and one file per event type."""
    folder = ONTOLOGY_DIR / "events"
    shared_path = folder / "lexicon.json"
    shared = _validated(LexiconFile, shared_path, _json(shared_path))
    context = {"prepositions": shared.prepositions}
    types: dict[str, EventType] = {}
    for path in sorted(folder.glob("*.json")):
        if path != shared_path:
            event_type = _validated(EventType, path, _expand_word_sets(_json(path), shared.word_sets, path), context)
            types[event_type.name] = event_type
    if sorted(shared.precedence) != sorted(types):
        raise KgxError("E020", path=shared_path, reason=f"precedence: must name every event type once "
                       f"({', '.join(sorted(types))})")
    return EventLexicon(description=shared.description, status_cues=shared.status_cues,
                        types=tuple(types[name] for name in shared.precedence))


SCHEMAS = {"states.schema.json": StateRecord, "organizations.schema.json": Organizations,
           "offices.schema.json": OfficeLexicon, "non_persons.schema.json": NonPersonLexicon,
           "event-lexicon.schema.json": LexiconFile,
           "event-type.schema.json": EventType, "office-holders.schema.json": OfficeHolderRecord,
           "cities.schema.json": CityRecord}


def json_schemas() -> dict[str, str]:
    """The JSON Schema of every knowledge file, as shipped in `ontology/schema/` for editors and other tools."""
    return {name: json.dumps(model.model_json_schema(), indent=1, sort_keys=True) + "\n" for name, model in SCHEMAS.items()}


def load_all() -> None:
    """Load and validate every knowledge file now, so that a bad file fails at start and not mid-corpus."""
    states(), organizations(), offices(), non_persons(), event_lexicon(), office_holders(), city_states()


@cache
def digest() -> str:
    """A hash of every file under the knowledge folder, names and contents, read once per process as the knowledge
    is: a result extracted with other knowledge is out of date."""
    hashed = hashlib.sha256()
    for path in sorted(p for p in ONTOLOGY_DIR.rglob("*") if p.is_file()):
        try:
            content = path.read_bytes()
        except OSError as err:
            raise KgxError("E020", path=path, reason=str(err)) from None
        hashed.update(f"{path.relative_to(ONTOLOGY_DIR).as_posix()}\0{len(content)}\0".encode())
        hashed.update(content)
    return hashed.hexdigest()[:32]
