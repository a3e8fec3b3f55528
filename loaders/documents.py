"""Raw input -> Document: decoding, format detection, and main-text extraction.

A Document is the unit of extraction. Its ``text`` is the string that every evidence
offset points into, so nothing downstream may re-normalise it.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import charset_normalizer
import py3langid
import trafilatura
import yaml
from lxml import etree
from trafilatura.core import determine_returnstring
from trafilatura.metadata import Document as ExtractedPage
from trafilatura.settings import Extractor
from trafilatura.utils import HTML_PARSER, load_html

from graph.dates import parse_iso
from graph.models import Evidence
from graph.provenance import Capture
from graph.schema import EvidenceMethod
from loaders.errors import DocumentError
from loaders.limits import MAX_BYTES

if TYPE_CHECKING:
    from loaders.declarations import Declarations

__all__ = [
    "MAX_DEPTH",
    "MAX_LINKS",
    "Document",
    "Link",
    "declared_charset",
    "detect_language",
    "parse_document",
]

#: Links read as links per page; past it, anchors are read as plain text (a warning).
#: Real articles have a few hundred with their navigation; a 20 MB page of 1M links
#: took trafilatura alone minutes.
MAX_LINKS = 5_000
#: Element nesting kept; deeper wrappers are unwrapped, their text kept (a warning).
#: libxml2 stops parsing at 256 levels, and everything after the cut was lost.
MAX_DEPTH = 200
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|p|div)[\s>]", re.I)
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Link:
    """A hyperlink inside the main text, with the span of its anchor text."""

    href: str
    text: str
    start: int
    end: int


@dataclass
class Document:
    id: str
    uri: str
    text: str
    format: Literal["html", "text"]
    url: str | None = None
    title: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    encoding: str = "utf-8"
    #: Sorted by start (extraction bisects them).
    links: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Text outside the main content (footers, credits), used to recognise the outlet.
    boilerplate: str = ""
    # Relations the input states outright (a Telegram forward, a dataset's source column).
    declared: Declarations | None = None
    #: How the bytes came in (set by loaders.inputs.source.load_document).
    capture: Capture | None = None

    def __post_init__(self) -> None:
        self.links.sort(key=lambda lk: lk.start)

    def evidence(
        self, span: tuple[int, int], *, method: EvidenceMethod, pattern: str, confidence: float
    ) -> Evidence:
        """Return the evidence that the text at ``span`` of this document is read as."""
        start, end = span
        return Evidence(
            text=self.text[start:end],
            start=start,
            end=end,
            document=self.id,
            document_uri=self.uri,
            method=method,
            pattern=pattern,
            confidence=confidence,
        )


def document_id(raw: bytes) -> str:
    """Return the content hash that identifies a document across runs and paths."""
    return "doc:" + hashlib.sha256(raw).hexdigest()[:20]


def detect_language(text: str) -> str | None:
    """Return an ISO 639-1 code, or None when the text is too short to tell."""
    sample = text[:5000]
    if len(sample.strip()) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def _decode(raw: bytes, uri: str, declared: str | None) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings): UTF-8, else the declared charset if the bytes
    read as it, else the detector's best guess. A declaration the bytes contradict is
    overruled with a ``charset_mismatch`` warning, never obeyed into mojibake."""
    if not raw.strip():
        raise DocumentError("empty_document", f"{uri} is empty", uri=uri)
    head = raw[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            "binary_content", f"{uri} looks binary (NUL bytes), not text or HTML", uri=uri
        )
    try:
        text = _utf8(raw)
    except UnicodeDecodeError:
        pass
    else:
        if declared not in (None, "utf-8", "ascii") and not raw.isascii():
            return (
                text,
                "utf-8",
                [f"charset_mismatch: declared {declared}, but the bytes are UTF-8"],
            )
        return text, "utf-8", []
    if declared not in (None, "utf-8", "ascii") and _plausible(raw, declared):
        return raw.decode(declared, errors="replace"), declared, []
    best = _best_legacy_match(raw)
    if best is None:
        raise DocumentError("undecodable", f"{uri}: no text encoding fits these bytes", uri=uri)
    text = str(best)
    if sum(1 for c in text[:4000] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f") > 40:
        raise DocumentError("binary_content", f"{uri} decodes only to control characters", uri=uri)
    if declared is not None:
        warning = (
            f"charset_mismatch: declared {declared}, but the bytes are not {declared}; "
            f"decoded as {best.encoding}"
        )
    else:
        warning = f"charset_guessed: not UTF-8 and no charset declared; decoded as {best.encoding}"
    return text, best.encoding, [warning]


def _utf8(raw: bytes) -> str:
    """Decode UTF-8, forgiving only a character cut in half by the end of the bytes
    (a truncated download), which is otherwise valid UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.start < len(raw) - 3:
            raise
        return raw[: exc.start].decode("utf-8-sig")


def _plausible(raw: bytes, encoding: str) -> bool:
    """Return True when the bytes decode as ``encoding`` into text that reads as text."""
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return charset_normalizer.from_bytes(raw, cp_isolation=[encoding]).best() is not None


_CHARSET_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding=["']([A-Za-z0-9_.:-]+)""",
    re.I,
)


