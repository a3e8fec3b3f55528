"""Declared-source dumps: datasets whose rows name the source each article relays.

Monitors of the Pravda network publish tables of the network's articles: each row gives
an article's URL, title and date, the title and URL of the source it relays
(``Source Title``, ``Source URL``), and its other language editions (``Alternates``:
``url(lang);url(lang)``). A dump is a ``.csv`` or ``.jsonl`` file whose columns include a
source or alternates column; a manifest (``path`` column) is read as a manifest.

Columns map to fields through :data:`PRESET` (the monitors' names, compared without
case), overridden by ``--columns field=Column Name,...`` (:func:`parse_columns`). Each
row is one document: its own URL, title, date and language fill the article; its text
is the row's title and text column, then one line per declared cell as the dataset
wrote it (``Source URL: https://...``), so every declared edge points at the cell it
was read from. What the row declares (loaders/declarations.py, method ``declared``):

- the source: REPUBLISHES when the row is a relay, else CITES. A ``relay`` column
  decides when there is one (true/false, yes/no, 1/0); otherwise a row whose title is
  the source's title (loaders.resolve.same_title) is a relay. A relay whose source is
  known to be in another language (``source_language``) TRANSLATES it;
- each alternate: TRANSLATES between the two editions (REPUBLISHES between two of the
  same language). A dataset does not say which edition came first, so the edge points
  from the greater article key to the smaller: a fixed orientation, not a claim.

A row without a URL of its own, or that cannot be parsed, is an error line of the
ingest report (``bad_dump_row``); a bad value (a date, a language, an alternate) is a
warning on its row, and the row is still read.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.errors import BadInput
from graph.keys import article_key, canonical_url
from graph.models import Node
from graph.schema import EdgeKind, NodeKind
from loaders.columns import FIELDS, PRESET
from loaders.declarations import Declarations, DeclaredEdge, outlet_for_url
from loaders.documents import Document, detect_language, document_id
from loaders.errors import DocumentError
from loaders.inputs.source import InputOptions, Source
from loaders.inputs.tables import table_rows
from loaders.registry import Registry
from loaders.resolve import same_title

__all__ = [
    "CONTENT_TYPE",
    "FIELDS",
    "PRESET",
    "is_dump",
    "iter_dump",
    "parse_columns",
    "parse_row",
    "unmatched_columns",
]

CONTENT_TYPE = "application/vnd.citegraph.declared-row+json"

# The fields that make a table a declared-source dump rather than a manifest.
_DECLARING = ("source_url", "source_title", "alternates")
_DECLARED_LINES = ("source_title", "source_url", "alternates")
_ALTERNATE = re.compile(r"^\s*(\S+?)\s*(?:\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\s*\))?\s*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_TRUE = frozenset({"true", "yes", "1", "y", "relay"})
_FALSE = frozenset({"false", "no", "0", "n"})
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def parse_columns(specs: list[str] | str | None) -> dict[str, str]:
    """Return ``{field: column}`` from ``field=Column Name`` pairs (comma-separated).

    Raises BadInput naming the fields there are for an unknown field or a pair
    without ``=``.
    """
    if not specs:
        return {}
    pairs = [p for spec in ([specs] if isinstance(specs, str) else specs) for p in spec.split(",")]
    mapping: dict[str, str] = {}
    for pair in pairs:
        if not pair.strip():
            continue
        field, sep, column = pair.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise BadInput(f"--columns: {pair!r} is not field=Column Name", value=pair)
        if field not in PRESET:
            raise BadInput(
                f"--columns: unknown field {field!r}; the fields are {', '.join(FIELDS)}",
                value=pair,
            )
        mapping[field] = column.strip()
    return mapping


@dataclass(frozen=True)
class _Columns:
    """Which column of this table each field is read from."""

    names: dict[str, str]

    @classmethod
    def of(cls, header: list[str], override: Mapping[str, str]) -> _Columns:
        by_fold = {h.strip().casefold(): h for h in header if isinstance(h, str)}
        names: dict[str, str] = {}
        for field, candidates in PRESET.items():
            wanted = (override[field],) if field in override else candidates
            for candidate in wanted:
                if candidate.strip().casefold() in by_fold:
                    names[field] = by_fold[candidate.strip().casefold()]
                    break
        return cls(names)

    @property
    def declaring(self) -> bool:
        return any(f in self.names for f in _DECLARING)


def is_dump(path: Path, columns: Mapping[str, str]) -> bool:
    """Return True for a ``.csv`` / ``.jsonl`` table with a source or alternates column
    (under the preset's names or ``columns``) and no ``path`` column."""
    if path.suffix.lower() not in (".csv", ".jsonl"):
        return False
    header = _header(path)
    if not header or any(h.strip().lower() == "path" for h in header):
        return False
    return _Columns.of(header, columns).declaring


def unmatched_columns(path: Path, columns: Mapping[str, str]) -> str | None:
    """Say why a table ``--columns`` was meant for is not read as a dump, else None.

    A ``.csv`` / ``.jsonl`` table (no ``path`` column) where ``--columns`` names at least
    one column but none of the declaring ones (source, alternates) was meant as a dump
    with a mistyped column name: read as a manifest it would fail row by row, saying
    nothing of the option.
    """
    if not columns or path.suffix.lower() not in (".csv", ".jsonl"):
        return None
    header = _header(path)
    if not header or any(h.strip().lower() == "path" for h in header):
        return None
    found = _Columns.of(header, columns)
    if found.declaring or not any(f in found.names for f in columns):
        return None
    missing = [f"{columns[f]!r} ({f})" for f in _DECLARING if f in columns]
    asked = f"no column {', '.join(missing)}" if missing else "no source or alternates column"
    return (
        f"{path.name}: --columns maps this table, but it has {asked}; "
        f"its columns are {', '.join(header)}"
    )


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if path.suffix.lower() == ".jsonl":
                for line in fh:
                    if line.strip():
                        value = json.loads(line)
                        return list(value) if isinstance(value, dict) else []
                return []
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, ValueError, csv.Error):
        return []


