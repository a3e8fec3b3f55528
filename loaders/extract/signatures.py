"""Another outlet's boilerplate inside a page's text: its content was copied."""

from __future__ import annotations

from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.extract.context import Page

__all__ = ["copied_signatures"]


def copied_signatures(page: Page) -> None:
    """CITES the outlet whose signature ("Click to see the full-size image") is copied."""
    text = page.doc.text[: page.footer]
    lowered = text.casefold()
    b = page.builder
    for entry in page.registry.signed_outlets:
        if entry.kind is not NodeKind.OUTLET or entry.key == page.own:
            continue
        for sig in entry.signatures:
            idx = lowered.find(sig.casefold())
            if idx < 0 or b.is_consumed(idx, idx + len(sig)):
                continue
            b.node(entry.node())
            b.edge(
                EdgeKind.CITES,
                page.segment_at(idx).article,
                entry.key,
                span=(idx, idx + len(sig)),
                method=EvidenceMethod.SIGNATURE,
                pattern=page.pats[-1].pid("copied_signature"),
                confidence=page.conf("copied_signature"),
            )
            break
