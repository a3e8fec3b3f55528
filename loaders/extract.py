"""Document -> Subgraph: the article, its outlet, authors, the articles it derives
from, and the actors it quotes, each edge with the span of text that justifies it.

The steps run in a fixed order: outlet, structure (annexes, source and translator
lines), links, authors, then actors. Each step records the spans it consumed so later
steps do not read the same words twice (a "traduit par X" line is a translation
credit, not a citation of X).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from graph.keys import (
    article_key,
    canonical_url,
    entity_key,
    fingerprint,
    normalize_name,
    registered_domain,
)
from graph.models import Edge, Evidence, Node, Subgraph
from graph.schema import EdgeKind, NodeKind, OutletKind
from loaders.documents import Document, Link, detect_language
from loaders.patterns import Patterns, patterns_for
from loaders.registry import Entry, Registry

__all__ = ["Extraction", "extract"]

_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bCol)(?<!\bGen)(?<!\bDr)(?<!\bM)[.!?…](?=\s)|\n")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
# Capitalised words that start no name: "on Saturday Valmora said".
_CALENDAR_WORDS = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
    "Januar",
    "Februar",
    "März",
    "Juni",
    "Juli",
    "Oktober",
    "Dezember",
}
# Words after which a capitalised name is a place or a date, not a speaker.
_PLACE_WORDS = {
    "in",
    "at",
    "on",
    "from",
    "to",
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "depuis",
    "vers",
    "im",
    "am",
    "bei",
    "nach",
    "aus",
    "von",
    "desde",
    "a",
    "da",
    "na",
    "no",
    "em",
}
_PARTICLES = {
    "al",
    "el",
    "al-",
    "el-",
    "bin",
    "ben",
    "de",
    "van",
    "von",
    "der",
    "da",
    "di",
    "du",
    "le",
    "la",
}


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


@dataclass
class Extraction:
    """What one document yields: the article's key and the subgraph around it."""

    article: str
    subgraph: Subgraph
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Actor:
    entry: Entry | None
    kind: NodeKind
    name: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.entry.key if self.entry else entity_key(self.kind, self.name)


class _Builder:
    """Accumulates nodes and edges, merging repeated edges' evidence."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, EdgeKind, str], list[Evidence]] = {}
        self.consumed: list[tuple[int, int]] = []

    def node(self, node: Node) -> str:
        if node.key not in self.nodes:
            self.nodes[node.key] = node
        return node.key

    def edge(
        self,
        kind: EdgeKind,
        source: str,
        target: str,
        *,
        span: tuple[int, int],
        method: str,
        pattern: str,
        confidence: float,
    ) -> None:
        if source == target:
            return
        start, end = span
        evidence = Evidence(
            text=self.doc.text[start:end],
            start=start,
            end=end,
            document=self.doc.id,
            document_uri=self.doc.uri,
            method=method,
            pattern=pattern,
            confidence=confidence,
        )
        bucket = self.edges.setdefault((source, kind, target), [])
        if all(e.id != evidence.id for e in bucket):
            bucket.append(evidence)

    def consume(self, start: int, end: int) -> None:
        self.consumed.append((start, end))

    def is_consumed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.consumed)

    def subgraph(self) -> Subgraph:
        # An actor that is quoted is not also merely mentioned.
        quoted = {(s, t) for (s, k, t) in self.edges if k in (EdgeKind.QUOTES, EdgeKind.CITES)}
        edges = [
            Edge(type=k, source=s, target=t, evidence=ev)
            for (s, k, t), ev in self.edges.items()
            if not (k is EdgeKind.MENTIONS and (s, t) in quoted)
        ]
        edges.sort(key=lambda e: (e.source, e.type.value, e.target))
        return Subgraph(nodes=sorted(self.nodes.values(), key=lambda n: n.key), edges=edges)


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@functools.lru_cache(maxsize=8)
def _sentence_ends(text: str) -> tuple[list[int], list[int], list[bool]]:
    """Every sentence end in ``text``: match starts, match ends, and whether it is a newline.

    Found once per text: the speaker and link rules ask for the sentence around
    thousands of cues per page, and rescanning 400 characters each time was a quarter
    of the extraction time on long pages.
    """
    starts, ends, newline = [], [], []
    for m in _SENTENCE_END.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        newline.append(m.group() == "\n")
    return starts, ends, newline


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, at most 400 characters either side."""
    starts, ends, newline = _sentence_ends(text)
    lo = 0
    # The last sentence end that starts within 400 characters before ``start`` and is
    # complete before it (punctuation counts only when followed by a space before it).
    i = bisect.bisect_right(ends, start) - 1
    while i >= 0 and starts[i] >= max(0, start - 400):
        if ends[i] < start or newline[i]:
            lo = ends[i]
            break
        i -= 1
    j = bisect.bisect_left(starts, end)
    hi = ends[j] if j < len(starts) else len(text)
    return _strip_span(text, lo, min(hi, end + 400))


def _outlet_node(entry: Entry) -> Node:
    return entry.node()


def _domain_outlet(url: str, registry: Registry, site_name: str | None) -> Node:
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


def _find_publisher(
    doc: Document, registry: Registry, footer_start: int
) -> tuple[Node | None, tuple[int, int] | None, str]:
    """Return the publisher, the span that identified it (if in the text), and how."""
    if doc.url:
        return _domain_outlet(doc.url, registry, doc.site_name), None, "url"
    if doc.site_name:
        entry = registry.by_name(doc.site_name, kinds=[NodeKind.OUTLET])
        if entry is not None:
            return entry.node(), None, "site_name"
    # No URL: the footer and credits say who published the page.
    zone_start = footer_start if footer_start < len(doc.text) else int(len(doc.text) * 0.85)
    zone = doc.text[zone_start:]
    scores: dict[str, float] = {}
    first_span: dict[str, tuple[int, int]] = {}
    lowered = zone.casefold()
    for entry in registry.signed_outlets:
        if entry.kind is not NodeKind.OUTLET:
            continue
        for sig in _publisher_signatures(entry):
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
                s.casefold() in doc.boilerplate.casefold() for s in _publisher_signatures(entry)
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


