"""Infrastructure fingerprints: the identifiers that tie sites to one operator.

A site's pages carry the operator's accounts: a Google Analytics account (``UA-``), a
Google tag (``G-``), a Tag Manager container (``GTM-``), an AdSense publisher
(``pub-``), a Yandex Metrika counter, a Facebook pixel, and ``*-verification`` meta
tags proving control of the site to a search engine. :func:`scan_page` finds them in a
page's HTML source (with the CMS a ``generator`` tag names, the weak tier);
:func:`page_uses` records them, in the extraction worker, as ``outlet -USES->
identifier`` edges whose evidence is the tag on that page (method ``markup``, offsets
into the decoded HTML). Published lists (the Information Laundromat's indicators,
loaders/inputs/indicators.py) give the same edges with method ``declared``.

The writer then links outlets that use one identifier (:func:`link_shared`): an
undirected SHARES_INFRASTRUCTURE edge per pair, stored once from the smaller key to the
larger, whose evidence is each side's sightings of each identifier they share, each
with its kind, tier and page. The edge's tier is its strongest identifier's
(graph.schema.InfrastructureTier: conclusive, associative, weak).

Bounds, so a site of a million pages costs what a site of ten does: an outlet keeps at
most :data:`PAGES_PER_OUTLET` sightings (pages) of an identifier, the first ones
ingested (:func:`cap_uses`, in the writer); an identifier used by more outlets than
its tier's :data:`MAX_SHARING` is common infrastructure (a CDN, a theme's default
tag) and links no further pairs.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.keys import infrastructure_key, parse_infrastructure_key, registered_domain
from graph.models import Edge, Evidence, InfrastructureDetail, Node
from graph.schema import (
    INFRASTRUCTURE_KINDS,
    EdgeKind,
    EvidenceMethod,
    InfrastructureKind,
    InfrastructureTier,
    NodeKind,
)
from graph.store.base import Store

__all__ = [
    "MAX_SHARING",
    "PAGES_PER_OUTLET",
    "Sighting",
    "canonical",
    "cap_uses",
    "identifier_node",
    "link_shared",
    "page_uses",
    "scan_page",
    "uses_edge",
]

# Sightings (pages) of one identifier kept per outlet: enough to show and check it.
PAGES_PER_OUTLET = 5
# Above this many outlets an identifier is shared by strangers, not by one operator.
MAX_SHARING = {
    InfrastructureTier.CONCLUSIVE: 500,
    InfrastructureTier.ASSOCIATIVE: 40,
    InfrastructureTier.WEAK: 40,
}
_EVIDENCE_CHARS = 240
# Hosts of public services that any site embeds (analytics counters, payment buttons,
# social widgets, shared script CDNs). Loading from them says nothing of the operator:
# in the Laundromat's list, mc.yandex.ru alone would link 10 unrelated sites. A
# customer's own distribution on a CDN (d5nxst8fruw4z.cloudfront.net) does count.
PUBLIC_SERVICES = frozenset(
    {
        "addthis.com",
        "alexametrics.com",
        "cleantalk.org",
        "cloudflare.com",
        "doubleclick.net",
        "facebook.com",
        "facebook.net",
        "google-analytics.com",
        "googleapis.com",
        "googlesyndication.com",
        "googletagmanager.com",
        "gravatar.com",
        "gstatic.com",
        "jquery.com",
        "jsdelivr.net",
        "liveinternet.ru",
        "mail.ru",
        "paypal.com",
        "quantserve.com",
        "rambler.ru",
        "sharethis.com",
        "t.me",
        "telegram.org",
        "twimg.com",
        "twitter.com",
        "vk.com",
        "w.org",
        "wp.com",
        "yandex.ru",
        "yastatic.net",
        "youtube.com",
        "ytimg.com",
    }
)

_IK = InfrastructureKind
# (kind, literals, regex, word start): the first non-empty group is the identifier.
# Contexts are required where a bare token would also match prose ("G-7 summit",
# "pub-crawl"). A pattern runs only on a page containing one of its literals, and
# starts with a literal itself, which the regex engine finds by a fast search: a
# pattern opening with ``\b`` tries every position of a 40 KB page instead (3.4 ms a
# tagged page, now 0.4: bench/results/infrastructure.json). Where a token must start
# a word, the character before the match is checked in :func:`scan_page` instead.
_SCRIPT_PATTERNS: tuple[tuple[InfrastructureKind, tuple[str, ...], re.Pattern[str], bool], ...] = (
    (_IK.GOOGLE_ANALYTICS, ("UA-",), re.compile(r"(UA-\d{4,10})-\d{1,4}\b"), True),
    (
        _IK.GOOGLE_TAG,
        ("gtag(",),
        re.compile(r"""gtag\(\s*['"]config['"]\s*,\s*['"](G-[A-Z0-9]{4,12})\b"""),
        False,
    ),
    (
        _IK.GOOGLE_TAG,
        ("googletagmanager.com/gtag/",),
        re.compile(r"googletagmanager\.com/gtag/js\?id=(G-[A-Z0-9]{4,12})\b"),
        False,
    ),
    (_IK.TAG_MANAGER, ("GTM-",), re.compile(r"(GTM-[A-Z0-9]{4,9})\b"), True),
    # ``ca-pub-…`` too: the '-' before ``pub`` ends a word.
    (_IK.ADSENSE, ("pub-",), re.compile(r"(pub-\d{10,20})\b"), True),
    (
        _IK.YANDEX_METRIKA,
        ("ym(",),
        re.compile(r"""ym\(\s*(\d{4,12})\s*,\s*['"]init['"]"""),
        True,
    ),
    (
        _IK.YANDEX_METRIKA,
        ("mc.yandex.",),
        re.compile(r"mc\.yandex\.(?:ru|com)/watch/(\d{4,12})"),
        False,
    ),
    (
        _IK.FACEBOOK_PIXEL,
        ("fbq(",),
        re.compile(r"""fbq\(\s*['"]init['"]\s*,\s*['"](\d{10,20})['"]"""),
        False,
    ),
    (
        _IK.FACEBOOK_PIXEL,
        ("facebook.com/tr",),
        re.compile(r"facebook\.com/tr\?id=(\d{10,20})"),
        False,
    ),
)
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_VERIFICATION_NAME = re.compile(r"verif|validate|domain_verify", re.I)
_PLACEHOLDER = re.compile(r"^(?:UA|G|GTM)-X+$|^pub-0+$", re.I)
_VERSION = re.compile(r"\s+v?\d[\w.\-]*.*$")


