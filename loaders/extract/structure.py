"""Annexes and credit lines: which article a page (or a copy embedded in it) derives from.

"Annexe", "Source : <title>", "Traduit par X", "Originally published on X": lines that
say, by their place in the page, that the text is a copy or a translation of another
article. Each segment (the page's own text, or an annexed copy) is read on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.keys import canonical_url, registered_domain
from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.documents import detect_language
from loaders.extract.articles import URL, line_url, title_article, url_article
from loaders.extract.context import Page, Segment
from loaders.extract.cuelines import outlet_at_start
from loaders.extract.publisher import domain_outlet, names_outlet, resolve_outlet
from loaders.extract.text import PLATFORMS, Line, strip_span
from loaders.registry import Entry, Registry

__all__ = ["find_segments"]


@dataclass
class _Credits:
    """The attribution lines of one segment."""

    sources: list[tuple[Line, re.Match[str]]] = field(default_factory=list)
    translator: tuple[Line, re.Match[str]] | None = None
    translated_from: Line | None = None
    republished: tuple[Line, re.Match[str]] | None = None
    # The slot that found ``republished``: republished_from, continue_reading, credit_from.
    republished_slot: str = ""

    def lines(self) -> list[Line]:
        found = [ln for ln, _ in self.sources]
        found += [x[0] for x in (self.translator, self.republished) if x]
        return found + ([self.translated_from] if self.translated_from else [])


def find_segments(page: Page) -> list[Segment]:
    """Find annexes and the source/translator/republication lines of each segment."""
    lines = page.text.lines
    segments = [Segment(0, page.footer, page.main_key)]
    for i, line in enumerate(lines):
        if line.start >= page.footer or not line.text.strip() or len(line.text) > 200:
            continue
        if any(p.annex_marker.match(line.text) for p in page.pats):
            title_line = next((ln for ln in lines[i + 1 :] if ln.text.strip()), None)
            if title_line is None or title_line.start >= page.footer:
                continue
            segments[-1].end = line.start
            seg = Segment(line.start, page.footer, "", marker=line)
            credit = page.first_match("republished_from", line.text)
            if credit is not None:
                seg.credit = resolve_outlet(credit.group("who"), page.registry)
            seg.article = title_line.text.strip()  # provisional: the key needs the outlet
            segments.append(seg)
            page.builder.consume(line.start, line.end)
    page.segments = segments
    for seg in segments:
        _segment_lines(page, seg)
    return segments


def _at_line_start(line: str, m: re.Match[str]) -> bool:
    """A credit opens its line: "Originally published on X", not "travelled via X"."""
    return not any(c.isalpha() for c in line[: m.start()])


def _names_language(page: Page, line: str, by: re.Match[str]) -> bool:
    """True when the "translator" of a credit is a language: "Перевод с английского"."""
    source = page.first_match("translated_from", line)
    return source is not None and source.end() >= by.end("who") - 1


# Where a sentence ends inside a line: a full stop, an ellipsis or a closing quotation.
_SENTENCE_END = re.compile(r"[.!?…»”\")\]]\s+(?=\S)")


def _last_sentence(line: Line) -> Line | None:
    """The last sentence of a line that holds several, when it is short enough to be a
    credit closing a paragraph: "… ухода в отставку. Источник: Lenta.ru", "… il candidato
    ... Leggi su ilblogdellestelle"."""
    ends = list(_SENTENCE_END.finditer(line.text, max(0, len(line.text) - 160)))
    if not ends:
        return None
    last = ends[-1]
    return Line(line.start + last.end(), line.end, line.text[last.end() :])


def _credits(page: Page, seg: Segment) -> _Credits:
    credits = _Credits()
    for whole in page.text.lines:
        if whole.start == seg.end == page.footer and credits.republished is None:
            # "Riproduzione riservata © Copyright ANSA" opens the footer it marks.
            if m := _copyright(page, whole.text):
                _republished(credits, whole, m, "copyright_line")
            continue
        if not (seg.start <= whole.start < seg.end) or whole is seg.marker:
            continue
        if not _credit_line(page, credits, whole) and (tail := _last_sentence(whole)):
            _credit_line(page, credits, tail)
    return credits


def _credit_line(page: Page, credits: _Credits, line: Line) -> bool:
    """Record ``line`` in ``credits`` if it is a credit line; say whether it was."""
    if len(line.text) > 300:
        return False
    if m := page.first_match("source_line", line.text):
        credits.sources.append((line, m))
    elif (m := page.first_match("translated_by", line.text)) and not _names_language(
        page, line.text, m
    ):
        credits.translator = credits.translator or (line, m)
    elif page.first_match("translated_from", line.text):
        credits.translated_from = credits.translated_from or line
    elif m := _republished_from(page, line.text):
        _republished(credits, line, m, "republished_from")
    elif m := _continue_reading(page, line.text):
        _republished(credits, line, m, "continue_reading")
    elif m := _credit_from(page, line.text):
        _republished(credits, line, m, "credit_from")
    elif m := _copyright(page, line.text):
        _republished(credits, line, m, "copyright_line")
    else:
        return False
    return True