def _has_signature(key: str, registry: Registry, zone: str, doc: Document) -> bool:
    entry = registry.get(key)
    if entry is None:
        return False
    haystack = (zone + "\n" + (doc.boilerplate or "")).casefold()
    return any(sig.casefold() in haystack for sig in _publisher_signatures(entry))


def _publisher_signatures(entry: Entry) -> list[str]:
    """Signatures that say who published a page. A credit prefix ("© Sputnik /") is
    not one: it travels with a photo to every site that reuses it."""
    return [s for s in entry.signatures if not s.rstrip().endswith("/")]


def _footer_start(lines: list[Line], pats: list[Patterns], text_len: int) -> int:
    for line in lines:
        if line.start < text_len * 0.3:
            continue
        if any(p.footer_marker.match(line.text) for p in pats):
            return line.start
    return text_len


def _looks_like_name(value: str) -> bool:
    tokens = value.replace("-", " ").split()
    if not 2 <= len(tokens) <= 5 or len(value) > 50:
        return False
    caps = [t for t in tokens if t.lower() not in _PARTICLES]
    if all(t.isupper() for t in caps):
        return False  # "RELATED ARTICLES", "READ MORE": a heading, not a signature
    return len(caps) >= 2 and all(t[0].isupper() for t in caps if t[0].isalpha())


def _resolve_outlet(name: str, registry: Registry) -> Node:
    name = name.strip().rstrip(".:;,")
    entry = registry.by_name(name, kinds=[NodeKind.OUTLET])
    if entry is None:
        mentions = [m for m in registry.find_mentions(name) if m.entry.kind is NodeKind.OUTLET]
        entry = mentions[0].entry if mentions else None
    if entry is not None:
        return entry.node()
    if "." in name and " " not in name:
        return _domain_outlet(name, registry, None)
    return Node(
        key=entity_key(NodeKind.OUTLET, name),
        kind=NodeKind.OUTLET,
        name=name,
        outlet_kind=OutletKind.UNKNOWN,
    )


@dataclass
class _Segment:
    """A stretch of the document that is one article: the page's own, or an embedded copy."""

    start: int
    end: int
    article: str
    marker: Line | None = None
    credit: Node | None = None  # "article publié par RT" on an annex marker
    credit_is_source: bool = False  # the credit names the original, not the translator


def extract(doc: Document, registry: Registry) -> Extraction:
    """Return the article and subgraph extracted from ``doc``.

    >>> from loaders.documents import parse_document
    >>> from loaders.registry import load_registry
    >>> doc = parse_document(b"Title\\n\\nSelon TASS, le ministre a parle.", uri="a.txt")
    >>> [e.type.wire for e in extract(doc, load_registry()).subgraph.edges]
    ['cites']
    """
    text = doc.text
    pats = [patterns_for(doc.language)]
    if pats[0].language != "en":
        pats.append(patterns_for("en"))
    lines = _lines(text)
    footer = _footer_start(lines, pats, len(text))
    b = _Builder(doc)
    warnings: list[str] = []

    publisher, pub_span, pub_how = _find_publisher(doc, registry, footer)
    if publisher is None:
        warnings.append("publisher not recognised: no URL, site name or known signature")
    title = doc.title or (doc.url and canonical_url(doc.url)) or doc.uri
    main_key = article_key(url=doc.url, outlet=publisher.key if publisher else None, title=title)
    b.node(
        Node(
            key=main_key,
            kind=NodeKind.ARTICLE,
            name=title,
            title=title,
            url=canonical_url(doc.url) if doc.url else None,
            language=doc.language,
            published=doc.published,
            outlet=publisher.key if publisher else None,
            fingerprint=fingerprint(text),
        )
    )
    if publisher is not None:
        b.node(publisher)
        if pub_span is not None:
            b.edge(
                EdgeKind.PUBLISHED_BY,
                main_key,
                publisher.key,
                span=pub_span,
                method="signature",
                pattern=f"signature:{pub_how}",
                confidence=0.8,
            )
        else:
            span = _metadata_span(text, title)
            b.edge(
                EdgeKind.PUBLISHED_BY,
                main_key,
                publisher.key,
                span=span,
                method="metadata",
                pattern=f"publisher:{pub_how}",
                confidence=0.95,
            )

    segments = _structure(doc, lines, footer, pats, registry, b, main_key, publisher)
    _cue_lines(doc, lines, footer, pats, registry, b, segments, publisher)
    _links(doc, pats, registry, b, segments, publisher)
    _authors(doc, lines, footer, pats, b, main_key, segments)
    _actors(doc, footer, pats, registry, b, segments, publisher)
    return Extraction(article=main_key, subgraph=b.subgraph(), warnings=warnings)


def _metadata_span(text: str, title: str) -> tuple[int, int]:
    idx = text.find(title)
    if idx >= 0:
        return idx, idx + len(title)
    first = text.split("\n", 1)[0]
    return _strip_span(text, 0, len(first))


def _segment_of(segments: list[_Segment], pos: int) -> _Segment:
    for seg in reversed(segments):
        if seg.start <= pos < seg.end:
            return seg
    return segments[0]


def _structure(
    doc: Document,
    lines: list[Line],
    footer: int,
    pats: list[Patterns],
    registry: Registry,
    b: _Builder,
    main_key: str,
    publisher: Node | None,
) -> list[_Segment]:
    """Find annexes and the source/translator/republication lines of each segment."""
    main = _Segment(0, footer, main_key)
    segments = [main]
    for i, line in enumerate(lines):
        if line.start >= footer or not line.text.strip() or len(line.text) > 200:
            continue
        if any(p.annex_marker.match(line.text) for p in pats):
            title_line = next((ln for ln in lines[i + 1 :] if ln.text.strip()), None)
            if title_line is None or title_line.start >= footer:
                continue
            segments[-1].end = line.start
            seg = _Segment(line.start, footer, "", marker=line)
            credit = _first_match(pats, "republished_from", line.text)
            if credit is not None:
                seg.credit = _resolve_outlet(credit.group("who"), registry)
            seg.article = title_line.text.strip()  # provisional: the key needs the outlet
            segments.append(seg)
            b.consume(line.start, line.end)

    for seg in segments:
        _segment_lines(doc, lines, seg, pats, registry, b, main_key)
    return segments


