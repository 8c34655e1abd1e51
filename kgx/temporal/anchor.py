"""Date an event from its trigger token: the date expression that governs the trigger in the parse.

`EventDater.date_of(trigger, tense)` is what the event extractor calls. It looks, in order, for
  1. a date expression attached to the trigger, to something inside its phrase, or to a head of its clause
     ("In May, Iran expelled...", "a visit to the country in May by...", "visited ... and was received by");
  2. a duration in an "after"/"before" clause, counted from the date of the main clause ("a month after ...");
  3. a relative connective ("Soon after,", "Two years later,"), counted from the previous date in the text;
  4. the date of a governing event in the same paragraph ("during the visit", "the two-day visit"), marked
     inherited.
Otherwise the event stays undated: kgx never stamps the publication date on an event by default.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..models import TimeValue
from .resolve import Tense, is_date_expression, resolve

CLAUSE_BOUNDARIES = ("advcl", "ccomp", "relcl", "parataxis", "acl")
DURATION = re.compile(r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+(?:days?|weeks?|months?|years?)$", re.I)
CONNECTIVE = re.compile(r"^\s*((?:soon|shortly|immediately|days|weeks|months|years|a\s+(?:day|week|month|year))\s+(?:after(?:wards)?|later)|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier))\b", re.I)
GOVERNING_NOUNS = {"visit", "trip", "tour", "meeting", "talk", "summit", "conference", "stay", "session"}
GOVERNING_PREPS = {"during", "at", "on", "after", "amid", "throughout"}


def _attachment(span: Span) -> Token:
    """The token a date phrase modifies: "in May" modifies the verb "in" hangs from."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        return head.head
    return head if head != root else root


class EventDater:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.published: dt.date | None = doc._.kgx_published
        self.dates = [e for e in doc.ents if e.label_ == "DATE" and is_date_expression(e.text)]
        self.history: list[tuple[Token, str, TimeValue]] = []  # (trigger, event type, date) in text order

    def remember(self, trigger: Token, event_type: str, value: TimeValue | None) -> None:
        if value is not None and value.value:
            self.history.append((trigger, event_type, value))

    def _clause_path(self, trigger: Token) -> list[Token]:
        path = [trigger]
        token = trigger
        while token.head != token and token.dep_ not in CLAUSE_BOUNDARIES:
            token = token.head
            path.append(token)
        return path

    def _candidates(self, trigger: Token) -> list[tuple[int, Span]]:
        path = self._clause_path(trigger)
        subtree = {t.i for t in trigger.subtree}
        found = []
        for span in self.dates:
            if span.sent != trigger.sent:
                continue
            where = _attachment(span)
            if where in path:
                found.append((path.index(where), span))
            elif where.i in subtree and not self._crosses_clause(where, trigger):
                found.append((1, span))
        return sorted(found, key=lambda c: c[0])

    @staticmethod
    def _crosses_clause(token: Token, top: Token) -> bool:
        while token != top and token.head != token:
            if token.dep_ in CLAUSE_BOUNDARIES:
                return True
            token = token.head
        return False

    def date_of(self, trigger: Token, tense: Tense) -> TimeValue | None:
        """The date of the event the trigger denotes, or None when the text gives none."""
        for _, span in self._candidates(trigger):
            value = self._resolve_span(span, trigger, tense)
            if value is not None and value.value:
                return value
        sentence_start = trigger.sent.text
        connective = CONNECTIVE.match(sentence_start)
        if connective and self.history:
            reference = self.history[-1][2]
            text = connective.group(1)
            value = resolve(text.lower().replace("after", "later"), self.published, tense, reference=reference)
            return self._located(value, trigger.sent.start_char + connective.start(1), len(text))
        return self._inherited(trigger)

    def _located(self, value: TimeValue, start: int, length: int) -> TimeValue:
        offsets = self.doc._.kgx_offsets
        s, e = offsets.to_original(start, start + length) if offsets else (start, start + length)
        return value.model_copy(update={"start": s, "end": e})

    def _resolve_span(self, span: Span, trigger: Token, tense: Tense) -> TimeValue | None:
        text = span.text
        if DURATION.match(text):
            mark = next((c for c in _attachment(span).children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
            main = _attachment(span)
            if mark is None or main.dep_ != "advcl":
                return None
            reference = self.date_of(main.head, tense)
            if reference is None or not reference.value:
                return None
            direction = "earlier" if mark.lower_ == "after" else "later"
            value = resolve(f"{text} {direction}", self.published, tense, reference=reference)
        else:
            reference = self.history[-1][2] if self.history else None
            value = resolve(text, self.published, tense, reference=reference)
        return self._located(value, span.start_char, len(text))

    def _inherited(self, trigger: Token) -> TimeValue | None:
        """"During the visit, X met Y": the date of the visit, the latest such event in the paragraph."""
        paragraph_start = self.doc.text.rfind("\n", 0, trigger.sent.start_char)
        governed = any(
            t.lemma_ in GOVERNING_NOUNS and t.head.dep_ == "prep" and t.head.lower_ in GOVERNING_PREPS
            for t in self._clause_path(trigger)[-1].subtree
        ) or any(t.lemma_ in GOVERNING_NOUNS and t.head.lower_ in GOVERNING_PREPS for t in trigger.sent)
        if not governed:
            return None
        for previous, event_type, value in reversed(self.history):
            if previous.idx < paragraph_start and not self._same_story(previous, trigger):
                break
            if event_type in ("Visit", "Meeting"):
                return value.model_copy(update={"method": "inherited", "text": f"(inherited) {value.text}"})
        return None

    def _same_story(self, previous: Token, trigger: Token) -> bool:
        """Crawled articles often put each sentence in its own paragraph: look back three sentences as well."""
        sentences = list(self.doc.sents)
        index = {s.start: i for i, s in enumerate(sentences)}
        return index[trigger.sent.start] - index[previous.sent.start] <= 3
