"""WARC and WARC.gz archives (warcio): each HTML or text response record is a source.

A record's target URI becomes the document's URL and its WARC-Date the publication
date of last resort (the page's own date wins). Request, metadata and warcinfo records
are not documents and pass silently; response records of other types (images,
scripts) are reported as skipped. ``.warc.gz`` is inflated through a bounded stream:
past ``max_gzip_ratio`` times its compressed size the archive stops with
``decompression_bomb``, since reading on would mean inflating the bomb.

A cut-short archive is reported, never read as shorter than it is: warcio hands out a
record whose payload ends early, and ends the iteration quietly when the file stops
inside a record's headers or inside a gzip member. Each document record's length is
checked against its Content-Length (``truncated_archive`` on that record), and what is
left over after the last whole record is reported on the archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from graph.dates import parse_iso
from graph.schema import CaptureTime, CaptureVia
from loaders.errors import DocumentError, SkippedInput
from loaders.inputs.compression import GunzipStream, is_gzip
from loaders.inputs.source import InputOptions, Origin, Source

__all__ = ["is_warc", "iter_warc"]

_DOCUMENT_RECORDS = ("response", "resource")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


def is_warc(path: Path) -> bool:
    """Return True for a ``.warc`` or ``.warc.gz`` file name."""
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def iter_warc(path: Path, options: InputOptions, *, name: str | None = None) -> Iterator[Source]:
    """Yield a Source per document record of the archive at ``path`` (called ``name``
    in reports and evidence)."""
    uri = name or str(path)
    try:
        fh: BinaryIO = path.open("rb")
    except OSError as exc:
        yield Source(uri=uri, error=DocumentError("unreadable", f"{uri}: {exc}"))
        return
    with fh:
        head = fh.read(2)
        fh.seek(0)
        stream: BinaryIO = fh
        if is_gzip(head):
            stream = GunzipStream(  # type: ignore[assignment]
                fh, uri=uri, floor=options.max_bytes, max_ratio=options.max_gzip_ratio
            )
        index = 0
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if not str(record.format).startswith("warc"):
                    # warcio would read any text as a legacy ARC header; a .warc must be WARC.
                    raise ArchiveLoadFailed("no WARC/1.x record header")
                damage = _damage(record)
                if damage is not None:
                    yield Source(
                        uri=uri,
                        error=DocumentError(
                            "truncated_archive",
                            f"{uri}: the record after #{index} {damage}; "
                            "it and anything after it are not read",
                        ),
                    )
                    return
                if record.rec_type not in _DOCUMENT_RECORDS:
                    continue
                index += 1
                yield _record_source(record, f"{uri}#{index}", options)
        except DocumentError as exc:
            message = f"{exc.message}; records after #{index} not read"
            yield Source(uri=uri, error=DocumentError(exc.code, message, **exc.details))
            return
        except Exception as exc:  # warcio parsing damaged bytes: any error, not just its own
            # (a header block cut inside WARC-Target-URI raised AttributeError in warcio)
            yield Source(
                uri=uri,
                error=DocumentError(
                    "corrupt_archive",
                    f"{uri}: cannot read past record #{index} "
                    f"({type(exc).__name__}: {exc}); the rest is not read",
                ),
            )
            return
        read = stream.produced if isinstance(stream, GunzipStream) else fh.tell()
        # Blank lines between records are not part of any record; more than that is
        # a record cut short inside its headers.
        if read - records.offset > 4:
            yield Source(
                uri=uri,
                error=DocumentError(
                    "truncated_archive",
                    f"{uri}: the archive ends inside the record after #{index} "
                    f"({read - records.offset} bytes of an incomplete record); it is not read",
                ),
            )
        elif index == 0:
            yield Source(
                uri=uri, error=SkippedInput("empty_archive", f"{uri}: no response records")
            )


def _damage(record: Any) -> str | None:
    """Return how a non-document record is cut short (headers or content), or None.

    warcio yields a record whose header block the file cut off as if it were whole,
    with whatever headers it got; a record without its type or length is such a one.
    A document record's content is checked where it is read (``_record_source``).
    """
    headers = record.rec_headers
    if not headers.get_header("WARC-Type") or not headers.get_header("Content-Length"):
        return "has an incomplete header block (the file ends inside it)"
    if record.rec_type in _DOCUMENT_RECORDS:
        return None
    missing = _short(record)
    return f"ends {missing} bytes short of its length" if missing > 0 else None


def _record_source(record: Any, uri: str, options: InputOptions) -> Source:
    target = record.rec_headers.get_header("WARC-Target-URI")
    label = f"{uri} <{target}>" if target else uri
    source = _read_record(record, label, target, options)
    # Whatever the verdict on the record, it must be whole: a record cut short in its
    # HTTP headers looked like a non-page (the type line was gone) and was skipped.
    missing = _short(record)
    if missing > 0:
        return Source(
            uri=label,
            url=target,
            error=DocumentError(
                "truncated_archive",
                f"{label}: the archive ends inside this record ({missing} bytes missing); "
                "it is not read",
                missing=missing,
            ),
        )
    return source


def _short(record: Any) -> int:
    """Read the rest of the record (as warcio would next) and return the bytes its
    Content-Length promised that never came."""
    while record.raw_stream.read(64 * 1024):
        pass
    return int(record.raw_stream.limit)


def _read_record(record: Any, label: str, target: str | None, options: InputOptions) -> Source:
    http = record.http_headers
    if http is not None and http.get_statuscode() and not http.get_statuscode().startswith("2"):
        return Source(
            uri=label,
            url=target,
            error=SkippedInput(
                "not_a_page",
                f"{label}: the archived answer is HTTP {http.get_statuscode()}",
                status=http.get_statuscode(),
            ),
        )
    content_type = (
        http.get_header("Content-Type") if http else None
    ) or record.rec_headers.get_header("Content-Type")
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in _PAGE_TYPES:
        return Source(
            uri=label,
            url=target,
            error=SkippedInput(
                "not_html", f"{label}: {media or 'no content type'} is not a page or text"
            ),
        )
    declared = record.rec_headers.get_header("Content-Length")
    if declared and declared.isdigit() and int(declared) > options.max_bytes + 64 * 1024:
        return Source(
            uri=label,
            url=target,
            error=DocumentError(
                "too_large",
                f"{label}: the record is {declared} bytes; the limit is {options.max_bytes}",
                limit=options.max_bytes,
            ),
        )
    # content_stream() undoes chunked and gzip transfer encodings; read one byte past
    # the cap to tell "at the limit" from "over it" without inflating the rest.
    payload = record.content_stream().read(options.max_bytes + 1)
    warnings = []
    if record.rec_headers.get_header("WARC-Truncated"):
        reason = record.rec_headers.get_header("WARC-Truncated")
        warnings.append(f"truncated_record: the crawler cut this record short ({reason})")
    if len(payload) > options.max_bytes:
        encoded = http.get_header("Content-Encoding") if http else None
        return Source(
            uri=label,
            url=target,
            error=DocumentError(
                "decompression_bomb" if encoded else "too_large",
                f"{label}: the payload {'inflates ' if encoded else 'is '}past the "
                f"{options.max_bytes}-byte limit",
                limit=options.max_bytes,
            ),
        )
    warc_date = parse_iso(record.rec_headers.get_header("WARC-Date"))
    status = http.get_statuscode() if http is not None else None
    origin = Origin(
        via=CaptureVia.WARC,
        url=target,
        final_url=target,
        http_status=int(status) if status and status.isdigit() else None,
        warc_file=label.split("#", 1)[0],
        warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
        captured_at=warc_date,
        captured_at_kind=CaptureTime.WARC_DATE if warc_date else None,
    )
    return Source(
        uri=label,
        data=payload,
        url=target,
        origin=origin,
        published=warc_date,
        content_type=content_type,
        hints_only=True,
        max_bytes=options.max_bytes,
        warnings=warnings,
    )
