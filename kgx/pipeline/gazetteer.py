"""`kgx_gazetteer`: states, capitals, demonyms, metonyms, international bodies, ministries and agencies.

Runs after the statistical NER and corrects it: the small English model tags "Azerbaijan" and "Baku" as PERSON and
wire tags such as "TT" as GPE. Every span it sets carries `kb_id_`: an ISO 3166-1 alpha-3 code for a state (also
for its capital, demonym or metonym: "Baku", "the Azeris" and "the Kremlin" name a state), an organisation key
("NATO", or "ISR:ministry:defense" for a ministry found by pattern).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import knowledge
from ..positions import line_of

# Model labels a gazetteer match may replace; other labels (ORG, FAC, WORK_OF_ART...) that strictly contain a
# state name are names of their own ("The Jerusalem Post", "Munich Security Conference") and are kept.
REPLACEABLE = {"PERSON", "GPE", "NORP", "LOC", "ORG", "DATE", "CARDINAL"}
PLACE_NOUNS = {"region", "province", "city", "town", "village", "district", "oblast", "county", "state", "area", "border", "airport", "port"}
REGNAL = re.compile(r"^[IVX]{1,4}$")  # "King Abdullah II"
WIRE_TAG = re.compile(r"^[A-Z0-9]{1,4}$")
BYLINE = re.compile(r"^\s*By\s?[A-Z]")

Doc.set_extension("kgx_how", default=None, force=True)  # {(start, end): "name"|"capital"|"demonym"|...}


def _variants(name: str) -> list[str]:
    """Surface forms of a gazetteer name: without a leading 'the', and the part before a comma."""
    forms = {name}
    if name.lower().startswith("the "):
        forms.add(name[4:])
    if "," in name:
        forms.add(name.split(",")[0].strip())
    return sorted(forms)


@cache
def gazetteer_entries() -> dict[str, dict[tuple[str, str], str]]:
    """Surface form -> {(label, kb_id): how}; a form claimed by two current states is ambiguous and left out."""
    entries: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for state in knowledge.states():
        forms = [(state.name, "name"), (state.official_name, "name")]
        forms += [(alias, "alias") for alias in state.aliases]
        if not state.historical:
            forms += [(capital, "capital") for capital in state.capital]
        for form, how in forms:
            for variant in _variants(form):
                entries[variant][("GPE", state.iso3)] = how
        for demonym in state.demonyms:
            entries[demonym][("NORP", state.iso3)] = "demonym"
    for org in knowledge.organizations():
        for form in (org.name, *org.aliases, *org.abbreviations):
            for variant in _variants(form):
                entries[variant][("ORG", org.key)] = "name"
    current = {s.iso3 for s in knowledge.states() if not s.historical}
    for form, claims in entries.items():
        keys = {key for _, key in claims}
        if len(keys) > 1:
            # Claimed by several entities ("Congolese", "Moscow" for RUS and SUN): keep one current state or body.
            keys = {k for k in keys if k in current or any(label == "ORG" and key == k for label, key in claims)}
        if len(keys) != 1:
            entries[form] = {}
        elif len(claims) > 1:
            # One state under two labels ("Saudi", "U.S." are names and demonyms): keep the name.
            key = keys.pop()
            label = "GPE" if ("GPE", key) in claims else next(iter(claims))[0]
            entries[form] = {(label, key): claims[(label, key)]}
    return entries


class Gazetteer:
    """Match the gazetteer, merge it with the model's entities, and find ministries and agencies by pattern."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.entries = gazetteer_entries()
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for form, claims in self.entries.items():
            if claims:
                self.phrases.add(form, [nlp.make_doc(form)])
        lexicon = knowledge.offices()
        self.titles = {w for t in (*lexicon.head_titles, *lexicon.ranks, *lexicon.honorifics) for w in t.split()}
        self.head_words = {t.split()[-1] for t in lexicon.head_titles if t[0].isupper()} - {"Counterpart", "Counterparts"}
        self.title_lower = {t.split()[-1].lower() for t in lexicon.head_titles}
        self.kinship = set(lexicon.kinship)
        self.patterns = Matcher(nlp.vocab)
        self._add_institution_patterns(lexicon)

    def _add_institution_patterns(self, lexicon: knowledge.OfficeLexicon) -> None:
        domains = sorted({w.lower() for d in lexicon.ministry_domains for w in d.split()} | {"and", "national"})
        agency_mods = sorted({m.lower() for m in lexicon.agency_modifiers})
        heads = sorted({h.lower() for h in lexicon.agency_heads if " " not in h})
        state = {"ENT_TYPE": {"IN": ["GPE", "NORP"]}}
        domain = {"LOWER": {"IN": domains}}
        self.patterns.add("MINISTRY", [
            [state, {"ORTH": "'s", "OP": "?"}, domain, {"LOWER": {"IN": domains}, "OP": "*"}, {"LOWER": "ministry"}],
            [domain, {"LOWER": {"IN": domains}, "OP": "*"}, {"LOWER": "ministry"}],
            [state, {"ORTH": "'s", "OP": "?"}, {"LOWER": "ministry"}, {"LOWER": "of"}, domain, {"LOWER": {"IN": domains}, "OP": "*"}],
            [{"LOWER": "ministry"}, {"LOWER": "of"}, domain, {"LOWER": {"IN": domains}, "OP": "*"}],
        ])
        self.patterns.add("AGENCY", [
            [state, {"ORTH": "'s", "OP": "?"}, {"LOWER": {"IN": agency_mods}, "OP": "+"}, {"LOWER": {"IN": heads}}],
            [{"LOWER": {"IN": agency_mods}, "IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": heads}, "IS_TITLE": True}],
        ])

    def __call__(self, doc: Doc) -> Doc:
        gazetteer_spans, how = self._gazetteer_spans(doc)
        covered = {i for span in gazetteer_spans for i in range(span.start, span.end)}
        kept = []
        for ent in doc.ents:
            if self._is_noise(doc, ent):
                continue
            overlapping = [s for s in gazetteer_spans if s.start < ent.end and ent.start < s.end]
            if not overlapping:
                kept.append(ent)
            elif ent.label_ == "PERSON":
                rest = [t for t in ent if t.i not in covered and t.text not in self.titles and not t.is_punct]
                if rest and all(t.is_title or t.is_upper for t in rest) and not overlapping[0].label_ == "ORG":
                    # "Michael Jordan": a person whose name contains a state name.
                    gazetteer_spans = [s for s in gazetteer_spans if s not in overlapping]
                    kept.append(ent)
            elif ent.label_ not in REPLACEABLE and any(ent.start <= s.start and s.end <= ent.end for s in overlapping):
                if (ent.start, ent.end) not in {(s.start, s.end) for s in overlapping}:
                    gazetteer_spans = [s for s in gazetteer_spans if s not in overlapping]
                    kept.append(ent)
        kept = [self._titled_person(e) if e.label_ in ("ORG", "GPE") else e for e in kept]
        titled = self._untagged_titled_people(doc, gazetteer_spans + kept)
        spans = filter_spans(gazetteer_spans + titled + [s for s in map(self._trim_person, kept) if s is not None])
        doc.ents = spans
        institutions = self._institutions(doc, spans)
        taken = {i for s in institutions for i in range(s.start, s.end)}
        doc.ents = institutions + [s for s in spans if not taken & set(range(s.start, s.end))]
        doc._.kgx_how = {**how, **{(s.start, s.end): "pattern" for s in institutions}}
        return doc

    def _after_title(self, doc: Doc, start: int) -> bool:
        """A name right after an office title ("Chancellor Olaf Scholz"), or in apposition after a title phrase or
        a family noun ("the ambassador to China, Khalil Hashmi", "his wife, Brigitte")."""
        i = start - 1
        if i >= 0 and doc[i].text in self.head_words:
            return True
        if i < 1 or doc[i].text != ",":
            return False
        before = doc[i - 1]
        if before.lower_ in self.title_lower or before.lower_ in self.kinship:
            return True
        # "the ambassador to China, Khalil Hashmi"
        return i >= 3 and bool(self.entries.get(before.text)) and doc[i - 2].lower_ in ("to", "of", "in") \
            and doc[i - 3].lower_ in self.title_lower

    def _titled_person(self, ent: Span) -> Span:
        """The small model often tags a titled name as ORG or GPE; a title in front makes it a person."""
        if ent.kb_id_ or not self._after_title(ent.doc, ent.start) or not all(t.is_title or t.text in "-'" for t in ent):
            return ent
        return Span(ent.doc, ent.start, ent.end, label="PERSON")

    def _untagged_titled_people(self, doc: Doc, known: list[Span]) -> list[Span]:
        """Two to four capitalised words after a title that the model left untagged are a person's name."""
        taken = {i for s in known for i in range(s.start, s.end)}
        found = []
        for i, token in enumerate(doc):
            if token.text not in self.head_words:
                continue
            start = i + 1
            # "Prime Minister of India Narendra Modi": the name follows the state.
            if start + 1 < len(doc) and doc[start].lower_ == "of" and start + 1 in taken:
                start = next(s.end for s in known if s.start == start + 1) if any(s.start == start + 1 for s in known) else start
            end = start
            while end < len(doc) and end - start < 4 and end not in taken and doc[end].pos_ == "PROPN" \
                    and (doc[end].is_title or REGNAL.match(doc[end].text)) and doc[end].text not in self.titles:
                end += 1
            if end - start >= 2:
                found.append(Span(doc, start, end, label="PERSON"))
        return found

    def _gazetteer_spans(self, doc: Doc) -> tuple[list[Span], dict[tuple[int, int], str]]:
        spans, how = [], {}
        for match_id, start, end in self.phrases(doc):
            form = doc.vocab.strings[match_id]
            (label, kb_id), source = next(iter(self.entries[form].items()))
            span = Span(doc, start, end, label=label, kb_id=kb_id)
            if not self._in_byline(span):
                spans.append(span)
                how[(start, end)] = source
        spans = filter_spans(spans)
        return spans, {k: v for k, v in how.items() if k in {(s.start, s.end) for s in spans}}

    def _in_byline(self, span: Span) -> bool:
        line = line_of(span)
        return bool(BYLINE.match(line)) and len(line.split()) <= 12

    def _is_noise(self, doc: Doc, ent: Span) -> bool:
        """A wire tag or page number alone on its line ("TT", "20"), or a photo credit ("REUTERS/Amir Cohen")."""
        if WIRE_TAG.match(ent.text) and line_of(ent) == ent.text:
            return True
        if ent.label_ != "PERSON" and self._in_byline(ent):
            return True
        if ent.label_ == "PERSON":
            first = ent.root
            while first.dep_ == "conj" and first.head != first:
                first = first.head
            if first.dep_ in ("compound", "nmod", "amod") and first.head.lemma_ in PLACE_NOUNS:
                return True  # "the Sumy, Zaporizhzhia and Kherson regions"
        before = doc[ent.start - 1].text if ent.start else ""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        return "/" in (before, after) or before.endswith("/") or after.startswith("/")

    def _trim_person(self, ent: Span) -> Span | None:
        """Titles, ranks and honorifics are not part of a name: "President Ilham Aliyev" -> "Ilham Aliyev"."""
        if ent.label_ != "PERSON":
            return ent
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].text in self.titles or self.entries.get(doc[start].text) or doc[start].is_punct):
            start += 1
        # The model sometimes leaves a first or last name out: "Minister Rustem [Umerov]", "[Mohammed bin
        # Abdulrahman] Al Thani". Extend over capitalised proper nouns that are no title and no other entity.
        while start > 0 and self._name_part(doc[start - 1]):
            start -= 1
        while end < len(doc) and self._name_part(doc[end]):
            end += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")):
            end -= 1
        if start == end or not any(doc[i].is_alpha for i in range(start, end)):
            return None
        return Span(doc, start, end, label="PERSON")

    def _name_part(self, token) -> bool:
        return (token.pos_ == "PROPN" and token.is_title and not token.ent_type_ and token.text not in self.titles
                and token.text not in self.entries)

    def _institutions(self, doc: Doc, known: list[Span]) -> list[Span]:
        """Ministries and agencies, keyed by their state when the text gives it."""
        by_token = {i: s for s in known if s.label_ in ("GPE", "NORP") and s.kb_id_ for i in range(s.start, s.end)}
        found = []
        for match_id, start, end in filter_spans_matches(self.patterns(doc)):
            kind = doc.vocab.strings[match_id]
            state = next((by_token[i].kb_id_ for i in range(start, end) if i in by_token), None)
            span_start = next((i for i in range(start, end) if i not in by_token and doc[i].text not in ("'s", "’s")), start)
            if state is None:
                state = self._state_after(doc, end, by_token)
            words = [t.lemma_.lower() for t in doc[span_start:end] if t.lower_ not in ("ministry", "of", "and", "the")]
            if kind == "MINISTRY":
                domain = "-".join(sorted({"defense" if w in ("defence",) else w for w in words if w not in ("national",)}))
                key = f"{state}:ministry:{domain}" if state else f"ministry:{domain}"
            else:
                name = "-".join(t.lower_ for t in doc[span_start:end])
                key = f"{state}:agency:{name}" if state else f"agency:{name}"
            found.append(Span(doc, span_start, end, label="ORG", kb_id=key))
        return found

    @staticmethod
    def _state_after(doc: Doc, end: int, by_token: dict[int, Span]) -> str | None:
        """"the Defense Ministry in Athens", "Ministry of Foreign Affairs of Azerbaijan"."""
        if end + 1 < len(doc) and doc[end].lower_ in ("in", "of") and end + 1 in by_token:
            return by_token[end + 1].kb_id_
        return None


def filter_spans_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest non-overlapping matches first, as `filter_spans` does for spans."""
    chosen: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not taken & set(range(match[1], match[2])):
            chosen.append(match)
            taken.update(range(match[1], match[2]))
    return sorted(chosen, key=lambda m: m[1])


@Language.factory("kgx_gazetteer", assigns=["doc.ents", "doc._.kgx_how"], requires=["doc.ents"])
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    return Gazetteer(nlp, name)
