"""Build the RDF graph from extraction results: documents, event mentions with provenance, merged events,
states, people with their offices, organisations.

IRIs are minted from stable keys (ISO codes, name keys, document ids, hashes of merge keys) and percent-escaped,
and no blank nodes are used, so that the same input always gives the same triples and byte-identical Turtle.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from .. import knowledge
from ..merge import MergedEvent, office_states, organization_states
from ..models import DocumentResult, Event, Office, Organization, Person, State, TimeValue
from .namespace import ID, KGX, WD

ORG_CLASS = {"Ministry": KGX.Ministry, "Agency": KGX.Agency, "InternationalOrganization": KGX.InternationalOrganization}


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def text_literal(text: str) -> Literal:
    """A literal of text from an article, without the control characters no RDF or XML reader accepts."""
    return Literal(CONTROL.sub("\ufffd", text))


def mint(kind: str, key: str) -> URIRef:
    """An IRI for `key`, escaped so that any text (quotes, spaces, angle brackets, backslashes) is safe."""
    return ID[f"{kind}/{quote(key, safe='')}"]


def entity_iri(key: str) -> URIRef:
    if key in knowledge.states_by_iso3():
        return mint("state", key)
    if key.startswith("person:"):
        return mint("person", key.removeprefix("person:"))
    return mint("org", key)


def document_iri(doc_id: str) -> URIRef:
    return mint("doc", doc_id)


def mention_iri(event: Event) -> URIRef:
    doc_id, _, number = event.id.rpartition("#")
    return ID[f"doc/{quote(doc_id, safe='')}/{quote(number, safe='')}"]


def date_literal(value: str) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear, by the precision of the ISO value."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value))
    return Literal(value, datatype=datatype) if datatype else Literal(value)


def add_date(g: Graph, node: URIRef, time: TimeValue | None) -> None:
    if time is None or not time.value:
        return
    g.add((node, KGX.datePrecision, Literal(time.precision)))
    g.add((node, KGX.dateMethod, Literal(time.method)))
    g.add((node, KGX.dateText, text_literal(time.text)))
    g.add((node, KGX.dateValue, Literal(time.value)))
    if "/" in time.value:
        start, end = time.value.split("/")
        g.add((node, KGX.dateStart, date_literal(start)))
        if end != "..":
            g.add((node, KGX.dateEnd, date_literal(end)))
    else:
        g.add((node, KGX.date, date_literal(time.value)))


def new_graph() -> Graph:
    """A graph for one piece: written as N-Triples, so no prefixes, and rdflib's plainest store, which adds
    triples twice as fast as the default one (it keeps no context index)."""
    return Graph(store="SimpleMemory")


def document_graph(result: DocumentResult, states_of_people: dict[str, str]) -> Graph:
    """A document's own triples, from its result under cross-document keys (`merge.with_identities`). They depend
    on other documents only through its people: who they are across documents and the state other articles give
    them (`states_of_people`, from `merge.person_states`; only the keys this document names are read)."""
    g = new_graph()
    _add_document(g, result, states_of_people)
    return g


def event_graph(merged: MergedEvent) -> Graph:
    """The triples of one merged event node: its type, roles and date (its links to its mentions: `link_graph`)."""
    g = new_graph()
    _add_event(g, merged)
    return g


def link_graph(key: str, mention: Event) -> Graph:
    """The two triples between a mention and the merged event (by its key) it is one of: apart from the event's
    own, so that a mention joining a large event adds them without the event's other triples drawn again."""
    g = new_graph()
    node, link = mint("event", key), mention_iri(mention)
    g.add((node, KGX.mention, link))
    g.add((link, KGX.mentionOf, node))
    return g


def _add_document(g: Graph, result: DocumentResult, states_of_people: dict[str, str]) -> None:
    document = result.document
    node = document_iri(document.id)
    g.add((node, RDF.type, KGX.Document))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, KGX.docId, text_literal(document.id)))
    for predicate, value in ((RDFS.label, document.title), (KGX.publisher, document.publisher)):
        if value:
            g.add((node, predicate, text_literal(value)))
    if document.url:
        g.add((node, PROV.atLocation, Literal(document.url, datatype=XSD.anyURI)))
    if document.published:
        g.add((node, KGX.published, Literal(document.published.isoformat(), datatype=XSD.date)))
    states = office_states(result, states_of_people)
    states.update(organization_states(result, states))
    for entity in result.entities:
        _add_entity(g, entity, node, document, states)
    for event in result.events:
        _add_mention(g, event, node)


