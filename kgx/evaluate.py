"""Evaluation against hand annotation: events (the same rules and numbers as the reference scorer
`tools/score_events.py`) and entities (people, their offices and states, and the states each article names).

Events are scored in two modes, relaxed (date ignored) and strict (date agrees at the gold's precision). In both, a
directed record with several states on a side stands for one record per (source, target) pair (`dyads`), and gold
and extracted records are paired by a maximum one-to-one matching, required gold records first (`_max_matching`).
`--errors` lists what the strict matching leaves over; `--target` compares the figures with stated goals.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import knowledge
from .errors import KgxError

if TYPE_CHECKING:
    from .graph.store import KgxStore

CORE = {"Visit", "Meeting", "EmbassyOpening", "EmbassyClosure", "AmbassadorAppointment", "Expulsion", "ArmsTransfer",
        "Agreement", "RelationsUpgrade", "RelationsDowngrade"}
SYMMETRIC = {"Meeting", "Agreement", "Attack", "RelationsUpgrade", "RelationsDowngrade"}
ISO3 = re.compile(r"^[A-Z]{3}$")
MODES = ("relaxed", "strict")
EVENT_COLUMNS = ("doc", "type", "source", "target", "date", "status", "persons")
Counts = dict[str, list[int]]  # type -> [tp, fp, fn]


def _states(value: str | list[str] | None) -> frozenset[str]:
    items = value if isinstance(value, list) else [x.strip() for x in (value or "").split(";")]
    return frozenset(x for x in items if ISO3.match(x or ""))


def _actors(event: dict) -> tuple:
    s, t = _states(event["source"]), _states(event["target"])
    return (s | t,) if event["type"] in SYMMETRIC else (s, t)


def _span(value: str) -> tuple[str, str]:
    """First and last day of a date or interval as strings that compare in time order: the end is padded so that
    "2023-05" ends after every day of May."""
    start, _, end = value.partition("/")
    return start, (end or start) + "\uffff"


def date_ok(gold: str | None, pred: str) -> bool:
    """A gold date matches at its own precision; a gold interval accepts a date or interval inside it (or any date
    of its year when it lies within one year); no gold date accepts any date."""
    if not gold:
        return True
    if not pred:
        return False
    if "/" in gold:
        (g_start, g_end), (p_start, p_end) = _span(gold), _span(pred)
        return g_start <= p_start and p_end <= g_end or pred[:4] == gold[:4] == gold.split("/")[1][:4]
    return pred.split("/")[0][: len(gold)] == gold


def dyads(records: list[dict]) -> list[dict]:
    """One record per (source, target) pair for the directed types: "Estonia, Latvia and Lithuania expelled Russian
    diplomats" is three expulsions, whether gold or extraction writes it as one record or three. Symmetric types keep
    their parties together (a summit of five is one meeting). Only ISO codes survive the split, as only they count."""
    out = []
    for record in records:
        if record["type"] in SYMMETRIC:
            out.append(record)
            continue
        for source in sorted(_states(record["source"])) or [None]:
            for target in sorted(_states(record["target"])) or [None]:
                out.append({**record, "source": [source] if source else [], "target": [target] if target else []})
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold_events(path: str | Path) -> list[dict]:
    try:
        return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise KgxError("E050", path=path, reason=str(err)) from None


def _max_matching(order: list[int], candidates: dict[int, list[int]]) -> dict[int, int]:
    """Kuhn's augmenting paths: each gold record in `order` takes a free candidate or moves the owner of a taken one
    to another of its candidates. Matched records stay matched, so the records first in `order` are the ones a
    shortage leaves out last. Returns prediction -> gold."""
    owner: dict[int, int] = {}

    def augment(gold: int, seen: set[int]) -> bool:
        for pred in candidates[gold]:
            if pred in seen:
                continue
            seen.add(pred)
            if pred not in owner or augment(owner[pred], seen):
                owner[pred] = gold
                return True
        return False

    for gold in order:
        augment(gold, set())
    return owner


@dataclass
class EventScores:
    """Gold and extracted records (split into dyads) and, per mode, the matching: prediction index -> gold index."""

    gold: list[dict]
    pred: list[dict]
    types: str = "core"
    owners: dict[str, dict[int, int]] = field(init=False, default_factory=dict)
    fits: dict[str, dict[int, list[int]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        by_key: dict[tuple, list[int]] = defaultdict(list)
        for i, p in enumerate(self.pred):
            by_key[(p["doc"], p["type"], _actors(p))].append(i)
        # Required records first, so that neither an optional record nor an undated one (which accepts any date)
        # takes the extraction another record needs.
        order = sorted(range(len(self.gold)), key=lambda i: (bool(self.gold[i].get("optional")), i))
        for mode in MODES:
            fits = {}
            for i, g in enumerate(self.gold):
                same = by_key.get((g["doc"], g["type"], _actors(g)), [])
                fits[i] = same if mode == "relaxed" else [
                    p for p in same if date_ok(g["date"], (self.pred[p].get("date") or "").strip())]
            self.fits[mode] = fits
            self.owners[mode] = _max_matching(order, fits)

    def counts(self, mode: str) -> Counts:
        """Per type [tp, fp, fn], with a type listed only once something counts for it, as the scorer lists them."""
        owner = self.owners[mode]
        counts: Counts = defaultdict(lambda: [0, 0, 0])
        for g in owner.values():
            counts[self.gold[g]["type"]][0] += 1
        for i, p in enumerate(self.pred):
            if i not in owner:
                counts[p["type"]][1] += 1
        matched = set(owner.values())
        for i, g in enumerate(self.gold):
            if i not in matched and not g.get("optional"):
                counts[g["type"]][2] += 1
        return counts

    def missed(self) -> list[int]:
        """Required gold records the strict matching leaves unmatched."""
        matched = set(self.owners["strict"].values())
        return [i for i, g in enumerate(self.gold) if i not in matched and not g.get("optional")]

    def extra(self) -> list[int]:
        """Extracted records the strict matching leaves unmatched."""
        return [i for i in range(len(self.pred)) if i not in self.owners["strict"]]

    def date_pairs(self) -> dict[int, int]:
        """Misses that are only date misses: each paired with an extra extraction that agrees with it in everything
        but the date (a maximum matching again, so one extraction explains one miss). Returns gold -> prediction."""
        extra = set(self.extra())
        missed = self.missed()
        fits = {g: [p for p in self.fits["relaxed"][g] if p in extra] for g in missed}
        return {g: p for p, g in _max_matching(missed, fits).items()}


def _predictions(rows: list[dict], gold_docs: set[str], types: str) -> list[dict]:
    """The extracted rows of the chosen types, each doc id cut back to the gold id it starts with (the store's ids
    may carry a suffix: "000_928c..." is gold "000")."""
    rows = [r for r in rows if types == "all" or r["type"] in CORE]
    docs = sorted(gold_docs, key=len, reverse=True)
    for row in rows:
        base = row["doc"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        row["doc"] = next((d for d in docs if base.startswith(d)), base)
    return rows


def score(gold: list[dict], events_csv: str, types: str = "core",
          sentences: dict[tuple, list[str]] | None = None) -> EventScores:
    """Match the events CSV (`kgx query events --format csv`) against gold records. `sentences` (events row -> the
    sentences of the mentions it stands for) gives each extracted record its sentence, for the error listing."""
    gold = [g for g in gold if types == "all" or g["type"] in CORE]
    rows = list(csv.DictReader(io.StringIO(events_csv)))
    if sentences is not None:
        waiting = {key: deque(values) for key, values in sentences.items()}
        for row in rows:
            queue = waiting.get(tuple(row[c] for c in EVENT_COLUMNS))
            row["sentence"] = queue.popleft() if queue else ""
    pred = _predictions(rows, {g["doc"] for g in gold}, types)
    return EventScores(dyads(gold), dyads(pred), types)


def score_events(gold: list[dict], events_csv: str, types: str = "core") -> dict[str, Counts]:
    """Per-type [tp, fp, fn] for the relaxed and the strict mode, as the reference scorer counts them."""
    scores = score(gold, events_csv, types)
    return {mode: scores.counts(mode) for mode in MODES}


def _totals(result: dict[str, Counts]) -> dict[str, list[int]]:
    return {m: [sum(v[k] for v in result[m].values()) for k in range(3)] for m in result}


def event_figures(result: dict[str, Counts]) -> dict[str, float]:
    """Micro precision, recall and F1 per mode, and the share of relaxed matches that the strict matching keeps. Both
    matchings are maximum and every strict pair is a relaxed pair, so the strict matches are among a largest set of
    relaxed matches: the share is the date accuracy on the events found."""
    total = _totals(result)
    figures = {}
    for mode in MODES:
        for name, value in zip("prf", _prf(*total[mode])):
            figures[f"{mode}-{name}1" if name == "f" else f"{mode}-{name}"] = value
    figures["dates"] = total["strict"][0] / total["relaxed"][0] if total["relaxed"][0] else 0.0
    return figures


def event_report(result: dict[str, Counts], types: str) -> str:
    """The reference scorer's table, line for line, then the date agreement."""
    lines = [f"{'type':24}{'relaxed P/R/F1':>24}{'strict P/R/F1':>24}"]
    for t in sorted(set(result["strict"]) | set(result["relaxed"])):
        cells = ["%.2f/%.2f/%.2f" % _prf(*result[m][t]) for m in MODES]
        lines.append(f"{t:24}{cells[0]:>24}{cells[1]:>24}")
    total = _totals(result)
    rp, rr, rf = _prf(*total["relaxed"])
    sp, sr, sf = _prf(*total["strict"])
    lines.append(f"relaxed micro P={rp:.3f} R={rr:.3f} F1={rf:.3f} "
                 f"(tp={total['relaxed'][0]} fp={total['relaxed'][1]} fn={total['relaxed'][2]})")
    lines.append(f"strict {types} micro F1={sf:.3f} P={sp:.3f} R={sr:.3f}")
    relaxed_tp, strict_tp = total["relaxed"][0], total["strict"][0]
    share = strict_tp / relaxed_tp if relaxed_tp else 0.0
    lines.append(f"dates        {strict_tp} of the {relaxed_tp} events matched without dates also match with dates ({share:.0%})")
    return "\n".join(lines)


