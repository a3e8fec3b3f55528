"""pydantic models for nodes, edges and the evidence behind every edge."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.dates import utc
from graph.keys import edge_id
from graph.schema import (
    EdgeDirection,
    EdgeKind,
    EvidenceMethod,
    InfrastructureKind,
    InfrastructureTier,
    NodeKind,
    OutletKind,
    ReuseDirection,
    ReviewStatus,
    edge_allowed,
)

__all__ = [
    "AlignedPassage",
    "Counts",
    "Edge",
    "Evidence",
    "InfrastructureDetail",
    "Node",
    "ReuseDetail",
    "Subgraph",
    "merge_edges",
    "merge_nodes",
]

# Scalar fields whose first non-empty value wins, unless a real article replaces a stub.
_LIST_FIELDS = ("domains", "aliases", "languages", "sources", "authors")


class AlignedPassage(BaseModel):
    """A passage of the derived article and the passage of the source it reproduces."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="Passage of the edge's source document (may be cut short)")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    target_text: str = Field(description="The matching passage of the target's document")
    target_start: int = Field(ge=0)
    target_end: int = Field(ge=0)
    similarity: float = Field(ge=0.0, le=1.0)


class ReuseDetail(BaseModel):
    """What text-reuse detection measured for a REPUBLISHES or TRANSLATES edge."""

    model_config = ConfigDict(frozen=True)

    score: float = Field(ge=0.0, le=1.0, description="Similarity of the aligned passages")
    share: float = Field(ge=0.0, le=1.0, description="Share of the target's text reused")
    direction: ReuseDirection
    target_document: str = Field(description="Id of the target's document")
    passages: tuple[AlignedPassage, ...] = ()


class InfrastructureDetail(BaseModel):
    """What a USES or SHARES_INFRASTRUCTURE evidence identifies, and who says so."""

    model_config = ConfigDict(frozen=True)

    kind: InfrastructureKind
    identifier: str = Field(description="Canonical value, e.g. UA-14540629")
    tier: InfrastructureTier
    outlet: str | None = Field(default=None, description="Key of the outlet it was seen for")
    page: str | None = Field(default=None, description="Key of the page it was seen on")
    url: str | None = Field(default=None, description="URL of that page")
    source: str = Field(description="'page', or the published list it was read from")


class Evidence(BaseModel):
    """Why an edge exists: the exact span of text, where it was read, and how."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The exact text span, verbatim from the document")
    start: int = Field(ge=0, description="Character offset of the span in the document text")
    end: int = Field(ge=0, description="Character offset just past the span")
    document: str = Field(description="Id of the source document (content hash)")
    document_uri: str | None = Field(default=None, description="Path or URL the document came from")
    method: EvidenceMethod = Field(description="How the evidence was found")
    pattern: str | None = Field(default=None, description="Id of the rule that matched")
    confidence: float = Field(ge=0.0, le=1.0)
    review: ReviewStatus = ReviewStatus.AUTO
    reuse: ReuseDetail | None = Field(
        default=None, description="Scores and aligned passages, for method text_reuse"
    )
    infrastructure: InfrastructureDetail | None = Field(
        default=None, description="The identifier, its tier and provenance, for infrastructure"
    )

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError("evidence end precedes start")
        return self

    @property
    def undirected(self) -> bool:
        """Whether this evidence links two texts without saying which came first (text
        reuse between undated or same-dated articles)."""
        return self.reuse is not None and self.reuse.direction is ReuseDirection.UNKNOWN

    @property
    def id(self) -> str:
        """Stable identity: the same span read the same way is the same evidence."""
        raw = f"{self.document}|{self.start}|{self.end}|{self.method}|{self.pattern}"
        return hashlib.sha1(raw.encode()).hexdigest()[:16]


class Node(BaseModel):
    """A node of any kind. Fields that do not apply to a kind stay empty."""

    key: str
    kind: NodeKind
    name: str
    # Outlet
    domains: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    languages: list[str] = Field(default_factory=list)
    outlet_kind: OutletKind | None = None
    sources: list[str] = Field(default_factory=list)
    # Article
    url: str | None = None
    title: str | None = None
    language: str | None = None
    published: datetime | None = None
    authors: list[str] = Field(default_factory=list)
    outlet: str | None = Field(default=None, description="Key of the publishing outlet")
    fingerprint: str | None = None
    stub: bool = False

    @field_validator("published")
    @classmethod
    def _published_in_utc(cls, value: datetime | None) -> datetime | None:
        return utc(value) if value is not None else None

    def to_json(self) -> dict[str, Any]:
        """Return the wire shape: empty fields left out, enums as strings."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        data.update(key=self.key, kind=self.kind.value, name=self.name)
        if self.domains:
            data["domain"] = self.domains[0]
        return data

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None


