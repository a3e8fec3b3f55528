"""Whole-store export: JSON (the wire shape), GraphML, GEXF and CSV.

Every edge says its ``direction``: ``unknown`` for text reuse between texts that cannot
be ordered (the orientation is then canonical, no claim of who copied whom). GEXF marks
such an edge ``type="undirected"``; GraphML (which networkx writes directed or not as a
whole) and CSV carry it as the ``direction`` attribute / column.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from graph.models import Node
from graph.queries.flow import wire_node
from graph.results import ExportCounts, StoreExport, WireNode, dump, edge_out
from graph.schema import EdgeDirection, ExportFormat, NodeKind
from graph.store.base import Store

__all__ = ["export", "export_json"]


def export_json(store: Store) -> StoreExport:
    """Return every node, every edge and the counts of the whole store."""
    nodes = list(store.iter_nodes())
    outlets: dict[str, Node] = {n.key: n for n in nodes if n.kind is NodeKind.OUTLET}
    counts = store.counts()
    return StoreExport(
        nodes=[wire_node(n, outlets, WireNode) for n in nodes],
        edges=[edge_out(e) for e in store.iter_edges()],
        counts=ExportCounts(
            nodes=counts.nodes, edges={k.lower(): v for k, v in counts.edges.items()}
        ),
    )


def _flat(value: Any) -> str | int | float | bool:
    # GraphML and GEXF hold scalars only; lists and nested evidence become JSON text.
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _networkx(data: dict[str, Any], *, gexf: bool = False) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node in data["nodes"]:
        graph.add_node(node["key"], **{k: _flat(v) for k, v in node.items() if v is not None})
    for edge in data["edges"]:
        attrs = {
            k: _flat(v) for k, v in edge.items() if v is not None and k not in ("source", "target")
        }
        if gexf:
            # networkx writes an edge's "type" as GEXF's own edge type, which must be
            # directed or undirected: the relation goes in "relation", and an edge whose
            # direction is unknown is an undirected GEXF edge.
            attrs["relation"] = attrs.pop("type")
            unknown = edge["direction"] == EdgeDirection.UNKNOWN
            attrs["type"] = "undirected" if unknown else "directed"
        graph.add_edge(edge["source"], edge["target"], key=edge["id"], **attrs)
    return graph


def export(store: Store, fmt: ExportFormat) -> str:
    """Return the store serialised as ``fmt``."""
    # The serialisers below work on the JSON document: GraphML and GEXF flatten it.
    data = dump(export_json(store))
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(
            [
                "id",
                "type",
                "source",
                "target",
                "confidence",
                "method",
                "review",
                "direction",
                "evidence",
            ]
        )
        for e in data["edges"]:
            writer.writerow(
                [
                    e["id"],
                    e["type"],
                    e["source"],
                    e["target"],
                    e["confidence"],
                    e["method"],
                    e["review"],
                    e["direction"],
                    e["evidence"],
                ]
            )
        return buf.getvalue()
    graph = _networkx(data, gexf=fmt == "gexf")
    writer_fn = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
    return "\n".join(writer_fn(graph))
