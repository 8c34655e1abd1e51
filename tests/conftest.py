"""Shared fixtures: the real pipeline (loaded once) and a store extracted from the sample corpus; and a guard that
fails a test which loads the statistical pipeline without the `model` marker (`-m "not model"` must not load it)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import spacy

from kgx.runner import _prepare
from kgx.graph.store import KgxStore
from kgx.models import Document
from kgx.pipeline.loader import DEFAULT_MODELS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
NO_MODEL = Path(__file__).resolve().parent / "no_model"  # its sitecustomize refuses the model in subprocesses
MODEL_FIXTURES = {"nlp", "corpus_store"}  # loaded once per session: a later test reuses them without loading


def pytest_runtest_setup(item: pytest.Item) -> None:
    used = MODEL_FIXTURES & set(item.fixturenames)
    if used and not item.get_closest_marker("model"):
        pytest.fail(f"uses {', '.join(sorted(used))} (the statistical model) but is not marked `model`", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Without the `model` marker, loading the pipeline fails, in this process and in the ones the test starts."""
    if item.get_closest_marker("model"):
        yield
        return

    def refuse(name, *args, **kwargs):
        raise AssertionError(f"{item.nodeid} loads the statistical model ({name}) but is not marked `model`")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spacy, "load", refuse)
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NO_MODEL), os.environ.get("PYTHONPATH")])))
        patch.setenv("KGX_TEST_NO_MODEL", f"{item.nodeid}\n{' '.join(DEFAULT_MODELS)}")
        yield


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
