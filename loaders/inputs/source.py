"""One input document before parsing, and the options every input reader shares.

A ``Source`` is plain picklable data (paths, bytes, strings, dates): ingest may hand it
to a worker process. Local files are read lazily by ``Source.load`` in whichever process
parses them; everything that needs the network or an open archive (URLs, WARC records,
feed entries) is read by the input reader and travels as ``data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from graph.provenance import Capture, sha256_hex
from graph.schema import CaptureTime, CaptureVia
from loaders.errors import DocumentError
from loaders.inputs.compression import GunzipStream
from loaders.limits import MAX_BYTES

if TYPE_CHECKING:
    from loaders.documents import Document

__all__ = ["InputOptions", "Origin", "Source", "load_document"]

# Sources that are one record of a structured input (a Telegram post, a dataset row),
# parsed by loaders/inputs/records.py rather than as a page or a text file.
RECORD_TYPES = frozenset(
    {
        "application/vnd.citegraph.telegram-post+json",
        "application/vnd.citegraph.declared-row+json",
    }
)

_USER_AGENT = "citegraph/0.1 (source-citation research; +https://github.com/citegraph)"


@dataclass(frozen=True)
class InputOptions:
    """How inputs are read: size cap, network behaviour, politeness."""

    #: Largest document accepted, in bytes, after any decompression.
    max_bytes: int = MAX_BYTES
    #: Seconds allowed for one fetch, connection to last byte.
    timeout: float = 20.0
    #: Redirects followed before a URL fails with ``too_many_redirects``.
    max_redirects: int = 5
    #: Minimum seconds between two requests to the same host, over the whole batch.
    host_delay: float = 1.0
    #: False forbids every network request (URL inputs fail, feeds use what they carry).
    fetch: bool = True
    #: An archive may inflate at most this many times its compressed size (gzip bombs).
    max_gzip_ratio: int = 100
    #: Fetch loopback, private, link-local and reserved addresses too (off: see netguard).
    allow_private: bool = False
    #: Networks fetched even though they are not public ("10.1.0.0/16"), for an intranet.
    allowed_networks: tuple[str, ...] = ()
    #: Let a manifest name files outside its own folder (a corpus from someone else
    #: could otherwise pull ``/etc/passwd`` or ``~/.ssh`` into a served graph).
    allow_outside: bool = False
    user_agent: str = _USER_AGENT
    #: Declared-source dumps: ``(field, column name)`` pairs over the built-in preset
    #: (loaders/inputs/declared.py), from ``--columns``.
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Origin:
    """What the input reader knows of how a source was captured (see graph.provenance);
    the hash and size are added from the bytes when they are read."""

    via: CaptureVia
    url: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    warc_file: str | None = None
    warc_record_id: str | None = None
    feed_entry: str | None = None
    captured_at: datetime | None = None
    captured_at_kind: CaptureTime | None = None


@dataclass
class Source:
    """One input document: where it came from, its bytes or path, and known metadata.

    ``hints_only`` says whether the metadata is a fallback (a WARC date, a feed entry's
    title) that the page's own metadata beats, or the researcher's record (a manifest)
    that beats the page. ``load`` raises DocumentError on failure.
    """

    uri: str
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    title: str | None = None
    author: str | None = None
    content_type: str | None = None
    hints_only: bool = False
    max_bytes: int = MAX_BYTES
    warnings: list[str] = field(default_factory=list)
    error: DocumentError | None = None
    #: How it was captured; None for a local file (its modification time is read then).
    origin: Origin | None = None

    def load(self) -> bytes:
        """Return the document's bytes (a ``.gz`` file is inflated, within the cap)."""
        if self.error is not None:
            raise self.error
        if self.data is not None:
            return self.data
        if self.path is not None:
            return read_file(self.path, max_bytes=self.max_bytes)
        raise DocumentError("no_input", f"{self.uri}: nothing to read")

    def capture(self, raw: bytes) -> Capture:
        """Return the capture record of this source, read as ``raw``."""
        origin = self.origin or Origin(via=CaptureVia.FILE)
        fields = {k: v for k, v in origin.__dict__.items() if v is not None}
        if self.path is not None and origin.captured_at is None:
            try:
                mtime = self.path.stat().st_mtime
            except OSError:  # gone since it was read: no time, rather than a guess
                pass
            else:
                fields["captured_at"] = datetime.fromtimestamp(mtime, UTC)
                fields["captured_at_kind"] = CaptureTime.FILE_MTIME
        return Capture(
            **fields,
            input=self.uri,
            content_type=self.content_type,
            sha256=sha256_hex(raw),
            size=len(raw),
        )


def read_file(path: Path, *, max_bytes: int) -> bytes:
    """Return a local file's bytes, gunzipping ``*.gz``; never more than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                "too_large",
                f"{path} is {size} bytes; the limit is {max_bytes}",
                size=size,
                limit=max_bytes,
            )
        if path.suffix.lower() != ".gz":
            return path.read_bytes()
        with path.open("rb") as fh, GunzipStream(fh, uri=str(path), floor=max_bytes) as inflated:
            return inflated.read()
    except FileNotFoundError:
        raise DocumentError("not_found", f"{path} does not exist") from None
    except IsADirectoryError:
        raise DocumentError("unreadable", f"{path} is a directory") from None
    except PermissionError:
        raise DocumentError("unreadable", f"{path}: permission denied") from None


def load_document(source: Source, raw: bytes | None = None) -> Document:
    """Return the parsed Document for ``source``, with the source's metadata applied.

    ``raw`` is the source's bytes when the caller has already read them (the parallel
    ingest reads local files first, to skip stored ones without parsing them).
    """
    if raw is None:
        raw = source.load()
    if source.content_type in RECORD_TYPES:
        # Imported here: the record readers import this module for Source.
        from loaders.inputs.records import parse_record

        doc = parse_record(raw, source)
        doc.warnings = source.warnings + doc.warnings
        doc.capture = source.capture(raw)
        return doc
    # Imported here, so that reading InputOptions' defaults (the CLI does, to declare its
    # options) does not load the parsers.
    from loaders.documents import page_url, parse_document

    url = page_url(source.url)
    doc = parse_document(
        raw,
        uri=source.uri,
        url=url,
        content_type=source.content_type,
        max_bytes=source.max_bytes,
    )
    doc.warnings = source.warnings + doc.warnings
    doc.capture = source.capture(raw)
    if source.url and url is None:
        doc.warnings.insert(0, f"bad_url: {source.url!r} is not an http(s) URL; ignored")
    # The page's own metadata is better than an archive date or a feed's summary line
    # (hints only); a manifest knows better than page heuristics: it is the
    # researcher's own record.
    if not source.hints_only and source.path is not None and url:
        doc.url = url
    for field_name, given in (
        ("published", source.published),
        ("language", source.language),
        ("title", source.title),
        ("author", source.author),
        ("site_name", source.outlet),
    ):
        found = getattr(doc, field_name)
        setattr(doc, field_name, (found or given) if source.hints_only else (given or found))
    return doc
