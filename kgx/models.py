"""The contracts between kgx's stages.

Every stage reads and writes these models and nothing else, so each stage can be run and tested alone and every
intermediate result serialises to JSON. Offsets are always character offsets into the document's *original* text.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventStatus = Literal["occurred", "planned", "denied", "alleged"]
Precision = Literal["day", "month", "year", "interval", "unresolved"]
TimeMethod = Literal["explicit", "publication", "report", "relative", "inherited", "unresolved"]


class Contract(BaseModel):
    """Base of every contract: unknown fields are errors, so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid")


class Document(Contract):
    """One article. `published` anchors every relative date in it."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    source: str | None = Field(None, description="file the article was read from")
    metadata: dict[str, Any] = Field(default_factory=dict, description="input keys kgx does not interpret")


class Provenance(Contract):
    """Where a fact was read: a span of the original text of one document."""

    doc_id: str
    sentence: int = Field(description="index of the sentence in the document, from 0")
    start: int
    end: int
    text: str = Field(description="the original text between start and end")


class TimeValue(Contract):
    """A resolved date expression.

    `value` is ISO 8601 at the precision the text allows (`2023-05-04`, `2023-05`, `2023`, or an interval
    `2016/2020`, open-ended `1993/..`); it is None when the expression could not be resolved. Nothing is ever
    filled in that the text did not say: "In May" is `2023-05`, not `2023-05-01`.
    """

    text: str
    value: str | None
    precision: Precision
    method: TimeMethod = Field(description="explicit, relative to publication, the day of the report (an act told as "
                               "present or just done), relative to another date, inherited")
    anchor: str | None = Field(None, description="ISO date the value was resolved against")
    start: int | None = Field(None, description="offset of the expression in the original text")
    end: int | None = None

    @property
    def interval(self) -> tuple[str, str | None] | None:
        """(start, end) of an interval value; end is None for an open interval ("since 1993")."""
        if not self.value or "/" not in self.value:
            return None
        first, last = self.value.split("/")
        return first, None if last == ".." else last


class Office(Contract):
    """A role held for a state (or an organisation), as the text gives it, at a date."""

    role: str
    state: str | None = Field(None, description="ISO 3166-1 alpha-3 of the state the office belongs to")
    organization: str | None = Field(None, description="key of the organisation the office belongs to")
    as_of: dt.date | None = Field(None, description="date the text says it held the office (the publication date)")
    current: bool = Field(True, description="false for 'former' or 'ex-' offices")


class EntityBase(Contract):
    key: str = Field(description="canonical key: 'wd:Q...' when the Wikidata item is known, else a name key")
    name: str
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = None


class State(EntityBase):
    kind: Literal["State"] = "State"
    iso3: str
    iso2: str | None = None


class Person(EntityBase):
    kind: Literal["Person"] = "Person"
    offices: list[Office] = Field(default_factory=list)
    relative: str | None = Field(None, description="key of a family member the text names them by ('his wife, Michal')")

    @property
    def state(self) -> str | None:
        """The state the person acts for, through their first current office."""
        return next((o.state for o in self.offices if o.state and o.current), None)


class Organization(EntityBase):
    kind: Literal["Organization"] = "Organization"
    category: str = Field(description="Ministry, Agency, InternationalOrganization, ArmedGroup, Media, Other")
    state: str | None = Field(None, description="ISO3 of the state it belongs to, for ministries and agencies")
    abbreviation: str | None = None


Entity = Annotated[State | Person | Organization, Field(discriminator="kind")]


class Mention(Contract):
    """A span of text that names an entity."""

    entity: str = Field(description="key of the entity it names")
    label: Literal["STATE", "PERSON", "ORG"]
    how: str = Field(description="name, demonym, capital, metonym, alias, city, pattern, model")
    provenance: Provenance


class Event(Contract):
    """One event mention: what happened, between whom, when, as told by one sentence of one document."""

    id: str = Field(description="stable within the document: '<doc>#e<n>'")
    type: str
    source: list[str] = Field(default_factory=list, description="entity keys of who acts (ISO3 for states)")
    target: list[str] = Field(default_factory=list, description="entity keys of who is acted upon")
    persons: list[str] = Field(default_factory=list, description="keys of the named people taking part")
    location: str | None = Field(None, description="ISO3 of the state where it took place")
    date: TimeValue | None = None
    status: EventStatus = "occurred"
    trigger: str
    also: bool = Field(False, description="the text marks it as another event of its kind ('Gantz also met...')")
    confidence: float = Field(ge=0.0, le=1.0)
    provenance: Provenance


class DocumentResult(Contract):
    """Everything kgx extracted from one document: the unit written to the store and replaced on re-extraction."""

    document: Document
    fingerprint: str = Field(description="hash of the input and the extractor version; unchanged means skip")
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
