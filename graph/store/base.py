"""The store interface that every backend implements, and the shared lookup logic."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from graph.errors import NotFound
from graph.keys import canonical_url, normalize_name, telegram_channel
from graph.models import Counts, Edge, Node, Subgraph
from graph.provenance import Capture
from graph.schema import EdgeKind, NodeKind, OutletKind, ReviewStatus

__all__ = [
    "SUGGESTION_KINDS",
    "DocumentRecord",
    "EdgeRef",
    "EvidenceRef",
    "NodeFilter",
    "Store",
    "lookup_names",
]

# Kinds offered as "did you mean" suggestions, in the order they are preferred.
SUGGESTION_KINDS = (NodeKind.OUTLET, NodeKind.ORGANIZATION, NodeKind.PERSON, NodeKind.AUTHOR)
_SUGGEST_CUTOFF = 75.0


@dataclass(frozen=True)
class NodeFilter:
    """Which nodes :meth:`Store.page_nodes` keeps: those with every field given here
    (``None``: any value)."""

    outlet: str | None = None
    stub: bool | None = None
    outlet_kind: OutletKind | None = None

    def given(self) -> dict[str, str | bool]:
        """The fields given, by name, as the stored JSON writes their values."""
        kind = self.outlet_kind.value if self.outlet_kind else None
        values = {"outlet": self.outlet, "stub": self.stub, "outlet_kind": kind}
        return {name: value for name, value in values.items() if value is not None}


class DocumentRecord(BaseModel):
    """One input document's ingest outcome; what makes a killed ingest resumable."""

    id: str
    uri: str
    status: str  # "ok" or "error"
    detail: str | None = None
    nodes: int = 0
    edges: int = 0
    #: None for documents recorded before captures were (shown as "unknown").
    capture: Capture | None = None


class EvidenceRef(NamedTuple):
    """What traversal needs of one piece of evidence."""

    method: str
    confidence: float
    # Text reuse that cannot tell which text came first (Evidence.undirected).
    undirected: bool = False


@dataclass(frozen=True, slots=True)
class EdgeRef:
    """An edge as traversal sees it: endpoints, review and (method, confidence) of each
    piece of evidence, without the text. Traversal touches many more edges than a
    query returns, so stores answer these without decoding whole edges where they
    can; ``edge`` is the full edge when the store had it anyway."""

    id: str
    type: EdgeKind
    source: str
    target: str
    review: ReviewStatus
    evidence: tuple[EvidenceRef, ...]
    edge: Edge | None = None

    @classmethod
    def of(cls, edge: Edge) -> EdgeRef:
        return cls(
            id=edge.id,
            type=edge.type,
            source=edge.source,
            target=edge.target,
            review=edge.review,
            evidence=tuple(
                EvidenceRef(e.method, e.confidence, e.undirected) for e in edge.evidence
            ),
            edge=edge,
        )


def lookup_names(node: Node) -> set[str]:
    """Return the normalised names under which ``node`` can be found."""
    names = {node.name, *node.aliases}
    if node.title:
        names.add(node.title)
    return {n for n in (normalize_name(x) for x in names) if n}


# What an upsert records as ingested with its batch.
Records = Sequence[DocumentRecord]