def iter_dump(
    path: Path, options: InputOptions, columns: Mapping[str, str], *, name: str | None = None
) -> Iterator[Source]:
    """Yield a source per row of the dump at ``path`` (an error source per bad row),
    called ``name:<line>`` in reports and evidence."""
    shown = name or str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes * 50:
            raise DocumentError("too_large", f"{shown} is {size} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except DocumentError as exc:
        yield Source(uri=shown, error=exc)
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield Source(uri=shown, error=DocumentError("bad_dump", f"{shown}: {exc}"))
        return
    header: list[str] | None = None
    cols: _Columns | None = None
    for line, record in table_rows(path, text):
        where = f"{shown}:{line}"
        if isinstance(record, str):
            yield Source(uri=where, error=DocumentError("bad_dump_row", f"{where}: {record}"))
            continue
        if cols is None or (path.suffix.lower() == ".jsonl" and list(record) != header):
            header = list(record)
            cols = _Columns.of(header, columns)
        yield _row_source(path, where, line, record, cols, options)


def _cell(record: dict[str, Any], cols: _Columns, field: str) -> str | None:
    column = cols.names.get(field)
    value = record.get(column) if column else None
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _http(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _row_source(
    path: Path, where: str, line: int, record: dict[str, Any], cols: _Columns, options: InputOptions
) -> Source:
    url = _cell(record, cols, "url")
    if not url:
        column = cols.names.get("url", "a URL column")
        return Source(
            uri=where,
            error=DocumentError("bad_dump_row", f"{where}: the row has no URL ({column})"),
        )
    if not _http(url):
        return Source(
            uri=where,
            error=DocumentError("bad_dump_row", f"{where}: {url!r} is not an http(s) URL"),
        )
    warnings: list[str] = []
    row: dict[str, Any] = {"url": url, "file": path.name, "line": line, "columns": {}}
    for field in FIELDS:
        value = _cell(record, cols, field)
        if field == "url" or value is None:
            continue
        row[field] = value
        row["columns"][field] = cols.names[field]
    when = row.get("published")
    published = _when(when)
    if when and published is None:
        warnings.append(f"bad_dump_value: {where}: date {when!r} is not a date; ignored")
        row.pop("published")
    for field in ("language", "source_language"):
        lang = row.get(field)
        if lang and not _LANGUAGE.match(lang):
            warnings.append(f"bad_dump_value: {where}: {field} {lang!r} is not a language code")
            row.pop(field)
    if row.get("source_url") and not _http(row["source_url"]):
        warnings.append(
            f"bad_dump_value: {where}: source URL {row['source_url']!r} is not http(s); "
            "the source is kept by its title only"
        )
        row.pop("source_url")
    relay = row.get("relay")
    if relay is not None and relay.lower() not in _TRUE | _FALSE:
        warnings.append(f"bad_dump_value: {where}: relay {relay!r} is not yes/no; inferred")
        row.pop("relay")
    for entry in _alternates(row.get("alternates", "")):
        if isinstance(entry, str):
            warnings.append(f"bad_dump_value: {where}: alternate {entry!r} is not url(lang)")
    language = row.get("language")
    return Source(
        uri=where,
        data=json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        url=url,
        published=published,
        language=language.split("-")[0].split("_")[0].lower() if language else None,
        title=row.get("title"),
        outlet=row.get("outlet"),
        author=row.get("author"),
        content_type=CONTENT_TYPE,
        max_bytes=options.max_bytes,
        warnings=warnings,
    )


def _alternates(raw: str) -> Iterator[tuple[str, str | None, int, int] | str]:
    """Yield ``(url, language, start, end)`` per entry of ``url(lang);url(lang)``, with
    its span in ``raw``, or the entry itself when it is not one."""
    pos = 0
    for entry in re.split(r"[;\n]", raw):
        start = raw.index(entry, pos) if entry else pos
        pos = start + len(entry)
        if not entry.strip():
            continue
        m = _ALTERNATE.match(entry)
        if m is None or not _http(m.group(1)):
            yield entry.strip()
            continue
        lead = len(entry) - len(entry.lstrip())
        lang = m.group(2).split("-")[0].split("_")[0].lower() if m.group(2) else None
        yield m.group(1), lang, start + lead, start + len(entry.rstrip())


def parse_row(raw: bytes, source: Source) -> Document:
    """Return the Document of one dump row (a source made by :func:`iter_dump`)."""
    try:
        row = json.loads(raw)
        url = row["url"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DocumentError("bad_dump_row", f"{source.uri}: not a dump row ({exc})") from exc
    title = row.get("title") or url
    parts = [title]
    if row.get("text"):
        parts.append(row["text"])
    text = "\n\n".join(parts)
    own = len(text)
    text += "\n\n"
    spans: dict[str, tuple[int, int]] = {}
    for field in _DECLARED_LINES:
        if row.get(field):
            label = f"{row['columns'][field]}: "
            spans[field] = (len(text) + len(label), len(text) + len(label) + len(row[field]))
            text += label + row[field] + "\n"
    doc = Document(
        id=document_id(raw),
        uri=source.uri,
        text=text,
        format="text",
        url=url,
        title=title,
        site_name=source.outlet,
        author=source.author,
        published=source.published,
        language=source.language or detect_language(row.get("text") or title),
    )
    doc.declared = Declarations(settle=_Row(row, spans).declare, text_end=own)
    return doc


@dataclass(frozen=True)
class _Row:
    row: dict[str, Any]
    spans: dict[str, tuple[int, int]]

    def declare(self, doc: Document, registry: Registry) -> None:
        assert doc.declared is not None
        declared = doc.declared
        self._source(doc, declared, registry)
        self._alternates(doc, declared, registry)

    def _stub(
        self,
        declared: Declarations,
        registry: Registry,
        url: str,
        *,
        title: str | None = None,
        language: str | None = None,
    ) -> tuple[str, str]:
        """Add a stub article at ``url`` and its outlet; return both keys."""
        outlet = outlet_for_url(url, registry)
        key = article_key(url=url)
        declared.nodes.append(outlet)
        declared.nodes.append(
            Node(
                key=key,
                kind=NodeKind.ARTICLE,
                name=title or canonical_url(url),
                title=title,
                url=canonical_url(url),
                language=language,
                outlet=outlet.key,
                stub=True,
            )
        )
        return key, outlet.key

    def _source(self, doc: Document, declared: Declarations, registry: Registry) -> None:
        row = self.row
        title, url = row.get("source_title"), row.get("source_url")
        if not title and not url:
            return
        if url:
            target, outlet = self._stub(declared, registry, url, title=title)
            declared.edges.append(
                DeclaredEdge(
                    EdgeKind.PUBLISHED_BY,
                    target=outlet,
                    span=self.spans["source_url"],
                    pattern="declared.source",
                    confidence=0.9,
                    source=target,
                )
            )
        else:
            assert title is not None
            target = article_key(title=title)
            declared.nodes.append(
                Node(key=target, kind=NodeKind.ARTICLE, name=title, title=title, stub=True)
            )
        relay = row.get("relay")
        if relay is not None:
            relayed = relay.lower() in _TRUE
        else:
            relayed = bool(title and row.get("title") and same_title(row["title"], title))
        kind = EdgeKind.CITES
        if relayed:
            other = row.get("source_language")
            translated = other and doc.language and other.split("-")[0].lower() != doc.language
            kind = EdgeKind.TRANSLATES if translated else EdgeKind.REPUBLISHES
        first = self.spans.get("source_title", self.spans.get("source_url"))
        last = self.spans.get("source_url", first)
        assert first is not None and last is not None
        declared.edges.append(
            DeclaredEdge(kind, target, (first[0], last[1]), "declared.source", 0.9)
        )

    def _alternates(self, doc: Document, declared: Declarations, registry: Registry) -> None:
        raw = self.row.get("alternates")
        if not raw:
            return
        offset = self.spans["alternates"][0]
        own = article_key(url=self.row["url"])
        for entry in _alternates(raw):
            if isinstance(entry, str):
                continue
            url, lang, start, end = entry
            key = article_key(url=url)
            if key == own:
                continue
            _key, outlet = self._stub(declared, registry, url, language=lang)
            span = (offset + start, offset + end)
            declared.edges.append(
                DeclaredEdge(
                    EdgeKind.PUBLISHED_BY,
                    outlet,
                    span,
                    "declared.alternate",
                    0.9,
                    source=key,
                )
            )
            same = lang is not None and doc.language is not None and lang == doc.language
            kind = EdgeKind.REPUBLISHES if same else EdgeKind.TRANSLATES
            # No edition says it came first: one fixed orientation, by key.
            src, dst = (own, key) if own > key else (key, own)
            declared.edges.append(
                DeclaredEdge(
                    kind,
                    dst,
                    span,
                    "declared.mirror" if same else "declared.alternate",
                    0.9,
                    source=src,
                )
            )
