"""GEXF for Gephi: the actor network written by networkx as GEXF 1.2draft that validates against the GEXF schema,
with the dates of its events as spells that Gephi's timeline plays.

kgx dates an event at the precision the text gives (`2023-04-12`, `2023-04`, `2023`, or an interval of those such
as `2016/2020` or `1993/..`); GEXF times are days (`timeformat="date"`, `xs:date`). An event therefore becomes the
days its date covers (April 2023 is 1 to 30 April), and an edge's events become its spells, overlapping ones
merged because Gephi refuses overlapping intervals in one element ("Overlapping intervals aren't allowed").
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Iterable

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

GEXF_VERSION = "1.2draft"
Period = tuple[str, str | None]  # ISO dates at any precision; None for an open end ("since 1993")


def covered(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO date at day, month or year precision covers: `2023-04` is 1 to 30 April."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def spells(periods: Iterable[Period]) -> list[Period]:
    """The days `periods` cover as sorted spells of `xs:date`s, spells that share a day merged into one.

    >>> spells([("2023-05-04", "2023-05-04"), ("2023-05", "2023-05"), ("2022", "2022"), ("2024-01-02", None)])
    [('2022-01-01', '2022-12-31'), ('2023-05-01', '2023-05-31'), ('2024-01-02', None)]
    """
    days = sorted((covered(first)[0], covered(last)[1] if last else dt.date.max) for first, last in periods)
    merged: list[list[dt.date]] = []
    for start, end in days:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start.isoformat(), None if end == dt.date.max else end.isoformat()) for start, end in merged]


def gexf_bytes(graph: nx.DiGraph) -> bytes:
    """`graph` as a GEXF document. networkx's writer always gives `<graph>` a `name`, which GEXF does not have, so
    the document is built with its writer and the attribute dropped before it is serialised."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=GEXF_VERSION)
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