def _copyright(page: Page, line: str) -> re.Match[str] | None:
    """ "Riproduzione riservata © Copyright ANSA": a registry outlet other than the
    publisher owns the text. The word "copyright" or an "all rights reserved" must say
    so: a bare "© Sputnik" is a photo credit."""
    if "©" not in line and "(c)" not in line.lower() and "copyright" not in line.lower():
        return None
    m = page.first_match("copyright_line", line)
    if m is None or not (
        "copyright" in m.group("mark").lower() or m.group("rights1") or m.group("rights2")
    ):
        return None
    entry = page.registry.by_name(m.group("who"), kinds=[NodeKind.OUTLET])
    return m if entry is not None and entry.key != page.own else None


def _republished_from(page: Page, line: str) -> re.Match[str] | None:
    """ "Originally published on X", also with a short subject before it ("Questo
    articolo è stato pubblicato originariamente su X", "Cet article a été publié
    initialement sur X") and a language inside it ("pubblicato originariamente in
    inglese su X", "erschien zuerst auf Englisch bei X"). After a subject the line must
    be short and name no more than the outlet: "Le rapport publié sur le site du
    ministère indique que …" is no credit, and the outlet must be a registry one."""
    bare = _without_language(page, line)
    m = page.first_match("republished_from", bare)
    if m is None:
        return None
    if _at_line_start(bare, m):
        return m
    lead = bare[: m.start()]
    if len(lead.split()) > 4 or len(bare) > 160 or any(c in ',;:«»"“”()' for c in lead):
        return None
    who = m.group("who").strip()
    named = outlet_at_start(who, page.registry)
    # After a subject, only a registry outlet named whole: "Kitabın ilk yayımlandığı
    # yer İstanbul'du" names a city.
    return m if named is not None and not who[named[1] :].strip(' .»”"') else None


def _without_language(page: Page, line: str) -> str:
    """``line`` without the names of other languages: "in inglese", "auf Englisch"."""
    low = line.lower()
    for ph in page.lang.words["language_phrases"]:
        if ph in low:
            line = re.sub(rf"(?<!\w){re.escape(ph)}(?!\w)\s*", "", line, flags=re.IGNORECASE)
            low = line.lower()
    return line


def _republished(credits: _Credits, line: Line, m: re.Match[str], slot: str) -> None:
    if credits.republished is None:
        credits.republished, credits.republished_slot = (line, m), slot


def _credit_from(page: Page, line: str) -> re.Match[str] | None:
    """ "from Cyprus News Agency", "aus Die Presse, Wien,": a bare preposition credits a
    copy only when a registry outlet, named whole, follows it, and at most a place or a
    date after a comma ("aus der Zeit, als …" is no credit)."""
    m = page.first_match("credit_from", line)
    if m is None:
        return None
    rest = m.group("rest") or ""
    if rest and not (rest[:1].isupper() or rest[:1].isdigit()):
        return None
    entry = page.registry.by_name(m.group("who"), kinds=[NodeKind.OUTLET])
    return m if entry is not None and entry.key != page.own else None


def _continue_reading(page: Page, line: str) -> re.Match[str] | None:
    lowered = line.lower()
    for p in page.pats:
        if p.may_match("continue_reading", lowered) and (m := p.continue_reading.search(line)):
            return m
    return None


def _span(page: Page, line: Line) -> tuple[int, int]:
    return strip_span(page.doc.text, line.start, line.end)


