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
from typing import Literal, TypeVar, get_args

__all__ = [
    "EDGE_SPECS",
    "EXPORT_FORMATS",
    "FLOW_EDGES",
    "INFRASTRUCTURE_KINDS",
    "NODE_SPECS",
    "OUTLET_KIND_COLOURS",
    "CaptureTime",
    "CaptureVia",
    "EdgeDirection",
    "EdgeKind",
    "EdgeSpec",
    "EvidenceMethod",
    "ExportFormat",
    "InfrastructureKind",
    "InfrastructureSpec",
    "InfrastructureTier",
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
    INFRASTRUCTURE = "Infrastructure"


class EdgeKind(StrEnum):
    REPUBLISHES = "REPUBLISHES"
    TRANSLATES = "TRANSLATES"
    CITES = "CITES"
    QUOTES = "QUOTES"
    MENTIONS = "MENTIONS"
    PUBLISHED_BY = "PUBLISHED_BY"
    WRITTEN_BY = "WRITTEN_BY"
    USES = "USES"
    SHARES_INFRASTRUCTURE = "SHARES_INFRASTRUCTURE"

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
    USES = "uses"
    SHARES_INFRASTRUCTURE = "shares_infrastructure"

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
    # The input itself states the relation: a Telegram forward, a dataset's source or
    # alternates column, a published indicator list. The pattern names which statement.
    DECLARED = "declared"
    # Read from the page's HTML source (scripts, meta tags), not from its text: the
    # evidence offsets point into the decoded HTML, not into the document text.
    MARKUP = "markup"

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


class EdgeDirection(StrEnum):
    """Whether an edge says which end its content came from (``Edge.undirected``)."""

    # the edge points from the derived item to its source, as every edge is meant to
    KNOWN = "known"
    # text reuse between texts that cannot be ordered: the orientation is canonical, so
    # queries follow it only when asked and drawings show no arrowhead
    UNKNOWN = "unknown"


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


class InfrastructureTier(StrEnum):
    """How strongly a shared identifier says two sites have one operator.

    The tiers are the Information Laundromat's (github.com/ASD-at-GMF/disinfo-laundromat):
    an analytics, ad or verification account, or a wallet, is held by one operator; a
    host, subnet, CDN or certificate is often rented from the same provider by
    strangers; a CMS or a set of CSS classes is shared by every site on the same theme.
    """

    CONCLUSIVE = "conclusive"
    ASSOCIATIVE = "associative"
    WEAK = "weak"

    @property
    def rank(self) -> int:
        """0 for the strongest tier; sort by it."""
        return _TIER_ORDER.index(self)

    @property
    def confidence(self) -> float:
        """The evidence confidence of an identifier of this tier."""
        return _TIER_CONFIDENCE[self]


_TIER_ORDER = (
    InfrastructureTier.CONCLUSIVE,
    InfrastructureTier.ASSOCIATIVE,
    InfrastructureTier.WEAK,
)
_TIER_CONFIDENCE = {
    InfrastructureTier.CONCLUSIVE: 0.95,
    InfrastructureTier.ASSOCIATIVE: 0.6,
    InfrastructureTier.WEAK: 0.3,
}


class InfrastructureKind(StrEnum):
    """What an Infrastructure node identifies (the middle part of its key)."""

    GOOGLE_ANALYTICS = "ga"
    GOOGLE_TAG = "gtag"
    TAG_MANAGER = "gtm"
    ADSENSE = "adsense"
    YANDEX_METRIKA = "metrika"
    FACEBOOK_PIXEL = "fbpixel"
    VERIFICATION = "verification"
    WALLET = "wallet"
    SOCIAL_ACCOUNT = "social"
    IP = "ip"
    SUBNET = "subnet"
    CDN = "cdn"
    CERTIFICATE = "certificate"
    CERTIFICATE_DOMAIN = "certdomain"
    CMS = "cms"
    CSS_CLASSES = "css"
    UUID = "uuid"
    DOMAIN_NAME = "domainname"


@dataclass(frozen=True)
class InfrastructureSpec:
    kind: InfrastructureKind
    tier: InfrastructureTier
    label: str
    # The Laundromat's ``indicator_type`` values read as this kind (indicators.csv).
    laundromat: tuple[str, ...] = ()


_C, _A, _W = InfrastructureTier.CONCLUSIVE, InfrastructureTier.ASSOCIATIVE, InfrastructureTier.WEAK
_IK = InfrastructureKind

INFRASTRUCTURE_KINDS: dict[InfrastructureKind, InfrastructureSpec] = {
    spec.kind: spec
    for spec in (
        InfrastructureSpec(_IK.GOOGLE_ANALYTICS, _C, "Google Analytics account", ("ga_id",)),
        InfrastructureSpec(_IK.GOOGLE_TAG, _C, "Google tag (GA4)", ("ga_tag_id",)),
        InfrastructureSpec(_IK.TAG_MANAGER, _C, "Google Tag Manager container"),
        InfrastructureSpec(_IK.ADSENSE, _C, "AdSense publisher"),
        InfrastructureSpec(_IK.YANDEX_METRIKA, _C, "Yandex Metrika counter", ("yandex_tag_id",)),
        InfrastructureSpec(_IK.FACEBOOK_PIXEL, _C, "Facebook pixel"),
        InfrastructureSpec(_IK.VERIFICATION, _C, "Site-verification tag", ("verification_id",)),
        InfrastructureSpec(_IK.WALLET, _C, "Crypto wallet", ("crypto-wallet",)),
        # The Laundromat ranks a shared social account and a shared IP with the
        # conclusive tier; both are often a partner's account or a shared host.
        InfrastructureSpec(_IK.SOCIAL_ACCOUNT, _A, "Social account in meta tags", ("meta_social",)),
        InfrastructureSpec(_IK.IP, _A, "IP address", ("ip",)),
        InfrastructureSpec(_IK.SUBNET, _A, "Subnet (/24)", ("subnet",)),
        InfrastructureSpec(_IK.CDN, _A, "CDN or third-party host", ("cdn-domain",)),
        InfrastructureSpec(_IK.CERTIFICATE, _A, "TLS certificate", ("certificate",)),
        InfrastructureSpec(
            _IK.CERTIFICATE_DOMAIN, _A, "Domain on the TLS certificate", ("cert-domain",)
        ),
        InfrastructureSpec(_IK.CMS, _W, "CMS (generator)"),
        InfrastructureSpec(_IK.CSS_CLASSES, _W, "CSS class set", ("css-class",)),
        InfrastructureSpec(_IK.UUID, _W, "UUID in the page", ("uuid",)),
        InfrastructureSpec(_IK.DOMAIN_NAME, _W, "Domain name without suffix", ("domain",)),
    )
}


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
    # False: a solid line; True: dashed; a tuple: the dash pattern (line, gap) in pixels.
    dashes: bool | tuple[int, ...]
    description: str
    # How much of the content a hop of this kind carries, for ranking paths: a
    # translation or a copy carries the story, a citation only attributes a claim.
    flow_weight: float = 1.0
    # False for a symmetric relation (stored once, source key < target key): it is
    # drawn without arrowheads and, when a query is asked to follow it, followed both ways.
    directed: bool = True


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
        NodeSpec(
            NodeKind.INFRASTRUCTURE,
            "infra",
            "#8c6d31",
            "hexagon",
            "A technical identifier behind sites: analytics or ad ID, verification tag, "
            "wallet, host, CMS",
        ),
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
        EdgeSpec(
            EdgeKind.USES,
            frozenset({NodeKind.ARTICLE, NodeKind.OUTLET}),
            frozenset({NodeKind.INFRASTRUCTURE}),
            "#8c6d31",
            True,
            "The page carries the identifier, or a published list says the outlet does",
            flow_weight=0.0,
        ),
        EdgeSpec(
            EdgeKind.SHARES_INFRASTRUCTURE,
            frozenset({NodeKind.OUTLET}),
            frozenset({NodeKind.OUTLET}),
            "#8c6d31",
            (2, 6),
            "The two outlets share an identifier: a sign of a common operator",
            flow_weight=0.5,
            directed=False,
        ),
    )
}

# What ``citegraph export`` and GET /export write the whole store as.
ExportFormat = Literal["json", "graphml", "gexf", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

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