def _word_char(char: str) -> bool:
    """Whether ``char`` is a regex word character (``\\w``): letter, digit or '_'."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Sighting:
    """One identifier found in a page: its kind, canonical value and where it stands."""

    kind: InfrastructureKind
    value: str
    start: int
    end: int
    text: str


def canonical(kind: InfrastructureKind, value: str) -> str | None:
    """Return the identifier's canonical value, or None if it identifies nothing.

    One account looks the same wherever it was read: ``UA-14540629-3`` on a page and
    ``UA-14540629`` in a list are one Analytics account (the suffix numbers its
    properties), ``ym(10970266`` is Metrika counter ``10970266``. A public service's
    host (:data:`PUBLIC_SERVICES`) identifies nothing.
    """
    raw = value.strip()
    if not raw:
        return None
    if kind is _IK.GOOGLE_ANALYTICS:
        m = re.match(r"(?i)UA-(\d{4,10})", raw)
        return f"UA-{m.group(1)}" if m else None
    if kind is _IK.GOOGLE_TAG:
        body = raw.upper().removeprefix("G-")
        return f"G-{body}" if re.fullmatch(r"[A-Z0-9]{4,14}", body) else None
    if kind is _IK.TAG_MANAGER:
        return raw.upper() if re.fullmatch(r"(?i)GTM-[A-Z0-9]{4,9}", raw) else None
    if kind is _IK.ADSENSE:
        m = re.search(r"pub-(\d{10,20})", raw)
        return f"pub-{m.group(1)}" if m else None
    if kind in (_IK.YANDEX_METRIKA, _IK.FACEBOOK_PIXEL):
        m = re.search(r"\d{4,20}", raw)
        return m.group(0) if m else None
    if kind is _IK.VERIFICATION:
        name, sep, token = raw.partition("|")
        return f"{name.strip().lower()}|{token.strip()}" if sep and token.strip() else None
    if kind is _IK.CMS:
        product = _VERSION.sub("", raw).strip().lower()
        return product or None
    if kind in (_IK.CERTIFICATE, _IK.CSS_CLASSES):
        blob = _normal_blob(kind, raw)
        return "sha1:" + hashlib.sha1(blob.encode()).hexdigest()[:16] if blob else None
    if kind is _IK.CDN:
        host = raw.lower().removeprefix("www.")
        return None if registered_domain(host) in PUBLIC_SERVICES else host
    if kind in (_IK.CERTIFICATE_DOMAIN, _IK.UUID, _IK.DOMAIN_NAME, _IK.SOCIAL_ACCOUNT):
        return raw.lower()
    return raw


def _normal_blob(kind: InfrastructureKind, raw: str) -> str:
    if kind is _IK.CSS_CLASSES:
        # The Laundromat writes a Python set literal (``set()`` when empty): the
        # classes, in any order, each quoted as Python repr quotes it.
        found = re.findall(r"'([^']*)'|\"([^\"]*)\"", raw)
        return " ".join(sorted({a or b for a, b in found} - {""}))
    return "".join(raw.split())


def scan_page(html: str) -> list[Sighting]:
    """Return the identifiers in a page's HTML, first sighting of each, in page order.

    >>> [s.value for s in scan_page(
    ...     "<script>gtag('config', 'G-4XKQ2TB9ZL');ga('create','UA-1234567-2')</script>"
    ...     '<meta name="google-site-verification" content="aBc_123">')]
    ['G-4XKQ2TB9ZL', 'UA-1234567', 'google-site-verification|aBc_123']
    """
    found: dict[tuple[InfrastructureKind, str], Sighting] = {}

    def add(kind: InfrastructureKind, raw: str, start: int, end: int) -> None:
        if _PLACEHOLDER.match(raw):
            return
        value = canonical(kind, raw)
        if value is not None and (kind, value) not in found:
            text = html[start:end]
            if len(text) > _EVIDENCE_CHARS:
                end = start + _EVIDENCE_CHARS
                text = html[start:end]
            found[(kind, value)] = Sighting(kind, value, start, end, text)

    for kind, literals, pattern, word_start in _SCRIPT_PATTERNS:
        if not any(literal in html for literal in literals):
            continue
        for m in pattern.finditer(html):
            start = m.start()
            if word_start and start and _word_char(html[start - 1]):
                continue  # "xUA-…", "lpub-…": inside another word
            if kind is _IK.ADSENSE and start >= 3 and html.startswith("ca-", start - 3):
                start -= 3  # the tag as written: ca-pub-…
            add(kind, m.group(1), start, m.end())
    for m in _META.finditer(html):
        attrs = {
            a.group(1).lower(): next((g for g in a.groups()[1:] if g is not None), "")
            for a in _ATTR.finditer(m.group(0))
        }
        name = (attrs.get("name") or attrs.get("property") or "").strip()
        content = attrs.get("content", "")
        if not name or not content.strip():
            continue
        if name.lower() == "generator":
            add(_IK.CMS, content, m.start(), m.end())
        elif _VERIFICATION_NAME.search(name):
            add(_IK.VERIFICATION, f"{name}|{content}", m.start(), m.end())
    return sorted(found.values(), key=lambda s: (s.start, s.kind.value))


def identifier_node(kind: InfrastructureKind, value: str, *, source: str | None = None) -> Node:
    """Return the Infrastructure node of an identifier (``source``: the list naming it)."""
    spec = INFRASTRUCTURE_KINDS[kind]
    return Node(
        key=infrastructure_key(kind.value, value),
        kind=NodeKind.INFRASTRUCTURE,
        name=value if not value.startswith("sha1:") else f"{spec.label} {value}",
        aliases=[spec.label],
        sources=[source] if source else [],
    )


def uses_edge(
    outlet: str,
    node: Node,
    kind: InfrastructureKind,
    value: str,
    *,
    text: str,
    span: tuple[int, int],
    document: str,
    document_uri: str | None,
    method: EvidenceMethod,
    pattern: str,
    source: str,
    page: str | None = None,
    url: str | None = None,
) -> Edge:
    """Return ``outlet -USES-> identifier`` with one sighting as evidence."""
    tier = INFRASTRUCTURE_KINDS[kind].tier
    return Edge(
        type=EdgeKind.USES,
        source=outlet,
        target=node.key,
        evidence=[
            Evidence(
                text=text,
                start=span[0],
                end=span[1],
                document=document,
                document_uri=document_uri,
                method=method,
                pattern=pattern,
                confidence=tier.confidence,
                infrastructure=InfrastructureDetail(
                    kind=kind,
                    identifier=value,
                    tier=tier,
                    outlet=outlet,
                    page=page,
                    url=url,
                    source=source,
                ),
            )
        ],
    )


def page_uses(
    html: str,
    *,
    outlet: str | None,
    article: str,
    document: str,
    document_uri: str,
    url: str | None,
) -> tuple[list[Node], list[Edge]]:
    """Return the identifiers of one page as nodes and ``outlet -USES->`` edges."""
    if outlet is None:
        return [], []
    nodes: list[Node] = []
    edges: list[Edge] = []
    for s in scan_page(html):
        node = identifier_node(s.kind, s.value)
        nodes.append(node)
        edges.append(
            uses_edge(
                outlet,
                node,
                s.kind,
                s.value,
                text=s.text,
                span=(s.start, s.end),
                document=document,
                document_uri=document_uri,
                method=EvidenceMethod.MARKUP,
                pattern=f"markup.{s.kind.value}",
                source="page",
                page=article,
                url=url,
            )
        )
    return nodes, edges


def cap_uses(store: Store, edges: Sequence[Edge]) -> list[Edge]:
    """Return ``edges`` with each outlet's sightings of an identifier kept to
    :data:`PAGES_PER_OUTLET`, counting those already stored (one read per batch)."""
    uses = [e for e in edges if e.type is EdgeKind.USES]
    if not uses:
        return list(edges)
    stored = store.get_edges({e.id for e in uses})
    seen: dict[str, set[str]] = {i: {ev.id for ev in e.evidence} for i, e in stored.items()}
    out: list[Edge] = []
    for edge in edges:
        if edge.type is not EdgeKind.USES:
            out.append(edge)
            continue
        kept = seen.setdefault(edge.id, set())
        fresh = [ev for ev in edge.evidence if ev.id in kept or len(kept) < PAGES_PER_OUTLET]
        kept.update(ev.id for ev in fresh)
        if fresh:
            out.append(edge.model_copy(update={"evidence": fresh}))
    return out


def _strength(ev: Evidence) -> tuple[int, str, str, str]:
    detail = ev.infrastructure
    assert detail is not None
    return (detail.tier.rank, detail.kind.value, detail.identifier, detail.outlet or "")


def link_shared(store: Store, identifiers: Iterable[str]) -> list[Edge]:
    """Write and return the SHARES_INFRASTRUCTURE edges of outlets using ``identifiers``.

    Reads each identifier's USES edges (one per outlet, bounded by :func:`cap_uses`)
    in one round trip, so the cost follows the identifiers of the batch, not the
    pages already stored.
    """
    keys = sorted({k for k in identifiers if parse_infrastructure_key(k)})
    if not keys:
        return []
    by_identifier: dict[str, list[Edge]] = {}
    for edge in store.edges_touching(keys, types=[EdgeKind.USES], incoming=True):
        by_identifier.setdefault(edge.target, []).append(edge)
    shared: dict[tuple[str, str], list[Evidence]] = {}
    for key in sorted(by_identifier):
        uses = sorted(by_identifier[key], key=lambda e: e.source)
        parsed = parse_infrastructure_key(key)
        assert parsed is not None
        tier = INFRASTRUCTURE_KINDS[parsed[0]].tier
        if len(uses) < 2 or len(uses) > MAX_SHARING[tier]:
            continue
        for a, b in itertools.combinations(uses, 2):
            shared.setdefault((a.source, b.source), []).extend([*a.evidence, *b.evidence])
    # The strongest identifiers first: what a reader sees of the edge before the rest.
    edges = [
        Edge(
            type=EdgeKind.SHARES_INFRASTRUCTURE,
            source=a,
            target=b,
            evidence=sorted(evidence, key=_strength),
        )
        for (a, b), evidence in sorted(shared.items())
    ]
    if edges:
        store.upsert([], edges)
    return edges
