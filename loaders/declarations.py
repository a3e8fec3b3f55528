"""Relations an input states outright, added to what extraction reads in its text.

A Telegram post says which channel it was forwarded from; a monitor's dataset row names
the source it relays and its other language editions. Nothing here is guessed from
wording: the input declares it, so the edge's evidence has method ``declared``, the
span of the document text that states it (the "Forwarded from" line, the row's source
cell), and a pattern naming the statement (``telegram.forward``, ``declared.source``).

An input reader puts a :class:`Declarations` on the Document it builds; ingest calls
:func:`extract_declared` instead of ``extract`` and gets one subgraph with both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from graph.keys import entity_key, registered_domain
from graph.models import Edge, Node, merge_nodes
from graph.schema import EdgeKind, EvidenceMethod, NodeKind, OutletKind
from loaders.documents import Document
from loaders.extract import Extraction, extract
from loaders.registry import Registry

__all__ = ["Declarations", "DeclaredEdge", "extract_declared", "outlet_for_url", "reusable"]


@dataclass(frozen=True)
class DeclaredEdge:
    """One declared relation: ``source -kind-> target``, stated at ``span`` of the text.

    ``source`` None means the document's own article.
    """

    kind: EdgeKind
    target: str
    span: tuple[int, int]
    pattern: str
    confidence: float
    source: str | None = None


@dataclass
class Declarations:
    """What an input declares about the document besides its text.

    ``publisher`` is the outlet the input names (a channel), which beats the one
    extraction guesses from the URL. ``settle`` runs before extraction, with the
    registry, so a reader can resolve names the registry knows (a channel's handle).
    """

    publisher: Node | None = None
    nodes: list[Node] = field(default_factory=list)
    edges: list[DeclaredEdge] = field(default_factory=list)
    settle: Callable[[Document, Registry], None] | None = None
    # Where the article's own words end: past it the text only states declarations
    # (a dump row's cells), which every edition of a story shares, so text reuse reads
    # no further (None: the whole text is the article's).
    text_end: int | None = None


def outlet_for_url(url: str, registry: Registry) -> Node:
    """Return the outlet of a URL: the registry's, else one keyed by its domain.

    The same key extraction gives a link's outlet, so declared targets and links meet.
    """
    entry = registry.by_domain(url)
    if entry is not None:
        return entry.node()
    domain = registered_domain(url)
    return Node(
        key=entity_key(NodeKind.OUTLET, domain),
        kind=NodeKind.OUTLET,
        name=domain,
        domains=[domain],
        outlet_kind=OutletKind.SOCIAL_CHANNEL if domain.startswith("t.me/") else OutletKind.UNKNOWN,
    )


def extract_declared(doc: Document, registry: Registry) -> Extraction:
    """Return ``extract(doc)`` with the document's declarations added to its subgraph."""
    declared = doc.declared
    if declared is None:
        return extract(doc, registry)
    if declared.settle is not None:
        declared.settle(doc, registry)
    extraction = extract(doc, registry)
    sub = extraction.subgraph
    article = extraction.article
    publisher = declared.publisher
    if publisher is not None:
        _own_publisher(sub.nodes, sub.edges, article, publisher)
    sub.nodes.extend(declared.nodes)
    for d in declared.edges:
        evidence = doc.evidence(
            d.span, method=EvidenceMethod.DECLARED, pattern=d.pattern, confidence=d.confidence
        )
        sub.edges.append(
            Edge(type=d.kind, source=d.source or article, target=d.target, evidence=[evidence])
        )
    return extraction


def _own_publisher(nodes: list[Node], edges: list[Edge], article: str, publisher: Node) -> None:
    """Make ``publisher`` the article's outlet, replacing extraction's guess if it differs.

    Extraction's node for the same key is merged into the declared one, which goes
    first: merge_nodes keeps the first node's name and kind, and a channel's name
    beats its URL's path.
    """
    for i, node in enumerate(nodes):
        if node.key == article and node.outlet != publisher.key:
            guessed = node.outlet
            nodes[i] = node.model_copy(update={"outlet": publisher.key})
            for j, edge in enumerate(edges):
                if (
                    edge.type is EdgeKind.PUBLISHED_BY
                    and edge.source == article
                    and edge.target == guessed
                ):
                    edges[j] = edge.model_copy(update={"target": publisher.key})
            if not any(guessed in (e.source, e.target) for e in edges):
                nodes[:] = [n for n in nodes if n.key != guessed]
    merged = publisher
    for node in [n for n in nodes if n.key == publisher.key]:
        merged = merge_nodes(merged, node)
    nodes[:] = [merged, *(n for n in nodes if n.key != publisher.key)]


def reusable(doc: Document) -> Document:
    """Return ``doc`` as text reuse should read it: its own words, not its declarations.

    The text is cut, never rewritten, so reuse's offsets still point into ``doc.text``.
    """
    end = doc.declared.text_end if doc.declared is not None else None
    return doc if end is None else replace(doc, text=doc.text[:end])
