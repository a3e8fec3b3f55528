"""Accumulates one page's nodes and edges, merging the evidence of repeated edges."""

from __future__ import annotations

import bisect
from datetime import datetime

from graph.keys import article_key, canonical_url, fingerprint
from graph.models import Edge, Evidence, Node, Subgraph
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.documents import Document

__all__ = ["Builder"]


class Builder:
    """The subgraph under construction, and the spans of text already used up.

    Rule families run in a fixed order; each marks the spans it read as consumed so
    that a later family does not read the same words again (a "traduit par X" line is
    a translation credit, not a citation of X).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, EdgeKind, str], list[Evidence]] = {}
        self._pairs: set[tuple[str, str]] = set()
        # Consumed spans, merged and sorted (starts and ends apart, for bisect): a page
        # with a million links must not make every check a scan of every span.
        self._starts: list[int] = []
        self._ends: list[int] = []

    def node(self, node: Node) -> str:
        if node.key not in self.nodes:
            self.nodes[node.key] = node
        return node.key

    def article(
        self,
        title: str,
        text: str,
        *,
        outlet: Node | None,
        url: str | None = None,
        language: str | None = None,
        published: datetime | None = None,
        stub: bool = False,
    ) -> str:
        """Add the article ``title`` of ``outlet`` whose text is ``text``; return its key
        (from its URL when it has one, else from its outlet and title)."""
        owner = outlet.key if outlet else None
        node = Node(
            key=article_key(url=url, outlet=owner, title=title),
            kind=NodeKind.ARTICLE,
            name=title,
            title=title,
            url=canonical_url(url) if url else None,
            language=language,
            published=published,
            outlet=owner,
            fingerprint=fingerprint(text),
            stub=stub,
        )
        return self.node(node)

    def edge(
        self,
        kind: EdgeKind,
        source: str,
        target: str,
        *,
        span: tuple[int, int],
        method: EvidenceMethod,
        pattern: str,
        confidence: float,
    ) -> None:
        if source == target:
            return
        evidence = self.doc.evidence(span, method=method, pattern=pattern, confidence=confidence)
        self._pairs.add((source, target))
        bucket = self.edges.setdefault((source, kind, target), [])
        if all(e.id != evidence.id for e in bucket):
            bucket.append(evidence)

    def has_edge(self, source: str, target: str) -> bool:
        return (source, target) in self._pairs

    def consume(self, start: int, end: int) -> None:
        if end <= start:
            return
        lo = bisect.bisect_left(self._ends, start)
        hi = bisect.bisect_right(self._starts, end)
        if lo < hi:
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def is_consumed(self, start: int, end: int) -> bool:
        """Whether any consumed span overlaps ``[start, end)``.

        >>> b = Builder.__new__(Builder); b._starts, b._ends = [], []
        >>> b.consume(10, 20); b.consume(15, 30); b.consume(40, 41)
        >>> b._starts, b._ends
        ([10, 40], [30, 41])
        >>> b.is_consumed(30, 40), b.is_consumed(29, 31), b.is_consumed(0, 11)
        (False, True, True)
        """
        i = bisect.bisect_right(self._ends, start)
        return i < len(self._starts) and self._starts[i] < end

    def first_consumed(self, start: int, end: int) -> int | None:
        """Where the first consumed span overlapping ``[start, end)`` begins (clipped to
        ``start``), or None.

        >>> b = Builder.__new__(Builder); b._starts, b._ends = [], []
        >>> b.consume(10, 20)
        >>> b.first_consumed(0, 30), b.first_consumed(12, 30), b.first_consumed(20, 30)
        (10, 12, None)
        """
        i = bisect.bisect_right(self._ends, start)
        if i < len(self._starts) and self._starts[i] < end:
            return max(self._starts[i], start)
        return None

    def subgraph(self) -> Subgraph:
        # An actor that is quoted is not also merely mentioned.
        quoted = {(s, t) for (s, k, t) in self.edges if k in (EdgeKind.QUOTES, EdgeKind.CITES)}
        edges = [
            Edge(type=k, source=s, target=t, evidence=ev)
            for (s, k, t), ev in self.edges.items()
            if not (k is EdgeKind.MENTIONS and (s, t) in quoted)
        ]
        edges.sort(key=lambda e: (e.source, e.type.value, e.target))
        return Subgraph(nodes=sorted(self.nodes.values(), key=lambda n: n.key), edges=edges)
