"""Raw input -> Document: decoding, format detection, and main-text extraction.

A Document is the unit of extraction. Its ``text`` is the string that every evidence
offset points into, so nothing downstream may re-normalise it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import charset_normalizer
import py3langid
import trafilatura
from lxml import etree

from loaders.errors import DocumentError

__all__ = ["Document", "Link", "detect_language", "parse_document"]

MAX_BYTES = 20 * 1024 * 1024
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
    links: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Text outside the main content (footers, credits), used to recognise the outlet.
    boilerplate: str = ""


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


def _decode(raw: bytes, uri: str) -> tuple[str, str, list[str]]:
    if not raw.strip():
        raise DocumentError("empty_document", f"{uri} is empty", uri=uri)
    head = raw[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("binary_content", f"{uri} looks binary (NUL bytes), not text or HTML",
                            uri=uri)
    try:
        return raw.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise DocumentError("undecodable", f"{uri}: no text encoding fits these bytes", uri=uri)
    text = str(best)
    if sum(1 for c in text[:4000] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f") > 40:
        raise DocumentError("binary_content", f"{uri} decodes only to control characters", uri=uri)
    return text, best.encoding, [f"not UTF-8: decoded as {best.encoding}"]


def parse_document(
    raw: bytes,
    *,
    uri: str,
    url: str | None = None,
    content_type: str | None = None,
) -> Document:
    """Return the Document for the bytes of one page or text file.

    Raises DocumentError for empty, binary, oversized or unusable input.
    """
    if len(raw) > MAX_BYTES:
        raise DocumentError("too_large", f"{uri} is {len(raw)} bytes; the limit is {MAX_BYTES}",
                            uri=uri, size=len(raw))
    text, encoding, warnings = _decode(raw, uri)
    lowered = uri.lower()
    is_html = (
        "html" in (content_type or "")
        or lowered.endswith(_HTML_SUFFIXES)
        or (not lowered.endswith(_TEXT_SUFFIXES) and bool(_HTML_SNIFF.search(raw[:4096])))
    )
    if is_html:
        doc = _from_html(text, uri=uri, url=url)
    else:
        doc = _from_text(text, uri=uri, url=url)
    doc.id = document_id(raw)
    doc.encoding = encoding
    doc.warnings = warnings + doc.warnings
    return doc


def _from_text(text: str, *, uri: str, url: str | None) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    title = first.lstrip("# ").strip() if len(first) <= 300 else None
    return Document(
        id="",
        uri=uri,
        text=text,
        format="text",
        url=url,
        title=title,
        language=detect_language(text),
    )


def _from_html(html: str, *, uri: str, url: str | None) -> Document:
    xml = trafilatura.extract(
        html,
        url=url,
        output_format="xml",
        include_links=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True},
    )
    if not xml:
        raise DocumentError("no_main_text", f"{uri}: no article text found in the HTML", uri=uri)
    root = etree.fromstring(xml.encode("utf-8"))
    text, links = _flatten(root.find("main"))
    if not text.strip():
        raise DocumentError("no_main_text", f"{uri}: the article text is empty", uri=uri)
    meta = trafilatura.extract_metadata(html)
    page_url = url or root.get("url") or (meta.url if meta else None)
    published = _parse_date(root.get("date"))
    return Document(
        id="",
        uri=uri,
        text=text,
        format="html",
        url=page_url,
        title=root.get("title") or (meta.title if meta else None),
        site_name=root.get("sitename") or (meta.sitename if meta else None),
        author=root.get("author") or None,
        published=published,
        language=_html_lang(html) or detect_language(text),
        links=links,
        boilerplate=_visible_text(html),
    )


_BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "lb"}


def _flatten(main: etree._Element | None) -> tuple[str, list[Link]]:
    """Return the text of trafilatura's XML body and its links' spans in that text."""
    if main is None:
        return "", []
    parts: list[str] = []
    links: list[Link] = []
    size = 0

    def emit(s: str | None) -> None:
        nonlocal size
        if s:
            parts.append(s)
            size += len(s)

    def walk(el: etree._Element) -> None:
        nonlocal size
        if el.tag in _BLOCKS and parts and not parts[-1].endswith("\n"):
            emit("\n\n" if el.tag != "lb" else "\n")
        start = size
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)
        if el.tag == "ref" and el.get("target"):
            anchor = "".join(parts)[start:size]
            if anchor.strip():
                links.append(Link(href=el.get("target", ""), text=anchor, start=start, end=size))

    for child in main:
        walk(child)
    return "".join(parts).strip("\n"), links


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