def _parties(record: dict) -> str:
    actors = [sorted(side) for side in _actors(record)]
    if len(actors) == 1:
        return " & ".join(actors[0]) or "?"
    return " -> ".join(" ".join(side) or "?" for side in actors)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def error_report(scores: EventScores) -> str:
    """Every miss and every extra of the strict matching, grouped by type so that a reader scans one type's problems
    together: first the pairs that differ only in the date (a miss and an extra, with both dates, the gold evidence
    and the extracted sentence: a dating problem, not a reading one), then the other misses with their gold evidence,
    then the other extras with the sentence they were extracted from."""
    pairs = scores.date_pairs()
    entries: dict[str, list[tuple]] = defaultdict(list)  # type -> (order, doc, index, kind, record, date, text, sentence)
    for g, p in pairs.items():
        gold, pred = scores.gold[g], scores.pred[p]
        date = f"gold {gold['date'] or '-'}, extracted {pred.get('date') or '-'}"
        entries[gold["type"]].append((0, gold["doc"], g, "date", gold, date, gold.get("evidence"), pred.get("sentence")))
    for g in scores.missed():
        if g not in pairs:
            gold = scores.gold[g]
            entries[gold["type"]].append((1, gold["doc"], g, "missed", gold, gold["date"] or "-", gold.get("evidence"), None))
    paired = set(pairs.values())
    for p in scores.extra():
        if p not in paired:
            pred = scores.pred[p]
            entries[pred["type"]].append((2, pred["doc"], p, "extra", pred, pred.get("date") or "-", pred.get("sentence"), None))
    every = [e for rows in entries.values() for e in rows]
    doc_width = max([len(e[1]) for e in every], default=0)
    party_width = min(max([len(_parties(e[4])) for e in every], default=0), 24)
    date_width = min(max([len(e[5]) for e in every] + [len("extracted from")]), 44)
    lines = [f"errors       strict matching, {scores.types} types: {len(scores.missed())} missed, {len(scores.extra())} "
             f"extra; date only: {len(pairs)} (a miss and an extra that agree in all but the date)"]
    for event_type in sorted(entries):
        rows = sorted(entries[event_type], key=lambda e: e[:3])
        kinds = [e[0] for e in rows]
        lines.append(f"\n{event_type}: {kinds.count(0) + kinds.count(1)} missed, {kinds.count(0) + kinds.count(2)} extra; "
                     f"date only: {kinds.count(0)}")
        for _, doc, _, kind, record, date, text, sentence in rows:
            lines.append(f"  {kind:6}  {doc:{doc_width}}  {_parties(record):{party_width}}  {date:{date_width}}  | {_one_line(text)}")
            if sentence is not None:
                lines.append(f"  {'':6}  {'':{doc_width}}  {'':{party_width}}  {'extracted from':{date_width}}  | "
                             f"{_one_line(sentence)}")
    return "\n".join(lines)


