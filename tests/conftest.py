"""Shared fixtures: the real pipeline (loaded once) and a store extracted from the sample corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kgx.runner import _prepare
from kgx.graph.store import KgxStore
from kgx.models import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from kgx.pipeline.loader import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyse(nlp):
    """Run the whole pipeline on one text, as `kgx extract` does, and return the spaCy Doc."""

    def run(text: str, published: str | None = "2024-03-15", publisher: str | None = None):
        document = Document(id="t", text=text, published=dt.date.fromisoformat(published) if published else None,
                            publisher=publisher)
        return nlp(_prepare(nlp, document))

    return run


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> KgxStore:
    from kgx.api import run_extraction

    store = KgxStore(tmp_path_factory.mktemp("store") / "kgx-store")
    report = run_extraction([CORPUS], store)
    assert report.documents == 7 and not report.problems
    return store