def _add_entity(g: Graph, entity, document_node: URIRef, document, states: dict[str, str]) -> None:
    node = entity_iri(entity.key)
    g.add((document_node, KGX.mentionsEntity, node))
    g.add((node, KGX.key, Literal(entity.key)))
    g.add((node, RDFS.label, text_literal(entity.name)))
    for alias in entity.aliases:
        g.add((node, SKOS.altLabel, text_literal(alias)))
    if entity.wikidata:
        g.add((node, OWL.sameAs, WD[entity.wikidata]))
    if isinstance(entity, State):
        g.add((node, RDF.type, KGX.State))
        g.add((node, KGX.iso3, Literal(entity.iso3)))
        if entity.iso2:
            g.add((node, KGX.iso2, Literal(entity.iso2)))
    elif isinstance(entity, Organization):
        g.add((node, RDF.type, ORG_CLASS.get(entity.category, KGX.Organization)))
        g.add((node, RDF.type, KGX.Organization))
        g.add((node, KGX.category, Literal(entity.category)))
        if entity.state or entity.key in states:
            g.add((node, KGX.belongsTo, entity_iri(entity.state or states[entity.key])))
    elif isinstance(entity, Person):
        g.add((node, RDF.type, KGX.Person))
        # Every person has an office node in every document that names them: the role and state this document
        # gives (either may be unknown), so that "who, in which article, as what" is one join.
        offices = entity.offices or [Office(role="", current=True)]
        for i, office in enumerate(offices):
            office_node = URIRef(f"{node}/office/{quote(document.id, safe='')}/{i}")
            state = office.state or (states.get(entity.key) if i == 0 and office.current else None)
            g.add((node, KGX.holdsOffice, office_node))
            g.add((office_node, RDF.type, KGX.Office))
            g.add((office_node, KGX.name, text_literal(entity.name)))  # the name as this document writes it
            if office.role:
                g.add((office_node, KGX.role, text_literal(office.role)))
            g.add((office_node, KGX.current, Literal(office.current)))
            g.add((office_node, KGX.inDocument, document_node))
            if state:
                g.add((office_node, KGX.officeOf, entity_iri(state)))
            if office.organization:
                g.add((office_node, KGX.belongsTo, entity_iri(office.organization)))
            if office.as_of:
                g.add((office_node, KGX.asOf, Literal(office.as_of.isoformat(), datatype=XSD.date)))


def _add_roles(g: Graph, node: URIRef, event: Event) -> None:
    for key in event.source:
        g.add((node, KGX.source, entity_iri(key)))
    for key in event.target:
        g.add((node, KGX.target, entity_iri(key)))
    for key in event.persons:
        g.add((node, KGX.participant, entity_iri(key)))
    if event.location:
        g.add((node, KGX.location, entity_iri(event.location)))
    g.add((node, KGX.status, Literal(event.status)))
    add_date(g, node, event.date)


def _add_mention(g: Graph, event: Event, document_node: URIRef) -> None:
    node = mention_iri(event)
    g.add((node, RDF.type, KGX.EventMention))
    g.add((node, KGX.eventType, Literal(event.type)))
    g.add((node, KGX.inDocument, document_node))
    g.add((node, PROV.wasDerivedFrom, document_node))
    g.add((node, KGX.trigger, text_literal(event.trigger)))
    g.add((node, KGX.confidence, Literal(event.confidence, datatype=XSD.decimal)))
    g.add((node, KGX.sentenceIndex, Literal(event.provenance.sentence)))
    g.add((node, KGX.startOffset, Literal(event.provenance.start)))
    g.add((node, KGX.endOffset, Literal(event.provenance.end)))
    g.add((node, KGX.quote, text_literal(event.provenance.text)))
    _add_roles(g, node, event)


def _add_event(g: Graph, merged: MergedEvent) -> None:
    node = mint("event", merged.key)
    event_type = knowledge.event_lexicon().by_name[merged.type]
    best = merged.best
    g.add((node, RDF.type, KGX[merged.type]))
    g.add((node, RDF.type, KGX.Event))
    g.add((node, KGX.eventType, Literal(merged.type)))
    g.add((node, KGX.ploverCategory, Literal(event_type.plover)))
    for code in event_type.cameo:
        g.add((node, KGX.cameoCode, Literal(code)))
    _add_roles(g, node, best.model_copy(update={"persons": merged.persons}))
