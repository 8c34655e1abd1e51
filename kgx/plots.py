"""Pictures of a knowledge graph for notebooks and the README: the event timeline and the actor network.
Needs matplotlib (the `notebook` extra)."""

from __future__ import annotations

import networkx as nx

STATUS_COLOURS = {"occurred": "#1b7837", "planned": "#2166ac", "alleged": "#e08214", "denied": "#b2182b"}
TYPE_MARKERS = ["o", "s", "^", "v", "D", "P", "X", "*", "<", ">", "h", "p", "d", "8"]


def _date_value(text: str):
    """A plottable point for an ISO date of any precision: the start of the year, month or interval."""
    import datetime as dt

    start = text.split("/")[0]
    parts = [int(p) for p in start.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def timeline(kg, ax=None, since: str | None = None, title: str = "Events between states over time"):
    """One row per pair of states, one marker per event (its type), coloured by status; undated events (and
    those before `since`, an ISO date) are left out and counted in the title."""
    import matplotlib.pyplot as plt

    events = kg.query("""
        PREFIX kgx: <https://kgx.dev/ns#>
        SELECT ?event ?type ?status ?a ?b ?date WHERE {
          ?event a kgx:Event ; kgx:eventType ?type ; kgx:status ?status ; kgx:source ?s ; kgx:target ?t .
          ?s kgx:iso3 ?a . ?t kgx:iso3 ?b .
          OPTIONAL { ?event kgx:date ?day } OPTIONAL { ?event kgx:dateStart ?start }
          BIND(COALESCE(STR(?day), STR(?start), "") AS ?date)
        }""")
    events["pair"] = [" – ".join(sorted((a, b))) for a, b in zip(events["a"], events["b"])]
    undated = int((events["date"] == "").sum())
    events = events[events["date"] != ""].drop_duplicates(["event", "pair"])
    earlier = int((events["date"] < since).sum()) if since else 0
    events = events[events["date"] >= since] if since else events
    events["when"] = events["date"].map(_date_value)
    pairs = sorted(events["pair"].unique())
    types = sorted(events["type"].unique())
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.55 * len(pairs) + 2))
    for i, kind in enumerate(types):
        for status, colour in STATUS_COLOURS.items():
            rows = events[(events["type"] == kind) & (events["status"] == status)]
            if len(rows):
                ax.scatter(rows["when"], rows["pair"].map(pairs.index), marker=TYPE_MARKERS[i % len(TYPE_MARKERS)],
                           color=colour, s=70, alpha=0.85, edgecolors="black", linewidths=0.4)
    ax.set_yticks(range(len(pairs)), pairs)
    left_out = f"{undated} undated" + (f", {earlier} before {since}" if since else "")
    ax.set_title(f"{title} ({left_out} not shown)")
    type_handles = [plt.Line2D([], [], marker=TYPE_MARKERS[i % len(TYPE_MARKERS)], linestyle="", color="grey", label=k)
                    for i, k in enumerate(types)]
    status_handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=s) for s, c in STATUS_COLOURS.items()]
    ax.legend(handles=type_handles + status_handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return ax


def network(kg, ax=None, min_weight: int = 1, title: str = "Actor network"):
    """States, people and organisations; edge width by the number of events between them."""
    import matplotlib.pyplot as plt

    graph = kg.to_networkx()
    graph = graph.edge_subgraph([e for e, w in nx.get_edge_attributes(graph, "weight").items() if w >= min_weight]).copy()
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    colours = {"State": "#4393c3", "Person": "#f4a582", "Organization": "#92c5de"}
    pairs = nx.Graph()  # both directions of a relation in one line, its width the events either way
    pairs.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        if pairs.has_edge(u, v) and data["relation"] == "events":
            pairs[u][v]["weight"] += data["weight"]
        elif not pairs.has_edge(u, v):
            pairs.add_edge(u, v, relation=data["relation"], weight=data["weight"])
    positions = nx.spring_layout(pairs, seed=7, k=0.8, weight=None)  # people next to the state they serve
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=[900 if graph.nodes[n]["kind"] == "State" else 300 for n in graph],
                           node_color=[colours.get(graph.nodes[n]["kind"], "#cccccc") for n in graph])
    widths = [1 + 1.5 * d["weight"] if d["relation"] == "events" else 0.5 for _, _, d in pairs.edges(data=True)]
    styles = ["solid" if d["relation"] == "events" else "dotted" for _, _, d in pairs.edges(data=True)]
    nx.draw_networkx_edges(pairs, positions, ax=ax, width=widths, style=styles, alpha=0.5)
    nx.draw_networkx_labels(graph, positions, ax=ax, font_size=8,
                            labels={n: graph.nodes[n].get("iso3") or graph.nodes[n]["label"] for n in graph})
    ax.set_title(f"{title}: edge width = events; dotted = office held")
    ax.axis("off")
    return ax
