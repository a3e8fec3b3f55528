"""Datelines, wire and photo credits, and "read more" teasers.

Cues that name a source outlet or article by their place in a line ("MOSCOW (Sputnik) —",
"© Sputnik / Name", "READ MORE: <title>"), not by a verb.
"""

from __future__ import annotations

import re

from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind, OutletKind
from loaders.extract.articles import link_in, title_article
from loaders.extract.context import Page
from loaders.extract.publisher import domain_outlet
from loaders.extract.text import Line, strip_span
from loaders.registry import Entry, Registry

__all__ = ["cue_lines", "whole_outlet"]

# Agency datelines, language-independent: "BEIRUT (AP) —", "Moscú, 3 mar (EFE).-",
# "МОСКВА, 12 марта. /ТАСС/.", "МОСКВА, 5 апр — РИА Новости.", and a closing "(AFP)".
_DATELINES = (
    re.compile(
        r"^\W{0,3}(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?\s+)?"
        r"(?P<place>[^\W_][^\n()]{0,60}?)\s*\((?P<who>[^()\n]{2,40})\)"
        r"\s*(?:\.\s*)?[—–-]"
    ),
    re.compile(r"^\W{0,3}(?P<place>[^\n/]{0,60}?)/(?P<who>[^/\n]{2,20})/"),
    re.compile(
        r"^\W{0,3}(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ .-]{2,30}),\s*[^—–\n]{1,20}?\s*[—–]\s*"
        r"(?P<who>[^.\n]{2,30})\."
    ),
    # "Jakarta, CNN Indonesia --", "JAKARTA, KOMPAS.com -", "Liputan6.com, Jakarta -":
    # a place and an outlet, either way round, before a dash.
    re.compile(
        r"^\W{0,3}(?P<place>[A-Z][^\W\d_]*(?:[ .'-][^\W\d_]+){0,3}),\s*"
        r"(?P<who>[^,\n()—–]{2,40}?)\s+(?:--|[—–-])\s"
    ),
    re.compile(
        r"^\W{0,3}(?P<who>[^,\n()]{2,40}?),\s*"
        r"(?P<place>[A-Z][^\W\d_]*(?:[ .'-][^\W\d_]+){0,3})\s+(?:--|[—–-])\s"
    ),
    re.compile(
        r"\((?P<with>(?:avec|with|mit|con|com|с|مع)\s+)?(?P<who>[^()\n]{2,30})\)\s*\.?\s*$",
        re.IGNORECASE,
    ),
)
_TAG_AT_END = _DATELINES[-1]
# A wire credit opening a paragraph: "AGI - ...", "Sputnik - ...", "(ANSA) – ROMA, 29 OTT –",
# "(CNN)-- ". Only a news agency or state medium counts ("Berlin - ..." names a place).
_WIRE_CREDITS = (
    re.compile(r"^[^\w(]{0,3}\((?P<who>[^()\n]{2,30})\)\s*(?:--|[—–-])\s"),
    # "AGI - ...", "(Di mercoledì 11 settembre 2024) AGI - ...": an aggregator's date first
    re.compile(
        r"^\W{0,3}(?:\([^()\n]{4,60}\)\s*)?(?P<who>[^\W\d][^\n—–()/:-]{1,25}?)\s+[—–-]\s+(?=\w|[\"“«„])"
    ),
)
# What follows a wire credit is a sentence, not a site's tagline ("Sputnik Deutschland –
# Aktuelle Top-News und Analysen : Fotos, Videos").
_SENTENCE_AFTER = re.compile(r"(?:\S+\s+){5,}.*[.!?…\"”»)]\s*$")
# "पटना, 17 अगस्त (भाषा) ...", "New Delhi, Aug 17 (PTI) ...": place, date, then the agency in
# brackets opening the text, with no dash after it.
_DATED_TAG = re.compile(
    r"^\W{0,3}(?P<place>[^\W\d_][^\n(),]{0,40}),\s*"
    r"(?:\d{1,2}\s+[^\s\d(),]{2,12}|[^\s\d(),]{2,12}\.?\s+\d{1,2})"
    r"\s*\((?P<who>[^()\n]{2,30})\)\s"
)
# "واشنطن-د ب أ": a line of its own, a place, a dash and the agency.
_PLACE_DASH_AGENCY = re.compile(
    r"^\W{0,3}(?P<place>[^\W\d_][^\s\-–—]{1,20}(?:\s[^\W\d_][^\s\-–—]{1,20})?)\s*[-–—]\s*"
    r"(?P<who>[^\n\-–—]{2,25}?)\s*$"
)
# Chinese wire datelines ("新华社北京3月5日电", "（中央社记者徐薇婷华盛顿16日专电）"): the
# agency opens the line, a place and a date follow, then 电 ("wire").
_CJK_DATELINE = re.compile(
    r"^[\s（(]{0,3}(?P<head>[^\W\d_][^\n\d]{1,30}?)(?:\d{1,2}月)?\d{1,2}日(?:专|專)?(?:电|電)"
)


