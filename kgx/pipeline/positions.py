"""Where things are in a Doc, computed once per document: line boundaries and sentence starts.

`doc.text` and `doc.sents` rebuild their result on every access; components that ask "which line, which sentence"
for every entity or event ask here instead.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

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


def sentence_index(doc: Doc, char: int) -> int:
    """The index of the sentence holding a character offset, from 0."""
    return max(bisect_right(_positions(doc)["sentences"], char) - 1, 0)
