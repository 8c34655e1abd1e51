"""kgx: a knowledge graph of diplomatic relations, extracted from news articles.

The Python API: `kgx.extract(paths, store=None)` builds a store and returns a `KnowledgeGraph`; `kgx.open(store)`
opens one. A `KnowledgeGraph` answers SPARQL as pandas DataFrames (`query`, `events`, `people`, `provenance`),
gives the actor network (`to_networkx`) and writes exports (`export`).
"""

__version__ = "0.1.0"

__all__ = ["extract", "open", "KnowledgeGraph", "__version__"]


def __getattr__(name: str):
    # Imported on first use, so that `kgx --help` does not load spaCy.
    import importlib

    if name not in ("open", "extract", "KnowledgeGraph"):
        raise AttributeError(f"module 'kgx' has no attribute {name!r}")
    api = importlib.import_module("kgx.api")
    if name == "open":
        return api.open_store
    return getattr(api, name)
