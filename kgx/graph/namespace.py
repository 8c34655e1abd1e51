"""kgx's vocabulary as an rdflib `DefinedNamespace`: a typo such as `KGX.Vist` fails at import, not in a query.
The ontology itself, with labels, comments and alignments, is `ontology/kgx.ttl`."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://kgx.dev/"
ID = Namespace(BASE + "id/")
WD = Namespace("http://www.wikidata.org/entity/")


class KGX(DefinedNamespace):
    _NS = Namespace(BASE + "ns#")
    _fail = True

    # Actors
    Actor: URIRef  # a state, person or organisation that takes part in events
    State: URIRef
    Person: URIRef
    Organization: URIRef
    Ministry: URIRef
    Agency: URIRef
    InternationalOrganization: URIRef
    Office: URIRef  # a role held for a state, as of a date
    # Events
    Event: URIRef
    EventMention: URIRef  # one sentence of one document telling of an event
    Document: URIRef
    Visit: URIRef
    Meeting: URIRef
    EmbassyOpening: URIRef
    EmbassyClosure: URIRef
    AmbassadorAppointment: URIRef
    Expulsion: URIRef
    ArmsTransfer: URIRef
    Agreement: URIRef
    RelationsUpgrade: URIRef
    RelationsDowngrade: URIRef
    Accusation: URIRef
    Threat: URIRef
    Attack: URIRef
    MilitaryPosture: URIRef
    # Properties
    source: URIRef
    target: URIRef
    participant: URIRef
    location: URIRef
    date: URIRef
    dateStart: URIRef
    dateEnd: URIRef
    datePrecision: URIRef
    dateMethod: URIRef
    dateText: URIRef
    dateValue: URIRef  # the ISO 8601 value as text, intervals included: 2016/2020, 1993/..
    status: URIRef
    eventType: URIRef
    cameoCode: URIRef
    ploverCategory: URIRef
    confidence: URIRef
    mention: URIRef
    mentionOf: URIRef
    inDocument: URIRef
    docId: URIRef
    sentenceIndex: URIRef
    startOffset: URIRef
    endOffset: URIRef
    quote: URIRef
    trigger: URIRef
    published: URIRef
    publisher: URIRef
    iso3: URIRef
    iso2: URIRef
    holdsOffice: URIRef
    role: URIRef
    officeOf: URIRef
    asOf: URIRef
    current: URIRef
    belongsTo: URIRef
    category: URIRef
    mentionsEntity: URIRef
    name: URIRef
    key: URIRef  # the canonical key an entity IRI is minted from (ISO3, 'person:...', organisation key)
