"""The graph vocabulary: node kinds, edge kinds, their directions and colours.

This module is the single source of truth. Neo4j labels, relationship types and
constraints, the API enums, the view legend and the docs all read from here, so a
new kind is added in one place.

Edges point from the derived item to its source, as citations do. Content therefore
flows *against* the edge direction: for ``A -TRANSLATES-> B`` the story travelled from
B to A. Queries return paths in flow order (origin first).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "EDGE_SPECS",
    "FLOW_EDGES",
    "NODE_SPECS",
    "OUTLET_KIND_COLOURS",
    "CaptureTime",
    "CaptureVia",
    "EdgeKind",
    "EdgeSpec",
    "EvidenceMethod",
    "NodeKind",
    "NodeSpec",
    "OutletKind",
    "Relation",
    "ReuseDirection",
    "ReviewStatus",
    "edge_allowed",
]


_E = TypeVar("_E", bound=StrEnum)


class NodeKind(StrEnum):
    OUTLET = "Outlet"
    ARTICLE = "Article"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    AUTHOR = "Author"


class EdgeKind(StrEnum):
    REPUBLISHES = "REPUBLISHES"
    TRANSLATES = "TRANSLATES"
    CITES = "CITES"
    QUOTES = "QUOTES"
    MENTIONS = "MENTIONS"
    PUBLISHED_BY = "PUBLISHED_BY"
    WRITTEN_BY = "WRITTEN_BY"

    @property
    def wire(self) -> str:
        """The lower-case name used in JSON output (``translates``)."""
        return self.value.lower()

    @classmethod
    def parse(cls, name: str) -> EdgeKind:
        """Accept ``translates``, ``TRANSLATES`` or ``Translates``."""
        return _parse(cls, name.strip().upper(), "relation type", [k.wire for k in cls])


class Relation(StrEnum):
    """The edge kinds as the API and JSON name them (``EdgeKind.wire``): what a ``type``
    parameter accepts. tests/graph/test_models.py checks that it lists every EdgeKind."""

    REPUBLISHES = "republishes"
    TRANSLATES = "translates"
    CITES = "cites"
    QUOTES = "quotes"
    MENTIONS = "mentions"
    PUBLISHED_BY = "published_by"
    WRITTEN_BY = "written_by"

    @property
    def kind(self) -> EdgeKind:
        return EdgeKind[self.name]


class EvidenceMethod(StrEnum):
    """How an edge's evidence was found (``Evidence.method``)."""

    # A cue phrase of the language's patterns ("according to", a dateline, a byline).
    PATTERN = "pattern"
    # A link in the text, read with its anchor and sentence.
    HYPERLINK = "hyperlink"
    # The page's structure: source, translator and credit lines, annex markers.
    STRUCTURE = "structure"
    # An outlet's own boilerplate (footer, caption signature) found in the page.
    SIGNATURE = "signature"
    # The page's metadata (site name, author field) rather than its text.
    METADATA = "metadata"
    # Unattributed copies and translations found by comparing texts.
    TEXT_REUSE = "text_reuse"
    # Entered by a person.
    MANUAL = "manual"

    @classmethod
    def parse(cls, name: str) -> EvidenceMethod:
        """Accept ``text_reuse`` or ``TEXT_REUSE``; refuse a name the schema lacks."""
        return _parse(cls, name.strip().lower(), "evidence method", [m.value for m in cls])


def _parse(enum: type[_E], value: str, what: str, names: list[str]) -> _E:
    """``enum(value)``, or a ValueError that names what was expected."""
    try:
        return enum(value)
    except ValueError:
        raise ValueError(
            f"unknown {what} {value.lower()!r}; expected one of: {', '.join(names)}"
        ) from None


class ReuseDirection(StrEnum):
    """Whether a text-reuse edge's direction comes from publication dates."""

    # source published after target: the edge points from the copy to the original
    DATED = "later_to_earlier"
    # a date is missing or equal: the orientation is canonical, not a claim of who copied
    UNKNOWN = "unknown"


class CaptureVia(StrEnum):
    """How a document came in (``Capture.via``)."""

    FILE = "file"  # a local file (possibly named by a manifest row)
    URL = "url"  # fetched over HTTP(S)
    WARC = "warc"  # a record of a WARC archive
    FEED = "feed"  # an RSS/Atom entry: its own content, or its link fetched


class CaptureTime(StrEnum):
    """What ``Capture.captured_at`` measures; each input knows a different moment."""

    FETCHED = "fetched"  # when the body was received
    WARC_DATE = "warc_date"  # the record's WARC-Date, when the crawler captured it
    FILE_MTIME = "file_mtime"  # the file's modification time, the best a saved page gives