def whole_outlet(name: str, registry: Registry) -> Entry | None:
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


def _cite(
    page: Page, line: Line, outlet: Entry | Node, span: tuple[int, int], pattern: str, slot: str
) -> None:
    node = outlet.node() if isinstance(outlet, Entry) else outlet
    page.builder.node(node)
    page.builder.edge(
        EdgeKind.CITES,
        page.segment_at(line.start).article,
        node.key,
        span=span,
        method=EvidenceMethod.PATTERN,
        pattern=pattern,
        confidence=page.conf(slot),
    )
    page.builder.consume(*span)


def _dateline(page: Page, line: Line) -> None:
    text = page.doc.text
    cjk = _CJK_DATELINE.match(line.text)
    if cjk is not None:
        head = cjk.group("head")
        for n in range(len(head), 1, -1):
            entry = whole_outlet(head[:n], page.registry)
            if entry is not None and entry.key != page.own:
                span = strip_span(text, line.start + cjk.start("head"), line.start + cjk.end())
                _cite(page, line, entry, span, page.lang.pid("dateline"), "dateline")
                return
    for rx in (*_DATELINES[:-1], _DATED_TAG, _PLACE_DASH_AGENCY, _TAG_AT_END):
        m = rx.search(line.text)
        if m is None or not _dateline_place_ok(m.groupdict().get("place")):
            continue
        entry = whole_outlet(m.group("who"), page.registry)
        if entry is None or entry.key == page.own:
            continue
        if (
            rx is _TAG_AT_END
            and not m.group("with")
            and entry.outlet_kind is not (OutletKind.NEWS_AGENCY)
        ):
            continue  # "... Russia Today (RT)." spells out a name; "(AFP)" credits a wire
        span = strip_span(text, line.start + m.start(), line.start + m.end())
        _cite(page, line, entry, span, page.lang.pid("dateline"), "dateline")
        return


# A dispatch signed with its agency after its last sentence, on the same line:
# "… belirtildi. DHA", "… bildirmişti. AA".
_SIGN_OFF = re.compile(
    r".*[.!?…\"”»]\s+(?P<who>[^\W\d_][\w&.-]{1,20}(?:\s[^\W\d_][\w&.-]{1,20}){0,2})\s*$"
)


def _cite_agency(
    page: Page, line: Line, m: re.Match[str], kinds: tuple[OutletKind, ...], at: tuple[int, int]
) -> bool:
    """Cite the outlet ``m`` names (group ``who``) as a wire credit, when it is one of
    ``kinds``, not the page's own, and its span (``at``, in the line) is unread."""
    entry = whole_outlet(m.group("who"), page.registry)
    if entry is None or entry.key == page.own or entry.outlet_kind not in kinds:
        return False
    span = strip_span(page.doc.text, line.start + at[0], line.start + at[1])
    if page.builder.is_consumed(*span):
        return False
    _cite(page, line, entry, span, page.lang.pid("wire_credit"), "wire_credit")
    return True


