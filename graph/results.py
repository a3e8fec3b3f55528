"""What the queries return: one pydantic model per result, enums typed as enums.

The queries in graph/queries/ return these; the HTTP routes use them as response
models as they are, the CLI prints them (``--json``: ``model_dump`` in JSON mode) and
the views and explorer pages read their attributes. /openapi.json therefore lists
what the code returns, enums included.

Each model names its fields in the order the API has always written them. Node
results allow extra fields: a node carries the :class:`~graph.models.Node` fields of
its kind (an outlet's aliases, an article's fingerprint), and only the non-empty ones,
so fields are set only when they have a value, and serialisers drop the unset ones
(``exclude_unset``).
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from graph.models import Edge, Evidence, Node
from graph.provenance import Capture
from graph.schema import (
    EdgeDirection,
    EdgeKind,
    EvidenceMethod,
    InfrastructureKind,
    InfrastructureTier,
    NodeKind,
    OutletKind,
    ReviewStatus,
)

__all__ = [
    "AmplificationOut",
    "ArticleBridge",
    "ArticleOut",
    "CascadeArticle",
    "CompletionOut",
    "DayCount",
    "DepthCount",
    "DepthLag",
    "DocumentOut",
    "EdgeEnd",
    "EdgeOut",
    "EdgeWire",
    "EdgeWithEnd",
    "ExportCounts",
    "GraphOutlet",
    "HopOut",
    "IdentifierOut",
    "LagOut",
    "NodeOut",
    "OperatorOut",
    "OperatorsOut",
    "OutletBridge",
    "OutletChainOut",
    "OutletCount",
    "OutletEdge",
    "OutletGraphOut",
    "OutletHopOut",
    "OutletProfileOut",
    "OutletReach",
    "OutletRef",
    "Page",
    "PathOut",
    "PathsOut",
    "SharedLinkOut",
    "SharedLinksOut",
    "SightingOut",
    "StoreExport",
    "WireNode",
    "dump",
    "edge_out",
]

T = TypeVar("T")


def _edge_kind(value: Any) -> Any:
    return EdgeKind.parse(value) if isinstance(value, str) else value


# An edge kind written the way JSON output writes it: lower case (``translates``).
EdgeWire = Annotated[
    EdgeKind,
    BeforeValidator(_edge_kind),
    PlainSerializer(lambda kind: kind.wire, return_type=str),
    WithJsonSchema({"type": "string", "enum": [k.wire for k in EdgeKind]}),
]


class _Result(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class _Tabular:
    """Results that read as a table: ``rows()``, a pandas DataFrame (the ``notebook``
    extra), and an HTML table that Jupyter shows when the result is displayed."""

    def rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def heading(self) -> str:
        return ""

    def to_dataframe(self) -> Any:
        """Return ``rows()`` as a pandas DataFrame (pip install 'citegraph[notebook]')."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "to_dataframe needs pandas: pip install 'citegraph[notebook]'"
            ) from None
        return pd.DataFrame(self.rows())

    def _repr_html_(self) -> str:
        rows = self.rows()
        columns = list(dict.fromkeys(k for row in rows for k in row))
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>"
            for row in rows
        )
        return (
            f"<p><b>{html.escape(self.heading())}</b></p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def _cell(value: Any) -> str:
    """A table cell's text, escaped: titles and evidence come from the pages read."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return html.escape(str(value))


class _Open(_Result):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class NodeOut(_Open):
    """A node in its wire shape; empty fields are left out."""

    key: str
    kind: NodeKind
    name: str
    url: str | None = None
    title: str | None = None
    language: str | None = None
    published: datetime | None = None
    stub: bool | None = None
    domain: str | None = None
    outlet: str | None = Field(default=None, description="Publishing outlet's name")
    outlet_key: str | None = None
    outlet_kind: OutletKind | None = None

    def extra(self, name: str) -> Any:
        """A field of the node's kind that only some nodes carry (``country``...)."""
        return (self.model_extra or {}).get(name)


class WireNode(NodeOut):
    """A node written in the order :func:`graph.queries.flow.node_json` gives its
    fields (the kind's own fields, then its outlet's), as the export and
    ``extract --json`` have always written it. The API's :class:`NodeOut` writes the
    fields it declares first; both orders are published formats, so each is kept."""

    _order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        node = handler(data)
        if isinstance(data, dict) and isinstance(node, WireNode):
            node._order = tuple(data)
        return node

    @model_serializer(mode="wrap")
    def _in_given_order(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        first = {k: data[k] for k in self._order if k in data}
        return first | data


class EdgeEnd(_Open):
    """The node at an edge's other end, in its wire shape (the fields its kind has);
    only ``key`` when the store does not hold that node."""

    key: str


class Page(_Result, Generic[T]):
    """A page of a list: ``count`` is the total before paging."""

    data: list[T]
    count: int


class HopOut(_Open):
    """One hop in flow order: content went from ``from`` to ``to``."""

    type: EdgeWire = Field(description="republishes, translates or cites (lower case)")
    from_: str = Field(alias="from", description="Upstream node key")
    to: str = Field(description="Derived node key")
    edge: str = Field(description="Edge id, for GET/PATCH /edges/{id}")
    confidence: float
    review: ReviewStatus
    evidence: list[Evidence]
    lag_hours: float | None = Field(
        default=None, description="Hours from upstream to derived publication, when both dated"
    )
    direction: EdgeDirection = Field(
        default=EdgeDirection.KNOWN,
        description="`unknown`: followed on text reuse between undated texts (only with "
        "undirected_reuse); `from` and `to` are then the path's order, not who copied whom",
    )


class OutletHopOut(_Result):
    """One outlet-level hop, backed by the article hops listed in ``hops``."""

    from_: str = Field(alias="from")
    to: str
    from_name: str
    to_name: str
    types: list[EdgeWire]
    hops: list[int] = Field(description="Indexes into the path's article hops")
    direction: EdgeDirection = Field(
        default=EdgeDirection.KNOWN, description="`unknown` when one of its hops is"
    )


class PathOut(_Result):
    nodes: list[NodeOut] = Field(description="Article (or outlet) nodes, origin first")
    hops: list[HopOut]
    length: int
    confidence: float = Field(description="The weakest hop's confidence")
    strength: float = Field(description="Product of hop confidences weighted by relation")
    outlet_hops: list[OutletHopOut]


class OutletChainOut(_Result):
    keys: list[str]
    outlets: list[str]
    paths: list[int] = Field(description="Indexes of the article paths with this chain")


class PathsOut(_Result, _Tabular):
    """Paths in flow order (origin first), strongest first."""

    origin: NodeOut
    destination: NodeOut
    order: str = Field(description="Always `flow`: origin first")
    paths: list[PathOut]
    outlet_chains: list[OutletChainOut]

    def heading(self) -> str:
        chains = "; ".join(" ⇒ ".join(c.outlets) for c in self.outlet_chains)
        return f"{len(self.paths)} path(s) from {self.origin.name} to {self.destination.name}" + (
            f": {chains}" if chains else ""
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per hop of each path, in flow order."""
        out = []
        for number, path in enumerate(self.paths, start=1):
            nodes = {n.key: n for n in path.nodes}
            for index, hop in enumerate(path.hops, start=1):
                best = max(hop.evidence, key=lambda e: e.confidence, default=None)
                out.append(
                    {
                        "path": number,
                        "hop": index,
                        "type": hop.type.wire,
                        "from_outlet": nodes[hop.from_].outlet,
                        "to_outlet": nodes[hop.to].outlet,
                        "from": hop.from_,
                        "to": hop.to,
                        "confidence": hop.confidence,
                        "review": hop.review.value,
                        "lag_hours": hop.lag_hours,
                        "method": best.method.value if best else None,
                        "evidence": best.text if best else None,
                    }
                )
        return out


class DepthCount(_Result):
    depth: int
    articles: int


class DepthLag(_Result):
    depth: int
    hops_dated: int
    min: float
    median: float


class LagOut(_Result):
    hops_dated: int
    min: float | None
    median: float | None
    per_depth: list[DepthLag]


class OutletReach(_Result):
    key: str
    name: str
    kind: OutletKind
    articles: int
    first_depth: int
    languages: list[str]


class ArticleBridge(NodeOut):
    through: int = Field(description="Cascade articles reached only through this one")
    share: float


class OutletBridge(_Result):
    key: str
    name: str
    kind: OutletKind
    through: int = Field(description="Cascade articles reached only through this outlet")
    share: float


class DayCount(_Result):
    date: str
    articles: int


class CascadeArticle(NodeOut):
    depth: int


class AmplificationOut(_Result, _Tabular):
    """The downstream cascade of a source."""

    def heading(self) -> str:
        return (
            f"Cascade of {self.source.name}: {self.size} articles, depth {self.depth}, "
            f"{len(self.outlets)} outlets"
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per listed article of the cascade, by depth."""
        return [
            {
                "depth": a.depth,
                "outlet": a.outlet,
                "title": a.title or a.name,
                "published": a.published,
                "language": a.language,
                "key": a.key,
            }
            for a in self.articles
        ]

    source: NodeOut
    order: str
    size: int
    depth: int
    breadth: int = Field(description="The most articles at one depth")
    per_depth: list[DepthCount]
    outlets: list[OutletReach]
    languages: dict[str, int]
    lag_hours: LagOut
    top_amplifiers: list[OutletReach]
    bridges: list[ArticleBridge]
    bridge_outlets: list[OutletBridge]
    timeline: list[DayCount]
    articles_total: int
    articles: list[CascadeArticle] = Field(description="The first `limit` articles by depth")
    edges: list[HopOut]
    start_nodes: list[CascadeArticle] | None = Field(
        default=None,
        description="The source's own articles the cascade starts from (depth 0), when "
        "asked for (a drawing needs them; the statistics do not)",
    )


class GraphOutlet(NodeOut):
    in_degree: int
    out_degree: int
    pagerank: float
    source_rank: float
    betweenness: float


class OutletEdge(_Result):
    from_: str = Field(alias="from")
    to: str
    count: int
    types: dict[str, int] = Field(description="Article hops per relation type (lower case)")


class OutletGraphOut(_Result, _Tabular):
    order: str
    outlets: list[GraphOutlet]
    edges: list[OutletEdge]

    def heading(self) -> str:
        return f"Outlet graph: {len(self.outlets)} outlets, {len(self.edges)} flow edges"

    def rows(self) -> list[dict[str, Any]]:
        """One row per outlet with its degrees and centralities."""
        return [
            {
                "outlet": o.name,
                "kind": o.outlet_kind.value if o.outlet_kind else None,
                "in_degree": o.in_degree,
                "out_degree": o.out_degree,
                "pagerank": o.pagerank,
                "source_rank": o.source_rank,
                "betweenness": o.betweenness,
                "key": o.key,
            }
            for o in self.outlets
        ]


class EdgeOut(_Open):
    """An edge with its best evidence inline and every piece of evidence in ``evidences``."""

    id: str
    type: EdgeWire
    source: str
    target: str
    evidence: str | None
    start: int | None
    end: int | None
    confidence: float
    method: EvidenceMethod | None
    review: ReviewStatus
    direction: EdgeDirection = Field(
        default=EdgeDirection.KNOWN,
        description="`unknown` when all the evidence is text reuse between texts that "
        "cannot be ordered: the edge's orientation is then no claim of who copied whom",
    )
    evidences: list[Evidence]


class EdgeWithEnd(EdgeOut):
    node: EdgeEnd = Field(description="The node at the other end")


class DocumentOut(_Result):
    """A document evidence was read in, and how it was captured."""

    id: str
    uri: str
    capture: Capture | None = Field(
        description="None (shown as unknown) for documents ingested before captures were kept"
    )


class ArticleOut(NodeOut):
    edges_out: list[EdgeWithEnd]
    edges_in: list[EdgeWithEnd]
    documents: list[DocumentOut] = Field(
        default_factory=list,
        description="The documents the edges' evidence was read in, by id",
    )


class OutletCount(_Result):
    key: str
    name: str
    edges: int


class OutletProfileOut(NodeOut):
    article_count: int
    stub_articles: int
    article_languages: dict[str, int]
    upstream_outlets: list[OutletCount] = Field(description="Outlets it takes content from")
    downstream_outlets: list[OutletCount] = Field(description="Outlets that take its content")
    articles: list[NodeOut]


class ExportCounts(_Result):
    nodes: dict[str, int] = Field(description="Nodes per kind")
    edges: dict[str, int] = Field(description="Edges per relation type (lower case)")


class StoreExport(_Result):
    """The whole store: every node, every edge and the counts."""

    nodes: list[WireNode]
    edges: list[EdgeOut]
    counts: ExportCounts


class CompletionOut(_Result):
    key: str
    kind: NodeKind
    name: str
    match: str = Field(description="The normalised name or alias that matched")


class OutletRef(_Result):
    key: str
    name: str
    outlet_kind: OutletKind | None = None
    domain: str | None = None

    @classmethod
    def of(cls, node: Node) -> OutletRef:
        return cls(key=node.key, name=node.name, outlet_kind=node.outlet_kind, domain=node.domain)


class SightingOut(_Result):
    """Where an identifier was seen: a page of an outlet, or a row of a published list."""

    outlet: str = Field(description="Key of the outlet it was seen for")
    page: str | None = Field(default=None, description="Key of the page (article)")
    url: str | None = None
    document: str
    document_uri: str | None = None
    text: str = Field(description="The tag or row, verbatim")
    start: int
    end: int
    method: str = Field(description="markup (read from a page) or declared (a list)")
    source: str = Field(description="'page', or the list it was read from")


class IdentifierOut(_Result):
    key: str
    kind: InfrastructureKind
    label: str
    identifier: str
    tier: InfrastructureTier
    seen: list[SightingOut] = Field(default_factory=list)


class OperatorOut(_Result):
    """An outlet sharing infrastructure with the one asked about."""

    outlet: OutletRef
    tier: InfrastructureTier
    edge: str
    review: ReviewStatus
    identifiers: list[IdentifierOut]


# The result of ``operators`` (no docstring: /openapi.json has always listed it bare).
class OperatorsOut(_Result):
    outlet: OutletRef
    identifiers: list[IdentifierOut] = Field(
        description="The outlet's own identifiers, shared or not, with its sightings"
    )
    operators: list[OperatorOut] = Field(
        description="Outlets sharing an identifier, strongest tier first"
    )


class SharedLinkOut(_Result):
    """A SHARES_INFRASTRUCTURE edge in the outlet graph's edge shape, for the views."""

    from_: str = Field(alias="from")
    to: str
    edge: str
    type: EdgeWire
    count: int = Field(description="How many identifiers the pair shares")
    types: dict[str, int]
    tier: InfrastructureTier
    confidence: float
    identifiers: list[str] = Field(description="`label: identifier`, strongest tier first")
    evidence: list[Evidence] = Field(description="The first sighting of each identifier")


class SharedLinksOut(_Result):
    """Shared-infrastructure links and the outlets at their ends (``shared_links``)."""

    outlets: list[WireNode]
    edges: list[SharedLinkOut]


def edge_out(edge: Edge) -> EdgeOut:
    """The wire shape of a stored edge, as a result."""
    return EdgeOut.model_validate(edge.to_json())


def dump(result: BaseModel | list[Any]) -> Any:
    """Return a result as JSON-ready data: the exact document the API answers."""
    if isinstance(result, list):
        return [dump(r) for r in result]
    return result.model_dump(mode="json", by_alias=True, exclude_unset=True)
