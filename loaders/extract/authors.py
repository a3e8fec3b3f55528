"""Bylines: the page's authors, from its metadata, a "By X" line or a closing signature."""

from __future__ import annotations

import re

from graph.keys import entity_key
from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.extract.context import Page
from loaders.extract.names import PARTICLES
from loaders.extract.text import strip_span

__all__ = ["authors", "looks_like_name"]


_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def looks_like_name(value: str) -> bool:
    """Whether a line of two to five capitalised words could be a signature."""
    tokens = value.replace("-", " ").split()
    if not 2 <= len(tokens) <= 5 or len(value) > 50:
        return False
    if _UNSPACED_SCRIPT.search(value):
        return False  # Chinese writes no spaces: its "words" here are whole clauses
    if "©" in value or any(c.isdigit() for c in value):
        return False  # "© Zorba News 2023": a copyright notice, not a signature
    caps = [t for t in tokens if t.lower() not in PARTICLES]
    if all(t.isupper() for t in caps):
        return False  # "RELATED ARTICLES", "READ MORE": a heading, not a signature
    return len(caps) >= 2 and all(t[0].isupper() for t in caps if t[0].isalpha())


def _metadata_span(page: Page, title: str) -> tuple[int, int]:
    text = page.doc.text
    idx = text.find(title)
    if idx >= 0:
        return idx, idx + len(title)
    first = text.split("\n", 1)[0]
    return strip_span(text, 0, len(first))


def authors(page: Page) -> None:
    """WRITTEN_BY edges from the metadata author, byline lines and a closing signature."""
    text, b = page.doc.text, page.builder
    names: list[tuple[str, tuple[int, int], str]] = []
    if page.doc.author:
        for name in re.split(r"[;,]| and | et | und ", page.doc.author):
            name = name.strip()
            if name:
                idx = text.find(name)
                span = (
                    (idx, idx + len(name))
                    if idx >= 0
                    else _metadata_span(page, b.nodes[page.main_key].name)
                )
                names.append((name, span, "metadata"))
    main_end = page.segments[0].end
    content = [ln for ln in page.text.lines if ln.text.strip()]
    # A name alone on a line at the end of the page's own text is its signature.
    tail = [ln for ln in content if ln.start < main_end][-3:]
    for line in tail:
        value = line.text.strip()
        if page.first_match("byline", line.text):
            continue  # "Par X" is read as a byline below
        if looks_like_name(value) and not b.is_consumed(line.start, line.end):
            names.append((value, strip_span(text, line.start, line.end), "signature_line"))
    for line in content:
        m = page.first_match("byline", line.text)
        if m and looks_like_name(m.group("who")):
            s = line.start + m.start("who")
            names.append(
                (m.group("who"), (s, s + len(m.group("who"))), page.pid("byline", line.text))
            )
    for name, span, how in names:
        key = entity_key(NodeKind.AUTHOR, name)
        b.node(Node(key=key, kind=NodeKind.AUTHOR, name=name))
        b.edge(
            EdgeKind.WRITTEN_BY,
            page.main_key,
            key,
            span=span,
            method=EvidenceMethod.METADATA if how == "metadata" else EvidenceMethod.PATTERN,
            pattern=how if "." in how else f"author:{how}",
            confidence=page.conf("signature_line" if how == "signature_line" else "byline"),
        )
        if how != "metadata" or text[span[0] : span[1]] == name:
            # Only a byline read from the text is used up; a metadata author has no span
            # of its own, and its fallback evidence must not hide the words behind it.
            b.consume(*span)