def _norm_role(role: str | None) -> str:
    role = (role or "").lower().replace("defence", "defense").replace("the ", "").replace("’", "'").replace("´", "'")
    return " ".join(role.split())


def _office_key(role: str | None, state: str | None) -> str:
    """An office as compared: one spelling per office (`OfficeLexicon.role_key`), without the words that name the
    state it serves, which the state column already gives: "Bolivian President" (BOL), "Colombia's OAS ambassador"
    (COL) and "leader of Belarus" (BLR) are the office "President", "OAS ambassador" and "leader" of that state."""
    role = " ".join((role or "").split())
    names = _state_names(state)
    if names:
        # after a marker of a past office too: "former U.S. President" (USA) is the office "former President"
        role = re.sub(rf"^((?:(?:{_past_markers()})[\s-])?)(?:{names})(?:['’]s)?\s+(?=\S)", r"\1", role, flags=re.I)
        role = re.sub(rf"\s+of\s+(?:the\s+)?(?:{names})$", "", role, flags=re.I)
    return _norm_role(knowledge.offices().role_key(role))


@cache
def _past_markers() -> str:
    return "|".join(re.escape(m.rstrip("-")) for m in knowledge.offices().former_markers)


@cache
def _state_names(state: str | None) -> str:
    """The names, demonyms and capitals of a state as one alternation, longest first."""
    record = knowledge.states_by_iso3().get(state or "")
    if record is None:
        return ""
    names = {record.name, record.official_name, *record.demonyms, *record.aliases, *record.capital}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@dataclass