def _segment_lines(page: Page, seg: Segment) -> None:
    """Turn a segment's credit lines into derivation edges.

    The lines are read as a chain. "First published by X" makes this article a copy
    of X's; the source and translator lines that follow then describe X's article
    (a site that reposts a translation copies the translator's credits verbatim).
    """
    b = page.builder
    credits = _credits(page, seg)
    for line in credits.lines():
        b.consume(line.start, line.end)

    translator = (
        resolve_outlet(credits.translator[1].group("who"), page.registry)
        if credits.translator
        else None
    )
    derived = (
        page.main_key if seg.marker is None else _annex_article(page, seg, translator, credits)
    )
    derived_lang = b.nodes[derived].language
    own = b.nodes[derived].outlet

    if credits.republished is not None:
        line, m = credits.republished
        translated = _in_other_language(page, line.text)
        found = line_url(page, line)
        if found:
            copied = url_article(page, found[0], b.nodes[derived].title)
            if found[1] is not None:
                b.consume(found[1].start, found[1].end)
        else:
            named = outlet_at_start(m.group("who"), page.registry)
            who = named[0].node() if named else resolve_outlet(m.group("who"), page.registry)
            language = None if translated else derived_lang
            copied = title_article(page, b.nodes[derived].title or "", who, language=language)
        slot = credits.republished_slot
        _copy_of(
            page,
            derived,
            copied,
            _span(page, line),
            page.pid(slot, line.text),
            slot,
            kind=EdgeKind.TRANSLATES if translated else EdgeKind.REPUBLISHES,
        )
        derived, own = copied, b.nodes[copied].outlet
    elif (
        translator is not None
        and own is not None
        and not names_outlet(translator, own, b)
        and not _names_person(page, credits.translator[1].group("who"))  # type: ignore[index]
    ):
        # The page reposts someone else's translation: keep both steps.
        line = credits.translator[0]  # type: ignore[index]
        copied = title_article(
            page, b.nodes[derived].title or "", translator, language=derived_lang
        )
        _copy_of(
            page, derived, copied, _span(page, line), "translated_by_other", "translated_by_other"
        )
        derived = copied

    if not credits.sources:
        return
    source = _source_of(page, credits, seg, derived)
    if source is None:
        return
    src_key, src_line = source
    src_lang = b.nodes[src_key].language
    src_outlet_entry = page.registry.get(b.nodes[src_key].outlet or "")
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
            b.edge(
                kind,
                derived,
                src_key,
                span=_span(page, credit),
                method=EvidenceMethod.STRUCTURE,
                pattern=page.pid(slot, credit.text),
                confidence=page.conf(slot),
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
            span=_span(page, credit_line),
            method=EvidenceMethod.STRUCTURE,
            pattern="source_credit",
            confidence=page.conf("source_credit"),
        )


def _names_person(page: Page, who: str) -> bool:
    """Whether a translator credit names a person ("Traduit par Jean Dupont", "अनुवाद:
    सुशील जोशी"), who translated for the page's publisher, rather than an outlet whose
    translation the page reposts ("Traduit par Réseau International"): a registry
    person, or two to four name words with no head word of a medium or a body, outside
    the registry's outlets."""
    who = re.sub(r"\s*[\[(].*$", "", who).strip().rstrip(".")  # "X [Hindi PDF, 347 kB]"
    entry = page.registry.by_name(who)
    if entry is not None:
        return entry.kind is NodeKind.PERSON
    if any(m.entry.kind is NodeKind.OUTLET for m in page.registry.find_mentions(who)):
        return False
    words = who.split()
    p = page.lang
    heads = p.words["media_heads"] | p.words["org_heads"] | p.words["determiners"]
    return 2 <= len(words) <= 4 and all(
        not any(c.isdigit() or c in "./:@" for c in w.rstrip("."))
        and (w[:1].isupper() or not w[:1].islower())  # a capital, or a script without
        and w.lower() not in heads
        for w in words
    )


def _in_other_language(page: Page, line: str) -> bool:
    """ "Cet article a été publié initialement en anglais sur X": the credit names
    another language than the page's, so the copy is a translation."""
    low = line.lower()
    return any(
        re.search(rf"(?<!\w){re.escape(ph)}(?!\w)", low)
        for ph in page.lang.words["language_phrases"]
        if ph in low
    )


def _copy_of(
    page: Page,
    derived: str,
    copied: str,
    span: tuple[int, int],
    pattern: str,
    slot: str,
    *,
    kind: EdgeKind = EdgeKind.REPUBLISHES,
) -> None:
    """``derived`` republishes (or translates) ``copied``; the same credit line names
    its publisher."""
    b = page.builder
    b.edge(
        kind,
        derived,
        copied,
        span=span,
        method=EvidenceMethod.STRUCTURE,
        pattern=pattern,
        confidence=page.conf(slot),
    )
    outlet = b.nodes[copied].outlet
    if outlet:
        b.edge(
            EdgeKind.PUBLISHED_BY,
            copied,
            outlet,
            span=span,
            method=EvidenceMethod.STRUCTURE,
            pattern=pattern,
            confidence=page.conf("source_credit"),
        )


def _annex_article(page: Page, seg: Segment, translator: Node | None, credits: _Credits) -> str:
    """Add the article embedded in an annex.

    It belongs to the translator if it was translated, else to the credited outlet.
    """
    assert seg.marker is not None
    b = page.builder
    title = seg.article
    owner = translator or seg.credit
    seg_text = page.doc.text[seg.start : seg.end]
    seg.article = b.article(
        title, seg_text, outlet=owner, language=detect_language(seg_text), stub=True
    )
    b.edge(
        EdgeKind.REPUBLISHES,
        page.main_key,
        seg.article,
        span=_span(page, seg.marker),
        method=EvidenceMethod.STRUCTURE,
        pattern="annex_marker",
        confidence=page.conf("annex_marker"),
    )
    if owner is not None:
        b.node(owner)
        line = credits.translator[0] if translator and credits.translator else seg.marker
        b.edge(
            EdgeKind.PUBLISHED_BY,
            seg.article,
            owner.key,
            span=_span(page, line),
            method=EvidenceMethod.STRUCTURE,
            pattern="translated_by" if translator else "annex_credit",
            confidence=page.conf("annex_credit"),
        )
    if translator is not None and seg.credit is not None and seg.credit.key != translator.key:
        # "publié par RT" on the annex names the original's publisher, not the translator's.
        seg.credit_is_source = True
    return seg.article


