"""Clean crawled text before NLP, keeping a map from every clean character back to the original text.

Crawls carry noise the statistical model trips on: non-breaking spaces, Greek or Cyrillic look-alike letters inside
Latin words ("4 Μay 2023" with a Greek capital Mu), photo captions and headlines repeated two to four times, and
sentences glued together ("health.Israel"). The cleaned text feeds spaCy; `OffsetMap` sends every span found in it
back to the original, which is the only text kgx ever reports offsets into.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters that are spaces in all but name.
UNICODE_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "
)
# Characters with no visible width, and control characters other than line breaks and tabs: dropped.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff") | frozenset(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
# Greek and Cyrillic letters that render like Latin ones (Unicode confusables, letters only).
LOOKALIKES = {
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
    **dict(zip("οαικνρτυχ", "oaikvptux")),
    **dict(zip("АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS")),
    **dict(zip("аеорсухіјѕ", "aeopcyxijs")),
}
LATIN_OR_LOOKALIKE_WORD = re.compile(r"[^\W\d_]+")
# "health.Israel": a full stop with no space between a lower-case word and a capitalised one.
GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
# "(RHC)—Vietnamese": an em dash glued to the words around it; the tokenizer keeps it in one token with them.
EM_DASH = "\u2014"
# "re-established", "re-open": the tagger reads "re" as a verb of its own; the hyphen is dropped ("reestablished").
RE_PREFIX_HYPHEN = re.compile(r"(?<=\b[Rr]e)-(?=[a-z]{4,})")
# Only lines of at least this many words are dropped when repeated: short lines ("TT", "20") repeat by chance.
MIN_WORDS_REPEATED_LINE = 3


@dataclass(frozen=True)
class OffsetMap:
    """`original[i]` is the offset in the original text of clean character i; one extra entry closes the text."""

    original: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the original span that covers the same characters."""
        if end <= start:
            return self.original[start], self.original[start]
        return self.original[start], self.original[end - 1] + 1


@dataclass(frozen=True)
class CleanText:
    text: str
    offsets: OffsetMap


def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _fix_lookalikes(word: str) -> str:
    """Replace Greek/Cyrillic look-alikes in a word that is otherwise Latin; a real Greek word is left alone."""
    if not any(ch in LOOKALIKES for ch in word) or not any(_is_latin(ch) for ch in word):
        return word
    if not all(_is_latin(ch) or ch in LOOKALIKES for ch in word):
        return word
    return "".join(LOOKALIKES.get(ch, ch) for ch in word)


def _line_key(line: str) -> str:
    return " ".join(line.split())


def normalize(text: str) -> CleanText:
    """Return the cleaned text and its offset map.

    >>> clean = normalize("Athens, 4\u00a0\u039cay 2023.\\nA caption line here\\nA caption line here\\n")
    >>> clean.text
    'Athens, 4 May 2023.\\nA caption line here\\n'
    >>> clean.offsets.to_original(10, 13)
    (10, 13)
    """
    out: list[str] = []
    origin = array("q")
    seen_lines: set[str] = set()
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        key = _line_key(line.translate(UNICODE_SPACES))
        if len(key.split()) >= MIN_WORDS_REPEATED_LINE:
            if key in seen_lines:
                continue
            seen_lines.add(key)
        fixed = LATIN_OR_LOOKALIKE_WORD.sub(lambda m: _fix_lookalikes(m.group()), line)
        glue_points = {m.start() for m in GLUED_SENTENCE.finditer(fixed)}
        prefix_hyphens = {m.start() for m in RE_PREFIX_HYPHEN.finditer(fixed)}
        for i, ch in enumerate(fixed):
            if i in glue_points:
                out.append(" ")
                origin.append(line_start + i)
            if ch in INVISIBLE or i in prefix_hyphens:
                continue
            glued = ch == EM_DASH
            if glued and i > 0 and not fixed[i - 1].isspace():
                out.append(" ")
                origin.append(line_start + i)
            out.append(UNICODE_SPACES.get(ord(ch), ch))
            origin.append(line_start + i)
            if glued and i + 1 < len(fixed) and not fixed[i + 1].isspace():
                out.append(" ")
                origin.append(line_start + i)
    origin.append(len(text))
    return CleanText("".join(out), OffsetMap(origin))