class EntityScores:
    people_found: int
    people_expected: int
    people_predicted: int
    offices_right: int
    states: tuple[int, int, int]

    def figures(self) -> dict[str, float]:
        return {
            "people-p": self.people_found / self.people_predicted if self.people_predicted else 0.0,
            "people-r": self.people_found / self.people_expected if self.people_expected else 0.0,
            "offices": self.offices_right / self.people_found if self.people_found else 0.0,
            "states-f1": _prf(*self.states)[2],
        }

    def report(self) -> str:
        f = self.figures()
        tp, fp, fn = self.states
        return "\n".join([
            f"people       P={f['people-p']:.3f} R={f['people-r']:.3f} (found {self.people_found} of "
            f"{self.people_expected}, {self.people_predicted} predicted)",
            f"offices      right for {self.offices_right} of {self.people_found} people found ({f['offices']:.1%})",
            f"states       per-article micro F1={f['states-f1']:.3f} (tp={tp} fp={fp} fn={fn})",
        ])


def entity_scores(gold_path: str | Path, people_csv: str, states_by_doc: dict[str, set[str]]) -> EntityScores:
    """People precision/recall per (article, name); office and state right for the people found; states per article."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KgxError("E050", path=gold_path, reason=str(err)) from None
    gold_docs = sorted(gold["states"], key=len, reverse=True)

    def short(doc: str) -> str | None:
        return next((d for d in gold_docs if doc.startswith(d)), None)

    rows = [r for r in csv.DictReader(io.StringIO(people_csv)) if short(r["doc"])]
    predicted: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        predicted[(short(row["doc"]), row["name"])].append(row)
    expected = {(d, p["name"]): p for p in gold["persons"] for d in p["docs"]}
    found = [k for k in expected if k in predicted]
    office_ok = sum(
        any(_office_key(r["office"], r["state"] or None) == _office_key(expected[k]["role"], expected[k]["state"])
            and (r["state"] or None) == expected[k]["state"] for r in predicted[k])
        for k in found
    )
    tp = fp = fn = 0
    for doc, states in gold["states"].items():
        pred_states = set().union(*[s for d, s in states_by_doc.items() if short(d) == doc])
        tp += len(pred_states & set(states))
        fp += len(pred_states - set(states))
        fn += len(set(states) - pred_states)
    return EntityScores(len(found), len(expected), len(predicted), office_ok, (tp, fp, fn))


def entity_report(gold_path: str | Path, people_csv: str, states_by_doc: dict[str, set[str]]) -> str:
    """People precision/recall per (article, name); office and state right for the people found; states per article F1."""
    return entity_scores(gold_path, people_csv, states_by_doc).report()


TARGET = re.compile(r"^\s*([a-z][a-z0-9-]*)\s*>=\s*([0-9.]+)\s*(%?)\s*$")


def parse_target(text: str) -> tuple[str, float]:
    """'strict-f1>=0.80' or 'dates>=92%' -> ('strict-f1', 0.8); ValueError when it is neither."""
    match = TARGET.match(text)
    if not match:
        raise ValueError(f"'{text}' is not FIGURE>=VALUE (e.g. strict-f1>=0.80 or dates>=92%)")
    value = float(match.group(2)) / (100 if match.group(3) else 1)
    return match.group(1), value


def target_report(figures: dict[str, float], targets: list[tuple[str, float]]) -> str:
    """One line: which targets are met and which not, with the figure and the goal. It informs and never fails the
    run: the targets are goals, not tests."""
    groups: dict[str, list[str]] = {"not met": [], "met": [], "not measured": []}
    for name, goal in targets:
        value = figures.get(name)
        if value is None:
            groups["not measured"].append(name)
        else:
            groups["met" if value >= goal else "not met"].append(f"{name} {value:.3f} {'>=' if value >= goal else '<'} {goal:g}")
    cells = [f"{label}: {', '.join(items)}" for label, items in groups.items() if items]
    return f"targets      {len(groups['met'])} of {len(targets)} met; " + "; ".join(cells)


SENTENCES = "OPTIONAL { ?m kgx:quote ?sentence }"


def _sentences(store: KgxStore) -> dict[tuple, list[str]]:
    """Each events row -> the sentences of its mentions. The named `events` query with one more column, rather than
    a column in the events CSV, whose format is the reference scorer's."""
    from .graph.query import named_queries, run_query

    text = named_queries()["events"]
    select = re.search(r"(?m)^SELECT[^\n]*", text)
    end = text.rstrip().rfind("}")
    if not select or "?m kgx:eventType" not in text or end < 0:
        raise RuntimeError("the events query no longer has the shape the error listing reads")
    sparql = text[: select.end()] + " ?sentence" + text[select.end(): end] + f"  {SENTENCES}\n}}\n"
    columns, rows = run_query(store, sparql)
    found: dict[tuple, list[str]] = defaultdict(list)
    for row in sorted(rows):
        # as run_query sorts the lists of its own queries
        key = tuple(";".join(sorted(c.split(";"))) if ";" in c else c for c in row[: len(EVENT_COLUMNS)])
        found[key].append(row[-1])
    return found


def evaluate_store(store: KgxStore, gold: Path, types: str = "core", errors: bool = False,
                   targets: list[tuple[str, float]] | None = None) -> str:
    """`kgx evaluate`: the event table, the entity lines when entities.json lies beside the gold events, then the
    targets and the error listing when asked for."""
    from .graph.query import format_table, run_query

    events_file = gold / "events.jsonl" if gold.is_dir() else gold
    gold_events = load_gold_events(events_file)
    events_csv = format_table(run_query(store, "events"), "csv")
    scores = score(gold_events, events_csv, types, _sentences(store) if errors else None)
    result = {mode: scores.counts(mode) for mode in MODES}
    parts = [event_report(result, types)]
    figures = event_figures(result)
    entities_file = events_file.parent / "entities.json"
    if entities_file.is_file():
        people_csv = format_table(run_query(store, "people"), "csv")
        states = {r.document.id: {e.key for e in r.entities if e.kind == "State"} for r in store.results()}
        entities = entity_scores(entities_file, people_csv, states)
        parts.append(entities.report())
        figures.update(entities.figures())
    if targets:
        parts.append(target_report(figures, targets))
    if errors:
        parts.append("\n" + error_report(scores))
    return "\n".join(parts)