class Store(ABC):
    """A graph store. Writes are idempotent upserts keyed by canonical keys.

    Implementations must give identical answers for identical writes; the
    conformance suite in ``tests/graph/store`` runs every test on each backend.
    """

    uri: str

    # -- writes ---------------------------------------------------------------
    @abstractmethod
    def upsert(
        self, nodes: Sequence[Node], edges: Sequence[Edge], *, documents: Records = ()
    ) -> None:
        """Merge nodes and edges, and record ``documents`` as ingested, in one
        transaction (all or nothing): a document counts as done only with its edges."""

    def upsert_subgraph(self, subgraph: Subgraph) -> None:
        self.upsert(subgraph.nodes, subgraph.edges)

    def merge_into(self, stub_key: str, real_key: str) -> None:
        """Fold node ``stub_key`` into ``real_key``: its edges move over, then it is deleted."""
        self.merge_stubs([(stub_key, real_key)])

    @abstractmethod
    def merge_stubs(self, merges: Sequence[tuple[str, str]]) -> None:
        """Fold each ``(stub, into)`` in turn, in one transaction (all or nothing)."""

    @abstractmethod
    def set_review(self, edge_id: str, status: ReviewStatus) -> Edge:
        """Record a reviewer's verdict on an edge and return the updated edge."""

    def record_document(self, record: DocumentRecord) -> None:
        self.record_documents([record])

    def record_documents(self, records: Sequence[DocumentRecord]) -> None:
        """Record that these documents were ingested, in one transaction."""
        self.upsert([], [], documents=records)

    # -- reads ----------------------------------------------------------------
    @abstractmethod
    def get_nodes(self, keys: Iterable[str]) -> dict[str, Node]: ...

    @abstractmethod
    def get_edge(self, edge_id: str) -> Edge | None: ...

    @abstractmethod
    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Yield nodes ordered by key."""

    @abstractmethod
    def iter_edges(self, types: Iterable[EdgeKind] | None = None) -> Iterator[Edge]:
        """Yield edges ordered by id."""

    @abstractmethod
    def page_nodes(
        self, kind: NodeKind, where: NodeFilter, *, limit: int, offset: int = 0
    ) -> tuple[list[Node], int]:
        """Return one page (by key) of the nodes of ``kind`` that pass ``where``, and
        how many pass in all. Only the page's nodes are read whole."""

    @abstractmethod
    def edges_touching(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[Edge]:
        """Return edges of ``types`` whose target (incoming) or source is in ``keys``."""

    @abstractmethod
    def edge_refs(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[EdgeRef]:
        """Like :meth:`edges_touching`, as :class:`EdgeRef` (ordered by id)."""

    @abstractmethod
    def adjacent_keys(
        self, keys: Iterable[str], *, types: Iterable[EdgeKind], incoming: bool
    ) -> list[str]:
        """Return the sorted keys at the other end of :meth:`edges_touching`'s edges."""

    @abstractmethod
    def get_edges(self, ids: Iterable[str]) -> dict[str, Edge]: ...

    @abstractmethod
    def keys_by_name(self, normalised: str) -> list[str]: ...

    @abstractmethod
    def keys_by_domain(self, domain: str) -> list[str]: ...

    @abstractmethod
    def search_names(self, fragment: str, *, limit: int) -> list[str]:
        """Return keys of nodes one of whose normalised names contains ``fragment``."""

    @abstractmethod
    def complete_names(self, prefix: str, *, limit: int) -> list[tuple[str, str]]:
        """Return ``(name, key)`` pairs whose normalised name starts with ``prefix``,
        ordered by name then key, at most ``limit`` of them."""

    @abstractmethod
    def name_entries(self, kinds: Iterable[NodeKind]) -> list[tuple[str, str]]:
        """Return every ``(normalised name or domain, key)`` of nodes of ``kinds``, sorted."""

    @abstractmethod
    def counts(self) -> Counts: ...

    @abstractmethod
    def document(self, doc_id: str) -> DocumentRecord | None: ...

    @abstractmethod
    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
        """Return the records of those of ``doc_ids`` that are recorded, in one read.

        Ingest asks for every input and every reuse candidate: one round trip each was
        a quarter of a Neo4j ingest's wall time.
        """

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- shared logic ---------------------------------------------------------
    def _merged_edges(self, stub_key: str, real_key: str, edges: list[Edge]) -> list[Edge]:
        """Return the stub's edges re-pointed at the real node (self-loops dropped)."""
        moved = []
        for edge in edges:
            source = real_key if edge.source == stub_key else edge.source
            target = real_key if edge.target == stub_key else edge.target
            if source != target:
                moved.append(edge.model_copy(update={"source": source, "target": target}))
        return moved

    def get_node(self, key: str) -> Node | None:
        return self.get_nodes([key]).get(key)

    def resolve(self, ref: str) -> list[Node]:
        """Return the nodes a user means by ``ref``: a key, URL, domain or name.

        A key or a stored article's URL gives that node alone. Otherwise outlets rank
        first, since "RT" or "rt.com" names the publisher far more often than an
        article. Raises :class:`NotFound` with suggestions when nothing matches.
        """
        ref = ref.strip()
        # A stored key, or the URL of a stored article, names exactly one node: answer
        # in one round trip (an article URL means the article, not its outlet).
        exact: list[str] = []
        if ":" in ref and not ref.startswith(("http://", "https://")):
            exact.append(ref)
        is_host = "." in ref and " " not in ref
        if is_host and "/" in ref.split("://", 1)[-1].strip("/"):
            exact.append(f"article:{canonical_url(ref)}")
        if exact:
            hit = self.get_nodes(exact)
            if hit:
                return [hit[k] for k in exact if k in hit][:1]
        keys: list[str] = []
        if is_host:
            keys.extend(self._keys_by_host(ref))
        keys.extend(self.keys_by_name(normalize_name(ref)))
        found = self.get_nodes(dict.fromkeys(keys))
        order = {NodeKind.OUTLET: 0, NodeKind.ARTICLE: 1}
        nodes = sorted(found.values(), key=lambda n: (order.get(n.kind, 2), n.key))
        if not nodes:
            raise NotFound(f"nothing in the store matches {ref!r}", suggestions=self.suggest(ref))
        return nodes

    def _keys_by_host(self, ref: str) -> list[str]:
        """Nodes of the longest stored domain that ``ref``'s host ends with.

        The stored domains decide ("francais.rt.com" finds rt.com's outlet), so naming
        a site needs no Public Suffix List: loading it (tldextract) was a third of a
        one-question command's time. A Telegram channel's address is its own domain.
        """
        channel = telegram_channel(ref)
        if channel is not None:
            return self.keys_by_domain(channel)
        try:
            host = (urlsplit(ref if "://" in ref else "//" + ref).hostname or "").rstrip(".")
        except ValueError:  # "http://[::1": not an address at all
            return []
        labels = host.removeprefix("www.").split(".")
        for i in range(len(labels) - 1):
            found = self.keys_by_domain(".".join(labels[i:]))
            if found:
                return found
        return []

    def suggest(self, ref: str, *, limit: int = 5) -> list[dict[str, str]]:
        """Return close matches for a name nothing matched: ``[{key, name, kind}]``.

        Outlets and actors (names, aliases and domains) are compared with rapidfuzz's
        WRatio, which forgives typos, missing words and word order; names containing
        ``ref`` count as exact. Article titles are left out: there can be millions.
        """
        wanted = normalize_name(ref)
        if not wanted:
            return []
        scores: dict[str, float] = {k: 100.0 for k in self.search_names(wanted, limit=limit)}
        entries = self.name_entries(SUGGESTION_KINDS)
        names = [name for name, _key in entries]
        for _name, score, index in process.extract(
            wanted, names, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=_SUGGEST_CUTOFF
        ):
            key = entries[index][1]
            scores[key] = max(scores.get(key, 0.0), float(score))
        found = self.get_nodes(scores)
        order = {kind: i for i, kind in enumerate(SUGGESTION_KINDS)}
        best = sorted(
            found.values(), key=lambda n: (-round(scores[n.key], 6), order.get(n.kind, 9), n.key)
        )
        return [{"key": n.key, "name": n.name, "kind": n.kind.value} for n in best[:limit]]
