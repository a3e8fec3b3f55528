"""What a list of inputs names: ``iter_sources`` (see the package's docstring)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from graph.schema import CaptureTime, CaptureVia
from loaders.errors import DocumentError, SkippedInput
from loaders.inputs import declared, indicators, telegram
from loaders.inputs.feeds import is_feed, iter_feed
from loaders.inputs.fetch import Fetcher
from loaders.inputs.manifests import MANIFEST_NAMES, ManifestRow, is_manifest, read_manifest
from loaders.inputs.source import InputOptions, Origin, Source
from loaders.inputs.warc import is_warc, iter_warc

__all__ = ["DOCUMENT_SUFFIXES", "FEED_SUFFIXES", "iter_sources"]

DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".md", ".markdown")
FEED_SUFFIXES = (".rss", ".atom", ".xml")


def iter_sources(inputs: Iterable[str], *, options: InputOptions | None = None) -> Iterator[Source]:
    """Yield a Source for every document named by ``inputs``.

    URLs and feed links are fetched here, in the listing process, by one polite
    fetcher for the whole batch; local files are only read when a Source is loaded.
    """
    options = options or InputOptions()
    with Fetcher(options) as fetcher:
        for raw in inputs:
            if raw.startswith(("http://", "https://")):
                yield from _url(raw, options, fetcher)
                continue
            path = Path(raw)
            # Documents are named relative to the folder holding the input, so evidence
            # says "corpus/a.html", never where the corpus sits on this machine.
            base = Path(os.path.abspath(path)).parent
            if path.is_dir():
                yield from _folder(path, options, fetcher, base)
            elif path.is_file():
                yield from _file(path, None, options, fetcher, base, named=True)
            else:
                yield Source(uri=raw, error=DocumentError("not_found", f"{raw} does not exist"))


def _url(url: str, options: InputOptions, fetcher: Fetcher) -> Iterator[Source]:
    try:
        page = fetcher.fetch(url)
    except DocumentError as exc:
        yield Source(uri=url, url=url, error=exc)
        return
    origin = Origin(
        via=CaptureVia.URL,
        url=url,
        final_url=page.url,
        http_status=page.status,
        captured_at=page.fetched_at,
        captured_at_kind=CaptureTime.FETCHED,
    )
    if is_feed(page.data, page.content_type):
        yield from iter_feed(page.data, uri=url, options=options, fetcher=fetcher, origin=origin)
        return
    warnings = [f"redirected: {url} -> {page.url}"] if page.url != url else []
    yield Source(
        uri=url,
        data=page.data,
        url=page.url,
        content_type=page.content_type,
        max_bytes=options.max_bytes,
        warnings=warnings,
        origin=origin,
    )


def _shown(path: Path, base: Path) -> str:
    """Return how a local document is named in reports and evidence: relative to ``base``."""
    return os.path.relpath(os.path.abspath(path), base)


def _folder(folder: Path, options: InputOptions, fetcher: Fetcher, base: Path) -> Iterator[Source]:
    rows: dict[Path, ManifestRow] = {}
    for name in MANIFEST_NAMES:
        if (folder / name).is_file():
            good, bad = read_manifest(folder / name, allow_outside=options.allow_outside)
            yield from bad
            rows.update((row.path, row) for row in good)
    for child in _walk(folder, allow_outside=options.allow_outside):
        if isinstance(child, Source):
            yield child
        elif child.name not in MANIFEST_NAMES:
            row = rows.pop(child.resolve(), None)
            yield from _file(child, row, options, fetcher, base, named=False)
    # Rows whose file the walk did not meet (hidden, or outside the folder) are
    # still the user's explicit list: each is read, or reported, never dropped unseen.
    for row in sorted(rows.values(), key=lambda r: r.line):
        yield from _file(row.path, row, options, fetcher, base, named=True)


def _walk(folder: Path, *, allow_outside: bool) -> Iterator[Path | Source]:
    """Yield the visible files under ``folder`` in name order, through symlinked folders.

    Corpora are often assembled from links to other folders; a walk that skipped them
    ingested nothing and said nothing. Each real folder is entered once; a link back
    to a folder being walked (a loop), a second link to a folder already read, and a
    link to nothing are reported as skipped, never passed over in silence. A link that
    leads out of ``folder`` is followed only with ``allow_outside``: a corpus received
    from someone else may carry a link to ``~/.ssh`` as easily as a manifest row can.
    """
    seen: set[Path] = set()
    inside = folder.resolve()

    def visit(path: Path, ancestors: tuple[Path, ...]) -> Iterator[Path | Source]:
        real = path.resolve()
        if real in seen:
            code, why = (
                ("symlink_loop", "links back to a folder that contains it")
                if real in ancestors
                else ("already_listed", "links to a folder already read")
            )
            yield Source(uri=str(path), error=SkippedInput(code, f"{path}: {why}; not read again"))
            return
        seen.add(real)
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            if not allow_outside and child.is_symlink() and not _within(child, inside):
                yield Source(
                    uri=str(child),
                    error=SkippedInput(
                        "outside_input",
                        f"{child}: a link to outside the folder; not read "
                        "(--allow-outside follows it)",
                    ),
                )
                continue
            if child.is_dir():
                yield from visit(child, (*ancestors, real))
            elif child.is_file():
                yield child
            elif child.is_symlink():
                yield _broken_link(child)

    yield from visit(folder, ())


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # a loop: reported where it is met
        return True


def _broken_link(link: Path) -> Source:
    try:
        link.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Source(
                uri=str(link),
                error=SkippedInput("symlink_loop", f"{link}: a link that leads back to itself"),
            )
    return Source(uri=str(link), error=DocumentError("not_found", f"{link} links to nothing"))


def _read_from(path: Path, sources: Iterator[Source]) -> Iterator[Source]:
    """``sources`` (rows or messages) as captured with the file they were read from:
    its modification time, since the rows carry no bytes of their own on disk."""
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        yield from sources
        return
    origin = Origin(via=CaptureVia.FILE, captured_at=mtime, captured_at_kind=CaptureTime.FILE_MTIME)
    for source in sources:
        if source.origin is None and source.path is None:
            source.origin = origin
        yield source


def _file(
    path: Path,
    row: ManifestRow | None,
    options: InputOptions,
    fetcher: Fetcher,
    base: Path,
    *,
    named: bool,
) -> Iterator[Source]:
    """Sources in one local file; ``named`` files were given by the user and are read
    whatever their suffix (a folder's stray files are skipped instead)."""
    name = path.name.lower()
    inner = name[: -len(".gz")] if name.endswith(".gz") else name
    shown = _shown(row.shown if row is not None else path, base)
    if is_warc(path):
        yield from iter_warc(path, options, name=shown)
    elif telegram.is_export(path):
        messages = telegram.iter_export(
            path,
            options,
            url=row.url if row else None,
            outlet=row.outlet if row else None,
            name=shown,
        )
        yield from _read_from(path, messages)
    elif indicators.is_indicators(path):
        yield indicators.source(path, options, name=shown)
    elif declared.is_dump(path, dict(options.columns)):
        yield from _read_from(
            path, declared.iter_dump(path, options, dict(options.columns), name=shown)
        )
    elif mistyped := declared.unmatched_columns(path, dict(options.columns)):
        yield Source(uri=shown, error=DocumentError("bad_dump", mistyped))
    elif named and is_manifest(path):
        good, bad = read_manifest(path, allow_outside=options.allow_outside)
        yield from bad
        for good_row in good:
            yield from _file(good_row.path, good_row, options, fetcher, base, named=True)
    elif inner.endswith(FEED_SUFFIXES) and _sniff_feed(path):
        yield from _feed_file(path, shown, options, fetcher)
    elif named or inner.endswith(DOCUMENT_SUFFIXES):
        if row is not None:
            yield row.source(max_bytes=options.max_bytes, uri=shown)
        else:
            yield Source(uri=shown, path=path, max_bytes=options.max_bytes)
    elif telegram.in_export(path):
        return  # a photo or file of a Telegram export: part of it, not an input
    else:
        yield Source(
            uri=shown,
            error=SkippedInput(
                "unsupported_format",
                f"{path}: not a page, text, archive, feed or manifest "
                f"({path.suffix or 'no suffix'})",
            ),
        )


def _sniff_feed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return is_feed(fh.read(2048))
    except OSError:
        return False


def _feed_file(path: Path, shown: str, options: InputOptions, fetcher: Fetcher) -> Iterator[Source]:
    size = path.stat().st_size
    if size > options.max_bytes:
        yield Source(
            uri=shown,
            error=DocumentError(
                "too_large", f"{shown} is {size} bytes; the limit is {options.max_bytes}"
            ),
        )
        return
    # An entry carried by a saved feed was captured when the feed file was.
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    origin = Origin(via=CaptureVia.FEED, captured_at=mtime, captured_at_kind=CaptureTime.FILE_MTIME)
    yield from iter_feed(
        path.read_bytes(), uri=shown, options=options, fetcher=fetcher, origin=origin
    )