def declared_charset(raw: bytes, content_type: str | None) -> str | None:
    """Return the charset the transport or the page declares (a Python codec name)."""
    names = []
    if content_type and "charset=" in content_type.lower():
        names.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    m = _CHARSET_META.search(raw[:4096])
    if m:
        names.append((m.group(1) or m.group(2)).decode("ascii", "replace"))
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are cp1252.
        return "cp1252" if codec in ("iso8859-1", "ascii") else codec
    return None


# The encodings the web's pages are written in (WHATWG Encoding's legacy list), in the
# order preferred when the detector cannot tell them apart (the same bytes are plausible
# French in cp1252 and Spanish in cp1250, Russian in cp1251 and mac_cyrillic). Code
# pages no browser offers (mac_latin2, DOS cp850/cp852, hp_roman8) and UTF-16 without a
# BOM are never guessed: on a short Latin-1 page labelled UTF-8 the detector rated
# mac_latin2 ("ministŤres") or even Big5 ("p鋨e") as likely as cp1252.
_WEB_SINGLE_BYTE = (
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_15",
    "cp1256",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1257",
    "cp1258",
    "iso8859_2",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_16",
    "koi8_u",
    "cp874",
    "mac_roman",
    "mac_cyrillic",
)
_WEB_MULTI_BYTE = ("gb18030", "big5", "cp932", "euc_jp", "euc_kr", "iso2022_jp")


def _best_legacy_match(raw: bytes) -> charset_normalizer.CharsetMatch | None:
    """Return the web encoding the bytes read best as: least chaos, then the most
    coherent language, then the web's preference (single-byte code pages first)."""
    order = {name: i for i, name in enumerate(_WEB_SINGLE_BYTE + _WEB_MULTI_BYTE)}
    matches = [
        m
        for group in (_WEB_SINGLE_BYTE, _WEB_MULTI_BYTE)
        for m in charset_normalizer.from_bytes(raw, cp_isolation=list(group))
        if m.encoding in order
    ]
    if not matches:
        return None
    return min(
        matches, key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2), order[m.encoding])
    )