class OutletKind(StrEnum):
    STATE_MEDIA = "state_media"
    NEWS_AGENCY = "news_agency"
    GOVERNMENT = "government"
    MAINSTREAM = "mainstream"
    ALTERNATIVE = "alternative"
    AGGREGATOR = "aggregator"
    SOCIAL_CHANNEL = "social_channel"
    FACT_CHECKER = "fact_checker"
    NGO = "ngo"
    UNKNOWN = "unknown"


class ReviewStatus(StrEnum):
    AUTO = "auto"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class NodeSpec:
    kind: NodeKind
    key_prefix: str
    colour: str
    shape: str
    description: str


@dataclass(frozen=True)
class EdgeSpec:
    kind: EdgeKind
    sources: frozenset[NodeKind]
    targets: frozenset[NodeKind]
    colour: str
    dashes: bool
    description: str
    # How much of the content a hop of this kind carries, for ranking paths: a
    # translation or a copy carries the story, a citation only attributes a claim.
    flow_weight: float = 1.0


NODE_SPECS: dict[NodeKind, NodeSpec] = {
    spec.kind: spec
    for spec in (
        NodeSpec(
            NodeKind.OUTLET,
            "outlet",
            "#4c78a8",
            "box",
            "A publisher: site, agency, broadcaster, channel",
        ),
        NodeSpec(
            NodeKind.ARTICLE,
            "article",
            "#9ecae9",
            "dot",
            "A published piece, or a stub known from a citation",
        ),
        NodeSpec(NodeKind.PERSON, "person", "#f58518", "diamond", "A quoted or mentioned person"),
        NodeSpec(
            NodeKind.ORGANIZATION,
            "org",
            "#e45756",
            "triangle",
            "A quoted or mentioned organisation",
        ),
        NodeSpec(NodeKind.AUTHOR, "author", "#72b7b2", "ellipse", "A byline"),
    )
}

_ART = frozenset({NodeKind.ARTICLE})

EDGE_SPECS: dict[EdgeKind, EdgeSpec] = {
    spec.kind: spec
    for spec in (
        EdgeSpec(
            EdgeKind.REPUBLISHES,
            _ART,
            _ART,
            "#d62728",
            False,
            "Reproduces the other article, whole or largely",
        ),
        EdgeSpec(
            EdgeKind.TRANSLATES,
            _ART,
            _ART,
            "#9467bd",
            False,
            "Republishes the other article in another language",
        ),
        EdgeSpec(
            EdgeKind.CITES,
            _ART,
            frozenset({NodeKind.ARTICLE, NodeKind.OUTLET}),
            "#ff7f0e",
            True,
            "Attributes a claim to an article or outlet",
            flow_weight=0.8,
        ),
        EdgeSpec(
            EdgeKind.QUOTES,
            _ART,
            frozenset({NodeKind.PERSON, NodeKind.ORGANIZATION}),
            "#2ca02c",
            True,
            "Reports a statement by a person or organisation",
        ),
        EdgeSpec(
            EdgeKind.MENTIONS,
            _ART,
            frozenset({NodeKind.PERSON, NodeKind.ORGANIZATION, NodeKind.OUTLET}),
            "#bbbbbb",
            True,
            "Names an actor without attributing a statement",
        ),
        EdgeSpec(
            EdgeKind.PUBLISHED_BY,
            _ART,
            frozenset({NodeKind.OUTLET}),
            "#7f7f7f",
            False,
            "The outlet that published the article",
        ),
        EdgeSpec(
            EdgeKind.WRITTEN_BY,
            _ART,
            frozenset({NodeKind.AUTHOR}),
            "#17becf",
            False,
            "The article's byline",
        ),
    )
}

# Edges along which a story's content travels between articles or to outlets.
FLOW_EDGES: tuple[EdgeKind, ...] = (EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES, EdgeKind.CITES)

OUTLET_KIND_COLOURS: dict[OutletKind, str] = {
    OutletKind.STATE_MEDIA: "#d62728",
    OutletKind.NEWS_AGENCY: "#ff7f0e",
    OutletKind.GOVERNMENT: "#8c564b",
    OutletKind.MAINSTREAM: "#1f77b4",
    OutletKind.ALTERNATIVE: "#9467bd",
    OutletKind.AGGREGATOR: "#e377c2",
    OutletKind.SOCIAL_CHANNEL: "#bcbd22",
    OutletKind.FACT_CHECKER: "#17becf",
    OutletKind.NGO: "#2ca02c",
    OutletKind.UNKNOWN: "#7f7f7f",
}


def edge_allowed(kind: EdgeKind, source: NodeKind, target: NodeKind) -> bool:
    """Return whether the schema allows ``source -kind-> target``."""
    spec = EDGE_SPECS[kind]
    return source in spec.sources and target in spec.targets
