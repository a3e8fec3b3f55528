"""RSS and Atom feeds (feedparser): each entry becomes a source.

Which text an entry's document holds, in order:

1. the entry's own content (``content:encoded`` in RSS, ``<content>`` in Atom) when it
   is the full article: at least ``FULL_TEXT_CHARS`` characters of text;
2. otherwise the page at the entry's link, fetched politely, when fetching is allowed;
3. otherwise the summary or short content the feed carries, with a ``summary_only``
   warning (the article is still recorded, with its URL, title, date and author);
4. otherwise nothing: the entry is skipped as ``no_entry_content``.

The entry's link, title, date, author and the feed's language are hints: a fetched
page's own metadata wins over them.
"""

from __future__ import annotations

import calendar
import dataclasses
import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from graph.schema import CaptureTime, CaptureVia
from loaders.errors import DocumentError, SkippedInput
from loaders.inputs.fetch import Fetcher
from loaders.inputs.source import InputOptions, Origin, Source

__all__ = ["FULL_TEXT_CHARS", "is_feed", "iter_feed"]

#: Entry content at least this long (text, tags removed) is taken as the full article;
#: feed summaries run to a few hundred characters, articles to thousands.
FULL_TEXT_CHARS = 800

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_TAG = re.compile(r"<[^>]+>")


def is_feed(data: bytes, content_type: str | None = None) -> bool:
    """Return True when ``data`` is an RSS or Atom document (sniffed, not trusted from type)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml", "text/plain"):
        return False
    return bool(_FEED_ROOT.search(data[:2048]))


def iter_feed(
    data: bytes, *, uri: str, options: InputOptions, fetcher: Fetcher, origin: Origin | None = None
) -> Iterator[Source]:
    """Yield a Source per entry of the feed ``data`` read from ``uri`` (captured as
    ``origin`` says: the feed's fetch or file)."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.bozo else ""
        yield Source(
            uri=uri,
            error=DocumentError("bad_feed", f"{uri}: no feed entries could be read{reason}"),
        )
        return
    language = _language(parsed.feed.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        feed = origin or Origin(via=CaptureVia.FEED)
        entry_origin = dataclasses.replace(
            feed, via=CaptureVia.FEED, feed_entry=entry.get("id") or entry.get("link") or None
        )
        yield _entry_source(entry, f"{uri}#{index}", language, options, fetcher, entry_origin)


def _entry_source(
    entry: Any,
    label: str,
    language: str | None,
    options: InputOptions,
    fetcher: Fetcher,
    origin: Origin,
) -> Source:
    link = entry.get("link") or None
    if link:
        label = f"{label} <{link}>"
    hints: dict[str, Any] = {
        "uri": label,
        "url": link,
        "title": _plain(entry.get("title")),
        "author": entry.get("author") or None,
        "published": _when(entry.get("published_parsed") or entry.get("updated_parsed")),
        "language": language,
        "hints_only": True,
        "max_bytes": options.max_bytes,
        "origin": origin,
    }
    content = _best_content(entry)
    if content is not None and len(_plain(content[0]) or "") >= FULL_TEXT_CHARS:
        return _from_content(content, hints)
    if link and options.fetch:
        try:
            page = fetcher.fetch(link)
        except DocumentError as exc:
            return Source(**hints, error=exc)
        # The page behind the link is its own capture: fetched now, from that URL.
        fetched = dataclasses.replace(
            origin,
            url=link,
            final_url=page.url,
            http_status=page.status,
            captured_at=page.fetched_at,
            captured_at_kind=CaptureTime.FETCHED,
        )
        return Source(
            **hints | {"url": page.url, "origin": fetched},
            data=page.data,
            content_type=page.content_type,
        )
    if content is not None:
        source = _from_content(content, hints)
        why = "fetching is off" if link else "the entry has no link"
        source.warnings.append(
            f"summary_only: the feed gives only a summary and {why}; the text is partial"
        )
        return source
    return Source(
        **hints,
        error=SkippedInput("no_entry_content", f"{label}: no content, and no page to fetch"),
    )


def _best_content(entry: Any) -> tuple[str, str] | None:
    """Return (value, type) of the entry's longest content, else its summary."""
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        return best["value"], best.get("type", "text/html")
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        return entry["summary"], detail.get("type", "text/html")
    return None


def _from_content(content: tuple[str, str], hints: dict[str, Any]) -> Source:
    """A Source whose bytes are the entry's content as a small HTML page."""
    value, kind = content
    body = (
        value
        if "html" in kind
        else "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n") if p.strip())
    )
    head = [f"<title>{html.escape(hints['title'] or '')}</title>"]
    if hints["url"]:
        head.append(f'<link rel="canonical" href="{html.escape(hints["url"])}">')
    if hints["author"]:
        head.append(f'<meta name="author" content="{html.escape(hints["author"])}">')
    if hints["published"]:
        stamp = hints["published"].isoformat()
        head.append(f'<meta property="article:published_time" content="{stamp}">')
    lang = f' lang="{html.escape(hints["language"])}"' if hints["language"] else ""
    page = (
        f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8">{"".join(head)}</head>'
        f"<body><article><h1>{html.escape(hints['title'] or '')}</h1>{body}</article>"
        "</body></html>"
    )
    return Source(**hints, data=page.encode("utf-8"), content_type="text/html; charset=utf-8")


def _plain(value: str | None) -> str | None:
    if not value:
        return None
    return html.unescape(_TAG.sub("", value)).strip() or None


def _language(value: str | None) -> str | None:
    # Feeds say "fr-FR" or "en-us"; documents carry ISO 639-1 codes.
    return value.split("-")[0].lower() if value else None


def _when(value: Any) -> datetime | None:
    # feedparser gives UTC struct_times.
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC) if value else None
