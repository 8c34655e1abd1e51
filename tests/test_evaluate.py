"""`kgx evaluate`: the reference scorer's numbers (on records written here, the seeds and the dev corpus), the error
listing and the targets line. Every sentence below is written for these tests."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import SHARED
from kgx.evaluate import (MODES, _states, date_ok, dyads, entity_scores, evaluate_store, event_report, load_gold_events,
                          parse_target, score, score_events)
from kgx.graph.query import format_table, run_query
from kgx.graph.store import KgxStore
from kgx.models import Document, DocumentResult, Event, Provenance, State, TimeValue

SCORER = SHARED / "tools" / "score_events.py"
needs_scorer = pytest.mark.skipif(not SCORER.is_file(), reason="reference scorer not beside the checkout")
COLUMNS = ["doc", "type", "source", "target", "date", "status", "persons"]


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: r.get(c, "") for c in COLUMNS} | {"status": r.get("status", "occurred")} for r in rows)
    return out.getvalue()


def _gold(doc, type_, source, target, date=None, optional=False, evidence="") -> dict:
    return {"doc": doc, "type": type_, "source": source, "target": target, "date": date, "optional": optional,
            "evidence": evidence}


def _reference(gold_path, csv_path, types: str, verbose: bool = False) -> list[str]:
    args = [sys.executable, SCORER, gold_path, csv_path, "--types", types] + (["--verbose"] if verbose else [])
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip().splitlines()


def _reference_errors(lines: list[str]) -> tuple[Counter, Counter]:
    """The misses and extras the scorer's --verbose prints, as (doc, type, sources, targets, date)."""
    missed, extra = Counter(), Counter()
    for line in lines:
        if m := re.match(r"MISSED (\S+) (\S+) (\[.*?\]) (\[.*?\]) (\S*) \|", line):
            missed[(m[1], m[2], tuple(ast.literal_eval(m[3])), tuple(ast.literal_eval(m[4])), m[5])] += 1
        elif line.startswith("EXTRA "):
            extra[line.rstrip()] += 1
    return missed, extra


def _our_errors(scores) -> tuple[Counter, Counter]:
    missed = Counter((g["doc"], g["type"], tuple(sorted(_states(g["source"]))), tuple(sorted(_states(g["target"]))),
                      str(g["date"])) for g in (scores.gold[i] for i in scores.missed()))
    extra = Counter(f"EXTRA  {p['doc']} {p['type']} {p['source']} {p['target']} {p.get('date')}".rstrip()
                    for p in (scores.pred[i] for i in scores.extra()))
    return missed, extra


# -- the rules, on records written here --------------------------------------------------------------------------


def test_a_directed_record_with_several_states_is_one_record_per_pair():
    three = dyads([{"type": "Expulsion", "source": "EST;LTU;LVA", "target": "RUS", "date": ""}])
    assert [(r["source"], r["target"]) for r in three] == [(["EST"], ["RUS"]), (["LTU"], ["RUS"]), (["LVA"], ["RUS"])]
    summit = dyads([{"type": "Meeting", "source": ["BRA", "IND"], "target": ["CHN", "RUS", "ZAF"]}])
    assert len(summit) == 1 and summit[0]["source"] == ["BRA", "IND"]
    assert dyads([{"type": "Visit", "source": "NOR", "target": ""}])[0]["target"] == []


def test_one_gold_record_for_three_expelling_states_scores_as_three_records():
    gold = [_gold("d1", "Expulsion", ["EST", "LTU", "LVA"], ["RUS"], "2022-10")]
    pred = _csv([{"doc": "d1", "type": "Expulsion", "source": s, "target": "RUS", "date": "2022-10-18"}
                 for s in ("EST", "LTU")])
    assert score_events(gold, pred)["strict"]["Expulsion"] == [2, 0, 1]


def test_the_matching_is_maximum_not_first_come():
    """An undated gold record accepts any date: taken first, it must not keep the only extraction with the date the
    other record needs when another extraction would do for it."""
    gold = [_gold("d1", "Visit", ["FIN"], ["PRT"]), _gold("d1", "Visit", ["FIN"], ["PRT"], "2021-03")]
    pred = _csv([{"doc": "d1", "type": "Visit", "source": "FIN", "target": "PRT", "date": "2021-03-02"},
                 {"doc": "d1", "type": "Visit", "source": "FIN", "target": "PRT", "date": "2019"}])
    assert score_events(gold, pred)["strict"]["Visit"] == [2, 0, 0]


