"""`kgx_gazetteer`: states, capitals, demonyms, metonyms, cities, international bodies, ministries and agencies.

Runs after the statistical NER and corrects it: the small English model tags "Azerbaijan" and "Baku" as PERSON and
wire tags such as "TT" as GPE. Every span it sets carries `kb_id_`: an ISO 3166-1 alpha-3 code for a state (also
for its capital, demonym or metonym: "Baku", "the Azeris" and "the Kremlin" name a state), an organisation key
("NATO", or "ISR:ministry:defense" for a ministry found by pattern).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import knowledge
from ..positions import BYLINE, in_title_case_line, line_of

# Model labels a gazetteer match may replace; other labels (ORG, FAC, WORK_OF_ART...) that strictly contain a
# state name are names of their own ("The Jerusalem Post", "Munich Security Conference") and are kept.
REPLACEABLE = {"PERSON", "GPE", "NORP", "LOC", "ORG", "DATE", "CARDINAL"}
NAME_LIKE = {"ORG", "GPE", "NORP", "FAC", "LOC"}
MISTAGGED = {"ORG", "GPE", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "NORP", "LOC"}  # labels the model gives titled names, or part of a name it cut in two
PLACE_NOUNS = {"region", "province", "city", "town", "village", "district", "oblast", "county", "state", "area", "border", "airport", "port"}
REGNAL = re.compile(r"^[IVX]{1,4}$")  # "King Abdullah II"
WIRE_TAG = re.compile(r"^[A-Z0-9]{1,4}$")
POSSESSIVE_MARKS = ("'s", "’s", "'", "’")
# Before a demonym, words that make it a region's ("Central American", "Latin American", "Pan-African"), in any case
# ("the south American state"); a state's own two-word demonym ("South African", "North Korean") is matched whole first.
REGION_WORDS = {"Central", "Latin", "North", "South", "East", "West", "Pan", "Meso", "Sub-Saharan"}
MOVEMENT = {"travel", "fly", "go", "head", "return", "move", "relocate", "drive", "sail", "trip", "visit", "journey",
            "flight", "tour", "arrive", "way"}  # "travelling to Davao": a place

Doc.set_extension("kgx_how", default=None, force=True)  # {(start, end): "name"|"capital"|"demonym"|...}


def _variants(name: str) -> list[str]:
    """Surface forms of a gazetteer name: without a leading 'the', the part before a comma, and with either
    apostrophe ("Cote d'Ivoire", "Cote d’Ivoire")."""
    forms = {name}
    if name.lower().startswith("the "):
        forms.add(name[4:])
    if "," in name:
        forms.add(name.split(",")[0].strip())
    forms |= {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}
    forms |= {_unaccented(f) for f in forms}  # "Bogota" for "Bogotá"
    return sorted(forms)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def ambiguous_entries() -> dict[str, dict[tuple[str, str], str]]:
    """Forms claimed by two or more current states ("Congolese"): the document decides (see `Gazetteer`)."""
    gazetteer_entries()
    return _AMBIGUOUS


_AMBIGUOUS: dict[str, dict[tuple[str, str], str]] = {}


@cache
def gazetteer_entries() -> dict[str, dict[tuple[str, str], str]]:
    """Surface form -> {(label, kb_id): how}; a form claimed by two current states is ambiguous and left out
    (`ambiguous_entries` keeps it)."""
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
            if len(keys) > 1 and all(label != "ORG" for label, _ in claims):
                _AMBIGUOUS[form] = {claim: how for claim, how in claims.items() if claim[1] in keys}
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
        self.cities = knowledge.city_states()
        # family names of the office holders: "Bush" is a city of Egypt, but in the news the president
        self.leader_names = {knowledge.fold_name(n).split()[-1] for r in knowledge.office_holders()
                             for n in (r.name, *r.aliases) if knowledge.fold_name(n)}
        self.ambiguous = ambiguous_entries()
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for form, claims in (*self.entries.items(), *self.ambiguous.items()):
            if claims:
                self.phrases.add(form, [nlp.make_doc(form)])
        lexicon = knowledge.offices()
        self.titles = {w for t in (*lexicon.head_titles, *lexicon.ranks, *lexicon.honorifics) for w in t.split()}
        self.titles |= {t.split()[-1] + "s" for t in lexicon.head_titles if t[:1].isupper() and not t.endswith("s")}
        self.title_words = self.titles | {m for m in lexicon.modifiers}
        self.head_words = {t.split()[-1] for t in lexicon.head_titles if t[0].isupper()} - {"Counterpart", "Counterparts"}
        self.head_words |= {w + "s" for w in self.head_words if not w.endswith("s")}  # "Former Prime Ministers A and B"
        self.rank_heads = {r.split()[-1] for r in lexicon.ranks if len(r.split()[-1]) > 3}  # "Air Chief Marshal X Y"
        self.title_lower = {t.split()[-1].lower() for t in lexicon.head_titles}
        # the head of each title ("Head of State" -> "head"): a name follows it, never "State"
        self.head_lower = {(t.split(" of ")[0] if " of " in t else t).split()[-1].lower() for t in lexicon.head_titles}
        self.org_words = {h.lower() for h in lexicon.agency_heads} | {"ministry", "corporation", "agreement", "company",
                                                                        "initiative", "summit", "forum", "bank", "fund"}
        self.kinship = set(lexicon.kinship)
        self.particles = set(lexicon.name_particles)
        self.styles = set(lexicon.styles)
        self.honorific_suffixes = set(lexicon.honorific_suffixes)
        things = knowledge.non_persons()
        self.thing_heads = {w for words in things.heads.values() for w in words}
        self.apposed_heads = {w for kind in ("weapon", "vehicle", "vessel", "media", "substance", "text")
                              for w in things.heads.get(kind, ())}
        self.platforms = set(things.platforms)
        self.place_words = set(things.place_words)
        self.place_heads = set(things.heads.get("place", ())) | {"parts", "part", "outskirts", "capital", "suburbs", "state"}
        self.place_prepositions = set(things.place_prepositions)
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
        gazetteer_spans = self._capitals_in_names(doc, gazetteer_spans, how)
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
                if rest and all((t.is_title or t.is_upper) and t.pos_ == "PROPN" and t.text not in self.title_words
                                for t in rest) and overlapping[0].label_ == "GPE":
                    # "Michael Jordan": a person whose name contains a state name.
                    gazetteer_spans = [s for s in gazetteer_spans if s not in overlapping]
                    kept.append(ent)
            elif ent.label_ not in REPLACEABLE and any(ent.start <= s.start and s.end <= ent.end for s in overlapping):
                rest = [t for t in ent if t.i not in covered and t.lower_ not in ("the", "of", "a", "an")]
                if (ent.start, ent.end) not in {(s.start, s.end) for s in overlapping} \
                        and not all(t.text in self.title_words for t in rest):
                    # "The Jerusalem Post" is a name of its own; "the Angolan Head of State" is a title.
                    gazetteer_spans = [s for s in gazetteer_spans if s not in overlapping]
                    kept.append(ent)
        kept = [self._titled_person(e) if e.label_ in MISTAGGED else e for e in kept]
        titled = self._untagged_titled_people(doc, gazetteer_spans + kept)
        people = [s for s in map(self._trim_person, kept) if s is not None]
        spans = filter_spans(gazetteer_spans + titled + people)
        spans = self._join_name_parts(doc, spans)
        things = {s.text for s in spans if s.label_ == "PERSON" and self._not_a_person(s, spans)}
        things |= self._products_and_cities(spans)
        # A name found once to name a thing names it everywhere in the text ("TRT Haber broadcaster" ... "by TRT
        # Haber"), unless a title stands before it.
        spans = [s for s in spans if s.label_ != "PERSON" or s.text not in things or self._titled(s)]
        spans = [self._city(s, how) for s in spans]
        doc.ents = spans
        institutions = self._institutions(doc, spans)
        taken = {i for s in institutions for i in range(s.start, s.end)}
        doc.ents = institutions + [s for s in spans if not taken & set(range(s.start, s.end))]
        doc._.kgx_how = {**how, **{(s.start, s.end): "pattern" for s in institutions}}
        return doc

    def _products_and_cities(self, spans: list[Span]) -> set[str]:
        """Names tagged as people that the text shows to be a product or a city: the start of a name the model
        tags as a product elsewhere ("the Arrow 3 system" ... "describing Arrow as"), or a single word that is a
        city of `cities.csv`, no word of a person's longer name and no office holder's family name ("the Maharajas
        of Jamnagar", not "Austin" after "Lloyd Austin", not "Bush")."""
        products = [s.text for s in spans if s.label_ == "PRODUCT"]
        name_words = {w for s in spans if s.label_ == "PERSON" and len(s) > 1 for w in s.text.split()}
        found = set()
        for span in spans:
            if span.label_ != "PERSON":
                continue
            if any(p == span.text or p.startswith(span.text + " ") for p in products):
                found.add(span.text)
            elif len(span) == 1 and span.text in self.cities and span.text not in name_words \
                    and knowledge.fold_name(span.text) not in self.leader_names:
                found.add(span.text)
        return found

    def _city(self, span: Span, how: dict[tuple[int, int], str]) -> Span:
        """A place the model found that the gazetteer does not know by name: a city of `cities.csv` stands for its
        state ("a consulate in Yekaterinburg", "talks in Sochi")."""
        state = self.cities.get(span.text) if span.label_ in ("GPE", "LOC") and not span.kb_id_ else None
        if state is None:
            return span
        how[(span.start, span.end)] = "city"
        return Span(span.doc, span.start, span.end, label="GPE", kb_id=state)

    def _after_title(self, doc: Doc, start: int) -> bool:
        """A name right after an office title ("Chancellor Olaf Scholz", "spokesperson Morgan Ortagus", "Minister
        of Petroleum Bijan Zanganeh", "“patriotic ambassador” Pablo Monroy"), or in apposition after a title
        phrase or a family noun ("the ambassador to China, Khalil Hashmi", "his wife, Brigitte")."""
        i = start - 1
        while i >= 0 and doc[i].is_quote:
            i -= 1
        if i >= 0 and (doc[i].text in self.head_words or doc[i].lower_ in self.head_lower):
            return True
        if i >= 2 and doc[i].text in self.title_words and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in self.title_lower:
            return True  # "Minister of Petroleum"
        if i < 1 or doc[i].text != ",":
            return False
        before = doc[i - 1]
        if before.lower_ in self.title_lower or before.lower_ in self.kinship:
            return True
        # "the ambassador to China, Khalil Hashmi"
        return i >= 3 and bool(self.entries.get(before.text)) and doc[i - 2].lower_ in ("to", "of", "in") \
            and doc[i - 3].lower_ in self.title_lower

    def _titled_person(self, ent: Span) -> Span:
        """The small model often tags a titled name as ORG, GPE or even WORK_OF_ART; a title in front ("PM Yukio
        [Hatoyama]", "[Air Chief Marshal BS Dhanoa]") or an office in apposition after it ("Abdelmadjid Tebboune,
        President of ...", "Jarden Kephas, its ambassador to Taiwan") makes it a person. A possessor inside it is
        not part of the name ("[the Brotherhood’s] Mohamed Mursi")."""
        doc = ent.doc
        if ent.kb_id_:
            return ent
        start = ent.start
        for i in range(ent.start, ent.end - 2):
            if doc[i].text in POSSESSIVE_MARKS:
                start = i + 1  # "the Brotherhood’s Mohamed Mursi"
        titled_inside = False
        while start < ent.end and (doc[start].text in self.title_words or doc[start].lower_ == "the"):
            titled_inside = titled_inside or (doc[start].text in self.titles and doc[start].text[:1].isupper())
            start += 1
        name = doc[start : ent.end]
        if not 1 <= len(name) <= 5 or not all((t.is_title or t.is_upper or t.text in "-'" or t.lower_ in self.particles)
                                               and t.text not in self.title_words for t in name):
            return ent
        if not name[0].is_title and not name[0].is_upper:
            return ent
        if any(t.lower_ in self.org_words or t.lower_ in self.thing_heads for t in name):
            return ent  # "Missile System", "Thermal Corporation"
        first = start
        while first > 0 and first > start - 2 and self._name_part(doc[first - 1]):
            first -= 1
        possessed = start > ent.start and doc[start - 1].text in POSSESSIVE_MARKS and len(name) >= 2
        if not (titled_inside or possessed or self._after_title(doc, first) or self._office_follows(doc, ent.end)):
            return ent
        if start > ent.start and not titled_inside and not any(t.text in POSSESSIVE_MARKS for t in doc[ent.start:start]):
            return ent
        return Span(doc, first, ent.end, label="PERSON")

    def _office_follows(self, doc: Doc, end: int) -> bool:
        """", President of ...", ", its ambassador to ...", ", the minister of ...": an office in apposition."""
        if end >= len(doc) or doc[end].text != ",":
            return False
        for token in doc[end + 1 : end + 6]:
            if token.lower_ in ("the", "a", "its", "their", "his", "her") or token.text in POSSESSIVE_MARKS \
                    or self._state_word(token.text) or token.lower_ in ("former", "new"):
                continue
            return token.lower_ in self.title_lower or (token.text in self.title_words and token.text[:1].isupper())
        return False

    def _untagged_titled_people(self, doc: Doc, known: list[Span]) -> list[Span]:
        """Two to four capitalised words after a title that the model left untagged are a person's name."""
        taken = {i for s in known for i in range(s.start, s.end)}
        found = []
        for i, token in enumerate(doc):
            if (token.text not in self.head_words and token.text not in self.rank_heads) or in_title_case_line(token):
                continue
            start = i + 1
            # "Prime Minister of India Narendra Modi": the name follows the state.
            if start + 1 < len(doc) and doc[start].lower_ == "of" and start + 1 in taken:
                start = next(s.end for s in known if s.start == start + 1) if any(s.start == start + 1 for s in known) else start
            end = start
            while end < len(doc) and end - start < 5 and end not in taken and (
                    (doc[end].pos_ == "PROPN" and (doc[end].is_title or REGNAL.match(doc[end].text)
                                                   or (doc[end].is_upper and len(doc[end].text) <= 3))
                     and doc[end].text not in self.titles)
                    or (doc[end].text == "-" and end > start and not doc[end - 1].whitespace_ and not doc[end].whitespace_
                        and end + 1 < len(doc) and doc[end + 1].is_alpha)
                    or (end > start and doc[end - 1].text == "-" and doc[end].is_alpha)
                    or (doc[end].lower_ in self.particles and end > start and end + 1 < len(doc)
                        and doc[end + 1].is_title and doc[end + 1].pos_ == "PROPN")):
                end += 1
            if end - start >= 2:
                found.append(Span(doc, start, end, label="PERSON"))
        return found

    def _capitals_in_names(self, doc: Doc, spans: list[Span], how: dict[tuple[int, int], str]) -> list[Span]:
        """A one-word capital right before a name the model tags is a given name ("Victoria Busby"), unless a
        preposition or a determiner introduces it ("in Victoria Busby said")."""
        people = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
        kept = []
        for span in spans:
            before = doc[span.start - 1] if span.start else None
            person = people.get(span.end)
            if len(span) == 1 and span.label_ == "GPE" and person is not None and span[0].whitespace_ \
                    and how.get((span.start, span.end)) == "capital" \
                    and (before is None or before.pos_ not in ("ADP", "DET", "CCONJ")):
                span = Span(doc, span.start, person.end, label="PERSON")
            kept.append(span)
        return kept

    def _join_name_parts(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """One name the model cut in two: around a particle ("Salman [bin] Abdulaziz Al Saud", "Jose Eduardo [dos]
        Santos"), or a person followed by a capitalised organisation it invented ("Abbas El Fassi")."""
        spans = sorted(spans, key=lambda s: s.start)
        joined: list[Span] = []
        for span in spans:
            previous = joined[-1] if joined else None
            if previous is not None and span.label_ == "PERSON" and previous.label_ in NAME_LIKE and not previous.kb_id_ \
                    and previous.end == span.start and previous[-1].whitespace_ == " " and len(previous) <= 2 \
                    and all(t.is_title and t.pos_ == "PROPN" and t.text not in self.title_words for t in previous):
                joined[-1] = Span(doc, previous.start, span.end, label="PERSON")  # "[Salem]GPE [Alshamsi]PERSON"
                continue
            if previous is not None and previous.label_ == "PERSON":
                gap = doc[previous.end : span.start]
                names_follow = span.label_ == "PERSON" or (not span.kb_id_ and len(span) <= 3 and span.label_ in NAME_LIKE
                                                            and all(t.is_title or t.lower_ in self.particles for t in span))
                if names_follow and len(gap) <= 1 and all(t.lower_ in self.particles for t in gap) \
                        and previous[-1].whitespace_ == " " and (gap or span.label_ != "PERSON" or span[0].lower_ in self.particles
                                                                 or span[0].is_title) \
                        and not (doc[previous.end - 1].text in ("'s", "’s")) and previous.sent == span.sent:
                    joined[-1] = Span(doc, previous.start, span.end, label="PERSON")
                    continue
            joined.append(span)
        return joined

    def _titled(self, ent: Span) -> bool:
        before = ent.doc[ent.start - 1] if ent.start else None
        return before is not None and before.text in self.titles and before.text[:1].isupper()

    def _not_a_person(self, ent: Span, spans: list[Span]) -> bool:
        """A name the model tags as a person that names a thing or a place: "Kalashnikov rifles", "the nerve agent
        VX", "said on Twitter", "Tahrir Square", "in Rotterdam", "the Sides", or title-case words of a headline
        that no person of the text bears ("Ambassador Presents Credentials")."""
        doc = ent.doc
        if ent.text in self.platforms or ent[-1].text in self.place_words or all(t.like_num for t in ent):
            return True
        if ent.end < len(doc) and doc[ent.end].like_num and not doc[ent.end].is_alpha and doc[ent.end].whitespace_ != "\n" \
                and doc[ent.end].ent_type_ not in ("DATE", "TIME", "MONEY", "QUANTITY", "PERCENT") \
                and not (ent.end + 1 < len(doc) and doc[ent.end + 1].tag_ == "NNS"):
            return True  # "the Arrow 3 system", "an F 35": a model name with its number
        before = doc[ent.start - 1] if ent.start else None
        titled = before is not None and ((before.text in self.titles and before.text[:1].isupper()) or before.text in POSSESSIVE_MARKS)
        if titled:
            return False
        root = ent.root
        if root.dep_ in ("compound", "nmod", "amod") and root.head.i >= ent.end and root.head.lower_ in self.thing_heads \
                and root.head.pos_ == "NOUN":
            return True  # "Kalashnikov rifles", "Airport CCTV footage", "the Arrow 3 missile defense system"
        if before is not None and before.pos_ in ("NOUN", "ADJ") and before.lower_ in self.thing_heads and before.is_lower:
            return True  # "the nerve agent VX", "drinks group Pernod Ricard"
        after = doc[ent.end] if ent.end < len(doc) else None
        if after is not None and after.pos_ == "NOUN" and after.is_lower and after.lower_ in self.thing_heads:
            return True  # "Kalashnikov rifles" (however the parser attached them)
        if before is not None and ent.start >= 2 and before.lower_ == "of" and doc[ent.start - 2].lower_ in self.place_heads:
            return True  # "the eastern city of Deblin", "parts of Gauteng"
        if before is not None and ent.start >= 2 and before.lower_ in ("to", "from") and doc[ent.start - 2].lemma_ in MOVEMENT:
            return True  # "before travelling to Davao"
        if before is not None and before.text == "," and ent.start >= 2 and doc[ent.start - 2].lower_ in self.apposed_heads \
                and not (after is not None and after.pos_ in ("VERB", "AUX")):
            return True  # "the holy book, Quran"
        if before is not None and before.lower_ in self.place_prepositions and not (after is not None and after.text in POSSESSIVE_MARKS):
            return True  # "protests erupted in Rotterdam"
        if ent[-1].tag_ in ("NNS", "NNPS") and (len(ent) == 1 or before is not None) \
                and (before is None or before.pos_ in ("DET", "ADJ")):
            return True  # "the Sides", "senior Military Commanders"
        if in_title_case_line(ent[0]):
            words = {t.lower_ for t in ent if t.is_alpha}
            body = [s for s in spans if s.label_ == "PERSON" and s is not ent and not in_title_case_line(s[0])]
            return not any(words & {t.lower_ for t in s} for s in body)
        return False

    def _gazetteer_spans(self, doc: Doc) -> tuple[list[Span], dict[tuple[int, int], str]]:
        spans, how, ambiguous = [], {}, []
        for match_id, start, end in self.phrases(doc):
            form = doc.vocab.strings[match_id]
            if not self.entries.get(form):
                ambiguous.append((form, start, end))
                continue
            (label, kb_id), source = next(iter(self.entries[form].items()))
            if source == "demonym" and start > 0 and doc[start - 1].text.title() in REGION_WORDS:
                continue  # "the Central American nation", "Latin American leaders": a region, not a state
            span = Span(doc, start, end, label=label, kb_id=kb_id)
            if not self._in_byline(span):
                spans.append(span)
                how[(start, end)] = source
        # A form two states claim ("Congolese") is the one of them the document names otherwise.
        spans = filter_spans(spans)
        named = {s.kb_id_ for s in spans}
        for form, start, end in ambiguous:
            claims = [(claim, source) for claim, source in self.ambiguous.get(form, {}).items() if claim[1] in named]
            if len({claim[1] for claim, _ in claims}) == 1:
                (label, kb_id), source = claims[0]
                spans.append(Span(doc, start, end, label=label, kb_id=kb_id))
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
        while start < end and (doc[start].text in self.titles or self._state_word(doc[start].text) or doc[start].is_punct
                               or doc[start].is_space):
            start += 1
        # The model sometimes leaves a first or last name out: "Minister Rustem [Umerov]", "[Mohammed bin
        # Abdulrahman] Al Thani". Extend over capitalised proper nouns that are no title and no other entity.
        while start > 0 and self._name_part(doc[start - 1]):
            start -= 1
        while end < len(doc) and self._name_part(doc[end]):
            end += 1
        # A style before a single name is how the person is named: "Sheikh Hasina", "King Abdullah of Jordan".
        if end - start == 1 and start > 0 and doc[start - 1].text in self.styles and doc[start].is_title \
                and not (end < len(doc) and (REGNAL.match(doc[end].text) or self._name_part(doc[end])
                                             or doc[end].lower_ in self.particles or doc[end].ent_type_ == "PERSON")):
            start -= 1
        # "Yoon Suk[-yeol]": a hyphenated part the tokenizer split off.
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
                and doc[end + 1].is_alpha and not self._compound_suffix(doc[end + 1]):
            end += 2
        if end > start + 1 and doc[end - 2].text == "-" and self._compound_suffix(doc[end - 1]):
            end -= 2  # "the Prime Minister Johnny Briceno[-led] government"
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in ("'s", "’s")
                               or doc[end - 1].text in self.honorific_suffixes):
            end -= 1
        if start == end or not any(doc[i].is_alpha for i in range(start, end)):
            return None
        return Span(doc, start, end, label="PERSON")

    @staticmethod
    def _compound_suffix(token) -> bool:
        """'-led', '-backed', '-based', '-born': the name modifies what follows, the suffix is no part of it."""
        return token.is_lower and (token.text.endswith("ed") or token.text in ("born", "run", "style", "era", "like"))

    def _state_word(self, text: str) -> bool:
        """A state's name or demonym ("Azerbaijani President Ilham Aliyev" tagged as one name); a capital may be a
        given name ("Defence Minister Aden Duale")."""
        return any(how != "capital" for how in self.entries.get(text, {}).values())

    def _name_part(self, token) -> bool:
        return (token.pos_ == "PROPN" and token.is_title and not token.ent_type_ and token.text not in self.title_words
                and token.text not in self.entries)

    def _institutions(self, doc: Doc, known: list[Span]) -> list[Span]:
        """Ministries and agencies, keyed by their state when the text gives it."""
        by_token = {i: s for s in known if s.label_ in ("GPE", "NORP") and s.kb_id_ for i in range(s.start, s.end)}
        found = []
        named = {(s.start, s.end): s.kb_id_ for s in known if s.label_ == "GPE" and s.kb_id_}
        for match_id, start, end in filter_spans_matches(self.patterns(doc)):
            kind = doc.vocab.strings[match_id]
            state = next((by_token[i].kb_id_ for i in range(start, end) if i in by_token), None)
            leading = by_token.get(start)  # "Azerbaijan's State Border Service": the state, then the agency
            span_start = leading.end if leading is not None and leading.end < end else start
            if span_start < end and doc[span_start].text in ("'s", "’s"):
                span_start += 1
            if (start, end) in named:
                state = named[(start, end)]  # "State Department": an agency named for its state
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
