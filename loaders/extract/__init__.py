"""Document -> Subgraph: the article, its outlet, authors, the articles it derives
from, and the actors it quotes or cites, each edge with the span of text behind it.

One module per rule family, all reading one :class:`~loaders.extract.context.Page`:

- ``publisher``: who published the page (URL, site name, boilerplate signatures);
- ``structure``: annexes and credit lines (source, translator, "originally published");
- ``cuelines``: datelines, wire and photo credits, "read more" teasers;
- ``links``: in-text hyperlinks;
- ``authors``: bylines and signatures;
- ``mentions``/``names``/``spans``: every actor the page names;
- ``attribution``: which of them a cue makes a source;
- ``signatures``: another outlet's boilerplate copied into the text.

The families run in that order; each marks the spans it consumed so that later ones
do not read the same words twice (a "traduit par X" line is a translation credit, not
a citation of X).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.keys import canonical_url
from graph.models import Subgraph
from graph.schema import EdgeKind, EvidenceMethod
from loaders.documents import Document
from loaders.extract.attribution import write_attributions
from loaders.extract.authors import authors
from loaders.extract.context import Page
from loaders.extract.cuelines import cue_lines
from loaders.extract.links import links
from loaders.extract.mentions import find_mentions
from loaders.extract.publisher import find_publisher, footer_start
from loaders.extract.signatures import copied_signatures
from loaders.extract.structure import find_segments
from loaders.extract.text import strip_span
from loaders.registry import Registry

__all__ = ["Extraction", "extract"]


@dataclass
class Extraction:
    """What one document yields: the article's key and the subgraph around it."""

    article: str
    subgraph: Subgraph
    warnings: list[str] = field(default_factory=list)


def _metadata_span(text: str, title: str) -> tuple[int, int]:
    idx = text.find(title)
    if idx >= 0:
        return idx, idx + len(title)
    first = text.split("\n", 1)[0]
    return strip_span(text, 0, len(first))


def extract(doc: Document, registry: Registry) -> Extraction:
    """Return the article and subgraph extracted from ``doc``.

    >>> from loaders.documents import parse_document
    >>> from loaders.registry import load_registry
    >>> doc = parse_document(b"Title\\n\\nSelon TASS, le ministre a parle.", uri="a.txt")
    >>> [e.type.wire for e in extract(doc, load_registry()).subgraph.edges]
    ['cites']
    """
    page = Page.of(doc, registry)
    text = doc.text
    b = page.builder
    warnings: list[str] = []
    page.footer = footer_start(page)
    publisher, pub_span, pub_how = find_publisher(page)
    page.publisher = publisher
    if publisher is None:
        warnings.append("publisher not recognised: no URL, site name or known signature")
    title = doc.title or (doc.url and canonical_url(doc.url)) or doc.uri
    page.main_key = b.article(
        title,
        text,
        outlet=publisher,
        url=doc.url,
        language=doc.language,
        published=doc.published,
    )
    if publisher is not None:
        b.node(publisher)
        if pub_span is not None:
            b.edge(
                EdgeKind.PUBLISHED_BY,
                page.main_key,
                publisher.key,
                span=pub_span,
                method=EvidenceMethod.SIGNATURE,
                pattern=f"signature:{pub_how}",
                confidence=page.conf("publisher_signature"),
            )
        else:
            b.edge(
                EdgeKind.PUBLISHED_BY,
                page.main_key,
                publisher.key,
                span=_metadata_span(text, title),
                method=EvidenceMethod.METADATA,
                pattern=f"publisher:{pub_how}",
                confidence=page.conf("publisher"),
            )
    find_segments(page)
    cue_lines(page)
    links(page)
    authors(page)
    write_attributions(page, find_mentions(page))
    copied_signatures(page)
    return Extraction(article=page.main_key, subgraph=b.subgraph(), warnings=warnings)