def test_required_records_are_matched_before_optional_ones():
    gold = [_gold("d1", "Meeting", ["KEN"], ["GHA"], optional=True), _gold("d1", "Meeting", ["GHA"], ["KEN"], "2019-06")]
    pred = _csv([{"doc": "d1", "type": "Meeting", "source": "KEN", "target": "GHA", "date": "2019-06-11"}])
    scores = score(gold, pred)
    assert scores.counts("strict")["Meeting"] == [1, 0, 0]  # the optional record is neither matched nor missed
    assert scores.missed() == [] and scores.extra() == []


@pytest.mark.parametrize("gold, pred, ok", [
    ("2021-05", "2021-05-04", True), ("2021-05", "2021-06", False), ("2021", "2021-11-30/2021-12-02", True),
    ("2020-12-28/2021-01-03", "2021-01-02", True), ("2020-12-28/2021-01-03", "2021-01", False),
    ("2020-12-28/2021-01-03", "2020-12", False), ("2016/2020", "2019-02", True), ("2016/2020", "2021", False),
    ("2021-05-01/2021-05-07", "2021-08", True),  # an interval inside one year accepts its year's dates
    (None, "", True), ("2021", "", False),
])
def test_dates_agree_at_the_gold_precision(gold, pred, ok):
    assert date_ok(gold, pred) is ok


@needs_scorer
def test_dates_agree_exactly_when_the_reference_scorer_says_so():
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    values = ["", "2020", "2021", "2021-05", "2021-05-03", "2021-05-08", "2020-12", "2020-12-30", "2021-05-01/2021-05-07",
              "2020-12-28/2021-01-03", "2016/2020", "1993/..", "2021/", "2021-05/2021-06"]
    for gold in values:
        for pred in values:
            assert date_ok(gold, pred) == reference.date_ok(gold, pred), (gold, pred)


@needs_scorer
@pytest.mark.parametrize("types", ["core", "all"])
def test_the_reference_scorer_counts_these_records_as_kgx_does(tmp_path, types):
    gold = [
        _gold("a1", "Expulsion", ["EST", "LTU", "LVA"], ["RUS"], "2022-10", evidence="three states expel"),
        _gold("a1", "Visit", ["FIN"], ["PRT"]), _gold("a1", "Visit", ["FIN"], ["PRT"], "2021-03"),
        _gold("a1", "Meeting", ["KEN"], ["GHA"], optional=True), _gold("a1", "Meeting", ["GHA"], ["KEN"], "2019-06"),
        _gold("a10", "Agreement", ["PER"], ["CHL", "BOL"], "2018-04-01/2018-04-07"),
        _gold("a10", "Accusation", ["IRN"], ["ISR"], "2020"), _gold("a10", "EmbassyOpening", ["PER"], ["VNM"], "2015"),
    ]
    pred = [
        {"doc": "a1_suffix", "type": "Expulsion", "source": "EST;LTU", "target": "RUS", "date": "2022-10-18"},
        {"doc": "a1_suffix", "type": "Visit", "source": "FIN", "target": "PRT", "date": "2021-03-02"},
        {"doc": "a1_suffix", "type": "Visit", "source": "FIN", "target": "PRT", "date": "2019"},
        {"doc": "a1_suffix", "type": "Meeting", "source": "KEN", "target": "GHA", "date": "2019-06-11"},
        {"doc": "a10", "type": "Agreement", "source": "BOL;CHL;PER", "target": "", "date": "2018-04"},
        {"doc": "a10", "type": "Accusation", "source": "IRN", "target": "ISR", "date": "2020-02"},
        {"doc": "a10", "type": "EmbassyClosure", "source": "PER", "target": "org:un", "date": ""},
    ]
    gold_path, csv_path = tmp_path / "events.jsonl", tmp_path / "events.csv"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    csv_path.write_text(_csv(pred), encoding="utf-8")
    reference = _reference(gold_path, csv_path, types, verbose=True)
    scores = score(gold, _csv(pred), types)
    ours = event_report({m: scores.counts(m) for m in MODES}, types).splitlines()[:-1]  # the scorer has no dates line
    assert ours == [line for line in reference if not line.startswith(("MISSED", "EXTRA"))]
    assert _our_errors(scores) == _reference_errors(reference)


