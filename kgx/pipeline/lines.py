"""`kgx_line_breaks`: a line break always ends a sentence.

Crawled articles put headlines, captions, bylines and wire tags on lines of their own, without a full stop; left
to the parser, "By Ben Rappaport, United with Israel" and the first sentence of the story become one sentence and
the byline becomes the subject of the story's first verb. Runs before the parser, which keeps these boundaries.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

START, NOT_START = 1, -1


@Language.component("kgx_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    # One array write for the whole document: setting `token.is_sent_start` one token at a time re-checks the
    # whole document each time.
    starts = doc.to_array([SENT_START]).astype("int64")
    for token in doc[:-2]:
        if "\n" in token.text_with_ws and (token.is_space or token.whitespace_.endswith("\n")):
            first, second = doc[token.i + 1], doc[token.i + 2]
            if first.is_space:
                continue
            starts[first.i] = START
            if first.is_alpha and not second.is_space and not second.is_punct:
                starts[second.i] = NOT_START  # no one-word sentence at the start of a line ("Azerbaijan | opened...")
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
    return doc
