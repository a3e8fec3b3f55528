"""Who published the page, and outlets named by a domain or a credit line."""

from __future__ import annotations

from graph.keys import entity_key, normalize_name, registered_domain
from graph.models import Node
from graph.schema import NodeKind, OutletKind
from loaders.documents import Document
from loaders.extract.builder import Builder
from loaders.extract.context import Page
from loaders.registry import Entry, Registry

__all__ = ["domain_outlet", "find_publisher", "footer_start", "names_outlet", "resolve_outlet"]


def domain_outlet(url: str, registry: Registry, site_name: str | None) -> Node:
    """The outlet of ``url``: the registry's, else one keyed by the registered domain."""
    entry = registry.by_domain(url)
    if entry is not None:
        return entry.node()
    domain = registered_domain(url)
    named = registry.by_name(site_name, kinds=[NodeKind.OUTLET]) if site_name else None
    if named is not None:
        return named.node()
    return Node(
        key=entity_key(NodeKind.OUTLET, domain),
        kind=NodeKind.OUTLET,
        name=domain,
        domains=[domain],
        aliases=[site_name] if site_name and site_name != domain else [],
        outlet_kind=OutletKind.UNKNOWN,
    )


def resolve_outlet(name: str, registry: Registry) -> Node:
    """The outlet a credit line names: by name, by a known name inside it, or new."""
    name = name.strip().rstrip(".:;,")
    entry = registry.by_name(name, kinds=[NodeKind.OUTLET])
    if entry is None:
        mentions = [m for m in registry.find_mentions(name) if m.entry.kind is NodeKind.OUTLET]
        entry = mentions[0].entry if mentions else None
    if entry is not None:
        return entry.node()
    if "." in name and " " not in name:
        return domain_outlet(name, registry, None)
    return Node(
        key=entity_key(NodeKind.OUTLET, name),
        kind=NodeKind.OUTLET,
        name=name,
        outlet_kind=OutletKind.UNKNOWN,
    )


def names_outlet(node: Node, key: str, b: Builder) -> bool:
    """Whether ``node``, read from a credit line, is the outlet ``key`` already built.

    An outlet outside the registry is keyed by its domain on its own pages
    (``courier-0165.example``) but by its name in a credit line ("Traduit par Courier
    0165"), so keys alone would make a site's credit for its own translation look like
    a repost of someone else's.
    """
    if node.key == key:
        return True
    other = b.nodes.get(key)
    if other is None:
        return False
    spellings = {other.name, *other.aliases, *(d.split(".", 1)[0] for d in other.domains)}
    return normalize_name(node.name) in {normalize_name(n) for n in spellings if n}


def footer_start(page: Page) -> int:
    """Where the page's footer starts (its text's length when it has none)."""
    text_len = len(page.doc.text)
    for line in page.text.lines:
        if line.start < text_len * 0.3:
            continue
        if any(p.footer_marker.match(line.text) for p in page.pats):
            return line.start
    return text_len


def _signatures(entry: Entry) -> list[str]:
    """Signatures that say who published a page. A credit prefix ("© Sputnik /") is
    not one: it travels with a photo to every site that reuses it."""
    return [s for s in entry.signatures if not s.rstrip().endswith("/")]


def _has_signature(key: str, registry: Registry, zone: str, doc: Document) -> bool:
    entry = registry.get(key)
    if entry is None:
        return False
    haystack = (zone + "\n" + (doc.boilerplate or "")).casefold()
    return any(sig.casefold() in haystack for sig in _signatures(entry))


def find_publisher(page: Page) -> tuple[Node | None, tuple[int, int] | None, str]:
    """Return the publisher, the span that identified it (if in the text), and how."""
    doc, registry = page.doc, page.registry
    if doc.url:
        return domain_outlet(doc.url, registry, doc.site_name), None, "url"
    if doc.site_name:
        entry = registry.by_name(doc.site_name, kinds=[NodeKind.OUTLET])
        if entry is not None:
            return entry.node(), None, "site_name"
    # No URL: the footer and credits say who published the page.
    zone_start = page.footer if page.footer < len(doc.text) else int(len(doc.text) * 0.85)
    zone = doc.text[zone_start:]
    scores: dict[str, float] = {}
    first_span: dict[str, tuple[int, int]] = {}
    lowered = zone.casefold()
    for entry in registry.signed_outlets:
        if entry.kind is not NodeKind.OUTLET:
            continue
        for sig in _signatures(entry):
            idx = lowered.find(sig.casefold())
            if idx >= 0:
                scores[entry.key] = scores.get(entry.key, 0) + 2
                span = (zone_start + idx, zone_start + idx + len(sig))
                first_span.setdefault(entry.key, span)
    for mention in registry.find_mentions(zone):
        if mention.entry.kind is NodeKind.OUTLET:
            scores[mention.entry.key] = scores.get(mention.entry.key, 0) + 1
            first_span.setdefault(
                mention.entry.key, (zone_start + mention.start, zone_start + mention.end)
            )
    if doc.boilerplate:
        for entry in registry.signed_outlets:
            if entry.kind is NodeKind.OUTLET and any(
                s.casefold() in doc.boilerplate.casefold() for s in _signatures(entry)
            ):
                scores[entry.key] = scores.get(entry.key, 0) + 2
    # A name in the last lines is often a citation, not the publisher: only an outlet
    # whose own boilerplate is there counts.
    scores = {k: v for k, v in scores.items() if v >= 2 and _has_signature(k, registry, zone, doc)}
    if not scores:
        return None, None, "none"
    best = max(sorted(scores), key=lambda k: scores[k])
    entry = registry.get(best)
    assert entry is not None
    return entry.node(), first_span.get(best), "signature"
