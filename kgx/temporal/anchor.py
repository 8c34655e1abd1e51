"""Date an event from its trigger token: the date expression that governs the trigger in the parse.

`EventDater.date_of(trigger, tense)` is what the event extractor calls. It looks, in order, for
  1. a date expression attached to the trigger, to something inside its phrase, or to a head of its clause
     ("In May, Iran expelled...", "a visit to the country in May by...", "visited ... and was received by");
  2. a duration in an "after"/"before" clause, counted from the date of the main clause ("a month after ...");
  3. a relative connective ("Soon after,", "Two years later,"), counted from the previous date in the text;
  4. the date of a governing event ("during the visit", "a visit ..., during which he met"), or of the event
     told just before about the same person or the same two states, marked inherited.
Otherwise the event stays undated: kgx never stamps the publication date on an event by default.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..models import TimeValue
from ..positions import sentence_index
from .resolve import Tense, is_date_expression, resolve

CLAUSE_BOUNDARIES = ("advcl", "ccomp", "relcl", "parataxis", "acl")
DURATION = re.compile(r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+(?:days?|weeks?|months?|years?)$", re.I)
RELATIVE = re.compile(r"\b(?:later|earlier|after|before|afterwards)\b", re.I)
CONNECTIVE = re.compile(r"^\s*((?:soon|shortly|immediately|days|weeks|months|years|a\s+(?:day|week|month|year))\s+(?:after(?:wards)?|later)|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier))\b", re.I)
CONTINUATION_SENTENCES = 8  # same person: the same episode, a few sentences on
SAME_PARTIES_SENTENCES = 2  # same two states, no person: only the next sentence or two
GOVERNING_NOUNS = {"visit", "trip", "tour", "meeting", "talk", "summit", "conference", "stay", "session"}
TEMPORAL_PREPS = {"during", "in", "since", "after", "before", "until", "throughout", "by", "amid"}
GOVERNING_PREPS = {"during", "at", "on", "after", "amid", "throughout"}


def is_cleft(verb: Token) -> bool:
    return verb.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children)


def _nonfinite_adjunct(clause: Token) -> bool:
    """"became the first country to post an ambassador", "stormed the embassy, killing its chief": an adverbial
    clause with no subject and no conjunction of its own happens when its main clause does."""
    return clause.dep_ == "advcl" and not any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children)


def _attachment(span: Span) -> Token:
    """The token a date phrase modifies: "in May" modifies the verb "in" hangs from; "during the 2020 conflict"
    dates what the "during" phrase modifies."""
    root = span.root
    head = root.head
    if root.dep_ in ("nummod", "compound", "amod", "nmod") and head.dep_ == "pobj" and head.head.lower_ in TEMPORAL_PREPS:
        root, head = head, head.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        return head.head
    return head if head != root else root


def _inherit(value: TimeValue) -> TimeValue:
    return value.model_copy(update={"method": "inherited", "text": f"(inherited) {value.text}"})


class EventDater:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.published: dt.date | None = doc._.kgx_published
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        # Durations ("a month") are kept only for "a month after ..." clauses.
        self.dates = [e for e in dates if is_date_expression(e.text) or DURATION.match(e.text)]
        # (trigger, event type, date, persons, parties) of the dated events so far, in text order
        self.history: list[tuple[Token, str, TimeValue, set[str], set[str]]] = []
        self.governors: dict[int, int] = {}  # trigger -> the event noun whose relative clause it sits in

    def remember(self, trigger: Token, event_type: str, value: TimeValue | None, persons: list[str] = (),
                 parties: set[str] = frozenset()) -> None:
        if value is not None and value.value:
            self.history.append((trigger, event_type, value, set(persons), set(parties)))

    def _clause_path(self, trigger: Token) -> list[Token]:
        """The trigger and its heads up to the top of its clause; a cleft ("it was not until this year that
        Azerbaijan appointed...") continues into the "it was" clause that carries the date."""
        path = [trigger]
        token = trigger
        while token.head != token:
            if token.dep_ in CLAUSE_BOUNDARIES and not is_cleft(token.head) and not _nonfinite_adjunct(token):
                break
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
        # Nearest first; at the same distance an absolute date before a relative one ("A week later, on 29 May"),
        # and one inside the clause before one ahead of its subject ("said on Wednesday they would recognize ...
        # on May 28", where the parser may hang both dates on "recognize").
        subject = next((c.i for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), -1)
        return sorted(found, key=lambda c: (c[0], bool(DURATION.match(c[1].text) or RELATIVE.search(c[1].text)),
                                            c[1].end <= subject))

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
            value = resolve(text, self.published, tense, reference=reference)
            return self._located(value, trigger.sent.start_char + connective.start(1), len(text))
        return self._inherited(trigger)

    def _located(self, value: TimeValue, start: int, length: int) -> TimeValue:
        offsets = self.doc._.kgx_offsets
        s, e = offsets.to_original(start, start + length) if offsets else (start, start + length)
        return value.model_copy(update={"start": s, "end": e})

    def _resolve_span(self, span: Span, trigger: Token, tense: Tense) -> TimeValue | None:
        text, length = span.text, len(span.text)
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
            root = span.root
            if root.dep_ == "pobj" and root.head.lower_ == "since" and not text.lower().startswith("since"):
                text = f"since {text}"  # "has operated an embassy since 1999": an open interval
            value = resolve(text, self.published, tense, reference=reference)
        return self._located(value, span.start_char, length)

    def _inherited(self, trigger: Token) -> TimeValue | None:
        """"During the visit, X met Y": the date of the latest visit or meeting told before."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ in ("relcl", "acl") and top.head.lemma_ in GOVERNING_NOUNS:
            # "an unannounced visit to Azerbaijan, during which he met...": the visit's date, known now or later.
            self.governors[trigger.i] = top.head.i
            return next((_inherit(v) for t, _, v, *_ in self.history if t.i == top.head.i), None)
        governed = any(
            t.lemma_ in GOVERNING_NOUNS and t.head.dep_ == "prep" and t.head.lower_ in GOVERNING_PREPS
            for t in self._clause_path(trigger)[-1].subtree
        ) or any(t.lemma_ in GOVERNING_NOUNS and t.head.lower_ in GOVERNING_PREPS for t in trigger.sent)
        recent = self._recent(trigger)
        if recent is not None or not governed:
            return recent
        for previous, event_type, value, *_ in reversed(self.history):
            if event_type in ("Visit", "Meeting") and previous.i < trigger.i:
                return _inherit(value)
        return None

    def _recent(self, trigger: Token) -> TimeValue | None:
        """"his recent visit", in a clause reported "on 31 May": the month of the report."""
        if not any(c.lower_ in ("recent", "latest") for c in trigger.children):
            return None
        for ancestor in trigger.ancestors:
            for span in self.dates:
                if _attachment(span) == ancestor:
                    value = resolve(span.text, self.published, "past")
                    if value.value and value.precision == "day":
                        return value.model_copy(update={"value": value.value[:7], "precision": "month", "method": "relative",
                                                        "text": f"(recent, reported) {span.text}"})
        return None

    def continued(self, trigger: Token, persons: list[str], parties: set[str]) -> TimeValue | None:
        """An undated event told right after a dated one about the same person, or between the same two states,
        takes its date: "Last April, Lieberman visited Azerbaijan. Lieberman also met ministers..."."""
        here = sentence_index(self.doc, trigger.idx)
        for previous, _, value, previous_persons, previous_parties in reversed(self.history):
            distance = here - sentence_index(self.doc, previous.idx)
            if distance > CONTINUATION_SENTENCES or previous.i >= trigger.i:
                continue
            if set(persons) & previous_persons or (distance <= SAME_PARTIES_SENTENCES and len(parties) >= 2
                                                   and parties == previous_parties):
                return _inherit(value)
        return None