def _first_match(pats: list[Patterns], attr: str, value: str) -> re.Match[str] | None:
    for p in pats:
        m = getattr(p, attr).search(value)
        if m:
            return m
    return None


def _pid(pats: list[Patterns], attr: str, value: str, slot: str | None = None) -> str:
    """The id of the first language's pattern that matches ``value`` (for evidence)."""
    for p in pats:
        if getattr(p, attr).search(value):
            return p.pid(slot or attr)
    return pats[0].pid(slot or attr)


def _at_line_start(line: str, m: re.Match[str]) -> bool:
    """A credit opens its line: "Originally published on X", not "travelled via X"."""
    return not any(c.isalpha() for c in line[: m.start()])


def _link_in(doc: Document, start: int, end: int) -> Link | None:
    """The first link inside ``[start, end)``; ``doc.links`` is sorted by start, so a
    bisection finds it (a scan of every link per line was quadratic: 1M links ran for
    minutes)."""
    links = doc.links
    i = bisect.bisect_left(links, start, key=lambda lk: lk.start)
    while i < len(links) and links[i].start < end:
        if links[i].end <= end:
            return links[i]
        i += 1
    return None


_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def _line_url(doc: Document, line: Line) -> tuple[str, Link | None] | None:
    """Return the URL a structure line points to: a link inside it, or a bare URL."""
    link = _link_in(doc, line.start, line.end)
    if link is not None and link.href.startswith(("http://", "https://")):
        return link.href, link
    m = _URL.search(line.text)
    return (m.group(0).rstrip(".,;"), None) if m else None


