"""`kgx_events`: typed, dated events with roles, status and provenance, in `doc._.kgx_events`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..events.rules import EventExtractor

Doc.set_extension("kgx_events", default=None, force=True)


class EventComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.extract = EventExtractor()

    def __call__(self, doc: Doc) -> Doc:
        doc._.kgx_events = self.extract(doc)
        return doc


@Language.factory("kgx_events", assigns=["doc._.kgx_events"], requires=["doc._.kgx_entities", "token.dep"])
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent(nlp, name)
