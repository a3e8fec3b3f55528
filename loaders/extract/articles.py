"""Stub articles: the articles a page names by URL or by title, known only from it."""

from __future__ import annotations

import re

from graph.keys import article_key, canonical_url
from graph.models import Node
from graph.schema import NodeKind
from loaders.documents import Link
from loaders.extract.context import Page
from loaders.extract.publisher import domain_outlet
from loaders.extract.text import Line

__all__ = ["URL", "line_url", "link_in", "title_article", "url_article"]

URL = re.compile(r"https?://[^\s<>\"')\]]+")


def link_in(page: Page, start: int, end: int) -> Link | None:
    """The first link wholly inside ``[start, end)`` (links are sorted by offset)."""
    return page.links.inside(start, end)


def line_url(page: Page, line: Line) -> tuple[str, Link | None] | None:
    """Return the URL a structure line points to: a link inside it, or a bare URL."""
    link = link_in(page, line.start, line.end)
    if link is not None and link.href.startswith(("http://", "https://")):
        return link.href, link
    m = URL.search(line.text)
    return (m.group(0).rstrip(".,;"), None) if m else None


def url_article(page: Page, url: str, title: str | None) -> str:
    """Add the stub article at ``url`` and its outlet; return its key."""
    outlet = domain_outlet(url, page.registry, None)
    page.builder.node(outlet)
    key = article_key(url=url)
    page.builder.node(
        Node(
            key=key,
            kind=NodeKind.ARTICLE,
            name=title or canonical_url(url),
            url=canonical_url(url),
            title=title,
            outlet=outlet.key,
            stub=True,
        )
    )
    return key


def title_article(page: Page, title: str, outlet: Node | None, *, language: str | None) -> str:
    """Add the stub article titled ``title`` (of ``outlet``, if known); return its key."""
    if outlet is not None:
        page.builder.node(outlet)
    key = article_key(outlet=outlet.key if outlet else None, title=title)
    page.builder.node(
        Node(
            key=key,
            kind=NodeKind.ARTICLE,
            name=title,
            title=title,
            language=language,
            outlet=outlet.key if outlet else None,
            stub=True,
        )
    )
    return key
