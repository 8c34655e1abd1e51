"""Every message a user sees comes from the coded table in kgx/errors.py, with its code in front."""

import re
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kgx import runner
from kgx.errors import Errors, KgxError
from kgx.models import Document

SOURCE = Path(runner.__file__).resolve().parent
CODES = {name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name)}


def test_every_message_is_read_with_its_code():
    for code in CODES:
        assert getattr(Errors, code).startswith(f"{code}: ")
    assert str(KgxError("E040", path="s")) == Errors.E040.format(path="s")


def test_no_code_is_typed_outside_the_table_and_every_code_used_is_in_it():
    for path in SOURCE.rglob("*.py"):
        if path.name != "errors.py":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"[\"']E\d{3}:", text), f"{path}: a coded message typed as a literal"
            used = set(re.findall(r"(?:Error\(\s*|Errors\.)[\"']?(E\d{3})", text))
            assert used <= CODES, f"{path}: codes not in the table: {used - CODES}"


@Language.component("kgx_test_fails")
def _fails(doc):
    raise ValueError("a bug in a component")


@Language.component("kgx_test_hangs")
def _hangs(doc):
    time.sleep(30)
    return doc


@pytest.mark.parametrize("component,message", [
    ("kgx_test_fails", "E011: t: extraction failed: ValueError: a bug in a component"),
    ("kgx_test_hangs", "E012: t: skipped after 1 s (per-document time limit)"),
])
def test_a_failed_or_timed_out_document_is_reported_with_its_code(monkeypatch, component, message):
    nlp = spacy.blank("en")
    nlp.add_pipe(component)
    monkeypatch.setattr(runner, "_worker_nlp", nlp)
    monkeypatch.setattr(runner, "_worker_seconds", 1.0)
    document = Document(id="t", text="Chile expelled two Peruvian diplomats on Monday.")
    assert runner.process_batch([document]) == [message]