class Edge(BaseModel):
    """A typed, directed relation with the evidence that produced it."""

    type: EdgeKind
    source: str
    target: str
    evidence: list[Evidence] = Field(default_factory=list)
    review: ReviewStatus = ReviewStatus.AUTO

    @field_validator("type", mode="before")
    @classmethod
    def _parse_type(cls, value: Any) -> Any:
        return EdgeKind.parse(value) if isinstance(value, str) else value

    @property
    def id(self) -> str:
        return edge_id(self.source, self.type.value, self.target)

    @property
    def confidence(self) -> float:
        """The strongest evidence's confidence; 0 when a reviewer rejected the edge."""
        if self.review is ReviewStatus.REJECTED:
            return 0.0
        if self.review is ReviewStatus.CONFIRMED:
            return 1.0
        return max((e.confidence for e in self.evidence), default=0.0)

    @property
    def method(self) -> EvidenceMethod | None:
        best = max(self.evidence, key=lambda e: e.confidence, default=None)
        return best.method if best else None

    @property
    def undirected(self) -> bool:
        """Whether nothing says which end came first: all the evidence is text reuse
        between texts without dates (or with the same date). Such an edge's orientation
        is canonical, not a claim of who copied whom; queries follow it only when asked
        (``FlowOptions.undirected_reuse``) and drawings show no arrowhead."""
        return bool(self.evidence) and all(e.undirected for e in self.evidence)

    def to_json(self) -> dict[str, Any]:
        """Return the wire shape shared by ``extract --json``, export and the API.

        ``direction`` is ``unknown`` for an undirected edge, else ``known``.
        """
        best = max(self.evidence, key=lambda e: e.confidence, default=None)
        return {
            "id": self.id,
            "type": self.type.wire,
            "source": self.source,
            "target": self.target,
            "evidence": best.text if best else None,
            "start": best.start if best else None,
            "end": best.end if best else None,
            "confidence": round(self.confidence, 4),
            "method": self.method.value if self.method else None,
            "review": self.review.value,
            "direction": (EdgeDirection.UNKNOWN if self.undirected else EdgeDirection.KNOWN).value,
            "evidences": [e.model_dump(mode="json") for e in self.evidence],
        }


class Subgraph(BaseModel):
    """Nodes and edges extracted from one document, ready to upsert."""

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)

    def validate_kinds(self) -> list[str]:
        """Return schema violations (edge kinds between the wrong node kinds)."""
        kinds = {n.key: n.kind for n in self.nodes}
        problems = []
        for e in self.edges:
            s, t = kinds.get(e.source), kinds.get(e.target)
            if s is None or t is None:
                problems.append(f"{e.type.wire} {e.source} -> {e.target}: endpoint not in subgraph")
            elif not edge_allowed(e.type, s, t):
                problems.append(f"{e.type.wire} not allowed from {s} to {t}")
        return problems


class Counts(BaseModel):
    nodes: dict[str, int]
    edges: dict[str, int]

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_edges(self) -> int:
        return sum(self.edges.values())


def merge_nodes(old: Node, new: Node) -> Node:
    """Return ``old`` updated with ``new``: lists are unioned, a real article beats a stub.

    Both stores call this, so a node's final state does not depend on the backend.
    Scalars keep their first known value, except that a non-stub article's values
    replace a stub's: the citation knew less than the article itself.
    """
    if old.kind != new.kind:
        raise ValueError(f"key {old.key} is a {old.kind}, not a {new.kind}")
    data = old.model_dump()
    incoming = new.model_dump()
    upgrade = old.stub and not new.stub
    for field, value in incoming.items():
        if field in ("key", "kind"):
            continue
        if field in _LIST_FIELDS:
            data[field] = data[field] + [v for v in value if v not in data[field]]
        elif field == "stub":
            data["stub"] = old.stub and new.stub
        elif value not in (None, "") and (
            upgrade or data[field] in (None, "") or _placeholder(old, new, field)
        ):
            data[field] = value
    return Node.model_validate(data)


def _placeholder(old: Node, new: Node, field: str) -> bool:
    """Whether ``old``'s value of ``field`` only stands in until one is known: an outlet
    named after its own domain (known from a link) or of unknown kind yields to a node
    that names it (a channel's export, a page's site name) or knows its kind."""
    if old.kind is not NodeKind.OUTLET:
        return False
    if field == "name":
        return old.name in old.domains and new.name not in new.domains
    if field == "outlet_kind":
        return old.outlet_kind is OutletKind.UNKNOWN and new.outlet_kind is not None
    return False


def merge_edges(old: Edge, new: Edge) -> Edge:
    """Return ``old`` with ``new``'s evidence added; a human review is never overwritten."""
    seen = {e.id for e in old.evidence}
    evidence = old.evidence + [e for e in new.evidence if e.id not in seen]
    review = old.review if old.review is not ReviewStatus.AUTO else new.review
    return old.model_copy(update={"evidence": evidence, "review": review})