def _url_article(url: str, title: str | None, registry: Registry, b: _Builder) -> str:
    outlet = _domain_outlet(url, registry, None)
    b.node(outlet)
    key = article_key(url=url)
    b.node(
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


def _title_article(title: str, outlet: Node | None, b: _Builder, *, language: str | None) -> str:
    if outlet is not None:
        b.node(outlet)
    key = article_key(outlet=outlet.key if outlet else None, title=title)
    b.node(
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


@dataclass
class _Credits:
    """The attribution lines of one segment."""

    sources: list[tuple[Line, re.Match[str]]] = field(default_factory=list)
    translator: tuple[Line, re.Match[str]] | None = None
    translated_from: Line | None = None
    republished: tuple[Line, re.Match[str]] | None = None

    def lines(self) -> list[Line]:
        found = [ln for ln, _ in self.sources]
        found += [x[0] for x in (self.translator, self.republished) if x]
        return found + ([self.translated_from] if self.translated_from else [])


def _names_language(pats: list[Patterns], line: str, by: re.Match[str]) -> bool:
    """True when the "translator" of a credit is a language: "Перевод с английского"."""
    source = _first_match(pats, "translated_from", line)
    return source is not None and source.end() >= by.end("who") - 1


def _credits(lines: list[Line], seg: _Segment, pats: list[Patterns]) -> _Credits:
    credits = _Credits()
    for line in lines:
        if not (seg.start <= line.start < seg.end) or line is seg.marker or len(line.text) > 300:
            continue
        if m := _first_match(pats, "source_line", line.text):
            credits.sources.append((line, m))
        elif (m := _first_match(pats, "translated_by", line.text)) and not _names_language(
            pats, line.text, m
        ):
            credits.translator = credits.translator or (line, m)
        elif _first_match(pats, "translated_from", line.text):
            credits.translated_from = credits.translated_from or line
        elif (
            (m := _first_match(pats, "republished_from", line.text))
            and len(line.text) < 300
            and _at_line_start(line.text, m)
        ):
            credits.republished = credits.republished or (line, m)
    return credits


def _segment_lines(
    doc: Document,
    lines: list[Line],
    seg: _Segment,
    pats: list[Patterns],
    registry: Registry,
    b: _Builder,
    main_key: str,
) -> None:
    """Turn a segment's credit lines into derivation edges.

    The lines are read as a chain. "First published by X" makes this article a copy
    of X's; the source and translator lines that follow then describe X's article
    (a site that reposts a translation copies the translator's credits verbatim).
    """
    text = doc.text
    credits = _credits(lines, seg, pats)
    for line in credits.lines():
        b.consume(line.start, line.end)

    def span(line: Line) -> tuple[int, int]:
        return _strip_span(text, line.start, line.end)

    translator = (
        _resolve_outlet(credits.translator[1].group("who"), registry)
        if credits.translator
        else None
    )
    derived = (
        main_key
        if seg.marker is None
        else _annex_article(doc, seg, translator, credits, b, main_key, span)
    )
    derived_lang = b.nodes[derived].language
    own = b.nodes[derived].outlet

    if credits.republished is not None:
        line, m = credits.republished
        found = _line_url(doc, line)
        if found:
            copied = _url_article(found[0], b.nodes[derived].title, registry, b)
            if found[1] is not None:
                b.consume(found[1].start, found[1].end)
        else:
            who = _resolve_outlet(m.group("who"), registry)
            copied = _title_article(b.nodes[derived].title or "", who, b, language=derived_lang)
        _copy_of(b, derived, copied, span(line), _pid(pats, "republished_from", line.text), 0.85)
        derived, own = copied, b.nodes[copied].outlet
    elif translator is not None and own is not None and not _names_outlet(translator, own, b):
        # The page reposts someone else's translation: keep both steps.
        line = credits.translator[0]  # type: ignore[index]
        copied = _title_article(b.nodes[derived].title or "", translator, b, language=derived_lang)
        _copy_of(b, derived, copied, span(line), "translated_by_other", 0.8)
        derived = copied

    if not credits.sources:
        return
    source = _source_of(doc, credits, seg, registry, b, derived, span)
    if source is None:
        return
    src_key, src_line = source
    src_lang = b.nodes[src_key].language
    src_outlet_entry = registry.get(b.nodes[src_key].outlet or "")
    translated = (
        bool(credits.translator or credits.translated_from)
        or (src_lang is not None and derived_lang is not None and src_lang != derived_lang)
        # The source's outlet does not publish in this language: a translation.
        or bool(
            src_lang is None
            and derived_lang
            and src_outlet_entry is not None
            and src_outlet_entry.languages
            and derived_lang not in src_outlet_entry.languages
        )
    )
    kind = EdgeKind.TRANSLATES if translated else EdgeKind.REPUBLISHES
    for credit, slot in (
        (src_line, "source_line"),
        (credits.translator[0] if credits.translator else None, "translated_by"),
        (credits.translated_from, "translated_from"),
    ):
        if credit is not None:
            pattern = _pid(pats, slot, credit.text)
            b.edge(
                kind,
                derived,
                src_key,
                span=span(credit),
                method="structure",
                pattern=pattern,
                confidence=0.9 if slot == "source_line" else 0.85,
            )
    src_outlet = b.nodes[src_key].outlet
    if src_outlet and src_outlet != own:
        credit_line = src_line
        if seg.marker is not None and seg.credit is not None and seg.credit.key == src_outlet:
            credit_line = seg.marker
        b.edge(
            EdgeKind.PUBLISHED_BY,
            src_key,
            src_outlet,
            span=span(credit_line),
            method="structure",
            pattern="source_credit",
            confidence=0.8,
        )


def _names_outlet(node: Node, key: str, b: _Builder) -> bool:
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


def _copy_of(
    b: _Builder, derived: str, copied: str, span: tuple[int, int], pattern: str, conf: float
) -> None:
    """``derived`` republishes ``copied``; the same credit line names its publisher."""
    b.edge(
        EdgeKind.REPUBLISHES,
        derived,
        copied,
        span=span,
        method="structure",
        pattern=pattern,
        confidence=conf,
    )
    outlet = b.nodes[copied].outlet
    if outlet:
        b.edge(
            EdgeKind.PUBLISHED_BY,
            copied,
            outlet,
            span=span,
            method="structure",
            pattern=pattern,
            confidence=0.8,
        )


def _annex_article(
    doc: Document,
    seg: _Segment,
    translator: Node | None,
    credits: _Credits,
    b: _Builder,
    main_key: str,
    span: Callable[[Line], tuple[int, int]],
) -> str:
    """Add the article embedded in an annex.

    It belongs to the translator if it was translated, else to the credited outlet.
    """
    assert seg.marker is not None
    title = seg.article
    owner = translator or seg.credit
    seg_text = doc.text[seg.start : seg.end]
    language = detect_language(seg_text)
    seg.article = article_key(outlet=owner.key if owner else None, title=title)
    b.node(
        Node(
            key=seg.article,
            kind=NodeKind.ARTICLE,
            name=title,
            title=title,
            language=language,
            outlet=owner.key if owner else None,
            fingerprint=fingerprint(seg_text),
            stub=True,
        )
    )
    b.edge(
        EdgeKind.REPUBLISHES,
        main_key,
        seg.article,
        span=span(seg.marker),
        method="structure",
        pattern="annex_marker",
        confidence=0.9,
    )
    if owner is not None:
        b.node(owner)
        line = credits.translator[0] if translator and credits.translator else seg.marker
        b.edge(
            EdgeKind.PUBLISHED_BY,
            seg.article,
            owner.key,
            span=span(line),
            method="structure",
            pattern="translated_by" if translator else "annex_credit",
            confidence=0.85,
        )
    if translator is not None and seg.credit is not None and seg.credit.key != translator.key:
        # "publié par RT" on the annex names the original's publisher, not the translator's.
        seg.credit_is_source = True

    return seg.article


def _source_of(
    doc: Document,
    credits: _Credits,
    seg: _Segment,
    registry: Registry,
    b: _Builder,
    derived: str,
    span: Callable[[Line], tuple[int, int]],
) -> tuple[str, Line] | None:
    """Return the article the source lines name: by URL, by the only link, or by title."""
    title: str | None = None
    title_line: Line | None = None
    for line, m in credits.sources:
        found = _line_url(doc, line)
        if found:
            ref = m.group("ref")
            url_title = None if _URL.fullmatch(ref.strip()) else ref
            for other, om in credits.sources:
                if other is not line and not _line_url(doc, other):
                    url_title = om.group("ref")
            if found[1] is not None:
                b.consume(found[1].start, found[1].end)
            return _url_article(found[0], url_title, registry, b), line
        if title is None:
            title, title_line = m.group("ref"), line
    if title is None or title_line is None:
        return None
    derived_outlet = b.nodes[derived].outlet
    # A source title beside exactly one outbound link: the link says which article it is.
    outbound = [
        lk
        for lk in doc.links
        if seg.start <= lk.start < seg.end
        and lk.href.startswith(("http://", "https://"))
        and (
            derived_outlet is None or _domain_outlet(lk.href, registry, None).key != derived_outlet
        )
        and registered_domain(lk.href) != registered_domain(doc.url or "")
    ]
    if len({canonical_url(lk.href) for lk in outbound}) == 1 and derived == seg.article:
        link = outbound[0]
        b.consume(link.start, link.end)
        return _url_article(link.href, title, registry, b), title_line
    named = registry.by_name(title, kinds=[NodeKind.OUTLET])
    if named is None and len(title.split()) <= 4:
        # "Fonte: Sputnik Italia", "Quelle: RT DE": an outlet and its edition.
        first = registry.find_mentions(title)[:1]
        if first and first[0].start == 0 and first[0].entry.kind is NodeKind.OUTLET:
            named = first[0].entry
    if named is not None:
        # "Source : Sputnik": the outlet's article under the same title.
        return _title_article(
            b.nodes[derived].title or title, named.node(), b, language=None
        ), title_line
    credited = seg.credit if seg.credit_is_source else None
    language = detect_language(title) if len(title) > 25 else None
    return _title_article(title, credited, b, language=language), title_line


# Agency datelines, language-independent: "BEIRUT (AP) —", "Moscú, 3 mar (EFE).-",
# "МОСКВА, 12 марта. /ТАСС/.", "МОСКВА, 5 апр — РИА Новости.", and a closing "(AFP)".
_DATELINES = (
    re.compile(
        r"^\W{0,3}(?P<place>[^\W\d_][^\n()]{0,60}?)\s*\((?P<who>[^()\n]{2,40})\)"
        r"\s*(?:\.\s*)?[—–-]"
    ),
    re.compile(r"^\W{0,3}(?P<place>[^\n/]{0,60}?)/(?P<who>[^/\n]{2,20})/"),
    re.compile(
        r"^\W{0,3}(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ .-]{2,30}),\s*[^—–\n]{1,20}?\s*[—–]\s*"
        r"(?P<who>[^.\n]{2,30})\."
    ),
    re.compile(
        r"\((?P<with>(?:avec|with|mit|con|com|с|مع)\s+)?(?P<who>[^()\n]{2,30})\)\s*\.?\s*$",
        re.IGNORECASE,
    ),
)
_TAG_AT_END = _DATELINES[-1]


def _whole_outlet(name: str, registry: Registry) -> Entry | None:
    """The registry outlet that ``name`` names entirely ("Reuters", "РИА Новости")."""
    # "© 2024 Reuters": a year is not part of the name.
    name = re.sub(r"^\d{4}\s+", "", name.strip().strip(".,:;–—-").strip())
    if not name:
        return None
    entry = registry.by_name(name, kinds=[NodeKind.OUTLET])
    if entry is not None:
        return entry
    mentions = registry.find_mentions(name)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(name):
        return mentions[0].entry if mentions[0].entry.kind is NodeKind.OUTLET else None
    return None


def _dateline_place_ok(place: str | None) -> bool:
    if place is None:
        return True
    words = place.split()
    return len(words) <= 6 and (not words or not words[0][:1].islower())


def _cue_lines(
    doc: Document,
    lines: list[Line],
    footer: int,
    pats: list[Patterns],
    registry: Registry,
    b: _Builder,
    segments: list[_Segment],
    publisher: Node | None,
) -> None:
    """Datelines, photo credits and "read more" teasers: cues that name a source
    outlet or article by their position in a line, not by a verb."""
    text = doc.text
    own = publisher.key if publisher else None
    for line in lines:
        if line.start >= footer or not line.text.strip() or b.is_consumed(line.start, line.end):
            continue
        seg = _segment_of(segments, line.start)
        for rx in _DATELINES:
            m = rx.search(line.text)
            if m is None or not _dateline_place_ok(m.groupdict().get("place")):
                continue
            entry = _whole_outlet(m.group("who"), registry)
            if entry is None or entry.key == own:
                continue
            if (
                rx is _TAG_AT_END
                and not m.group("with")
                and entry.outlet_kind is not (OutletKind.NEWS_AGENCY)
            ):
                continue  # "... Russia Today (RT)." spells out a name; "(AFP)" credits a wire
            span = _strip_span(text, line.start + m.start(), line.start + m.end())
            b.node(entry.node())
            b.edge(
                EdgeKind.CITES,
                seg.article,
                entry.key,
                span=span,
                method="pattern",
                pattern=pats[0].pid("dateline"),
                confidence=0.8,
            )
            b.consume(*span)
            break
        for p in pats:
            for m in p.photo_credit.finditer(line.text):
                credit = re.split(r"(?<=\w)\.\s", m.group("who"))[0]
                parts = [x for x in re.split(r"[/|,;]|\s[-–—]\s", credit) if x.strip()][:3]
                entry = next(filter(None, (_whole_outlet(x, registry) for x in parts)), None)
                if entry is None or entry.key == own:
                    continue
                s0 = line.start + m.start()
                span = _strip_span(
                    text, s0, s0 + len(m.group(0)) - len(m.group("who")) + len(credit)
                )
                if b.is_consumed(*span):
                    continue
                b.node(entry.node())
                b.edge(
                    EdgeKind.CITES,
                    seg.article,
                    entry.key,
                    span=span,
                    method="pattern",
                    pattern=p.pid("photo_credit"),
                    confidence=0.6,
                )
                b.consume(*span)
        if _link_in(doc, line.start, line.end) is not None or b.is_consumed(line.start, line.end):
            continue  # a teaser with a link is read as a link
        for p in pats:
            m = p.read_more.match(line.text)
            if m is None:
                continue
            cue = m.group("cue")
            if not (m.group("sep") or cue.isupper() or "." in cue):
                continue
            title = m.group("title").strip().rstrip(".:;,")
            if len(title.split()) < 3:
                continue  # "RELATED ARTICLES" is a heading, not a teaser
            # "Also on rt.com": the teaser names the outlet whose boilerplate it is.
            named = [
                e
                for e in (
                    registry.by_domain(d.group(0)) for d in re.finditer(r"[\w-]+(?:\.[\w-]+)+", cue)
                )
                if e is not None and e.key != own
            ]
            outlet = named[0].node() if named else None
            target = _title_article(title, outlet, b, language=None)
            span = _strip_span(text, line.start, line.end)
            b.edge(
                EdgeKind.CITES,
                seg.article,
                target,
                span=span,
                method="pattern",
                pattern=p.pid("read_more"),
                confidence=0.6,
            )
            if outlet is not None:
                b.edge(
                    EdgeKind.PUBLISHED_BY,
                    target,
                    outlet.key,
                    span=span,
                    method="pattern",
                    pattern=p.pid("read_more"),
                    confidence=0.6,
                )
            b.consume(*span)
            break


def _links(
    doc: Document,
    pats: list[Patterns],
    registry: Registry,
    b: _Builder,
    segments: list[_Segment],
    publisher: Node | None,
) -> None:
    """Turn in-text links to other sites into cites / translates / republishes."""
    own = set(publisher.domains) if publisher else set()
    if doc.url:
        own.add(registered_domain(doc.url))
    text = doc.text
    for link in doc.links:
        if not link.href.startswith(("http://", "https://")):
            continue
        if registered_domain(link.href) in own or b.is_consumed(link.start, link.end):
            continue
        seg = _segment_of(segments, link.start)
        s0, s1 = _sentence_bounds(text, link.start, link.end)
        sentence = text[s0:s1]
        target = article_key(url=link.href)
        if target in b.nodes and any(
            src == seg.article and tgt == target for (src, _k, tgt) in b.edges
        ):
            continue  # already linked by a source or credit line
        outlet = _domain_outlet(link.href, registry, None)
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
            method="hyperlink",
            pattern="link_domain",
            confidence=0.9,
        )
        if _first_match(pats, "translated_from", sentence) or _first_match(
            pats, "translated_by", sentence
        ):
            kind, pattern, conf = EdgeKind.TRANSLATES, f"{pats[0].pid('link')}:translated", 0.85
        elif _first_match(pats, "republished_from", sentence):
            kind, pattern, conf = EdgeKind.REPUBLISHES, f"{pats[0].pid('link')}:republished", 0.85
        else:
            kind, pattern, conf = EdgeKind.CITES, pats[0].pid("link"), 0.7
        b.edge(
            kind,
            seg.article,
            target,
            span=(s0, s1),
            method="hyperlink",
            pattern=pattern,
            confidence=conf,
        )
        b.consume(link.start, link.end)


def _authors(
    doc: Document,
    lines: list[Line],
    footer: int,
    pats: list[Patterns],
    b: _Builder,
    main_key: str,
    segments: list[_Segment],
) -> None:
    text = doc.text
    names: list[tuple[str, tuple[int, int], str]] = []
    if doc.author:
        for name in re.split(r"[;,]| and | et | und ", doc.author):
            name = name.strip()
            if name:
                idx = text.find(name)
                span = (
                    (idx, idx + len(name))
                    if idx >= 0
                    else _metadata_span(text, b.nodes[main_key].name)
                )
                names.append((name, span, "metadata"))
    main_end = segments[0].end
    content = [ln for ln in lines if ln.text.strip()]
    # A name alone on a line at the end of the page's own text is its signature.
    tail = [ln for ln in content if ln.start < main_end][-3:]
    for line in tail:
        value = line.text.strip()
        if _first_match(pats, "byline", line.text):
            continue  # "Par X" is read as a byline below
        if _looks_like_name(value) and not b.is_consumed(line.start, line.end):
            s, e = _strip_span(text, line.start, line.end)
            names.append((value, (s, e), "signature_line"))
    for line in content:
        m = _first_match(pats, "byline", line.text)
        if m and _looks_like_name(m.group("who")):
            s = line.start + m.start("who")
            names.append(
                (m.group("who"), (s, s + len(m.group("who"))), _pid(pats, "byline", line.text))
            )
    for name, span, how in names:
        key = entity_key(NodeKind.AUTHOR, name)
        b.node(Node(key=key, kind=NodeKind.AUTHOR, name=name))
        b.edge(
            EdgeKind.WRITTEN_BY,
            main_key,
            key,
            span=span,
            method="pattern" if how != "metadata" else "metadata",
            pattern=how if "." in how else f"author:{how}",
            confidence=0.9 if how != "signature_line" else 0.75,
        )
        if how != "metadata" or text[span[0] : span[1]] == name:
            # Only a byline read from the text is used up; a metadata author has no span
            # of its own, and its fallback evidence must not hide the words behind it.
            b.consume(*span)
    del footer


def _is_name_token(word: str, stopwords: frozenset[str]) -> bool:
    return word[:1].isupper() and word not in stopwords and not word.isupper()


def _name_run(
    text: str, tokens: list[re.Match[str]], stopwords: frozenset[str]
) -> list[re.Match[str]]:
    """Return the leading run of two capitalised name tokens (particles allowed inside)."""
    run: list[re.Match[str]] = []
    for tok in tokens:
        word = tok.group(0).rstrip(".,")
        if run and not text[run[-1].end() : tok.start()].isspace():
            break
        if _is_name_token(word, stopwords) or (run and word.lower() in _PARTICLES):
            run.append(tok)
            if sum(t.group(0).lower() not in _PARTICLES for t in run) == 2:
                break
        else:
            break
    while run and run[-1].group(0).lower() in _PARTICLES:
        run.pop()
    return run


def _whole_name(value: str, stopwords: frozenset[str]) -> tuple[int, int] | None:
    """The span of ``value`` if all of it is a personal name of two to four words."""
    tokens = list(_NAME_TOKEN.finditer(value))
    if not 2 <= len(tokens) <= 4 or value[: tokens[0].start()].strip():
        return None
    if value[tokens[-1].end() :].strip():
        return None
    for i, tok in enumerate(tokens):
        word = tok.group(0)
        if i and value[tokens[i - 1].end() : tok.start()].strip():
            return None
        if not (
            _is_name_token(word, stopwords)
            or (0 < i < len(tokens) - 1 and word.lower() in _PARTICLES)
        ):
            return None
    return tokens[0].start(), tokens[-1].end()


def _name_after(text: str, cue: re.Match[str], p: Patterns) -> Iterator[tuple[str, int, int]]:
    """The name right after a cue: a few lower-case words and one comma may sit between."""
    _s0, s1 = _sentence_bounds(text, cue.start(), cue.end())
    after = list(_NAME_TOKEN.finditer(text, cue.end(), min(s1, cue.end() + 120)))
    for i, tok in enumerate(after):
        gap = text[(after[i - 1].end() if i else cue.end()) : tok.start()]
        if any(c in gap for c in '.;:«»"“”()\n'):
            return
        if _is_name_token(tok.group(0), p.name_stopwords):
            if i and after[i - 1].group(0).lower() in _PLACE_WORDS:
                return  # "told reporters in Port Halden": a place, not a speaker
            run = _name_run(text, after[i:], p.name_stopwords)
            if len(run) >= 2:
                yield text[run[0].start() : run[-1].end()], run[0].start(), run[-1].end()
            return
        if i >= 4:  # the name must come within a few words of the cue
            return


# Russian genitive -> nominative for personal names ("Андрея Климова" -> "Андрей Климов",
# "Марии Ивановой" -> "Мария Иванова"), so one person is one node whatever the case.
_RU_FEMININE_GEN = (("ии", "ия"), ("ьи", "ья"), ("ой", "а"), ("ы", "а"), ("и", "а"))
_RU_MASCULINE_GEN = (
    ("ого", "ий"),
    ("ея", "ей"),
    ("ая", "ай"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ёва", "ёв"),
    ("ина", "ин"),
    ("ына", "ын"),
    ("я", "ь"),
    ("а", ""),
)


def _ru_nominative(name: str) -> str:
    words = name.split()
    if not words or not all(re.fullmatch(r"[А-ЯЁ][а-яё-]+", w) for w in words):
        return name
    feminine = words[0].endswith(("ии", "ьи", "ы", "и"))
    table = _RU_FEMININE_GEN if feminine else _RU_MASCULINE_GEN
    out = []
    for w in words:
        for ending, nominative in table:
            if w.endswith(ending) and len(w) > len(ending) + 2:
                w = w[: -len(ending)] + nominative
                break
        out.append(w)
    return " ".join(out)


def _speakers(text: str, pats: list[Patterns]) -> Iterator[tuple[str, int, int]]:
    """Yield untitled names standing right next to a verb of speech.

    "…, a déclaré sa présidente, Hélène Castagné." and "Teodor Halmi, director of
    the authority, told reporters" name their speaker without a title the registry
    or the title rule would catch. Names are two or three capitalised words.
    """
    for p in pats:
        # "selon Jean Dupont", "по словам Андрея Климова": a name after an attribution cue.
        for cue in p.according_cue.finditer(text):
            for name, start, end in _name_after(text, cue, p):
                if p.language == "ru":
                    name = _ru_nominative(name)  # the cue governs the genitive
                yield name, start, end
        for verb in p.speech_verb.finditer(text):
            s0, _s1 = _sentence_bounds(text, verb.start(), verb.end())
            yield from _name_after(text, verb, p)
            # Before the verb: the name ends the clause, or precedes one appositive.
            before = text[s0 : verb.start()].rstrip()
            if before.endswith(","):
                cut = before[:-1].rfind(",")
                if cut < 0 or len(before) - cut > 120:
                    continue
                # "Le gouverneur de la région, Viatcheslav Gladkov, a indiqué": the name
                # is the apposition itself.
                inner = before[cut + 1 : -1]
                named = _whole_name(inner, p.name_stopwords)
                if named is not None:
                    start = s0 + cut + 1 + named[0]
                    yield inner[named[0] : named[1]], start, start + named[1] - named[0]
                    continue
                before = before[:cut].rstrip()
            reversed_run: list[re.Match[str]] = []
            end = len(before)
            for tok in reversed(list(_NAME_TOKEN.finditer(before))):
                word = tok.group(0)
                particle = bool(reversed_run) and word.lower() in _PARTICLES
                if before[tok.end() : end].strip() or not (
                    particle or _is_name_token(word, p.name_stopwords)
                ):
                    break
                reversed_run.append(tok)
                end = tok.start()
                if sum(t.group(0).lower() not in _PARTICLES for t in reversed_run) == 2:
                    break
            run = reversed_run[::-1]
            if run and run[0].group(0) in _CALENDAR_WORDS:
                run = run[1:]  # "on Saturday Valmora said": a date, then a place
            if len(run) >= 2 and run[0].group(0).lower() not in _PARTICLES:
                yield (
                    before[run[0].start() : run[-1].end()],
                    s0 + run[0].start(),
                    s0 + run[-1].end(),
                )


def _titled_people(text: str, limit: int, pats: list[Patterns]) -> Iterator[tuple[str, int, int]]:
    """Yield names that follow a title ("le Colonel Ryan Dillon", "Minister X Y")."""
    for p in pats:
        for m in p.person_title.finditer(text, 0, limit):
            tokens = list(_NAME_TOKEN.finditer(text, m.end(), min(limit, m.end() + 120)))
            name: list[re.Match[str]] = []
            gap = 0
            for tok in tokens:
                word = tok.group(0).rstrip(".,")
                between = text[(name[-1].end() if name else m.end()) : tok.start()]
                if any(c in between for c in ',;:«»"“”()\n') and name:
                    break
                if any(c in between for c in ';:«»"“”()\n'):
                    break
                is_cap = word[:1].isupper() and word not in p.name_stopwords
                if is_cap or (name and word.lower() in _PARTICLES):
                    name.append(tok)
                    if len(name) == 4:
                        break
                elif name:
                    break
                else:
                    gap += 1
                    if gap > 5:
                        break
            while name and name[-1].group(0).lower() in _PARTICLES:
                name.pop()
            if len(name) >= 2:
                start, end = name[0].start(), name[-1].end()
                raw = text[start:end].rstrip(".,")
                yield raw, start, start + len(raw)


def _whole_words(text: str, word: str) -> Iterator[tuple[int, int]]:
    r"""Yield the spans of ``word`` in ``text`` not inside a longer word.

    What ``re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)`` finds (``\w`` is
    str.isalnum() or "_"), without compiling a pattern per name: one per surname
    per page was a tenth of the actor pass.
    """
    at = text.find(word)
    while at >= 0 and word:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            yield at, end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


def _actors(
    doc: Document,
    footer: int,
    pats: list[Patterns],
    registry: Registry,
    b: _Builder,
    segments: list[_Segment],
    publisher: Node | None,
) -> None:
    """Classify each actor mention as quotes, cites or mentions, from the words around it."""
    text = doc.text
    zone = text[:footer]
    actors: list[_Actor] = []
    for m in registry.find_mentions(zone):
        actors.append(_Actor(m.entry, m.entry.kind, m.entry.name, m.start, m.end))
    taken = [(a.start, a.end) for a in actors]
    places = _Places(zone)
    for raw, start, end in [*_titled_people(zone, footer, pats), *_speakers(zone, pats)]:
        if any(s < end and start < e for s, e in taken):
            continue
        entry = registry.by_name(raw, kinds=[NodeKind.PERSON]) or registry.by_spelling(
            raw, kind=NodeKind.PERSON
        )
        if entry is None and places.named(raw, start):
            continue
        if entry is None and _MEDIA_WORD.search(raw):
            # "selon Radio Nacional", "according to Channel 12 News": an unknown outlet.
            actors.append(_Actor(None, NodeKind.OUTLET, raw, start, end))
            taken.append((start, end))
            continue
        actors.append(_Actor(entry, NodeKind.PERSON, entry.name if entry else raw, start, end))
        taken.append((start, end))
    # Later bare surnames ("a déclaré Dillon") refer to a full name seen before.
    surnames: dict[str, _Actor] = {}
    for a in actors:
        if a.kind is NodeKind.PERSON and a.entry is None:
            surnames.setdefault(a.name.split()[-1], a)
    for surname, person in surnames.items():
        for start, end in _whole_words(zone, surname):
            if not any(s < end and start < e for s, e in taken):
                actors.append(_Actor(None, NodeKind.PERSON, person.name, start, end))
                taken.append((start, end))
    actors.sort(key=lambda a: a.start)

    own = publisher.key if publisher else None
    for actor in actors:
        if b.is_consumed(actor.start, actor.end) or actor.key == own:
            continue
        seg = _segment_of(segments, actor.start)
        verdict = _classify(text, actor, pats)
        if actor.kind is NodeKind.OUTLET:
            node = actor.entry.node() if actor.entry else _resolve_outlet(actor.name, registry)
            if actor.entry is None and not verdict:
                continue  # an unknown outlet is only worth a node when it is cited
            kind = EdgeKind.CITES if verdict else EdgeKind.MENTIONS
        else:
            node = (
                actor.entry.node()
                if actor.entry
                else Node(key=actor.key, kind=actor.kind, name=actor.name)
            )
            kind = EdgeKind.QUOTES if verdict else EdgeKind.MENTIONS
        b.node(node)
        if verdict:
            pattern, span, conf = verdict
        else:
            pattern, span, conf = "mention", (actor.start, actor.end), 0.5
        b.edge(
            kind,
            seg.article,
            node.key,
            span=span,
            method="pattern",
            pattern=pattern,
            confidence=conf,
        )
    _copied_signatures(doc, footer, registry, b, segments, own)


# Words that make a capitalised name a medium, not a person ("Radio Nacional").
_MEDIA_WORD = re.compile(
    r"(?<!\w)(?:Radio|TV|Télé|Télévision|Televisión|Televisione|Televisão|News|Times|Post|"
    r"Journal|Press|Presse|Prensa|Stampa|Imprensa|Agency|Agence|Agencia|Agenzia|Agência|"
    r"Channel|Chaîne|Canal|Canale|Daily|Gazette|Gazzetta|Gazeta|Herald|Tribune|Today|"
    r"Network|Media|Médias|Zeitung|Diario|Giornale|Jornal|Noticias|Notícias|Magazine|Info)(?!\w)"
)


_PLACE_PREFIX = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in sorted(_PLACE_WORDS))})\s+")
_WORD_CHAR = re.compile(r"\w")