def parse_document(
    raw: bytes,
    *,
    uri: str,
    url: str | None = None,
    content_type: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Document:
    """Return the Document for the bytes of one page or text file.

    Raises DocumentError for empty, binary, oversized or unusable input.
    """
    if len(raw) > max_bytes:
        raise DocumentError(
            "too_large",
            f"{uri} is {len(raw)} bytes; the limit is {max_bytes}",
            uri=uri,
            size=len(raw),
        )
    text, encoding, warnings = _decode(raw, uri, declared_charset(raw, content_type))
    lowered = uri.lower().removesuffix(".gz")  # a gzipped file is what it holds
    is_html = (
        "html" in (content_type or "")
        or lowered.endswith(_HTML_SUFFIXES)
        or (not lowered.endswith(_TEXT_SUFFIXES) and bool(_HTML_SNIFF.search(raw[:4096])))
    )
    if is_html and _truncated(raw):
        warnings.append(
            "truncated_html: the page ends without </body> or </html>; its text may be incomplete"
        )
    try:
        doc = _from_html(text, uri=uri, url=url) if is_html else _from_text(text, uri=uri, url=url)
    except DocumentError as exc:
        if is_html and _truncated(raw):
            raise DocumentError(
                "truncated_html", f"{uri}: the HTML is cut off before any article text", uri=uri
            ) from exc
        raise
    doc.id = document_id(raw)
    doc.encoding = encoding
    doc.warnings = warnings + doc.warnings
    return doc


_PAGE_START = re.compile(rb"<\s*(!doctype\s+html|html)[\s>]", re.I)
_PAGE_END = re.compile(rb"</\s*(html|body)\s*>", re.I)


def _truncated(raw: bytes) -> bool:
    """Return True for a full page (it opens <html>) whose closing tags never come."""
    return bool(_PAGE_START.search(raw[:4096])) and not _PAGE_END.search(raw[-4096:])


def page_url(value: str | None) -> str | None:
    """Return ``value`` if it is an http(s) URL with a host (and a valid port), else None.

    A page's own claims about its URL (front matter, canonical links, archive headers)
    become article keys; ``javascript:alert(1)`` or ``ftp://x`` must not.
    """
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
        _ = parts.port  # raises on a port that is not a number
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.hostname else None


def _from_text(text: str, *, uri: str, url: str | None) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    links: list[Link] = []
    warnings: list[str] = []
    if uri.lower().removesuffix(".gz").endswith((".md", ".markdown")) or text.startswith("---\n"):
        meta, text = _front_matter(text)
        text, links = _markdown_links(text)
    claimed = meta.get("canonical") or meta.get("url")
    if claimed and page_url(claimed) is None:
        warnings.append(f"bad_front_matter: url {claimed!r} is not an http(s) URL; ignored")
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    title = meta.get("title") or (first.lstrip("# ").strip() if len(first) <= 300 else None)
    return Document(
        id="",
        uri=uri,
        text=text,
        format="text",
        warnings=warnings,
        url=url or page_url(claimed),
        title=title,
        site_name=meta.get("site_name") or meta.get("sitename"),
        author=meta.get("author"),
        published=parse_iso(meta.get("date") or meta.get("published")),
        language=(meta.get("lang") or meta.get("language") or detect_language(text)),
        links=links,
    )


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((https?://[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter (title, canonical, author, date, lang) from a Markdown file."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    meta = {str(k): str(v) for k, v in data.items() if isinstance(v, str | int | float | datetime)}
    return meta, text[m.end() :]


def _well_formed(href: str) -> bool:
    """Whether the URL parser can read ``href``: a link with text where the port should
    be ("http://example.com:port/") or an unclosed IPv6 host makes every later step
    raise, so it stays anchor text and the page goes on."""
    try:
        urlsplit(href).port  # noqa: B018 - the port is parsed lazily, on access
    except ValueError:
        return False
    return True


def _markdown_links(text: str) -> tuple[str, list[Link]]:
    """Replace ``[anchor](url)`` with its anchor, keeping the link's span in the new text."""
    out: list[str] = []
    links: list[Link] = []
    pos = size = 0
    for m in _MD_LINK.finditer(text):
        out.append(text[pos : m.start()])
        size += m.start() - pos
        anchor = m.group(1)
        if _well_formed(m.group(2)):
            links.append(Link(href=m.group(2), text=anchor, start=size, end=size + len(anchor)))
        out.append(anchor)
        size += len(anchor)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), links


# Typed loosely: trafilatura annotates these as strings but reads original_date as a flag.
_DATE_PARAMS: dict[str, Any] = {"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True}


def _from_html(html: str, *, uri: str, url: str | None) -> Document:
    html, warnings = _cap_links(html, MAX_LINKS)
    tree = _parse_html(html)
    if tree is not None and _too_deep():
        html = _cap_nesting(html, MAX_DEPTH)
        tree = _parse_html(html)
        warnings.append(
            f"deep_nesting: elements nested more than {MAX_DEPTH} levels deep were "
            "unwrapped; their text is kept"
        )
    if tree is None:
        raise DocumentError("no_main_text", f"{uri}: no HTML to read", uri=uri)
    # trafilatura.extract() is bare_extraction() plus a SimHash fingerprint of the text
    # (for its own de-duplication, which we do not use) and the XML serialisation; the
    # two steps below are the same minus the fingerprint, 4% of the whole ingest.
    options = Extractor(
        output_format="xml",
        links=True,
        comments=False,
        tables=True,
        with_metadata=True,
        url=url,
        date_params=_DATE_PARAMS,
    )
    page = trafilatura.bare_extraction(tree, options=options, as_dict=False)
    xml = determine_returnstring(page, options) if isinstance(page, ExtractedPage) else None
    if not xml:
        raise DocumentError("no_main_text", f"{uri}: no article text found in the HTML", uri=uri)
    root = etree.fromstring(xml.encode("utf-8"))
    text, links = _flatten(root.find("main"))
    if not text.strip():
        raise DocumentError("no_main_text", f"{uri}: the article text is empty", uri=uri)
    # trafilatura.extract already read the metadata; parsing the page again for it
    # costs a sixth of the whole pipeline, so only do it when a field is missing.
    meta = (
        None
        if root.get("title") and root.get("sitename") and (url or root.get("url"))
        else trafilatura.extract_metadata(html[:_METADATA_CHARS])
    )
    own_url = url or page_url(root.get("url")) or page_url(meta.url if meta else None)
    published = _published_time(html) or parse_iso(root.get("date"))
    return Document(
        id="",
        uri=uri,
        text=text,
        format="html",
        url=own_url,
        title=root.get("title") or (meta.title if meta else None),
        site_name=root.get("sitename") or (meta.sitename if meta else None),
        author=root.get("author") or None,
        published=published,
        language=_html_lang(html) or detect_language(text),
        links=links,
        boilerplate=_visible_text(html),
        warnings=warnings,
    )


def _parse_html(html: str) -> etree._Element | None:
    # trafilatura's own loader and parser, called here so that the parser's error log
    # can be read (and trafilatura, given the tree, does not parse the page again).
    return load_html(html)


def _too_deep() -> bool:
    """Return True if the last parse stopped at libxml2's nesting limit."""
    return any("Excessive depth" in e.message for e in HTML_PARSER.error_log)


# ``[^<>]*``, not ``[^>]*``: a page of "<a " with no ">" anywhere would otherwise make
# every attempt scan to the end of the page (quadratic).
_A_OPEN = re.compile(r"<a\b[^<>]*>", re.I)
_A_TAG = re.compile(r"<a\b[^<>]*>|</a\s*>", re.I)


def _cap_links(html: str, limit: int) -> tuple[str, list[str]]:
    """Return the page with anchors past the ``limit``-th unwrapped (text kept)."""
    past = next(itertools.islice(_A_OPEN.finditer(html), limit, None), None)
    if past is None:
        return html, []
    total = limit + len(_A_OPEN.findall(html, past.start()))
    capped = html[: past.start()] + _A_TAG.sub("", html[past.start() :])
    return capped, [
        f"too_many_links: {total} links; the first {limit} are read as links, "
        "the rest as plain text"
    ]


_TAG = re.compile(r"<!--|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)[^<>]*?(?P<self>/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Raw text: what follows the opening tag up to its closing tag is not markup.
_RAW_END = {
    name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "textarea", "title")
}
# Elements a second opening tag closes (<p>a<p>b is two paragraphs, not nested ones).
_AUTO_CLOSE = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "option"])


def _cap_nesting(html: str, limit: int) -> str:
    """Return ``html`` with the tags of elements nested deeper than ``limit`` removed.

    One pass over the tags with a stack of open elements, in linear time: a closing
    tag pops to its element (per-name counts say at once whether it is open at all),
    and a dropped element's closing tag is dropped with it. Text is never removed.
    """
    out: list[str] = []
    kept_to = depth = 0
    stack: list[tuple[str, bool]] = []
    open_count: dict[str, int] = {}

    def drop(m: re.Match[str]) -> None:
        nonlocal kept_to
        out.append(html[kept_to : m.start()])
        kept_to = m.end()

    pos = 0
    while (m := _TAG.search(html, pos)) is not None:
        pos = m.end()
        name = m.group("name")
        if name is None:  # a comment
            end = html.find("-->", pos)
            pos = len(html) if end < 0 else end + 3
            continue
        name = name.lower()
        if m.group("close"):
            if not open_count.get(name):
                continue  # a stray closing tag: the parser ignores it too
            while True:
                top, kept = stack.pop()
                open_count[top] -= 1
                depth -= kept
                if top == name:
                    break
            if not kept:
                drop(m)
            continue
        if name in _RAW_END:
            end_tag = _RAW_END[name].search(html, pos)
            pos = len(html) if end_tag is None else end_tag.end()
            continue
        if name in _VOID or m.group("self"):
            continue
        if stack and name in _AUTO_CLOSE and stack[-1][0] == name:
            _top, kept = stack.pop()
            open_count[name] -= 1
            depth -= kept
        keep = depth < limit
        stack.append((name, keep))
        open_count[name] = open_count.get(name, 0) + 1
        depth += keep
        if not keep:
            drop(m)
    out.append(html[kept_to:])
    return "".join(out)


# Metadata sits in the head and near the top; htmldate searched the whole of a 20 MB
# page's text for dates (4 s), so the second metadata pass reads the first megabyte.
_METADATA_CHARS = 1_000_000
_BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "lb"}


