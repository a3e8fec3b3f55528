"""The page context that every rule family reads: one object instead of eight arguments."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from graph.models import Node
from loaders.documents import Document, Link
from loaders.extract.builder import Builder
from loaders.extract.text import Line, Text
from loaders.patterns import Patterns, patterns_for
from loaders.registry import Registry

__all__ = ["Links", "Page", "Segment"]


class Links:
    """A page's links sorted by offset, for finding the ones inside a span by bisection
    (scanning every link for every line was quadratic on pages with many links)."""

    def __init__(self, links: list[Link]) -> None:
        self.all = sorted(links, key=lambda lk: (lk.start, lk.end))
        self._starts = [lk.start for lk in self.all]

    def within(self, start: int, end: int) -> list[Link]:
        """The links wholly inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end, lo=i)
        return [lk for lk in self.all[i:j] if lk.end <= end]

    def starting(self, start: int, end: int) -> list[Link]:
        """The links that start inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        return self.all[i : bisect.bisect_left(self._starts, end, lo=i)]

    def inside(self, start: int, end: int) -> Link | None:
        """The first link wholly inside ``[start, end)``."""
        i = bisect.bisect_left(self._starts, start)
        while i < len(self.all) and self.all[i].start < end:
            if self.all[i].end <= end:
                return self.all[i]
            i += 1
        return None


@dataclass
class Segment:
    """A stretch of the document that is one article: the page's own, or an embedded copy."""

    start: int
    end: int
    article: str
    marker: Line | None = None
    credit: Node | None = None  # "article publié par RT" on an annex marker
    credit_is_source: bool = False  # the credit names the original, not the translator


@dataclass
class Page:
    """One document under extraction: its text cuts, its language's patterns, the
    registry, the subgraph being built and what earlier rule families found.

    ``pats`` holds the page language's patterns, then English ones (English credit lines
    and wire conventions turn up in every language).
    """

    doc: Document
    registry: Registry
    builder: Builder
    text: Text
    pats: list[Patterns]
    footer: int = 0
    main_key: str = ""
    publisher: Node | None = None
    segments: list[Segment] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document, registry: Registry) -> Page:
        pats = [patterns_for(doc.language)]
        if pats[0].language != "en":
            pats.append(patterns_for("en"))
        text = Text(doc.text, apostrophe_suffixes=pats[0].apostrophe_suffixes)
        return cls(doc=doc, registry=registry, builder=Builder(doc), text=text, pats=pats)

    @cached_property
    def links(self) -> Links:
        return Links(self.doc.links)

    @property
    def lang(self) -> Patterns:
        """The page language's own patterns (English when it has none)."""
        return self.pats[0]

    @property
    def own(self) -> str | None:
        """The publisher's key: a page never cites or quotes its own outlet."""
        return self.publisher.key if self.publisher else None

    def segment_at(self, pos: int) -> Segment:
        for seg in reversed(self.segments):
            if seg.start <= pos < seg.end:
                return seg
        return self.segments[0]

    def first_match(self, attr: str, value: str) -> re.Match[str] | None:
        """The first language's match of pattern ``attr`` in ``value``."""
        for p in self.pats:
            rx: re.Pattern[str] = getattr(p, attr)
            m = rx.search(value)
            if m:
                return m
        return None

    def conf(self, slot: str) -> float:
        """The confidence the page language's patterns give evidence of ``slot``."""
        return self.pats[0].confidence(slot)

    def pid(self, attr: str, value: str, slot: str | None = None) -> str:
        """The id of the first language's pattern that matches ``value`` (for evidence)."""
        for p in self.pats:
            if getattr(p, attr).search(value):
                return p.pid(slot or attr)
        return self.pats[0].pid(slot or attr)
