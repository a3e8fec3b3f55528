"""Response models of the HTTP API: what /docs and /openapi.json describe.

The query functions return plain dicts (the same ones the CLI prints and notebooks
get); these models document and validate those shapes at the HTTP boundary. Node
models allow extra fields, so a field added to :class:`graph.models.Node` reaches
clients without a change here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.models import Evidence

__all__ = [
    "AmplificationOut",
    "ArticleOut",
    "CompletionOut",
    "EdgeOut",
    "ErrorOut",
    "HealthOut",
    "IngestReportOut",
    "JobOut",
    "NodeOut",
    "OutletGraphOut",
    "OutletProfileOut",
    "Page",
    "PathsOut",
]

T = TypeVar("T")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="bad_input, not_found, unauthorized, forbidden, ...")
    message: str
    details: dict[str, Any] = Field(
        description="Structured context, e.g. `suggestions` for an unknown name, "
        "`problems` for invalid parameters"
    )


class ErrorOut(BaseModel):
    """The one error shape, for every status."""

    error: ErrorDetail


class NodeOut(_Open):
    """A node in its wire shape; empty fields are left out."""

    key: str
    kind: str = Field(description="Outlet, Article, Person, Organization or Author")
    name: str
    url: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None
    stub: bool | None = None
    domain: str | None = None
    outlet: str | None = Field(default=None, description="Publishing outlet's name")
    outlet_key: str | None = None
    outlet_kind: str | None = None


class Page(BaseModel, Generic[T]):
    """A page of a list: ``count`` is the total before paging."""

    data: list[T]
    count: int


class HealthOut(BaseModel):
    status: str
    store: str
    nodes: int
    edges: int


class HopOut(_Open):
    """One hop in flow order: content went from ``from`` to ``to``."""

    type: str = Field(description="republishes, translates or cites (lower case)")
    from_: str = Field(alias="from", description="Upstream node key")
    to: str = Field(description="Derived node key")
    edge: str = Field(description="Edge id, for GET/PATCH /edges/{id}")
    confidence: float
    review: str
    evidence: list[Evidence]
    lag_hours: float | None = Field(
        default=None, description="Hours from upstream to derived publication, when both dated"
    )


class OutletHopOut(BaseModel):
    """One outlet-level hop, backed by the article hops listed in ``hops``."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    from_name: str
    to_name: str
    types: list[str]
    hops: list[int] = Field(description="Indexes into the path's article hops")


class PathOut(BaseModel):
    nodes: list[NodeOut] = Field(description="Article (or outlet) nodes, origin first")
    hops: list[HopOut]
    length: int
    confidence: float = Field(description="The weakest hop's confidence")
    strength: float = Field(description="Product of hop confidences weighted by relation")
    outlet_hops: list[OutletHopOut]


class OutletChainOut(BaseModel):
    keys: list[str]
    outlets: list[str]
    paths: list[int] = Field(description="Indexes of the article paths with this chain")


class PathsOut(BaseModel):
    """Paths in flow order (origin first), strongest first."""

    origin: NodeOut
    destination: NodeOut
    order: str = Field(description="Always `flow`: origin first")
    paths: list[PathOut]
    outlet_chains: list[OutletChainOut]


class DepthCount(BaseModel):
    depth: int
    articles: int


class DepthLag(BaseModel):
    depth: int
    hops_dated: int
    min: float
    median: float


class LagOut(BaseModel):
    hops_dated: int
    min: float | None
    median: float | None
    per_depth: list[DepthLag]


class OutletReach(BaseModel):
    key: str
    name: str
    kind: str
    articles: int
    first_depth: int
    languages: list[str]


class ArticleBridge(NodeOut):
    through: int = Field(description="Cascade articles reached only through this one")
    share: float


class OutletBridge(BaseModel):
    key: str
    name: str
    kind: str
    through: int = Field(description="Cascade articles reached only through this outlet")
    share: float


class DayCount(BaseModel):
    date: str
    articles: int


class CascadeArticle(NodeOut):
    depth: int


class AmplificationOut(BaseModel):
    """The downstream cascade of a source."""

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


class GraphOutlet(NodeOut):
    in_degree: int
    out_degree: int
    pagerank: float
    source_rank: float
    betweenness: float


class OutletEdge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    count: int
    types: dict[str, int]


class OutletGraphOut(BaseModel):
    order: str
    outlets: list[GraphOutlet]
    edges: list[OutletEdge]


class EdgeOut(_Open):
    """An edge with its best evidence inline and every piece of evidence in ``evidences``."""

    id: str
    type: str
    source: str
    target: str
    evidence: str | None
    start: int | None
    end: int | None
    confidence: float
    method: str | None
    review: str
    evidences: list[Evidence]


class EdgeWithEnd(EdgeOut):
    node: dict[str, Any] = Field(description="The node at the other end")


class ArticleOut(NodeOut):
    edges_out: list[EdgeWithEnd]
    edges_in: list[EdgeWithEnd]


class OutletCount(BaseModel):
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


class CompletionOut(BaseModel):
    key: str
    kind: str
    name: str
    match: str = Field(description="The normalised name or alias that matched")


class ItemOut(BaseModel):
    """One input's line in an ingest report."""

    input: str
    status: Literal["ok", "skipped", "error"]
    document: str | None = None
    article: str | None = None
    nodes: int | None = None
    edges: int | None = None
    error: dict[str, Any] | None = Field(default=None, description="`code` and `message`")
    reason: dict[str, Any] | None = Field(default=None, description="Why it was skipped")
    warnings: list[str] | None = None


class ReportSummary(BaseModel):
    ok: int
    skipped: int
    errors: int
    documents: int
    by_code: dict[str, dict[str, int]] = Field(
        description="`skipped`, `errors` and `warnings`, each counted by code"
    )


class IngestReportOut(BaseModel):
    summary: ReportSummary
    items: list[ItemOut]
    merged_stubs: list[dict[str, Any]]


class JobProgress(BaseModel):
    documents: int
    ok: int
    skipped: int
    errors: int


class JobOut(BaseModel):
    """An ingest job: queued, running, done (with its report) or failed (with an error)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    urls: int = Field(description="URLs submitted")
    created: datetime
    started: datetime | None
    finished: datetime | None
    progress: JobProgress
    report: IngestReportOut | None = Field(description="The ingest report, once done")
    error: ErrorDetail | None = Field(description="Why the job failed, if it did")