def _sign_off(page: Page, line: Line) -> None:
    m = _SIGN_OFF.match(line.text)
    if m is not None:
        _cite_agency(page, line, m, (OutletKind.NEWS_AGENCY,), m.span("who"))


def _wire_credit(page: Page, line: Line) -> None:
    wire = (OutletKind.NEWS_AGENCY, OutletKind.STATE_MEDIA)
    for rx in _WIRE_CREDITS:
        m = rx.search(line.text)
        if m is None or not _SENTENCE_AFTER.match(line.text[m.end() :]):
            continue
        # In brackets before the dash no place can stand: "(CNN) —" credits any outlet.
        kinds = tuple(OutletKind) if rx is _WIRE_CREDITS[0] else wire
        if _cite_agency(page, line, m, kinds, m.span()):
            return


def _agency_byline(page: Page, line: Line) -> None:
    """ "17:21 - 24/10/14 por Lusa", "Von dpa": a short credit line whose byline names a
    news agency."""
    if len(line.text.split()) > 12:
        return
    for w in re.finditer(r"(?<!\S)\w", line.text):
        for p in page.pats:
            m = p.byline.match(line.text[w.start() :])
            if m is None:
                continue
            entry = whole_outlet(m.group("who"), page.registry)
            if (
                entry is None
                or entry.key == page.own
                or entry.outlet_kind is not (OutletKind.NEWS_AGENCY)
            ):
                continue
            span = strip_span(
                page.doc.text, line.start + w.start(), line.start + w.start() + m.end()
            )
            if not page.builder.is_consumed(*span):
                _cite(page, line, entry, span, p.pid("dateline"), "dateline")
            return


def _photo_credits(page: Page, line: Line) -> None:
    text = page.doc.text
    for p in page.pats:
        for m in p.photo_credit.finditer(line.text):
            credit = re.split(r"(?<=\w)\.\s", m.group("who"))[0]
            parts = [x for x in re.split(r"[/|,;]|\s[-–—]\s", credit) if x.strip()][:3]
            entry = next(filter(None, (whole_outlet(x, page.registry) for x in parts)), None)
            if entry is None:
                entry, credit = _glued_credit(page, credit)
            if entry is None or entry.key == page.own:
                continue
            s0 = line.start + m.start()
            span = strip_span(text, s0, s0 + len(m.group(0)) - len(m.group("who")) + len(credit))
            if page.builder.is_consumed(*span):
                continue
            _cite(page, line, entry, span, p.pid("photo_credit"), "photo_credit")


def _glued_credit(page: Page, credit: str) -> tuple[Entry | None, str]:
    """A credit run into the next sentence when the page was flattened ("Фото: Reuters
    Пресс-секретарь президента…"): an outlet opening it, then a capitalised word."""
    named = outlet_at_start(credit, page.registry)
    if named is None:
        return None, credit
    rest = credit[named[1] :]
    if not rest[:1].isspace() or not rest.lstrip()[:1].isupper():
        return None, credit
    return named[0], credit[: named[1]]


# "(Olivier Morin / AFP)", "Maderpost / Anadolu", "PA/X": a credit that names the
# photographer or source, a slash, then the agency.
_SLASH_CREDIT = re.compile(
    r"(?:^|\()\s*(?P<by>[^()\n/]{2,50}?)\s*/\s*(?P<who>[^()\n/,;.]{2,30}?)\s*(?:\)|$)"
)


