"""Cypher text for the Neo4j store, formatted only from the schema's allowlists.

Labels and relationship types come from :class:`~graph.schema.NodeKind` and
:class:`~graph.schema.EdgeKind` (plus three fixed labels), never from input strings;
every value travels as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.models import Edge
from graph.schema import EdgeKind, NodeKind
from graph.store.base import EvidenceRef

__all__ = [
    "ANY_ENDPOINT",
    "ANY_NODE",
    "DOCUMENT",
    "EDGE_TYPES",
    "ENDPOINT_LABELS",
    "NODE_LABELS",
    "PLACEHOLDER",
    "READ_EDGES",
    "SEP",
    "WRITE_LOCK",
    "edge_props",
    "endpoint_label",
    "evidence_ref",
    "lookup_string",
    "node_label",
    "rel_alternation",
    "rel_type",
    "schema_statements",
]

PLACEHOLDER = "Placeholder"
DOCUMENT = "Document"
WRITE_LOCK = "CitegraphWriteLock"

# Every label and relationship type that may appear in a query text, from the schema.
NODE_LABELS: tuple[str, ...] = tuple(kind.value for kind in NodeKind)
EDGE_TYPES: tuple[str, ...] = tuple(kind.value for kind in EdgeKind)
ANY_NODE = "|".join(NODE_LABELS)
ANY_ENDPOINT = f"{ANY_NODE}|{PLACEHOLDER}"
ENDPOINT_LABELS = frozenset((*NODE_LABELS, PLACEHOLDER))

# Separator of the ``lookup`` string; normalised names and domains never contain it.
SEP = "\x1f"


def node_label(kind: NodeKind | str) -> str:
    """Return the node label for ``kind``, refusing anything outside the schema."""
    return NodeKind(kind).value


def endpoint_label(label: str) -> str:
    if label not in ENDPOINT_LABELS:
        raise ValueError(f"unexpected node label {label!r}")
    return label


def rel_type(kind: EdgeKind | str) -> str:
    """Return the relationship type for ``kind``, refusing anything outside the schema."""
    return EdgeKind(kind).value


def rel_alternation(types: Iterable[EdgeKind | str]) -> str:
    """Return ``A|B|C`` for a relationship pattern, in schema order; '' when empty."""
    wanted = {rel_type(t) for t in types}
    return "|".join(t for t in EDGE_TYPES if t in wanted)


def edge_props(edge: Edge) -> dict[str, Any]:
    """Relationship properties besides ``id``: the edge's JSON, plus its review and
    ``method US confidence US undirected`` per piece of evidence ("u" when it cannot
    tell which end came first, else empty), so traversal reads those without
    transferring and decoding the evidence text."""
    return {
        "data": edge.model_dump_json(),
        "review": edge.review.value,
        "ev": [
            f"{e.method}{SEP}{e.confidence!r}{SEP}{'u' if e.undirected else ''}"
            for e in edge.evidence
        ],
    }


def evidence_ref(item: str) -> EvidenceRef:
    """Decode one ``ev`` item of ``edge_props`` (written before the third part existed:
    two parts, read as directed)."""
    method, conf, *rest = item.split(SEP)
    return EvidenceRef(method, float(conf), rest == ["u"])


def lookup_string(names: Iterable[str], domains: Iterable[str]) -> str:
    parts = [f"n:{n}" for n in names] + [f"d:{d}" for d in domains]
    return f"{SEP}{SEP.join(parts)}{SEP}" if parts else ""


# Reads the stored edges of a batch by id. The text is fixed (all types) so the server
# plans it once: per-type UNION parts with some empty lists get re-planned whenever the
# pattern of empty parameters changes, which costs far more than the extra index seeks.
READ_EDGES = (
    f"UNWIND $ids AS i MATCH ()-[r:{'|'.join(EDGE_TYPES)} {{id: i}}]->() "
    "RETURN r.id AS id, r.data AS data"
)


def schema_statements() -> list[tuple[tuple[str, str, str, str], str]]:
    """Return ``((entity, label, property, kind), CREATE ...)`` for every schema rule."""
    rules: list[tuple[tuple[str, str, str, str], str]] = []
    for label in (*NODE_LABELS, PLACEHOLDER):
        rules.append(
            (
                ("NODE", label, "key", "UNIQUENESS"),
                f"CREATE CONSTRAINT citegraph_{label.lower()}_key IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.key IS UNIQUE",
            )
        )
    for label in (DOCUMENT, WRITE_LOCK):
        rules.append(
            (
                ("NODE", label, "id", "UNIQUENESS"),
                f"CREATE CONSTRAINT citegraph_{label.lower()}_id IF NOT EXISTS "
                f"FOR (d:{label}) REQUIRE d.id IS UNIQUE",
            )
        )
    for rel in EDGE_TYPES:
        rules.append(
            (
                ("RELATIONSHIP", rel, "id", "RELATIONSHIP_UNIQUENESS"),
                f"CREATE CONSTRAINT citegraph_{rel.lower()}_id IF NOT EXISTS "
                f"FOR ()-[r:{rel}]-() REQUIRE r.id IS UNIQUE",
            )
        )
    for label in NODE_LABELS:
        rules.append(
            (
                ("NODE", label, "lookup", "TEXT"),
                f"CREATE TEXT INDEX citegraph_{label.lower()}_lookup IF NOT EXISTS "
                f"FOR (n:{label}) ON (n.lookup)",
            )
        )
    return rules
