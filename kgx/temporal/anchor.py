"""Date an event from its trigger token: the date expression that governs the trigger in the parse.

`EventDater.date_of(trigger, tense)` is what the event extractor calls. It looks, in order, for
  0. inside "the 30th anniversary of diplomatic ties": the year that many years before the anniversary;
  1. a date expression attached to the trigger, to something inside its phrase, or to a head of its clause
     ("In May, Iran expelled...", "a visit to the country in May by...", "visited ... and was received by"),
     leaving out the "since" of a first time ("his first visit to Egypt since 2012 on Wednesday" is Wednesday),
     a date that belongs to another happening in the phrase ("the announcement of July 1") and, for an act
     done, a deadline ("ordered him to leave by Friday");
  2. the date of the clause the trigger's clause hangs from: "in 2017 when X severed ties" (a "when" clause),
     "since 2013, when X expelled", "has been closed since it was stormed last November", "..., and that was on
     4 May 2002"; an "after"/"before" clause counted from its main clause ("a month after ...", and "days after"
     or a bare "after" at the precision the gap allows);
  3. a relative connective ("Soon after,", "Two years later,"), counted from the date told before;
  4. the date of the report that tells it: "said Monday it is cutting ties", "..., the ministry announced on
     Tuesday", "according to a statement issued on Wednesday";
  5. the date of a governing event ("during the visit", "a visit ..., during which he met", "shortly after
     Pompeo's visit"), marked inherited;
  6. for an act reported as present ("is closing", "has expelled", "said it was severing", a headline's
     "Canada closes embassy"), the day of the report: the dateline's date, else the publication date; a
     headline's act takes the date its article gives it when the article gives one.
Otherwise the event stays undated (`continued` may still give it the date of the event told just before about
the same person or the same two states): kgx never stamps the publication date on an event by default. A planned
event takes the target date the text states, else none.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..models import TimeValue
from ..positions import sentence_index
from .resolve import REFERENCE_NAMES, Tense, anniversary_years, date_bounds, is_date_expression, pattern_name, resolve

COMMITMENT_VERBS = {"agree", "decide", "pledge", "vow", "promise", "plan"}  # whose dates are not of what they commit to
CLAUSE_BOUNDARIES = ("advcl", "ccomp", "relcl", "parataxis", "acl")
DURATION = re.compile(r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+(?:days?|weeks?|months?|years?)$", re.I)
RELATIVE = re.compile(r"\b(?:later|earlier|after|before|afterwards)\b", re.I)
CONNECTIVE = re.compile(r"^\s*((?:soon|shortly|immediately|days|weeks|months|years|a\s+(?:day|week|month|year))\s+(?:after(?=\s*,)|afterwards|later)|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier)|the\s+(?:next|following)\s+(?:day|week|month|year)|later\s+that\s+(?:day|week|month|year))\b", re.I)
CONTINUATION_SENTENCES = 8  # same person: the same episode, a few sentences on
SAME_PARTIES_SENTENCES = 2  # same two states, no person: only the next sentence or two
GOVERNING_NOUNS = {"visit", "trip", "tour", "meeting", "talk", "summit", "conference", "stay", "session"}
TEMPORAL_PREPS = {"during", "in", "since", "after", "before", "until", "throughout", "by", "amid"}
GOVERNING_PREPS = {"during", "at", "on", "after", "amid", "throughout", "ahead"}
# Verbs and nouns of reporting: the date of the report is the date of the act it reports as present or just done.
REPORTING = {"say", "announce", "tell", "report", "confirm", "state", "add", "write", "tweet", "post", "note",
             "disclose", "reveal", "inform", "notify", "indicate", "explain", "claim", "insist", "stress", "reiterate",
             "publish", "declare", "quote", "cite", "brief", "acknowledge", "warn", "accuse", "allege"}
# "his recent visit", "their previous meeting": an event told as before the report, never on the report's day.
EARLIER = {"recent", "previous", "earlier", "past", "former", "prior"}
REPORT_NOUNS = {"statement", "communique", "communiqué", "announcement", "report", "release", "decree", "letter",
                "tweet", "post", "notice", "declaration", "briefing", "interview", "message"}
# Nouns of another happening: a date on one of them inside the trigger's phrase is its own ("in accordance with the
# announcement of July 1, relations are restored today", "a decade after the 2003 invasion").
OTHER_EVENT_NOUNS = REPORT_NOUNS | {"election", "war", "invasion", "revolution", "independence", "coup", "crisis",
                                    "conflict", "death", "assassination", "protest", "attack", "uprising", "referendum",
                                    "vote", "inauguration", "birth", "accession", "tenure"}
DURATION_NOUNS = {"year", "decade", "month", "week", "day", "century", "hour"}  # "for years": a state, not an act
# "has long supplied", "has expelled diplomats before", "is regularly visiting": not an act of the day
HABITUAL = {"often", "usually", "regularly", "always", "never", "ever", "before", "previously", "traditionally",
            "repeatedly", "frequently", "twice", "long", "once", "formerly", "earlier", "generally", "routinely",
            "sometimes", "occasionally", "already"}
# The gap an "after"/"before" clause allows: "hours after", "days after", "weeks after", a bare "after" (in news,
# the episode the main clause tells).
GAP_DAYS = {"hour": 1, "minute": 1, "moment": 1, "day": 14, "week": 56, "shortly": 7, "soon": 14, "just": 7,
            "immediately": 2, "month": 366}
OTHER_TIME_PREPS = {"after", "before", "since", "following", "until", "till", "prior", "ahead", "preceding"}
NO_GAP = {"long", "year", "decade", "century", "generation"}  # "long after", "years after": no date
BARE_GAP_DAYS = 31
LEAD_DAYS = 62  # a headline's act, dated in the body, lies in the two months before publication
MONTH_NAME = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATELINE = re.compile(
    rf"^[ \t\"“(]*[A-Z][\w.'’ -]{{1,40}}?(?:\s*\[[^\]\n]{{1,40}}\])?,?\s*(?:\((?:[^()\n]{{0,60}}?[-–—]\s*)?)?"
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME},?(?:\s+\d{{4}})?|{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
    rf"\s*(?:[.)/(:,\-–—]|$)", re.I | re.M)
SUFFIXES = ("ing", "es", "ed", "s", "d", "e")
MULTI_DAY = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+(?:[\w-]+\s+){0,4}(?:visit|trip|tour|stay)", re.I)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COMPACT_DATE = re.compile(rf"^{MONTH_NAME}\d{{1,2}}$", re.I)


def is_cleft(verb: Token) -> bool:
    return verb.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children)


def _nonfinite_adjunct(clause: Token) -> bool:
    """"became the first country to post an ambassador", "stormed the embassy, killing its chief": an adverbial
    clause with no subject and no conjunction of its own happens when its main clause does; so does a present
    participle on a noun ("issued a decree Tuesday establishing relations")."""
    if clause.dep_ == "acl" and clause.tag_ == "VBG":
        return not any(c.dep_ in ("mark", "nsubj", "nsubjpass", "aux") for c in clause.children)
    return clause.dep_ == "advcl" and not any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children)


def _attachment(span: Span) -> Token:
    """The token a date phrase modifies: "in May" modifies the verb "in" hangs from; "during the 2020 conflict"
    dates what the "during" phrase modifies."""
    root = span.root
    head = root.head
    if root.dep_ == "compound" and head.lemma_.lower() in ("morning", "afternoon", "evening", "night"):
        root, head = head, head.head  # "Monday evening": what the evening phrase modifies
    if root.dep_ in ("nummod", "compound", "amod", "nmod") and head.dep_ == "pobj" and head.head.lower_ in TEMPORAL_PREPS:
        root, head = head, head.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        return head.head
    return head if head != root else root


def _inherit(value: TimeValue) -> TimeValue:
    return value.model_copy(update={"method": "inherited", "text": f"(inherited) {value.text}"})


def _stem(word: str) -> str:
    """A crude stem to recognise the same verb in a headline and in the body ("Closes", "is closing")."""
    word = word.lower().replace("-", "")
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "cutting" -> "cutt" -> "cut"
    return word


@cache
def _trigger_types() -> dict[str, frozenset[str]]:
    """Trigger lemma -> the event types it can give, from the event lexicon (empty if it cannot be read)."""
    try:
        from .. import knowledge

        found: dict[str, set[str]] = {}
        for event_type in knowledge.event_lexicon().types:
            for rule in event_type.triggers:
                found.setdefault(rule.lemma.replace("-", ""), set()).add(event_type.name)
        return {lemma: frozenset(types) for lemma, types in found.items()}
    except Exception:  # the dater works without it: same words only
        return {}


def _same_act(a: Token, b: Token) -> bool:
    """The same verb ("Closes" / "is closing"), or two trigger words of the same event type ("re-establish" /
    "resume" relations)."""
    if {_stem(a.text), _stem(a.lemma_)} & {_stem(b.text), _stem(b.lemma_)}:
        return True
    types = _trigger_types()
    return bool(types.get(a.lemma_.lower().replace("-", ""), frozenset()) & types.get(b.lemma_.lower().replace("-", ""), frozenset()))


def _window(text: str, first: dt.date, last: dt.date, anchor: dt.date) -> TimeValue | None:
    """A date known only to lie between first and last: the finest precision that holds both ends."""
    if first == last:
        value, precision = first.isoformat(), "day"
    elif (first.year, first.month) == (last.year, last.month):
        value, precision = f"{first.year:04d}-{first.month:02d}", "month"
    elif first.year == last.year:
        value, precision = f"{first.year:04d}", "year"
    else:
        return None
    return TimeValue(text=text, value=value, precision=precision, method="relative", anchor=anchor.isoformat())


class EventDater:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.published: dt.date | None = doc._.kgx_published
        # Durations ("a month") are kept only for "a month after ..." clauses.
        self.dates = self._date_spans(doc)
        # (trigger, event type, date, persons, parties) of the dated events so far, in text order
        self.history: list[tuple[Token, str, TimeValue, set[str], set[str]]] = []
        self.governors: dict[int, int] = {}  # trigger -> the event noun whose relative clause it sits in
        self.headline_end = self._headline_end(doc.text)
        self.report_day = self._dateline(doc.text) or self.published
        self._resolved: dict[int, TimeValue] = {}

    # -- the date expressions of the document ------------------------------------------------------------------

    @staticmethod
    def _date_spans(doc: Doc) -> list[Span]:
        """The model's DATE entities (and TIME ones that name a day: "Sunday night"), cut at commas and brackets
        when whole they are no date ("Saturday, days after" is "Saturday" and "days"), with entities of another
        label that are wholly a date ("Sep 16" taken for a law)."""
        spans = []
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                pieces = [ent] if (resolve(ent.text, None).value or pattern_name(ent.text) or DURATION.match(ent.text)) \
                    else EventDater._pieces(ent)
                for piece in pieces:
                    if ent.label_ == "TIME" and pattern_name(piece.text) in (None, "not_a_date", "vague"):
                        continue
                    if is_date_expression(piece.text) or DURATION.match(piece.text):
                        spans.append(piece)
            elif pattern_name(ent.text) in ("full_dmy", "full_mdy", "day_month", "month_day", "month_year"):
                spans.append(ent)
        for token in doc:  # "the Oct.6 meeting": one token the model does not tag
            if not token.ent_type_ and COMPACT_DATE.match(token.text):
                spans.append(doc[token.i: token.i + 1])
        joined: list[Span] = []
        for span in sorted(spans, key=lambda span: span.start):
            # "from Monday through Saturday": one interval the model tags as two days
            if joined and span.start == joined[-1].end + 1 and pattern_name(doc[joined[-1].start:span.end].text) == "weekdays":
                joined[-1] = doc[joined[-1].start:span.end]
            else:
                joined.append(span)
        return joined

    @staticmethod
    def _pieces(ent: Span) -> list[Span]:
        pieces, start = [], ent.start
        for token in ent:
            if token.text in (",", "(", ")", "[", "]", ";"):
                if token.i > start:
                    pieces.append(ent.doc[start:token.i])
                start = token.i + 1
        if start < ent.end:
            pieces.append(ent.doc[start:ent.end])
        return pieces

    @staticmethod
    def _headline_end(text: str) -> int:
        """The end of a first line that is a headline (short, no closing full stop), else 0."""
        first, newline, _ = text.partition("\n")
        line = first.strip()
        if not newline or not line or len(line) > 200 or line[-1] in ".!?:":
            return 0
        return len(first)

    def _dateline(self, text: str) -> dt.date | None:
        """"BRUSSELS, March 3 (Reuters) -", "Tokyo, Oct 18 (efe-epa).-": the day the report was filed."""
        if self.published is None:
            return None
        match = DATELINE.search(text[: self._headline_end(text) + 400])
        if not match:
            return None
        value = resolve(match.group("date"), self.published, "past")
        if value.precision != "day":
            return None
        day = dt.date.fromisoformat(value.value)
        return day if dt.timedelta(0) <= self.published - day <= dt.timedelta(days=3) else None

    def _in_headline(self, token: Token) -> bool:
        return token.idx < self.headline_end

    # -- the event's own clause --------------------------------------------------------------------------------

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

    def _candidates(self, trigger: Token) -> list[tuple[float, Span]]:
        path = self._clause_path(trigger)
        subtree = {t.i for t in trigger.subtree}
        found = []
        for span in self.dates:
            if span.sent != trigger.sent or (self._first_since(span) and not _in_since_event(span, trigger)) \
                    or _under_since(span, trigger):
                continue
            since = _since_event(span)
            where = since.head if since is not None else _attachment(span)
            if where in path:
                found.append((path.index(where), span))
            elif where.i in subtree and not self._crosses_clause(where, trigger) and (
                    where.lemma_.lower() not in OTHER_EVENT_NOUNS  # "a statement on Sunday said": the report's date
                    or (trigger.lemma_.lower() in REPORTING and where.lemma_.lower() in REPORT_NOUNS)):
                # inside the trigger's own phrase: nearer than a date of the verb it is a conjunct of ("arrived on
                # Thursday and had a meeting ... on June 7-8")
                found.append((0.5, span))
        # Nearest first; at the same distance an absolute date before a relative one ("A week later, on 29 May"),
        # and one inside the clause before one ahead of its subject ("said on Wednesday they would recognize ...
        # on May 28", where the parser may hang both dates on "recognize").
        subject = next((c.i for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), -1)
        return sorted(found, key=lambda c: (c[0], bool(DURATION.match(c[1].text) or RELATIVE.search(c[1].text)),
                                            c[1].end <= subject))

    @staticmethod
    def _first_since(span: Span) -> bool:
        """"his first visit to Egypt since 2012", "for the first time since 2019": the earlier occasion, not this one."""
        doc = span.doc
        since = doc[span.start - 1] if span.start > 0 and doc[span.start - 1].lower_ == "since" else \
            (span[0] if span[0].lower_ == "since" else None)
        token = span.root
        for _ in range(3):
            if since is not None or token.head == token:
                break
            token = token.head
            since = token if token.lower_ == "since" else None
        if since is None:
            return False
        for token in reversed(doc[max(span.sent.start, since.i - 12):since.i]):
            if token.lower_ in ("first", "1st"):
                return True
            if token.tag_ in ("VBD", "VBZ", "VBP") or token.text in (";", ".", ",") and token.i < since.i - 1:
                return False
        return False

    @staticmethod
    def _crosses_clause(token: Token, top: Token) -> bool:
        """Whether a clause boundary lies between a token and the trigger above it; a verbless complement
        ("declared him persona non grata as ambassador on Tuesday", parsed as a ccomp) is no clause."""
        while token != top and token.head != token:
            if token.dep_ in CLAUSE_BOUNDARIES and not (token.dep_ == "ccomp" and token.pos_ in ("NOUN", "PROPN", "ADJ")) \
                    and not (token.dep_ == "acl" and token.tag_ == "VBN" and token.head == top):
                return True  # (a participle of the trigger noun tells its date: "a summit held on 5 May")
            if token.dep_ == "pcomp" and token.pos_ == "VERB" and token.head.lower_ in ("after", "before"):
                return True  # "cancelled the visa after ordering him last week to leave": that order's date
            token = token.head
        return False

    def _own(self, trigger: Token, tense: Tense) -> TimeValue | None:
        for _, span in self._candidates(trigger):
            if tense != "future" and _deadline(span):
                continue
            where = _attachment(span)
            if tense == "future" and where != trigger and where.lemma_.lower() in REPORTING and where.tag_ in ("VBD", "VBN"):
                continue  # "the upcoming visit ... was announced on Monday": the day of the announcement
            value = self._resolve_span(span, trigger, tense)
            if value is not None and value.value:
                return value
        return None

    # -- the whole chain ---------------------------------------------------------------------------------------

    def date_of(self, trigger: Token, tense: Tense) -> TimeValue | None:
        """The date of the event the trigger denotes, or None when the text gives none."""
        tense = self._tense(trigger, tense)
        if _spans_days_before(trigger):
            return self._days_up_to(trigger, tense)
        own_tense = "future" if self._futurate(trigger) else tense
        value = self._anniversary(trigger) or self._own(trigger, own_tense) or self._linked_clause(trigger, tense) \
            or self._purpose(trigger, own_tense)
        if value is not None:
            return value
        connective = CONNECTIVE.match(trigger.sent.text)
        if connective:
            reference = self._reference(trigger.sent.start_char)
            if reference is not None:
                text = connective.group(1)
                value = resolve(text, self.published, tense, reference=reference)
                return self._located(value, trigger.sent.start_char + connective.start(1), len(text))
        earlier = any(c.dep_ == "amod" and c.lower_ in EARLIER for c in trigger.children)
        if tense != "future" and not earlier:  # "announced on 31 May ... during his recent visit": not that day
            value = self._reported(trigger, tense)
            if value is not None:
                return value
        inherited = self._inherited(trigger)
        if inherited is not None or trigger.i in self.governors:
            return inherited  # "a visit ..., during which he signed": the visit's date, when it is known
        return self._report_day_of(trigger, tense)

    def _purpose(self, trigger: Token, tense: Tense) -> TimeValue | None:
        """"sent his minister to attend the inauguration on Saturday": the date of what the act was done for."""
        for clause in (c for c in trigger.children if c.dep_ == "advcl" and c.pos_ == "VERB"):
            if any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children) and not any(
                    a.dep_ in ("nsubj", "nsubjpass") for a in clause.children):
                return self._own(clause, tense)
        return None

    def _days_up_to(self, trigger: Token, tense: Tense) -> TimeValue | None:
        """"After a three-day visit to Germany, Marcos arrived in Prague on Wednesday": the three days that end on
        the day of the clause "after" hangs from; plural acts ("after state visits to ...") have no date of their
        own there."""
        match = MULTI_DAY.search(trigger.doc[trigger.left_edge.i : trigger.i + 1].text)
        value = self._own(trigger.head.head, tense) if match else None
        if value is None or value.precision != "day":
            return None
        days = NUMBER_WORDS.get(match.group(1).lower()) or int(match.group(1))
        last = dt.date.fromisoformat(value.value)
        first = last - dt.timedelta(days=days - 1)
        return value.model_copy(update={"text": f"(the {days} days up to) {value.text}", "method": "relative",
                                        "value": f"{first.isoformat()}/{last.isoformat()}", "precision": "interval"})

    def _futurate(self, trigger: Token) -> bool:
        """A dated act told in the present simple in the body of a story ("The minister arrives in Lima on
        Tuesday", "the trip begins with a visit to Ashgabat on Monday"): news tells past acts in the past tense,
        so its own date lies ahead. (A headline's present tells what just happened.)"""
        verb = self._verb(trigger)
        return (verb is not None and _tense_of(verb) == "present" and verb.lemma_.lower() not in REPORTING
                and trigger.sent.start > 0)

    def _tense(self, trigger: Token, tense: Tense) -> Tense:
        """An act under "will" ("will land in Jakarta on Tuesday to meet...", "will visit Poland on August 21,
        according to reports") and a headline's "to" infinitive with no finite verb above it ("Cuba's president
        to visit France on Feb. 1", "Gulf states to return envoys") lie ahead, whatever their status."""
        verb = self._verb(trigger)
        if verb is not None and _tense_of(verb) == "future":
            return "future"
        token = trigger
        while token.pos_ not in ("VERB", "AUX") and token.head != token:
            token = token.head
        if token.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return tense
        for ancestor in token.ancestors:
            if ancestor.tag_ in ("VBD", "VBZ", "VBP", "MD") or _tensed(ancestor):
                return tense
        return "future"

    def _located(self, value: TimeValue, start: int, length: int) -> TimeValue:
        offsets = self.doc._.kgx_offsets
        s, e = offsets.to_original(start, start + length) if offsets else (start, start + length)
        return value.model_copy(update={"start": s, "end": e})

    def _reference(self, position: int) -> TimeValue | None:
        """The date told last before `position`: a date expression of the text, or an event dated so far."""
        best, best_at = None, -1
        for span in self.dates:
            if span.end_char > position:
                break
            if DURATION.match(span.text) or pattern_name(span.text) in REFERENCE_NAMES:
                continue
            value = self._resolved.get(span.start)
            if value is None:
                value = self._resolved[span.start] = resolve(span.text, self.published, "past")
            if value.value and not value.value.endswith(".."):
                best, best_at = value, span.start_char
        for trigger, _, value, *_ in self.history:
            if best_at < trigger.idx < position and value.method not in ("relative", "inherited"):
                best, best_at = value, trigger.idx
        return best

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
            reference = self._reference(span.start_char)
            root = span.root
            if (root.dep_ == "pobj" and root.head.lower_ == "since" or _since_event(span) is not None) \
                    and not text.lower().startswith("since"):
                text = f"since {text}"  # "has operated an embassy since 1999": an open interval
            value = resolve(text, self.published, tense, reference=reference)
        return self._located(value, span.start_char, length)

    # -- 2. the clause the trigger's clause hangs from -----------------------------------------------------------

    def _linked_clause(self, trigger: Token, tense: Tense) -> TimeValue | None:
        path = self._clause_path(trigger)
        top = path[-1]
        marks = {c.lower_ for c in top.children if c.dep_ in ("mark", "advmod")}
        if top.dep_ in ("advcl", "ccomp") and marks & {"when", "as"}:
            # "The embassy shut down in 2017 when Saudi Arabia severed ties": the main clause's date
            return self._own(top.head, tense)
        if top.dep_ == "relcl" and "when" in marks:
            # "since 2013, when Egypt expelled the ambassador": the date the clause describes
            span = next((s for s in self.dates if s.start <= top.head.i < s.end), None)
            if span is not None:
                value = resolve(span.text, self.published, tense, reference=self._reference(span.start_char))
                if value.value:
                    return self._located(value, span.start_char, len(span.text))
        if top.dep_ in ("advcl", "ccomp") and marks & {"after", "before"}:
            value = self._after_before(top, trigger, tense)
            if value is not None:
                return value
        subtree = [t for t in trigger.subtree if t not in path and not self._crosses_clause(t, trigger)]
        for token in path + subtree:
            for child in token.children:
                mark = next((c.lower_ for c in child.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
                if child.dep_ == "advcl" and mark and not any(DURATION.match(s.text) and _attachment(s) == child
                                                              for s in self.dates):
                    # "signed a statement after the leaders held talks earlier Wednesday": that day; after a date
                    # with no "earlier", within the month after it (before it, for "before")
                    value = self._own(child, "past")
                    bounds = date_bounds(value.value) if value is not None and value.value and not value.value.endswith("..") else None
                    if bounds is not None:
                        if re.match(r"(?i)(?:earlier|later)\b", value.text) and value.precision == "day":
                            return value.model_copy(update={"method": "relative", "text": f"({mark}) {value.text}"})
                        first, last = bounds
                        window = (first, last + dt.timedelta(days=BARE_GAP_DAYS)) if mark == "after" else \
                            (first - dt.timedelta(days=BARE_GAP_DAYS), last)
                        if value.precision == "year":
                            window = (first, last)
                        result = _window(f"({mark}) {value.text}", *window, first)
                        if result is not None:
                            return result
        for token in path if not told_as_first(trigger) else ():  # "the first meeting since X took office in March"
            for child in token.children:
                since = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "since"), None)
                if child.dep_ == "advcl" and since is not None and not _counted_as_first(since):
                    # "has been closed since it was stormed last November": the state began with that event
                    value = self._own(child, "past")
                    if value is not None and value.value and not value.value.endswith(".."):
                        return value
        token = top
        for _ in range(4):
            for child in token.children:
                if child.dep_ == "conj" and child.lemma_ == "be" and child.i > trigger.i and any(
                        c.dep_ == "nsubj" and c.lower_ in ("that", "this", "it") for c in child.children):
                    # "Portugal was the first to recognise it, and that was on 20 May 2002"
                    return self._own(child, tense)
            if token.head == token:
                break
            token = token.head
        return None

    def _after_before(self, clause: Token, trigger: Token, tense: Tense) -> TimeValue | None:
        """"days after the nation severed ties" told of an act on Saturday: within the two weeks before it."""
        mark = next(c for c in clause.children if c.dep_ in ("mark", "advmod") and c.lower_ in ("after", "before"))
        if any(DURATION.match(s.text) and _attachment(s) == clause for s in self.dates):
            return None  # "a month after": counted exactly when the duration is read
        gap = None
        for child in clause.children:
            if child.i < mark.i and child.dep_ in ("npadvmod", "advmod"):
                word = child.lemma_.lower().rstrip("s")
                if any(c.dep_ in ("nummod", "amod") and c.lower_ not in ("few", "several", "just", "only") for c in child.children):
                    return None  # "three decades after": approximate arithmetic, no date
                if word in NO_GAP or child.lower_ in NO_GAP:
                    return None
                gap = GAP_DAYS.get(word, GAP_DAYS.get(child.lower_))
        main = self._own(clause.head, tense) or self._sibling_date(clause, tense) or \
            self._reported(clause.head, tense) or self._report_day_of(clause.head, tense)
        if main is None or not main.value or main.value.endswith(".."):
            return None
        duration = next((s for s in self.dates if s.end == mark.i and DURATION.match(s.text)), None) or next(
            (self.doc[mark.i - n: mark.i] for n in (3, 2) if mark.i - n >= mark.sent.start
             and DURATION.match(self.doc[mark.i - n: mark.i].text)), None)
        if duration is not None:
            # "a day after Bolivia expelled ...", the parser hanging "a day" elsewhere: counted exactly
            direction = "earlier" if mark.lower_ == "after" else "later"
            value = resolve(f"{duration.text} {direction}", self.published, tense, reference=main)
            return self._located(value, duration.start_char, len(duration.text)) if value.value else None
        bounds = date_bounds(main.value)
        if bounds is None:
            return None
        if gap is None:
            if main.precision == "year":
                return main.model_copy(update={"method": "relative", "text": f"({mark.lower_}) {main.text}"})
            gap = BARE_GAP_DAYS
        first, last = bounds
        span = (first - dt.timedelta(days=gap), last) if mark.lower_ == "after" else (first, last + dt.timedelta(days=gap))
        return _window(f"({mark.lower_}) {main.text}", span[0], span[1], first)

    def _sibling_date(self, clause: Token, tense: Tense) -> TimeValue | None:
        """"... since X expelled the envoys in November 2009, a day after Y ordered ...", the parser hanging both
        clauses on the main verb: the clause just before, when the main clause has no date."""
        before = [c for c in clause.head.children if c.dep_ in ("advcl", "conj") and c.i < clause.i]
        if not before:
            return None
        value = self._own(before[-1], tense)
        return value if value is not None and value.value and not value.value.endswith("..") else None

    # -- 4. the report that tells it ---------------------------------------------------------------------------

    def _reporter(self, trigger: Token) -> Token | None:
        """The verb of saying the trigger's clause is the content of: "Bahrain said Monday [it is cutting ties]",
        "[Chile and Peru have restored ties], officials said on Friday"."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in REPORTING:
            return top.head
        for child in top.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in REPORTING and child.i > trigger.i \
                    and not any(c.dep_ in ("ccomp", "xcomp") for c in child.children):
                return child
        return None

    def _reported(self, trigger: Token, tense: Tense) -> TimeValue | None:
        reporter = self._reporter(trigger)
        if reporter is not None:
            value = self._own(reporter, "past") or self._earlier_report(reporter)
            if value is not None:
                return value
        for token in self._clause_path(trigger) + ([reporter] if reporter is not None else []):
            for child in token.children:
                if child.lower_ == "according" or (child.dep_ == "prep" and any(
                        c.dep_ == "pobj" and c.lemma_.lower() in REPORT_NOUNS for c in child.children)):
                    # "according to a statement issued by the ministry on Wednesday", "in a statement on Monday"
                    inside = {t.i for t in child.subtree}
                    for span in self.dates:
                        if span.root.i in inside and not self._first_since(span):
                            value = self._resolve_span(span, trigger, "past")
                            if value is not None and value.value:
                                return value
        return None

    def _earlier_report(self, reporter: Token) -> TimeValue | None:
        """"A GCC statement on Sunday said ... It said ... '..., the states have decided to return their ambassadors,'
        it said": a report whose subject takes up an earlier one (a pronoun, "the statement") has its date."""
        subject = next((c for c in reporter.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or not (subject.lower_ in ("it", "he", "she", "they") or (
                subject.pos_ == "NOUN" and any(c.lower_ in ("the", "this") for c in subject.children))):
            return None
        here = sentence_index(self.doc, reporter.idx)
        for token in reversed(self.doc[: reporter.sent.start]):
            if here - sentence_index(self.doc, token.idx) > 3:
                break
            if token.lemma_.lower() in REPORTING and token.pos_ == "VERB":
                value = self._own(token, "past")
                if value is not None and value.value and not value.value.endswith(".."):
                    return _inherit(value)
        return None

    # -- 5. a governing event ----------------------------------------------------------------------------------

    def _inherited(self, trigger: Token) -> TimeValue | None:
        """"During the visit, X met Y": the date of the latest visit or meeting told before."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ in ("relcl", "acl") and top.head.lemma_ in GOVERNING_NOUNS:
            # "an unannounced visit to Azerbaijan, during which he met...": the visit's date, known now or later.
            self.governors[trigger.i] = top.head.i
            return next((_inherit(v) for t, _, v, *_ in self.history if t.i == top.head.i), None)
        governing = next((_governing_prep(t) for t in self._clause_path(trigger)[-1].subtree if t.lemma_ in GOVERNING_NOUNS
                          and t.head.dep_ == "prep" and _governing_prep(t) is not None), None) or \
            next((_governing_prep(t) for t in trigger.sent if t.lemma_ in GOVERNING_NOUNS and _governing_prep(t) is not None), None)
        recent = self._recent(trigger)
        if recent is not None or governing is None:
            return recent
        for previous, event_type, value, *_ in reversed(self.history):
            if event_type in ("Visit", "Meeting") and previous.i < trigger.i:
                return self._following(governing, self._during(previous, _inherit(value), trigger))
        # No visit or meeting among the events so far: the visit the text told with a date ("Pompeo in February
        # met Lukashenko in Minsk ... Shortly after Pompeo's visit, Lukashenko travelled to Russia")
        here = sentence_index(self.doc, trigger.idx)
        for token in reversed(self.doc[: trigger.sent.start]):
            if here - sentence_index(self.doc, token.idx) > CONTINUATION_SENTENCES:
                break
            if token.lemma_.lower() in GOVERNING_NOUNS | {"meet", "travel", "arrive"}:
                value = self._own(token, "past")
                if value is not None and value.value and not value.value.endswith(".."):
                    return self._following(governing, _inherit(value))
        return None

    def _following(self, prep: Token, value: TimeValue) -> TimeValue | None:
        """"after the visit": the visit's day; "shortly after the visit" in February: within a week of its end."""
        modifier = next((c.lower_ for c in prep.children if c.dep_ in ("advmod", "npadvmod")), None)
        if prep.lower_ != "after" or modifier is None:
            return value
        gap = GAP_DAYS.get(modifier.rstrip("s"), GAP_DAYS.get(modifier))
        bounds = date_bounds(value.value)
        if gap is None or bounds is None:
            return None
        window = _window(f"({modifier} after) {value.text}", bounds[0], bounds[1] + dt.timedelta(days=gap), bounds[0])
        return window.model_copy(update={"method": "inherited"}) if window else None

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

    # -- 6. anniversaries --------------------------------------------------------------------------------------

    def _anniversary(self, trigger: Token) -> TimeValue | None:
        """"mark the 30th anniversary of diplomatic ties" in 2022: the ties date from 1992 (year precision)."""
        token = trigger
        for _ in range(4):
            if token.lemma_.lower() == "anniversary":
                break
            if token.head == token:
                return None
            token = token.head
        else:
            return None
        if token == trigger:
            return None
        years = anniversary_years(self.doc[token.left_edge.i: token.i + 1].text)
        if years is None:
            return None
        when = self._own(token, "past") or self._reported(token, "past")
        if when is not None and when.value and not when.value.endswith(".."):
            year, text = int(when.value[:4]), when.text
        elif self.report_day is not None:
            year, text = self.report_day.year, "(report year)"
        else:
            return None
        return TimeValue(text=f"({years} years before) {text}", value=f"{year - years:04d}", precision="year",
                         method="relative", anchor=f"{year:04d}-01-01")

    # -- 7. the day of the report ------------------------------------------------------------------------------

    @staticmethod
    def _verb(token: Token) -> Token | None:
        """The verb whose tense tells when the trigger's act happens: the trigger itself, the verb a noun trigger
        depends on ("announced the closure", "kicks off a trip"), the finite verb above an infinitive, a participle
        or a conjunct that shares its auxiliary ("has become the first to visit", "has decided to cut", "has cut
        ties and expelled")."""
        for _ in range(8):
            if token.pos_ in ("VERB", "AUX"):
                if token.tag_ in ("VBZ", "VBP", "VBD", "MD") or _tensed(token):
                    return token
                infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
                if token.dep_ in ("ROOT", "ccomp", "parataxis") and not infinitive:
                    return token  # a bare participle: a headline's "Ambassadors expelled"
            if token.head == token:
                return token if token.pos_ in ("VERB", "AUX") else None
            if token.dep_ == "pobj" and token.head.lower_ in OTHER_TIME_PREPS:
                return None  # "the changes that have taken place since the signing of the accords": another time
            token = token.head
        return None

    def _report_day_of(self, trigger: Token, tense: Tense) -> TimeValue | None:
        """An act told as present or just done ("is closing", "has expelled", "said it was severing",
        "will immediately close"), and a headline's act: the day of the report."""
        if self.report_day is None:
            return None
        verb = self._verb(trigger)
        if verb is None:
            return None
        words = {c.lower_ for t in (trigger, verb) for c in t.children if c.dep_ in ("advmod", "npadvmod")}
        if tense == "future":
            if "immediately" in words and self._reporter(verb) is not None:
                return self._report_value("(immediately, reported)")
            return None
        if words & HABITUAL or any(c.lower_ == "since" or (c.lower_ == "for" and any(
                p.lemma_.lower() in DURATION_NOUNS for p in c.children)) or (c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "since" for m in c.children)) for c in verb.children):
            return None  # "has been closed for years", "relations have been turbulent since X expelled...": a state
        if self._in_headline(trigger):
            return self._headline_date(trigger) or self._report_value("(headline)")
        kind = _tense_of(verb)
        if kind in ("perfect", "progressive", "present_passive"):
            return self._report_value(f"({kind})")
        if kind in ("past_progressive", "present") and self._reporter(verb) is not None:
            return self._report_value(f"(reported {kind})")
        if kind == "present" and verb.lemma_ == "be" and any(c.dep_ == "prep" and c.lower_ == "in" for c in verb.children):
            return self._report_value("(present stay)")  # "the president is in Ghana for a three-day trip": now
        return None

    def reported_earlier(self, trigger: Token) -> TimeValue | None:
        """"Maduro said he had ordered the closing": an act reported as done before the report, when no event
        told just before dates it (`continued`), is dated on the day of the report, the latest it can be."""
        verb = self._verb(trigger)
        if self.report_day is None or verb is None or self._in_headline(trigger):
            return None
        if _tense_of(verb) == "pluperfect" and self._reporter(verb) is not None:
            return self._report_value("(reported pluperfect)")
        return None

    def _report_value(self, text: str) -> TimeValue:
        return TimeValue(text=f"{text} report day", value=self.report_day.isoformat(), precision="day",
                         method="report", anchor=self.published.isoformat() if self.published else None)

    def _same_first_party(self, headline_trigger: Token, token: Token) -> bool:
        """Whether the body sentence names the state a headline names first ("Kiribati cuts ties ... in switch to
        China" is not dated by "Solomon Islands ... switched to Beijing"); true when the headline names none."""
        actors = self.doc._.kgx_actors or {}
        first = next((actors[t.i] for t in headline_trigger.sent if t.i in actors), None)
        return first is None or any(actors.get(t.i) == first for t in token.sent)

    def _headline_date(self, trigger: Token) -> TimeValue | None:
        """A headline tells the act its article dates: the date of the first mention of the same verb in the body
        that is dated in the two months before publication ("establish ties" / "established relations Saturday")."""
        for token in self.doc:
            if token.idx < self.headline_end or token.pos_ not in ("VERB", "NOUN", "PROPN"):
                continue
            if not _same_act(trigger, token) or not self._same_first_party(trigger, token):
                continue
            value = self._own(token, "past") or self._reported(token, "past")
            bounds = date_bounds(value.value) if value is not None and value.value else None
            if bounds and self.published and dt.timedelta(0) <= self.published - bounds[0] <= dt.timedelta(days=LEAD_DAYS):
                return value.model_copy(update={"text": f"(told in the article) {value.text}"})
        return None

    def continued(self, trigger: Token, persons: list[str], parties: set[str]) -> TimeValue | None:
        """An undated event told right after a dated one about the same person, or between the same two states,
        takes its date: "Last April, Lieberman visited Azerbaijan. Lieberman also met ministers..."."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ in ("advcl", "ccomp") and any(c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until")
                                                  for c in top.children):
            return None  # "three decades after Qatar expelled...": another time than the main clause's, by definition
        here = sentence_index(self.doc, trigger.idx)
        for previous, _, value, previous_persons, previous_parties in reversed(self.history):
            distance = here - sentence_index(self.doc, previous.idx)
            if distance > CONTINUATION_SENTENCES or previous.i >= trigger.i or self._background(previous):
                continue
            if previous.lemma_ in COMMITMENT_VERBS and any(c.dep_ == "xcomp" for c in previous.children) \
                    and previous.sent != trigger.sent:
                continue  # "agreed in May to exchange ambassadors. Turkey nominated X": the act agreed on came later
            if set(persons) & previous_persons or (distance <= SAME_PARTIES_SENTENCES and len(parties) >= 2
                                                   and (parties <= previous_parties or parties >= previous_parties
                                                        and len(previous_parties) >= 2)):
                return self._during(previous, _inherit(value), trigger)
        return self._same_subject(trigger)

    def _during(self, previous: Token, value: TimeValue, trigger: Token) -> TimeValue | None:
        """Something done during "a three-day visit" that began on Sunday: within those three days, at the
        precision that holds them (the month, or the year)."""
        if value.precision != "day" or trigger.lemma_.lower() in GOVERNING_NOUNS | {"arrive", "travel"}:
            return value  # another mention of the visit itself keeps its day
        days = None
        for sent in {previous.sent.start: previous.sent, trigger.sent.start: trigger.sent}.values():
            match = MULTI_DAY.search(sent.text)
            if match:
                days = NUMBER_WORDS.get(match.group(1).lower()) or (int(match.group(1)) if match.group(1).isdigit() else None)
        if not days or days < 2:
            return value
        first = dt.date.fromisoformat(value.value)
        window = _window(f"(during a {days}-day visit) {value.text}", first, first + dt.timedelta(days=days - 1), first)
        return window.model_copy(update={"method": "inherited"}) if window else None

    def _same_subject(self, trigger: Token) -> TimeValue | None:
        """"X on Thursday accredited four ambassadors. The Angolan statesman received their credentials...": a
        main clause whose subject takes up the one of the sentence before (a pronoun, or a description with no
        name) goes on with its date."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ in CLAUSE_BOUNDARIES or self._tense(trigger, "past") == "future" or trigger.sent.start == 0:
            return None
        subject = next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or not (subject.lower_ in ("he", "she", "they") or (
                any(c.lower_ == "the" for c in subject.children) and subject.pos_ == "NOUN"
                and not any(t.ent_type_ in ("PERSON", "ORG") for t in subject.subtree))):
            return None
        previous = self.doc[trigger.sent.start - 1].sent
        root = previous.root
        if sentence_index(self.doc, trigger.idx) - sentence_index(self.doc, root.idx) != 1 or root.tag_ not in ("VBD", "VBN"):
            return None
        value = self._own(root, "past")
        if value is None or not value.value or value.value.endswith(".."):
            return None
        return _inherit(value)

    def _background(self, trigger: Token) -> bool:
        """An event told in a subordinate clause ("the flag that flew before the two nations broke ties 54 years
        ago") is background to its sentence, not the episode the next sentences go on with."""
        top = self._clause_path(trigger)[-1]
        if top.dep_ == "acl" and top.tag_ in ("VBD", "VBZ", "VBP") and top.head.pos_ != "VERB":
            return False  # "New Delhi: India and Bangladesh signed...": a main clause after a dateline
        if top.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("as", "while") for c in top.children):
            return False  # "Fiji said on Tuesday ... as its prime minister visited Canberra": the episode's frame
        return top.dep_ in ("advcl", "relcl", "acl") or (top.dep_ == "ccomp" and self._reporter(trigger) is None)


def _spans_days_before(trigger: Token) -> bool:
    """"returned on Sunday after state visits to ...", "after a three-day visit to Germany, arrived on Wednesday":
    acts of several days that ended by the day of the clause they hang from (a single act "after his meeting
    with" may fall on that day)."""
    if trigger.dep_ != "pobj" or trigger.head.lower_ not in ("after", "following"):
        return False
    phrase = trigger.doc[trigger.left_edge.i : trigger.i + 1].text
    return trigger.tag_ in ("NNS", "NNPS") or bool(MULTI_DAY.search(phrase))


def _since_event(span: Span) -> Token | None:
    """"relations since Angola's independence on Nov. 11, 1975", "ties since the 1979 revolution": the date of the
    happening a state began with, so the state's start; the "since" it hangs under."""
    root = span.root
    noun = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("on", "in") else root.head
    if root.dep_ not in ("pobj", "nummod", "compound", "amod", "nmod") or noun.lemma_.lower() not in OTHER_EVENT_NOUNS:
        return None
    since = noun.head
    return since if noun.dep_ == "pobj" and since.lower_ == "since" and since.dep_ == "prep" else None


def told_as_first(token: Token) -> bool:
    """"his first visit", "the 1st meeting": an act counted from one before it."""
    return any(c.dep_ == "amod" and c.lower_ in ("first", "1st") for c in token.children)


def _counted_as_first(since: Token) -> bool:
    """"the first leader to visit since Duterte took office last June": the act is the first after that event, not
    a state that began with it."""
    return any(t.lower_ in ("first", "1st") for t in since.doc[max(since.sent.start, since.i - 12):since.i])


def _in_since_event(span: Span, trigger: Token) -> bool:
    """"the first visit since Desai's trip in 1979": the date is the earlier trip's own, when that trip is the
    trigger."""
    return trigger.dep_ == "pobj" and trigger.head.lower_ == "since" and trigger.is_ancestor(span.root)


def _under_since(span: Span, trigger: Token) -> bool:
    """"has changed course since taking office in June": the date of what the state began with, not of the act
    (a date right after "since" is kept: "an embassy since 1999" is an open interval, and so is the date of the
    event after "since": "relations since independence in 1991")."""
    token = span.root.head
    if token.lower_ == "since" or _since_event(span) is not None:
        return False
    for _ in range(3):
        if token == trigger or token.head == token:
            return False
        if token.lower_ == "since" and token.dep_ == "prep":
            return True
        token = token.head
    return False


def _governing_prep(noun: Token) -> Token | None:
    """"during the visit", "after the talks", "ahead of the meeting": the preposition that puts an act in the time
    of a visit or a meeting."""
    prep = noun.head
    if prep.lower_ in GOVERNING_PREPS:
        return prep
    if prep.lower_ == "of" and prep.head.lower_ == "ahead":
        return prep.head
    return None


def _deadline(span: Span) -> bool:
    """"ordered him to leave by February 7", "within 72 hours", "a plan for 2014-2016": the deadline of an order or
    the period of an accord, not the date of the act."""
    first = span[0].lower_
    return first in ("by", "until", "till", "within", "for") or (span.root.dep_ == "pobj" and span.root.head.lower_ in (
        "by", "until", "till", "within", "for"))


def _tensed(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)


def _tense_of(verb: Token) -> str:
    """present, perfect, progressive, present_passive, past, past_progressive, pluperfect or future."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = [a.lower_ for a in aux]
    if any(w in ("will", "would", "shall", "'ll", "wo") for w in words):
        return "future"
    have = next((a for a in aux if a.lemma_ == "have"), None)
    if have is not None:
        return "pluperfect" if have.lower_ in ("had", "'d") else "perfect"
    be = next((a for a in aux if a.lemma_ == "be"), None)
    if be is not None:
        past = be.lower_ in ("was", "were")
        if verb.tag_ == "VBG":
            return "past_progressive" if past else "progressive"
        return "past" if past else "present_passive"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return "past" if verb.tag_ in ("VBD", "VBN") else "other"