def _slash_credit(page: Page, line: Line) -> None:
    text = page.doc.text
    for m in _SLASH_CREDIT.finditer(line.text):
        bare = not line.text[: m.start()].strip() and not line.text[m.end() :].strip()
        if not (
            line.text[m.start() : m.start() + 1] == "(" or m.group(0).lstrip().startswith("(")
        ) and not (bare and len(line.text.split()) <= 8):
            continue
        # "Lusa/SOL": an agency before the slash credits it as well as one after.
        entry = next(
            (
                e
                for e in (whole_outlet(m.group(g), page.registry) for g in ("who", "by"))
                if e is not None and e.key != page.own
            ),
            None,
        )
        if entry is None:
            continue
        span = strip_span(text, line.start + m.start(), line.start + m.end())
        if page.builder.is_consumed(*span):
            continue
        _cite(page, line, entry, span, page.lang.pid("photo_credit"), "photo_credit")


def outlet_at_start(name: str, registry: Registry) -> tuple[Entry, int] | None:
    """The registry outlet a text opens with ("The Guardian that inspired…"), and where
    its name ends; a leading article may stand before it."""
    for m in registry.find_mentions(name[:120]):
        lead = name[: m.start].strip().lower()
        if m.entry.kind is NodeKind.OUTLET and lead in ("", "the", "le", "la", "der", "die"):
            return m.entry, m.end
        break
    return None


def _to_article(
    page: Page,
    kind: EdgeKind,
    article: str,
    target: str,
    span: tuple[int, int],
    pattern: str,
    slot: str,
) -> None:
    """``article`` -kind-> the stub article ``target``, and the stub's PUBLISHED_BY edge
    to its outlet when it has one, on the cue's one span."""
    b = page.builder
    outlet = b.nodes[target].outlet
    for edge_kind, source, to in ((kind, article, target), (EdgeKind.PUBLISHED_BY, target, outlet)):
        if to is None:
            continue
        b.edge(
            edge_kind,
            source,
            to,
            span=span,
            method=EvidenceMethod.PATTERN,
            pattern=pattern,
            confidence=page.conf(slot),
        )
    b.consume(*span)


_QUOTES = "\"'«»“”„‘’ "


def _translation_of(page: Page, line: Line) -> None:
    """ "Di seguito la traduzione dell'articolo pubblicato sul “The New York Times”": the
    page translates an article of that outlet (a stub, titled as the page is, as a
    source line's is). The outlet must open what follows the phrase."""
    lowered = line.text.lower()
    for p in page.pats:
        m = p.translation_of.search(line.text) if p.may_match("translation_of", lowered) else None
        if m is None:
            continue
        who = m.group("who")
        skip = len(who) - len(who.lstrip(_QUOTES))
        found = outlet_at_start(who[skip:], page.registry)
        if found is None or found[0].key == page.own:
            continue
        entry, end = found
        b = page.builder
        article = page.segment_at(line.start).article
        outlet = entry.node()
        language = entry.languages[0] if len(entry.languages) == 1 else None
        original = title_article(page, b.nodes[article].title or "", outlet, language=language)
        start = line.start + m.start("who") + skip + end
        span = strip_span(page.doc.text, line.start + m.start(), start)
        pattern = p.pid("translation_of")
        _to_article(page, EdgeKind.TRANSLATES, article, original, span, pattern, "translation_of")
        return


def _via(page: Page, line: Line) -> None:
    """ "(via Reuters)", "h/t Mediaite", "Click to read the article in The Guardian":
    where the item was found. The outlet must open what follows the cue."""
    lowered = line.text.lower()
    for p in page.pats:
        m = p.via.search(line.text) if p.may_match("via", lowered) else None
        if m is None:
            continue
        found = outlet_at_start(m.group("who"), page.registry)
        if found is None:
            # "Kaynak: hertaraf.com": a site the registry does not list, by its domain.
            site = _SITE.match(m.group("who").strip())
            if site is not None and line.text[m.end("who") :].strip(" .") == "":
                _read_on_site(page, line, site.group(1), p.pid("via"), "via")
                return
            continue
        if found[0].key == page.own:
            continue
        entry, end = found
        span = strip_span(page.doc.text, line.start + m.start(), line.start + m.start("who") + end)
        _cite(page, line, entry, span, p.pid("via"), "via")
        return