def _flatten(main: etree._Element | None) -> tuple[str, list[Link]]:
    """Return the text of trafilatura's XML body and its links' spans in that text.

    Linear in the size of the body: spans are recorded as offsets and the anchors cut
    from the finished text (joining the text so far for each link was quadratic, and
    30k links took 6 s).
    """
    if main is None:
        return "", []
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    size = 0
    last = ""  # the last non-empty part, for the block separator rule

    def emit(s: str | None) -> None:
        nonlocal size, last
        if s:
            parts.append(s)
            size += len(s)
            last = s

    def walk(el: etree._Element) -> None:
        if el.tag in _BLOCKS and parts and not last.endswith("\n"):
            emit("\n\n" if el.tag != "lb" else "\n")
        start = size
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)
        if el.tag == "ref" and el.get("target"):
            spans.append((el.get("target", ""), start, size))

    for child in main:
        walk(child)
    full = "".join(parts)
    text = full.strip("\n")
    shift = len(full) - len(full.lstrip("\n"))
    links = []
    for href, start, end in spans:
        anchor = full[start:end]
        if anchor.strip() and _well_formed(href):
            links.append(Link(href=href, text=anchor, start=start - shift, end=end - shift))
    return text, links


# Publication times as pages state them; trafilatura keeps only the day, and lag
# between copies is often a matter of hours.
_PUBLISHED = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|datePublished|"""
    r"""date|dc\.date|pubdate|og:published_time)["'][^>]*content=["']([^"']+)["']"""
    r"""|<meta[^>]+content=["']([^"']+)["'][^>]*(?:property|name|itemprop)=["']"""
    r"""(?:article:published_time|datePublished)["']"""
    r"""|"datePublished"\s*:\s*"([^"]+)"|<time[^>]+datetime=["']([^"']+)["']""",
    re.I,
)


def _published_time(html: str) -> datetime | None:
    for m in _PUBLISHED.finditer(html[:200_000]):
        value = next(g for g in m.groups() if g)
        parsed = parse_iso(value.strip().replace("Z", "+00:00"))
        if parsed is not None:
            return parsed
    return None


_LANG_ATTR = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.I)


def _html_lang(html: str) -> str | None:
    m = _LANG_ATTR.search(html[:5000])
    return m.group(1).lower() if m else None


def _visible_text(html: str) -> str:
    try:
        tree = etree.fromstring(html.encode("utf-8"), etree.HTMLParser())
    except (etree.ParserError, ValueError):
        return ""
    if tree is None:
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.getparent().remove(bad)
    footer = tree.xpath("//footer")
    source = footer if footer else [tree]
    return "\n".join(" ".join(el.itertext()) for el in source)