# -- the error listing and the targets, on a store written here -------------------------------------------------


def _event(doc: str, n: int, type_: str, source: list[str], target: list[str], sentence: str, date: str | None):
    time = TimeValue(text=date, value=date, precision="month" if len(date) == 7 else "day", method="explicit") if date else None
    return Event(id=f"{doc}#e{n}", type=type_, source=source, target=target, date=time, trigger=type_.lower(),
                 confidence=0.9, provenance=Provenance(doc_id=doc, sentence=n, start=0, end=len(sentence), text=sentence))


SENTENCES = {
    "expelled": "Norway expelled two Chilean diplomats on 4 May 2021.",
    "signed": "Kenya and Ghana signed a trade agreement in June 2019.",
    "visited": "The Finnish president visited Portugal last week.",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A store of one article and its gold: one match, one miss, one date-only pair, one extra."""
    folder = tmp_path_factory.mktemp("small")
    text = " ".join(SENTENCES.values())
    states = [State(key=k, name=k, iso3=k) for k in ("CHL", "FIN", "GHA", "KEN", "NOR", "PRT")]
    events = [
        _event("doc-1", 0, "Expulsion", ["NOR"], ["CHL"], SENTENCES["expelled"], "2021-05-04"),
        _event("doc-1", 1, "Agreement", ["KEN", "GHA"], [], SENTENCES["signed"], "2019-06"),
        _event("doc-1", 2, "Visit", ["FIN"], ["PRT"], SENTENCES["visited"], None),
    ]
    store = KgxStore(folder / "store")
    store.save(DocumentResult(document=Document(id="doc-1", text=text, published=dt.date(2021, 5, 10)),
                              fingerprint="test", entities=states, events=events))
    store.rebuild()
    gold = [
        _gold("doc-1", "Expulsion", ["NOR"], ["CHL"], "2021-05-04", evidence="Norway expelled two Chilean diplomats"),
        _gold("doc-1", "Agreement", ["GHA"], ["KEN"], "2019-07", evidence="Kenya and Ghana signed a trade agreement"),
        _gold("doc-1", "EmbassyOpening", ["PER"], ["VNM"], "2015", evidence="Peru opened its embassy in Hanoi"),
    ]
    (folder / "events.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return store, folder


def _entries(listing: str, kind: str) -> list[tuple[str, str]]:
    """The listing's lines of one kind, each with the line after it (a date pair's extracted sentence)."""
    lines = listing.splitlines() + [""]
    return [(line, lines[i + 1]) for i, line in enumerate(lines[:-1]) if line.split()[:1] == [kind]]


def test_errors_list_every_miss_and_extra_by_type_with_evidence_and_sentence(small):
    store, folder = small
    listing = evaluate_store(store, folder, errors=True).split("\nerrors", 1)[1]
    assert listing.split("\nVisit: ")[1].startswith("0 missed, 1 extra; date only: 0")
    assert listing.index("\nAgreement:") < listing.index("\nEmbassyOpening:") < listing.index("\nVisit:")
    [(missed, _)] = _entries(listing, "missed")
    assert "doc-1" in missed and "PER -> VNM" in missed and " 2015 " in missed
    assert missed.endswith("| Peru opened its embassy in Hanoi")
    [(extra, _)] = _entries(listing, "extra")
    assert "FIN -> PRT" in extra and extra.endswith("| " + SENTENCES["visited"])
    [(date, sentence)] = _entries(listing, "date")
    assert "GHA & KEN" in date and "gold 2019-07, extracted 2019-06" in date
    assert date.endswith("| Kenya and Ghana signed a trade agreement")
    assert "extracted from" in sentence and sentence.endswith("| " + SENTENCES["signed"])
    assert "Expulsion" not in listing  # matched: not an error


def test_the_dates_line_counts_strict_matches_among_relaxed_ones(small):
    store, folder = small
    assert "dates        1 of the 2 events matched without dates also match with dates (50%)" in evaluate_store(store, folder)


def test_evaluate_command_prints_targets_and_errors_and_exits_0(small):
    store, folder = small
    args = [sys.executable, "-m", "kgx", "evaluate", folder, "--store", store.path, "--errors",
            "--target", "strict-f1>=0.30", "--target", "dates>=92%", "--target", "people-p>=0.9"]
    result = subprocess.run(list(map(str, args)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("targets"))
    assert line == ("targets      1 of 3 met; not met: dates 0.500 < 0.92; met: strict-f1 0.333 >= 0.3; "
                    "not measured: people-p")
    assert "\nerrors " in result.stdout and "| " + SENTENCES["visited"] in result.stdout
    bad = subprocess.run([*map(str, args[:7]), "--target", "strict-f1=0.3"], capture_output=True, text=True)
    assert bad.returncode == 2 and "FIGURE>=VALUE" in bad.stderr


def test_targets_parse_fractions_and_percentages():
    assert parse_target("relaxed-p>=0.85") == ("relaxed-p", 0.85)
    assert parse_target("offices >= 85%") == ("offices", 0.85)
    with pytest.raises(ValueError):
        parse_target("strict-f1>0.8")



@pytest.mark.parametrize("gold_role, state, office, right", [
    ("Bolivian President", "BOL", "President", True),
    ("Colombia's OAS ambassador", "COL", "OAS ambassador", True),
    ("leader of Belarus", "BLR", "leader", True),
    ("Foreign Minister", "RWA", "minister of foreign affairs", True),
    ("Canadian ambassador", "CAN", "envoy", True),
    ("Polish President", "DEU", "President", False),
    ("ambassador to Chile", "PER", "ambassador", False),
    ("former Prime Minister", "IND", "Prime Minister", False),
    ("former U.S. President", "USA", "former President", True),
    ("former U.S. President", "USA", "President", False),
    ("president of the National Assembly of People's Power", "CUB", "president of the National Assembly of People´s Power", True),
])
def test_an_office_is_compared_without_the_words_naming_its_state(tmp_path, gold_role, state, office, right):
    gold = {"persons": [{"name": "Ana Ruiz", "role": gold_role, "state": state, "docs": ["d1"]}],
            "states": {"d1": [state]}}
    (tmp_path / "entities.json").write_text(json.dumps(gold), encoding="utf-8")
    people = f"doc,name,office,state\nd1,Ana Ruiz,{office},{state}\n"
    assert entity_scores(tmp_path / "entities.json", people, {"d1": {state}}).offices_right == int(right)


# -- the same numbers as the reference scorer, on the seeds and the dev corpus ----------------------------------


def _compare_with_the_scorer(store: KgxStore, gold_dir, tmp_path) -> None:
    csv_text = format_table(run_query(store, "events"), "csv")
    csv_path = tmp_path / "events.csv"
    csv_path.write_text(csv_text, encoding="utf-8")
    for types in ("core", "all"):
        reference = _reference(gold_dir / "events.jsonl", csv_path, types, verbose=True)
        table = [line for line in reference if not line.startswith(("MISSED", "EXTRA"))]
        ours = evaluate_store(store, gold_dir, types).splitlines()
        assert ours[: len(table)] == table, types
        assert ours[len(table)].startswith("dates ")
        scores = score(load_gold_events(gold_dir / "events.jsonl"), csv_text, types)
        assert _our_errors(scores) == _reference_errors(reference), types


@pytest.mark.model
@needs_scorer
def test_seed_figures_are_the_reference_scorers(corpus_store, tmp_path):
    _compare_with_the_scorer(corpus_store, SHARED / "gold", tmp_path)


@pytest.mark.model
@needs_scorer
@pytest.mark.skipif(not (SHARED / "dev" / "articles.jsonl").is_file(), reason="no ../shared/dev")
def test_dev_figures_are_the_reference_scorers(tmp_path):
    from kgx.api import run_extraction

    store = KgxStore(tmp_path / "dev-store")
    report = run_extraction([SHARED / "dev" / "articles.jsonl"], store)
    assert report.documents > 0
    _compare_with_the_scorer(store, SHARED / "dev", tmp_path)
