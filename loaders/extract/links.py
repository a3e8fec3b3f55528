"""In-text links to other sites: cites, or translates / republishes by the words around."""

from __future__ import annotations

from graph.keys import article_key, canonical_url, registered_domain
from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.extract.context import Page
from loaders.extract.publisher import domain_outlet

__all__ = ["links"]


def links(page: Page) -> None:
    """Turn in-text links to other sites into cites / translates / republishes."""
    b, text = page.builder, page.doc.text
    own = set(page.publisher.domains) if page.publisher else set()
    if page.doc.url:
        own.add(registered_domain(page.doc.url))
    for link in page.links.all:
        if not link.href.startswith(("http://", "https://")):
            continue
        if registered_domain(link.href) in own or b.is_consumed(link.start, link.end):
            continue
        seg = page.segment_at(link.start)
        s0, s1 = page.text.sentence(link.start, link.end)
        sentence = text[s0:s1]
        target = article_key(url=link.href)
        if target in b.nodes and b.has_edge(seg.article, target):
            continue  # already linked by a source or credit line
        outlet = domain_outlet(link.href, page.registry, None)
        b.node(outlet)
        b.node(
            Node(
                key=target,
                kind=NodeKind.ARTICLE,
                name=link.text.strip() or link.href,
                url=canonical_url(link.href),
                outlet=outlet.key,
                stub=True,
            )
        )
        b.edge(
            EdgeKind.PUBLISHED_BY,
            target,
            outlet.key,
            span=(link.start, link.end),
            method=EvidenceMethod.HYPERLINK,
            pattern="link_domain",
            confidence=page.conf("link_domain"),
        )
        link_id = page.lang.pid("link")
        if page.first_match("translated_from", sentence) or page.first_match(
            "translated_by", sentence
        ):
            kind, pattern, slot = EdgeKind.TRANSLATES, f"{link_id}:translated", "link_derived"
        elif page.first_match("republished_from", sentence):
            kind, pattern, slot = EdgeKind.REPUBLISHES, f"{link_id}:republished", "link_derived"
        else:
            kind, pattern, slot = EdgeKind.CITES, link_id, "link"
        b.edge(
            kind,
            seg.article,
            target,
            span=(s0, s1),
            method=EvidenceMethod.HYPERLINK,
            pattern=pattern,
            confidence=page.conf(slot),
        )
        b.consume(link.start, link.end)
