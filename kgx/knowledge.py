"""Load and validate the knowledge kgx is built on: gazetteers, office words and event types, from `ontology/`.

Knowledge is data: a user who needs another state alias or trigger edits a file, not the code. Every file is
checked against the schema below when it is loaded, and a bad file stops kgx with one line naming file and field.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import KgxError

ONTOLOGY_DIR = Path(os.environ.get("KGX_ONTOLOGY", Path(__file__).resolve().parent.parent / "ontology"))
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


class TriggerRule(Record):
    lemma: str
    pos: Literal["VERB", "NOUN"]
    object: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    modifier: tuple[str, ...] = ()
    particle: str | None = None
    phrase: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    source: tuple[str, ...] | None = None
    target: tuple[str, ...] | None = None
    alone: bool = False


class EventType(Record):
    name: str
    core: bool
    symmetric: bool
    cameo: tuple[str, ...]
    plover: Literal[
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    ]
    description: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    state_targets: bool = False
    hosted: bool = False
    triggers: tuple[TriggerRule, ...]


class StatusCues(Record):
    planned_aux: tuple[str, ...]
    planned_heads: tuple[str, ...]
    denied_heads: tuple[str, ...]
    alleged_phrases: tuple[str, ...]
    alleged_heads: tuple[str, ...]
    negations: tuple[str, ...]
    irrealis_heads: tuple[str, ...]
    conditional_marks: tuple[str, ...]


class EventLexicon(Record):
    description: str
    status_cues: StatusCues
    types: tuple[EventType, ...]

    @property
    def by_name(self) -> dict[str, EventType]:
        return {t.name: t for t in self.types}


def _validated(model: type[Record], path: Path, data: object) -> Record:
    try:
        return model.model_validate(data)
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


@cache
def states() -> tuple[StateRecord, ...]:
    path = ONTOLOGY_DIR / "gazetteer" / "states.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    records = tuple(
        _validated(StateRecord, path, {**row, "historical": row["iso3"] in HISTORICAL_STATES}) for row in rows
    )
    for record in records:
        if len(record.capital) != len(record.capital_wikidata):
            raise KgxError("E020", path=path, reason=f"{record.iso3}: capital and capital_wikidata differ in length")
    return records


@cache
def states_by_iso3() -> dict[str, StateRecord]:
    return {s.iso3: s for s in states()}


@cache
def organizations() -> tuple[OrganizationRecord, ...]:
    path = ONTOLOGY_DIR / "gazetteer" / "organizations.json"
    return _validated(Organizations, path, _json(path)).organizations


@cache
def offices() -> OfficeLexicon:
    path = ONTOLOGY_DIR / "gazetteer" / "offices.json"
    return _validated(OfficeLexicon, path, _json(path))


@cache
def event_lexicon() -> EventLexicon:
    path = ONTOLOGY_DIR / "events.json"
    return _validated(EventLexicon, path, _json(path))


SCHEMAS = {"states.schema.json": StateRecord, "organizations.schema.json": Organizations,
           "offices.schema.json": OfficeLexicon, "events.schema.json": EventLexicon}


def json_schemas() -> dict[str, str]:
    """The JSON Schema of every knowledge file, as shipped in `ontology/schema/` for editors and other tools."""
    return {name: json.dumps(model.model_json_schema(), indent=1, sort_keys=True) + "\n" for name, model in SCHEMAS.items()}


def load_all() -> None:
    """Load and validate every knowledge file now, so that a bad file fails at start and not mid-corpus."""
    states(), organizations(), offices(), event_lexicon()