class _Places:
    """Where a text writes a name right after a place preposition ("protests in X").

    The text is scanned once, on first use; each name is then a few ``startswith``
    checks. Compiling and running a regex over the whole text for every name was a
    fifth of extraction on pages with many speakers.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def named(self, name: str, start: int) -> bool:
        """True if the text writes ``name`` after a place word somewhere other than at
        ``start``: "Port Halden said" is then a capital, not a person."""
        if self._starts is None:
            self._starts = [m.end() for m in _PLACE_PREFIX.finditer(self.text)]
        text, end = self.text, len(name)
        return any(
            p != start
            and text.startswith(name, p)
            and not (p + end < len(text) and _WORD_CHAR.match(text, p + end))
            for p in self._starts
        )


def _after_place_word(before: str) -> bool:
    """True for "told reporters in <actor>": the actor is where it was said."""
    words = before.split()
    return bool(words) and words[-1].lower() in _PLACE_WORDS


def _classify(
    text: str, actor: _Actor, pats: list[Patterns]
) -> tuple[str, tuple[int, int], float] | None:
    """Return (pattern id, evidence span, confidence) if the actor is a source here."""
    s0, s1 = _sentence_bounds(text, actor.start, actor.end)
    before = text[s0 : actor.start]
    after = text[actor.end : s1]
    is_outlet = actor.kind is NodeKind.OUTLET
    for p in pats:
        if m := p.speech_after.match(after):
            return p.pid("speech_verb"), (actor.start, actor.end + m.end()), 0.8
        if (m := p.speech_before.search(before)) and not _after_place_word(before):
            return p.pid("speech_verb"), (s0 + m.start(), actor.end), 0.8
        if m := p.noun_before.search(before):
            return p.pid("according_to"), (s0 + m.start(), actor.end), 0.75
        if is_outlet and (m := p.publish_after.match(after)):
            return p.pid("publish_after"), (actor.start, actor.end + m.end()), 0.75
        if is_outlet and (m := p.publish_before.search(before)):
            return p.pid("publish_before"), (s0 + m.start(), actor.end), 0.75
        if is_outlet and (m := p.agency_before.search(before)):
            return p.pid("agency"), (s0 + m.start(), actor.end), 0.65
        if is_outlet and p.agency_within.search(text[actor.start : actor.end]):
            return p.pid("agency"), (actor.start, actor.end), 0.65
        if not is_outlet and (m := p.colon_quote_after.match(after)):
            return p.pid("colon_quote"), (actor.start, actor.end + m.end()), 0.7
    return None


def _copied_signatures(
    doc: Document,
    footer: int,
    registry: Registry,
    b: _Builder,
    segments: list[_Segment],
    own: str | None,
) -> None:
    """Another outlet's boilerplate inside the text means content was copied from it."""
    text = doc.text[:footer]
    lowered = text.casefold()
    for entry in registry.signed_outlets:
        if entry.kind is not NodeKind.OUTLET or entry.key == own:
            continue
        for sig in entry.signatures:
            idx = lowered.find(sig.casefold())
            if idx < 0 or b.is_consumed(idx, idx + len(sig)):
                continue
            seg = _segment_of(segments, idx)
            b.node(entry.node())
            b.edge(
                EdgeKind.CITES,
                seg.article,
                entry.key,
                span=(idx, idx + len(sig)),
                method="signature",
                pattern="en.copied_signature",
                confidence=0.5,
            )
            break
