"""kgx: a knowledge-graph extractor for diplomatic relations."""

__version__ = "0.1.0"
