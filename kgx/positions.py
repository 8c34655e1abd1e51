"""Where things are in a Doc, computed once per document: line boundaries, sentence starts, provenance.

`doc.text` and `doc.sents` rebuild their result on every access; components that ask "which line, which sentence"
for every entity or event ask here instead. Every stage uses these helpers, so they belong to no stage: the logic
packages (events, temporal) import them without importing the spaCy components of `pipeline/`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from .models import Provenance

for _name, _default in (("kgx_doc_id", ""), ("kgx_published", None), ("kgx_offsets", None), ("kgx_original", None),
                        ("kgx_entities", None), ("kgx_mentions", None), ("kgx_actors", None), ("kgx_home_state", None)):
    Doc.set_extension(_name, default=_default, force=True)

_KEY = "kgx_positions"


def _positions(doc: Doc) -> dict:
    cached = doc.user_data.get(_KEY)
    if cached is None or cached["length"] != len(doc):
        text = doc.text
        line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        sentence_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        cached = {"length": len(doc), "text": text, "lines": line_starts, "sentences": sentence_starts}
        doc.user_data[_KEY] = cached
    return cached


def text_of(doc: Doc) -> str:
    return _positions(doc)["text"]


def line_of(span: Span | Token) -> str:
    """The stripped line of text a span or token stands on."""
    doc = span.doc
    start_char = span.start_char if isinstance(span, Span) else span.idx
    positions = _positions(doc)
    starts = positions["lines"]
    index = bisect_right(starts, start_char) - 1
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(positions["text"])
    return positions["text"][starts[index] : end].strip()


BYLINE = re.compile(r"^\s*By\s?[A-Z]")
HEADLINE_SMALL_WORDS = {"a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "at", "by", "with", "from", "as", "vs"}


def in_title_case_line(span: Span | Token) -> bool:
    """On a headline-style line in title case ("Kuwait Ambassador Presents Credentials To King Charles III"),
    where the tagger reads capitalised verbs as names and commas join subjects ("A, B Discuss Trade")."""
    line = line_of(span)
    if BYLINE.match(line):
        return False
    words = [w for w in line.split() if w[:1].isalpha() and w.lower() not in HEADLINE_SMALL_WORDS]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and not line.endswith(".")


def sentence_index(doc: Doc, char: int) -> int:
    """The index of the sentence holding a character offset, from 0."""
    return max(bisect_right(_positions(doc)["sentences"], char) - 1, 0)


def provenance(doc: Doc, start_char: int, end_char: int) -> Provenance:
    """Provenance of a clean-text span, mapped back to the original text of the document."""
    offsets = doc._.kgx_offsets
    start, end = offsets.to_original(start_char, end_char) if offsets else (start_char, end_char)
    original = doc._.kgx_original if doc._.kgx_original else text_of(doc)
    return Provenance(doc_id=doc._.kgx_doc_id, sentence=sentence_index(doc, start_char), start=start, end=end,
                      text=original[start:end])