# "(C-SPAN Screen grab)", "(Reuters photo)": the credited outlet before the word.
_CREDIT_BEFORE = re.compile(
    r"\((?P<who>[^()\n]{2,40}?)\s+(?:screen ?grab|screenshot|photo|file photo|image|video)\)",
    re.IGNORECASE,
)


def _credit_before(page: Page, line: Line) -> None:
    for m in _CREDIT_BEFORE.finditer(line.text):
        entry = whole_outlet(m.group("who"), page.registry)
        if entry is None or entry.key == page.own:
            continue
        span = strip_span(page.doc.text, line.start + m.start(), line.start + m.end())
        _cite(page, line, entry, span, page.lang.pid("photo_credit"), "photo_credit")


# A site named after a "read more" cue, with the preposition before it in any language
# ("на vedomosti.ru", "on rt.com", "sur lemonde.fr") and nothing but dots after it.
_SITE = re.compile(r"^(?:\w{1,4}\s+)?((?:[\w-]+\.)+[a-z]{2,12})(?:/\S*)?[\s.…]*$")


def _read_on_site(page: Page, line: Line, host: str, pattern: str, slot: str = "read_more") -> None:
    outlet = domain_outlet(host, page.registry, None)
    if outlet.key == page.own:
        return
    span = strip_span(page.doc.text, line.start, line.end)
    _cite(page, line, outlet, span, pattern, slot)


def _read_more(page: Page, line: Line) -> None:
    text = page.doc.text
    for p in page.pats:
        m = p.read_more.match(line.text)
        if m is None:
            continue
        cue = m.group("cue")
        title = m.group("title").strip().rstrip(".:;,")
        site = _SITE.match(title)
        if site is not None:
            # "Подробнее читайте на vedomosti.ru": the teaser names the site to read on.
            _read_on_site(page, line, site.group(1), p.pid("read_more"))
            return
        if not (m.group("sep") or cue.isupper() or "." in cue):
            continue
        if len(title.split()) < 3:
            continue  # "RELATED ARTICLES" is a heading, not a teaser
        # "Also on rt.com": the teaser names the outlet whose boilerplate it is.
        named = [
            e
            for e in (
                page.registry.by_domain(d.group(0))
                for d in re.finditer(r"[\w-]+(?:\.[\w-]+)+", cue)
            )
            if e is not None and e.key != page.own
        ]
        outlet = named[0].node() if named else None
        target = title_article(page, title, outlet, language=None)
        span = strip_span(text, line.start, line.end)
        article = page.segment_at(line.start).article
        _to_article(page, EdgeKind.CITES, article, target, span, p.pid("read_more"), "read_more")
        return


def _unread_head(page: Page, line: Line) -> Line | None:
    """The part of ``line`` before anything an earlier rule read: a paragraph whose
    closing credit was read ("… Leggi su X") keeps its sentences for the cues here."""
    cut = page.builder.first_consumed(line.start, line.end)
    if cut is None:
        return line
    if cut == line.start:
        return None
    return Line(line.start, cut, line.text[: cut - line.start])


def cue_lines(page: Page) -> None:
    """Datelines, photo credits and "read more" teasers of every line before the footer."""
    b = page.builder
    for whole in page.text.lines:
        if whole.start >= page.footer or not whole.text.strip():
            continue
        line = _unread_head(page, whole)
        if line is None:
            continue
        _dateline(page, line)
        _wire_credit(page, line)
        _agency_byline(page, line)
        _photo_credits(page, line)
        if "/" in line.text:
            _slash_credit(page, line)
        if "(" in line.text:
            _credit_before(page, line)
        _via(page, line)
        _translation_of(page, line)
        _sign_off(page, line)
        if link_in(page, line.start, line.end) is not None or b.is_consumed(line.start, line.end):
            continue  # a teaser with a link is read as a link
        _read_more(page, line)