def _names_no_article(title: str, registry: Registry) -> bool:
    """ "Источник: МИД России", "Zdroj: Facebook Andreje Babiše": a source line naming a
    body, a person or a platform names where the information came from, not an article."""
    if PLATFORMS.match(title.strip()):
        return True
    found = registry.find_mentions(title)[:1]
    return bool(
        found
        and found[0].start == 0
        and found[0].end >= len(title.rstrip(" .")) - 1
        and found[0].entry.kind is not NodeKind.OUTLET
    )


def _described_outlet(title: str, registry: Registry) -> Entry | None:
    """ "Джерело: російське пропагандистське видання «РИА Новости»": a known outlet at
    the end of a source line, after lower-case words that describe it."""
    found = [m for m in registry.find_mentions(title) if m.entry.kind is NodeKind.OUTLET]
    if len(found) != 1:
        return None
    m = found[0]
    before = title[: m.start].strip(' "«„“')
    after = title[m.end :].strip(' "»”“.')
    if after or not all(w[:1].islower() for w in before.split()):
        return None
    return m.entry


_TRAILING_DATE = re.compile(
    r"\s+(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|[–—-]\s+\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


def _source_of(
    page: Page, credits: _Credits, seg: Segment, derived: str
) -> tuple[str, Line] | None:
    """Return the article the source lines name: by URL, by the only link, or by title."""
    b, registry = page.builder, page.registry
    title: str | None = None
    title_line: Line | None = None
    for line, m in credits.sources:
        found = line_url(page, line)
        if found:
            ref = m.group("ref")
            url_title = None if URL.fullmatch(ref.strip()) else ref
            for other, om in credits.sources:
                if other is not line and not line_url(page, other):
                    url_title = om.group("ref")
            if found[1] is not None:
                b.consume(found[1].start, found[1].end)
            return url_article(page, found[0], url_title), line
        if title is None:
            title, title_line = m.group("ref"), line
    if title is None or title_line is None:
        return None
    # "来源:FT中文网    2017-05-16 14:59", "Sumber: Kompas.com | Editor: X": the date the
    # copy was taken and the line's other cells are no part of the name.
    title = title.split(" | ")[0].strip() or title
    title = _TRAILING_DATE.sub("", title) or title
    outlet_part, slash, author = title.partition(" / ")
    if slash and len(outlet_part.split()) <= 4 and author[:1].isupper():
        # "Fonte: Agenzia Vista / Alexander Jakhnagiev": the outlet, then its author.
        title = outlet_part
    if _names_no_article(title, registry):
        return None
    derived_outlet = b.nodes[derived].outlet
    own_domain = registered_domain(page.doc.url or "")
    # A source title beside exactly one outbound link: the link says which article it is.
    outbound = [
        lk
        for lk in page.links.starting(seg.start, seg.end)
        if lk.href.startswith(("http://", "https://"))
        and (derived_outlet is None or domain_outlet(lk.href, registry, None).key != derived_outlet)
        and registered_domain(lk.href) != own_domain
    ]
    if len({canonical_url(lk.href) for lk in outbound}) == 1 and derived == seg.article:
        link = outbound[0]
        b.consume(link.start, link.end)
        return url_article(page, link.href, title), title_line
    named = registry.by_name(title, kinds=[NodeKind.OUTLET])
    edition = False
    if named is None and len(title.split()) <= 4:
        # "Fonte: Sputnik Italia", "Quelle: RT DE", "来源:FT中文网": an outlet and its
        # edition, which a page credits in its own language (the outlet's own
        # languages then say nothing about a translation).
        first = registry.find_mentions(title)[:1]
        if first and first[0].start == 0 and first[0].entry.kind is NodeKind.OUTLET:
            named = first[0].entry
            edition = bool(title[first[0].end :].strip())
    if named is None:
        named = _described_outlet(title, registry)
    if named is not None:
        # "Source : Sputnik": the outlet's article under the same title.
        language = b.nodes[derived].language if edition else None
        return title_article(
            page, b.nodes[derived].title or title, named.node(), language=language
        ), title_line
    credited = seg.credit if seg.credit_is_source else None
    language = detect_language(title) if len(title) > 25 else None
    return title_article(page, title, credited, language=language), title_line
