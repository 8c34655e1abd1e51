"""Evaluation against hand annotation: events (the same rules and numbers as the reference scorer
`tools/score_events.py`) and entities (people, their offices and states, and the states each article names)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

from .errors import KgxError

CORE = {"Visit", "Meeting", "EmbassyOpening", "EmbassyClosure", "AmbassadorAppointment", "Expulsion", "ArmsTransfer",
        "Agreement", "RelationsUpgrade", "RelationsDowngrade"}
SYMMETRIC = {"Meeting", "Agreement", "Attack", "RelationsUpgrade", "RelationsDowngrade"}
ISO3 = re.compile(r"^[A-Z]{3}$")
Counts = dict[str, list[int]]


def _states(value: str | list[str] | None) -> frozenset[str]:
    items = value if isinstance(value, list) else [x.strip() for x in (value or "").split(";")]
    return frozenset(x for x in items if ISO3.match(x or ""))


def _actors(event: dict) -> tuple:
    s, t = _states(event["source"]), _states(event["target"])
    return (s | t,) if event["type"] in SYMMETRIC else (s, t)


def date_ok(gold: str | None, pred: str) -> bool:
    """A gold date matches at its own precision; a gold interval accepts a date or interval inside it."""
    if not gold:
        return True
    if not pred:
        return False
    if "/" in gold:
        g_start, _, g_end = gold.partition("/")
        p_start, _, p_end = pred.partition("/")
        inside = g_start <= p_start and (p_end or p_start) + "\uffff" <= g_end + "\uffff"
        return inside or pred[:4] == gold[:4] == g_end[:4]
    return pred.split("/")[0][: len(gold)] == gold


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold_events(path: str | Path) -> list[dict]:
    try:
        return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise KgxError("E050", path=path, reason=str(err)) from None


def _match(gold: list[dict], pred: list[dict], strict: bool) -> tuple[list[tuple[dict, dict]], set[int]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or p["doc"] != g["doc"] or p["type"] != g["type"] or _actors(p) != _actors(g):
                continue
            if strict and not date_ok(g["date"], (p.get("date") or "").strip()):
                continue
            used.add(i)
            pairs.append((g, p))
            break
    return pairs, used


def score_events(gold: list[dict], events_csv: str, types: str = "core") -> dict[str, Counts]:
    """Per-type [tp, fp, fn] for the relaxed and the strict mode, as the reference scorer counts them."""
    gold = [g for g in gold if types == "all" or g["type"] in CORE]
    pred = [r for r in csv.DictReader(io.StringIO(events_csv)) if types == "all" or r["type"] in CORE]
    docs = sorted({g["doc"] for g in gold}, key=len, reverse=True)
    for row in pred:
        base = row["doc"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        row["doc"] = next((d for d in docs if base.startswith(d)), base)
    result = {}
    for mode in ("relaxed", "strict"):
        pairs, used = _match(gold, pred, mode == "strict")
        matched = {id(g) for g, _ in pairs}
        counts: Counts = defaultdict(lambda: [0, 0, 0])
        for g, _ in pairs:
            counts[g["type"]][0] += 1
        for i, p in enumerate(pred):
            if i not in used:
                counts[p["type"]][1] += 1
        for g in gold:
            if id(g) not in matched and not g.get("optional"):
                counts[g["type"]][2] += 1
        result[mode] = counts
    return result


def event_report(result: dict[str, Counts], types: str) -> str:
    """The reference scorer's table, line for line."""
    lines = [f"{'type':24}{'relaxed P/R/F1':>24}{'strict P/R/F1':>24}"]
    for t in sorted(set(result["strict"]) | set(result["relaxed"])):
        cells = ["%.2f/%.2f/%.2f" % _prf(*result[m][t]) for m in ("relaxed", "strict")]
        lines.append(f"{t:24}{cells[0]:>24}{cells[1]:>24}")
    total = {m: [sum(v[k] for v in result[m].values()) for k in range(3)] for m in result}
    rp, rr, rf = _prf(*total["relaxed"])
    sp, sr, sf = _prf(*total["strict"])
    lines.append(f"relaxed micro P={rp:.3f} R={rr:.3f} F1={rf:.3f} "
                 f"(tp={total['relaxed'][0]} fp={total['relaxed'][1]} fn={total['relaxed'][2]})")
    lines.append(f"strict {types} micro F1={sf:.3f} P={sp:.3f} R={sr:.3f}")
    relaxed_tp, strict_tp = total["relaxed"][0], total["strict"][0]
    share = strict_tp / relaxed_tp if relaxed_tp else 0.0
    lines.append(f"dates        {strict_tp} of the {relaxed_tp} events matched without dates also match with dates ({share:.0%})")
    return "\n".join(lines)


def _norm_role(role: str | None) -> str:
    role = (role or "").lower().replace("defence", "defense").replace("the ", "")
    return " ".join(role.split())


def entity_report(gold_path: str | Path, people_csv: str, states_by_doc: dict[str, set[str]]) -> str:
    """People precision/recall per (article, name); office and state right for the people found; states per article F1."""
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
    people_p = len(found) / len(predicted) if predicted else 0.0
    people_r = len(found) / len(expected) if expected else 0.0
    office_ok = sum(
        any(_norm_role(r["office"]) == _norm_role(expected[k]["role"]) and (r["state"] or None) == expected[k]["state"]
            for r in predicted[k])
        for k in found
    )
    tp = fp = fn = 0
    for doc, states in gold["states"].items():
        pred_states = set().union(*[s for d, s in states_by_doc.items() if short(d) == doc])
        tp += len(pred_states & set(states))
        fp += len(pred_states - set(states))
        fn += len(set(states) - pred_states)
    _, _, states_f1 = _prf(tp, fp, fn)
    return "\n".join([
        f"people       P={people_p:.3f} R={people_r:.3f} (found {len(found)} of {len(expected)}, {len(predicted)} predicted)",
        f"offices      right for {office_ok} of {len(found)} people found ({office_ok / len(found) if found else 0:.0%})",
        f"states       per-article micro F1={states_f1:.3f} (tp={tp} fp={fp} fn={fn})",
    ])
